/*
 * Curve25519 single operations: X25519 (RFC 7748) and Ed25519 (RFC 8032) over three kernel paths:
 * s2n-bignum's verified x86_64 assembly (third_party/s2n-bignum; MULX/ADX "fast" and plain "alt"
 * builds) and OpenSSL EVP, the portable path. This file checks arguments, copies inputs, chooses
 * the path, hashes (SHA-512) and frames the RFC 8032 steps around the s2n-bignum point and scalar
 * functions; the kernels see only private copies of validated inputs.
 *
 * Verification gives OpenSSL 3.0's ossl_ed25519_verify (crypto/ec/curve25519.c) verdict on every
 * path, except that a public key of small order or with a non-canonical encoding is refused first,
 * on every path, as Bouncy Castle refuses it (so the two providers agree): S >= L is refused; R is
 * compared with the canonical encoding of [S]B - [k]A (cofactorless). A decoded key that verifies
 * often computes that point from tables of multiples of B and -A (ed25519_table.c).
 */
/* SHA512_Init/Update/Final: deprecated in OpenSSL 3.0 but kept. They run the same block function as
 * EVP and, on the short inputs here, as fast as a pre-fetched EVP_MD with a reused EVP_MD_CTX
 * (gkm_bench_curve25519, BM_sha512_*), without the per-thread context or per-call allocation that
 * EVP would need: a context on the stack, no failure path. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/proverr.h>
#include <openssl/sha.h>

#include "gkm_internal.h"

/* GKM_C25519_NO_ASM: the portable build on x86_64 too (CMake -DGKM_C25519_ASM=OFF). */
#if defined(__x86_64__) && !defined(_WIN32) && !defined(GKM_C25519_NO_ASM)
#define GKM_C25519_HAVE_S2N 1
#else
#define GKM_C25519_HAVE_S2N 0
#endif

#if GKM_C25519_HAVE_S2N
/* s2n-bignum (third_party/s2n-bignum/x86/curve25519; prototypes as in its s2n-bignum.h). */
void curve25519_x25519_byte(uint8_t res[32], const uint8_t scalar[32], const uint8_t point[32]);
void curve25519_x25519_byte_alt(uint8_t res[32], const uint8_t scalar[32], const uint8_t point[32]);
void curve25519_x25519base_byte(uint8_t res[32], const uint8_t scalar[32]);
void curve25519_x25519base_byte_alt(uint8_t res[32], const uint8_t scalar[32]);
void edwards25519_scalarmulbase(uint64_t res[8], const uint64_t scalar[4]);
void edwards25519_scalarmulbase_alt(uint64_t res[8], const uint64_t scalar[4]);
void edwards25519_scalarmuldouble(uint64_t res[8], const uint64_t scalar[4], const uint64_t point[8],
                                  const uint64_t bscalar[4]);
void edwards25519_scalarmuldouble_alt(uint64_t res[8], const uint64_t scalar[4], const uint64_t point[8],
                                      const uint64_t bscalar[4]);
uint64_t edwards25519_decode(uint64_t z[8], const uint8_t c[32]);
uint64_t edwards25519_decode_alt(uint64_t z[8], const uint8_t c[32]);
void edwards25519_encode(uint8_t z[32], const uint64_t p[8]);
void bignum_mod_n25519(uint64_t z[4], uint64_t k, const uint64_t *x);
void bignum_madd_n25519(uint64_t z[4], const uint64_t x[4], const uint64_t y[4], const uint64_t c[4]);
void bignum_madd_n25519_alt(uint64_t z[4], const uint64_t x[4], const uint64_t y[4], const uint64_t c[4]);
void bignum_neg_p25519(uint64_t z[4], const uint64_t x[4]);
#endif

#define C25519_LEN 32
#define SIG_LEN    64

/* ------------------------------------------------------------------ paths */

static int path_known(int32_t path) {
    return path >= GKM_C25519_PATH_AUTO && path <= GKM_C25519_PATH_FAST;
}

