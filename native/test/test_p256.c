/*
 * ctest: P-256 (gkm_p256_*) on every kernel path this build and CPU have (evp, alt, fast) and on
 * AUTO, against OpenSSL called here directly (EC_POINT_mul, EVP_DigestSign/Verify, EVP_PKEY_derive
 * on keys made per case, no library code):
 *  - public keys of random scalars and of 1, 2, n - 2, n - 1 byte for byte; 0, n, n + 1 and
 *    2^256 - 1 refused (GKM_ERR_KEY) on every path, by the key and the public key calls;
 *  - ECDSA: a signature made on one path (rotating) and one made by EVP verify on every path and
 *    on EVP; verdicts equal to EVP's for tampered signatures (a bit of r, s or the message
 *    flipped), r or s of 0, n, n + 1, 2^256 - 1 and r + n, s + n, swapped r and s, a wrong key;
 *    signatures whose X = u1 G + u2 Q is the point at infinity (d = -e / r) and whose sum is a
 *    doubling (u1 G == u2 Q, a valid signature built with d = e / r); signatures whose x(X) is at
 *    least n (r = x(X) - n valid, r = x(X) not), with keys built to fit them;
 *  - ECDH with random peers byte for byte, on every path;
 *  - bad points (prefix 0, 2, 3, 5; x or y >= p; off the curve; all zero; random) refused with
 *    GKM_ERR_KEY, as OpenSSL refuses them;
 *  - argument errors (NULL, lengths, unknown paths; nothing written);
 *  - one key signing and deriving from 4 threads at once on every path, from its first use (the
 *    threads race to the EVP path's one-time import).
 * Cases: GKM_P256_CASES (default 10000; ~20 s on 2 cores). Data from a seeded PRNG (GKM_TEST_SEED
 * replays a run; the seed is printed). It also prints a rough time per operation and path.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_util.h"

static int32_t g_paths[4];
static int g_npaths;
static long g_checked;
static EC_GROUP *g_group;

static const uint8_t N_BE[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
static const uint8_t P_BE[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0,    0,    0,
                                 0,    0,    0,    0,    0,    0,    0,    0,    0,    0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static const char *path_name(int32_t p) {
    switch (p) {
    case GKM_P256_PATH_AUTO: return "auto";
    case GKM_P256_PATH_EVP: return "evp";
    case GKM_P256_PATH_ALT: return "alt";
    case GKM_P256_PATH_FAST: return "fast";
    default: return "?";
    }
}

static void init_paths(void) {
    for (int32_t p = GKM_P256_PATH_EVP; p <= GKM_P256_PATH_FAST; p++) {
        if (gkm_p256_path_supported(p)) g_paths[g_npaths++] = p;
    }
    g_paths[g_npaths++] = GKM_P256_PATH_AUTO;
    printf("paths:");
    for (int i = 0; i < g_npaths; i++) printf(" %s", path_name(g_paths[i]));
    printf(" (auto = %s)\n", path_name(gkm_p256_path()));
}

/* ------------------------------------------------------------------ OpenSSL reference */

static BIGNUM *bn(const uint8_t b[32]) {
    return BN_bin2bn(b, 32, NULL);
}

static void bn_out(const BIGNUM *x, uint8_t b[32]) {
    if (BN_bn2binpad(x, b, 32) != 32) abort();
}

/* 1 and out = d*G when 1 <= d < n, else 0. */
static int ref_public(const uint8_t d[32], uint8_t out[65]) {
    BIGNUM *k = bn(d);
    int ok = !BN_is_zero(k) && BN_cmp(k, EC_GROUP_get0_order(g_group)) < 0;
    if (ok) {
        EC_POINT *q = EC_POINT_new(g_group);
        ok = EC_POINT_mul(g_group, q, k, NULL, NULL, NULL) == 1 &&
             EC_POINT_point2oct(g_group, q, POINT_CONVERSION_UNCOMPRESSED, out, 65, NULL) == 65;
        if (!ok) abort();
        EC_POINT_free(q);
    }
    BN_free(k);
    return ok;
}

/* 1 when OpenSSL takes the 65 bytes as an uncompressed point on the curve. */
static int ref_point_valid(const uint8_t pt[65]) {
    EC_POINT *q = EC_POINT_new(g_group);
    int ok = pt[0] == 0x04 && EC_POINT_oct2point(g_group, q, pt, 65, NULL) == 1;
    EC_POINT_free(q);
    ERR_clear_error();
    return ok;
}

static EVP_PKEY *ref_key(const uint8_t *d, const uint8_t pub[65]) {
    uint8_t dn[32];
    OSSL_PARAM params[4];
    int n = 0;
    params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"prime256v1", 0);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, 65);
    if (d != NULL) {
        for (int i = 0; i < 32; i++) dn[i] = d[31 - i]; /* native order: little-endian here */
        params[n++] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, dn, 32);
    }
    params[n] = OSSL_PARAM_construct_end();
    EVP_PKEY *pk = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &pk, d != NULL ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1)
        abort();
    EVP_PKEY_CTX_free(ctx);
    return pk;
}

