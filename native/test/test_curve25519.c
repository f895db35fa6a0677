/*
 * ctest: the Curve25519 single operations (gkm_x25519*, gkm_ed25519_*) on every kernel path this
 * build and CPU have (evp, alt, fast) and on AUTO:
 *  - RFC 7748 sec. 5.2 (both vectors, 1 and 1,000 iterations; 1,000,000 with
 *    GKM_C25519_RFC_MILLION=1) and sec. 6.1 (key pairs and shared secret);
 *  - RFC 8032 sec. 7.1 TEST 1, 2, 3 and SHA(abc): public key, signature, verification;
 *  - every case of Wycheproof's x25519_test.json and ed25519_test.json (path given as the first
 *    argument: the directory holding them): shared secrets byte for byte (all-zero ones included),
 *    verification verdicts equal to the file's result and to OpenSSL EVP's;
 *  - differential against OpenSSL EVP, called here directly (fresh EVP_PKEYs per case, no library
 *    code): X25519 public keys of random scalars; X25519 of random scalars with random, low-order
 *    and non-canonical u (u >= p, top bit set); Ed25519 public keys and signatures of random seeds
 *    and messages (up to 3 KiB: the heap copy too), with keys made on one path signing on every
 *    path; Ed25519 verdicts of valid signatures and of mutations: bit flips in R, S, A and the
 *    message, S + L, S >= L, random A, small-order A and R (canonical and not), A with y >= p or a
 *    sign bit on x = 0, non-canonical R, random signatures;
 *  - argument errors: NULL pointers, negative lengths, unknown paths (nothing written);
 *  - one key signing from 4 threads at once on every path, starting with a key whose EVP_PKEY is
 *    not imported yet (the threads race to its one-time import).
 * Cases per differential kind: GKM_C25519_CASES, default 10000, which ctest (plain and ASan builds,
 * so CI) runs: ~170,000 path results, ~10 s on 2 cores in either build. GKM_C25519_CASES=56000 checks
 * over 10^6 path results (~3 minutes). Data from a seeded PRNG (GKM_TEST_SEED replays a run; the
 * seed is printed).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_util.h"

static int32_t g_paths[4];
static int g_npaths;
static long g_checked;
static long g_tabled; /* keys verified with their table of multiples */

static const char *path_name(int32_t p) {
    switch (p) {
    case GKM_C25519_PATH_AUTO: return "auto";
    case GKM_C25519_PATH_EVP: return "evp";
    case GKM_C25519_PATH_ALT: return "alt";
    case GKM_C25519_PATH_FAST: return "fast";
    default: return "?";
    }
}

static void init_paths(void) {
    for (int32_t p = GKM_C25519_PATH_EVP; p <= GKM_C25519_PATH_FAST; p++) {
        if (gkm_c25519_path_supported(p)) g_paths[g_npaths++] = p;
    }
    g_paths[g_npaths++] = GKM_C25519_PATH_AUTO;
    printf("paths:");
    for (int i = 0; i < g_npaths; i++) printf(" %s", path_name(g_paths[i]));
    printf(" (auto = %s)\n", path_name(gkm_c25519_path()));
}

static void hex(const char *label, const uint8_t *p, size_t n) {
    fprintf(stderr, "  %s ", label);
    for (size_t i = 0; i < n; i++) fprintf(stderr, "%02x", p[i]);
    fprintf(stderr, "\n");
}

/* ------------------------------------------------------------------ OpenSSL EVP reference */

static int ref_x25519_base(const uint8_t k[32], uint8_t out[32]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
    size_t len = 32;
    int ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, out, &len) == 1 && len == 32;
    EVP_PKEY_free(pk);
    return ok;
}

/* 1 with out = X25519(k, u); 0 when EVP refuses (it refuses the all-zero result). */
static int ref_x25519(const uint8_t k[32], const uint8_t u[32], uint8_t out[32]) {
    EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
    EVP_PKEY *peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, 32);
    EVP_PKEY_CTX *ctx = priv != NULL ? EVP_PKEY_CTX_new(priv, NULL) : NULL;
    size_t len = 32;
    int ok = ctx != NULL && peer != NULL && EVP_PKEY_derive_init(ctx) == 1 &&
             EVP_PKEY_derive_set_peer(ctx, peer) == 1 && EVP_PKEY_derive(ctx, out, &len) == 1 && len == 32;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(priv);
    ERR_clear_error();
    return ok;
}

static void ref_ed25519_public(const uint8_t seed[32], uint8_t pub[32]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
    size_t len = 32;
    if (pk == NULL || EVP_PKEY_get_raw_public_key(pk, pub, &len) != 1 || len != 32) {
        fprintf(stderr, "EVP Ed25519 key import failed\n");
        exit(2);
    }
    EVP_PKEY_free(pk);
}