static int cpu_supports(int32_t path) {
    if (path == GKM_C25519_PATH_AUTO || path == GKM_C25519_PATH_EVP) return 1;
#if GKM_C25519_HAVE_S2N
    if (path == GKM_C25519_PATH_ALT) return 1;
#ifdef GKM_C25519_TEST_ASSUME_BMI2_ADX
    /* Only in test_curve25519_ct, built from these sources: valgrind's CPUID hides ADX, and that
     * test checks the real CPU has BMI2 and ADX before it runs the fast path under valgrind. */
    if (path == GKM_C25519_PATH_FAST) return 1;
#endif
    const uint32_t need = GKM_CPUX_BMI2 | GKM_CPUX_ADX;
    if (path == GKM_C25519_PATH_FAST) return (gkm_cpu_features_internal() & need) == need;
#endif
    return 0;
}

static pthread_once_t g_path_once = PTHREAD_ONCE_INIT;
static int g_supported[4];
static int32_t g_auto_path = GKM_C25519_PATH_EVP;

/* AUTO: GKM_C25519_PATH (evp|alt|fast) when set to a path this build and CPU support, else the
 * best one. Read once per process (tests and benches use the _path calls to switch). */
static void init_paths(void) {
    for (int32_t p = 0; p < 4; p++) g_supported[p] = cpu_supports(p);
    int32_t best = GKM_C25519_PATH_EVP;
    if (g_supported[GKM_C25519_PATH_ALT]) best = GKM_C25519_PATH_ALT;
    if (g_supported[GKM_C25519_PATH_FAST]) best = GKM_C25519_PATH_FAST;
    const char *env = getenv("GKM_C25519_PATH");
    int32_t want = 0;
    if (env != NULL) {
        if (strcasecmp(env, "evp") == 0) want = GKM_C25519_PATH_EVP;
        else if (strcasecmp(env, "alt") == 0) want = GKM_C25519_PATH_ALT;
        else if (strcasecmp(env, "fast") == 0) want = GKM_C25519_PATH_FAST;
    }
    g_auto_path = want != 0 && g_supported[want] ? want : best;
}

GKM_EXPORT int32_t gkm_c25519_path(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_c25519_path_supported(int32_t path) {
    if (!path_known(path)) return 0;
    pthread_once(&g_path_once, init_paths);
    return g_supported[path];
}

/* The concrete path for a requested one (AUTO resolved), or 0 when unknown or unsupported. */
static int32_t resolve(int32_t path) {
    if (!gkm_c25519_path_supported(path)) return 0;
    return path == GKM_C25519_PATH_AUTO ? gkm_c25519_path() : path;
}

/* ------------------------------------------------------------------ helpers */

/* SHA-512 of a || b || c (any of them may be empty; NULL only when empty). */
static void sha512_3(uint8_t out[64], const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, const uint8_t *c,
                     size_t c_len) {
    SHA512_CTX ctx;
    SHA512_Init(&ctx);
    if (a_len) SHA512_Update(&ctx, a, a_len);
    if (b_len) SHA512_Update(&ctx, b, b_len);
    if (c_len) SHA512_Update(&ctx, c, c_len);
    SHA512_Final(out, &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx); /* may hold the nonce prefix */
}

/* EVP's failure: cleared from the thread's error queue, reported as GKM_ERR_INTERNAL. */
static int32_t evp_failed(void) {
    ERR_clear_error();
    return GKM_ERR_INTERNAL;
}

/* ------------------------------------------------------------------ X25519 */

/* X25519 on EVP; u NULL: the base point. */
static int32_t x25519_evp(uint8_t out[32], const uint8_t k[32], const uint8_t *u) {
    int32_t rc = GKM_ERR_INTERNAL;
    EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, C25519_LEN);
    EVP_PKEY *peer = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    size_t len = C25519_LEN;
    if (priv == NULL) goto done;
    if (u == NULL) {
        if (EVP_PKEY_get_raw_public_key(priv, out, &len) == 1 && len == C25519_LEN) rc = 0;
        goto done;
    }
    peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, C25519_LEN);
    ctx = peer != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, priv, NULL) : NULL;
    if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) != 1) goto done;
    if (EVP_PKEY_derive(ctx, out, &len) == 1 && len == C25519_LEN) {
        rc = 0;
    } else if (ERR_GET_LIB(ERR_peek_last_error()) == ERR_LIB_PROV &&
               ERR_GET_REASON(ERR_peek_last_error()) == PROV_R_FAILED_DURING_DERIVATION) {
        /* OpenSSL refuses the all-zero result (RFC 7748 sec. 6.1); this API returns it. */
        memset(out, 0, C25519_LEN);
        ERR_clear_error();
        rc = 0;
    }
