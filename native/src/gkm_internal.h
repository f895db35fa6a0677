/* Internal declarations shared by the libgkm_native sources (not installed, not exported). */
#ifndef GKM_INTERNAL_H
#define GKM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gkm_native.h"

/* Internal CPU feature bits (beyond the public GKM_CPU_* set), from gkm_cpu_features_internal(). */
#define GKM_CPUX_SSE41      (1u << 16)
#define GKM_CPUX_SSSE3      (1u << 17)
#define GKM_CPUX_AVX512BW   (1u << 18)
#define GKM_CPUX_AVX512VL   (1u << 19)
#define GKM_CPUX_AVX        (1u << 20) /* AVX with OS support for the YMM state */
#define GKM_CPUX_AVX512IFMA (1u << 21) /* with OS support for the ZMM state */
#define GKM_CPUX_BMI2       (1u << 24) /* MULX */
#define GKM_CPUX_ADX        (1u << 25) /* ADCX, ADOX */

/* The public GKM_CPU_* bits plus the GKM_CPUX_* bits (cpu_features.c). */
uint32_t gkm_cpu_features_internal(void);

/* AES-GCM through CRYPTO_gcm128 for any IV length (gcm.c); arguments already checked. Returns 0,
 * 1 on tag mismatch (out zeroed) or a negative GKM_ERR_* code. */
int32_t gkm_gcm128_crypt(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                         const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out);

/* AES-GCM with a 12-byte IV on AES-NI + PCLMULQDQ (gcm_aesni.c, x86-64 only; for CPUs with
 * AES-NI, PCLMULQDQ, SSSE3 and SSE4.1, and AVX too for the _avx build, and VAES, VPCLMULQDQ and
 * AVX-512 F/BW/VL for the _vaes build). Arguments already checked:
 * key_len 16, 24 or 32; len < 2^31 is the plaintext (seal: out gets len + 16 bytes) or the
 * ciphertext without its tag (open: the tag follows at in + len; out gets len bytes). Returns 0, or
 * 1 when the tag does not verify (out zeroed). Cleanses its key schedule, H powers and partial
 * blocks and zeroes the vector registers; the caller zeroes the stack below its own frame. */
int gkm_gcm_aesni(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, const uint8_t *aad, size_t aad_len,
                  const uint8_t *in, size_t len, uint8_t *out);
