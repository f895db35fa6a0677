/* gkm_gcm_{seal,open} and the internal CRYPTO_gcm128 path: both bit-exact against EVP for IVs EVP
 * accepts (1..128 bytes); eight threads at once, each with its own keys (no cross-talk between
 * threads); Wycheproof aes_gcm_test tcId 268 (257-byte IV) through the public entry;
 * tamper rejection on both paths; argument errors. */
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

int main(void) {
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