done:
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(priv); /* cleanses the private key */
    if (rc != 0) {
        OPENSSL_cleanse(out, C25519_LEN);
        rc = evp_failed();
    }
    return rc;
}

static int32_t x25519_common(int32_t path, uint8_t *out, const uint8_t *scalar, const uint8_t *u_in) {
    const int32_t p = resolve(path);
    if (p == 0) return GKM_ERR_UNSUPPORTED;
    uint8_t k[C25519_LEN], u[C25519_LEN], r[C25519_LEN];
    memcpy(k, scalar, C25519_LEN);
    if (u_in != NULL) memcpy(u, u_in, C25519_LEN);
    int32_t rc = 0;
    switch (p) {
#if GKM_C25519_HAVE_S2N
    case GKM_C25519_PATH_FAST:
        if (u_in != NULL) curve25519_x25519_byte(r, k, u);
        else curve25519_x25519base_byte(r, k);
        break;
    case GKM_C25519_PATH_ALT:
        if (u_in != NULL) curve25519_x25519_byte_alt(r, k, u);
        else curve25519_x25519base_byte_alt(r, k);
        break;
#endif
    default: rc = x25519_evp(r, k, u_in != NULL ? u : NULL); break;
    }
    memcpy(out, r, C25519_LEN);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(r, sizeof r);
    return rc;
}

GKM_EXPORT int32_t gkm_x25519_path(int32_t path, uint8_t *out, const uint8_t *scalar, const uint8_t *u) {
    if (out == NULL || scalar == NULL || u == NULL) return GKM_ERR_BOUNDS;
    return x25519_common(path, out, scalar, u);
}

GKM_EXPORT int32_t gkm_x25519(uint8_t *out, const uint8_t *scalar, const uint8_t *u) {
    return gkm_x25519_path(GKM_C25519_PATH_AUTO, out, scalar, u);
}

GKM_EXPORT int32_t gkm_x25519_base_path(int32_t path, uint8_t *out, const uint8_t *scalar) {
    if (out == NULL || scalar == NULL) return GKM_ERR_BOUNDS;
    return x25519_common(path, out, scalar, NULL);
}

GKM_EXPORT int32_t gkm_x25519_base(uint8_t *out, const uint8_t *scalar) {
    return gkm_x25519_base_path(GKM_C25519_PATH_AUTO, out, scalar);
}

/* ------------------------------------------------------------------ Ed25519 keys */

struct gkm_ed25519_key {
    uint64_t a[4];            /* the clamped secret scalar s (RFC 8032 sec. 5.1.5 step 2) */
    uint8_t prefix[32];       /* the nonce prefix (second half of SHA-512(seed)) */
    uint8_t pub[C25519_LEN];  /* A = [s]B, encoded */
    uint8_t seed[C25519_LEN]; /* the private key, for the EVP path */
    _Atomic(EVP_PKEY *) evp;  /* the EVP path's parsed key: set once, at its first use */
};

static EVP_PKEY *evp_ed25519_private(const uint8_t seed[32]) {
    return EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, C25519_LEN);
}