static void ref_ed25519_sign(const uint8_t seed[32], const uint8_t *msg, size_t len, uint8_t sig[64]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t sig_len = 64;
    if (pk == NULL || ctx == NULL || EVP_DigestSignInit(ctx, NULL, NULL, NULL, pk) != 1 ||
        EVP_DigestSign(ctx, sig, &sig_len, msg, len) != 1 || sig_len != 64) {
        fprintf(stderr, "EVP Ed25519 sign failed\n");
        exit(2);
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
}

/* A public key our verification refuses (gkm_native.h): y (without the sign bit) 0, 1, >= p - 1, or
 * the y of a point of order 8 (small_order_points[10] and [12]); computed with BIGNUM here. */
static int weak_public_key_ref(const uint8_t pub[32]) {
    static const char *const order8[2] = {"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                                          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"};
    uint8_t y[32], o[32];
    memcpy(y, pub, 32);
    y[31] &= 0x7f;
    for (int i = 0; i < 2; i++) {
        test_unhex(order8[i], o);
        if (memcmp(y, o, 32) == 0) return 1;
    }
    BIGNUM *yb = BN_lebin2bn(y, 32, NULL), *pm1 = BN_new();
    CHECK(yb != NULL && pm1 != NULL, "BIGNUM allocation");
    BN_set_bit(pm1, 255);
    BN_sub_word(pm1, 20); /* p - 1 */
    const int weak = BN_is_zero(yb) || BN_is_one(yb) || BN_cmp(yb, pm1) >= 0;
    BN_free(yb);
    BN_free(pm1);
    return weak;
}

/* EVP's verdict: 1 valid, 0 invalid (a key EVP will not import counts as invalid). */
static int evp_ed25519_verify(const uint8_t pub[32], const uint8_t *msg, size_t len, const uint8_t sig[64]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int v = pk != NULL && ctx != NULL && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
            EVP_DigestVerify(ctx, sig, 64, msg, len) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
    ERR_clear_error();
    return v;
}

/* Our verdict: EVP's, except that a weak public key is invalid (gkm_native.h). */
static int ref_ed25519_verify(const uint8_t pub[32], const uint8_t *msg, size_t len, const uint8_t sig[64]) {
    return !weak_public_key_ref(pub) && evp_ed25519_verify(pub, msg, len, sig);
}

/* ------------------------------------------------------------------ checks on every path */

/* X25519(k, u) on every path equals expected (u NULL: the base point). */
static void check_x25519_all(const uint8_t k[32], const uint8_t *u, const uint8_t expected[32], const char *what) {
    for (int i = 0; i < g_npaths; i++) {
        uint8_t out[32];
        memset(out, 0xAA, sizeof out);
        const int32_t rc = u ? gkm_x25519_path(g_paths[i], out, k, u) : gkm_x25519_base_path(g_paths[i], out, k);
        g_checked++;
        CHECK(rc == 0, "%s: path %s returned %d", what, path_name(g_paths[i]), rc);
        if (memcmp(out, expected, 32) != 0) {
            CHECK(0, "%s: path %s differs", what, path_name(g_paths[i]));
            hex("scalar  ", k, 32);
            if (u) hex("u       ", u, 32);
            hex("got     ", out, 32);
            hex("expected", expected, 32);
        }
    }
}

/* Every path's verdict on (pub, msg, sig) equals expected (1 valid, 0 invalid), with the key given
 * per call, with it decoded once (gkm_ed25519_pub), and with it decoded and given its table of
 * multiples (gkm_ed25519_pub_prepare), which every key that decodes gets where the build has the
 * s2n-bignum paths. */
static void check_verify_all(const uint8_t pub[32], const uint8_t *msg, size_t len, const uint8_t sig[64], int expected,
                             const char *what) {
    gkm_ed25519_pub *key = gkm_ed25519_pub_new(pub);
    gkm_ed25519_pub *tabled = gkm_ed25519_pub_new(pub);
    CHECK(key != NULL && tabled != NULL, "%s: pub_new", what);
    const int32_t prepared = tabled ? gkm_ed25519_pub_prepare(tabled) : -1;
    CHECK(prepared == 0 || prepared == 1, "%s: prepare returned %d", what, prepared);
    if (prepared == 1) g_tabled++;
    for (int i = 0; i < g_npaths; i++) {
        const int32_t v = gkm_ed25519_verify_path(g_paths[i], pub, msg, (int64_t)len, sig);
        const int32_t pv = key ? gkm_ed25519_pub_verify_path(g_paths[i], key, msg, (int64_t)len, sig) : -1;
        const int32_t tv = tabled ? gkm_ed25519_pub_verify_path(g_paths[i], tabled, msg, (int64_t)len, sig) : -1;
        g_checked += 3;
        if (v != expected || pv != expected || tv != expected) {
            CHECK(0, "%s: path %s says %d (decoded key: %d, with its table: %d), expected %d", what,
                  path_name(g_paths[i]), v, pv, tv, expected);
            hex("pub", pub, 32);
            hex("sig", sig, 64);
        }
    }
    gkm_ed25519_pub_free(key);
    gkm_ed25519_pub_free(tabled);
}

/* Keys from seed on every path have public key pub; every key signs msg as expected_sig on every path. */
static void check_sign_all(const uint8_t seed[32], const uint8_t *msg, size_t len, const uint8_t pub[32],
                           const uint8_t expected_sig[64], int cross, const char *what) {
    for (int i = 0; i < g_npaths; i++) {
        gkm_ed25519_key *key = gkm_ed25519_key_new_path(g_paths[i], seed);
        CHECK(key != NULL, "%s: key_new on path %s", what, path_name(g_paths[i]));
        if (key == NULL) continue;
        uint8_t got[64];
        CHECK(gkm_ed25519_key_public(key, got) == 0 && memcmp(got, pub, 32) == 0, "%s: public key on path %s", what,
              path_name(g_paths[i]));
        for (int j = 0; j < g_npaths; j++) {
            if (!cross && j != i) continue;
            memset(got, 0xAA, sizeof got);
            const int32_t rc = gkm_ed25519_sign_path(g_paths[j], key, msg, (int64_t)len, got);
            g_checked++;
            CHECK(rc == 0 && memcmp(got, expected_sig, 64) == 0, "%s: key of path %s signing on path %s (rc %d)", what,
                  path_name(g_paths[i]), path_name(g_paths[j]), rc);
        }
        gkm_ed25519_key_free(key);
    }
}

/* ------------------------------------------------------------------ RFC vectors */

static void test_rfc7748(void) {
    static const char *const v52[2][3] = {
        {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
         "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
         "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
        {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
         "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
         "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
    };
    uint8_t k[32], u[32], e[32];
    for (int i = 0; i < 2; i++) {
        test_unhex(v52[i][0], k);
        test_unhex(v52[i][1], u);
        test_unhex(v52[i][2], e);
        check_x25519_all(k, u, e, "RFC 7748 5.2 vector");
    }
    /* 5.2 iterations: k, u <- X25519(k, u), k; starting from k = u = 9. */
    const int million = getenv("GKM_C25519_RFC_MILLION") != NULL;
    for (int i = 0; i < g_npaths; i++) {
        uint8_t kk[32] = {9}, uu[32] = {9}, r[32];
        for (long n = 1; n <= (million ? 1000000L : 1000L); n++) {
            CHECK(gkm_x25519_path(g_paths[i], r, kk, uu) == 0, "iteration %ld", n);
            memcpy(uu, kk, 32);
            memcpy(kk, r, 32);
            const char *want = n == 1         ? "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"
                               : n == 1000    ? "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"
                               : n == 1000000 ? "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424"
                                              : NULL;
            if (want != NULL) {
                test_unhex(want, e);
                if (memcmp(kk, e, 32) != 0) {
                    CHECK(0, "RFC 7748 5.2 after %ld iterations, path %s", n, path_name(g_paths[i]));
                    hex("got     ", kk, 32);
                    hex("expected", e, 32);
                }
                g_checked++;
            }
        }
    }
    /* 6.1 */
    uint8_t a[32], b[32], ap[32], bp[32], s[32];
    test_unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a);
    test_unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", ap);
    test_unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b);
    test_unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", bp);
    test_unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", s);
    check_x25519_all(a, NULL, ap, "RFC 7748 6.1 Alice's public key");
    check_x25519_all(b, NULL, bp, "RFC 7748 6.1 Bob's public key");
    check_x25519_all(a, bp, s, "RFC 7748 6.1 Alice's shared secret");
    check_x25519_all(b, ap, s, "RFC 7748 6.1 Bob's shared secret");
}

static void test_rfc8032(void) {
    static const char *const v[4][4] = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bb"
         "e2465"
         "5141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302"
         "ae"
         "eb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed"
         "28"
         "dc027beceea1ec40a"},
        {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
         "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce"
         "80e"
         "2a9ac94fa54ca49f",
         "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac"
         "17"
         "ad9bef1177331a704"},
    };
    for (int i = 0; i < 4; i++) {
        uint8_t seed[32], pub[32], msg[64], sig[64];
        test_unhex(v[i][0], seed);
        test_unhex(v[i][1], pub);
        const size_t len = test_unhex(v[i][2], msg);
        test_unhex(v[i][3], sig);
        check_sign_all(seed, msg, len, pub, sig, 1, "RFC 8032 7.1");
        check_verify_all(pub, msg, len, sig, 1, "RFC 8032 7.1");
        sig[63] ^= 0x01;
        check_verify_all(pub, msg, len, sig, 0, "RFC 8032 7.1, S changed");
    }
}

