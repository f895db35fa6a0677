/*
 * P-256: public keys, ECDSA P-256/SHA-256 and ECDH over three kernel paths, as curve25519.c:
 * s2n-bignum's verified x86_64 assembly (third_party/s2n-bignum; MULX/ADX "fast" and plain "alt"
 * builds) and OpenSSL (EC_POINT_mul for public keys, EVP through pkey.c's prepared keys for the
 * rest), the portable path. This file checks arguments, copies inputs, chooses the path, hashes,
 * and does the ECDSA scalar arithmetic mod n with s2n-bignum's fixed-width, constant-time generic
 * functions (bignum_modinv, bignum_montmul, bignum_modadd): no BIGNUM, no secret-dependent branch
 * or memory index. The s2n-bignum functions are formally verified upstream for functional
 * correctness and for the absence of secret-dependent branches and memory indexes.
 *
 * Why: OpenSSL 3.0's ECDSA layer (BIGNUM arithmetic, nonce derivation, EVP dispatch) costs more
 * than its scalar multiplication; the s2n-bignum kernels with a fixed-base table for G are the
 * ones AWS-LC uses.
 *
 * The base point table (p256_base_table.h, 88 KB) is generated offline by gen_p256_base_table.py
 * into a const array: read-only data, no initialisation at run time and so no init race. Blocksize
 * 6 measured best for p256_scalarmulbase (5: 53 KB, ~7% slower; 7: 152 KB, ~2% slower).
 *
 * Verification works on public data and is variable time: u1 G + u2 Q by an interleaved wNAF over
 * s2n-bignum's point additions and doublings (double_mul), which the constant-time kernels would
 * make slower for nothing.
 *
 * Integers in this file: 4 little-endian 64-bit words ("limbs"); the byte forms are big-endian.
 */
/* SHA256_* and SHA512_* low-level calls: deprecated in OpenSSL 3.0 but kept (curve25519.c says
 * why). SHA256() one-shot would go through EVP and fetch the digest on every call (~0.5 us). */
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gkm_internal.h"

/* GKM_C25519_NO_ASM (CMake -DGKM_C25519_ASM=OFF) drops every s2n-bignum kernel, P-256's too. */
#if defined(__x86_64__) && !defined(_WIN32) && !defined(GKM_C25519_NO_ASM)
#define GKM_P256_HAVE_S2N 1
#else
#define GKM_P256_HAVE_S2N 0
#endif

