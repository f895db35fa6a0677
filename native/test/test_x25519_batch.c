/*
 * ctest: gkm_x25519_public_batch and gkm_x25519_batch on every kernel path this CPU supports
 * (portable, ifma) and on AUTO.
 *  - RFC 7748 sec. 5.2 (one iteration) and sec. 6.1 known answers, alone and in one batch;
 *  - every case of Wycheproof's x25519_test.json (path given as the first argument), as one batch
 *    and in batches of 1..9;
 *  - bit-exact against OpenSSL EVP (EVP_PKEY_new_raw_private_key / _public_key + EVP_PKEY_derive;
 *    where EVP refuses an all-zero result the expected output is all zero) for random batches of
 *    every size 1..70 and some larger ones (1000, GKM_X25519_MAX_COUNT; 4099 under ASan), with edge-case inputs
 *    mixed in: the 12 encodings of small-order points of cr.yp.to/ecdh.html (the 7 below 2^255 give
 *    all zero, checked), u = 0, u >= p, the top bit of u set, scalars all zero / all 0xff; bytes
 *    around the output are never written, the inputs are never modified;
 *  - in place (out == scalars, out == points, pub == priv);
 *  - argument errors (negative codes, nothing touched);
 *  - concurrent calls from 4 threads.
 * Modes (argv[1] after the vector file): "env" checks that GKM_X25519_PATH steered AUTO;
 * "diff N" runs N more random differential cases of gkm_x25519_batch on each fast path against EVP
 * (GKM_X25519_DIFF_CASES overrides N).
 * Deterministic: data comes from a seeded PRNG (fixed default; GKM_TEST_SEED overrides; the seed
 * is printed at the start and with every failure).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_util.h"
static long g_cases_checked;

#define FILL  0xAA /* bytes around the output must keep this value */
#define GUARD 40   /* guard bytes before and after each output buffer */

static int32_t g_paths[3];
static int g_npaths;

static const char *path_name(int32_t p) {
    return p == GKM_X25519_PATH_AUTO ? "auto" : p == GKM_X25519_PATH_PORTABLE ? "portable" : "ifma";
}

static void init_paths(void) {
    g_npaths = 0;
    for (int32_t p = GKM_X25519_PATH_PORTABLE; p <= GKM_X25519_PATH_IFMA; p++) {
        if (gkm_x25519_batch_kernel_supported(p)) g_paths[g_npaths++] = p;
    }
    g_paths[g_npaths++] = GKM_X25519_PATH_AUTO;
    printf("paths:");
    for (int i = 0; i < g_npaths; i++) printf(" %s", path_name(g_paths[i]));
    printf(" (auto = %s)\n", path_name(gkm_x25519_batch_kernel()));
}

/* ------------------------------------------------------------------ EVP reference */

static int ref_public(const uint8_t priv[32], uint8_t pub[32]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
    size_t len = 32;
    int ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, pub, &len) == 1 && len == 32;
    EVP_PKEY_free(pk);
    return ok;
}

/* X25519(k, u) for each of n points under one private key (parsed once); a derive EVP refuses
 * (OpenSSL rejects an all-zero shared secret) gives 32 zero bytes. 1 unless a key did not parse. */
static int ref_x25519_multi(const uint8_t k[32], int n, const uint8_t *u, uint8_t *out) {
    EVP_PKEY *mine = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, k, 32);
    EVP_PKEY_CTX *ctx = mine != NULL ? EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL) : NULL;
    int ok = ctx != NULL && EVP_PKEY_derive_init(ctx) == 1;
    for (int i = 0; i < n && ok; i++) {
        EVP_PKEY *peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u + 32 * i, 32);
        size_t len = 32;
        ok = peer != NULL && EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) == 1;
        if (ok && (EVP_PKEY_derive(ctx, out + 32 * i, &len) != 1 || len != 32)) {
            memset(out + 32 * i, 0, 32);
            ERR_clear_error();
        }
        EVP_PKEY_free(peer);
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(mine);
    return ok;
}