/* ------------------------------------------------------------------ Wycheproof */

/* A tiny scanner over a Wycheproof file: it visits every "key": value pair in document order,
 * giving string values (copied, NUL-terminated) and bare numbers; objects and arrays are entered,
 * and strings that are not keys (array elements) are skipped. */
typedef struct scan {
    const char *p, *end;
} scan;

static size_t scan_string(scan *s, char *out, size_t cap) { /* at the opening quote */
    size_t n = 0;
    s->p++;
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\') s->p++;
        if (n + 1 < cap) out[n++] = *s->p;
        s->p++;
    }
    s->p++;
    out[n] = '\0';
    return n;
}

static int scan_next(scan *s, char *key, size_t key_cap, char *val, size_t val_cap) {
    while (s->p < s->end) {
        if (*s->p != '"') {
            s->p++;
            continue;
        }
        scan_string(s, key, key_cap);
        while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
        if (s->p >= s->end || *s->p != ':') continue; /* not a key */
        s->p++;
        while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t')) s->p++;
        val[0] = '\0';
        if (s->p < s->end && *s->p == '"') {
            scan_string(s, val, val_cap);
        } else {
            size_t n = 0;
            while (s->p < s->end && ((*s->p >= '0' && *s->p <= '9') || *s->p == '-') && n + 1 < val_cap) {
                val[n++] = *s->p++;
            }
            val[n] = '\0';
        }
        return 1;
    }
    return 0;
}