#if GKM_P256_HAVE_S2N
/* s2n-bignum (third_party/s2n-bignum/x86/{p256,generic}; prototypes as in its s2n-bignum.h). */
void p256_scalarmulbase(uint64_t res[8], const uint64_t scalar[4], uint64_t blocksize, const uint64_t *table);
void p256_scalarmulbase_alt(uint64_t res[8], const uint64_t scalar[4], uint64_t blocksize, const uint64_t *table);
void p256_montjscalarmul(uint64_t res[12], const uint64_t scalar[4], const uint64_t point[12]);
void p256_montjscalarmul_alt(uint64_t res[12], const uint64_t scalar[4], const uint64_t point[12]);
void p256_montjadd(uint64_t p3[12], const uint64_t p1[12], const uint64_t p2[12]);
void p256_montjadd_alt(uint64_t p3[12], const uint64_t p1[12], const uint64_t p2[12]);
void p256_montjmixadd(uint64_t p3[12], const uint64_t p1[12], const uint64_t p2[8]);
void p256_montjmixadd_alt(uint64_t p3[12], const uint64_t p1[12], const uint64_t p2[8]);
void p256_montjdouble(uint64_t p3[12], const uint64_t p1[12]);
void p256_montjdouble_alt(uint64_t p3[12], const uint64_t p1[12]);
void bignum_montinv_p256(uint64_t z[4], const uint64_t x[4]);
void bignum_montmul_p256(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_montmul_p256_alt(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_montsqr_p256(uint64_t z[4], const uint64_t x[4]);
void bignum_montsqr_p256_alt(uint64_t z[4], const uint64_t x[4]);
void bignum_tomont_p256(uint64_t z[4], const uint64_t x[4]);
void bignum_tomont_p256_alt(uint64_t z[4], const uint64_t x[4]);
void bignum_demont_p256(uint64_t z[4], const uint64_t x[4]);
void bignum_demont_p256_alt(uint64_t z[4], const uint64_t x[4]);
void bignum_mod_n256(uint64_t z[4], uint64_t k, const uint64_t *x);
void bignum_mod_n256_alt(uint64_t z[4], uint64_t k, const uint64_t *x);
void bignum_mod_n256_4(uint64_t z[4], const uint64_t x[4]);
void bignum_add_p256(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_sub_p256(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_modinv(uint64_t k, uint64_t *z, const uint64_t *a, const uint64_t *b, uint64_t *t);
void bignum_montmul(uint64_t k, uint64_t *z, const uint64_t *x, const uint64_t *y, const uint64_t *m);
void bignum_modadd(uint64_t k, uint64_t *z, const uint64_t *x, const uint64_t *y, const uint64_t *m);

#include "p256_base_table.h"
#endif

/*
 * declassify: marks a value derived from a secret as public before a branch on it (a validity
 * verdict, a retry condition, a value about to be output). A no-op, except in test_p256_ct's
 * memcheck build, where the secrets are marked undefined and memcheck reports any branch or
 * address on them: there it marks the value defined, so that only undeclared uses are reported.
 */
#ifdef GKM_P256_MEMCHECK
#include <valgrind/memcheck.h>
#define declassify(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define declassify(p, n) ((void)(p), (void)(n))
#endif

#define PT_LEN  65 /* uncompressed SEC1 point: 0x04 || x || y */
#define SIG_LEN 64 /* r || s */

/* The group order n and the field prime p, limbs. */
static const uint64_t N256[4] = {0xf3b9cac2fc632551ull, 0xbce6faada7179e84ull, 0xffffffffffffffffull,
                                 0xffffffff00000000ull};
static const uint64_t P256[4] = {0xffffffffffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull,
                                 0xffffffff00000001ull};

/* ------------------------------------------------------------------ paths */

static int path_known(int32_t path) {
    return path >= GKM_P256_PATH_AUTO && path <= GKM_P256_PATH_FAST;
}

static int cpu_supports(int32_t path) {
    if (path == GKM_P256_PATH_AUTO || path == GKM_P256_PATH_EVP) return 1;
#if GKM_P256_HAVE_S2N
    if (path == GKM_P256_PATH_ALT) return 1;
#ifdef GKM_P256_TEST_ASSUME_BMI2_ADX
    /* Only in test_p256_ct built from these sources: valgrind's CPUID hides ADX, and that test
     * checks the real CPU has BMI2 and ADX before it runs the fast path under valgrind. */
    if (path == GKM_P256_PATH_FAST) return 1;
#endif
    const uint32_t need = GKM_CPUX_BMI2 | GKM_CPUX_ADX;
    if (path == GKM_P256_PATH_FAST) return (gkm_cpu_features_internal() & need) == need;
#endif
    return 0;
}

static pthread_once_t g_path_once = PTHREAD_ONCE_INIT;
static int g_supported[4];
static int32_t g_auto_path = GKM_P256_PATH_EVP;

/* AUTO: GKM_P256_PATH (evp|alt|fast) when set to a path this build and CPU support, else the best
 * one. Read once per process (tests and benches use the _path calls to switch). */
static void init_paths(void) {
    for (int32_t p = 0; p < 4; p++) g_supported[p] = cpu_supports(p);
    int32_t best = GKM_P256_PATH_EVP;
    if (g_supported[GKM_P256_PATH_ALT]) best = GKM_P256_PATH_ALT;
    if (g_supported[GKM_P256_PATH_FAST]) best = GKM_P256_PATH_FAST;
    const char *env = getenv("GKM_P256_PATH");
    int32_t want = 0;
    if (env != NULL) {
        if (strcasecmp(env, "evp") == 0) want = GKM_P256_PATH_EVP;
        else if (strcasecmp(env, "alt") == 0) want = GKM_P256_PATH_ALT;
        else if (strcasecmp(env, "fast") == 0) want = GKM_P256_PATH_FAST;
    }
    g_auto_path = want != 0 && g_supported[want] ? want : best;
}

GKM_EXPORT int32_t gkm_p256_path(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_p256_path_supported(int32_t path) {
    if (!path_known(path)) return 0;
    pthread_once(&g_path_once, init_paths);
    return g_supported[path];
}

/* The concrete path for a requested one (AUTO resolved), or 0 when unknown or unsupported. */
static int32_t resolve(int32_t path) {
    if (!gkm_p256_path_supported(path)) return 0;
    return path == GKM_P256_PATH_AUTO ? gkm_p256_path() : path;
}

/* ------------------------------------------------------------------ helpers */

static uint64_t load_be64(const uint8_t *b) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | b[i];
    return v;
}

/* Big-endian bytes (32 * words / 4) to limbs. */
static void from_be(uint64_t *w, const uint8_t *b, int words) {
    for (int i = 0; i < words; i++) w[i] = load_be64(b + 8 * (words - 1 - i));
}

/* All ones when x < m, else 0; constant time (the borrow of x - m, word by word, by the bitwise
 * borrow formula of Hacker's Delight 2-13 rather than comparisons a compiler might branch on). */
static uint64_t lt_mask(const uint64_t x[4], const uint64_t m[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        const uint64_t d = x[i] - m[i] - borrow;
        borrow = ((~x[i] & m[i]) | (~(x[i] ^ m[i]) & d)) >> 63;
    }
    return 0 - borrow;
}

/* All ones when x != 0, else 0; constant time. */
static uint64_t nonzero_mask(const uint64_t x[4]) {
    const uint64_t v = x[0] | x[1] | x[2] | x[3];
    return 0 - ((v | (0 - v)) >> 63);
}

/* 1 <= x < n: the mask as a 0/1 int (only the verdict is revealed). */
static int scalar_valid(const uint64_t x[4]) {
    int ok = (int)(lt_mask(x, N256) & nonzero_mask(x) & 1);
    declassify(&ok, sizeof ok);
    return ok;
}

static int32_t evp_failed(void) {
    ERR_clear_error();
    return GKM_ERR_INTERNAL;
}

/* The group, made once per process for the EVP path's public keys and the portable build's point
 * checks (NULL on failure: reported per call). */
static EC_GROUP *g_group;
static pthread_once_t g_group_once = PTHREAD_ONCE_INIT;

static void group_init(void) {
    g_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
}

static const EC_GROUP *group(void) {
    pthread_once(&g_group_once, group_init);
    return g_group;
}

/* d*G on OpenSSL (EC_POINT_mul, the nistz256 fixed-base code on x86_64), d checked by the caller. */
static int32_t public_key_evp(const uint8_t d[32], uint8_t out[PT_LEN]) {
    const EC_GROUP *g = group();
    if (g == NULL) return evp_failed();
    int32_t rc = GKM_ERR_INTERNAL;
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *scalar = BN_secure_new();
    EC_POINT *pub = EC_POINT_new(g);
    if (ctx == NULL || scalar == NULL || pub == NULL) goto done;
    BN_set_flags(scalar, BN_FLG_CONSTTIME);
    if (BN_bin2bn(d, 32, scalar) == NULL) goto done;
    if (EC_POINT_mul(g, pub, scalar, NULL, NULL, ctx) != 1) goto done;
    if (EC_POINT_point2oct(g, pub, POINT_CONVERSION_UNCOMPRESSED, out, PT_LEN, ctx) != PT_LEN) goto done;
    rc = GKM_OK;
done:
    EC_POINT_free(pub);
    BN_clear_free(scalar);
    BN_CTX_free(ctx);
    if (rc != GKM_OK) rc = evp_failed();
    return rc;
}

/* An EVP_PKEY for P-256 from the uncompressed point and, for a private key, the scalar; NULL when
 * OpenSSL refuses them (error queue cleared). */
static EVP_PKEY *evp_p256(const uint8_t *d, const uint8_t pub[PT_LEN]) {
    uint8_t dn[32]; /* OSSL_PARAM integers are in native byte order */
    OSSL_PARAM params[4];
    int n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, PT_LEN);
    if (d != NULL) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        memcpy(dn, d, 32);
#else
        for (int i = 0; i < 32; i++) dn[i] = d[31 - i];
#endif
        params[n++] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, dn, 32);
    }
    params[n] = OSSL_PARAM_construct_end();
    EVP_PKEY *pk = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pk, d != NULL ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
        pk = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_cleanse(dn, sizeof dn);
    if (pk == NULL) ERR_clear_error();
    return pk;
}

/* The prepared EVP key of a key (made at its first use; of two threads racing, one is kept). */
static gkm_pkey *prepared_evp(_Atomic(gkm_pkey *) *slot, const uint8_t *d, const uint8_t pub[PT_LEN]) {
    gkm_pkey *pk = atomic_load_explicit(slot, memory_order_acquire);
    if (pk != NULL) return pk;
    gkm_pkey *fresh = gkm_pkey_wrap(evp_p256(d, pub)); /* NULL-safe */
    if (fresh == NULL) return NULL;
    gkm_pkey *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(slot, &expected, fresh, memory_order_acq_rel, memory_order_acquire)) {
        return fresh;
    }
    gkm_pkey_free(fresh);
    return expected;
}

