/* gkm_gcm_{seal,open} and the internal CRYPTO_gcm128 path: both bit-exact against EVP for IVs EVP
 * accepts (1..128 bytes); eight threads at once, each with its own keys (no cross-talk between
 * threads); Wycheproof aes_gcm_test tcId 268 (257-byte IV) through the public entry;
 * tamper rejection on both paths; argument errors.
 *
 * Prepared keys (gkm_gcm_key_*): byte-identical to the one-shot calls over seeded random keys,
 * messages and AAD (seed printed; GKM_TEST_SEED replays); a forgery refused with the output zeroed
 * and the key still working; every case of Wycheproof's aes_gcm_test.json (path given as the first
 * argument) with a 12-byte IV, and the refusal of the other IV lengths; four threads on one key;
 * keys freed with contexts in their pool (ASan's leak check sees any context left behind).
 *
 * Paths (GKM_GCM_PATH_*): every Wycheproof case through the one-shot calls on the provider path
 * and on the AES-NI kernel; the kernel against the provider, seeded, over every key size, every
 * plaintext length 0..320 and AAD length 0..300 and random lengths up to 1100: the same ct || tag,
 * and the same refusal (output zeroed) of a tampered ciphertext, tag or AAD; path selection and
 * the _path calls' argument errors. */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"
#include "gkm_native.h"
#include "test_check.h"
#include "test_util.h"

static int evp_seal(const uint8_t *key, int klen, const uint8_t *iv, int ivlen, const uint8_t *aad, int aadlen,
                    const uint8_t *pt, int ptlen, uint8_t *out) {
    const EVP_CIPHER *c = klen == 16 ? EVP_aes_128_gcm() : klen == 24 ? EVP_aes_192_gcm() : EVP_aes_256_gcm();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int l = 0, ok = EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, ivlen, NULL) == 1 &&
                    EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv) == 1 &&
                    (aadlen == 0 || EVP_EncryptUpdate(ctx, NULL, &l, aad, aadlen) == 1) &&
                    EVP_EncryptUpdate(ctx, out, &l, pt, ptlen) == 1 && EVP_EncryptFinal_ex(ctx, out + l, &l) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + ptlen) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

/*
 * Each thread seals and opens with its own keys (all three sizes, IVs of 12 and 1..128 bytes) and
 * checks every result against EVP on a context of its own: no call may see another thread's key,
 * IV or state (the implementation is shared, fetched once).
 */
struct worker {
    unsigned seed;
    int bad;
};

static void *gcm_worker(void *arg) {
    struct worker *w = arg;
    uint8_t key[32], iv[128], aad[40], pt[300], a[316], b[316], back[300];
    for (int round = 0; round < 3000; round++) {
        const int klen = 16 + 8 * (int)(rand_r(&w->seed) % 3);
        const int ivlen = round % 3 == 0 ? 1 + (int)(rand_r(&w->seed) % 128) : 12;
        const int aadlen = (int)(rand_r(&w->seed) % 40), ptlen = (int)(rand_r(&w->seed) % 300);
        for (int i = 0; i < klen; i++) key[i] = (uint8_t)rand_r(&w->seed);
        for (int i = 0; i < ivlen; i++) iv[i] = (uint8_t)rand_r(&w->seed);
        for (int i = 0; i < aadlen; i++) aad[i] = (uint8_t)rand_r(&w->seed);
        for (int i = 0; i < ptlen; i++) pt[i] = (uint8_t)rand_r(&w->seed);
        if (!evp_seal(key, klen, iv, ivlen, aad, aadlen, pt, ptlen, a) ||
            gkm_gcm_seal(key, klen, iv, ivlen, aad, aadlen, pt, ptlen, b) != 0 ||
            memcmp(a, b, (size_t)ptlen + 16) != 0 ||
            gkm_gcm_open(key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) != 0 ||
            memcmp(back, pt, (size_t)ptlen) != 0)
            w->bad++;
        b[(size_t)round % ((size_t)ptlen + 16)] ^= 4; /* and a forgery is refused */
        if (gkm_gcm_open(key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) != 1) w->bad++;
    }
    return NULL;
}

static void threads(void) {
    enum { N = 8 };
    pthread_t t[N];
    struct worker w[N];
    for (int i = 0; i < N; i++) {
        w[i].seed = 1000u + (unsigned)i;
        w[i].bad = 0;
        EXPECT(pthread_create(&t[i], NULL, gcm_worker, &w[i]) == 0);
    }
    for (int i = 0; i < N; i++) {
        EXPECT(pthread_join(t[i], NULL) == 0);
        EXPECT(w[i].bad == 0);
    }
}

/* ------------------------------------------------------------------ prepared keys */

/* A prepared key of key[0 .. klen), or NULL (a failed check). */
static gkm_gcm_key *prepared(const uint8_t *key, int klen) {
    gkm_gcm_key *k = NULL;
    CHECK(gkm_gcm_key_new(key, klen, &k) == 0 && k != NULL, "gkm_gcm_key_new, %d-byte key", klen);
    return k;
}

