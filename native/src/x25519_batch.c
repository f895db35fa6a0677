/*
 * Batch X25519 in one downcall: public keys (RFC 7748 sec. 6.1: public = X25519(k, 9)) and
 * X25519(k_i, u_i) with a distinct u per operation (HPKE seals to many recipients). Argument
 * checks, input snapshots, kernel path selection and output for both kernel paths:
 *  - portable: one operation after the other on curve25519.c's kernels (s2n-bignum assembly, or
 *    OpenSSL EVP where the build or CPU lacks it), any CPU;
 *  - ifma: the 8-lane AVX-512 IFMA kernels of x25519_ifma.c (a Montgomery ladder for any u, a
 *    fixed-base comb for public keys), batches padded to a multiple of 8 (padding lanes compute
 *    X25519(0 clamped, 9) and their outputs are dropped).
 *
 * Why the public keys are batched at all: a hybrid-tree leave regenerates every key pair on the
 * path, and from Java each public key costs a confined arena, a native copy of the private key
 * and four downcalls. The IFMA path runs 8 scalar multiplications at once, public keys with a
 * fixed-base table (figures: native/bench/bench_x25519_batch.cc); AUTO runs batches too small to
 * fill enough lanes one operation after the other.
 */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gkm_internal.h"

#define X25519_LEN 32

#if defined(__x86_64__)
#define GKM_X25519_HAVE_IFMA 1
#else
#define GKM_X25519_HAVE_IFMA 0
#endif

#define LANES 8

/* ------------------------------------------------------------------ paths */

static int path_known(int32_t path) {
    return path == GKM_X25519_PATH_AUTO || path == GKM_X25519_PATH_PORTABLE || path == GKM_X25519_PATH_IFMA;
}

static int cpu_supports(int32_t path) {
    if (path == GKM_X25519_PATH_AUTO || path == GKM_X25519_PATH_PORTABLE) return 1;
#if GKM_X25519_HAVE_IFMA
    const uint32_t need = GKM_CPU_AVX512F | GKM_CPUX_AVX512VL | GKM_CPUX_AVX512IFMA;
    if (path == GKM_X25519_PATH_IFMA) return (gkm_cpu_features_internal() & need) == need;
#endif
    return 0;
}

static pthread_once_t g_path_once = PTHREAD_ONCE_INIT;
static int g_supported[3];
static int32_t g_auto_path = GKM_X25519_PATH_PORTABLE;

/* AUTO: GKM_X25519_PATH (portable|ifma) when set to a path this CPU supports, else the best one.
 * Read once per process, so a running process cannot be switched (tests use the _path calls). */
static void init_paths(void) {
    for (int32_t p = 0; p < 3; p++) g_supported[p] = cpu_supports(p);
    const int32_t best = g_supported[GKM_X25519_PATH_IFMA] ? GKM_X25519_PATH_IFMA : GKM_X25519_PATH_PORTABLE;
    const char *env = getenv("GKM_X25519_PATH");
    int32_t want = 0;
    if (env != NULL) {
        if (strcasecmp(env, "portable") == 0) want = GKM_X25519_PATH_PORTABLE;
        else if (strcasecmp(env, "ifma") == 0) want = GKM_X25519_PATH_IFMA;
    }
    g_auto_path = want != 0 && g_supported[want] ? want : best;
}