#if GKM_P256_HAVE_S2N
/* R^2 mod n (R = 2^256): montmul(x, R2N) = x * R mod n, montmul(montmul(x, y), R2N) = x * y mod n. */
static const uint64_t R2N[4] = {0x83244c95be79eea2ull, 0x4699799c49bd6fa6ull, 0x2845b2392b6bec59ull,
                                0x66e12d94f3d95620ull};
/* 1 and b in Montgomery form mod p (R mod p, b R mod p). */
static const uint64_t ONE_M[4] = {0x0000000000000001ull, 0xffffffff00000000ull, 0xffffffffffffffffull,
                                  0x00000000fffffffeull};
static const uint64_t B_M[4] = {0xd89cdf6229c4bddfull, 0xacf005cd78843090ull, 0xe5a220abf7212ed6ull,
                                0xdc30061d04874834ull};

static void store_be64(uint8_t *b, uint64_t v) {
    for (int i = 7; i >= 0; i--, v >>= 8) b[i] = (uint8_t)v;
}

/* Limbs to big-endian bytes (32 * words / 4). */
static void to_be(uint8_t *b, const uint64_t *w, int words) {
    for (int i = 0; i < words; i++) store_be64(b + 8 * (words - 1 - i), w[i]);
}

/* e = SHA-256(msg), the message read once. */
static void sha256(uint8_t h[32], const uint8_t *msg, size_t len) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    if (len) SHA256_Update(&ctx, msg, len);
    SHA256_Final(h, &ctx);
}

/* The field functions of one path (fast: the MULX/ADX builds). */
static void montmul_p(int fast, uint64_t z[4], const uint64_t x[4], const uint64_t y[4]) {
    if (fast) bignum_montmul_p256(z, x, y);
    else bignum_montmul_p256_alt(z, x, y);
}

static void montsqr_p(int fast, uint64_t z[4], const uint64_t x[4]) {
    if (fast) bignum_montsqr_p256(z, x);
    else bignum_montsqr_p256_alt(z, x);
}

static void tomont_p(int fast, uint64_t z[4], const uint64_t x[4]) {
    if (fast) bignum_tomont_p256(z, x);
    else bignum_tomont_p256_alt(z, x);
}

static void demont_p(int fast, uint64_t z[4], const uint64_t x[4]) {
    if (fast) bignum_demont_p256(z, x);
    else bignum_demont_p256_alt(z, x);
}

/* x * y mod n for x, y < n. */
static void mulmod_n(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t t[4];
    bignum_montmul(4, t, x, y, N256);
    bignum_montmul(4, z, t, R2N, N256);
    OPENSSL_cleanse(t, sizeof t);
}

/* d*G, affine (not Montgomery), by the fixed-base table; d < n. */
static void base_mul(int fast, uint64_t res[8], const uint64_t d[4]) {
    if (fast) p256_scalarmulbase(res, d, P256_BASE_BLOCKSIZE, &P256_BASE_TABLE[0][0][0]);
    else p256_scalarmulbase_alt(res, d, P256_BASE_BLOCKSIZE, &P256_BASE_TABLE[0][0][0]);
}

/* The affine x (not Montgomery) of a Montgomery-Jacobian point with z != 0. */
static void affine_x(int fast, uint64_t x[4], const uint64_t p[12]) {
    uint64_t zi[4], zi2[4], xm[4];
    bignum_montinv_p256(zi, p + 8);
    montsqr_p(fast, zi2, zi);
    montmul_p(fast, xm, p, zi2);
    demont_p(fast, x, xm);
    OPENSSL_cleanse(zi, sizeof zi);
    OPENSSL_cleanse(zi2, sizeof zi2);
    OPENSSL_cleanse(xm, sizeof xm);
}

/* z = x + y, the carry out; z = x - y mod 2^256 (public data only: variable time). */
static uint64_t add4(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]) {
    unsigned __int128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (unsigned __int128)x[i] + y[i];
        z[i] = (uint64_t)c;
        c >>= 64;
    }
    return (uint64_t)c;
}

static void sub4(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        const uint64_t xi = x[i], yi = y[i];
        z[i] = xi - yi - borrow;
        borrow = xi < yi || (xi == yi && borrow);
    }
}

static int is_zero4(const uint64_t x[4]) {
    return (x[0] | x[1] | x[2] | x[3]) == 0;
}

/* 1 when the affine (x, y), both < p, is on y^2 = x^3 - 3x + b; Montgomery forms into xm, ym. */
static int on_curve(int fast, const uint64_t x[4], const uint64_t y[4], uint64_t xm[4], uint64_t ym[4]) {
    uint64_t y2[4], t[4], rhs[4];
    tomont_p(fast, xm, x);
    tomont_p(fast, ym, y);
    montsqr_p(fast, y2, ym);
    montsqr_p(fast, t, xm);
    montmul_p(fast, rhs, t, xm); /* x^3 */
    for (int i = 0; i < 3; i++) bignum_sub_p256(rhs, rhs, xm);
    bignum_add_p256(rhs, rhs, B_M);
    return memcmp(y2, rhs, sizeof y2) == 0;
}
#endif

/* ------------------------------------------------------------------ keys */

struct gkm_p256_key {
    uint64_t d[4];           /* the scalar, 1 <= d < n */
    uint64_t dm[4];          /* d R mod n: montmul(r, dm) = r d mod n */
    uint8_t d_be[32];        /* d as given (the nonce hash input and the EVP path's key) */
    uint8_t pub[PT_LEN];     /* d*G, uncompressed */
    _Atomic(gkm_pkey *) evp; /* the EVP path's prepared key: made at its first use */
};

/* j 2^(6i) P for 1 <= j <= 32, 0 <= i < 43, Montgomery-affine: P256_BASE_TABLE's layout (88 KiB). */
typedef uint64_t p256_table[43][32][8];