static void ref_sign(const uint8_t d[32], const uint8_t pub[65], const uint8_t *msg, size_t len, uint8_t sig[64]) {
    EVP_PKEY *pk = ref_key(d, pub);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint8_t der[80];
    size_t der_len = sizeof der;
    if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pk) != 1 || EVP_DigestSign(ctx, der, &der_len, msg, len) != 1)
        abort();
    const uint8_t *p = der;
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    bn_out(ECDSA_SIG_get0_r(s), sig);
    bn_out(ECDSA_SIG_get0_s(s), sig + 32);
    ECDSA_SIG_free(s);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
}

/* EVP's verdict (1 or 0) on r || s. */
static int ref_verify(const uint8_t pub[65], const uint8_t *msg, size_t len, const uint8_t sig[64]) {
    EVP_PKEY *pk = ref_key(NULL, pub);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ECDSA_SIG *s = ECDSA_SIG_new();
    ECDSA_SIG_set0(s, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
    uint8_t der[80], *dp = der;
    int der_len = i2d_ECDSA_SIG(s, &dp);
    int v = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pk) == 1 &&
            EVP_DigestVerify(ctx, der, (size_t)der_len, msg, len) == 1;
    ERR_clear_error();
    ECDSA_SIG_free(s);
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
    return v;
}

static void ref_ecdh(const uint8_t d[32], const uint8_t pub[65], const uint8_t peer[65], uint8_t out[32]) {
    EVP_PKEY *pk = ref_key(d, pub), *q = ref_key(NULL, peer);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);
    size_t n = 32;
    if (EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer(ctx, q) != 1 || EVP_PKEY_derive(ctx, out, &n) != 1 ||
        n != 32)
        abort();
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(q);
    EVP_PKEY_free(pk);
}

/* A random valid scalar and its public key. */
static void random_key(uint64_t *rng, uint8_t d[32], uint8_t pub[65]) {
    do test_rnd_bytes(rng, d, 32);
    while (!ref_public(d, pub));
}

/* ------------------------------------------------------------------ library wrappers */

static gkm_p256_key *key_on(int32_t path, const uint8_t d[32]) {
    gkm_p256_key *k = NULL;
    int32_t rc = gkm_p256_key_new_path(path, d, 32, &k);
    CHECK(rc == 0 && k != NULL, "key_new on %s: %d", path_name(path), rc);
    return k;
}

static gkm_p256_pub *pub_of(const uint8_t pt[65]) {
    gkm_p256_pub *q = NULL;
    int32_t rc = gkm_p256_pub_new(pt, 65, &q);
    CHECK(rc == 0 && q != NULL, "pub_new: %d", rc);
    return q;
}

static long g_tabled;        /* verdicts checked with a key holding its table of multiples */
static int g_tabled_keys;    /* distinct keys given a table so far */
#define MAX_TABLED_KEYS 3000 /* each table costs ~1 ms to make: the first 3000 keys get one */

static uint8_t g_tabled_enc[65];
static gkm_p256_pub *g_tabled_copy;
static int32_t g_tabled_prepared;

/* Frees check_verdicts' kept copy (and so gives its table's place back). */
static void drop_tabled_copy(void) {
    gkm_p256_pub_free(g_tabled_copy);
    g_tabled_copy = NULL;
}

/* The verdict of every path on (pt, msg, sig) equals want, with q as given and, for the first
 * MAX_TABLED_KEYS keys, with a copy of q given its table of multiples (gkm_p256_pub_prepare),
 * which it gets where the s2n-bignum paths run. The copy of the last key is kept for its next checks. */
static void check_verdicts(gkm_p256_pub *q, const uint8_t *msg, size_t len, const uint8_t sig[64], int want,
                           const char *what) {
    uint8_t enc[65];
    CHECK(gkm_p256_pub_encoded(q, enc, 65) == 0, "%s: encoded", what);
    if (g_tabled_copy == NULL || memcmp(enc, g_tabled_enc, 65) != 0) {
        drop_tabled_copy();
        if (g_tabled_keys < MAX_TABLED_KEYS) {
            g_tabled_keys++;
            CHECK(gkm_p256_pub_new(enc, 65, &g_tabled_copy) == 0, "%s: key copy", what);
            g_tabled_prepared = g_tabled_copy != NULL ? gkm_p256_pub_prepare(g_tabled_copy) : -1;
            CHECK(g_tabled_prepared == 0 || g_tabled_prepared == 1, "%s: prepare = %d", what, g_tabled_prepared);
            memcpy(g_tabled_enc, enc, 65);
        }
    }
    for (int i = 0; i < g_npaths; i++) {
        int32_t v = gkm_p256_ecdsa_verify_path(g_paths[i], q, msg, (int64_t)len, sig, 64);
        int32_t tv = g_tabled_copy != NULL
                         ? gkm_p256_ecdsa_verify_path(g_paths[i], g_tabled_copy, msg, (int64_t)len, sig, 64)
                         : want;
        CHECK(v == want && tv == want, "%s: verify on %s = %d (with the key's table: %d), EVP says %d", what,
              path_name(g_paths[i]), v, tv, want);
        g_checked += 1 + (g_tabled_copy != NULL);
        g_tabled += g_tabled_copy != NULL && g_tabled_prepared == 1;
    }
}