static int ref_x25519(const uint8_t k[32], const uint8_t u[32], uint8_t out[32]) {
    return ref_x25519_multi(k, 1, u, out);
}

static int all_fill(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != FILL) return 0;
    }
    return 1;
}

static int is_zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* ------------------------------------------------------------------ inputs */

/* Encodings of small-order points (cr.yp.to/ecdh.html#validate): 0, 1, the two points of order 8,
 * p - 1, p, p + 1, then values >= 2^255 (RFC 7748 masks their top bit, so only EVP agreement is
 * checked for those). */
static const char *const SMALL_ORDER[12] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    "4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
    "d9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "daffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
};
#define SMALL_ORDER_ZERO 7 /* the first 7 give an all-zero X25519 output */

/* A random scalar, sometimes an edge case. */
static void rnd_scalar(uint64_t *s, uint8_t k[32]) {
    test_rnd_bytes(s, k, 32);
    const uint32_t c = test_rnd(s) % 32;
    if (c == 0) memset(k, 0, 32);
    if (c == 1) memset(k, 0xff, 32);
}

/* A random u, often an edge case: small order, 0, >= p (p .. 2^255 - 1), top bit set. */
static void rnd_point(uint64_t *s, uint8_t u[32]) {
    test_rnd_bytes(s, u, 32);
    const uint32_t c = test_rnd(s) % 64;
    if (c < 6) {
        test_unhex(SMALL_ORDER[test_rnd(s) % 12], u);
    } else if (c < 9) {
        /* p + r for r < 19, or just below p, with or without the top bit */
        memset(u, 0xff, 32);
        u[0] = (uint8_t)(0xed - 24 + test_rnd(s) % 43);
        u[31] = c == 6 ? 0xff : 0x7f;
    } else if (c < 16) {
        u[31] |= 0x80;
    }
}

/* ------------------------------------------------------------------ known answers */

static void test_rfc7748(void) {
    /* sec. 6.1 key pairs and shared secret; sec. 5.2 first test vector */
    uint8_t priv[64], expected[64], out[64 + GUARD], k[32], u[32], shared[32], r52[32];
    test_unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", priv);      /* Alice */
    test_unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", priv + 32); /* Bob */
    test_unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", expected);
    test_unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", expected + 32);
    test_unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", shared);
    for (int i = 0; i < g_npaths; i++) {
        const int32_t p = g_paths[i];
        for (int who = 0; who < 2; who++) {
            memset(out, FILL, sizeof out);
            CHECK(gkm_x25519_public_batch_path(p, 1, priv + 32 * who, 32, out, 32) == 0, "%s: one key", path_name(p));
            CHECK(memcmp(out, expected + 32 * who, 32) == 0, "%s: RFC 7748 public key %d", path_name(p), who);
            CHECK(all_fill(out + 32, 32), "%s: byte written past a one-key output", path_name(p));
            /* the shared secret, each side from the other's public key */
            memset(out, FILL, sizeof out);
            CHECK(gkm_x25519_batch_path(p, 1, priv + 32 * who, 32, expected + 32 * (1 - who), 32, out, 32) == 0,
                  "%s: one shared secret", path_name(p));
            CHECK(memcmp(out, shared, 32) == 0, "%s: RFC 7748 shared secret, side %d", path_name(p), who);
            CHECK(all_fill(out + 32, 32), "%s: byte written past a one-key output", path_name(p));
        }
        memset(out, 0, sizeof out);
        CHECK(gkm_x25519_public_batch_path(p, 2, priv, 64, out, 64) == 0, "%s: two keys", path_name(p));
        CHECK(memcmp(out, expected, 64) == 0, "%s: RFC 7748 public keys as one batch", path_name(p));
        test_unhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", k);
        test_unhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", u);
        test_unhex("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", r52);
        CHECK(gkm_x25519_batch_path(p, 1, k, 32, u, 32, out, 32) == 0 && memcmp(out, r52, 32) == 0,
              "%s: RFC 7748 sec. 5.2 vector 1", path_name(p));
        test_unhex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", k);
        test_unhex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", u);
        test_unhex("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957", r52);
        CHECK(gkm_x25519_batch_path(p, 1, k, 32, u, 32, out, 32) == 0 && memcmp(out, r52, 32) == 0,
              "%s: RFC 7748 sec. 5.2 vector 2 (u with the top bit set)", path_name(p));
        g_cases_checked += 8;
    }
}