struct gkm_p256_pub {
    uint8_t enc[PT_LEN];     /* the point as given (validated) */
    uint64_t qm[12];         /* Montgomery-Jacobian (x R, y R, R) mod p */
    _Atomic(gkm_pkey *) evp; /* the EVP path's prepared key: made at its first use */
    /* Q's multiples, made at the key's GKM_P256_TABLE_AFTER-th verification on an s2n-bignum path
     * (or by gkm_p256_pub_prepare) while fewer than GKM_P256_MAX_TABLES keys hold one */
    _Atomic(p256_table *) table;
    atomic_int uses;
};

/* d*G of a valid d (limbs and bytes) on a resolved path. */
static int32_t public_point(int32_t p, const uint64_t d[4], const uint8_t d_be[32], uint8_t out[PT_LEN]) {
    switch (p) {
#if GKM_P256_HAVE_S2N
    case GKM_P256_PATH_FAST:
    case GKM_P256_PATH_ALT: {
        uint64_t res[8];
        base_mul(p == GKM_P256_PATH_FAST, res, d);
        out[0] = 0x04;
        to_be(out + 1, res, 4);
        to_be(out + 33, res + 4, 4);
        OPENSSL_cleanse(res, sizeof res); /* public, but its bits follow the secret closely */
        return GKM_OK;
    }
#endif
    default: (void)d; return public_key_evp(d_be, out);
    }
}

GKM_EXPORT int32_t gkm_p256_public_key_path(int32_t path, const uint8_t *d, int32_t d_len, uint8_t *out,
                                            int32_t out_len) {
    if (d == NULL || out == NULL || d_len != 32 || out_len != PT_LEN) return GKM_ERR_BOUNDS;
    const int32_t p = resolve(path);
    if (p == 0) return GKM_ERR_UNSUPPORTED;
    uint8_t k[32], pt[PT_LEN];
    uint64_t kw[4];
    memcpy(k, d, sizeof k); /* the caller's bytes are read once */
    from_be(kw, k, 4);
    int32_t rc = scalar_valid(kw) ? public_point(p, kw, k, pt) : GKM_ERR_KEY;
    if (rc == GKM_OK) memcpy(out, pt, PT_LEN);
    else if (rc == GKM_ERR_INTERNAL) OPENSSL_cleanse(out, PT_LEN);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(kw, sizeof kw);
    return rc;
}

GKM_EXPORT int32_t gkm_p256_public_key(const uint8_t *d, int32_t d_len, uint8_t *out, int32_t out_len) {
    return gkm_p256_public_key_path(GKM_P256_PATH_AUTO, d, d_len, out, out_len);
}

GKM_EXPORT void gkm_p256_key_free(gkm_p256_key *key) {
    if (key == NULL) return;
    gkm_pkey_free(atomic_load_explicit(&key->evp, memory_order_acquire));
    OPENSSL_cleanse(key, sizeof *key);
    free(key);
}

GKM_EXPORT int32_t gkm_p256_key_new_path(int32_t path, const uint8_t *d, int32_t d_len, gkm_p256_key **out) {
    if (out != NULL) *out = NULL;
    if (d == NULL || out == NULL || d_len != 32) return GKM_ERR_BOUNDS;
    const int32_t p = resolve(path);
    if (p == 0) return GKM_ERR_UNSUPPORTED;
    gkm_p256_key *key = malloc(sizeof *key);
    if (key == NULL) return GKM_ERR_INTERNAL;
    memset(key, 0, sizeof *key);
    atomic_init(&key->evp, NULL);
    memcpy(key->d_be, d, 32); /* read once */
    from_be(key->d, key->d_be, 4);
    if (!scalar_valid(key->d)) {
        gkm_p256_key_free(key);
        return GKM_ERR_KEY;
    }
#if GKM_P256_HAVE_S2N
    bignum_montmul(4, key->dm, key->d, R2N, N256);
#endif
    const int32_t rc = public_point(p, key->d, key->d_be, key->pub);
    if (rc != GKM_OK) {
        gkm_p256_key_free(key);
        return rc;
    }
    *out = key;
    return GKM_OK;
}

GKM_EXPORT int32_t gkm_p256_key_new(const uint8_t *d, int32_t d_len, gkm_p256_key **out) {
    return gkm_p256_key_new_path(GKM_P256_PATH_AUTO, d, d_len, out);
}

GKM_EXPORT int32_t gkm_p256_key_public(const gkm_p256_key *key, uint8_t *out, int32_t out_len) {
    if (key == NULL || out == NULL || out_len != PT_LEN) return GKM_ERR_BOUNDS;
    memcpy(out, key->pub, PT_LEN);
    return GKM_OK;
}

/* 1 when the big-endian 32 bytes are < p (public data: variable time). */
static int below_p(const uint8_t b[32]) {
    uint64_t w[4];
    from_be(w, b, 4);
    return lt_mask(w, P256) != 0;
}

static atomic_int tables_held; /* public keys of this process holding a table */

GKM_EXPORT void gkm_p256_pub_free(gkm_p256_pub *key) {
    if (key == NULL) return;
    gkm_pkey_free(atomic_load_explicit(&key->evp, memory_order_acquire));
    p256_table *t = atomic_load_explicit(&key->table, memory_order_acquire);
    if (t != NULL) {
        free(t);
        atomic_fetch_sub(&tables_held, 1);
    }
    free(key);
}

GKM_EXPORT int32_t gkm_p256_pub_new(const uint8_t *point, int32_t len, gkm_p256_pub **out) {
    if (out != NULL) *out = NULL;
    if (point == NULL || out == NULL || len != PT_LEN) return GKM_ERR_BOUNDS;
    gkm_p256_pub *key = malloc(sizeof *key);
    if (key == NULL) return GKM_ERR_INTERNAL;
    memset(key, 0, sizeof *key);
    atomic_init(&key->evp, NULL);
    atomic_init(&key->table, NULL);
    atomic_init(&key->uses, 0);
    memcpy(key->enc, point, PT_LEN); /* read once */
    int ok = key->enc[0] == 0x04 && below_p(key->enc + 1) && below_p(key->enc + 33);
#if GKM_P256_HAVE_S2N
    if (ok) {
        uint64_t x[4], y[4];
        from_be(x, key->enc + 1, 4);
        from_be(y, key->enc + 33, 4);
        /* Either build gives the same bits; the plain one runs on every x86_64 CPU. */
        ok = on_curve(gkm_p256_path_supported(GKM_P256_PATH_FAST), x, y, key->qm, key->qm + 4);
        memcpy(key->qm + 8, ONE_M, sizeof ONE_M);
    }
#else
    if (ok) {
        const EC_GROUP *g = group();
        EC_POINT *q = g != NULL ? EC_POINT_new(g) : NULL;
        if (q == NULL) {
            gkm_p256_pub_free(key);
            return evp_failed();
        }
        ok = EC_POINT_oct2point(g, q, key->enc, PT_LEN, NULL) == 1;
        EC_POINT_free(q);
        ERR_clear_error();
    }
#endif
    if (!ok) {
        gkm_p256_pub_free(key);
        return GKM_ERR_KEY;
    }
    *out = key;
    return GKM_OK;
}

