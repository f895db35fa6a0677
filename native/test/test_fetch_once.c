/*
 * ctest: the GCM, HMAC and HKDF entry points read each byte of the caller's buffers once. A writer
 * thread keeps flipping one bit of an input (or output) buffer while the main thread calls:
 *  - gkm_gcm_open: a call that succeeds must return the plaintext of the ciphertext as it was
 *    (OpenSSL's GCM reads a ciphertext twice, for GHASH and for CTR: read in place, a flip between
 *    the two reads got a modified ciphertext decrypted under the original's tag);
 *  - gkm_gcm_seal: whenever the output as it stands authenticates, it decrypts to the plaintext
 *    (OpenSSL's GCM hashes the ciphertext it has just written: in place, the tag covered the flip);
 *  - gkm_hkdf_sha256_expand and gkm_hkdf_sha256: a multi-block output is the expansion of one info
 *    value (each block read info anew);
 *  - gkm_hmac_sha256: the MAC is the one of one key value, for short and long (hashed) keys;
 *  - gkm_hmac_sha256_prepared: the MAC is the one of one message value.
 * Deterministic data (fixed seed); the interleavings are not. GKM_RACE_ROUNDS sets the calls per
 * case (default 20000).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "gkm_native.h"
#include "test_check.h"
#include "test_util.h"

static uint64_t g_rng;

/* Flips bit 0 of *byte until stop is set. */
typedef struct flipper {
    uint8_t *byte;
    int stop;
    long flips;
} flipper;

static void *flip_body(void *p) {
    flipper *f = p;
    uint8_t v = __atomic_load_n(f->byte, __ATOMIC_RELAXED);
    long flips = 0;
    while (!__atomic_load_n(&f->stop, __ATOMIC_RELAXED)) {
        v ^= 1;
        __atomic_store_n(f->byte, v, __ATOMIC_RELAXED);
        if ((++flips & 63) == 0) __atomic_store_n(&f->flips, flips, __ATOMIC_RELAXED);
    }
    __atomic_store_n(&f->flips, flips, __ATOMIC_RELAXED);
    return NULL;
}

static void flip_start(flipper *f, pthread_t *th, uint8_t *byte) {
    f->byte = byte;
    f->stop = 0;
    f->flips = 0;
    CHECK(pthread_create(th, NULL, flip_body, f) == 0, "pthread_create");
    while (__atomic_load_n(&f->flips, __ATOMIC_RELAXED) == 0) {
        /* wait until the writer runs */
    }
}

/* Stops the writer and leaves the byte at `value` again. */
static void flip_stop(flipper *f, pthread_t th, uint8_t value) {
    __atomic_store_n(&f->stop, 1, __ATOMIC_RELAXED);
    pthread_join(th, NULL);
    *f->byte = value;
}

static int evp_gcm(int enc, const uint8_t *key, const uint8_t *iv, const uint8_t *in, int len, uint8_t *out) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    const int body = enc ? len : len - 16;
    int l = 0;
    int ok = EVP_CipherInit_ex(ctx, EVP_aes_128_gcm(), NULL, key, iv, enc) == 1 &&
             EVP_CipherUpdate(ctx, out, &l, in, body) == 1;
    if (enc) {
        ok = ok && EVP_CipherFinal_ex(ctx, out + body, &l) == 1 &&
             EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + body) == 1;
    } else {
        ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(in + body)) == 1 &&
             EVP_CipherFinal_ex(ctx, out + body, &l) == 1;
    }
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

