/*
 * gkm_native.h - public C ABI of libgkm_native.
 *
 * All integers are fixed width; all entry points are plain C (no C++ name mangling) and are the
 * only symbols exported from the shared library (built with -fvisibility=hidden).
 *
 * Caller memory is read once: every entry point reads each caller-owned input value (a length or
 * offset in an array, a key, message, ciphertext, tag or info byte) exactly once and uses only
 * what it read, and never reads back what it wrote to an output. A managed caller may pass heap
 * arrays that another of its threads can change during the call; that thread can then make a job
 * use the values of one instant or be refused, but not make the library access memory outside the
 * validated regions, authenticate one ciphertext and decrypt another, or mix two inputs in one
 * result.
 */
#ifndef GKM_NATIVE_H
#define GKM_NATIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#  define GKM_EXPORT __declspec(dllexport)
#else
#  define GKM_EXPORT __attribute__((visibility("default")))
#endif

#define GKM_NATIVE_VERSION "0.1.0"

/* Key wrap modes. */
#define GKM_KW_MODE_KW  0 /* AES-KW,  RFC 3394 */
#define GKM_KW_MODE_KWP 1 /* AES-KWP, RFC 5649 */

/* Limits. */
#define GKM_KW_MAX_IN_LEN (1 << 20) /* max input bytes per job */
#define GKM_KW_MAX_COUNT  (1 << 24) /* max jobs per call */

/* Error codes returned (negative) by the batch functions. Outputs are untouched when returned. */
#define GKM_ERR_COUNT    (-1) /* count < 0 or > GKM_KW_MAX_COUNT */
#define GKM_ERR_KEK_LEN  (-2) /* a KEK length is not 16, 24 or 32 */
#define GKM_ERR_IN_LEN   (-3) /* an input length is invalid for the mode / direction */
#define GKM_ERR_BOUNDS   (-4) /* an offset/length lies outside its buffer (or a required pointer is NULL) */
#define GKM_ERR_MODE     (-5) /* mode is not GKM_KW_MODE_KW or GKM_KW_MODE_KWP */
#define GKM_ERR_INTERNAL (-6) /* allocation or libcrypto failure: before any job ran (nothing touched) or,
                                 not expected, during the call (batch: every output region zeroed,
                                 every out_len 0, every status 1) */

/* CPU feature bits returned by gkm_cpu_features(). AVX-class bits are only set when the OS has
 * enabled the corresponding register state (OSXSAVE + XCR0). */
#define GKM_CPU_AESNI      (1u << 0)
#define GKM_CPU_PCLMULQDQ  (1u << 1)
#define GKM_CPU_AVX2       (1u << 2)
#define GKM_CPU_AVX512F    (1u << 3)
#define GKM_CPU_VAES       (1u << 4)
#define GKM_CPU_VPCLMULQDQ (1u << 5)
#define GKM_CPU_SHANI      (1u << 6)

/* Returns GKM_NATIVE_VERSION (static storage). */
GKM_EXPORT const char *gkm_native_version(void);

/* Returns the GKM_CPU_* bitmask of the running CPU (0 on non-x86-64). */
GKM_EXPORT uint32_t gkm_cpu_features(void);

/*
 * Batch AES key wrap / unwrap, struct-of-arrays layout. For job i (0 <= i < count):
 *   KEK    = keks[kek_off[i] .. kek_off[i] + kek_len[i])      kek_len 16, 24 or 32
 *   input  = in  [in_off[i]  .. in_off[i]  + in_len[i])
 *   output = out [out_off[i] .. ), its length is stored in out_len[i], status[i] = 0 ok / 1 failed.
 *
 * Wrap:   KW  needs in_len % 8 == 0 and in_len >= 16; output in_len + 8 bytes.
 *         KWP needs 1 <= in_len;                       output roundup8(in_len) + 8 bytes.
 * Unwrap: KW  needs in_len % 8 == 0 and in_len >= 24; output region in_len - 8 bytes.
 *         KWP needs in_len % 8 == 0 and in_len >= 16; output region in_len - 8 bytes,
 *         out_len = the unpadded length.
 *         A job whose integrity check fails gets status 1, out_len 0 and its whole output region
 *         (in_len - 8 bytes) zeroed; all integrity failures look the same.
 * in_len <= GKM_KW_MAX_IN_LEN, 0 <= count <= GKM_KW_MAX_COUNT.
 *
 * Every job's lengths and every offset+length (against kek_buf_len, in_buf_len, out_buf_len) are
 * validated BEFORE any work; on a violation a negative GKM_ERR_* is returned and no output
 * (out, out_len, status) is touched (a length error is reported before any bounds error).
 * Otherwise the number of failed jobs is returned (always 0 for wrap).
 *
 * Each per-job value (kek_off, kek_len, in_off, in_len, out_off) is read exactly once, during
 * validation, into private memory, and only that copy is used afterwards; each job's KEK bytes are
 * read once too. So a caller thread that changes the arrays during the call (a bug, but one a
 * managed caller passing its heap arrays in place cannot rule out) gets each job done with the
 * values it held at one instant, or the call refused as above, never an access outside the
 * validated regions.
 *
 * Jobs run on the kernel path GKM_KW_PATH_AUTO picks (see below), grouped by (KEK size, number of
 * 64-bit blocks) so that up to 8 (AES-NI) or 32 (VAES) jobs run in lock-step, each under its own
 * KEK; consecutive jobs under the same KEK bytes share one key schedule. The call allocates only
 * for a batch of more than 512 jobs (the job snapshot, 20 bytes per job; GKM_ERR_INTERNAL, nothing
 * touched, if that fails). A job may write its whole output region: for a KWP unwrap the bytes
 * after out_len[i] are the (zero) padding. Output regions must not overlap any job's KEK or input
 * bytes.
 */