/* RFC 7748 sec. 5.2, the iterated test: 1000 iterations of k, u = X25519(k, u), k (one path). */
static void test_rfc7748_iterated(int32_t p) {
    uint8_t k[32], u[32], r[32], expected[32];
    test_unhex("0900000000000000000000000000000000000000000000000000000000000000", k);
    memcpy(u, k, 32);
    test_unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", expected);
    for (int i = 0; i < 1000; i++) {
        CHECK(gkm_x25519_batch_path(p, 1, k, 32, u, 32, r, 32) == 0, "%s: iteration %d", path_name(p), i);
        memcpy(u, k, 32);
        memcpy(k, r, 32);
    }
    CHECK(memcmp(k, expected, 32) == 0, "%s: RFC 7748 sec. 5.2 after 1000 iterations", path_name(p));
    g_cases_checked += 1000;
}

/* ------------------------------------------------------------------ Wycheproof */

/* The next "key" : "hex" value at or after *pos (keys in the order the file gives them). */
static int json_hex(const char *text, const char **pos, const char *key, uint8_t out[32]) {
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *at = strstr(*pos, pat);
    if (at == NULL) return 0;
    const char *q = strchr(at + strlen(pat), '"');
    if (q == NULL) return 0;
    const char *end = strchr(q + 1, '"');
    if (end == NULL || end - (q + 1) != 64) return 0;
    char hex[65];
    memcpy(hex, q + 1, 64);
    hex[64] = 0;
    test_unhex(hex, out);
    *pos = end + 1;
    (void)text;
    return 1;
}

static void test_wycheproof(const char *file) {
    char *text = test_read_file(file, NULL);
    const char *nt = strstr(text, "\"numberOfTests\"");
    const int declared = nt ? atoi(strchr(nt, ':') + 1) : -1;
    uint8_t *k = test_xmalloc(32 * 1024), *u = test_xmalloc(32 * 1024), *want = test_xmalloc(32 * 1024);
    int n = 0;
    const char *pos = text;
    for (;;) {
        uint8_t pub[32], priv[32], shared[32];
        if (!json_hex(text, &pos, "public", pub)) break;
        CHECK(json_hex(text, &pos, "private", priv) && json_hex(text, &pos, "shared", shared) && n < 1024,
              "malformed test %d in %s", n, file);
        memcpy(u + 32 * n, pub, 32);
        memcpy(k + 32 * n, priv, 32);
        memcpy(want + 32 * n, shared, 32);
        n++;
    }
    CHECK(n == declared && n > 500, "Wycheproof x25519: %d cases parsed, %d declared", n, declared);
    uint8_t *out = test_xmalloc(32 * (size_t)n);
    for (int i = 0; i < g_npaths; i++) {
        const int32_t p = g_paths[i];
        memset(out, FILL, 32 * (size_t)n);
        CHECK(gkm_x25519_batch_path(p, n, k, 32 * n, u, 32 * n, out, 32 * n) == 0, "%s: Wycheproof batch",
              path_name(p));
        for (int t = 0; t < n; t++) {
            CHECK(memcmp(out + 32 * t, want + 32 * t, 32) == 0, "%s: Wycheproof case %d (tcId %d) in one batch",
                  path_name(p), t, t + 1);
        }
        /* again in batches of 1..9, so every case meets every lane position and padding */
        for (int t = 0, b = 1; t < n; t += b, b = b % 9 + 1) {
            const int m = n - t < b ? n - t : b;
            CHECK(gkm_x25519_batch_path(p, m, k + 32 * t, 32 * m, u + 32 * t, 32 * m, out + 32 * t, 32 * m) == 0,
                  "%s: Wycheproof sub-batch", path_name(p));
        }
        CHECK(memcmp(out, want, 32 * (size_t)n) == 0, "%s: Wycheproof in batches of 1..9", path_name(p));
        g_cases_checked += 2 * n;
    }
    printf("Wycheproof x25519: %d cases on %d paths\n", n, g_npaths);
    free(out);
    free(k);
    free(u);
    free(want);
    free(text);
}