/* Open while one ciphertext bit flips at pos: success only with the true plaintext. */
static void race_gcm_open(int body, int pos, int rounds) {
    uint8_t key[16], iv[12];
    test_rnd_bytes(&g_rng, key, sizeof key);
    test_rnd_bytes(&g_rng, iv, sizeof iv);
    uint8_t *pt = malloc((size_t)body), *ct = malloc((size_t)body + 16), *out = malloc((size_t)body);
    test_rnd_bytes(&g_rng, pt, (size_t)body);
    CHECK(evp_gcm(1, key, iv, pt, body, ct), "EVP seal");
    const uint8_t orig = ct[pos];
    flipper f;
    pthread_t th;
    flip_start(&f, &th, &ct[pos]);
    int ok = 0, rejected = 0, bad = 0;
    for (int r = 0; r < rounds; r++) {
        const int32_t rc = gkm_gcm_open(key, 16, iv, 12, NULL, 0, ct, body + 16, out);
        if (rc == 0) {
            ok++;
            bad += memcmp(out, pt, (size_t)body) != 0;
        } else {
            rejected++;
            int zero = 1;
            for (int k = 0; k < body; k++) zero &= out[k] == 0;
            CHECK(rc == 1 && zero, "gcm open: rc %d, output zeroed %d", rc, zero);
        }
    }
    flip_stop(&f, th, orig);
    printf("gcm open  %5d bytes, flip at %5d: %d accepted, %d rejected, %ld flips\n", body, pos, ok, rejected, f.flips);
    CHECK(bad == 0, "gcm open: %d of %d accepted calls returned a plaintext the tag did not authenticate", bad, ok);
    free(pt);
    free(ct);
    free(out);
}

/* Seal while one output bit flips at pos: if the output then verifies, it holds the plaintext. */
static void race_gcm_seal(int body, int pos, int rounds) {
    uint8_t key[16], iv[12];
    test_rnd_bytes(&g_rng, key, sizeof key);
    test_rnd_bytes(&g_rng, iv, sizeof iv);
    uint8_t *pt = malloc((size_t)body), *out = malloc((size_t)body + 16), *snap = malloc((size_t)body + 16),
            *back = malloc((size_t)body + 16);
    test_rnd_bytes(&g_rng, pt, (size_t)body);
    memset(out, 0, (size_t)body + 16);
    flipper f;
    pthread_t th;
    flip_start(&f, &th, &out[pos]);
    int verified = 0, bad = 0;
    for (int r = 0; r < rounds; r++) {
        CHECK(gkm_gcm_seal(key, 16, iv, 12, NULL, 0, pt, body, out) == 0, "gcm seal");
        memcpy(snap, out, (size_t)body + 16); /* the output at one instant */
        if (evp_gcm(0, key, iv, snap, body + 16, back)) {
            verified++;
            bad += memcmp(back, pt, (size_t)body) != 0;
        }
    }
    flip_stop(&f, th, 0);
    printf("gcm seal  %5d bytes, flip at %5d: %d of %d outputs verified, %ld flips\n", body, pos, verified, rounds,
           f.flips);
    CHECK(bad == 0, "gcm seal: %d outputs authenticated a ciphertext other than the plaintext's", bad);
    free(pt);
    free(out);
    free(snap);
    free(back);
}

/* HKDF-Expand (one_shot 0) or extract+expand (gkm_hkdf_sha256, one_shot 1) of 96 bytes. */
static int32_t hkdf96(int one_shot, const uint8_t prk[32], const uint8_t info[40], uint8_t out[96]) {
    return one_shot ? gkm_hkdf_sha256(prk, 32, prk, 32, info, 40, out, 96)
                    : gkm_hkdf_sha256_expand(prk, 32, info, 40, out, 96);
}

static void race_hkdf(int one_shot, int rounds) {
    uint8_t prk[32], info[40], ref_a[96], ref_b[96], out[96];
    test_rnd_bytes(&g_rng, prk, sizeof prk);
    test_rnd_bytes(&g_rng, info, sizeof info);
    CHECK(hkdf96(one_shot, prk, info, ref_a) == 0, "hkdf a");
    info[7] ^= 1;
    CHECK(hkdf96(one_shot, prk, info, ref_b) == 0, "hkdf b");
    info[7] ^= 1;
    const uint8_t orig = info[7];
    flipper f;
    pthread_t th;
    flip_start(&f, &th, &info[7]);
    int mixed = 0;
    for (int r = 0; r < rounds; r++) {
        CHECK(hkdf96(one_shot, prk, info, out) == 0, "hkdf");
        mixed += memcmp(out, ref_a, 96) != 0 && memcmp(out, ref_b, 96) != 0;
    }
    flip_stop(&f, th, orig);
    printf("hkdf%s 96 bytes, info bit flipping: %ld flips\n", one_shot ? " (extract+expand)" : "", f.flips);
    CHECK(mixed == 0, "hkdf: %d of %d outputs mix blocks of two info values", mixed, rounds);
}