GKM_EXPORT int32_t gkm_kw_wrap_batch(int32_t mode, int32_t count,
                                     const uint8_t *keks, int64_t kek_buf_len,
                                     const int32_t *kek_off, const int32_t *kek_len,
                                     const uint8_t *in, int64_t in_buf_len,
                                     const int32_t *in_off, const int32_t *in_len,
                                     uint8_t *out, int64_t out_buf_len,
                                     const int32_t *out_off, int32_t *out_len, uint8_t *status);

GKM_EXPORT int32_t gkm_kw_unwrap_batch(int32_t mode, int32_t count,
                                       const uint8_t *keks, int64_t kek_buf_len,
                                       const int32_t *kek_off, const int32_t *kek_len,
                                       const uint8_t *in, int64_t in_buf_len,
                                       const int32_t *in_off, const int32_t *in_len,
                                       uint8_t *out, int64_t out_buf_len,
                                       const int32_t *out_off, int32_t *out_len, uint8_t *status);

/* Kernel paths of the batch and single key wrap. All give the same bytes (tested against EVP). */
#define GKM_KW_PATH_AUTO   0 /* GKM_KW_PATH env var (scalar|aesni|vaes) if set to a path this CPU
                                supports (read once per process; other values are ignored), else the
                                best the CPU has: vaes > aesni > scalar */
#define GKM_KW_PATH_SCALAR 1 /* OpenSSL EVP AES-ECB per block, one job after the other: any CPU;
                                constant time where OpenSSL's AES is (AES-NI, VPAES, ARMv8 AES) */
#define GKM_KW_PATH_AESNI  2 /* AES-NI (+SSSE3, SSE4.1), 8 jobs interleaved, key expansion interleaved
                                too; VEX-encoded when the CPU has AVX (GKM_KW_AESNI_SSE set: legacy SSE) */
#define GKM_KW_PATH_VAES   3 /* VAES + AVX-512F/BW/VL, 4 jobs per zmm, 8 zmm = 32 jobs interleaved */

#define GKM_ERR_PATH      (-7) /* unknown path, or the CPU lacks what the forced path needs */
#define GKM_ERR_INTEGRITY (-8) /* single unwrap only: the integrity check failed (output zeroed) */

/* The path GKM_KW_PATH_AUTO resolves to in this process (env var read once, at first use). */
GKM_EXPORT int32_t gkm_kw_path(void);

/* 1 when this CPU can run the given path, else 0. */
GKM_EXPORT int32_t gkm_kw_path_supported(int32_t path);

/* gkm_kw_wrap_batch / gkm_kw_unwrap_batch on a given path (GKM_KW_PATH_*): same contract, same
 * results bit for bit; GKM_ERR_PATH (nothing touched) when the path is unknown or unsupported. */
GKM_EXPORT int32_t gkm_kw_wrap_batch_path(int32_t path, int32_t mode, int32_t count,
                                          const uint8_t *keks, int64_t kek_buf_len,
                                          const int32_t *kek_off, const int32_t *kek_len,
                                          const uint8_t *in, int64_t in_buf_len,
                                          const int32_t *in_off, const int32_t *in_len,
                                          uint8_t *out, int64_t out_buf_len,
                                          const int32_t *out_off, int32_t *out_len, uint8_t *status);