/* ------------------------------------------------------------------ random batches */

/* One random batch of n for gkm_x25519_batch and n for gkm_x25519_public_batch on path p. */
static void test_random_batch(uint64_t *s, int32_t p, int n) {
    const size_t len = (size_t)n * 32;
    uint8_t *k = test_xmalloc(len), *u = test_xmalloc(len), *kc = test_xmalloc(len), *uc = test_xmalloc(len);
    uint8_t *ref = test_xmalloc(len), *pref = test_xmalloc(len);
    uint8_t *buf = test_xmalloc(len + 2 * GUARD), *out = buf + GUARD;
    for (int i = 0; i < n; i++) {
        rnd_scalar(s, k + 32 * i);
        rnd_point(s, u + 32 * i);
    }
    memcpy(kc, k, len);
    memcpy(uc, u, len);
    for (int i = 0; i < n; i++) {
        CHECK(ref_x25519(k + 32 * i, u + 32 * i, ref + 32 * i), "EVP reference failed");
        CHECK(ref_public(k + 32 * i, pref + 32 * i), "EVP reference failed");
    }
    const char *pn = path_name(p);
    memset(buf, FILL, len + 2 * GUARD);
    int32_t rc = gkm_x25519_batch_path(p, n, k, (int64_t)len, u, (int64_t)len, out, (int64_t)len);
    CHECK(rc == 0, "%s: batch of %d returned %d", pn, n, rc);
    for (int i = 0; i < n; i++) {
        CHECK(memcmp(out + 32 * i, ref + 32 * i, 32) == 0, "%s: batch of %d: case %d differs from EVP", pn, n, i);
    }
    CHECK(all_fill(buf, GUARD) && all_fill(out + len, GUARD), "%s: batch of %d wrote outside its output", pn, n);
    CHECK(memcmp(k, kc, len) == 0 && memcmp(u, uc, len) == 0, "%s: batch of %d modified its input", pn, n);
    /* public keys */
    memset(buf, FILL, len + 2 * GUARD);
    rc = gkm_x25519_public_batch_path(p, n, k, (int64_t)len, out, (int64_t)len);
    CHECK(rc == 0, "%s: public batch of %d returned %d", pn, n, rc);
    CHECK(memcmp(out, pref, len) == 0, "%s: public batch of %d differs from EVP", pn, n);
    CHECK(all_fill(buf, GUARD) && all_fill(out + len, GUARD), "%s: public batch of %d wrote outside", pn, n);
    CHECK(memcmp(k, kc, len) == 0, "%s: public batch of %d modified its input", pn, n);
    /* in place: out == scalars, out == points, pub == priv */
    CHECK(gkm_x25519_batch_path(p, n, kc, (int64_t)len, u, (int64_t)len, kc, (int64_t)len) == 0 &&
              memcmp(kc, ref, len) == 0,
          "%s: in place over the scalars, %d", pn, n);
    CHECK(gkm_x25519_batch_path(p, n, k, (int64_t)len, uc, (int64_t)len, uc, (int64_t)len) == 0 &&
              memcmp(uc, ref, len) == 0,
          "%s: in place over the points, %d", pn, n);
    memcpy(kc, k, len);
    CHECK(gkm_x25519_public_batch_path(p, n, kc, (int64_t)len, kc, (int64_t)len) == 0 && memcmp(kc, pref, len) == 0,
          "%s: public keys in place, %d", pn, n);
    g_cases_checked += 2 * n;
    free(k);
    free(u);
    free(kc);
    free(uc);
    free(ref);
    free(pref);
    free(buf);
}

