/*
 * Batch and single AES key wrap entry points (RFC 3394 KW, RFC 5649 KWP): argument validation,
 * kernel path selection, grouping of a ragged batch into lock-step lanes, and all job I/O (inputs,
 * IV/AIV framing, constant-time integrity checks, outputs). The kernels (kw_scalar.c, kw_aesni.c,
 * kw_vaes.c) only run AES over the work buffer described in kw_lanes.h, so every path frames and
 * checks jobs with the same code and only batches that passed validation reach them.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gkm_internal.h"
#include "kw_lanes.h"

/* ------------------------------------------------------------------ paths */

static int path_known(int32_t path) {
    return path == GKM_KW_PATH_AUTO || path == GKM_KW_PATH_SCALAR || path == GKM_KW_PATH_AESNI ||
           path == GKM_KW_PATH_VAES;
}

/* What this CPU supports, from CPUID (which can trap to the hypervisor, so it runs once). */
static int cpu_supports(int32_t path) {
    if (path == GKM_KW_PATH_AUTO || path == GKM_KW_PATH_SCALAR) return 1;
#if GKM_KW_HAVE_X86
    const uint32_t f = gkm_cpu_features_internal();
    const uint32_t aesni = GKM_CPU_AESNI | GKM_CPUX_SSE41 | GKM_CPUX_SSSE3;
    if (path == GKM_KW_PATH_AESNI) return (f & aesni) == aesni;
    const uint32_t vaes = aesni | GKM_CPUX_AVX | GKM_CPU_VAES | GKM_CPU_AVX512F | GKM_CPUX_AVX512BW | GKM_CPUX_AVX512VL;
    if (path == GKM_KW_PATH_VAES) return (f & vaes) == vaes;
#endif
    return 0;
}

static pthread_once_t g_path_once = PTHREAD_ONCE_INIT;
static int g_supported[4];
static int g_avx; /* AES-NI kernel in VEX encoding */
static int32_t g_auto_path = GKM_KW_PATH_SCALAR;

/* AUTO: GKM_KW_PATH (scalar|aesni|vaes) when set to a path this CPU supports, else the best one.
 * Read once per process, so a running process cannot be switched (tests use the _path calls). */
static void init_paths(void) {
    for (int32_t p = 0; p < 4; p++) g_supported[p] = cpu_supports(p);
    /* GKM_KW_AESNI_SSE (any value) keeps the legacy-SSE build of the AES-NI kernel even on AVX
     * CPUs, so tests can reach it. */
    g_avx = (gkm_cpu_features_internal() & GKM_CPUX_AVX) != 0 && getenv("GKM_KW_AESNI_SSE") == NULL;
    int32_t best = GKM_KW_PATH_SCALAR;
    if (g_supported[GKM_KW_PATH_AESNI]) best = GKM_KW_PATH_AESNI;
    if (g_supported[GKM_KW_PATH_VAES]) best = GKM_KW_PATH_VAES;
    const char *env = getenv("GKM_KW_PATH");
    int32_t want = 0;
    if (env != NULL) {
        if (strcasecmp(env, "scalar") == 0) want = GKM_KW_PATH_SCALAR;
        else if (strcasecmp(env, "aesni") == 0) want = GKM_KW_PATH_AESNI;
        else if (strcasecmp(env, "vaes") == 0) want = GKM_KW_PATH_VAES;
    }
    g_auto_path = want != 0 && g_supported[want] ? want : best;
}