/* The key's EVP_PKEY, imported at first use; of two threads racing, one import is kept. */
static EVP_PKEY *key_evp(gkm_ed25519_key *key) {
    EVP_PKEY *pk = atomic_load_explicit(&key->evp, memory_order_acquire);
    if (pk != NULL) return pk;
    EVP_PKEY *fresh = evp_ed25519_private(key->seed);
    if (fresh == NULL) return NULL;
    EVP_PKEY *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(&key->evp, &expected, fresh, memory_order_acq_rel,
                                                memory_order_acquire)) {
        return fresh;
    }
    EVP_PKEY_free(fresh);
    return expected;
}

GKM_EXPORT void gkm_ed25519_key_free(gkm_ed25519_key *key) {
    if (key == NULL) return;
    EVP_PKEY_free(atomic_load_explicit(&key->evp, memory_order_acquire));
    OPENSSL_cleanse(key, sizeof *key);
    free(key);
}

GKM_EXPORT gkm_ed25519_key *gkm_ed25519_key_new_path(int32_t path, const uint8_t *seed) {
    if (seed == NULL) return NULL;
    const int32_t p = resolve(path);
    if (p == 0) return NULL;
    gkm_ed25519_key *key = malloc(sizeof *key);
    if (key == NULL) return NULL;
    memset(key, 0, sizeof *key);
    atomic_init(&key->evp, NULL);
    memcpy(key->seed, seed, C25519_LEN);
    uint8_t h[64];
    sha512_3(h, key->seed, C25519_LEN, NULL, 0, NULL, 0);
    h[0] &= 248;
    h[31] &= 127;
    h[31] |= 64;
    memcpy(key->a, h, 32);
    memcpy(key->prefix, h + 32, 32);
    OPENSSL_cleanse(h, sizeof h);
    int ok = 1;
    switch (p) {
#if GKM_C25519_HAVE_S2N
    case GKM_C25519_PATH_FAST:
    case GKM_C25519_PATH_ALT: {
        uint64_t point[8];
        if (p == GKM_C25519_PATH_FAST) edwards25519_scalarmulbase(point, key->a);
        else edwards25519_scalarmulbase_alt(point, key->a);
        edwards25519_encode(key->pub, point);
        OPENSSL_cleanse(point, sizeof point); /* public, but its bits follow the secret closely */
        break;
    }
#endif
    default: {
        EVP_PKEY *pk = evp_ed25519_private(key->seed);
        size_t len = C25519_LEN;
        ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, key->pub, &len) == 1 && len == C25519_LEN;
        if (ok) atomic_store_explicit(&key->evp, pk, memory_order_release);
        else EVP_PKEY_free(pk);
        break;
    }
    }
    if (!ok) {
        ERR_clear_error();
        gkm_ed25519_key_free(key);
        return NULL;
    }
    return key;
}

GKM_EXPORT gkm_ed25519_key *gkm_ed25519_key_new(const uint8_t *seed) {
    return gkm_ed25519_key_new_path(GKM_C25519_PATH_AUTO, seed);
}

GKM_EXPORT int32_t gkm_ed25519_key_public(const gkm_ed25519_key *key, uint8_t *out) {
    if (key == NULL || out == NULL) return GKM_ERR_BOUNDS;
    memcpy(out, key->pub, C25519_LEN);
    return 0;
}

/* ------------------------------------------------------------------ Ed25519 sign */

#define MSG_STACK 1024 /* messages up to this size are copied to the stack, longer ones to the heap */