/* ------------------------------------------------------------------ tests */

static void check_one_scalar(uint64_t *rng, const uint8_t d[32], const char *what) {
    uint8_t want[65], pub[65], msg[40], sig[64];
    int valid = ref_public(d, want);
    for (int i = 0; i < g_npaths; i++) {
        memset(pub, 0xa5, sizeof pub);
        int32_t rc = gkm_p256_public_key_path(g_paths[i], d, 32, pub, 65);
        gkm_p256_key *k = NULL;
        int32_t rk = gkm_p256_key_new_path(g_paths[i], d, 32, &k);
        if (!valid) {
            CHECK(rc == GKM_ERR_KEY && rk == GKM_ERR_KEY && k == NULL, "%s on %s: %d %d", what, path_name(g_paths[i]),
                  rc, rk);
            CHECK(pub[0] == 0xa5, "%s on %s: written", what, path_name(g_paths[i]));
            continue;
        }
        CHECK(rc == 0 && memcmp(pub, want, 65) == 0, "%s: public key on %s", what, path_name(g_paths[i]));
        CHECK(rk == 0, "%s: key on %s", what, path_name(g_paths[i]));
        if (k == NULL) continue;
        CHECK(gkm_p256_key_public(k, pub, 65) == 0 && memcmp(pub, want, 65) == 0, "%s: key_public", what);
        test_rnd_bytes(rng, msg, sizeof msg);
        CHECK(gkm_p256_ecdsa_sign_path(g_paths[i], k, msg, sizeof msg, sig, 64) == 0, "%s: sign", what);
        CHECK(ref_verify(want, msg, sizeof msg, sig) == 1, "%s: EVP rejects the signature of %s", what,
              path_name(g_paths[i]));
        gkm_p256_pub *q = pub_of(want);
        check_verdicts(q, msg, sizeof msg, sig, 1, what);
        uint8_t z[32], zr[32];
        CHECK(gkm_p256_ecdh_path(g_paths[i], k, q, z, 32) == 0, "%s: ecdh", what);
        ref_ecdh(d, want, want, zr);
        CHECK(memcmp(z, zr, 32) == 0, "%s: ecdh on %s", what, path_name(g_paths[i]));
        gkm_p256_pub_free(q);
        gkm_p256_key_free(k);
        g_checked += 3;
    }
}

static void test_edge_scalars(uint64_t *rng) {
    uint8_t d[32];
    BIGNUM *n = bn(N_BE), *x = BN_new();
    const long deltas[] = {0, 1, 2, -1, -2, 3}; /* as n + delta, mod 2^256 for 0 .. 2 */
    for (int i = 0; i < 6; i++) {
        BN_copy(x, n);
        if (deltas[i] < 0) BN_sub_word(x, (BN_ULONG)-deltas[i]);
        else if (deltas[i] > 0) BN_add_word(x, (BN_ULONG)deltas[i]);
        bn_out(x, d);
        check_one_scalar(rng, d, "n + delta");
    }
    for (int v = 0; v <= 3; v++) {
        memset(d, 0, 32);
        d[31] = (uint8_t)v;
        check_one_scalar(rng, d, "small scalar");
    }
    memset(d, 0xff, 32);
    check_one_scalar(rng, d, "2^256 - 1");
    BN_free(n);
    BN_free(x);
}

static void check_bad_point(const uint8_t pt[65], const char *what) {
    gkm_p256_pub *q = (gkm_p256_pub *)&q;
    int32_t rc = gkm_p256_pub_new(pt, 65, &q);
    CHECK(rc == GKM_ERR_KEY && q == NULL, "%s: pub_new = %d", what, rc);
    CHECK(!ref_point_valid(pt), "%s: OpenSSL accepts it", what);
    g_checked++;
}