static char *read_file(const char *dir, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return test_read_file(path, len);
}

#define WP_VAL 65536

static void test_wycheproof_x25519(const char *dir) {
    size_t len;
    char *text = read_file(dir, "x25519_test.json", &len);
    scan s = {text, text + len};
    char key[64], *val = test_xmalloc(WP_VAL);
    char pub[WP_VAL], priv[WP_VAL], shared[WP_VAL];
    int tc = -1, cases = 0, zero = 0;
    pub[0] = priv[0] = shared[0] = '\0';
    while (scan_next(&s, key, sizeof key, val, WP_VAL)) {
        if (strcmp(key, "tcId") == 0) {
            tc = atoi(val);
            pub[0] = priv[0] = shared[0] = '\0';
        } else if (strcmp(key, "public") == 0) {
            strcpy(pub, val);
        } else if (strcmp(key, "private") == 0) {
            strcpy(priv, val);
        } else if (strcmp(key, "shared") == 0) {
            strcpy(shared, val);
        } else if (strcmp(key, "result") == 0 && tc >= 0) {
            uint8_t k[32], u[32], e[32], r[32];
            CHECK(strlen(pub) == 64 && strlen(priv) == 64 && strlen(shared) == 64, "tcId %d field lengths", tc);
            test_unhex(priv, k);
            test_unhex(pub, u);
            test_unhex(shared, e);
            char what[64];
            snprintf(what, sizeof what, "Wycheproof x25519 tcId %d", tc);
            check_x25519_all(k, u, e, what);
            /* EVP (called directly) agrees, refusing exactly the all-zero results. */
            const int evp = ref_x25519(k, u, r);
            static const uint8_t zeros[32];
            const int is_zero = memcmp(e, zeros, 32) == 0;
            zero += is_zero;
            CHECK(evp ? !is_zero && memcmp(r, e, 32) == 0 : is_zero, "%s: EVP reference disagrees", what);
            cases++;
            tc = -1;
        }
    }
    printf("wycheproof x25519: %d cases (%d with an all-zero shared secret)\n", cases, zero);
    CHECK(cases >= 500, "only %d x25519 cases found", cases);
    free(val);
    free(text);
}

static void test_wycheproof_ed25519(const char *dir) {
    size_t len;
    char *text = read_file(dir, "ed25519_test.json", &len);
    scan s = {text, text + len};
    char key[64], *val = test_xmalloc(WP_VAL), *msg_hex = test_xmalloc(WP_VAL);
    char pk[128] = "", sig_hex[512] = "";
    uint8_t *msg = test_xmalloc(WP_VAL / 2);
    int tc = -1, cases = 0, valid = 0, bad_len = 0;
    while (scan_next(&s, key, sizeof key, val, WP_VAL)) {
        if (strcmp(key, "pk") == 0) {
            snprintf(pk, sizeof pk, "%s", val);
        } else if (strcmp(key, "tcId") == 0) {
            tc = atoi(val);
            msg_hex[0] = sig_hex[0] = '\0';
        } else if (strcmp(key, "msg") == 0) {
            strcpy(msg_hex, val);
        } else if (strcmp(key, "sig") == 0) {
            snprintf(sig_hex, sizeof sig_hex, "%s", val);
        } else if (strcmp(key, "result") == 0 && tc >= 0) {
            const int expected = strcmp(val, "valid") == 0;
            CHECK(expected || strcmp(val, "invalid") == 0, "tcId %d: result %s", tc, val);
            uint8_t pub[32], sig[64];
            CHECK(strlen(pk) == 64, "tcId %d: key length", tc);
            test_unhex(pk, pub);
            const size_t mlen = test_unhex(msg_hex, msg);
            cases++;
            if (strlen(sig_hex) != 128) {
                /* The API takes 64-byte signatures; the caller refuses other lengths. */
                CHECK(!expected, "tcId %d: a valid signature of %zu bytes", tc, strlen(sig_hex) / 2);
                bad_len++;
                tc = -1;
                continue;
            }
            test_unhex(sig_hex, sig);
            char what[64];
            snprintf(what, sizeof what, "Wycheproof ed25519 tcId %d", tc);
            check_verify_all(pub, msg, mlen, sig, expected, what);
            CHECK(ref_ed25519_verify(pub, msg, mlen, sig) == expected, "%s: EVP reference disagrees with the file",
                  what);
            valid += expected;
            tc = -1;
        }
    }
    printf("wycheproof ed25519: %d cases (%d valid, %d with a signature not 64 bytes long)\n", cases, valid, bad_len);
    CHECK(cases >= 140, "only %d ed25519 cases found", cases);
    free(msg);
    free(msg_hex);
    free(val);
    free(text);
}