#if GKM_C25519_HAVE_S2N
/* RFC 8032 sec. 5.1.6 with s2n-bignum; fast selects the MULX/ADX builds. */
static void sign_s2n(int fast, const gkm_ed25519_key *key, const uint8_t *m, size_t m_len, uint8_t sig[64]) {
    uint64_t h[8], r[4], point[8], k[4], s[4];
    /* r = SHA-512(prefix || M) mod L; R = [r]B */
    sha512_3((uint8_t *)h, key->prefix, 32, m, m_len, NULL, 0);
    bignum_mod_n25519(r, 8, h);
    if (fast) edwards25519_scalarmulbase(point, r);
    else edwards25519_scalarmulbase_alt(point, r);
    edwards25519_encode(sig, point);
    /* k = SHA-512(R || A || M) mod L; S = (r + k * s) mod L */
    sha512_3((uint8_t *)h, sig, 32, key->pub, C25519_LEN, m, m_len);
    bignum_mod_n25519(k, 8, h);
    if (fast) bignum_madd_n25519(s, k, key->a, r);
    else bignum_madd_n25519_alt(s, k, key->a, r);
    memcpy(sig + 32, s, 32);
    OPENSSL_cleanse(h, sizeof h);
    OPENSSL_cleanse(r, sizeof r);
    OPENSSL_cleanse(point, sizeof point);
    OPENSSL_cleanse(s, sizeof s);
}
#endif

static int32_t sign_evp(gkm_ed25519_key *key, const uint8_t *m, size_t m_len, uint8_t sig[64]) {
    EVP_PKEY *pk = key_evp(key);
    EVP_MD_CTX *ctx = pk != NULL ? EVP_MD_CTX_new() : NULL;
    size_t len = SIG_LEN;
    int ok = ctx != NULL && EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) == 1 &&
             EVP_DigestSign(ctx, sig, &len, m, m_len) == 1 && len == SIG_LEN;
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : evp_failed();
}

/*
 * The argument checks of the Ed25519 calls, in the order their contract gives: the fixed-size
 * buffers (a, b) present, then the message (msg_len >= 0, msg NULL only when empty, the length a
 * size_t), then the path. 0 or the GKM_ERR_* code; *resolved is the path to run.
 */
static int32_t check_ed25519_args(int32_t path, const void *a, const void *b, const uint8_t *msg, int64_t msg_len,
                                  int32_t *resolved) {
    if (a == NULL || b == NULL) return GKM_ERR_BOUNDS;
    if (msg_len < 0) return GKM_ERR_INPUT_LEN;
    if (msg == NULL && msg_len != 0) return GKM_ERR_BOUNDS;
    if ((uint64_t)msg_len > (uint64_t)SIZE_MAX) return GKM_ERR_INPUT_LEN;
    *resolved = resolve(path);
    return *resolved == 0 ? GKM_ERR_UNSUPPORTED : 0;
}

GKM_EXPORT int32_t gkm_ed25519_sign_path(int32_t path, const gkm_ed25519_key *key, const uint8_t *msg, int64_t msg_len,
                                         uint8_t *sig) {
    int32_t p;
    const int32_t bad = check_ed25519_args(path, key, sig, msg, msg_len, &p);
    if (bad != 0) return bad;

    /* The private copy both hashes read (see gkm_native.h). */
    const size_t m_len = (size_t)msg_len;
    uint8_t stack_buf[MSG_STACK];
    uint8_t *m = m_len <= MSG_STACK ? stack_buf : malloc(m_len);
    if (m == NULL) return GKM_ERR_INTERNAL;
    if (m_len) memcpy(m, msg, m_len);

    uint8_t out[SIG_LEN];
    int32_t rc = 0;
    switch (p) {
#if GKM_C25519_HAVE_S2N
    case GKM_C25519_PATH_FAST: sign_s2n(1, key, m, m_len, out); break;
    case GKM_C25519_PATH_ALT: sign_s2n(0, key, m, m_len, out); break;
#endif
    default:
        /* The one-time import writes only the key's atomic EVP_PKEY slot. */
        rc = sign_evp((gkm_ed25519_key *)key, m, m_len, out);
        break;
    }
    if (m != stack_buf) free(m);
    if (rc == 0) memcpy(sig, out, SIG_LEN);
    else memset(sig, 0, SIG_LEN);
    return rc;
}

GKM_EXPORT int32_t gkm_ed25519_sign(const gkm_ed25519_key *key, const uint8_t *msg, int64_t msg_len, uint8_t *sig) {
    return gkm_ed25519_sign_path(GKM_C25519_PATH_AUTO, key, msg, msg_len, sig);
}