/* Random keys of every size, messages of 0..700 bytes and a few across the private buffer's size,
 * AAD of 0..80 bytes: prepared seal and open give the one-shot bytes, each key used many times. */
static void prepared_matches_one_shot(uint64_t *rng) {
    static uint8_t key[32], iv[12], aad[80], pt[7000], a[7016], b[7016], back[7000];
    for (int kn = 0; kn < 60; kn++) {
        const int klen = 16 + 8 * (kn % 3);
        test_rnd_bytes(rng, key, (size_t)klen);
        gkm_gcm_key *k = prepared(key, klen);
        if (k == NULL) continue;
        for (int m = 0; m < 40; m++) {
            const int ptlen = m < 36 ? (int)(test_rnd(rng) % 701) : 3000 + (int)(test_rnd(rng) % 4000);
            const int aadlen = (int)(test_rnd(rng) % 81);
            test_rnd_bytes(rng, iv, sizeof iv);
            test_rnd_bytes(rng, aad, (size_t)aadlen);
            test_rnd_bytes(rng, pt, (size_t)ptlen);
            CHECK(gkm_gcm_seal(key, klen, iv, 12, aad, aadlen, pt, ptlen, a) == 0, "one-shot seal");
            CHECK(gkm_gcm_key_seal(k, iv, 12, aad, aadlen, pt, ptlen, b) == 0, "prepared seal");
            CHECK(memcmp(a, b, (size_t)ptlen + 16) == 0, "key %d, message %d (%d bytes, AAD %d): sealed bytes differ",
                  kn, m, ptlen, aadlen);
            memset(back, 0xAA, (size_t)ptlen);
            CHECK(gkm_gcm_key_open(k, iv, 12, aad, aadlen, a, ptlen + 16, back) == 0 &&
                      memcmp(back, pt, (size_t)ptlen) == 0,
                  "key %d, message %d: prepared open", kn, m);
        }
        gkm_gcm_key_free(k);
    }
}

/* A forgery (a flipped ciphertext, tag or AAD bit) is refused with the output zeroed, and the key
 * then seals and opens as before (the context that saw the failure was dropped, not pooled). */
static void prepared_refuses_forgeries(uint64_t *rng) {
    uint8_t key[32], iv[12], aad[20], pt[100], ct[116], back[100], again[116];
    test_rnd_bytes(rng, key, 32);
    gkm_gcm_key *k = prepared(key, 32);
    if (k == NULL) return;
    for (int round = 0; round < 300; round++) {
        test_rnd_bytes(rng, iv, sizeof iv);
        test_rnd_bytes(rng, aad, sizeof aad);
        test_rnd_bytes(rng, pt, sizeof pt);
        CHECK(gkm_gcm_key_seal(k, iv, 12, aad, sizeof aad, pt, sizeof pt, ct) == 0, "seal");
        const int where = round % 3;
        const size_t bit = test_rnd(rng);
        if (where == 2) aad[bit % sizeof aad] ^= (uint8_t)(1u << (bit % 8));
        else ct[where == 0 ? bit % 100 : 100 + bit % 16] ^= (uint8_t)(1u << (bit % 8));
        memset(back, 0xAA, sizeof back);
        CHECK(gkm_gcm_key_open(k, iv, 12, aad, sizeof aad, ct, sizeof ct, back) == 1, "round %d: forgery accepted",
              round);
        int zero = 1;
        for (size_t i = 0; i < sizeof back; i++) zero &= back[i] == 0;
        CHECK(zero, "round %d: output not zeroed after a refused open", round);
        /* still the key: the one-shot call agrees, and the prepared open of a genuine message works */
        if (where == 2) aad[bit % sizeof aad] ^= (uint8_t)(1u << (bit % 8));
        else ct[where == 0 ? bit % 100 : 100 + bit % 16] ^= (uint8_t)(1u << (bit % 8));
        CHECK(gkm_gcm_key_open(k, iv, 12, aad, sizeof aad, ct, sizeof ct, back) == 0 &&
                  memcmp(back, pt, sizeof pt) == 0,
              "round %d: genuine message refused after a forgery", round);
        CHECK(gkm_gcm_seal(key, 32, iv, 12, aad, sizeof aad, pt, sizeof pt, again) == 0 &&
                  memcmp(again, ct, sizeof ct) == 0,
              "round %d: prepared seal differs from one-shot after a forgery", round);
    }
    gkm_gcm_key_free(k);
}

/* The next "name" : "string" of a JSON text at or after *pos into out (at most cap chars). */
static int json_str(const char **pos, const char *name, char *out, size_t cap) {
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\"", name);
    const char *at = strstr(*pos, pat);
    if (at == NULL) return 0;
    const char *q = strchr(at + strlen(pat), '"');
    const char *end = q != NULL ? strchr(q + 1, '"') : NULL;
    if (end == NULL || (size_t)(end - q - 1) >= cap) return 0;
    memcpy(out, q + 1, (size_t)(end - q - 1));
    out[end - q - 1] = 0;
    *pos = end + 1;
    return 1;
}

