/*
 * ctest: gkm_x25519_public_batch.
 *  - RFC 7748 sec. 6.1 known answers (Alice's and Bob's key pairs), alone and in one batch;
 *  - bit-exact against per-key EVP (EVP_PKEY_new_raw_private_key + EVP_PKEY_get_raw_public_key)
 *    for a random batch of every size 1..64 and a few larger ones, with edge-case private keys
 *    (all zero, all 0xff) mixed in; bytes around the output are never written, the input is never
 *    modified;
 *  - in place (pub == priv);
 *  - argument errors (negative codes, nothing touched): count < 0 or > GKM_X25519_MAX_COUNT,
 *    NULL pointers, buffers shorter than 32 * count, partially overlapping buffers; count 0 is a
 *    no-op;
 *  - concurrent calls from 4 threads.
 * Deterministic: data comes from a seeded PRNG (fixed default; GKM_TEST_SEED overrides; the seed
 * is printed with every failure).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_util.h"
static long g_keys_checked;

#define FILL  0xAA /* bytes around the output must keep this value */
#define GUARD 40   /* guard bytes before and after each output buffer */

/* The per-key EVP reference; 1 on success. */
static int ref_public(const uint8_t priv[32], uint8_t pub[32]) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv, 32);
    size_t len = 32;
    int ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, pub, &len) == 1 && len == 32;
    EVP_PKEY_free(pk);
    return ok;
}

static int all_fill(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != FILL) return 0;
    }
    return 1;
}

static void test_rfc7748(void) {
    uint8_t priv[64], expected[64], pub[64];
    test_unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", priv);      /* Alice */
    test_unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", priv + 32); /* Bob */
    test_unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", expected);
    test_unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", expected + 32);
    for (int who = 0; who < 2; who++) {
        memset(pub, FILL, sizeof pub);
        CHECK(gkm_x25519_public_batch(1, priv + 32 * who, 32, pub, 32) == 0, "single key %d", who);
        CHECK(memcmp(pub, expected + 32 * who, 32) == 0, "RFC 7748 public key %d", who);
        CHECK(all_fill(pub + 32, 32), "byte written past a one-key output");
    }
    memset(pub, 0, sizeof pub);
    CHECK(gkm_x25519_public_batch(2, priv, sizeof priv, pub, sizeof pub) == 0, "two keys");
    CHECK(memcmp(pub, expected, 64) == 0, "RFC 7748 public keys as one batch");
    g_keys_checked += 4;
}

/* One random batch of n keys against the reference, with guard bytes and an input copy. */
static void test_random_batch(uint64_t *s, int n) {
    const size_t len = (size_t)n * 32;
    uint8_t *priv = test_xmalloc(len), *copy = test_xmalloc(len), *ref = test_xmalloc(len);
    uint8_t *buf = test_xmalloc(len + 2 * GUARD), *pub = buf + GUARD;
    test_rnd_bytes(s, priv, len);
    for (int i = 0; i < n; i++) {
        uint32_t c = test_rnd(s) % 32;
        if (c == 0) memset(priv + 32 * i, 0, 32);
        if (c == 1) memset(priv + 32 * i, 0xff, 32);
    }
    memcpy(copy, priv, len);
    for (int i = 0; i < n; i++) CHECK(ref_public(priv + 32 * i, ref + 32 * i), "EVP reference failed");
    memset(buf, FILL, len + 2 * GUARD);
    int32_t rc = gkm_x25519_public_batch(n, priv, (int64_t)len, pub, (int64_t)len);
    CHECK(rc == 0, "batch of %d returned %d", n, rc);
    for (int i = 0; i < n; i++) {
        CHECK(memcmp(pub + 32 * i, ref + 32 * i, 32) == 0, "batch of %d: key %d differs from EVP", n, i);
    }
    CHECK(all_fill(buf, GUARD) && all_fill(pub + len, GUARD), "batch of %d wrote outside its output", n);
    CHECK(memcmp(priv, copy, len) == 0, "batch of %d modified its input", n);
    /* a larger buffer than needed: only the first 32 * n bytes are written */
    memset(buf, FILL, len + 2 * GUARD);
    CHECK(gkm_x25519_public_batch(n, priv, (int64_t)len, buf, (int64_t)len + 2 * GUARD) == 0, "roomy output");
    CHECK(memcmp(buf, ref, len) == 0 && all_fill(buf + len, 2 * GUARD), "roomy output of %d", n);
    /* in place: the private keys are replaced by their public keys */
    CHECK(gkm_x25519_public_batch(n, copy, (int64_t)len, copy, (int64_t)len) == 0, "in place, %d", n);
    CHECK(memcmp(copy, ref, len) == 0, "in place batch of %d differs from EVP", n);
    g_keys_checked += n;
    free(priv);
    free(copy);
    free(ref);
    free(buf);
}