GKM_EXPORT int32_t gkm_p256_pub_encoded(const gkm_p256_pub *key, uint8_t *out, int32_t out_len) {
    if (key == NULL || out == NULL || out_len != PT_LEN) return GKM_ERR_BOUNDS;
    memcpy(out, key->enc, PT_LEN);
    return GKM_OK;
}

/* ------------------------------------------------------------------ ECDSA */

/* The argument checks of the ECDSA calls: key and sig present, sig_len 64, then the message, then
 * the path. 0 or the GKM_ERR_* code; *resolved is the path to run. */
static int32_t check_args(int32_t path, const void *key, const void *sig, int32_t sig_len, const uint8_t *msg,
                          int64_t msg_len, int32_t *resolved) {
    if (key == NULL || sig == NULL || sig_len != SIG_LEN) return GKM_ERR_BOUNDS;
    if (msg_len < 0) return GKM_ERR_INPUT_LEN;
    if (msg == NULL && msg_len != 0) return GKM_ERR_BOUNDS;
    if ((uint64_t)msg_len > (uint64_t)SIZE_MAX) return GKM_ERR_INPUT_LEN;
    *resolved = resolve(path);
    return *resolved == 0 ? GKM_ERR_UNSUPPORTED : 0;
}

#if GKM_P256_HAVE_S2N
/*
 * ECDSA signing with s2n-bignum: e = SHA-256(msg) mod n; k = SHA-512(32 random bytes || d || e)
 * mod n (hedged: unique per message even with a failing RNG, and unpredictable with a working
 * one; the 512-bit reduction's bias is below 2^-256), retried when 0; r = x(kG) mod n; s = k^-1
 * (e + r d) mod n; retried when r or s is 0. Returns 0 or GKM_ERR_INTERNAL (the RNG failed).
 */
static int32_t sign_s2n(int fast, const gkm_p256_key *key, const uint8_t *msg, size_t msg_len, uint8_t sig[64]) {
    uint8_t h[32], rnd[32], wide[64];
    uint64_t e[4], hw[8], k[4], kinv[4], pt[8], r[4], rd[4], sum[4], s[4], t[12];
    int32_t rc = GKM_ERR_INTERNAL;
    sha256(h, msg, msg_len); /* the message is read once */
    from_be(hw, h, 4);
    bignum_mod_n256_4(e, hw);
    for (int attempt = 0; attempt < 64; attempt++) {
        /* RAND_priv_bytes through random.c's per-thread buffer: a direct call costs ~2.7 us here,
         * most of it OpenSSL's getpid() fork check. */
        if (gkm_random_priv_internal(rnd, sizeof rnd) != GKM_OK) break;
        SHA512_CTX ctx;
        SHA512_Init(&ctx);
        SHA512_Update(&ctx, rnd, sizeof rnd);
        SHA512_Update(&ctx, key->d_be, 32);
        SHA512_Update(&ctx, h, sizeof h);
        SHA512_Final(wide, &ctx);
        OPENSSL_cleanse(&ctx, sizeof ctx);
        from_be(hw, wide, 8);
        if (fast) bignum_mod_n256(k, 8, hw);
        else bignum_mod_n256_alt(k, 8, hw);
        uint64_t k_ok = nonzero_mask(k) & 1;
        declassify(&k_ok, sizeof k_ok);
        if (!k_ok) continue; /* probability 2^-256: reveals only that */
        base_mul(fast, pt, k);
        bignum_mod_n256_4(r, pt); /* x < p < 2n */
        declassify(r, sizeof r);
        if (is_zero4(r)) continue; /* r is public */
        bignum_modinv(4, kinv, k, N256, t);
        bignum_montmul(4, rd, r, key->dm, N256); /* r d mod n */
        bignum_modadd(4, sum, e, rd, N256);
        mulmod_n(s, kinv, sum);
        declassify(s, sizeof s);
        if (is_zero4(s)) continue; /* s is public */
        to_be(sig, r, 4);
        to_be(sig + 32, s, 4);
        rc = GKM_OK;
        break;
    }
    OPENSSL_cleanse(rnd, sizeof rnd);
    OPENSSL_cleanse(wide, sizeof wide);
    OPENSSL_cleanse(hw, sizeof hw);
    OPENSSL_cleanse(k, sizeof k);
    OPENSSL_cleanse(kinv, sizeof kinv);
    OPENSSL_cleanse(pt, sizeof pt);
    OPENSSL_cleanse(rd, sizeof rd);
    OPENSSL_cleanse(sum, sizeof sum);
    OPENSSL_cleanse(t, sizeof t);
    OPENSSL_cleanse(s, sizeof s);
    return rc;
}

/* ---- verification's u1 G + u2 Q: variable time (public data only) ---- */

#define WNAF_Q 5 /* window of u2's digits: odd multiples Q .. 15 Q, 8 points made per verification */
#define WNAF_G 6 /* window of u1's digits: odd multiples G .. 31 G, the base table's first row */

/*
 * The width-w NAF of k < 2^256: digits[i] in {0, +-1, +-3, .., +-(2^(w-1) - 1)}, k = sum digits[i]
 * 2^i, no two nonzero digits within w places. Returns the number of digits (at most 257).
 */