GKM_EXPORT int32_t gkm_kw_path(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_kw_path_supported(int32_t path) {
    if (!path_known(path)) return 0;
    pthread_once(&g_path_once, init_paths);
    return g_supported[path];
}

/* Kernel and single-job function of a path. */
typedef struct kw_path_impl {
    const kw_kernel *kernel;
    kw_single_fn single;
} kw_path_impl;

/* Fills impl for path (AUTO resolved); 0 when the path is unknown or this CPU cannot run it. */
static int resolve(int32_t path, kw_path_impl *impl) {
    if (!gkm_kw_path_supported(path)) return 0;
    if (path == GKM_KW_PATH_AUTO) path = gkm_kw_path();
    switch (path) {
#if GKM_KW_HAVE_X86
    case GKM_KW_PATH_VAES:
        impl->kernel = &gkm_kw_kernel_vaes;
        impl->single = gkm_kw_single_aesni_avx; /* one job has no lanes to fill a zmm with */
        return 1;
    case GKM_KW_PATH_AESNI:
        impl->kernel = g_avx ? &gkm_kw_kernel_aesni_avx : &gkm_kw_kernel_aesni;
        impl->single = g_avx ? gkm_kw_single_aesni_avx : gkm_kw_single_aesni;
        return 1;
#endif
    default:
        impl->kernel = &gkm_kw_kernel_scalar;
        impl->single = gkm_kw_single_scalar;
        return 1;
    }
}

/* ------------------------------------------------------------------ validation */

/* Output length of a wrap, or the output region size of an unwrap; -1 if in_len is invalid. */
static int64_t out_region_len(int32_t mode, int unwrap, int32_t in_len) {
    if (in_len < 0 || in_len > GKM_KW_MAX_IN_LEN) return -1;
    if (!unwrap) {
        if (mode == GKM_KW_MODE_KW) {
            if (in_len < 16 || (in_len & 7) != 0) return -1;
            return (int64_t)in_len + 8;
        }
        if (in_len < 1) return -1;
        return (((int64_t)in_len + 7) & ~(int64_t)7) + 8;
    }
    if ((in_len & 7) != 0) return -1;
    if (mode == GKM_KW_MODE_KW ? in_len < 24 : in_len < 16) return -1;
    return (int64_t)in_len - 8;
}

/* Validates the call's arguments (not the jobs: scan_jobs below); returns 0 or a negative
 * GKM_ERR_*. Touches no output. */
static int32_t validate(int32_t mode, int32_t count, int unwrap, const uint8_t *keks, int64_t kek_buf_len,
                        const int32_t *kek_off, const int32_t *kek_len, const uint8_t *in, int64_t in_buf_len,
                        const int32_t *in_off, const int32_t *in_len, const uint8_t *out, int64_t out_buf_len,
                        const int32_t *out_off, const int32_t *out_len, const uint8_t *status) {
    (void)unwrap; /* the per-job checks (scan_jobs) depend on it, these do not */
    if (mode != GKM_KW_MODE_KW && mode != GKM_KW_MODE_KWP) return GKM_ERR_MODE;
    if (count < 0 || count > GKM_KW_MAX_COUNT) return GKM_ERR_COUNT;
    if (count == 0) return 0;
    if (kek_off == NULL || kek_len == NULL || in_off == NULL || in_len == NULL || out_off == NULL || out_len == NULL ||
        status == NULL) {
        return GKM_ERR_BOUNDS;
    }
    if (keks == NULL || in == NULL || out == NULL) return GKM_ERR_BOUNDS; /* every job has data */
    if (kek_buf_len < 0 || in_buf_len < 0 || out_buf_len < 0) return GKM_ERR_BOUNDS;
    return 0;
}

/* ------------------------------------------------------------------ driver */

/*
 * One job's layout as read from the caller's arrays. Every per-job value (KEK offset and length,
 * input offset and length, output offset) is read from caller memory exactly once, during
 * validation (scan_jobs), into this private copy; grouping, framing and output use only the copy.
 * The caller's arrays may be Java heap arrays passed in place, so another thread can change them
 * during the call: it then cannot make a job run with values other than the validated ones.
 */
typedef struct kw_job {
    int32_t kek_off, in_off, out_off;
    uint32_t in_len : 24; /* <= GKM_KW_MAX_IN_LEN < 2^24 once validated */
    uint32_t kek_len : 8; /* 16, 24 or 32 once validated */
} kw_job;

_Static_assert(GKM_KW_MAX_IN_LEN < (1 << 24), "in_len fits its bit-field");
_Static_assert(sizeof(kw_job) == 16, "kw_job is 16 bytes");

/* Jobs whose snapshot (and, for a ragged batch, index) lives on the stack; larger batches take
 * one allocation per call (before anything is touched, so its failure refuses the call cleanly).
 * Not stack-sized chunks instead: a refused call touches no output, so every job's values must be
 * read (once) and checked before the first job runs, and kept until that job runs; chunks would
 * either read the caller's arrays twice or write earlier chunks' outputs before a later chunk's
 * values are checked. */
#define KW_STACK_JOBS 512

/* Reads a caller-owned int32 once: a relaxed atomic load is a plain load that the compiler may
 * neither repeat nor split (a racing writer is the case this guards against). */
static inline int32_t read_once_i32(const int32_t *p) {
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* The batch: the caller's data buffers and output arrays, and the private job snapshot. */
typedef struct kw_batch {
    int32_t mode;
    int unwrap;
    const uint8_t *keks;
    const uint8_t *in;
    uint8_t *out;
    const kw_job *jobs;
    int32_t *out_len;
    uint8_t *status;
} kw_batch;

/* Per-call state: the kernel's buffers (on the stack, cleansed before returning), private copies
 * of the current chunk's KEKs (what the kernels expand and the one-KEK test compares: the caller's
 * KEK bytes are read once per job) and of the last one-KEK schedule's KEK, so a batch under one KEK
 * expands it once (and runs the kernels' one-KEK variant, which reads only that one schedule). */
typedef struct kw_ctx {
    _Alignas(64) uint8_t sched[KW_SCHED_BYTES];
    _Alignas(64) uint8_t work[KW_WORK_BYTES];
    _Alignas(64) uint8_t kek_copy[KW_MAX_LANES][32];
    uint8_t cached_kek[32]; /* KEK of the one-KEK schedule in sched (valid when cached_len != 0) */
    int32_t cached_len;
    kw_res res;        /* the kernel's per-call resources (kw_lanes.h) */
    int lib_failed;    /* the library under a kernel failed (the call then fails as a whole) */
    int max_rows;      /* rows of work used so far (cleansed at the end) */
    int max_lanes;     /* most (padded) lanes used so far */
    int kek_lanes;     /* most kek_copy entries used so far */
    size_t sched_used; /* schedule bytes written so far */
} kw_ctx;

#define KW_BUCKETS     (3 * (KW_LANE_MAX_N + 1) + 1)
#define KW_LONG_BUCKET (KW_BUCKETS - 1)

#define KW_ALWAYS_INLINE static inline __attribute__((always_inline))

/* n of a job (see kw_lanes.h); mode and unwrap are compile-time constants where this is inlined. */
KW_ALWAYS_INLINE int32_t semiblocks(int32_t mode, int unwrap, int32_t in_len) {
    if (unwrap) return in_len / 8 - 1;
    return mode == GKM_KW_MODE_KW ? in_len / 8 : (in_len + 7) / 8;
}

/* Group of a job: (KEK size, n), or the long-job group run one at a time. */
KW_ALWAYS_INLINE int bucket(int32_t kek_len, int32_t n) {
    if (n > KW_LANE_MAX_N) return KW_LONG_BUCKET;
    return (kek_len - 16) / 8 * (KW_LANE_MAX_N + 1) + n;
}

/* The caller's per-job arrays (read only by scan_jobs). */
typedef struct kw_layout {
    const int32_t *kek_off, *kek_len, *in_off, *in_len, *out_off;
} kw_layout;

/*
 * Reads every job's lengths and offsets once into snap, checks them in the same pass and counts
 * the jobs per bucket. A length error (the first job's with one, KEK length before input length)
 * takes precedence over any bounds error, so the code returned does not depend on which check ran
 * first. Touches no output.
 */
KW_ALWAYS_INLINE int32_t scan_jobs_impl(const kw_layout *c, kw_job *snap, int32_t count, int64_t kek_buf_len,
                                        int64_t in_buf_len, int64_t out_buf_len, int32_t *counts, int *uniform,
                                        unsigned *kek_sizes, const int32_t mode, const int unwrap) {
    unsigned sizes = 0;
    int32_t len_err = 0;
    int bad_bounds = 0;
    /* Counted per run of equal buckets: a counts[bk]++ per job is a store-to-load chain through
     * memory on every job (docs/performance-notes.md#batch-driver). */
    int cur = -1, nbuckets = 0;
    int32_t run = 0;
    /* Lengths of the last valid job: a job with the same ones (every job of a uniform batch) is
     * valid and in the same bucket, so only its offsets are checked (~half the work per job). */
    int32_t pkl = -1, pil = -1;
    int64_t polen = 0;
    for (int32_t i = 0; i < count; i++) {
        const int32_t kl = read_once_i32(c->kek_len + i);
        const int32_t il = read_once_i32(c->in_len + i);
        if (kl != pkl || il != pil) {
            if (kl != 16 && kl != 24 && kl != 32) {
                if (len_err == 0) len_err = GKM_ERR_KEY_LEN;
                continue;
            }
            const int64_t olen = out_region_len(mode, unwrap, il);
            if (olen < 0) {
                if (len_err == 0) len_err = GKM_ERR_INPUT_LEN;
                continue;
            }
            pkl = kl;
            pil = il;
            polen = olen;
            sizes |= KW_KEK_BIT(kl);
            const int bk = bucket(kl, semiblocks(mode, unwrap, il));
            if (bk != cur) {
                if (cur >= 0) counts[cur] += run;
                cur = bk;
                run = 0;
                nbuckets++;
            }
        }
        const int32_t ko = read_once_i32(c->kek_off + i), io = read_once_i32(c->in_off + i),
                      oo = read_once_i32(c->out_off + i);
        /* off >= 0 and off + len <= buf, in 64 bits (no overflow); no short-circuit branches. */
        bad_bounds |= (ko < 0) | ((int64_t)ko + pkl > kek_buf_len) | (io < 0) | ((int64_t)io + pil > in_buf_len) |
                      (oo < 0) | ((int64_t)oo + polen > out_buf_len);
        snap[i] =
            (kw_job){.kek_off = ko, .in_off = io, .out_off = oo, .in_len = (uint32_t)pil, .kek_len = (uint32_t)pkl};
        run++;
    }
    if (len_err != 0) return len_err;
    if (bad_bounds) return GKM_ERR_BOUNDS;
    if (cur >= 0) counts[cur] += run;
    *uniform = nbuckets <= 1;
    *kek_sizes = sizes;
    return 0;
}

static int32_t scan_jobs(const kw_layout *c, kw_job *snap, int32_t mode, int unwrap, int32_t count, int64_t kek_buf_len,
                         int64_t in_buf_len, int64_t out_buf_len, int32_t *counts, int *uniform, unsigned *kek_sizes) {
#define SCAN(m, u)                                                                                                     \
    scan_jobs_impl(c, snap, count, kek_buf_len, in_buf_len, out_buf_len, counts, uniform, kek_sizes, m, u)
    if (mode == GKM_KW_MODE_KW) return unwrap ? SCAN(0, 1) : SCAN(0, 0);
    return unwrap ? SCAN(1, 1) : SCAN(1, 0);
#undef SCAN
}

/* The semiblock copy loops: fully unrolled where n is a constant (load_lanes / finish_lanes);
 * GCC at -O2 does not unroll them by itself. */
#define KW_UNROLL _Pragma("GCC unroll 8")

/* R[k]'s 8 bytes in lane l (k >= 1). */
#define ROW_R(work, k, l) ((work) + (size_t)(k)*KW_ROW_STRIDE + 16 * (l) + 8)

/* Copies a job's input into lane l of the work buffer (A in row 0, R[k] in row k). */
KW_ALWAYS_INLINE void load_lane(uint8_t *work, int l, const uint8_t *src, int32_t len, int32_t n, const int32_t mode,
                                const int unwrap) {
    uint8_t *slot0 = work + 16 * l;
    if (unwrap) {
        /* C[0] is A; C[1..n] are R[1..n] (RFC 3394 sec. 2.2.2; one block when n == 1). */
        memcpy(slot0, src, 8);
        if (n == 1) {
            memcpy(slot0 + 8, src + 8, 8);
            return;
        }
        KW_UNROLL for (int32_t k = 1; k <= n; k++) memcpy(ROW_R(work, k, l), src + 8 * k, 8);
        return;
    }
    if (mode == GKM_KW_MODE_KW) {
        memcpy(slot0, KW_IV_BYTES, 8);
        KW_UNROLL for (int32_t k = 1; k <= n; k++) memcpy(ROW_R(work, k, l), src + 8 * (k - 1), 8);
        return;
    }
    /* KWP: AIV, then the key zero-padded to 8n bytes (RFC 5649 sec. 4.1). */
    kw_store64(slot0, kw_aiv(len));
    uint8_t *last = n == 1 ? slot0 + 8 : ROW_R(work, n, l);
    KW_UNROLL for (int32_t k = 1; k < n; k++) memcpy(ROW_R(work, k, l), src + 8 * (k - 1), 8);
    memset(last, 0, 8);
    memcpy(last, src + 8 * (n - 1), (size_t)(len - 8 * (n - 1)));
}

/* Writes lane l's result to its job; returns 1 if the job failed (unwrap integrity), else 0. */
KW_ALWAYS_INLINE int finish_lane(const uint8_t *work, int l, uint8_t *dst, int32_t *out_len, uint8_t *status, int32_t n,
                                 const int32_t mode, const int unwrap) {
    const uint8_t *slot0 = work + 16 * l;
    if (!unwrap) {
        memcpy(dst, slot0, 8);
        if (n == 1) {
            memcpy(dst + 8, slot0 + 8, 8);
        } else {
            KW_UNROLL for (int32_t k = 1; k <= n; k++) memcpy(dst + 8 * k, ROW_R(work, k, l), 8);
        }
        *out_len = 8 * (n + 1);
        *status = 0;
        return 0;
    }
    const uint8_t *last = n == 1 ? slot0 + 8 : ROW_R(work, n, l);
    const int32_t plen = kw_check(mode, kw_load64(slot0), kw_load64(last), n);
    if (plen == 0) {
        /* All failures alike: region zeroed, length 0, status 1 (nothing tells which check). */
        memset(dst, 0, (size_t)n * 8);
        *out_len = 0;
        *status = 1;
        return 1;
    }
    if (n == 1) {
        memcpy(dst, slot0 + 8, 8);
    } else {
        KW_UNROLL for (int32_t k = 1; k <= n; k++) memcpy(dst + 8 * (k - 1), ROW_R(work, k, l), 8);
    }
    *out_len = plen;
    *status = 0;
    return 0;
}

/*
 * Job I/O of a chunk: load_lane / finish_lane over its lanes. n is a compile-time constant for the
 * common sizes (16-, 24- and 32-byte keys: n = 2, 3, 4), so the per-semiblock copies unroll into
 * straight 8-byte moves: the I/O loops cost about a fifth of a one-KEK VAES wrap with a runtime n.
 */
KW_ALWAYS_INLINE void load_lanes_n(uint8_t *work, const kw_batch *b, const int32_t *jobs, int padded, int32_t n,
                                   const int32_t mode, const int unwrap) {
    for (int l = 0; l < padded; l++) {
        const kw_job *j = &b->jobs[jobs[l]];
        load_lane(work, l, b->in + j->in_off, (int32_t)j->in_len, n, mode, unwrap);
    }
}

KW_ALWAYS_INLINE int32_t finish_lanes_n(const uint8_t *work, const kw_batch *b, const int32_t *jobs, int lanes,
                                        int32_t n, const int32_t mode, const int unwrap) {
    int32_t failed = 0;
    for (int l = 0; l < lanes; l++) {
        const int32_t i = jobs[l];
        failed += finish_lane(work, l, b->out + b->jobs[i].out_off, &b->out_len[i], &b->status[i], n, mode, unwrap);
    }
    return failed;
}

KW_ALWAYS_INLINE void load_lanes(uint8_t *work, const kw_batch *b, const int32_t *jobs, int padded, int32_t n,
                                 const int32_t mode, const int unwrap) {
    switch (n) {
    case 2: load_lanes_n(work, b, jobs, padded, 2, mode, unwrap); break;
    case 3: load_lanes_n(work, b, jobs, padded, 3, mode, unwrap); break;
    case 4: load_lanes_n(work, b, jobs, padded, 4, mode, unwrap); break;
    default: load_lanes_n(work, b, jobs, padded, n, mode, unwrap); break;
    }
}

KW_ALWAYS_INLINE int32_t finish_lanes(const uint8_t *work, const kw_batch *b, const int32_t *jobs, int lanes, int32_t n,
                                      const int32_t mode, const int unwrap) {
    switch (n) {
    case 2: return finish_lanes_n(work, b, jobs, lanes, 2, mode, unwrap);
    case 3: return finish_lanes_n(work, b, jobs, lanes, 3, mode, unwrap);
    case 4: return finish_lanes_n(work, b, jobs, lanes, 4, mode, unwrap);
    default: return finish_lanes_n(work, b, jobs, lanes, n, mode, unwrap);
    }
}

/*
 * Zeroes the stack just below the caller's frame, where the kernels' frames were: compilers spill
 * round keys and AES states there (8 lanes of state and their round keys do not fit in 16 xmm
 * registers), and nothing else would clear them. The entry points call these after the kernels
 * returned, so the frame overlays theirs. The sizes cover the deepest kernel call (-fstack-usage:
 * run_group ~0.7 KB + kernel <= 0.4 KB, plus libcrypto's frames under the scalar kernel; the single
 * path ~0.6 KB) with room to spare; 4 KB cost ~0.1 us, once per call.
 */
#define KW_BURN_BATCH  4096
#define KW_BURN_SINGLE 2048

static __attribute__((noinline)) void burn_stack_batch(void) {
    uint8_t b[KW_BURN_BATCH];
    kw_cleanse(b, sizeof b);
}

static __attribute__((noinline)) void burn_stack_single(void) {
    uint8_t b[KW_BURN_SINGLE];
    kw_cleanse(b, sizeof b);
}

/* Copies a (validated) KEK of 16, 24 or 32 bytes: inline moves, no library call per job. */
KW_ALWAYS_INLINE void copy_kek(uint8_t *dst, const uint8_t *src, int32_t len) {
    __builtin_memcpy(dst, src, 16);
    if (len == 24) __builtin_memcpy(dst + 16, src + 16, 8);
    if (len == 32) __builtin_memcpy(dst + 16, src + 16, 16);
}

/* Runs jobs idx[start .. start+len) (idx NULL: jobs start .. start+len), all of one bucket. */
KW_ALWAYS_INLINE int32_t run_group_impl(const kw_path_impl *impl, const kw_batch *b, kw_ctx *ctx, const int32_t *idx,
                                        int32_t start, int32_t len, const int32_t mode, const int unwrap) {
    int32_t failed = 0;
#define JOB(k) (idx != NULL ? idx[start + (k)] : start + (k))
    const int32_t first = JOB(0);
    const int32_t n = semiblocks(mode, unwrap, (int32_t)b->jobs[first].in_len);
    if (n > KW_LANE_MAX_N || len == 1) {
        /* Long jobs (keys over 256 bytes: rare) run one at a time, in place in their output; so
         * does a group of one job, which has nothing to interleave with (no work-buffer copies). */
        for (int32_t k = 0; k < len; k++) {
            const int32_t i = JOB(k);
            const kw_job *j = &b->jobs[i];
            int32_t olen = 0;
            int ok = impl->single(&ctx->res, unwrap, mode, b->keks + j->kek_off, (int32_t)j->kek_len, b->in + j->in_off,
                                  (int32_t)j->in_len, b->out + j->out_off, &olen);
            if (ok < 0) {
                ctx->lib_failed = 1;
                ok = 0;
            }
            b->out_len[i] = ok ? olen : 0;
            b->status[i] = ok ? 0 : 1;
            failed += !ok;
        }
        return failed;
    }
    const kw_kernel *kern = impl->kernel;
    const int32_t kek_len = (int32_t)b->jobs[first].kek_len;
    const int rounds = kek_len / 4 + 6;
    if (n + 1 > ctx->max_rows) ctx->max_rows = n + 1;
    /* quantum is a power of two (1 or 4): padding rounds up with a mask, not a division. */
    const int qmask = kern->quantum - 1;
    const int most = len < kern->max_lanes ? (int)len : kern->max_lanes;
    const int most_padded = (most + qmask) & ~qmask;
    if (most_padded > ctx->max_lanes) ctx->max_lanes = most_padded;
    for (int32_t c = 0; c < len; c += kern->max_lanes) {
        const int lanes = len - c < kern->max_lanes ? (int)(len - c) : kern->max_lanes;
        const int padded = (lanes + qmask) & ~qmask;
        int32_t jobs[KW_MAX_LANES];
        const uint8_t *keks[KW_MAX_LANES];
        /* Each lane's KEK is read from the caller once, into kek_copy; a lane whose KEK offset is
         * the previous lane's shares that copy (and then compares equal by pointer, for free). */
        int32_t prev_off = -1;
        for (int l = 0; l < lanes; l++) {
            jobs[l] = JOB(c + l);
            const int32_t ko = b->jobs[jobs[l]].kek_off;
            if (ko != prev_off) {
                copy_kek(ctx->kek_copy[l], b->keks + ko, kek_len);
                keks[l] = ctx->kek_copy[l];
                prev_off = ko;
            } else {
                keks[l] = keks[l - 1];
            }
        }
        if (lanes > ctx->kek_lanes) ctx->kek_lanes = lanes;
        for (int l = lanes; l < padded; l++) { /* padding lanes: copies of lane 0, results dropped */
            jobs[l] = jobs[0];
            keks[l] = keks[0];
        }
        int one_key = 1;
        for (int l = 1; l < lanes && one_key; l++) one_key = kw_kek_equal(keks[l], keks[l - 1], kek_len);
        if (one_key && ctx->cached_len == kek_len && kw_kek_equal(ctx->cached_kek, keks[0], kek_len)) {
            /* Same KEK as the one-KEK schedule already expanded: nothing to expand. */
        } else {
            kern->expand(ctx->sched, keks, padded, kek_len, unwrap, one_key);
            /* One KEK: only the first quantum's schedule is written (kw_lanes.h). */
            const size_t used = (size_t)(one_key ? kern->quantum : padded) * (size_t)kern->sched_bytes_per_lane;
            if (used > ctx->sched_used) ctx->sched_used = used;
            if (one_key) memcpy(ctx->cached_kek, keks[0], (size_t)kek_len);
            ctx->cached_len = one_key ? kek_len : 0;
        }
        load_lanes(ctx->work, b, jobs, padded, n, mode, unwrap);
        if (!kern->run(&ctx->res, ctx->sched, ctx->work, padded, n, rounds, unwrap, one_key)) {
            ctx->lib_failed = 1; /* the whole call fails (run): no job of this chunk is finished */
            continue;
        }
        failed += finish_lanes(ctx->work, b, jobs, lanes, n, mode, unwrap);
    }
#undef JOB
    return failed;
}

static int32_t run_group(const kw_path_impl *impl, const kw_batch *b, kw_ctx *ctx, const int32_t *idx, int32_t start,
                         int32_t len) {
    if (b->mode == GKM_KW_MODE_KW) {
        return b->unwrap ? run_group_impl(impl, b, ctx, idx, start, len, 0, 1)
                         : run_group_impl(impl, b, ctx, idx, start, len, 0, 0);
    }
    return b->unwrap ? run_group_impl(impl, b, ctx, idx, start, len, 1, 1)
                     : run_group_impl(impl, b, ctx, idx, start, len, 1, 0);
}

static int32_t run(int32_t path, int unwrap, int32_t mode, int32_t count, const uint8_t *keks, int64_t kek_buf_len,
                   const int32_t *kek_off, const int32_t *kek_len, const uint8_t *in, int64_t in_buf_len,
                   const int32_t *in_off, const int32_t *in_len, uint8_t *out, int64_t out_buf_len,
                   const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    kw_path_impl impl;
    if (!resolve(path, &impl)) return GKM_ERR_UNSUPPORTED;
    int32_t rc = validate(mode, count, unwrap, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len, out,
                          out_buf_len, out_off, out_len, status);
    if (rc != 0) return rc;
    if (count == 0) return 0;

    /* The job snapshot: on the stack for small batches, else one allocation (with room for the
     * ragged batch's index array behind it). */
    kw_job stack_jobs[KW_STACK_JOBS];
    int32_t stack_idx[KW_STACK_JOBS];
    kw_job *jobs = stack_jobs;
    int32_t *idx = stack_idx;
    void *heap = NULL;
    if (count > KW_STACK_JOBS) {
        heap = malloc((sizeof(kw_job) + sizeof(int32_t)) * (size_t)count);
        if (heap == NULL) return GKM_ERR_INTERNAL; /* nothing touched yet */
        jobs = heap;
        idx = (int32_t *)(jobs + count);
    }

    /* Group by (KEK size, n) with a stable counting sort; a uniform batch (the usual case) needs
     * no index array at all. Stability keeps jobs under one KEK adjacent, so they share a schedule. */
    int32_t counts[KW_BUCKETS];
    memset(counts, 0, sizeof counts);
    int uniform = 1;
    unsigned kek_sizes = 0;
    const kw_layout layout = {kek_off, kek_len, in_off, in_len, out_off};
    rc = scan_jobs(&layout, jobs, mode, unwrap, count, kek_buf_len, in_buf_len, out_buf_len, counts, &uniform,
                   &kek_sizes);
    /* From here on nothing reads the caller's per-job arrays; the barrier keeps the compiler from
     * reloading a snapshot value from them. */
    __asm__ __volatile__("" : : : "memory");
    if (rc != 0) {
        free(heap);
        return rc;
    }

    const kw_batch b = {
        .mode = mode,
        .unwrap = unwrap,
        .keks = keks,
        .in = in,
        .out = out,
        .jobs = jobs,
        .out_len = out_len,
        .status = status,
    };
    kw_ctx ctx;
    ctx.cached_len = 0;
    ctx.max_rows = 0;
    ctx.max_lanes = 0;
    ctx.kek_lanes = 0;
    ctx.sched_used = 0;
    ctx.lib_failed = 0;
    if (impl.kernel->open != NULL && !impl.kernel->open(&ctx.res, unwrap, kek_sizes)) {
        free(heap);
        return GKM_ERR_INTERNAL; /* nothing touched yet */
    }
    int32_t failed = 0;
    if (uniform) {
        failed = run_group(&impl, &b, &ctx, NULL, 0, count);
    } else {
        int32_t starts[KW_BUCKETS];
        int32_t pos = 0;
        for (int k = 0; k < KW_BUCKETS; k++) {
            starts[k] = pos;
            pos += counts[k];
        }
        int32_t fill[KW_BUCKETS];
        memcpy(fill, starts, sizeof fill);
        for (int32_t i = 0; i < count; i++) {
            idx[fill[bucket((int32_t)jobs[i].kek_len, semiblocks(mode, unwrap, (int32_t)jobs[i].in_len))]++] = i;
        }
        for (int k = 0; k < KW_BUCKETS; k++) {
            if (counts[k] > 0) failed += run_group(&impl, &b, &ctx, idx, starts[k], counts[k]);
        }
    }
    if (impl.kernel->close != NULL) impl.kernel->close(&ctx.res);
    if (ctx.lib_failed) {
        /* Not expected (the resources were acquired up front), but then no job's result stands. */
        for (int32_t i = 0; i < count; i++) {
            memset(out + jobs[i].out_off, 0, (size_t)out_region_len(mode, unwrap, (int32_t)jobs[i].in_len));
            out_len[i] = 0;
            status[i] = 1;
        }
        failed = GKM_ERR_INTERNAL;
    }
    free(heap);
    /* Key schedules, KEK copies and intermediate blocks must not outlive the call. */
    kw_cleanse(ctx.sched, ctx.sched_used);
    kw_cleanse(ctx.kek_copy, (size_t)ctx.kek_lanes * sizeof ctx.kek_copy[0]);
    kw_cleanse(ctx.cached_kek, sizeof ctx.cached_kek);
    for (int r = 0; r < ctx.max_rows; r++) kw_cleanse(ctx.work + (size_t)r * KW_ROW_STRIDE, (size_t)ctx.max_lanes * 16);
    burn_stack_batch();
    return failed;
}

GKM_EXPORT int32_t gkm_kw_wrap_batch_path(int32_t path, int32_t mode, int32_t count, const uint8_t *keks,
                                          int64_t kek_buf_len, const int32_t *kek_off, const int32_t *kek_len,
                                          const uint8_t *in, int64_t in_buf_len, const int32_t *in_off,
                                          const int32_t *in_len, uint8_t *out, int64_t out_buf_len,
                                          const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(path, 0, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len, out,
               out_buf_len, out_off, out_len, status);
}

GKM_EXPORT int32_t gkm_kw_unwrap_batch_path(int32_t path, int32_t mode, int32_t count, const uint8_t *keks,
                                            int64_t kek_buf_len, const int32_t *kek_off, const int32_t *kek_len,
                                            const uint8_t *in, int64_t in_buf_len, const int32_t *in_off,
                                            const int32_t *in_len, uint8_t *out, int64_t out_buf_len,
                                            const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(path, 1, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len, out,
               out_buf_len, out_off, out_len, status);
}

GKM_EXPORT int32_t gkm_kw_wrap_batch(int32_t mode, int32_t count, const uint8_t *keks, int64_t kek_buf_len,
                                     const int32_t *kek_off, const int32_t *kek_len, const uint8_t *in,
                                     int64_t in_buf_len, const int32_t *in_off, const int32_t *in_len, uint8_t *out,
                                     int64_t out_buf_len, const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(GKM_KW_PATH_AUTO, 0, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len,
               out, out_buf_len, out_off, out_len, status);
}

GKM_EXPORT int32_t gkm_kw_unwrap_batch(int32_t mode, int32_t count, const uint8_t *keks, int64_t kek_buf_len,
                                       const int32_t *kek_off, const int32_t *kek_len, const uint8_t *in,
                                       int64_t in_buf_len, const int32_t *in_off, const int32_t *in_len, uint8_t *out,
                                       int64_t out_buf_len, const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(GKM_KW_PATH_AUTO, 1, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len,
               out, out_buf_len, out_off, out_len, status);
}

/* ------------------------------------------------------------------ single job */

/* Checks the arguments of a single call; returns the output length (wrap) or region size
 * (unwrap), or a negative GKM_ERR_*. Order of checks as in the batch calls. */
static int32_t check_single(int unwrap, int32_t mode, const uint8_t *kek, int32_t kek_len, const uint8_t *in,
                            int32_t in_len, const uint8_t *out, int32_t out_cap) {
    if (mode != GKM_KW_MODE_KW && mode != GKM_KW_MODE_KWP) return GKM_ERR_MODE;
    if (kek_len != 16 && kek_len != 24 && kek_len != 32) return GKM_ERR_KEY_LEN;
    const int64_t olen = out_region_len(mode, unwrap, in_len);
    if (olen < 0) return GKM_ERR_INPUT_LEN;
    if (kek == NULL || in == NULL || out == NULL || out_cap < olen) return GKM_ERR_BOUNDS;
    return (int32_t)olen;
}

/* The single calls take the single-lane AES-NI routine whenever AUTO resolves to a SIMD path
 * (GKM_KW_PATH=scalar forces the scalar one, for tests). No allocation on the SIMD paths. */
static int32_t single(int unwrap, int32_t mode, const uint8_t *kek, int32_t kek_len, const uint8_t *in, int32_t in_len,
                      uint8_t *out, int32_t *out_len) {
    kw_path_impl impl = {&gkm_kw_kernel_scalar, gkm_kw_single_scalar};
    resolve(GKM_KW_PATH_AUTO, &impl); /* AUTO always resolves */
    kw_res res;
    if (impl.kernel->open != NULL && !impl.kernel->open(&res, unwrap, KW_KEK_BIT(kek_len))) {
        return GKM_ERR_INTERNAL; /* nothing written */
    }
    const int r = impl.single(&res, unwrap, mode, kek, kek_len, in, in_len, out, out_len);
    if (impl.kernel->close != NULL) impl.kernel->close(&res);
    burn_stack_single();
    return r < 0 ? GKM_ERR_INTERNAL : r;
}

GKM_EXPORT int32_t gkm_kw_wrap(int32_t mode, const uint8_t *kek, int32_t kek_len, const uint8_t *in, int32_t in_len,
                               uint8_t *out, int32_t out_cap) {
    const int32_t olen = check_single(0, mode, kek, kek_len, in, in_len, out, out_cap);
    if (olen < 0) return olen;
    int32_t written = 0;
    const int32_t r = single(0, mode, kek, kek_len, in, in_len, out, &written);
    return r < 0 ? r : olen;
}

GKM_EXPORT int32_t gkm_kw_unwrap(int32_t mode, const uint8_t *kek, int32_t kek_len, const uint8_t *in, int32_t in_len,
                                 uint8_t *out, int32_t out_cap) {
    const int32_t olen = check_single(1, mode, kek, kek_len, in, in_len, out, out_cap);
    if (olen < 0) return olen;
    int32_t plen = 0;
    const int32_t r = single(1, mode, kek, kek_len, in, in_len, out, &plen);
    if (r < 0) return r;
    if (r == 0) return GKM_ERR_INTEGRITY;
    return plen;
}