static void test_bad_points(uint64_t *rng) {
    uint8_t d[32], pt[65], bad[65];
    random_key(rng, d, pt);
    const uint8_t prefixes[] = {0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xff};
    for (size_t i = 0; i < sizeof prefixes; i++) {
        memcpy(bad, pt, 65);
        bad[0] = prefixes[i];
        check_bad_point(bad, "prefix");
    }
    memset(bad, 0, 65);
    check_bad_point(bad, "all zero");
    bad[0] = 0x04;
    check_bad_point(bad, "(0, 0)");
    /* x or y of p, p + 1 and 2^256 - 1 */
    for (int c = 0; c < 2; c++) {
        for (int v = 0; v < 3; v++) {
            memcpy(bad, pt, 65);
            uint8_t *f = bad + 1 + 32 * c;
            if (v == 2) memset(f, 0xff, 32);
            else {
                memcpy(f, P_BE, 32);
                f[31] = (uint8_t)(f[31] + v); /* p ends in 0xff: p + 1 carries */
                if (v == 1) {
                    BIGNUM *x = BN_bin2bn(P_BE, 32, NULL);
                    BN_add_word(x, 1);
                    bn_out(x, f);
                    BN_free(x);
                }
            }
            check_bad_point(bad, c == 0 ? "x >= p" : "y >= p");
        }
    }
    /* (x, y) with x, y < p but off the curve: y + 1, x + 1, random */
    for (int i = 0; i < 200; i++) {
        random_key(rng, d, pt);
        memcpy(bad, pt, 65);
        bad[64] ^= (uint8_t)(1u << (i % 8));
        check_bad_point(bad, "y changed");
        memcpy(bad, pt, 65);
        bad[1 + (i % 32)] ^= 0x10;
        if (!ref_point_valid(bad)) check_bad_point(bad, "x changed");
        test_rnd_bytes(rng, bad + 1, 64);
        bad[0] = 0x04;
        if (!ref_point_valid(bad)) check_bad_point(bad, "random");
    }
    /* (x, -y) is on the curve: accepted by both (a negated key, not a bad one) */
    random_key(rng, d, pt);
    BIGNUM *p = bn(P_BE), *y = BN_bin2bn(pt + 33, 32, NULL);
    BN_sub(y, p, y);
    memcpy(bad, pt, 65);
    bn_out(y, bad + 33);
    gkm_p256_pub *q = NULL;
    CHECK(gkm_p256_pub_new(bad, 65, &q) == 0 && ref_point_valid(bad), "(x, -y) refused");
    gkm_p256_pub_free(q);
    BN_free(p);
    BN_free(y);
}

/* Verdicts on mutations of a valid signature sig of msg under pt, each compared with EVP's. */
static void check_mutations(uint64_t *rng, const uint8_t pt[65], gkm_p256_pub *q, const uint8_t *msg, size_t len,
                            const uint8_t sig[64]) {
    uint8_t bad[64], m2[300]; /* len <= 300: diff's longest message */
    if (len > sizeof m2) abort();
    memcpy(bad, sig, 64);
    const unsigned bit = test_rnd(rng) % 512;
    bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    check_verdicts(q, msg, len, bad, ref_verify(pt, msg, len, bad), "bit flip in r || s");
    if (len > 0) {
        memcpy(m2, msg, len);
        m2[test_rnd(rng) % len] ^= 1;
        check_verdicts(q, m2, len, sig, ref_verify(pt, m2, len, sig), "message bit flip");
    }
}

static void test_special_signatures(uint64_t *rng) {
    uint8_t d[32], pt[65], msg[32], sig[64], bad[64];
    random_key(rng, d, pt);
    test_rnd_bytes(rng, msg, sizeof msg);
    ref_sign(d, pt, msg, sizeof msg, sig);
    gkm_p256_pub *q = pub_of(pt);
    BIGNUM *n = bn(N_BE), *x = BN_new();
    /* r or s replaced by 0, n, n + 1, 2^256 - 1, and plus n */
    for (int half = 0; half < 2; half++) {
        for (int v = 0; v < 5; v++) {
            memcpy(bad, sig, 64);
            uint8_t *f = bad + 32 * half;
            switch (v) {
            case 0: memset(f, 0, 32); break;
            case 1: memcpy(f, N_BE, 32); break;
            case 2:
                BN_copy(x, n);
                BN_add_word(x, 1);
                bn_out(x, f);
                break;
            case 3: memset(f, 0xff, 32); break;
            default: {
                BIGNUM *v2 = BN_bin2bn(f, 32, NULL);
                BN_add(v2, v2, n);
                if (BN_num_bytes(v2) <= 32) bn_out(v2, f);
                else memset(f, 0xfe, 32);
                BN_free(v2);
            }
            }
            check_verdicts(q, msg, sizeof msg, bad, ref_verify(pt, msg, sizeof msg, bad), "r or s out of range");
        }
    }
    memcpy(bad, sig + 32, 32);
    memcpy(bad + 32, sig, 32);
    check_verdicts(q, msg, sizeof msg, bad, ref_verify(pt, msg, sizeof msg, bad), "r and s swapped");
    /* under another key */
    uint8_t d2[32], pt2[65];
    random_key(rng, d2, pt2);
    gkm_p256_pub *q2 = pub_of(pt2);
    check_verdicts(q2, msg, sizeof msg, sig, ref_verify(pt2, msg, sizeof msg, sig), "wrong key");
    gkm_p256_pub_free(q2);
    gkm_p256_pub_free(q);

    /* X = u1 G + u2 Q at infinity: d = -e / r, so e + r d = 0 and X = ((e + r d) / s) G = O. And a
     * doubling: d = e / r gives u1 G = u2 Q = (e / s) G; with X = t G, r = x(X) mod n, s = 2e / t,
     * the signature is valid and the verifier must double. */
    BN_CTX *ctx = BN_CTX_new();
    for (int c = 0; c < 40; c++) {
        uint8_t h[32], rr[32];
        test_rnd_bytes(rng, msg, sizeof msg);
        SHA256(msg, sizeof msg, h);
        BIGNUM *e = bn(h), *r = BN_new(), *s = BN_new(), *dd = BN_new(), *t = BN_new(), *inv = BN_new();
        BN_mod(e, e, n, ctx);
        if (c % 2 == 0) {
            test_rnd_bytes(rng, rr, 32);
            BN_bin2bn(rr, 32, r);
            BN_mod(r, r, n, ctx);
            BN_mod_inverse(inv, r, n, ctx);
            BN_mod_mul(dd, e, inv, n, ctx);
            BN_sub(dd, n, dd); /* -e / r */
            test_rnd_bytes(rng, rr, 32);
            BN_bin2bn(rr, 32, s);
            BN_mod(s, s, n, ctx);
        } else {
            uint8_t tb[32], xt[65];
            random_key(rng, tb, xt);
            BN_bin2bn(tb, 32, t);
            BN_bin2bn(xt + 1, 32, r);
            BN_mod(r, r, n, ctx);
            BN_mod_inverse(inv, r, n, ctx);
            BN_mod_mul(dd, e, inv, n, ctx); /* e / r */
            BN_mod_inverse(inv, t, n, ctx);
            BN_mod_lshift1(s, e, n, ctx);
            BN_mod_mul(s, s, inv, n, ctx); /* 2e / t */
        }
        bn_out(dd, d);
        if (!ref_public(d, pt)) abort(); /* d = 0 has probability 2^-256 */
        bn_out(r, sig);
        bn_out(s, sig + 32);
        const int want = ref_verify(pt, msg, sizeof msg, sig);
        CHECK(want == (c % 2), "EVP: %s case verdict %d", c % 2 ? "doubling" : "infinity", want);
        q = pub_of(pt);
        check_verdicts(q, msg, sizeof msg, sig, want, c % 2 ? "doubling" : "infinity");
        gkm_p256_pub_free(q);
        BN_free(e);
        BN_free(r);
        BN_free(s);
        BN_free(dd);
        BN_free(t);
        BN_free(inv);
    }
    BN_CTX_free(ctx);
    BN_free(n);
    BN_free(x);
}