/* ------------------------------------------------------------------ differential */

/* X25519 u-coordinates that are special: low order (RFC 7748 sec. 7 and Wycheproof's lists),
 * p and p + k (non-canonical), 2^255 - 1; each also with the top bit set (ignored by X25519). */
static const char *const special_u[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0900000000000000000000000000000000000000000000000000000000000000",
};
#define N_SPECIAL_U (sizeof special_u / sizeof special_u[0])

static void diff_x25519(uint64_t *rng, long cases) {
    for (long c = 0; c < cases; c++) {
        uint8_t k[32], u[32], e[32];
        test_rnd_bytes(rng, k, 32);
        if (c % 64 == 0) memset(k, c % 128 == 0 ? 0 : 0xff, 32);
        if (!ref_x25519_base(k, e)) {
            CHECK(0, "EVP X25519 key import failed");
            continue;
        }
        check_x25519_all(k, NULL, e, "differential X25519 public key");

        const uint32_t pick = test_rnd(rng) % 4;
        if (pick == 0) {
            test_unhex(special_u[test_rnd(rng) % N_SPECIAL_U], u);
        } else if (pick == 1) {
            /* p + i for 0 <= i < 19, or just below p */
            test_unhex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", u);
            u[0] = (uint8_t)(0xe0 + test_rnd(rng) % 32);
        } else {
            test_rnd_bytes(rng, u, 32);
        }
        if (test_rnd(rng) & 1) u[31] ^= 0x80;
        if (!ref_x25519(k, u, e)) memset(e, 0, 32); /* EVP refuses the all-zero result, the API returns it */
        check_x25519_all(k, u, e, "differential X25519");
    }
}