/* Every small-order encoding with random scalars, on every lane position. */
static void test_small_order(uint64_t *s, int32_t p) {
    uint8_t k[12 * 32], u[12 * 32], out[12 * 32], ref[32];
    for (int i = 0; i < 12; i++) {
        rnd_scalar(s, k + 32 * i);
        test_unhex(SMALL_ORDER[i], u + 32 * i);
    }
    for (int shift = 0; shift < 12; shift++) {
        CHECK(gkm_x25519_batch_path(p, 12 - shift, k + 32 * shift, 32 * (12 - shift), u + 32 * shift, 32 * (12 - shift),
                                    out, sizeof out) == 0,
              "%s: small-order batch", path_name(p));
        for (int i = shift; i < 12; i++) {
            const uint8_t *o = out + 32 * (i - shift);
            CHECK(ref_x25519(k + 32 * i, u + 32 * i, ref) && memcmp(o, ref, 32) == 0,
                  "%s: small-order point %d differs from EVP", path_name(p), i);
            if (i < SMALL_ORDER_ZERO) CHECK(is_zero(o, 32), "%s: small-order point %d not zero", path_name(p), i);
        }
    }
    g_cases_checked += 78;
}

/* ------------------------------------------------------------------ errors */

static void test_errors(int32_t p) {
    const char *pn = path_name(p);
    uint8_t priv[96], buf[96 + 2 * GUARD], *pub = buf + GUARD;
    memset(priv, 7, sizeof priv);
    memset(buf, FILL, sizeof buf);
    CHECK(gkm_x25519_public_batch_path(p, -1, priv, 96, pub, 96) == GKM_ERR_COUNT, "%s: count -1", pn);
    CHECK(gkm_x25519_public_batch_path(p, INT32_MIN, priv, 96, pub, 96) == GKM_ERR_COUNT, "%s: INT32_MIN", pn);
    CHECK(gkm_x25519_public_batch_path(p, GKM_X25519_MAX_COUNT + 1, priv, INT64_MAX, pub, INT64_MAX) == GKM_ERR_COUNT,
          "%s: count over the maximum", pn);
    CHECK(gkm_x25519_public_batch_path(p, GKM_X25519_MAX_COUNT, priv, 96, pub, 96) == GKM_ERR_BOUNDS,
          "%s: count at maximum", pn);
    CHECK(gkm_x25519_public_batch_path(p, 0, NULL, 0, NULL, 0) == 0, "%s: count 0 is a no-op", pn);
    CHECK(gkm_x25519_public_batch_path(p, 1, NULL, 32, pub, 32) == GKM_ERR_BOUNDS, "%s: NULL priv", pn);
    CHECK(gkm_x25519_public_batch_path(p, 1, priv, 32, NULL, 32) == GKM_ERR_BOUNDS, "%s: NULL pub", pn);
    CHECK(gkm_x25519_public_batch_path(p, 3, priv, 95, pub, 96) == GKM_ERR_BOUNDS, "%s: short priv", pn);
    CHECK(gkm_x25519_public_batch_path(p, 3, priv, 96, pub, 95) == GKM_ERR_BOUNDS, "%s: short pub", pn);
    CHECK(gkm_x25519_public_batch_path(p, 1, priv, -1, pub, 32) == GKM_ERR_BOUNDS, "%s: negative length", pn);
    /* gkm_x25519_batch */
    const uint8_t *u = priv;
    CHECK(gkm_x25519_batch_path(p, -1, priv, 96, u, 96, pub, 96) == GKM_ERR_COUNT, "%s: batch count -1", pn);
    CHECK(gkm_x25519_batch_path(p, GKM_X25519_MAX_COUNT + 1, priv, INT64_MAX, u, INT64_MAX, pub, INT64_MAX) ==
              GKM_ERR_COUNT,
          "%s: batch count over the maximum", pn);
    CHECK(gkm_x25519_batch_path(p, 0, NULL, 0, NULL, 0, NULL, 0) == 0, "%s: batch count 0", pn);
    CHECK(gkm_x25519_batch_path(p, 1, NULL, 32, u, 32, pub, 32) == GKM_ERR_BOUNDS, "%s: NULL scalars", pn);
    CHECK(gkm_x25519_batch_path(p, 1, priv, 32, NULL, 32, pub, 32) == GKM_ERR_BOUNDS, "%s: NULL points", pn);
    CHECK(gkm_x25519_batch_path(p, 1, priv, 32, u, 32, NULL, 32) == GKM_ERR_BOUNDS, "%s: NULL out", pn);
    CHECK(gkm_x25519_batch_path(p, 3, priv, 95, u, 96, pub, 96) == GKM_ERR_BOUNDS, "%s: short scalars", pn);
    CHECK(gkm_x25519_batch_path(p, 3, priv, 96, u, 95, pub, 96) == GKM_ERR_BOUNDS, "%s: short points", pn);
    CHECK(gkm_x25519_batch_path(p, 3, priv, 96, u, 96, pub, 95) == GKM_ERR_BOUNDS, "%s: short out", pn);
    CHECK(gkm_x25519_batch_path(p, 1, priv, 32, u, -32, pub, 32) == GKM_ERR_BOUNDS, "%s: negative length", pn);
    CHECK(all_fill(buf, sizeof buf), "%s: an argument error touched the output", pn);
    /* partial overlaps of the output with either input are refused before anything is written */
    uint8_t over[160], other[96];
    memset(over, 7, sizeof over);
    memset(other, 9, sizeof other);
    CHECK(gkm_x25519_public_batch_path(p, 3, over, 96, over + 32, 96) == GKM_ERR_BOUNDS, "%s: overlap above", pn);
    CHECK(gkm_x25519_public_batch_path(p, 3, over + 32, 96, over, 96) == GKM_ERR_BOUNDS, "%s: overlap below", pn);
    CHECK(gkm_x25519_public_batch_path(p, 3, over, 96, over + 95, 96) == GKM_ERR_BOUNDS, "%s: one byte", pn);
    CHECK(gkm_x25519_batch_path(p, 3, over, 96, other, 96, over + 32, 96) == GKM_ERR_BOUNDS, "%s: out/scalars", pn);
    CHECK(gkm_x25519_batch_path(p, 3, other, 96, over + 32, 96, over, 96) == GKM_ERR_BOUNDS, "%s: out/points", pn);
    CHECK(gkm_x25519_batch_path(p, 3, over, 96, over + 64, 96, over + 63, 96) == GKM_ERR_BOUNDS, "%s: both", pn);
    int untouched = 1;
    for (size_t i = 0; i < sizeof over; i++) untouched &= over[i] == 7;
    CHECK(untouched, "%s: a refused overlap touched the buffer", pn);
    /* the inputs may overlap each other; adjacent but disjoint output is fine */
    uint8_t want[64], got[64];
    CHECK(ref_x25519(over + 16, over + 32, want) && ref_x25519(over + 48, over + 64, want + 32), "EVP reference");
    CHECK(gkm_x25519_batch_path(p, 2, over + 16, 64, over + 32, 64, got, 64) == 0 && memcmp(got, want, 64) == 0,
          "%s: overlapping inputs", pn);
    CHECK(gkm_x25519_public_batch_path(p, 2, over, 64, over + 64, 64) == 0, "%s: adjacent buffers", pn);
}

