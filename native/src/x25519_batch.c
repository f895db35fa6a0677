/*
 * Batch X25519 in one downcall: public keys (RFC 7748 sec. 6.1: public = X25519(k, 9)) and
 * X25519(k_i, u_i) with a distinct u per operation (HPKE seals to many recipients). Argument
 * checks, input snapshots, kernel path selection and output for both kernel paths:
 *  - portable: OpenSSL EVP one operation after the other, any CPU;
 *  - ifma: the 8-lane AVX-512 IFMA kernels of x25519_ifma.c (a Montgomery ladder for any u, a
 *    fixed-base comb for public keys), batches padded to a multiple of 8 (padding lanes compute
 *    X25519(0 clamped, 9) and their outputs are dropped).
 *
 * Why the public keys are batched at all: a hybrid-tree leave regenerates every key pair on the
 * path, and from Java each public key costs a confined arena, a native copy of the private key
 * and four downcalls. On the portable path one EVP_PKEY_CTX, set up for EVP_PKEY_fromdata once,
 * imports every key of the batch; OpenSSL derives the public key on import
 * (ossl_ecx_public_from_private), which is the one scalar multiplication per key that remains.
 * OpenSSL 3.0 runs one scalar multiplication at a time with no fixed-base table; the IFMA path
 * runs 8, and public keys with a table (figures: native/bench/bench_x25519_batch.cc).
 */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/proverr.h>
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

GKM_EXPORT int32_t gkm_x25519_path(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_x25519_path_supported(int32_t path) {
    if (!path_known(path)) return 0;
    pthread_once(&g_path_once, init_paths);
    return g_supported[path];
}

/* The concrete path (AUTO resolved), or 0 when the path is unknown or unsupported. */
static int32_t resolve(int32_t path) {
    if (!gkm_x25519_path_supported(path)) return 0;
    return path == GKM_X25519_PATH_AUTO ? gkm_x25519_path() : path;
}

/* ------------------------------------------------------------------ checks */

/* 1 when [a, a + n) and [b, b + n) share a byte but do not start at the same address. */
static int partial_overlap(const uint8_t *a, const uint8_t *b, int64_t n) {
    const uintptr_t p = (uintptr_t)a, q = (uintptr_t)b;
    return p != q && p < q + (uintptr_t)n && q < p + (uintptr_t)n;
}

/* ------------------------------------------------------------------ portable (EVP) */

/* Public keys: each private key imported once with EVP_PKEY_fromdata, which derives the public
 * key; pub == priv works since key i is copied before public key i is written. */
static int32_t public_batch_evp(int32_t count, const uint8_t *priv, uint8_t *pub) {
    int32_t rc = GKM_ERR_INTERNAL;
    uint8_t k[X25519_LEN];
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1) goto done;
    for (int32_t i = 0; i < count; i++) {
        /* A private copy: OSSL_PARAM wants a non-const pointer, and it keeps pub == priv safe. */
        memcpy(k, priv + (size_t)i * X25519_LEN, X25519_LEN);
        OSSL_PARAM params[2] = {
            OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, k, X25519_LEN),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY *pk = NULL;
        size_t len = X25519_LEN;
        int ok = EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEYPAIR, params) == 1 &&
                 EVP_PKEY_get_raw_public_key(pk, pub + (size_t)i * X25519_LEN, &len) == 1 && len == X25519_LEN;
        EVP_PKEY_free(pk); /* NULL-safe; frees the imported private key with a cleanse */
        if (!ok) goto done;
    }
    rc = 0;
done:
    OPENSSL_cleanse(k, sizeof k);
    EVP_PKEY_CTX_free(ctx);
    return rc;
}

/*
 * X25519(k, u) through EVP_PKEY_derive. The private key is imported together with a public key
 * (u itself, a placeholder: derive reads only the private key and the peer's public key), so that
 * the import does not spend a scalar multiplication deriving our own public key. OpenSSL refuses
 * an all-zero result (PROV_R_FAILED_DURING_DERIVATION); RFC 7748 defines it, so that refusal
 * becomes a zero output and the caller checks, as on the IFMA path.
 */
static int derive_one(EVP_PKEY_CTX *import, uint8_t k[X25519_LEN], uint8_t u[X25519_LEN], uint8_t out[X25519_LEN]) {
    OSSL_PARAM kp[3] = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, k, X25519_LEN),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, u, X25519_LEN),
        OSSL_PARAM_construct_end(),
    };
    OSSL_PARAM up[2] = {
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, u, X25519_LEN),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY *mine = NULL, *peer = NULL;
    EVP_PKEY_CTX *dctx = NULL;
    size_t len = X25519_LEN;
    int ok = 0;
    if (EVP_PKEY_fromdata(import, &mine, EVP_PKEY_KEYPAIR, kp) != 1 ||
        EVP_PKEY_fromdata(import, &peer, EVP_PKEY_PUBLIC_KEY, up) != 1) {
        goto done;
    }
    dctx = EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL);
    if (dctx == NULL || EVP_PKEY_derive_init(dctx) != 1 || EVP_PKEY_derive_set_peer_ex(dctx, peer, 0) != 1) goto done;
    ERR_set_mark();
    if (EVP_PKEY_derive(dctx, out, &len) == 1) {
        ok = len == X25519_LEN;
        ERR_pop_to_mark();
    } else {
        const unsigned long e = ERR_peek_last_error();
        ok = ERR_GET_LIB(e) == ERR_LIB_PROV && ERR_GET_REASON(e) == PROV_R_FAILED_DURING_DERIVATION;
        if (ok) OPENSSL_cleanse(out, X25519_LEN);
        ERR_pop_to_mark();
    }
done:
    EVP_PKEY_CTX_free(dctx);
    EVP_PKEY_free(mine);
    EVP_PKEY_free(peer);
    return ok;
}

static int32_t batch_evp(int32_t count, const uint8_t *scalars, const uint8_t *points, uint8_t *out) {
    int32_t rc = GKM_ERR_INTERNAL;
    uint8_t k[X25519_LEN], u[X25519_LEN], r[X25519_LEN];
    EVP_PKEY_CTX *import = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
    if (import == NULL || EVP_PKEY_fromdata_init(import) != 1) goto done;
    for (int32_t i = 0; i < count; i++) {
        /* both inputs copied before the output is written (out may equal either) */
        memcpy(k, scalars + (size_t)i * X25519_LEN, X25519_LEN);
        memcpy(u, points + (size_t)i * X25519_LEN, X25519_LEN);
        if (!derive_one(import, k, u, r)) goto done;
        memcpy(out + (size_t)i * X25519_LEN, r, X25519_LEN);
    }
    rc = 0;
done:
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(r, sizeof r);
    EVP_PKEY_CTX_free(import);
    return rc;
}

/* ------------------------------------------------------------------ IFMA */

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
    if (impl == GKM_X25519_PATH_IFMA) {
        batch_ifma(count, priv, NULL, pub);
        return 0;
    }
#endif
    const int32_t rc = public_batch_evp(count, priv, pub);
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
    if (impl == GKM_X25519_PATH_IFMA) {
        batch_ifma(count, scalars, points, out);
        return 0;
    }
#endif
    const int32_t rc = batch_evp(count, scalars, points, out);
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