/* One Wycheproof AES-GCM case, decoded; in is ct || tag. */
typedef struct {
    int tc, klen, ivlen, aadlen, mlen, clen, valid;
    uint8_t key[32], iv[1040], aad[1040], msg[1040], ct[1040], tag[16], in[1056];
} wp_case;

/* The next case after *pos into c (1), or 0 at the end of the file or on a malformed case (which
 * fails the test). */
static int next_case(const char **pos, wp_case *c) {
    static char hex[6][2100], result[16];
    static const char *const names[6] = {"key", "iv", "aad", "msg", "ct", "tag"};
    if ((*pos = strstr(*pos, "\"tcId\"")) == NULL) return 0;
    c->tc = atoi(strchr(*pos, ':') + 1);
    int ok = 1;
    for (int i = 0; i < 6; i++) ok &= json_str(pos, names[i], hex[i], sizeof hex[i]);
    ok &= json_str(pos, "result", result, sizeof result);
    CHECK(ok && strlen(hex[0]) <= 64 && strlen(hex[5]) == 32, "tcId %d: malformed case", c->tc);
    if (!ok) return 0;
    c->klen = (int)test_unhex(hex[0], c->key);
    c->ivlen = (int)test_unhex(hex[1], c->iv);
    c->aadlen = (int)test_unhex(hex[2], c->aad);
    c->mlen = (int)test_unhex(hex[3], c->msg);
    c->clen = (int)test_unhex(hex[4], c->ct);
    test_unhex(hex[5], c->tag);
    c->valid = strcmp(result, "valid") == 0;
    memcpy(c->in, c->ct, (size_t)c->clen);
    memcpy(c->in + c->clen, c->tag, 16);
    return 1;
}

/* Every Wycheproof AES-GCM case: with a 12-byte IV through a prepared key (seal of a valid case
 * gives ct || tag; open gives msg, or 1 with the output zeroed for an invalid case, as the one-shot
 * open does); with any other IV length refused by the prepared calls, nothing written. */
static void prepared_wycheproof(const char *file) {
    char *text = test_read_file(file, NULL);
    static wp_case c;
    static uint8_t out[1056];
    int n = 0, n12 = 0, n12_invalid = 0;
    const char *pos = text;
    while (next_case(&pos, &c)) {
        const int tc = c.tc, klen = c.klen, ivlen = c.ivlen, aadlen = c.aadlen, mlen = c.mlen, clen = c.clen;
        const int valid = c.valid;
        const uint8_t *key = c.key, *iv = c.iv, *aad = c.aad, *msg = c.msg, *ct = c.ct, *tag = c.tag, *in = c.in;
        n++;
        gkm_gcm_key *k = prepared(key, klen);
        if (k == NULL) continue;
        if (ivlen != 12) {
            memset(out, 0xAA, sizeof out);
            CHECK(gkm_gcm_key_seal(k, iv, ivlen, aad, aadlen, msg, mlen, out) == GKM_ERR_INPUT_LEN &&
                      gkm_gcm_key_open(k, iv, ivlen, aad, aadlen, in, clen + 16, out) == GKM_ERR_INPUT_LEN &&
                      out[0] == 0xAA && out[mlen] == 0xAA,
                  "tcId %d: a %d-byte IV not refused by the prepared key", tc, ivlen);
            gkm_gcm_key_free(k);
            continue;
        }
        n12++;
        if (valid) {
            CHECK(gkm_gcm_key_seal(k, iv, 12, aad, aadlen, msg, mlen, out) == 0 && memcmp(out, ct, (size_t)clen) == 0 &&
                      memcmp(out + clen, tag, 16) == 0,
                  "tcId %d: prepared seal", tc);
        } else {
            n12_invalid++;
        }
        memset(out, 0xAA, sizeof out);
        const int32_t rc = gkm_gcm_key_open(k, iv, 12, aad, aadlen, in, clen + 16, out);
        if (valid) {
            CHECK(rc == 0 && memcmp(out, msg, (size_t)mlen) == 0, "tcId %d: prepared open (rc %d)", tc, rc);
        } else {
            int zero = 1;
            for (int i = 0; i < clen; i++) zero &= out[i] == 0;
            CHECK(rc == 1 && zero, "tcId %d: invalid case: prepared open rc %d, output zeroed %d", tc, rc, zero);
        }
        CHECK(gkm_gcm_open(key, klen, iv, 12, aad, aadlen, in, clen + 16, out) == rc, "tcId %d: one-shot open differs",
              tc);
        gkm_gcm_key_free(k);
    }
    free(text);
    printf("Wycheproof AES-GCM: %d cases, %d with a 12-byte IV through a prepared key (%d invalid)\n", n, n12,
           n12_invalid);
    CHECK(n == 316 && n12 == 197 && n12_invalid == 81, "Wycheproof AES-GCM: %d cases parsed, %d with 12-byte IVs", n,
          n12);
}

