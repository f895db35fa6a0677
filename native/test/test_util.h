/*
 * Helpers the native tests share (test_util.c, test_kw_ref.c; linked as the gkm_test_util static
 * library): hex decoding, allocation and file reading that exit on failure, the seeded xorshift64* generator, and
 * for the key wrap tests the kernel paths under test and the OpenSSL EVP reference.
 */
#ifndef GKM_TEST_UTIL_H
#define GKM_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the hex string h (an even number of hex digits) into out; returns the byte count. */
size_t test_unhex(const char *h, uint8_t *out);

/* malloc that exits the test (status 2) when out of memory; n 0 allocates one byte. */
void *test_xmalloc(size_t n);

/* The whole file at path, NUL-terminated (its length in *len when len is not NULL); exits the test
 * (status 2) when it cannot be opened or read. The caller frees it. */
char *test_read_file(const char *path, size_t *len);

/* Next 32 bits of the xorshift64* generator with state *s (seeded by the test, never 0). */
uint32_t test_rnd(uint64_t *s);

/* n bytes from the generator, one test_rnd() per byte. */
void test_rnd_bytes(uint64_t *s, uint8_t *p, size_t n);

/* "auto", "scalar", "aesni" or "vaes" for a GKM_KW_PATH_*, else "?". */
const char *test_kw_path_name(int32_t path);

/* Fills paths with every forced key wrap path this CPU supports, then GKM_KW_PATH_AUTO; returns
 * how many (at most 4). */
int test_kw_paths(int32_t paths[4]);

/*
 * OpenSSL EVP AES key wrap of one job (mode GKM_KW_MODE_KW or _KWP, enc 1 wrap / 0 unwrap, with
 * EVP_CIPHER_CTX_FLAG_WRAP_ALLOW); returns the output length, or -1 when EVP refuses (an unwrap's
 * integrity failure among others). The ciphers and the context are fetched once and kept: call it
 * from one thread only, and test_ref_kw_free() before exiting.
 */
int test_ref_kw(int mode, int enc, const uint8_t *kek, int kek_len, const uint8_t *in, int in_len, uint8_t *out);
void test_ref_kw_free(void);

#endif