static void test_errors(void) {
    uint8_t priv[96], buf[96 + 2 * GUARD], *pub = buf + GUARD;
    memset(priv, 7, sizeof priv);
    memset(buf, FILL, sizeof buf);
    CHECK(gkm_x25519_public_batch(-1, priv, 96, pub, 96) == GKM_ERR_COUNT, "count -1");
    CHECK(gkm_x25519_public_batch(INT32_MIN, priv, 96, pub, 96) == GKM_ERR_COUNT, "count INT32_MIN");
    CHECK(gkm_x25519_public_batch(GKM_X25519_MAX_COUNT + 1, priv, INT64_MAX, pub, INT64_MAX) == GKM_ERR_COUNT,
          "count over the maximum");
    /* the maximum itself passes the count check (and then fails on the short buffer, doing nothing) */
    CHECK(gkm_x25519_public_batch(GKM_X25519_MAX_COUNT, priv, 96, pub, 96) == GKM_ERR_BOUNDS, "count at maximum");
    CHECK(gkm_x25519_public_batch(0, NULL, 0, NULL, 0) == 0, "count 0 is a no-op");
    CHECK(gkm_x25519_public_batch(1, NULL, 32, pub, 32) == GKM_ERR_BOUNDS, "NULL priv");
    CHECK(gkm_x25519_public_batch(1, priv, 32, NULL, 32) == GKM_ERR_BOUNDS, "NULL pub");
    CHECK(gkm_x25519_public_batch(3, priv, 95, pub, 96) == GKM_ERR_BOUNDS, "short priv");
    CHECK(gkm_x25519_public_batch(3, priv, 96, pub, 95) == GKM_ERR_BOUNDS, "short pub");
    CHECK(gkm_x25519_public_batch(1, priv, -1, pub, 32) == GKM_ERR_BOUNDS, "negative priv length");
    CHECK(gkm_x25519_public_batch(1, priv, 32, pub, -32) == GKM_ERR_BOUNDS, "negative pub length");
    CHECK(all_fill(buf, sizeof buf), "an argument error touched the output");
    /* partial overlaps either way are refused before anything is written */
    uint8_t over[160];
    memset(over, 7, sizeof over);
    CHECK(gkm_x25519_public_batch(3, over, 96, over + 32, 96) == GKM_ERR_BOUNDS, "pub overlaps priv from above");
    CHECK(gkm_x25519_public_batch(3, over + 32, 96, over, 96) == GKM_ERR_BOUNDS, "pub overlaps priv from below");
    CHECK(gkm_x25519_public_batch(3, over, 96, over + 95, 96) == GKM_ERR_BOUNDS, "one byte of overlap");
    int untouched = 1;
    for (size_t i = 0; i < sizeof over; i++) untouched &= over[i] == 7;
    CHECK(untouched, "a refused overlap touched the buffer");
    /* adjacent but disjoint is fine */
    CHECK(gkm_x25519_public_batch(2, over, 64, over + 64, 64) == 0, "adjacent buffers");
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
        uint8_t priv[24 * 32], pub[24 * 32], ref[32];
        test_rnd_bytes(&s, priv, sizeof priv);
        if (gkm_x25519_public_batch(n, priv, n * 32, pub, n * 32) != 0) a->failures++;
        for (int i = 0; i < n; i++) {
            if (!ref_public(priv + 32 * i, ref) || memcmp(ref, pub + 32 * i, 32) != 0) a->failures++;
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
        CHECK(args[t].failures == 0, "thread %d: %d wrong keys or failed calls", t, args[t].failures);
    }
}

int main(void) {
    uint64_t s = check_seed(0x2545f4914f6cdd1dull);
    test_rfc7748();
    test_errors();
    for (int n = 1; n <= 64; n++) test_random_batch(&s, n);
    const int larger[] = {100, 255, 256, 257, 1000};
    for (size_t i = 0; i < sizeof larger / sizeof larger[0]; i++) test_random_batch(&s, larger[i]);
    test_threads();
    printf("%ld keys checked against EVP\n", g_keys_checked);
    return check_done("x25519_batch");
}