static int wnaf(int8_t digits[257], const uint64_t k[4], int w) {
    uint64_t v[5] = {k[0], k[1], k[2], k[3], 0};
    const int64_t full = (int64_t)1 << w, half = full >> 1;
    int len = 0;
    while ((v[0] | v[1] | v[2] | v[3] | v[4]) != 0) {
        int64_t d = 0;
        if (v[0] & 1) {
            d = (int64_t)(v[0] & (uint64_t)(full - 1));
            if (d >= half) d -= full;
            /* v -= d: d odd, |d| < 2^(w-1), so v stays >= 0 */
            if (d > 0) {
                uint64_t borrow = (uint64_t)d;
                for (int i = 0; i < 5 && borrow; i++) {
                    const uint64_t old = v[i];
                    v[i] = old - borrow;
                    borrow = old < borrow;
                }
            } else {
                uint64_t carry = (uint64_t)-d;
                for (int i = 0; i < 5 && carry; i++) {
                    v[i] += carry;
                    carry = v[i] < carry;
                }
            }
        }
        digits[len++] = (int8_t)d;
        for (int i = 0; i < 4; i++) v[i] = (v[i] >> 1) | (v[i + 1] << 63);
        v[4] >>= 1;
    }
    return len;
}

/*
 * acc += p (p Montgomery-Jacobian, or Montgomery-affine when affine), acc's infinity tracked in
 * *inf. p256_montjadd and _montjmixadd handle an input at infinity but not p == acc, where their
 * z is 0 as for p == -acc: that case is told apart (equal y) and doubled.
 */
static void add_point(int fast, uint64_t acc[12], int *inf, const uint64_t *p, int affine) {
    if (*inf) {
        memcpy(acc, p, 8 * sizeof(uint64_t));
        if (affine) memcpy(acc + 8, ONE_M, sizeof ONE_M);
        else memcpy(acc + 8, p + 8, 4 * sizeof(uint64_t));
        *inf = 0;
        return;
    }
    uint64_t t[12];
    if (affine) {
        if (fast) p256_montjmixadd(t, acc, p);
        else p256_montjmixadd_alt(t, acc, p);
    } else {
        if (fast) p256_montjadd(t, acc, p);
        else p256_montjadd_alt(t, acc, p);
    }
    if (!is_zero4(t + 8)) {
        memcpy(acc, t, sizeof t);
        return;
    }
    /* x(acc) == x(p): y1 z2^3 == y2 z1^3 means acc == p (double), else acc == -p (infinity) */
    uint64_t z1_2[4], z1_3[4], s1[4], s2[4];
    montsqr_p(fast, z1_2, acc + 8);
    montmul_p(fast, z1_3, z1_2, acc + 8);
    montmul_p(fast, s2, p + 4, z1_3);
    if (affine) {
        memcpy(s1, acc + 4, sizeof s1);
    } else {
        uint64_t z2_2[4], z2_3[4];
        montsqr_p(fast, z2_2, p + 8);
        montmul_p(fast, z2_3, z2_2, p + 8);
        montmul_p(fast, s1, acc + 4, z2_3);
    }
    if (memcmp(s1, s2, sizeof s1) == 0) {
        if (fast) p256_montjdouble(t, acc);
        else p256_montjdouble_alt(t, acc);
        memcpy(acc, t, sizeof t);
    } else {
        *inf = 1;
    }
}

/* y := -y mod p for a reduced y (copying the point's x, and z when there is one). */
static void negate_point(uint64_t *out, const uint64_t *p, int words) {
    static const uint64_t zero[4] = {0, 0, 0, 0};
    memcpy(out, p, (size_t)words * sizeof(uint64_t));
    bignum_sub_p256(out + 4, zero, p + 4);
}

/*
 * X = u1 G + u2 Q (Montgomery-Jacobian) by interleaved wNAF (Shamir's trick): one chain of
 * doublings for both scalars, G's odd multiples from the fixed-base table's first row (affine),
 * Q's made here. Returns 0 when X is the point at infinity.
 */
static int double_mul(int fast, uint64_t x[12], const uint64_t u1[4], const uint64_t u2[4], const uint64_t qm[12]) {
    int8_t dg[257], dq[257];
    const int lg = wnaf(dg, u1, WNAF_G), lq = wnaf(dq, u2, WNAF_Q);
    uint64_t tq[1 << (WNAF_Q - 2)][12], q2[12], neg[12];
    memcpy(tq[0], qm, sizeof tq[0]);
    if (fast) p256_montjdouble(q2, qm);
    else p256_montjdouble_alt(q2, qm);
    for (int i = 1; i < (1 << (WNAF_Q - 2)); i++) {
        /* (2i + 1) Q = (2i - 1) Q + 2 Q: never an exceptional case (Q has order n > 31) */
        if (fast) p256_montjadd(tq[i], tq[i - 1], q2);
        else p256_montjadd_alt(tq[i], tq[i - 1], q2);
    }
    int inf = 1;
    for (int i = (lg > lq ? lg : lq) - 1; i >= 0; i--) {
        if (!inf) {
            uint64_t t[12];
            if (fast) p256_montjdouble(t, x);
            else p256_montjdouble_alt(t, x);
            memcpy(x, t, sizeof t);
        }
        if (i < lq && dq[i] != 0) {
            const uint64_t *p = tq[(dq[i] < 0 ? -dq[i] : dq[i]) / 2];
            if (dq[i] < 0) {
                negate_point(neg, p, 12);
                p = neg;
            }
            add_point(fast, x, &inf, p, 0);
        }
        if (i < lg && dg[i] != 0) {
            const uint64_t *p = P256_BASE_TABLE[0][(dg[i] < 0 ? -dg[i] : dg[i]) - 1];
            if (dg[i] < 0) {
                negate_point(neg, p, 8);
                p = neg;
            }
            add_point(fast, x, &inf, p, 1);
        }
    }
    return !inf;
}

/*
 * Tables of a kept verification key (public data: variable time). With Q's table and G's
 * (P256_BASE_TABLE, the same layout), u1 G + u2 Q is 43 signed radix-2^6 digits per scalar, each
 * nonzero one a mixed addition, and no doubling: about half of double_mul's cost, whose 256
 * doublings dominate it. The table is made with one inversion (Montgomery's trick).
 */

/* The 43 signed digits of k < 2^256 in radix 2^6: k = sum d_i 2^(6i), d_i in [-31, 32]. Digit 42
 * holds bits 252..255 plus a carry, at most 16, so no carry leaves it. */
static void comb_digits(int8_t d[43], const uint64_t k[4]) {
    int carry = 0;
    for (int i = 0; i < 43; i++) {
        const int bit = 6 * i, w = bit >> 6, o = bit & 63;
        uint64_t v = k[w] >> o;
        if (o > 58 && w < 3) v |= k[w + 1] << (64 - o);
        const int x = (int)(v & 63) + carry;
        carry = x > 32;
        d[i] = (int8_t)(carry ? x - 64 : x);
    }
}