int gkm_gcm_aesni_avx(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, const uint8_t *aad,
                      size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
int gkm_gcm_aesni_vaes(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, const uint8_t *aad,
                       size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);

/* X25519 (RFC 7748 sec. 5, clamping and u decoding included) of 8 lanes with AVX-512 IFMA
 * (x25519_ifma.c, x86-64 only): out[32*l ..] = X25519(scalars[32*l ..], points[32*l ..]) for
 * l = 0..7, canonical encodings. Only for CPUs with AVX512F +
 * AVX512IFMA + AVX512VL and OS ZMM support. Constant time in the scalars and points; cleanses its own temporaries. */
void gkm_x25519_ifma_x8(uint8_t out[8 * 32], const uint8_t scalars[8 * 32], const uint8_t points[8 * 32]);
/* The same for u = 9 (public keys) by a fixed-base comb over edwards25519 with a precomputed table. */
void gkm_x25519_ifma_base_x8(uint8_t out[8 * 32], const uint8_t scalars[8 * 32]);

/*
 * Variable-time fixed-base multiplication on edwards25519 for PUBLIC points and scalars only
 * (ed25519_table.c, x86-64 s2n-bignum builds only): a table of j * 2^(6i) * P for 1 <= j <= 32,
 * 0 <= i < 43, in the form (y - x, y + x, 2dxy), 132 KiB. "fast" picks s2n-bignum's MULX/ADX
 * functions (BMI2 + ADX CPUs), else the "_alt" builds; both give the same table and results.
 */
#define ED25519_TABLE_BLOCKS    43
#define ED25519_TABLE_MULTIPLES 32
typedef struct {
    uint64_t entry[ED25519_TABLE_BLOCKS][ED25519_TABLE_MULTIPLES][12];
} ed25519_table;

/* Fills t for the affine point p = (x, y) (reduced, little-endian words). 0 when allocation of
 * its temporaries fails (t then undefined), else 1. */
int ed25519_table_build(int fast, ed25519_table *t, const uint64_t p[8]);
/* acc (extended X, Y, Z, T) += [n]P for the table's P; n < 2^253 (else 0 and acc unchanged), 1. */
int ed25519_table_add_mul(int fast, uint64_t acc[16], const uint64_t n[4], const ed25519_table *t);
/* out = the affine (x, y) of the extended point acc, reduced. */
void ed25519_table_affine(int fast, uint64_t out[8], const uint64_t acc[16]);
/* The table of the base point B, made once per process; NULL when it could not be allocated. */
const ed25519_table *ed25519_table_base(void);

/* len bytes from OpenSSL's private DRBG (RAND_priv_bytes), small requests served from a per-thread
 * buffer as gkm_random_bytes serves its own (random.c). 0, GKM_ERR_BOUNDS or GKM_ERR_INTERNAL. */
int32_t gkm_random_priv_internal(uint8_t *out, int32_t len);

/*
 * RSA CRT on AVX-512 IFMA (rsa_ifma.c, x86-64; call only when gkm_rsa_ifma_supported()): two
 * halves of 1536 bits (RSA-3072) or 1024 bits (RSA-2048). Numbers are little-endian 64-bit words
 * (nw = bits / 64: 24 or 16; arrays are sized for 24); digit arrays are 32 lanes of 52 bits.
 */
typedef struct {
    _Alignas(64) uint64_t m[2][32]; /* the two moduli as digits (aligned: the kernel loads them as zmm) */
    uint64_t rr[2][32];             /* R^2 mod m, R = 2^1560 (1536-bit halves) or 2^1040 (1024-bit) */
    uint64_t mw[2][24];             /* the two moduli as words */
    uint64_t k0[2];                 /* -m^-1 mod 2^52 */
    int bits;                       /* 1536 or 1024 */
} gkm_rsa_ifma_mont;

typedef struct {
    gkm_rsa_ifma_mont mt; /* p (half 0) and q (half 1) */
    uint64_t dp[24], dq[24];
    _Alignas(64) uint64_t qinv_r[2][32]; /* half 0: qInv R mod p */
} gkm_rsa_ifma_key;

int gkm_rsa_ifma_supported(void);
/* Two odd moduli m with 2^(bits - 64) < m < 2^bits, bits 1536 or 1024, nw words each (constant time
 * in their values). */
void gkm_rsa_ifma_mont_init(gkm_rsa_ifma_mont *mt, const uint64_t *m0, const uint64_t *m1, int bits);
/* out[h] = b_h^e_h mod m_h in [0, m_h) (nw words of out[h]); b_h below 2^12 m_h (1536 bits) or
 * 2^8 m_h (1024 bits), e_h below 2^bits; all nw words. */
void gkm_rsa_ifma_modexp2(uint64_t out[2][24], const uint64_t *b0, const uint64_t *b1, const uint64_t *e0,
                          const uint64_t *e1, const gkm_rsa_ifma_mont *m);
/* p, q: primes of bits = 1536 or 1024 bits (top bit set); dp, dq, qinv as in RFC 8017; nw words. */
void gkm_rsa_ifma_key_init(gkm_rsa_ifma_key *k, const uint64_t *p, const uint64_t *q, const uint64_t *dp,
                           const uint64_t *dq, const uint64_t *qinv, int bits);
void gkm_rsa_ifma_key_clear(gkm_rsa_ifma_key *k);
/* out = c^d mod n (2 nw words) by CRT, c < n (2 nw words); no fault check (the caller's). */
void gkm_rsa_ifma_crt(uint64_t *out, const uint64_t *c, const gkm_rsa_ifma_key *k);

struct evp_pkey_st; /* OpenSSL EVP_PKEY, EVP_MD */
struct evp_md_st;

/* A public modulus n of 2048 or 3072 bits for the single exponentiation (rsa_ifma.c). */
typedef struct {
    uint64_t m[64];  /* n as digits (40 or 60; the other lanes zero) */
    uint64_t rr[64]; /* R^2 mod n, R = 2^(52 nd) */
    uint64_t mw[48]; /* n as words */
    uint64_t k0;     /* -n^-1 mod 2^52 */
    int nw, nd, nr;  /* words (32, 48), digits (40, 60), zmm registers (5, 8) */
} gkm_rsa_ifma_pub;
/* n: nw words (32 or 48), odd, top bit set; 0, or -1 for any other n. */
int gkm_rsa_ifma_pub_init(gkm_rsa_ifma_pub *p, const uint64_t *n, int nw);
/* out = b^e mod n (nw words) for b < n and a public e > 0 (branches on e's bits); 0, or -1 (out
 * untouched) for b >= n or e = 0. */
int gkm_rsa_ifma_pub_exp(uint64_t *out, const uint64_t *b, uint64_t e, const gkm_rsa_ifma_pub *p);

/* RSA-OAEP encryption with the IFMA single exponentiation for 2048- and 3072-bit keys with
 * e = 65537 (rsa_pub.c). */
typedef struct gkm_rsa_pub gkm_rsa_pub;
/* The public half of pk prepared for the kernel, or NULL when pk does not qualify, the CPU has no
 * IFMA, or on failure. */
gkm_rsa_pub *gkm_rsa_pub_new(const struct evp_pkey_st *pk);
void gkm_rsa_pub_free(gkm_rsa_pub *p);
/* p's kernel values (n, k0, R^2 mod n), or NULL for NULL; they live as long as p. */
const gkm_rsa_ifma_pub *gkm_rsa_pub_kernel(const gkm_rsa_pub *p);
/* in_len <= k - 66 (checked by the caller), out: k bytes. k, or GKM_ERR_INTERNAL. */
int32_t gkm_rsa_pub_oaep_encrypt(const gkm_rsa_pub *p, const struct evp_md_st *md, const uint8_t *label,
                                 int32_t label_len, const uint8_t *in, int32_t in_len, uint8_t *out);

/* RSA-OAEP decryption of qualifying keys (2048- or 3072-bit, two primes of half the size) with the IFMA
 * CRT (rsa_crt.c). */
typedef struct gkm_rsa_fast gkm_rsa_fast;
/* The fast key for pk, or NULL when pk does not qualify, the CPU has no IFMA, or on failure. pub:
 * pk's gkm_rsa_pub (or NULL), whose kernel runs the fault check; it must outlive the fast key. */
gkm_rsa_fast *gkm_rsa_fast_new(const struct evp_pkey_st *pk, const gkm_rsa_pub *pub);
void gkm_rsa_fast_free(gkm_rsa_fast *f);
/* in: the key's size in bytes (256 or 384); out_cap >= that. The plaintext length or GKM_ERR_INTEGRITY (out not
 * cleansed). */
int32_t gkm_rsa_fast_oaep_decrypt(gkm_rsa_fast *f, const struct evp_md_st *md, const uint8_t *label, int32_t label_len,
                                  const uint8_t *in, uint8_t *out, int32_t out_cap);
#ifdef GKM_RSA_TEST_HOOKS
/* Test builds only (test_rsa_ifma): the next gkm_rsa_test_faults CRT results are corrupted before
 * the fault check. */
extern volatile int gkm_rsa_test_faults;
#endif

#endif