GKM_EXPORT int32_t gkm_x25519_batch_kernel(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_x25519_batch_kernel_supported(int32_t path) {
    if (!path_known(path)) return 0;
    pthread_once(&g_path_once, init_paths);
    return g_supported[path];
}

/* The concrete path (AUTO resolved), or 0 when the path is unknown or unsupported. */
static int32_t resolve(int32_t path) {
    if (!gkm_x25519_batch_kernel_supported(path)) return 0;
    return path == GKM_X25519_PATH_AUTO ? gkm_x25519_batch_kernel() : path;
}

/* ------------------------------------------------------------------ checks */

/* 1 when [a, a + n) and [b, b + n) share a byte but do not start at the same address. */
static int partial_overlap(const uint8_t *a, const uint8_t *b, int64_t n) {
    const uintptr_t p = (uintptr_t)a, q = (uintptr_t)b;
    return p != q && p < q + (uintptr_t)n && q < p + (uintptr_t)n;
}

/* ------------------------------------------------------------------ portable */

/* One operation after the other on the Curve25519 kernels of curve25519.c (s2n-bignum, or EVP
 * where the build or CPU lacks them): points NULL means public keys (the fixed-base path). Each
 * operation reads its inputs before it writes its output, so out may equal either input. */
static int32_t batch_portable(int32_t count, const uint8_t *scalars, const uint8_t *points, uint8_t *out) {
    for (int32_t i = 0; i < count; i++) {
        const size_t off = (size_t)i * X25519_LEN;
        const int32_t rc = points == NULL ? gkm_x25519_base(out + off, scalars + off)
                                          : gkm_x25519(out + off, scalars + off, points + off);
        if (rc != 0) return GKM_ERR_INTERNAL;
    }
    return 0;
}

/* AUTO's choice for a batch the IFMA path could run: a group of 8 lanes costs as much as 8 single
 * operations' worth of lanes, so a batch too small to fill enough of them runs one operation after
 * the other (forced paths always run as asked). */
static int use_ifma(int32_t requested, int32_t impl, int32_t count, int public_keys) {
    if (impl != GKM_X25519_PATH_IFMA) return 0;
    if (requested != GKM_X25519_PATH_AUTO) return 1;
    return count >= (public_keys ? 3 : 2);
}

#if GKM_X25519_HAVE_IFMA
/* points NULL: u = 9 in every lane. Each group of 8 is copied in before its outputs are written,
 * so out may equal either input. */
static void batch_ifma(int32_t count, const uint8_t *scalars, const uint8_t *points, uint8_t *out) {
    uint8_t k[LANES * X25519_LEN], u[LANES * X25519_LEN], r[LANES * X25519_LEN];
    for (int32_t i = 0; i < count; i += LANES) {
        const int n = count - i < LANES ? (int)(count - i) : LANES;
        const size_t off = (size_t)i * X25519_LEN, len = (size_t)n * X25519_LEN;
        /* padding lanes: a zero scalar and u = 9, both public */
        memset(k, 0, sizeof k);
        memset(u, 0, sizeof u);
        memcpy(k, scalars + off, len);
        if (points != NULL) {
            memcpy(u, points + off, len);
            for (int l = n; l < LANES; l++) u[l * X25519_LEN] = 9;
        }
        if (points != NULL) {
            gkm_x25519_ifma_x8(r, k, u);
        } else {
            gkm_x25519_ifma_base_x8(r, k);
        }
        memcpy(out + off, r, len);
    }
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(r, sizeof r);
}
#endif

/* ------------------------------------------------------------------ entry points */

GKM_EXPORT int32_t gkm_x25519_public_batch_path(int32_t path, int32_t count, const uint8_t *priv, int64_t priv_buf_len,
                                                uint8_t *pub, int64_t pub_buf_len) {
    const int32_t impl = resolve(path);
    if (impl == 0) return GKM_ERR_UNSUPPORTED;
    if (count < 0 || count > GKM_X25519_MAX_COUNT) return GKM_ERR_COUNT;
    if (count == 0) return 0;
    const int64_t need = (int64_t)count * X25519_LEN; /* <= 2^21: no overflow */
    if (priv == NULL || pub == NULL || priv_buf_len < need || pub_buf_len < need) return GKM_ERR_BOUNDS;
    /* Key i is read before public key i is written, so pub == priv works; a partial overlap would
     * overwrite later private keys before they are read. */
    if (partial_overlap(priv, pub, need)) return GKM_ERR_BOUNDS;
#if GKM_X25519_HAVE_IFMA
    if (use_ifma(path, impl, count, 1)) {
        batch_ifma(count, priv, NULL, pub);
        return 0;
    }
#endif
    const int32_t rc = batch_portable(count, priv, NULL, pub);
    if (rc != 0) {
        /* No partial result: every output is zeroed (when pub == priv, that erases the inputs too). */
        OPENSSL_cleanse(pub, (size_t)need);
        ERR_clear_error();
    }
    return rc;
}

GKM_EXPORT int32_t gkm_x25519_public_batch(int32_t count, const uint8_t *priv, int64_t priv_buf_len, uint8_t *pub,
                                           int64_t pub_buf_len) {
    return gkm_x25519_public_batch_path(GKM_X25519_PATH_AUTO, count, priv, priv_buf_len, pub, pub_buf_len);
}

GKM_EXPORT int32_t gkm_x25519_batch_path(int32_t path, int32_t count, const uint8_t *scalars, int64_t scalars_buf_len,
                                         const uint8_t *points, int64_t points_buf_len, uint8_t *out,
                                         int64_t out_buf_len) {
    const int32_t impl = resolve(path);
    if (impl == 0) return GKM_ERR_UNSUPPORTED;
    if (count < 0 || count > GKM_X25519_MAX_COUNT) return GKM_ERR_COUNT;
    if (count == 0) return 0;
    const int64_t need = (int64_t)count * X25519_LEN; /* <= 2^21: no overflow */
    if (scalars == NULL || points == NULL || out == NULL || scalars_buf_len < need || points_buf_len < need ||
        out_buf_len < need) {
        return GKM_ERR_BOUNDS;
    }
    if (partial_overlap(scalars, out, need) || partial_overlap(points, out, need)) return GKM_ERR_BOUNDS;
#if GKM_X25519_HAVE_IFMA
    if (use_ifma(path, impl, count, 0)) {
        batch_ifma(count, scalars, points, out);
        return 0;
    }
#endif
    const int32_t rc = batch_portable(count, scalars, points, out);
    if (rc != 0) {
        OPENSSL_cleanse(out, (size_t)need);
        ERR_clear_error();
    }
    return rc;
}

GKM_EXPORT int32_t gkm_x25519_batch(int32_t count, const uint8_t *scalars, int64_t scalars_buf_len,
                                    const uint8_t *points, int64_t points_buf_len, uint8_t *out, int64_t out_buf_len) {
    return gkm_x25519_batch_path(GKM_X25519_PATH_AUTO, count, scalars, scalars_buf_len, points, points_buf_len, out,
                                 out_buf_len);
}