/* x(X) >= n: r = x(X) - n must verify (OpenSSL takes x(X) mod n), though no random signature
 * reaches it (probability ~2^-128). X is a point with x in [n, p); the key is chosen to fit the
 * signature: Q = (X - u1 G) / u2 for u1 = e / s, u2 = r / s. */
static void test_x_above_n(uint64_t *rng) {
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *n = bn(N_BE), *x = BN_new(), *r = BN_new(), *s = BN_new(), *e = BN_new(), *w = BN_new(), *u1 = BN_new(),
           *u2 = BN_new();
    EC_POINT *X = EC_POINT_new(g_group), *T = EC_POINT_new(g_group), *Q = EC_POINT_new(g_group);
    int found = 0;
    for (unsigned k = 1; found < 8 && k < 200; k++) {
        BN_copy(x, n);
        BN_add_word(x, k);
        if (EC_POINT_set_compressed_coordinates(g_group, X, x, (int)(k & 1), ctx) != 1) {
            ERR_clear_error();
            continue;
        }
        found++;
        uint8_t msg[16], h[32], sig[64], pt[65], rr[32];
        test_rnd_bytes(rng, msg, sizeof msg);
        SHA256(msg, sizeof msg, h);
        BN_bin2bn(h, 32, e);
        BN_mod(e, e, n, ctx);
        BN_set_word(r, k); /* x - n */
        test_rnd_bytes(rng, rr, 32);
        BN_bin2bn(rr, 32, s);
        BN_mod(s, s, n, ctx);
        BN_mod_inverse(w, s, n, ctx);
        BN_mod_mul(u1, e, w, n, ctx);
        BN_mod_mul(u2, r, w, n, ctx);
        /* T = X - u1 G; Q = T / u2 */
        EC_POINT_mul(g_group, T, u1, NULL, NULL, ctx);
        EC_POINT_invert(g_group, T, ctx);
        EC_POINT_add(g_group, T, T, X, ctx);
        BN_mod_inverse(w, u2, n, ctx);
        EC_POINT_mul(g_group, Q, NULL, T, w, ctx);
        if (EC_POINT_point2oct(g_group, Q, POINT_CONVERSION_UNCOMPRESSED, pt, 65, ctx) != 65) abort();
        bn_out(r, sig);
        bn_out(s, sig + 32);
        CHECK(ref_verify(pt, msg, sizeof msg, sig) == 1, "EVP: x(X) >= n case not valid");
        gkm_p256_pub *q = pub_of(pt);
        check_verdicts(q, msg, sizeof msg, sig, 1, "x(X) >= n, r = x(X) - n");
        bn_out(x, sig); /* r = x(X) itself: >= n, out of range */
        check_verdicts(q, msg, sizeof msg, sig, ref_verify(pt, msg, sizeof msg, sig), "x(X) >= n, r = x(X)");
        gkm_p256_pub_free(q);
    }
    CHECK(found == 8, "only %d points with x in [n, p) found", found);
    EC_POINT_free(X);
    EC_POINT_free(T);
    EC_POINT_free(Q);
    BN_free(n);
    BN_free(x);
    BN_free(r);
    BN_free(s);
    BN_free(e);
    BN_free(w);
    BN_free(u1);
    BN_free(u2);
    BN_CTX_free(ctx);
}