/* acc (Montgomery-Jacobian, infinity in *inf) += [k] P for P's table t. */
static void comb_add(int fast, uint64_t acc[12], int *inf, const uint64_t k[4], const uint64_t (*t)[32][8]) {
    int8_t d[43];
    uint64_t neg[8];
    comb_digits(d, k);
    for (int i = 0; i < 43; i++) {
        if (d[i] == 0) continue;
        const uint64_t *e = t[i][(d[i] < 0 ? -d[i] : d[i]) - 1];
        if (d[i] < 0) {
            negate_point(neg, e, 8);
            e = neg;
        }
        add_point(fast, acc, inf, e, 1);
    }
}

/* Fills t with Q's multiples; 0 when its temporaries cannot be allocated. */
static int table_build(int fast, p256_table *t, const uint64_t qm[12]) {
    enum { N = 43 * 32 };
    uint64_t(*jac)[12] = malloc(sizeof(uint64_t[N][12]));
    uint64_t(*prefix)[4] = malloc(sizeof(uint64_t[N][4]));
    if (jac == NULL || prefix == NULL) {
        free(jac);
        free(prefix);
        return 0;
    }
    uint64_t base[12];
    memcpy(base, qm, sizeof base);
    for (int i = 0; i < 43; i++) {
        uint64_t(*row)[12] = jac + 32 * i;
        memcpy(row[0], base, sizeof base);
        if (fast) p256_montjdouble(row[1], base);
        else p256_montjdouble_alt(row[1], base);
        for (int j = 2; j < 32; j++) {
            /* (j + 1) B = j B + B: never an exceptional case (Q has order n > 33) */
            if (fast) p256_montjadd(row[j], row[j - 1], base);
            else p256_montjadd_alt(row[j], row[j - 1], base);
        }
        if (fast) p256_montjdouble(base, row[31]); /* 2^6 B = 2 (32 B) */
        else p256_montjdouble_alt(base, row[31]);
    }
    memcpy(prefix[0], jac[0] + 8, sizeof prefix[0]);
    for (int n = 1; n < N; n++) montmul_p(fast, prefix[n], prefix[n - 1], jac[n] + 8);
    uint64_t inv[4], zi[4], zi2[4], zi3[4];
    bignum_montinv_p256(inv, prefix[N - 1]);
    for (int n = N - 1; n >= 0; n--) {
        if (n > 0) {
            montmul_p(fast, zi, inv, prefix[n - 1]);
            montmul_p(fast, inv, inv, jac[n] + 8);
        } else {
            memcpy(zi, inv, sizeof zi);
        }
        montsqr_p(fast, zi2, zi);
        montmul_p(fast, zi3, zi2, zi);
        uint64_t *e = (*t)[n / 32][n % 32];
        montmul_p(fast, e, jac[n], zi2);
        montmul_p(fast, e + 4, jac[n] + 4, zi3);
    }
    free(jac);
    free(prefix);
    return 1;
}

/* The key's table, made now if it has none and the cap allows; NULL when it has none. */
static const p256_table *key_table(gkm_p256_pub *key, int fast) {
    p256_table *t = atomic_load_explicit(&key->table, memory_order_acquire);
    if (t != NULL) return t;
    if (atomic_fetch_add(&tables_held, 1) >= GKM_P256_MAX_TABLES) {
        atomic_fetch_sub(&tables_held, 1);
        return NULL;
    }
    t = malloc(sizeof *t);
    if (t == NULL || !table_build(fast, t, key->qm)) {
        free(t);
        atomic_fetch_sub(&tables_held, 1);
        return NULL;
    }
    p256_table *none = NULL;
    if (!atomic_compare_exchange_strong_explicit(&key->table, &none, t, memory_order_acq_rel, memory_order_acquire)) {
        free(t); /* another thread made it first */
        atomic_fetch_sub(&tables_held, 1);
        return none;
    }
    return t;
}

/*
 * ECDSA verification with s2n-bignum (public data: variable time): r, s in [1, n - 1]; w = s^-1,
 * u1 = e w, u2 = r w mod n; X = u1 G + u2 Q (double_mul); valid iff X is not the point at
 * infinity and x(X) mod n == r.
 */
static int32_t verify_s2n(int fast, const gkm_p256_pub *key, const uint8_t *msg, size_t msg_len,
                          const uint8_t sig[64]) {
    uint8_t h[32];
    uint64_t r[4], s[4], e[4], w[4], u1[4], u2[4], t[12], x[12];
    from_be(r, sig, 4);
    from_be(s, sig + 32, 4);
    if (!scalar_valid(r) || !scalar_valid(s)) return 0;
    sha256(h, msg, msg_len);
    from_be(t, h, 4);
    bignum_mod_n256_4(e, t);
    bignum_modinv(4, w, s, N256, t);
    mulmod_n(u1, e, w);
    mulmod_n(u2, r, w);
    gkm_p256_pub *k = (gkm_p256_pub *)key; /* only its one-time table slot and use count change */
    const p256_table *qt = atomic_load_explicit(&k->table, memory_order_acquire);
    if (qt == NULL && atomic_fetch_add_explicit(&k->uses, 1, memory_order_relaxed) + 1 == GKM_P256_TABLE_AFTER) {
        qt = key_table(k, fast);
    }
    if (qt != NULL) {
        int inf = 1;
        comb_add(fast, x, &inf, u1, P256_BASE_TABLE);
        comb_add(fast, x, &inf, u2, *qt);
        if (inf) return 0;
    } else if (!double_mul(fast, x, u1, u2, key->qm)) {
        return 0;
    }
    if (is_zero4(x + 8)) return 0;
    /* x(X) mod n == r without an inversion: x(X) = X / Z^2 < p < 2n is r or r + n (the latter only
     * when r + n < p), so X R is compared with r Z^2 R and (r + n) Z^2 R, fully reduced mod p. */
    uint64_t z2[4], cand[4], cm[4], rz2[4], xm[4];
    memcpy(xm, x, sizeof xm);
    if (!lt_mask(xm, P256)) sub4(xm, xm, P256);
    montsqr_p(fast, z2, x + 8);
    memcpy(cand, r, sizeof cand);
    for (int i = 0; i < 2; i++) {
        tomont_p(fast, cm, cand);
        montmul_p(fast, rz2, cm, z2);
        if (memcmp(rz2, xm, sizeof xm) == 0) return 1;
        if (add4(cand, r, N256) != 0 || !lt_mask(cand, P256)) break; /* r + n >= p */
    }
    return 0;
}
#endif