/* ------------------------------------------------------------------ Ed25519 verify */

/*
 * 1 when the public key encoding pub is refused before any arithmetic: its y (the encoding without
 * the sign bit) is 0 or 1, p - 1 or more (p - 1 or not canonical), or that of a point of order 8.
 * These are the eight points of small order, in every encoding, and every non-canonical encoding:
 * exactly the encodings Bouncy Castle's Ed25519 verification refuses before decoding. OpenSSL 3.0
 * accepts them (y taken mod p), and under some of them a signature holds for any message (A the
 * identity, R the identity, S = 0). Public data: variable time.
 */
static int weak_public_key(const uint8_t pub[32]) {
    static const uint8_t order8_y[2][32] = {
        {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
         0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
        {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
         0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a}};
    uint8_t y[32];
    memcpy(y, pub, 32);
    y[31] &= 0x7f;
    if (memcmp(y, order8_y[0], 32) == 0 || memcmp(y, order8_y[1], 32) == 0) return 1;
    int zero_above = y[31] == 0, ones_above = y[31] == 0x7f;
    for (int i = 1; i < 31; i++) {
        zero_above &= y[i] == 0;
        ones_above &= y[i] == 0xff;
    }
    if (zero_above && y[0] <= 1) return 1;    /* 0, 1 */
    if (ones_above && y[0] >= 0xec) return 1; /* p - 1 = 2^255 - 20, and p .. 2^255 - 1 */
    return 0;
}

#if GKM_C25519_HAVE_S2N
/* 1 when the little-endian 32-byte s is < L = 2^252 + 27742317777372353535851937790883648493
 * (public data: variable time, as OpenSSL's check). */
static int scalar_below_l(const uint8_t s[32]) {
    static const uint8_t l[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                  0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                  0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    for (int i = 31; i >= 0; i--) {
        if (s[i] != l[i]) return s[i] < l[i];
    }
    return 0; /* s == L */
}

/*
 * [S]B - [k]A compared with R, for -A decoded (neg_a) from the encoding pub (hashed as given); the
 * caller checked S < L. k = SHA-512(R || A || M) mod L. With neg_a_table (the table of -A), both
 * multiplications run on tables (ed25519_table.c) instead of s2n-bignum's double-scalar ladder.
 */
static int32_t verify_decoded(int fast, const uint8_t pub[32], const uint64_t neg_a[8],
                              const ed25519_table *neg_a_table, const uint8_t *msg, size_t msg_len,
                              const uint8_t sig[64]) {
    uint8_t rcheck[32];
    uint64_t h[8], k[4], s[4], r[8];
    sha512_3((uint8_t *)h, sig, 32, pub, 32, msg, msg_len);
    bignum_mod_n25519(k, 8, h);
    memcpy(s, sig + 32, 32);
    const ed25519_table *b_table = neg_a_table != NULL ? ed25519_table_base() : NULL;
    uint64_t acc[16] = {0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}; /* the identity (0, 1, 1, 0) */
    if (b_table != NULL && ed25519_table_add_mul(fast, acc, s, b_table) &&
        ed25519_table_add_mul(fast, acc, k, neg_a_table)) {
        ed25519_table_affine(fast, r, acc);
    } else if (fast) {
        edwards25519_scalarmuldouble(r, k, neg_a, s);
    } else {
        edwards25519_scalarmuldouble_alt(r, k, neg_a, s);
    }
    edwards25519_encode(rcheck, r);
    return CRYPTO_memcmp(rcheck, sig, 32) == 0;
}

/* -A of the encoding pub (not weak, so canonical); 0 when pub encodes no point. */
static int decode_negated(int fast, const uint8_t pub[32], uint64_t neg_a[8]) {
    if ((fast ? edwards25519_decode(neg_a, pub) : edwards25519_decode_alt(neg_a, pub)) != 0) return 0;
    bignum_neg_p25519(neg_a, neg_a);
    return 1;
}

static int32_t verify_s2n(int fast, const uint8_t pub[32], const uint8_t *msg, size_t msg_len, const uint8_t sig[64]) {
    uint64_t neg_a[8];
    if (!scalar_below_l(sig + 32)) return 0;
    if (!decode_negated(fast, pub, neg_a)) return 0;
    return verify_decoded(fast, pub, neg_a, NULL, msg, msg_len, sig);
}
#endif

static int32_t verify_evp(const uint8_t pub[32], const uint8_t *msg, size_t msg_len, const uint8_t sig[64]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, C25519_LEN);
    EVP_MD_CTX *ctx = pk != NULL ? EVP_MD_CTX_new() : NULL;
    int32_t rc = GKM_ERR_INTERNAL;
    if (ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1) {
        rc = EVP_DigestVerify(ctx, sig, SIG_LEN, msg, msg_len) == 1;
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
    ERR_clear_error(); /* an invalid signature may leave an error too */
    return rc;
}

GKM_EXPORT int32_t gkm_ed25519_verify_path(int32_t path, const uint8_t *pub, const uint8_t *msg, int64_t msg_len,
                                           const uint8_t *sig) {
    int32_t p;
    const int32_t bad = check_ed25519_args(path, pub, sig, msg, msg_len, &p);
    if (bad != 0) return bad;
    uint8_t a[C25519_LEN], s[SIG_LEN];
    memcpy(a, pub, sizeof a);
    memcpy(s, sig, sizeof s);
    if (weak_public_key(a)) return 0;
    const size_t m_len = (size_t)msg_len; /* the message is read once, by the one hash */
    switch (p) {
#if GKM_C25519_HAVE_S2N
    case GKM_C25519_PATH_FAST: return verify_s2n(1, a, msg, m_len, s);
    case GKM_C25519_PATH_ALT: return verify_s2n(0, a, msg, m_len, s);
#endif
    default: return verify_evp(a, msg, m_len, s);
    }
}

GKM_EXPORT int32_t gkm_ed25519_verify(const uint8_t *pub, const uint8_t *msg, int64_t msg_len, const uint8_t *sig) {
    return gkm_ed25519_verify_path(GKM_C25519_PATH_AUTO, pub, msg, msg_len, sig);
}

/* ------------------------------------------------------------------ Ed25519 public keys, decoded once */

/*
 * A verification key: the encoding as given (hashed into k, and the EVP path's key) and -A decoded
 * once, which saves the square root of every verification with the key. A key verified often gets
 * a table of -A's multiples (ed25519_table.c), made at its GKM_ED25519_TABLE_AFTER-th verification
 * on an s2n-bignum path or by gkm_ed25519_pub_prepare, while fewer than GKM_ED25519_MAX_TABLES keys
 * of the process hold one (each is 132 KiB: a server that verifies under many keys must not grow
 * without bound). Public data; read-only after creation except for that one-time table slot.
 */
struct gkm_ed25519_pub {
    uint8_t enc[C25519_LEN];
    int weak; /* weak_public_key(enc): no signature verifies under it */
#if GKM_C25519_HAVE_S2N
    uint64_t neg_a[8];              /* -A, affine; meaningful when decoded */
    int decoded;                    /* 0: enc encodes no point (or is weak), so no signature verifies under it */
    _Atomic(ed25519_table *) table; /* -A's multiples, once made; freed with the key */
    atomic_int uses;                /* verifications on an s2n-bignum path before the table */
#endif
};

#if GKM_C25519_HAVE_S2N
static atomic_int tables_held; /* keys of this process holding a table */

/* The key's table, made now if it has none and the cap allows; NULL when it has none. */
static const ed25519_table *key_table(gkm_ed25519_pub *key, int fast) {
    ed25519_table *t = atomic_load_explicit(&key->table, memory_order_acquire);
    if (t != NULL || !key->decoded) return t;
    if (atomic_fetch_add(&tables_held, 1) >= GKM_ED25519_MAX_TABLES) {
        atomic_fetch_sub(&tables_held, 1);
        return NULL;
    }
    t = malloc(sizeof *t);
    if (t == NULL || !ed25519_table_build(fast, t, key->neg_a)) {
        free(t);
        atomic_fetch_sub(&tables_held, 1);
        return NULL;
    }
    ed25519_table *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&key->table, &none, t, memory_order_acq_rel, memory_order_acquire)) {
        free(t); /* another thread made it first */
        atomic_fetch_sub(&tables_held, 1);
        return none;
    }
    return t;
}
#endif