/* Four threads seal and open on one key at once (each its own messages), each result checked
 * against the one-shot call; some opens are forgeries, so contexts are also dropped meanwhile. */
struct shared_worker {
    gkm_gcm_key *k;
    const uint8_t *key;
    uint64_t rng;
    int bad;
};

static void *shared_key_worker(void *arg) {
    struct shared_worker *w = arg;
    uint8_t iv[12], aad[30], pt[400], a[416], b[416], back[400];
    for (int round = 0; round < 3000; round++) {
        const int ptlen = (int)(test_rnd(&w->rng) % 400), aadlen = (int)(test_rnd(&w->rng) % 30);
        test_rnd_bytes(&w->rng, iv, sizeof iv);
        test_rnd_bytes(&w->rng, aad, (size_t)aadlen);
        test_rnd_bytes(&w->rng, pt, (size_t)ptlen);
        if (gkm_gcm_seal(w->key, 32, iv, 12, aad, aadlen, pt, ptlen, a) != 0 ||
            gkm_gcm_key_seal(w->k, iv, 12, aad, aadlen, pt, ptlen, b) != 0 || memcmp(a, b, (size_t)ptlen + 16) != 0 ||
            gkm_gcm_key_open(w->k, iv, 12, aad, aadlen, b, ptlen + 16, back) != 0 ||
            memcmp(back, pt, (size_t)ptlen) != 0)
            w->bad++;
        if (round % 5 == 0) {
            b[(size_t)round % ((size_t)ptlen + 16)] ^= 1;
            if (gkm_gcm_key_open(w->k, iv, 12, aad, aadlen, b, ptlen + 16, back) != 1) w->bad++;
        }
    }
    return NULL;
}

static void prepared_threads(uint64_t *rng) {
    enum { N = 4 };
    uint8_t key[32];
    test_rnd_bytes(rng, key, sizeof key);
    gkm_gcm_key *k = prepared(key, 32);
    if (k == NULL) return;
    pthread_t t[N];
    struct shared_worker w[N];
    for (int i = 0; i < N; i++) {
        w[i] = (struct shared_worker){k, key, test_rnd(rng) | 1u | ((uint64_t)i << 40), 0};
        CHECK(pthread_create(&t[i], NULL, shared_key_worker, &w[i]) == 0, "pthread_create");
    }
    for (int i = 0; i < N; i++) {
        CHECK(pthread_join(t[i], NULL) == 0, "pthread_join");
        CHECK(w[i].bad == 0, "thread %d: %d wrong results on a shared key", i, w[i].bad);
    }
    gkm_gcm_key_free(k); /* with up to 4 contexts pooled */
}

/* A key whose pool was filled past its limit by concurrent calls, then freed: under ASan, a context
 * leaked or freed twice fails the run. Also the argument checks. */
static void *fill_pool_worker(void *arg) {
    gkm_gcm_key *k = arg;
    uint8_t iv[12] = {1}, out[32];
    for (int i = 0; i < 200; i++) (void)gkm_gcm_key_seal(k, iv, 12, NULL, 0, iv, 12, out);
    return NULL;
}