static void test_unsupported(void) {
    uint8_t k[32], out[32];
    memset(k, 1, sizeof k);
    memset(out, FILL, sizeof out);
    EXPECT(gkm_x25519_batch_kernel_supported(-1) == 0 && gkm_x25519_batch_kernel_supported(3) == 0);
    EXPECT(gkm_x25519_batch_kernel_supported(GKM_X25519_PATH_AUTO) &&
           gkm_x25519_batch_kernel_supported(GKM_X25519_PATH_PORTABLE));
    EXPECT(gkm_x25519_batch_path(3, 1, k, 32, k, 32, out, 32) == GKM_ERR_UNSUPPORTED);
    EXPECT(gkm_x25519_public_batch_path(-1, 1, k, 32, out, 32) == GKM_ERR_UNSUPPORTED);
    if (!gkm_x25519_batch_kernel_supported(GKM_X25519_PATH_IFMA)) {
        EXPECT(gkm_x25519_batch_path(GKM_X25519_PATH_IFMA, 1, k, 32, k, 32, out, 32) == GKM_ERR_UNSUPPORTED);
    }
    EXPECT(all_fill(out, sizeof out));
}

/* ------------------------------------------------------------------ bulk differential */

/* cases random X25519(k, u) on each fast path against EVP, in batches of 1..70 (each scalar
 * used for up to 8 points, so the reference parses a private key once per 8 cases); in between,
 * about a seventh as many random public keys X25519(k, 9) (the fixed-base kernel). */