GKM_EXPORT gkm_ed25519_pub *gkm_ed25519_pub_new(const uint8_t *pub) {
    if (pub == NULL) return NULL;
    gkm_ed25519_pub *key = malloc(sizeof *key);
    if (key == NULL) return NULL;
    memset(key, 0, sizeof *key);
    memcpy(key->enc, pub, C25519_LEN);
    key->weak = weak_public_key(key->enc);
#if GKM_C25519_HAVE_S2N
    /* The portable decoder: it runs once per key, and gives what the fast one gives. */
    key->decoded = !key->weak && decode_negated(0, key->enc, key->neg_a);
    atomic_init(&key->table, NULL);
    atomic_init(&key->uses, 0);
#endif
    return key;
}

GKM_EXPORT void gkm_ed25519_pub_free(gkm_ed25519_pub *key) {
    if (key == NULL) return;
#if GKM_C25519_HAVE_S2N
    ed25519_table *t = atomic_load(&key->table);
    if (t != NULL) {
        free(t);
        atomic_fetch_sub(&tables_held, 1);
    }
#endif
    free(key);
}

GKM_EXPORT int32_t gkm_ed25519_pub_prepare(gkm_ed25519_pub *key) {
    if (key == NULL) return GKM_ERR_BOUNDS;
#if GKM_C25519_HAVE_S2N
    return key_table(key, cpu_supports(GKM_C25519_PATH_FAST)) != NULL;
#else
    return 0;
#endif
}

