/*
 * Internal interface between the batch driver (kw_batch.c) and the AES key-wrap kernels
 * (kw_scalar.c, kw_aesni.c, kw_vaes.c).
 *
 * The driver groups the jobs of a batch by (KEK size, n), where n is the number of 64-bit
 * semiblocks RFC 3394 / RFC 5649 iterate over, and hands a kernel chunks of up to max_lanes jobs
 * of one group. A kernel only ever sees the chunk's KEKs and a work buffer; all job I/O (reading
 * inputs, IV/AIV, integrity checks, writing outputs) is done by the driver, so every kernel does
 * exactly the same thing and the driver's bounds checks cover all of them.
 *
 * Work buffer layout ("rows"): row r (0 <= r <= n) is KW_ROW_STRIDE bytes, lane l owns the 16
 * bytes at r * KW_ROW_STRIDE + 16 * l. Row 0's first 8 bytes hold the integrity register A
 * (RFC 3394 sec. 2.2.1), row i's last 8 bytes hold R[i]. The first 8 bytes of rows 1..n are
 * scratch (kernels store whole blocks there). For the one-block case (KWP, n == 1, RFC 5649
 * sec. 4.1: a single AES-ECB block), row 0 holds the whole 16-byte block and there is no row 1.
 *
 * Lanes of a chunk run in lock-step: the same (mode, KEK size, n) for every lane, only the data
 * and the keys differ. Unused lanes up to the kernel's quantum are filled with copies of lane 0.
 */
#ifndef GKM_KW_LANES_H
#define GKM_KW_LANES_H

#include <stddef.h>
#include <stdint.h>

/* Largest n run in lanes; longer jobs (keys over 256 bytes) run one at a time, in place. */
#define KW_LANE_MAX_N 32
/* Most lanes any kernel runs at once (VAES: 8 zmm x 4 lanes). */
#define KW_MAX_LANES  32
#define KW_ROW_STRIDE (16 * KW_MAX_LANES)
#define KW_WORK_BYTES ((size_t)(KW_LANE_MAX_N + 1) * KW_ROW_STRIDE)
/* Schedule buffer: enough for 32 lanes x 15 round keys x 16 bytes (and the scalar kernel's KEK copies). */
#define KW_SCHED_BYTES (KW_MAX_LANES * 15 * 16)

/*
 * Per-call resources of a kernel: what it acquires before a call touches any job, so that nothing
 * can fail for want of memory once outputs are being written (the scalar kernel's EVP contexts,
 * one per KEK size). Kernels that need none have no open/close and never look at it.
 */
typedef struct kw_res {
    void *ctx[3]; /* per KEK size 16, 24, 32 */
} kw_res;

/* Bit of kek_len (16, 24 or 32) in the KEK-size mask open takes. */
#define KW_KEK_BIT(kek_len) (1u << (((kek_len)-16) / 8))

/* A kernel: lane-parallel AES-KW over the work buffer described above. */
typedef struct kw_kernel {
    const char *name;
    int max_lanes;            /* lanes per chunk */
    int quantum;              /* a power of two; the driver pads the lane count up to a multiple of it */
    int sched_bytes_per_lane; /* schedule bytes expand writes per lane (what the driver cleanses) */
    /*
     * Acquires res for one call in direction dec (0 encrypt, 1 decrypt) and the KEK sizes in
     * kek_sizes (KW_KEK_BIT); returns 1, or 0 with nothing acquired. NULL: the kernel needs
     * nothing (then close is NULL too). close releases, cleansing any key material.
     */
    int (*open)(kw_res *res, int dec, unsigned kek_sizes);
    void (*close)(kw_res *res);
    /*
     * Expands the key schedules of lanes [0, lanes): encryption schedules, or for dec the
     * decryption schedules (equivalent inverse cipher). keks[l] points at kek_len bytes. With
     * one_key set, every lane uses keks[0], and the kernel writes only the schedule of the first
     * quantum of lanes (what run with one_key reads): at most quantum * sched_bytes_per_lane bytes.
     */
    void (*expand)(void *sched, const uint8_t *const *keks, int lanes, int kek_len, int dec, int one_key);
    /*
     * Runs the RFC 3394 wrap (dec == 0: j = 0..5, i = 1..n, B = AES(K, A | R[i]), A = MSB(B) ^ t,
     * R[i] = LSB(B)) or unwrap (dec == 1: the inverse, j = 5..0, i = n..1) in every lane, or one
     * AES-ECB block per lane when n == 1 (KWP). rounds is 10, 12 or 14. With one_key set, every
     * lane runs under the first quantum's schedule (as written by expand with one_key), which a
     * kernel may keep in registers for the whole run. Returns 1, or 0 if the underlying library
     * failed (the work buffer is then undefined; only the scalar kernel can, in principle).
     */
    int (*run)(const kw_res *res, const void *sched, uint8_t *work, int lanes, int n, int rounds, int dec, int one_key);
} kw_kernel;

/*
 * One job run on its own, in place in its output (jobs with n > KW_LANE_MAX_N, and the single-job
 * API), with the resources of its path's kernel (opened for this direction and KEK size).
 * Arguments were validated; out has room for the wrap output / the unwrap region (in_len - 8
 * bytes) and may alias in exactly (out == in). dec == 0: writes the wrapped bytes and returns 1.
 * dec == 1: returns 1 and sets *out_len, or returns 0 with the region zeroed. Returns -1 if the
 * underlying library failed (the output region then zeroed; only the scalar routine can).
 */