static void test_errors(void) {
    uint8_t d[32] = {0}, pt[65], sig[64], out[65];
    d[31] = 1;
    EXPECT(ref_public(d, pt));
    gkm_p256_key *k = NULL;
    gkm_p256_pub *q = NULL;
    EXPECT(gkm_p256_key_new(d, 32, &k) == 0);
    EXPECT(gkm_p256_pub_new(pt, 65, &q) == 0);
    gkm_p256_key *k2 = (gkm_p256_key *)&k2;
    EXPECT(gkm_p256_key_new(NULL, 32, &k2) == GKM_ERR_BOUNDS && k2 == NULL);
    EXPECT(gkm_p256_key_new(d, 31, &k2) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_key_new(d, 32, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_key_new_path(4, d, 32, &k2) == GKM_ERR_UNSUPPORTED && k2 == NULL);
    EXPECT(gkm_p256_key_new_path(-1, d, 32, &k2) == GKM_ERR_UNSUPPORTED);
    gkm_p256_pub *q2 = (gkm_p256_pub *)&q2;
    EXPECT(gkm_p256_pub_new(pt, 64, &q2) == GKM_ERR_BOUNDS && q2 == NULL);
    EXPECT(gkm_p256_pub_new(NULL, 65, &q2) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_public_key(d, 32, out, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_public_key(NULL, 32, out, 65) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_public_key_path(9, d, 32, out, 65) == GKM_ERR_UNSUPPORTED);
    memset(sig, 0x5a, 64);
    EXPECT(gkm_p256_ecdsa_sign(NULL, d, 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_sign(k, d, 1, sig, 63) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_sign(k, d, -1, sig, 64) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_p256_ecdsa_sign(k, NULL, 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_sign_path(7, k, d, 1, sig, 64) == GKM_ERR_UNSUPPORTED);
    EXPECT(sig[0] == 0x5a && sig[63] == 0x5a);
    EXPECT(gkm_p256_ecdsa_sign(k, NULL, 0, sig, 64) == 0);
    EXPECT(gkm_p256_ecdsa_verify(q, NULL, 0, sig, 64) == 1);
    EXPECT(gkm_p256_ecdsa_verify(q, NULL, 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_verify(q, d, -5, sig, 64) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_p256_ecdsa_verify(NULL, d, 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_verify(q, d, 1, sig, 65) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdsa_verify_path(4, q, d, 1, sig, 64) == GKM_ERR_UNSUPPORTED);
    memset(out, 0x5a, 32);
    EXPECT(gkm_p256_ecdh(NULL, q, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdh(k, NULL, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdh(k, q, out, 33) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_ecdh_path(5, k, q, out, 32) == GKM_ERR_UNSUPPORTED);
    EXPECT(out[0] == 0x5a);
    EXPECT(gkm_p256_key_public(k, out, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_pub_encoded(q, out, 65) == 0 && memcmp(out, pt, 65) == 0);
    gkm_p256_key_free(NULL);
    gkm_p256_pub_free(NULL);
    gkm_p256_key_free(k);
    gkm_p256_pub_free(q);
}

/* The main differential run: cases random (d, msg) and peers. */
static void diff(uint64_t *rng, long cases) {
    uint8_t d[32], pt[65], msg[300], sig[64], d2[32], pt2[65], z[32], zr[32], pub[65];
    for (long c = 0; c < cases; c++) {
        random_key(rng, d, pt);
        const size_t len = test_rnd(rng) % (c % 16 == 0 ? sizeof msg : 64);
        test_rnd_bytes(rng, msg, len);
        gkm_p256_pub *q = pub_of(pt);
        /* keys made on each path: the same public key; one path (rotating) signs */
        const int32_t signer = g_paths[c % g_npaths];
        gkm_p256_key *ks = NULL;
        for (int i = 0; i < g_npaths; i++) {
            gkm_p256_key *k = key_on(g_paths[i], d);
            if (k == NULL) continue;
            CHECK(gkm_p256_key_public(k, pub, 65) == 0 && memcmp(pub, pt, 65) == 0, "public key on %s",
                  path_name(g_paths[i]));
            if (g_paths[i] == signer) ks = k;
            else gkm_p256_key_free(k);
            g_checked++;
        }
        if (ks == NULL) continue;
        CHECK(gkm_p256_ecdsa_sign_path(signer, ks, msg, (int64_t)len, sig, 64) == 0, "sign on %s", path_name(signer));
        CHECK(ref_verify(pt, msg, len, sig) == 1, "EVP rejects a signature of %s", path_name(signer));
        check_verdicts(q, msg, len, sig, 1, "signature of a path");
        check_mutations(rng, pt, q, msg, len, sig);
        ref_sign(d, pt, msg, len, sig);
        check_verdicts(q, msg, len, sig, 1, "EVP's signature");
        /* ECDH with a random peer, every path */
        random_key(rng, d2, pt2);
        gkm_p256_pub *q2 = pub_of(pt2);
        ref_ecdh(d, pt, pt2, zr);
        for (int i = 0; i < g_npaths; i++) {
            memset(z, 0, sizeof z);
            int32_t rc = gkm_p256_ecdh_path(g_paths[i], ks, q2, z, 32);
            CHECK(rc == 0 && memcmp(z, zr, 32) == 0, "ecdh on %s: %d", path_name(g_paths[i]), rc);
            g_checked++;
        }
        gkm_p256_pub_free(q2);
        gkm_p256_key_free(ks);
        gkm_p256_pub_free(q);
    }
}

typedef struct {
    gkm_p256_key *k;
    gkm_p256_pub *q, *peer;
    int32_t path;
    int bad;
    uint8_t z[32];
} thread_job;

static void *thread_main(void *arg) {
    thread_job *j = arg;
    uint8_t msg[16] = {1, 2, 3}, sig[64], z[32];
    for (int i = 0; i < 50; i++) {
        msg[5] = (uint8_t)i;
        if (gkm_p256_ecdsa_sign_path(j->path, j->k, msg, sizeof msg, sig, 64) != 0) j->bad++;
        if (gkm_p256_ecdsa_verify_path(j->path, j->q, msg, sizeof msg, sig, 64) != 1) j->bad++;
        if (gkm_p256_ecdh_path(j->path, j->k, j->peer, z, 32) != 0 || memcmp(z, j->z, 32) != 0) j->bad++;
    }
    return NULL;
}

static void test_threads(uint64_t *rng) {
    uint8_t d[32], pt[65], d2[32], pt2[65], zr[32];
    random_key(rng, d, pt);
    random_key(rng, d2, pt2);
    ref_ecdh(d, pt, pt2, zr);
    for (int i = 0; i < g_npaths; i++) {
        gkm_p256_key *k = key_on(g_paths[i], d);
        gkm_p256_pub *q = pub_of(pt), *peer = pub_of(pt2);
        thread_job jobs[4];
        pthread_t th[4];
        for (int t = 0; t < 4; t++) {
            jobs[t] = (thread_job){k, q, peer, g_paths[i], 0, {0}};
            memcpy(jobs[t].z, zr, 32);
            pthread_create(&th[t], NULL, thread_main, &jobs[t]);
        }
        for (int t = 0; t < 4; t++) {
            pthread_join(th[t], NULL);
            CHECK(jobs[t].bad == 0, "thread %d on %s: %d bad results", t, path_name(g_paths[i]), jobs[t].bad);
        }
        gkm_p256_key_free(k);
        gkm_p256_pub_free(q);
        gkm_p256_pub_free(peer);
    }
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* A rough one-shot time per operation and path (informational; not a benchmark). */
static void print_timings(uint64_t *rng) {
    uint8_t d[32], pt[65], d2[32], pt2[65], msg[64] = {0}, sig[64], z[32], pub[65];
    random_key(rng, d, pt);
    random_key(rng, d2, pt2);
    const int iters = 300;
    for (int i = 0; i < g_npaths; i++) {
        const int32_t p = g_paths[i];
        if (p == GKM_P256_PATH_AUTO) continue;
        gkm_p256_key *k = key_on(p, d);
        gkm_p256_pub *q = pub_of(pt), *peer = pub_of(pt2);
        gkm_p256_ecdsa_sign_path(p, k, msg, sizeof msg, sig, 64); /* first use: the EVP import */
        gkm_p256_ecdsa_verify_path(p, q, msg, sizeof msg, sig, 64);
        gkm_p256_ecdh_path(p, k, peer, z, 32);
        double t0 = now_us();
        for (int j = 0; j < iters; j++) gkm_p256_ecdsa_sign_path(p, k, msg, sizeof msg, sig, 64);
        double t1 = now_us();
        for (int j = 0; j < iters; j++) gkm_p256_ecdsa_verify_path(p, q, msg, sizeof msg, sig, 64);
        double t2 = now_us();
        for (int j = 0; j < iters; j++) gkm_p256_ecdh_path(p, k, peer, z, 32);
        double t3 = now_us();
        for (int j = 0; j < iters; j++) gkm_p256_public_key_path(p, d, 32, pub, 65);
        double t4 = now_us();
        printf("timing %-4s (us/op, rough): sign %.1f verify %.1f ecdh %.1f public key %.1f\n", path_name(p),
               (t1 - t0) / iters, (t2 - t1) / iters, (t3 - t2) / iters, (t4 - t3) / iters);
        gkm_p256_key_free(k);
        gkm_p256_pub_free(q);
        gkm_p256_pub_free(peer);
    }
}

/* GKM_P256_PATH steers AUTO: "env <name>" checks that AUTO is that path (or the best one when the
 * CPU lacks it) and that AUTO's results are right (ctest runs it once per path name). */
static int env_mode(const char *want) {
    uint64_t rng = check_seed(0x256e77);
    int32_t p = strcmp(want, "evp") == 0   ? GKM_P256_PATH_EVP
                : strcmp(want, "alt") == 0 ? GKM_P256_PATH_ALT
                                           : GKM_P256_PATH_FAST;
    const int32_t got = gkm_p256_path();
    printf("GKM_P256_PATH=%s: auto = %s\n", want, path_name(got));
    if (gkm_p256_path_supported(p)) EXPECT(got == p);
    g_paths[0] = GKM_P256_PATH_AUTO;
    g_npaths = 1;
    diff(&rng, 200);
    test_edge_scalars(&rng);
    return check_done("p256 env");
}

/*
 * Tables of multiples: a key verified from 4 threads at once gets its table at the
 * GKM_P256_TABLE_AFTER-th verification (one thread's kept; ASan sees the others freed), with right
 * verdicts throughout; at most GKM_P256_MAX_TABLES keys hold one, and freeing one gives its place back.
 */
typedef struct table_job {
    gkm_p256_pub *q;
    int32_t path;
    const uint8_t *msg, *sig;
    int bad;
} table_job;

static void *table_thread(void *arg) {
    table_job *j = arg;
    for (int i = 0; i < 3 * GKM_P256_TABLE_AFTER; i++) {
        uint8_t tampered[64];
        memcpy(tampered, j->sig, 64);
        tampered[i % 64] ^= 1;
        if (gkm_p256_ecdsa_verify_path(j->path, j->q, j->msg, 32, j->sig, 64) != 1) j->bad++;
        if (gkm_p256_ecdsa_verify_path(j->path, j->q, j->msg, 32, tampered, 64) != 0) j->bad++;
    }
    return NULL;
}

static void test_tables(uint64_t *rng) {
    uint8_t d[32], pt[65], msg[32], sig[64];
    random_key(rng, d, pt);
    test_rnd_bytes(rng, msg, sizeof msg);
    gkm_p256_key *k = NULL;
    CHECK(gkm_p256_key_new(d, 32, &k) == 0 && gkm_p256_ecdsa_sign(k, msg, 32, sig, 64) == 0, "table test key");
    gkm_p256_key_free(k);
    drop_tabled_copy();
    for (int p = 0; p < g_npaths; p++) {
        gkm_p256_pub *q = NULL;
        CHECK(gkm_p256_pub_new(pt, 65, &q) == 0, "pub_new");
        if (q == NULL) continue;
        pthread_t t[4];
        table_job jobs[4];
        for (int i = 0; i < 4; i++) {
            jobs[i] = (table_job){q, g_paths[p], msg, sig, 0};
            CHECK(pthread_create(&t[i], NULL, table_thread, &jobs[i]) == 0, "pthread_create");
        }
        for (int i = 0; i < 4; i++) {
            pthread_join(t[i], NULL);
            CHECK(jobs[i].bad == 0, "table threads on %s: %d wrong verdicts", path_name(g_paths[p]), jobs[i].bad);
            g_checked += 6 * GKM_P256_TABLE_AFTER;
        }
        gkm_p256_pub_free(q);
    }
    EXPECT(gkm_p256_pub_prepare(NULL) == GKM_ERR_BOUNDS);
    if (!gkm_p256_path_supported(GKM_P256_PATH_ALT)) return; /* no tables in this build or CPU */
    gkm_p256_pub *keys[GKM_P256_MAX_TABLES + 1];
    int held = 0;
    for (int i = 0; i <= GKM_P256_MAX_TABLES; i++) {
        keys[i] = NULL;
        CHECK(gkm_p256_pub_new(pt, 65, &keys[i]) == 0, "pub_new");
        if (keys[i] != NULL) held += gkm_p256_pub_prepare(keys[i]) == 1;
    }
    CHECK(held == GKM_P256_MAX_TABLES, "%d keys hold a table, the cap is %d", held, GKM_P256_MAX_TABLES);
    CHECK(gkm_p256_pub_prepare(keys[GKM_P256_MAX_TABLES]) == 0, "a key past the cap got a table");
    CHECK(gkm_p256_ecdsa_verify(keys[GKM_P256_MAX_TABLES], msg, 32, sig, 64) == 1, "a key past the cap verifies");
    gkm_p256_pub_free(keys[0]);
    CHECK(gkm_p256_pub_prepare(keys[GKM_P256_MAX_TABLES]) == 1, "a freed key's place is not given back");
    for (int i = 1; i <= GKM_P256_MAX_TABLES; i++) gkm_p256_pub_free(keys[i]);
}

int main(int argc, char **argv) {
    g_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    if (argc >= 3 && strcmp(argv[1], "env") == 0) return env_mode(argv[2]);
    uint64_t rng = check_seed(0x256c0ffee);
    init_paths();
    const char *n_env = getenv("GKM_P256_CASES");
    const long cases = n_env ? atol(n_env) : 10000;
    test_errors();
    test_edge_scalars(&rng);
    test_bad_points(&rng);
    test_special_signatures(&rng);
    test_x_above_n(&rng);
    test_threads(&rng);
    diff(&rng, cases);
    test_tables(&rng);
    printf("%ld path results checked (%ld random cases; %ld with a tabled key)\n", g_checked, cases, g_tabled);
    if (gkm_p256_path_supported(GKM_P256_PATH_ALT)) CHECK(g_tabled > 1000, "only %ld tabled verdicts", g_tabled);
    if (getenv("GKM_P256_NO_TIMING") == NULL) print_timings(&rng);
    EC_GROUP_free(g_group);
    return check_done("p256");
}