GKM_EXPORT int32_t gkm_ed25519_pub_verify_path(int32_t path, const gkm_ed25519_pub *key, const uint8_t *msg,
                                               int64_t msg_len, const uint8_t *sig) {
    int32_t p;
    const int32_t bad = check_ed25519_args(path, key, sig, msg, msg_len, &p);
    if (bad != 0) return bad;
    uint8_t s[SIG_LEN];
    memcpy(s, sig, sizeof s);
    if (key->weak) return 0;
    const size_t m_len = (size_t)msg_len; /* the message is read once, by the one hash */
    switch (p) {
#if GKM_C25519_HAVE_S2N
    case GKM_C25519_PATH_FAST:
    case GKM_C25519_PATH_ALT: {
        if (!scalar_below_l(s + 32) || !key->decoded) return 0;
        const int fast = p == GKM_C25519_PATH_FAST;
        gkm_ed25519_pub *k = (gkm_ed25519_pub *)key; /* only its one-time table slot and use count change */
        const ed25519_table *t = atomic_load_explicit(&k->table, memory_order_acquire);
        if (t == NULL && atomic_fetch_add_explicit(&k->uses, 1, memory_order_relaxed) + 1 == GKM_ED25519_TABLE_AFTER) {
            t = key_table(k, fast);
        }
        return verify_decoded(fast, key->enc, key->neg_a, t, msg, m_len, s);
    }
#endif
    default: return verify_evp(key->enc, msg, m_len, s);
    }
}

GKM_EXPORT int32_t gkm_ed25519_pub_verify(const gkm_ed25519_pub *key, const uint8_t *msg, int64_t msg_len,
                                          const uint8_t *sig) {
    return gkm_ed25519_pub_verify_path(GKM_C25519_PATH_AUTO, key, msg, msg_len, sig);
}