GKM_EXPORT int32_t gkm_kw_unwrap_batch_path(int32_t path, int32_t mode, int32_t count,
                                            const uint8_t *keks, int64_t kek_buf_len,
                                            const int32_t *kek_off, const int32_t *kek_len,
                                            const uint8_t *in, int64_t in_buf_len,
                                            const int32_t *in_off, const int32_t *in_len,
                                            uint8_t *out, int64_t out_buf_len,
                                            const int32_t *out_off, int32_t *out_len, uint8_t *status);

/*
 * One wrap / unwrap (the single-key API; single-lane AES-NI when AUTO resolves to aesni or vaes,
 * else scalar; no allocation). Lengths as for the batch calls; out_cap is the room at out and must
 * be >= the output length (wrap: as above; unwrap: in_len - 8). out may equal in (in place); other
 * overlaps are not allowed.
 * Wrap returns the number of bytes written. Unwrap returns the unwrapped length, or
 * GKM_ERR_INTEGRITY with out[0 .. in_len - 8) zeroed. GKM_ERR_INTERNAL: libcrypto failed (scalar
 * path only; nothing written, or the output region zeroed). Other negative GKM_ERR_* codes: bad
 * arguments, nothing written.
 */
GKM_EXPORT int32_t gkm_kw_wrap(int32_t mode, const uint8_t *kek, int32_t kek_len,
                               const uint8_t *in, int32_t in_len, uint8_t *out, int32_t out_cap);
GKM_EXPORT int32_t gkm_kw_unwrap(int32_t mode, const uint8_t *kek, int32_t kek_len,
                                 const uint8_t *in, int32_t in_len, uint8_t *out, int32_t out_cap);

/*
 * AES-GCM (16-byte tag) with an IV of any length >= 1 (EVP up to 128 bytes, CRYPTO_gcm128 beyond
 * OpenSSL 3.0's EVP limit). key_len 16, 24 or 32. Seal writes pt_len + 16 bytes (ciphertext || tag) to out.
 * Open takes ct_len >= 16 bytes (ciphertext || tag) and writes ct_len - 16 bytes to out.
 * Returns 0 on success, 1 when the tag does not verify (out zeroed), or a negative GKM_ERR_* code
 * for bad arguments (nothing written).
 */
GKM_EXPORT int32_t gkm_gcm_seal(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                       const uint8_t *aad, int32_t aad_len, const uint8_t *pt, int32_t pt_len,
                                       uint8_t *out);
GKM_EXPORT int32_t gkm_gcm_open(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                       const uint8_t *aad, int32_t aad_len, const uint8_t *ct, int32_t ct_len,
                                       uint8_t *out);

/*
 * HMAC-SHA256 of msg under key (any length, including 0) into out[32]. HKDF-SHA256-Expand
 * (RFC 5869) of prk (>= 32 bytes) and info into out[out_len], 1 <= out_len <= 8160.
 * Return 0, or a negative GKM_ERR_* code (out zeroed on internal failure).
 */
GKM_EXPORT int32_t gkm_hmac_sha256(const uint8_t *key, int32_t key_len, const uint8_t *msg, int32_t msg_len,
                                   uint8_t *out);
GKM_EXPORT int32_t gkm_hkdf_sha256_expand(const uint8_t *prk, int32_t prk_len, const uint8_t *info,
                                          int32_t info_len, uint8_t *out, int32_t out_len);

/*
 * Batch X25519 public keys (RFC 7748 sec. 6.1): for 0 <= i < count,
 *   pub[32*i .. 32*i + 32) = X25519(priv[32*i .. 32*i + 32), 9)
 * where each private key is any 32 bytes (clamped as RFC 7748 decodeScalar25519 does).
 * 0 <= count <= GKM_X25519_MAX_COUNT (count 0 does nothing); priv_buf_len and pub_buf_len are the
 * bytes available at priv and pub and must both be >= 32 * count. pub may equal priv (in place);
 * any other overlap is refused.
 * Returns 0, GKM_ERR_COUNT or GKM_ERR_BOUNDS (nothing touched), or GKM_ERR_INTERNAL when libcrypto
 * fails (all of pub[0 .. 32*count) zeroed, the thread's OpenSSL error queue cleared). Temporaries
 * holding private keys are cleansed. Thread-safe; no shared state.
 */
#define GKM_X25519_MAX_COUNT (1 << 16) /* max keys per call (a 2^16 batch is ~2 s of work) */

GKM_EXPORT int32_t gkm_x25519_public_batch(int32_t count, const uint8_t *priv, int64_t priv_buf_len, uint8_t *pub,
                                           int64_t pub_buf_len);

#ifdef __cplusplus
}
#endif

#endif /* GKM_NATIVE_H */