static void test_diff(uint64_t *s, long cases) {
    enum { MAXB = 70 };
    uint8_t k[MAXB * 32], u[MAXB * 32], ref[MAXB * 32], pref[MAXB * 32], out[MAXB * 32];
    long done = 0, done_pub = 0;
    while (done < cases) {
        int n = 1 + (int)(test_rnd(s) % MAXB);
        if (n > cases - done) n = (int)(cases - done);
        for (int i = 0; i < n; i++) rnd_point(s, u + 32 * i);
        for (int i = 0; i < n; i += 8) {
            const int m = n - i < 8 ? n - i : 8;
            rnd_scalar(s, k + 32 * i);
            for (int j = 1; j < m; j++) memcpy(k + 32 * (i + j), k + 32 * i, 32);
            CHECK(ref_x25519_multi(k + 32 * i, m, u + 32 * i, ref + 32 * i), "EVP reference failed");
        }
        /* every 8th batch or so as public keys instead (the fixed-base kernel), distinct scalars */
        const int pub = (test_rnd(s) & 7) == 0;
        if (pub) {
            for (int i = 0; i < n; i++) {
                rnd_scalar(s, k + 32 * i);
                CHECK(ref_public(k + 32 * i, pref + 32 * i), "EVP reference failed");
            }
        }
        for (int i = 0; i < g_npaths; i++) {
            if (g_paths[i] == GKM_X25519_PATH_PORTABLE || g_paths[i] == GKM_X25519_PATH_AUTO) continue;
            if (pub) {
                CHECK(gkm_x25519_public_batch_path(g_paths[i], n, k, 32 * n, out, 32 * n) == 0 &&
                          memcmp(out, pref, 32 * (size_t)n) == 0,
                      "%s: differential public batch of %d after %ld keys", path_name(g_paths[i]), n, done_pub);
                continue;
            }
            CHECK(gkm_x25519_batch_path(g_paths[i], n, k, 32 * n, u, 32 * n, out, 32 * n) == 0 &&
                      memcmp(out, ref, 32 * (size_t)n) == 0,
                  "%s: differential batch of %d after %ld cases", path_name(g_paths[i]), n, done);
        }
        if (pub) {
            done_pub += n;
        } else {
            done += n;
        }
    }
    g_cases_checked += done + done_pub;
    printf("differential: %ld random X25519(k, u) and %ld public keys against EVP\n", done, done_pub);
}

/* ------------------------------------------------------------------ threads */

#define THREADS       4
#define THREAD_ROUNDS 6

typedef struct {
    uint64_t seed;
    int failures;
} thread_arg;