/* A prepared key MACs a message that a writer keeps changing: the MAC is the one of one message value. */
static void race_hmac_prepared(int rounds) {
    uint8_t key[32], msg[150], ref_a[32], ref_b[32], out[32];
    unsigned int n = 0;
    test_rnd_bytes(&g_rng, key, sizeof key);
    test_rnd_bytes(&g_rng, msg, sizeof msg);
    gkm_hmac_sha256_key *k = NULL;
    CHECK(gkm_hmac_sha256_key_new(key, 32, &k) == 0, "prepare");
    CHECK(HMAC(EVP_sha256(), key, 32, msg, sizeof msg, ref_a, &n) != NULL, "HMAC a");
    msg[100] ^= 1;
    CHECK(HMAC(EVP_sha256(), key, 32, msg, sizeof msg, ref_b, &n) != NULL, "HMAC b");
    msg[100] ^= 1;
    const uint8_t orig = msg[100];
    flipper f;
    pthread_t th;
    flip_start(&f, &th, &msg[100]);
    int other = 0;
    for (int r = 0; r < rounds; r++) {
        CHECK(gkm_hmac_sha256_prepared(k, msg, sizeof msg, out) == 0, "hmac prepared");
        other += memcmp(out, ref_a, 32) != 0 && memcmp(out, ref_b, 32) != 0;
    }
    flip_stop(&f, th, orig);
    gkm_hmac_sha256_key_free(k);
    printf("hmac prepared key, message bit flipping: %ld flips\n", f.flips);
    CHECK(other == 0, "hmac prepared: %d of %d MACs over no message value", other, rounds);
}

static void race_hmac(int key_len, int rounds) {
    uint8_t key[100], msg[50], ref_a[32], ref_b[32], out[32];
    unsigned int n = 0;
    test_rnd_bytes(&g_rng, key, sizeof key);
    test_rnd_bytes(&g_rng, msg, sizeof msg);
    CHECK(HMAC(EVP_sha256(), key, key_len, msg, sizeof msg, ref_a, &n) != NULL, "HMAC a");
    key[3] ^= 1;
    CHECK(HMAC(EVP_sha256(), key, key_len, msg, sizeof msg, ref_b, &n) != NULL, "HMAC b");
    key[3] ^= 1;
    const uint8_t orig = key[3];
    flipper f;
    pthread_t th;
    flip_start(&f, &th, &key[3]);
    int other = 0;
    for (int r = 0; r < rounds; r++) {
        CHECK(gkm_hmac_sha256(key, key_len, msg, sizeof msg, out) == 0, "hmac");
        other += memcmp(out, ref_a, 32) != 0 && memcmp(out, ref_b, 32) != 0;
    }
    flip_stop(&f, th, orig);
    printf("hmac key %3d bytes, key bit flipping: %ld flips\n", key_len, f.flips);
    CHECK(other == 0, "hmac: %d of %d MACs under no key value", other, rounds);
}

int main(void) {
    g_seed = 0x6a09e667f3bcc909ull;
    g_rng = g_seed;
    const char *env = getenv("GKM_RACE_ROUNDS");
    const int rounds = env ? atoi(env) : 20000;
    /* 160 bytes: one stitched AES-NI block of 96, then a 64-byte tail; 5000: more than one chunk. */
    race_gcm_open(160, 150, rounds);
    race_gcm_open(160, 40, rounds);
    race_gcm_open(40, 20, rounds);
    race_gcm_open(5000, 4990, rounds / 10);
    race_gcm_seal(160, 150, rounds);
    race_gcm_seal(160, 40, rounds);
    race_hkdf(0, rounds);
    race_hkdf(1, rounds);
    race_hmac_prepared(rounds);
    race_hmac(32, rounds);
    race_hmac(100, rounds);
    return check_done("fetch_once");
}