typedef int (*kw_single_fn)(const kw_res *res, int dec, int32_t mode, const uint8_t *kek, int32_t kek_len,
                            const uint8_t *in, int32_t in_len, uint8_t *out, int32_t *out_len);

extern const kw_kernel gkm_kw_kernel_scalar;
int gkm_kw_single_scalar(const kw_res *res, int dec, int32_t mode, const uint8_t *kek, int32_t kek_len,
                         const uint8_t *in, int32_t in_len, uint8_t *out, int32_t *out_len);

#if defined(__x86_64__)
#define GKM_KW_HAVE_X86 1
extern const kw_kernel gkm_kw_kernel_aesni;     /* legacy SSE encoding */
extern const kw_kernel gkm_kw_kernel_aesni_avx; /* same kernel, VEX encoding (CPUs with AVX) */
extern const kw_kernel gkm_kw_kernel_vaes;
int gkm_kw_single_aesni(const kw_res *res, int dec, int32_t mode, const uint8_t *kek, int32_t kek_len,
                        const uint8_t *in, int32_t in_len, uint8_t *out, int32_t *out_len);
int gkm_kw_single_aesni_avx(const kw_res *res, int dec, int32_t mode, const uint8_t *kek, int32_t kek_len,
                            const uint8_t *in, int32_t in_len, uint8_t *out, int32_t *out_len);
#endif

/* ---- shared helpers (RFC 3394 / 5649 framing, constant-time checks) ---- */

/* Zeroes secrets: memset (vectorised, unlike OPENSSL_cleanse's 8-byte store loop, which
 * dominated small batches: docs/performance-notes.md#cleansing) plus a compiler barrier so it is
 * not elided. */
static inline void kw_cleanse(void *p, size_t n) {
    __builtin_memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* t = n * j + i as the 8 big-endian bytes XORed into A (RFC 3394 sec. 2.2.1), as a 64-bit value
 * whose little-endian memory image is those bytes. */
static inline uint64_t kw_t_le(uint64_t t) {
    return __builtin_bswap64(t);
}

static inline uint64_t kw_load64(const uint8_t *p) {
    uint64_t v;
    __builtin_memcpy(&v, p, 8);
    return v;
}

static inline void kw_store64(uint8_t *p, uint64_t v) {
    __builtin_memcpy(p, &v, 8);
}

/* 1 if x == 0 else 0, without a data-dependent branch. */
static inline uint64_t kw_ct_is_zero(uint64_t x) {
    return 1u ^ ((x | (0 - x)) >> 63);
}

/* Constant-time equality of two KEKs (16, 24 or 32 bytes). */
static inline int kw_kek_equal(const uint8_t *a, const uint8_t *b, int32_t len) {
    if (a == b) return 1;
    uint64_t d = 0;
    for (int32_t k = 0; k < len; k += 8) d |= kw_load64(a + k) ^ kw_load64(b + k);
    return (int)kw_ct_is_zero(d);
}

/* The default IV of RFC 3394 sec. 2.2.3.1, as it sits in memory. */
#define KW_IV_BYTES "\xA6\xA6\xA6\xA6\xA6\xA6\xA6\xA6"

/* RFC 5649 sec. 3: AIV = A65959A6 || 32-bit big-endian MLI. */
static inline uint64_t kw_aiv(int32_t mli) {
    uint8_t b[8] = {0xA6,        0x59, 0x59, 0xA6, (uint8_t)(mli >> 24), (uint8_t)(mli >> 16), (uint8_t)(mli >> 8),
                    (uint8_t)mli};
    return kw_load64(b);
}

/*
 * Integrity check of an unwrap, in constant time (RFC 3394 sec. 2.2.3, RFC 5649 sec. 3): a is the
 * recovered A (memory image), last the last recovered semiblock R[n], n the semiblock count.
 * Returns the plaintext length (> 0) or 0 when any check fails; which check failed is not
 * distinguishable by timing.
 */
static inline int32_t kw_check(int32_t mode, uint64_t a, uint64_t last, int32_t n) {
    if (mode == 0) { /* GKM_KW_MODE_KW */
        return (int32_t)(kw_ct_is_zero(a ^ kw_load64((const uint8_t *)KW_IV_BYTES)) * (uint64_t)(8 * n));
    }
    const uint64_t abe = __builtin_bswap64(a); /* A as a big-endian number */
    const uint64_t mli = abe & 0xffffffffu;
    uint64_t ok = kw_ct_is_zero((abe >> 32) ^ 0xA65959A6u);
    /* 8(n-1) < MLI <= 8n  <=>  0 <= 8n - MLI < 8 (pad = 8n - MLI bytes). */
    const uint64_t pad = (uint64_t)(8 * (int64_t)n) - mli; /* wraps to a huge value when MLI > 8n */
    ok &= kw_ct_is_zero(pad >> 3);
    /* The last pad bytes of R[n] must be zero: as a big-endian number, its low 8*pad bits. */
    const uint64_t lastbe = __builtin_bswap64(last);
    const uint64_t mask = ((uint64_t)1 << (8 * (pad & 7))) - 1;
    ok &= kw_ct_is_zero(lastbe & mask);
    return (int32_t)((0 - ok) & mli);
}

#endif /* GKM_KW_LANES_H */