static void *thread_body(void *p) {
    thread_arg *a = p;
    uint64_t s = a->seed;
    for (int r = 0; r < THREAD_ROUNDS; r++) {
        int n = 1 + (int)(test_rnd(&s) % 24);
        uint8_t priv[24 * 32], pt[24 * 32], pub[24 * 32], ref[32];
        test_rnd_bytes(&s, priv, sizeof priv);
        test_rnd_bytes(&s, pt, sizeof pt);
        if (gkm_x25519_public_batch(n, priv, n * 32, pub, n * 32) != 0) a->failures++;
        for (int i = 0; i < n; i++) {
            if (!ref_public(priv + 32 * i, ref) || memcmp(ref, pub + 32 * i, 32) != 0) a->failures++;
        }
        if (gkm_x25519_batch(n, priv, n * 32, pt, n * 32, pub, n * 32) != 0) a->failures++;
        for (int i = 0; i < n; i++) {
            if (!ref_x25519(priv + 32 * i, pt + 32 * i, ref) || memcmp(ref, pub + 32 * i, 32) != 0) a->failures++;
        }
    }
    return NULL;
}

static void test_threads(void) {
    pthread_t th[THREADS];
    thread_arg args[THREADS];
    for (int t = 0; t < THREADS; t++) {
        args[t].seed = (g_seed ^ (0x9e3779b97f4a7c15ull * (uint64_t)(t + 1))) | 1;
        args[t].failures = 0;
        CHECK(pthread_create(&th[t], NULL, thread_body, &args[t]) == 0, "pthread_create");
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        CHECK(args[t].failures == 0, "thread %d: %d wrong results or failed calls", t, args[t].failures);
    }
}

/* GKM_X25519_PATH=name: AUTO must have resolved to it (every test CPU runs portable; ifma only
 * where supported, else AUTO falls back to the best path). */
static void test_env(void) {
    const char *env = getenv("GKM_X25519_PATH");
    int32_t want =
        gkm_x25519_batch_kernel_supported(GKM_X25519_PATH_IFMA) ? GKM_X25519_PATH_IFMA : GKM_X25519_PATH_PORTABLE;
    if (env != NULL && strcmp(env, "portable") == 0) want = GKM_X25519_PATH_PORTABLE;
    CHECK(gkm_x25519_batch_kernel() == want, "GKM_X25519_PATH=%s gave path %d", env ? env : "(unset)",
          gkm_x25519_batch_kernel());
}

int main(int argc, char **argv) {
    uint64_t s = check_seed(0x2545f4914f6cdd1dull);
    init_paths();
    if (argc > 2 && strcmp(argv[2], "env") == 0) {
        test_env();
        test_rfc7748();
        return check_done("x25519_batch env");
    }
    if (argc > 2 && strcmp(argv[2], "diff") == 0) {
        const char *env = getenv("GKM_X25519_DIFF_CASES");
        const long cases = env != NULL ? atol(env) : argc > 3 ? atol(argv[3]) : 1000000;
        test_diff(&s, cases);
        return check_done("x25519_batch diff");
    }
    test_unsupported();
    test_rfc7748();
    if (argc > 1) test_wycheproof(argv[1]);
    /* the concrete paths (AUTO is one of them: it gets the known answers, Wycheproof, the largest
     * batch and the threads) */
    for (int i = 0; i < g_npaths - 1; i++) {
        const int32_t p = g_paths[i];
        test_errors(p);
        test_small_order(&s, p);
        test_rfc7748_iterated(p);
        for (int n = 1; n <= 70; n++) test_random_batch(&s, p, n);
        test_random_batch(&s, p, 1000);
    }
    /* the maximum batch, once (AUTO); under ASan (an unoptimised build, EVP's reference ~10x
     * slower) a batch of 4099 instead */
#if defined(__SANITIZE_ADDRESS__)
    test_random_batch(&s, GKM_X25519_PATH_AUTO, 4099);
#else
    test_random_batch(&s, GKM_X25519_PATH_AUTO, GKM_X25519_MAX_COUNT);
#endif
    test_threads();
    printf("%ld cases checked against EVP or known answers\n", g_cases_checked);
    return check_done("x25519_batch");
}