/* a = clamp(SHA-512(seed)[0..32]) mod L, little-endian, so that [a]B is the seed's public key. */
static void secret_scalar_mod_l(const uint8_t seed[32], uint8_t out[32]) {
    uint8_t h[64];
    unsigned int hl = 0;
    EVP_Digest(seed, 32, h, &hl, EVP_sha512(), NULL);
    h[0] &= 248;
    h[31] &= 127;
    h[31] |= 64;
    static const uint8_t l_le[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                     0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                     0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    BN_CTX *bc = BN_CTX_new();
    BIGNUM *a = BN_lebin2bn(h, 32, NULL), *l = BN_lebin2bn(l_le, 32, NULL), *r = BN_new();
    if (bc == NULL || a == NULL || l == NULL || r == NULL || !BN_mod(r, a, l, bc) || BN_bn2lebinpad(r, out, 32) != 32) {
        fprintf(stderr, "BN failed\n");
        exit(2);
    }
    BN_free(a);
    BN_free(l);
    BN_free(r);
    BN_CTX_free(bc);
}

/* Little-endian 256-bit s += L (s < L < 2^253, so no carry out). */
static void add_l(uint8_t s[32]) {
    static const uint8_t l_le[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                     0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                     0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        carry += (unsigned)s[i] + l_le[i];
        s[i] = (uint8_t)carry;
        carry >>= 8;
    }
}

/* Encodings of the small-order points (identity, order 2, 4 and 8), canonical and not: y >= p, and
 * the sign bit set on x = 0. */
static const char *const small_order_points[] = {
    "0100000000000000000000000000000000000000000000000000000000000000", /* identity */
    "0100000000000000000000000000000000000000000000000000000000000080", /* identity, sign bit */
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* identity as y = p + 1 */
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* ... and sign bit */
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* order 2 */
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* order 2, sign bit */
    "0000000000000000000000000000000000000000000000000000000000000000", /* order 4 */
    "0000000000000000000000000000000000000000000000000000000000000080", /* order 4 */
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* order 4 as y = p */
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* order 4 as y = p */
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", /* order 8 */
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", /* order 8 */
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", /* order 8 */
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", /* order 8 */
};
#define N_SMALL (sizeof small_order_points / sizeof small_order_points[0])

/* Every small-order A, in every encoding, is refused on every path, with the key per call and decoded
 * once; under the identity (4 encodings) EVP itself accepts R = the identity, S = 0 for any message. */
static void test_weak_keys(void) {
    static const uint8_t msg[] = "any message at all";
    uint8_t pub[32], sig[64] = {0};
    test_unhex(small_order_points[0], sig);
    int evp_accepted = 0;
    for (size_t i = 0; i < N_SMALL; i++) {
        test_unhex(small_order_points[i], pub);
        CHECK(weak_public_key_ref(pub), "small-order point %zu not weak", i);
        evp_accepted += evp_ed25519_verify(pub, msg, sizeof msg, sig);
        check_verify_all(pub, msg, sizeof msg, sig, 0, "weak public key");
    }
    CHECK(evp_accepted >= 4, "EVP accepted %d identity-key signatures, expected at least 4", evp_accepted);
}

#define MAX_MSG 3100

static void diff_ed25519(uint64_t *rng, long cases) {
    uint8_t *msg = test_xmalloc(MAX_MSG);
    long n_kind[14] = {0}, valid_kind[14] = {0};
    for (long c = 0; c < cases; c++) {
        uint8_t seed[32], pub[32], sig[64];
        test_rnd_bytes(rng, seed, 32);
        size_t len = test_rnd(rng) % 200;
        if (c % 50 == 0) len = 1000 + test_rnd(rng) % 2000; /* past the stack copy */
        test_rnd_bytes(rng, msg, len);
        ref_ed25519_public(seed, pub);
        ref_ed25519_sign(seed, msg, len, sig);
        check_sign_all(seed, msg, len, pub, sig, c % 16 == 0, "differential Ed25519 sign");

        /* A verification case: the valid signature or a mutation of it; EVP gives the verdict. */
        const uint32_t kind = test_rnd(rng) % 14;
        const uint32_t bit = test_rnd(rng);
        switch (kind) {
        case 0: break;
        case 1: sig[bit % 32] ^= (uint8_t)(1u << (bit >> 8) % 8); break;      /* R */
        case 2: sig[32 + bit % 32] ^= (uint8_t)(1u << (bit >> 8) % 8); break; /* S (maybe >= L) */
        case 3:
            if (len) msg[bit % len] ^= (uint8_t)(1u << (bit >> 16) % 8);
            else len = 1;
            break;
        case 4: pub[bit % 32] ^= (uint8_t)(1u << (bit >> 8) % 8); break; /* A */
        case 5: add_l(sig + 32); break;                                  /* S + L */
        case 6:                                                          /* S >= L, near L or far above */
            test_rnd_bytes(rng, sig + 32, 32);
            if (bit & 1) {
                sig[63] = 0x10;
                memset(sig + 48, 0, 15);
            }
            if (sig[63] < 0x10) sig[63] |= 0x10;
            break;
        case 7: test_rnd_bytes(rng, pub, 32); break;
        case 8: /* small-order or non-canonical A, with R = [a]B, S = a: valid iff [k]A = O */
        case 9:
            memcpy(sig, pub, 32);
            secret_scalar_mod_l(seed, sig + 32);
            test_unhex(small_order_points[kind == 8 ? bit % N_SMALL : bit % 4], pub);
            break;
        case 10: /* small-order R (canonical or not), S zero or random, A the order-2 point or a real key */
            test_unhex(small_order_points[bit % N_SMALL], sig);
            if (bit & 0x100) memset(sig + 32, 0, 32);
            else sig[63] &= 0x0f;
            if (bit & 0x200) test_unhex(small_order_points[4 + (bit >> 12) % 2], pub);
            break;
        case 11: /* A the identity, S = 0: [0]B - [k]O = O, so R must be the canonical identity */
            test_unhex(small_order_points[bit % 4], pub);
            test_unhex(small_order_points[(bit >> 8) % 4], sig);
            memset(sig + 32, 0, 32);
            break;
        case 12: /* A with y = p + i (i < 19), either sign, as OpenSSL reads it; R = [a]B, S = a */
            memcpy(sig, pub, 32);
            secret_scalar_mod_l(seed, sig + 32);
            test_unhex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", pub);
            pub[0] = (uint8_t)(0xed + bit % 19);
            if (bit & 0x100) pub[31] |= 0x80;
            break;
        default: /* random signature with a reduced-looking S */
            test_rnd_bytes(rng, sig, 64);
            sig[63] &= 0x0f;
            break;
        }
        const int expected = ref_ed25519_verify(pub, msg, len, sig);
        n_kind[kind]++;
        valid_kind[kind] += expected;
        char what[80];
        snprintf(what, sizeof what, "differential Ed25519 verify (case %ld, kind %u)", c, kind);
        check_verify_all(pub, msg, len, sig, expected, what);
    }
    /* How many of each kind EVP accepted: every kind that can be valid should have some of both. */
    printf("differential ed25519 verify, valid/cases per kind:");
    for (int i = 0; i < 14; i++) printf(" %d:%ld/%ld", i, valid_kind[i], n_kind[i]);
    printf("\n");
    free(msg);
}

/* ------------------------------------------------------------------ argument errors */

static void test_errors(void) {
    uint8_t k[32] = {1}, u[32] = {9}, out[64], seed[32] = {2};
    memset(out, 0xAA, sizeof out);
    EXPECT(gkm_x25519(NULL, k, u) == GKM_ERR_BOUNDS);
    EXPECT(gkm_x25519(out, NULL, u) == GKM_ERR_BOUNDS);
    EXPECT(gkm_x25519(out, k, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_x25519_base(NULL, k) == GKM_ERR_BOUNDS);
    EXPECT(gkm_x25519_base(out, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_x25519_path(7, out, k, u) == GKM_ERR_UNSUPPORTED);
    EXPECT(gkm_x25519_base_path(-1, out, k) == GKM_ERR_UNSUPPORTED);
    EXPECT(!gkm_c25519_path_supported(4) && !gkm_c25519_path_supported(-1));
    EXPECT(gkm_c25519_path_supported(GKM_C25519_PATH_EVP) && gkm_c25519_path_supported(GKM_C25519_PATH_AUTO));
    for (int i = 0; i < 64; i++) EXPECT(out[i] == 0xAA);

    EXPECT(gkm_ed25519_key_new(NULL) == NULL);
    EXPECT(gkm_ed25519_key_new_path(9, seed) == NULL);
    gkm_ed25519_key_free(NULL);
    gkm_ed25519_key *key = gkm_ed25519_key_new(seed);
    EXPECT(key != NULL);
    EXPECT(gkm_ed25519_key_public(NULL, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_key_public(key, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_sign(NULL, k, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_sign(key, k, 1, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_sign(key, NULL, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_sign(key, k, -1, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_ed25519_sign_path(5, key, k, 1, out) == GKM_ERR_UNSUPPORTED);
    for (int i = 0; i < 64; i++) EXPECT(out[i] == 0xAA);
    EXPECT(gkm_ed25519_sign(key, NULL, 0, out) == 0); /* the empty message */
    uint8_t pub[32];
    EXPECT(gkm_ed25519_key_public(key, pub) == 0);
    EXPECT(gkm_ed25519_verify(pub, NULL, 0, out) == 1);
    EXPECT(gkm_ed25519_verify(NULL, k, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_verify(pub, k, 1, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_verify(pub, NULL, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_verify(pub, k, -5, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_ed25519_verify_path(-3, pub, k, 1, out) == GKM_ERR_UNSUPPORTED);
    gkm_ed25519_pub *vk = gkm_ed25519_pub_new(pub);
    EXPECT(vk != NULL);
    EXPECT(gkm_ed25519_pub_new(NULL) == NULL);
    EXPECT(gkm_ed25519_pub_verify(vk, NULL, 0, out) == 1);
    EXPECT(gkm_ed25519_pub_verify(NULL, k, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_pub_verify(vk, k, 1, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_pub_verify(vk, NULL, 1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ed25519_pub_verify(vk, k, -5, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_ed25519_pub_verify_path(-3, vk, k, 1, out) == GKM_ERR_UNSUPPORTED);
    gkm_ed25519_pub_free(vk);
    gkm_ed25519_pub_free(NULL);
    /* In place: the signature written over the message it signs. */
    uint8_t buf[64] = "in place", expected[64];
    EXPECT(gkm_ed25519_sign(key, buf, 8, expected) == 0);
    EXPECT(gkm_ed25519_sign(key, buf, 8, buf) == 0 && memcmp(buf, expected, 64) == 0);
    gkm_ed25519_key_free(key);
    /* X25519 in place */
    uint8_t io[32] = {5}, ref[32];
    EXPECT(gkm_x25519_base(ref, io) == 0 && gkm_x25519_base(io, io) == 0 && memcmp(io, ref, 32) == 0);
}

typedef struct sign_job {
    const gkm_ed25519_key *key;
    int32_t path;
    const uint8_t *msg, *expected;
    int bad;
} sign_job;

static void *sign_thread(void *arg) {
    sign_job *j = arg;
    for (int i = 0; i < 50; i++) {
        uint8_t sig[64];
        if (gkm_ed25519_sign_path(j->path, j->key, j->msg, 32, sig) != 0 || memcmp(sig, j->expected, 64) != 0) j->bad++;
    }
    return NULL;
}

static void test_threads(uint64_t *rng) {
    for (int round = 0; round < 4; round++) {
        uint8_t seed[32], msg[32], expected[64];
        test_rnd_bytes(rng, seed, 32);
        test_rnd_bytes(rng, msg, 32);
        ref_ed25519_sign(seed, msg, 32, expected);
        /* Made on the last (fastest) path: its EVP_PKEY is imported at the first EVP signature. */
        gkm_ed25519_key *key = gkm_ed25519_key_new_path(g_paths[g_npaths - 2], seed);
        CHECK(key != NULL, "key for the thread test");
        if (key == NULL) continue;
        for (int p = 0; p < g_npaths; p++) {
            pthread_t t[4];
            sign_job jobs[4];
            for (int i = 0; i < 4; i++) {
                jobs[i] = (sign_job){key, g_paths[p], msg, expected, 0};
                CHECK(pthread_create(&t[i], NULL, sign_thread, &jobs[i]) == 0, "pthread_create");
            }
            for (int i = 0; i < 4; i++) {
                pthread_join(t[i], NULL);
                CHECK(jobs[i].bad == 0, "thread %d on path %s: %d wrong signatures", i, path_name(g_paths[p]),
                      jobs[i].bad);
                g_checked += 50;
            }
        }
        gkm_ed25519_key_free(key);
    }
}

typedef struct verify_job {
    gkm_ed25519_pub *key;
    int32_t path;
    const uint8_t *msg, *sig;
    int bad;
} verify_job;

static void *verify_thread(void *arg) {
    verify_job *j = arg;
    for (int i = 0; i < 3 * GKM_ED25519_TABLE_AFTER; i++) {
        uint8_t tampered[64];
        memcpy(tampered, j->sig, 64);
        tampered[i % 32] ^= 1;
        if (gkm_ed25519_pub_verify_path(j->path, j->key, j->msg, 32, j->sig) != 1) j->bad++;
        if (gkm_ed25519_pub_verify_path(j->path, j->key, j->msg, 32, tampered) != 0) j->bad++;
    }
    return NULL;
}

/*
 * Tables of multiples: a key verified from 4 threads at once gets its table at the
 * GKM_ED25519_TABLE_AFTER-th verification (one thread's table kept: ASan's leak check sees the
 * others freed) with right verdicts before and after; at most GKM_ED25519_MAX_TABLES keys hold one,
 * and freeing a key gives its place back.
 */
static void test_tables(uint64_t *rng) {
    uint8_t seed[32], pub[32], msg[32], sig[64];
    test_rnd_bytes(rng, seed, 32);
    test_rnd_bytes(rng, msg, 32);
    gkm_ed25519_key *sk = gkm_ed25519_key_new(seed);
    CHECK(sk != NULL && gkm_ed25519_key_public(sk, pub) == 0 && gkm_ed25519_sign(sk, msg, 32, sig) == 0,
          "table test key");
    gkm_ed25519_key_free(sk);
    for (int p = 0; p < g_npaths; p++) {
        gkm_ed25519_pub *key = gkm_ed25519_pub_new(pub);
        CHECK(key != NULL, "pub_new");
        if (key == NULL) continue;
        pthread_t t[4];
        verify_job jobs[4];
        for (int i = 0; i < 4; i++) {
            jobs[i] = (verify_job){key, g_paths[p], msg, sig, 0};
            CHECK(pthread_create(&t[i], NULL, verify_thread, &jobs[i]) == 0, "pthread_create");
        }
        for (int i = 0; i < 4; i++) {
            pthread_join(t[i], NULL);
            CHECK(jobs[i].bad == 0, "table threads on path %s: %d wrong verdicts", path_name(g_paths[p]), jobs[i].bad);
            g_checked += 6 * GKM_ED25519_TABLE_AFTER;
        }
        gkm_ed25519_pub_free(key);
    }
    if (!gkm_c25519_path_supported(GKM_C25519_PATH_ALT)) return; /* no tables in this build */
    gkm_ed25519_pub *keys[GKM_ED25519_MAX_TABLES + 1];
    int held = 0;
    for (int i = 0; i <= GKM_ED25519_MAX_TABLES; i++) {
        keys[i] = gkm_ed25519_pub_new(pub);
        CHECK(keys[i] != NULL, "pub_new");
        if (keys[i] != NULL) held += gkm_ed25519_pub_prepare(keys[i]) == 1;
    }
    CHECK(held == GKM_ED25519_MAX_TABLES, "%d keys hold a table, the cap is %d", held, GKM_ED25519_MAX_TABLES);
    CHECK(gkm_ed25519_pub_prepare(keys[GKM_ED25519_MAX_TABLES]) == 0, "a key past the cap got a table");
    CHECK(gkm_ed25519_pub_verify(keys[GKM_ED25519_MAX_TABLES], msg, 32, sig) == 1, "a key past the cap verifies");
    gkm_ed25519_pub_free(keys[0]);
    CHECK(gkm_ed25519_pub_prepare(keys[GKM_ED25519_MAX_TABLES]) == 1, "a freed key's place is not given back");
    for (int i = 1; i <= GKM_ED25519_MAX_TABLES; i++) gkm_ed25519_pub_free(keys[i]);
    EXPECT(gkm_ed25519_pub_prepare(NULL) == GKM_ERR_BOUNDS);
}

/* GKM_C25519_PATH steers AUTO: "env <name>" checks that AUTO is that path (or the best one when the
 * CPU lacks it) and that AUTO's results are right (ctest runs it once per path name). */
static int env_mode(const char *want) {
    int32_t p = strcmp(want, "evp") == 0   ? GKM_C25519_PATH_EVP
                : strcmp(want, "alt") == 0 ? GKM_C25519_PATH_ALT
                                           : GKM_C25519_PATH_FAST;
    const int32_t got = gkm_c25519_path();
    printf("GKM_C25519_PATH=%s: auto = %s\n", want, path_name(got));
    if (gkm_c25519_path_supported(p)) EXPECT(got == p);
    g_paths[0] = GKM_C25519_PATH_AUTO;
    g_npaths = 1;
    test_rfc7748();
    test_rfc8032();
    return check_done("curve25519 env");
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "env") == 0) return env_mode(argv[2]);
    if (argc < 2) {
        fprintf(stderr, "usage: %s <wycheproof vector dir> | env <path>\n", argv[0]);
        return 2;
    }
    uint64_t rng = check_seed(0x25519c0ffee);
    init_paths();
    const char *n_env = getenv("GKM_C25519_CASES");
    const long cases = n_env ? atol(n_env) : 10000;
    test_errors();
    test_rfc7748();
    test_rfc8032();
    test_wycheproof_x25519(argv[1]);
    test_wycheproof_ed25519(argv[1]);
    test_weak_keys();
    test_threads(&rng);
    test_tables(&rng);
    diff_x25519(&rng, cases);
    diff_ed25519(&rng, cases);
    printf("%ld path results checked (%ld cases per differential kind; %ld keys verified with their table)\n",
           g_checked, cases, g_tabled);
    if (gkm_c25519_path_supported(GKM_C25519_PATH_ALT)) CHECK(g_tabled > 1000, "only %ld keys had a table", g_tabled);
    return check_done("curve25519");
}