static void prepared_free_and_arguments(void) {
    uint8_t key[32] = {7}, iv[16] = {0}, buf[64] = {0}, out[64];
    gkm_gcm_key *k = prepared(key, 16);
    if (k == NULL) return;
    pthread_t t[12];
    for (int i = 0; i < 12; i++) EXPECT(pthread_create(&t[i], NULL, fill_pool_worker, k) == 0);
    for (int i = 0; i < 12; i++) EXPECT(pthread_join(t[i], NULL) == 0);
    gkm_gcm_key *none = (gkm_gcm_key *)&none;
    EXPECT(gkm_gcm_key_new(key, 17, &none) == GKM_ERR_KEY_LEN && none == NULL);
    none = (gkm_gcm_key *)&none;
    EXPECT(gkm_gcm_key_new(NULL, 16, &none) == GKM_ERR_BOUNDS && none == NULL);
    EXPECT(gkm_gcm_key_new(key, 16, NULL) == GKM_ERR_BOUNDS);
    memset(out, 0xAA, sizeof out);
    EXPECT(gkm_gcm_key_seal(NULL, iv, 12, NULL, 0, buf, 8, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_seal(k, NULL, 12, NULL, 0, buf, 8, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_seal(k, iv, 16, NULL, 0, buf, 8, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_gcm_key_seal(k, iv, 0, NULL, 0, buf, 8, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_gcm_key_seal(k, iv, 12, NULL, 4, buf, 8, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_seal(k, iv, 12, NULL, 0, buf, -1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_seal(k, iv, 12, NULL, 0, NULL, 8, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_seal(k, iv, 12, NULL, 0, buf, 8, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_key_open(k, iv, 12, NULL, 0, buf, 15, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_gcm_key_open(k, iv, 12, NULL, -1, buf, 16, out) == GKM_ERR_BOUNDS);
    EXPECT(out[0] == 0xAA && out[63] == 0xAA); /* argument errors write nothing */
    /* an empty message: the tag alone, both ways */
    EXPECT(gkm_gcm_key_seal(k, iv, 12, NULL, 0, NULL, 0, out) == 0);
    EXPECT(gkm_gcm_seal(key, 16, iv, 12, NULL, 0, NULL, 0, buf) == 0 && memcmp(out, buf, 16) == 0);
    EXPECT(gkm_gcm_key_open(k, iv, 12, NULL, 0, out, 16, buf + 32) == 0);
    gkm_gcm_key_free(k);
    gkm_gcm_key_free(NULL);
}

/* ------------------------------------------------------------------ paths */

/* The paths this CPU runs, AUTO excluded: provider always, the kernel where supported. */
static int gcm_paths(int32_t paths[2]) {
    int n = 0;
    paths[n++] = GKM_GCM_PATH_PROVIDER;
    if (gkm_gcm_path_supported(GKM_GCM_PATH_AESNI)) paths[n++] = GKM_GCM_PATH_AESNI;
    return n;
}

static const char *gcm_path_name(int32_t path) {
    return path == GKM_GCM_PATH_AESNI ? "aesni" : path == GKM_GCM_PATH_PROVIDER ? "provider" : "auto";
}

/* Every Wycheproof AES-GCM case through the one-shot calls on every path: a valid case seals to
 * ct || tag and opens to msg; an invalid one opens to 1 with the output zeroed. The kernel takes
 * the 12-byte IVs; other lengths go to the provider on every path. */
static void paths_wycheproof(const char *file) {
    char *text = test_read_file(file, NULL);
    static wp_case c;
    static uint8_t out[1100];
    int32_t paths[2];
    const int np = gcm_paths(paths);
    int n = 0, n12 = 0;
    const char *pos = text;
    while (next_case(&pos, &c)) {
        const int tc = c.tc, klen = c.klen, ivlen = c.ivlen, aadlen = c.aadlen, mlen = c.mlen, clen = c.clen;
        const int valid = c.valid;
        const uint8_t *key = c.key, *iv = c.iv, *aad = c.aad, *msg = c.msg, *ct = c.ct, *tag = c.tag, *in = c.in;
        n++;
        n12 += ivlen == 12;
        for (int p = 0; p < np; p++) {
            const char *pn = gcm_path_name(paths[p]);
            if (valid) {
                memset(out, 0xAA, sizeof out);
                CHECK(gkm_gcm_seal_path(paths[p], key, klen, iv, ivlen, aad, aadlen, msg, mlen, out) == 0 &&
                          memcmp(out, ct, (size_t)clen) == 0 && memcmp(out + clen, tag, 16) == 0 &&
                          out[clen + 16] == 0xAA,
                      "tcId %d, %s: seal", tc, pn);
            }
            memset(out, 0xAA, sizeof out);
            const int32_t rc = gkm_gcm_open_path(paths[p], key, klen, iv, ivlen, aad, aadlen, in, clen + 16, out);
            if (valid) {
                CHECK(rc == 0 && memcmp(out, msg, (size_t)mlen) == 0 && out[mlen] == 0xAA, "tcId %d, %s: open rc %d",
                      tc, pn, rc);
            } else if (ivlen == 0) { /* GCM needs an IV of at least one bit: refused, nothing written */
                CHECK(rc == GKM_ERR_BOUNDS && out[0] == 0xAA, "tcId %d, %s: empty IV: open rc %d", tc, pn, rc);
            } else {
                int zero = 1;
                for (int i = 0; i < clen; i++) zero &= out[i] == 0;
                CHECK(rc == 1 && zero && out[clen] == 0xAA, "tcId %d, %s: invalid case: open rc %d, output zeroed %d",
                      tc, pn, rc, zero);
            }
        }
    }
    free(text);
    printf("Wycheproof AES-GCM on %d path(s): %d cases, %d with a 12-byte IV\n", np, n, n12);
    CHECK(n == 316 && n12 == 197, "Wycheproof AES-GCM: %d cases parsed, %d with 12-byte IVs", n, n12);
}

/* One differential case: the kernel and the provider give the same ct || tag, both open it, and
 * both refuse the same tampered ciphertext, tag and AAD with the output zeroed; nothing is written
 * past the output. */
static void diff_case(uint64_t *rng, int klen, int ptlen, int aadlen) {
    static uint8_t key[32], iv[12], aad[320], pt[1200], a[1232], b[1232], back[1232], t[1232], aadt[320];
    test_rnd_bytes(rng, key, (size_t)klen);
    test_rnd_bytes(rng, iv, sizeof iv);
    test_rnd_bytes(rng, aad, (size_t)aadlen);
    test_rnd_bytes(rng, pt, (size_t)ptlen);
    memset(a, 0x5A, sizeof a);
    memset(b, 0x5A, sizeof b);
    CHECK(gkm_gcm_seal_path(GKM_GCM_PATH_PROVIDER, key, klen, iv, 12, aad, aadlen, pt, ptlen, a) == 0, "provider seal");
    CHECK(gkm_gcm_seal_path(GKM_GCM_PATH_AESNI, key, klen, iv, 12, aad, aadlen, pt, ptlen, b) == 0, "kernel seal");
    CHECK(memcmp(a, b, (size_t)ptlen + 16) == 0 && b[ptlen + 16] == 0x5A,
          "key %d bytes, %d bytes, AAD %d: kernel and provider seal differ", klen, ptlen, aadlen);
    const int32_t paths[2] = {GKM_GCM_PATH_PROVIDER, GKM_GCM_PATH_AESNI};
    for (int p = 0; p < 2; p++) {
        memset(back, 0xAA, sizeof back);
        CHECK(gkm_gcm_open_path(paths[p], key, klen, iv, 12, aad, aadlen, b, ptlen + 16, back) == 0 &&
                  memcmp(back, pt, (size_t)ptlen) == 0 && back[ptlen] == 0xAA,
              "key %d bytes, %d bytes, AAD %d: %s open", klen, ptlen, aadlen, gcm_path_name(paths[p]));
    }
    /* Tampering: a ciphertext or tag bit, an AAD bit, or one AAD byte fewer. */
    for (int kind = 0; kind < 3; kind++) {
        memcpy(t, b, (size_t)ptlen + 16);
        memcpy(aadt, aad, (size_t)aadlen);
        int alen = aadlen;
        if (kind == 0) t[test_rnd(rng) % (uint32_t)(ptlen + 16)] ^= (uint8_t)(1u << (test_rnd(rng) % 8));
        else if (kind == 1 && aadlen > 0)
            aadt[test_rnd(rng) % (uint32_t)aadlen] ^= (uint8_t)(1u << (test_rnd(rng) % 8));
        else if (kind == 1) alen = 1; /* AAD where there was none (aadt[0] is any byte) */
        else alen = aadlen > 0 ? aadlen - 1 : 0;
        if (kind == 2 && aadlen == 0) t[ptlen + 15] ^= 0x80;
        for (int p = 0; p < 2; p++) {
            memset(back, 0xAA, sizeof back);
            const int32_t rc = gkm_gcm_open_path(paths[p], key, klen, iv, 12, aadt, alen, t, ptlen + 16, back);
            int zero = 1;
            for (int i = 0; i < ptlen; i++) zero &= back[i] == 0;
            CHECK(rc == 1 && zero && back[ptlen] == 0xAA,
                  "key %d bytes, %d bytes, AAD %d, tamper %d: %s open rc %d, output zeroed %d", klen, ptlen, aadlen,
                  kind, gcm_path_name(paths[p]), rc, zero);
        }
    }
}

/* The kernel against the provider over every key size: every plaintext length 0..320 (AAD lengths
 * cycling through 0..300), every AAD length 0..300, then random lengths up to 1100 and 300. */
static void kernel_differential(uint64_t *rng) {
    if (!gkm_gcm_path_supported(GKM_GCM_PATH_AESNI)) {
        printf("no AES-NI + PCLMULQDQ: kernel differential skipped\n");
        return;
    }
    int cases = 0;
    for (int klen = 16; klen <= 32; klen += 8) {
        for (int len = 0; len <= 320; len++, cases++) diff_case(rng, klen, len, (len * 37 + klen) % 301);
        for (int alen = 0; alen <= 300; alen++, cases++) diff_case(rng, klen, (int)(test_rnd(rng) % 200), alen);
        for (int i = 0; i < 400; i++, cases++)
            diff_case(rng, klen, (int)(test_rnd(rng) % 1101), (int)(test_rnd(rng) % 301));
    }
    printf("kernel vs provider: %d differential cases\n", cases);
}

/* Path selection and the _path calls' arguments. */
static void paths_and_arguments(void) {
    const char *env = getenv("GKM_GCM_PATH");
    const int kernel = gkm_gcm_path_supported(GKM_GCM_PATH_AESNI);
    EXPECT(gkm_gcm_path_supported(GKM_GCM_PATH_AUTO) && gkm_gcm_path_supported(GKM_GCM_PATH_PROVIDER));
    EXPECT(!gkm_gcm_path_supported(3) && !gkm_gcm_path_supported(-1));
    int32_t want = kernel ? GKM_GCM_PATH_AESNI : GKM_GCM_PATH_PROVIDER;
    if (env != NULL && strcmp(env, "provider") == 0) want = GKM_GCM_PATH_PROVIDER;
    CHECK(gkm_gcm_path() == want, "AUTO resolves to %s, expected %s (GKM_GCM_PATH=%s)", gcm_path_name(gkm_gcm_path()),
          gcm_path_name(want), env != NULL ? env : "");
    printf("AUTO path: %s\n", gcm_path_name(gkm_gcm_path()));
    uint8_t key[32] = {1}, iv[12] = {2}, pt[32] = {3}, out[48];
    memset(out, 0xAA, sizeof out);
    EXPECT(gkm_gcm_seal_path(3, key, 16, iv, 12, NULL, 0, pt, 32, out) == GKM_ERR_UNSUPPORTED);
    EXPECT(gkm_gcm_open_path(-1, key, 16, iv, 12, NULL, 0, pt, 32, out) == GKM_ERR_UNSUPPORTED);
    int32_t paths[2];
    const int np = gcm_paths(paths);
    for (int p = 0; p < np; p++) {
        EXPECT(gkm_gcm_seal_path(paths[p], key, 17, iv, 12, NULL, 0, pt, 32, out) == GKM_ERR_KEY_LEN);
        EXPECT(gkm_gcm_seal_path(paths[p], NULL, 16, iv, 12, NULL, 0, pt, 32, out) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, NULL, 12, NULL, 0, pt, 32, out) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, iv, 12, NULL, 5, pt, 32, out) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, iv, 12, NULL, 0, pt, 32, NULL) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, iv, 12, NULL, 0, NULL, 0, NULL) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, iv, 12, NULL, 0, pt, -1, out) == GKM_ERR_BOUNDS);
        EXPECT(gkm_gcm_open_path(paths[p], key, 16, iv, 12, NULL, 0, pt, 15, out) == GKM_ERR_INPUT_LEN);
        EXPECT(gkm_gcm_open_path(paths[p], key, 16, iv, 12, NULL, 0, pt, 32, NULL) == GKM_ERR_BOUNDS);
        /* ct || tag would overflow an int32_t length: refused before the plaintext is read */
        EXPECT(gkm_gcm_seal_path(paths[p], key, 16, iv, 12, NULL, 0, pt, INT32_MAX - 15, out) == GKM_ERR_INPUT_LEN);
    }
    for (size_t i = 0; i < sizeof out; i++) EXPECT(out[i] == 0xAA);
    /* An empty message with no AAD: the tag alone. */
    uint8_t t0[16], t1[16], none[1];
    for (int p = 0; p < np; p++) {
        EXPECT(gkm_gcm_seal_path(paths[p], key, 32, iv, 12, NULL, 0, NULL, 0, p == 0 ? t0 : t1) == 0);
        EXPECT(gkm_gcm_open_path(paths[p], key, 32, iv, 12, NULL, 0, t0, 16, none) == 0);
    }
    EXPECT(np < 2 || memcmp(t0, t1, 16) == 0);
}

int main(int argc, char **argv) {
    uint64_t rng = check_seed(0x9c3a5e7700b1d2f5ull);
    prepared_matches_one_shot(&rng);
    prepared_refuses_forgeries(&rng);
    prepared_threads(&rng);
    prepared_free_and_arguments();
    paths_and_arguments();
    kernel_differential(&rng);
    if (argc > 1) {
        prepared_wycheproof(argv[1]);
        paths_wycheproof(argv[1]);
    } else {
        CHECK(0, "no Wycheproof aes_gcm_test.json path given");
    }
    threads();
    uint8_t key[32], iv[300], aad[64], pt[200], a[216], b[216], back[200];
    srand(7);
    for (int round = 0; round < 600; round++) {
        int klen = (round % 3) * 8 + 16;
        int ivlen = 1 + rand() % 128, aadlen = rand() % 64, ptlen = rand() % 200;
        RAND_bytes(key, klen);
        RAND_bytes(iv, ivlen);
        RAND_bytes(aad, aadlen);
        RAND_bytes(pt, ptlen);
        EXPECT(evp_seal(key, klen, iv, ivlen, aad, aadlen, pt, ptlen, a));
        EXPECT(gkm_gcm_seal(key, klen, iv, ivlen, aad, aadlen, pt, ptlen, b) == 0);
        EXPECT(memcmp(a, b, (size_t)ptlen + 16) == 0);
        EXPECT(gkm_gcm128_crypt(1, key, klen, iv, ivlen, aad, aadlen, pt, ptlen, b) == 0);
        EXPECT(memcmp(a, b, (size_t)ptlen + 16) == 0);
        EXPECT(gkm_gcm_open(key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) == 0);
        EXPECT(memcmp(back, pt, (size_t)ptlen) == 0);
        EXPECT(gkm_gcm128_crypt(0, key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) == 0);
        EXPECT(memcmp(back, pt, (size_t)ptlen) == 0);
        b[rand() % (ptlen + 16)] ^= 0x10;
        memset(back, 0xAA, sizeof back);
        EXPECT(gkm_gcm_open(key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) == 1);
        for (int i = 0; i < ptlen; i++) EXPECT(back[i] == 0);
        memset(back, 0xAA, sizeof back);
        EXPECT(gkm_gcm128_crypt(0, key, klen, iv, ivlen, aad, aadlen, b, ptlen + 16, back) == 1);
        for (int i = 0; i < ptlen; i++) EXPECT(back[i] == 0);
    }
    /* Messages around and over the size the data goes through a private buffer in (3072 bytes),
     * on the EVP path (12-byte IV) and the CRYPTO_gcm128 one (200-byte IV). */
    static uint8_t bpt[10000], bct[10016], bref[10016], bback[10000];
    const int sizes[] = {3071, 3072, 3073, 6144, 9999};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int ivlen = 12; ivlen <= 200; ivlen += 188) {
            const int n = sizes[s];
            RAND_bytes(key, 32);
            RAND_bytes(iv, ivlen);
            RAND_bytes(aad, 64);
            RAND_bytes(bpt, n);
            EXPECT(ivlen > 128 || evp_seal(key, 32, iv, ivlen, aad, 64, bpt, n, bref));
            EXPECT(gkm_gcm_seal(key, 32, iv, ivlen, aad, 64, bpt, n, bct) == 0);
            EXPECT(ivlen > 128 || memcmp(bct, bref, (size_t)n + 16) == 0);
            if (ivlen <= 128) { /* the CRYPTO_gcm128 path on the same input agrees */
                EXPECT(gkm_gcm128_crypt(1, key, 32, iv, ivlen, aad, 64, bpt, n, bref) == 0);
                EXPECT(memcmp(bct, bref, (size_t)n + 16) == 0);
            }
            EXPECT(gkm_gcm_open(key, 32, iv, ivlen, aad, 64, bct, n + 16, bback) == 0);
            EXPECT(memcmp(bback, bpt, (size_t)n) == 0);
            bct[n - 1] ^= 1;
            EXPECT(gkm_gcm_open(key, 32, iv, ivlen, aad, 64, bct, n + 16, bback) == 1);
            EXPECT(bback[0] == 0 && bback[n - 1] == 0);
        }
    }
    /* Wycheproof aes_gcm_test.json tcId 268: 257-byte IV, beyond EVP's limit. */
    uint8_t k[16], i257[257], m[16], ct[16], tag[16], out[32];
    test_unhex("eac3f28cd937ff29eb6158a3721b5145", k);
    const size_t il = test_unhex(
        "6fd260bba87339539c37dc68fdc3656f63c83028cb8adcb531085e98bd570c6b735d0cc4b4b924696000a2d893621ae64dcce992b562"
        "b89a5285643a08febccbc52243cbfc8d45212e047b00c87c6b6bf175f8bb678ec55c1091315cbecb8b85700f4a4653623fb78e63cfff"
        "7d6235e48e9832c9f0716d10992fc5b0ad4e6972bbeeb1ad670cd7ec8fac82e07ea5a64f9761a39714aaa73affd2cb190a7ac2df5e5d"
        "cea6812ae2c872c7ac70453c5e7ec4d0b5b18c6ff3bfb9ae15fea44cf392615b80034edae596b8821f97fca58d167fb44a093b0c009a"
        "0bd5631355b0cb25d93ba9b79b006301d99db657e801933fc2764a0ce650eaf5a1299efe60cb53b634",
        i257);
    const size_t ml = test_unhex("098912a302773377b9c26ac3", m);
    const size_t cl = test_unhex("e3be947153a26a3a54e3015c", ct);
    test_unhex("fd042bdde22f67c4fd298d5dc0867606", tag);
    EXPECT(il == 257);
    EXPECT(gkm_gcm_seal(k, 16, i257, 257, NULL, 0, m, (int32_t)ml, out) == 0);
    EXPECT(memcmp(out, ct, cl) == 0 && memcmp(out + cl, tag, 16) == 0);
    uint8_t ctt[32], pt2[16];
    memcpy(ctt, ct, cl);
    memcpy(ctt + cl, tag, 16);
    EXPECT(gkm_gcm_open(k, 16, i257, 257, NULL, 0, ctt, (int32_t)cl + 16, pt2) == 0 && memcmp(pt2, m, ml) == 0);
    /* argument errors */
    EXPECT(gkm_gcm_seal(k, 17, i257, 12, NULL, 0, m, 12, out) == GKM_ERR_KEY_LEN);
    EXPECT(gkm_gcm_seal(k, 16, i257, 0, NULL, 0, m, 12, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_gcm_open(k, 16, i257, 12, NULL, 0, m, 15, out) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_gcm_seal(NULL, 16, i257, 12, NULL, 0, m, 12, out) == GKM_ERR_BOUNDS);
    return check_done("gcm");
}