GKM_EXPORT int32_t gkm_p256_pub_prepare(gkm_p256_pub *key) {
    if (key == NULL) return GKM_ERR_BOUNDS;
#if GKM_P256_HAVE_S2N
    if (!gkm_p256_path_supported(GKM_P256_PATH_ALT)) return 0;
    return key_table(key, gkm_p256_path_supported(GKM_P256_PATH_FAST)) != NULL;
#else
    return 0;
#endif
}

GKM_EXPORT int32_t gkm_p256_ecdsa_sign_path(int32_t path, const gkm_p256_key *key, const uint8_t *msg, int64_t msg_len,
                                            uint8_t *sig, int32_t sig_len) {
    int32_t p;
    const int32_t bad = check_args(path, key, sig, sig_len, msg, msg_len, &p);
    if (bad != 0) return bad;
    uint8_t out[SIG_LEN];
    int32_t rc;
    switch (p) {
#if GKM_P256_HAVE_S2N
    case GKM_P256_PATH_FAST: rc = sign_s2n(1, key, msg, (size_t)msg_len, out); break;
    case GKM_P256_PATH_ALT: rc = sign_s2n(0, key, msg, (size_t)msg_len, out); break;
#endif
    default: {
        /* The one-time import writes only the key's atomic slot. */
        gkm_p256_key *k = (gkm_p256_key *)key;
        gkm_pkey *pk = prepared_evp(&k->evp, k->d_be, k->pub);
        rc = pk != NULL ? gkm_ecdsa_p256_sign(pk, msg, msg_len, out, SIG_LEN) : GKM_ERR_INTERNAL;
        break;
    }
    }
    if (rc == GKM_OK) memcpy(sig, out, SIG_LEN);
    else memset(sig, 0, SIG_LEN);
    return rc;
}

GKM_EXPORT int32_t gkm_p256_ecdsa_sign(const gkm_p256_key *key, const uint8_t *msg, int64_t msg_len, uint8_t *sig,
                                       int32_t sig_len) {
    return gkm_p256_ecdsa_sign_path(GKM_P256_PATH_AUTO, key, msg, msg_len, sig, sig_len);
}

GKM_EXPORT int32_t gkm_p256_ecdsa_verify_path(int32_t path, const gkm_p256_pub *key, const uint8_t *msg,
                                              int64_t msg_len, const uint8_t *sig, int32_t sig_len) {
    int32_t p;
    const int32_t bad = check_args(path, key, sig, sig_len, msg, msg_len, &p);
    if (bad != 0) return bad;
    uint8_t rs[SIG_LEN];
    memcpy(rs, sig, sizeof rs); /* read once */
    switch (p) {
#if GKM_P256_HAVE_S2N
    case GKM_P256_PATH_FAST: return verify_s2n(1, key, msg, (size_t)msg_len, rs);
    case GKM_P256_PATH_ALT: return verify_s2n(0, key, msg, (size_t)msg_len, rs);
#endif
    default: {
        gkm_p256_pub *k = (gkm_p256_pub *)key;
        gkm_pkey *pk = prepared_evp(&k->evp, NULL, k->enc);
        return pk != NULL ? gkm_ecdsa_p256_verify(pk, msg, msg_len, rs, SIG_LEN) : GKM_ERR_INTERNAL;
    }
    }
}

GKM_EXPORT int32_t gkm_p256_ecdsa_verify(const gkm_p256_pub *key, const uint8_t *msg, int64_t msg_len,
                                         const uint8_t *sig, int32_t sig_len) {
    return gkm_p256_ecdsa_verify_path(GKM_P256_PATH_AUTO, key, msg, msg_len, sig, sig_len);
}

/* ------------------------------------------------------------------ ECDH */

GKM_EXPORT int32_t gkm_p256_ecdh_path(int32_t path, const gkm_p256_key *key, const gkm_p256_pub *peer, uint8_t *out,
                                      int32_t out_len) {
    if (key == NULL || peer == NULL || out == NULL || out_len != 32) return GKM_ERR_BOUNDS;
    const int32_t p = resolve(path);
    if (p == 0) return GKM_ERR_UNSUPPORTED;
    uint8_t z[32];
    int32_t rc;
    switch (p) {
#if GKM_P256_HAVE_S2N
    case GKM_P256_PATH_FAST:
    case GKM_P256_PATH_ALT: {
        const int fast = p == GKM_P256_PATH_FAST;
        uint64_t x[12], xa[4];
        if (fast) p256_montjscalarmul(x, key->d, peer->qm);
        else p256_montjscalarmul_alt(x, key->d, peer->qm);
        /* Cannot be the point at infinity (1 <= d < n, Q of prime order n); checked all the same. */
        int infinity = is_zero4(x + 8);
        declassify(&infinity, sizeof infinity);
        if (infinity) {
            rc = GKM_ERR_INTERNAL;
        } else {
            affine_x(fast, xa, x);
            to_be(z, xa, 4);
            rc = GKM_OK;
        }
        OPENSSL_cleanse(x, sizeof x);
        OPENSSL_cleanse(xa, sizeof xa);
        break;
    }
#endif
    default: {
        gkm_p256_key *k = (gkm_p256_key *)key;
        gkm_p256_pub *q = (gkm_p256_pub *)peer;
        gkm_pkey *pk = prepared_evp(&k->evp, k->d_be, k->pub);
        gkm_pkey *qk = pk != NULL ? prepared_evp(&q->evp, NULL, q->enc) : NULL;
        rc = qk != NULL ? gkm_pkey_derive(pk, qk, z, 32) : GKM_ERR_INTERNAL;
        if (rc == 1) rc = GKM_ERR_INTERNAL; /* OpenSSL refused the result: not for a valid peer */
        break;
    }
    }
    if (rc == GKM_OK) memcpy(out, z, 32);
    else OPENSSL_cleanse(out, 32);
    OPENSSL_cleanse(z, sizeof z);
    return rc;
}

GKM_EXPORT int32_t gkm_p256_ecdh(const gkm_p256_key *key, const gkm_p256_pub *peer, uint8_t *out, int32_t out_len) {
    return gkm_p256_ecdh_path(GKM_P256_PATH_AUTO, key, peer, out, out_len);
}
