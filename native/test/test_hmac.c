/* gkm_hmac_sha256 / gkm_hkdf_sha256_expand / gkm_hkdf_sha256 / prepared keys (gkm_hmac_sha256_key_*): RFC 4231 case 2,
 * RFC 5869 cases 1 and 3, empty key and message against HMAC(), every output length 1..200 against EVP_PKEY HKDF,
 * argument errors. gkm_hkdf_sha256_expand32_batch: RFC 5869 case 1's T(1), batches of 1..70 keys and info of 0..1024
 * bytes against EVP_PKEY HKDF key by key, in place, argument errors (nothing written). */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "gkm_native.h"
#include "test_check.h"
#include "test_util.h"

static int evp_expand(const uint8_t *prk, size_t prk_len, const uint8_t *info, size_t info_len, uint8_t *out,
                      size_t n) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
    int ok = c && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha256()) == 1 &&
             EVP_PKEY_CTX_set_hkdf_mode(c, EVP_PKEY_HKDEF_MODE_EXPAND_ONLY) == 1 &&
             EVP_PKEY_CTX_set1_hkdf_key(c, prk, (int)prk_len) == 1 &&
             EVP_PKEY_CTX_add1_hkdf_info(c, info, (int)info_len) == 1 && EVP_PKEY_derive(c, out, &n) == 1;
    EVP_PKEY_CTX_free(c);
    return ok;
}

int main(void) {
    uint8_t out[8160], ref[8160], exp[64];
    const char *jefe = "Jefe", *what = "what do ya want for nothing?";
    EXPECT(gkm_hmac_sha256((const uint8_t *)jefe, 4, (const uint8_t *)what, (int32_t)strlen(what), out) == 0);
    test_unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", exp);
    EXPECT(memcmp(out, exp, 32) == 0);
    unsigned int rl = 0;
    EXPECT(HMAC(EVP_sha256(), "", 0, (const unsigned char *)"", 0, ref, &rl) != NULL);
    EXPECT(gkm_hmac_sha256((const uint8_t *)"", 0, (const uint8_t *)"", 0, out) == 0 && memcmp(out, ref, 32) == 0);

    /* RFC 5869 case 1: PRK and OKM (L = 42) */
    uint8_t prk[32], info[10];
    test_unhex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", prk);
    test_unhex("f0f1f2f3f4f5f6f7f8f9", info);
    EXPECT(gkm_hkdf_sha256_expand(prk, 32, info, 10, out, 42) == 0);
    test_unhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", exp);
    EXPECT(memcmp(out, exp, 42) == 0);
    /* RFC 5869 case 3: empty info */
    test_unhex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", prk);
    EXPECT(gkm_hkdf_sha256_expand(prk, 32, info, 0, out, 42) == 0);
    test_unhex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8", exp);
    EXPECT(memcmp(out, exp, 42) == 0);

    uint8_t rprk[64], rinfo[100];
    for (int n = 1; n <= 200; n++) {
        RAND_bytes(rprk, sizeof rprk);
        RAND_bytes(rinfo, sizeof rinfo);
        int pl = 32 + n % 33, il = n % 100;
        EXPECT(evp_expand(rprk, (size_t)pl, rinfo, (size_t)il, ref, (size_t)n));
        EXPECT(gkm_hkdf_sha256_expand(rprk, pl, rinfo, il, out, n) == 0 && memcmp(out, ref, (size_t)n) == 0);
        EXPECT(HMAC(EVP_sha256(), rprk, n % 64, rinfo, (size_t)il, ref, &rl) != NULL);
        EXPECT(gkm_hmac_sha256(rprk, n % 64, rinfo, il, out) == 0 && memcmp(out, ref, 32) == 0);
    }
    /* Keys longer than a block: HMAC keys with SHA-256(K) (gkm hashes such keys itself). */
    uint8_t longkey[300];
    for (int kl = 60; kl <= 300; kl += 7) {
        RAND_bytes(longkey, kl);
        EXPECT(HMAC(EVP_sha256(), longkey, kl, rinfo, 50, ref, &rl) != NULL);
        EXPECT(gkm_hmac_sha256(longkey, kl, rinfo, 50, out) == 0 && memcmp(out, ref, 32) == 0);
        EXPECT(evp_expand(longkey, (size_t)kl, rinfo, (size_t)(kl % 100), ref, 300));
        EXPECT(gkm_hkdf_sha256_expand(longkey, kl, rinfo, kl % 100, out, 300) == 0 && memcmp(out, ref, 300) == 0);
    }
    /* info longer than the on-stack copy (a heap copy for a multi-block output) */
    uint8_t biginfo[1000];
    RAND_bytes(biginfo, sizeof biginfo);
    EXPECT(evp_expand(rprk, 32, biginfo, sizeof biginfo, ref, 100));
    EXPECT(gkm_hkdf_sha256_expand(rprk, 32, biginfo, (int32_t)sizeof biginfo, out, 100) == 0 &&
           memcmp(out, ref, 100) == 0);
    EXPECT(evp_expand(rprk, 32, rinfo, 5, ref, 8160));
    EXPECT(gkm_hkdf_sha256_expand(rprk, 32, rinfo, 5, out, 8160) == 0 && memcmp(out, ref, 8160) == 0);

    EXPECT(gkm_hkdf_sha256_expand(rprk, 31, rinfo, 5, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand(rprk, 32, rinfo, 5, out, 8161) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand(rprk, 32, rinfo, 5, out, 0) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256(NULL, 4, rinfo, 5, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256(rprk, -1, rinfo, 5, out) == GKM_ERR_BOUNDS);

    /* batch: RFC 5869 case 1, whose OKM starts with T(1) */
    test_unhex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", prk);
    test_unhex("f0f1f2f3f4f5f6f7f8f9", info);
    test_unhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf", exp);
    EXPECT(gkm_hkdf_sha256_expand32_batch(1, prk, 32, info, 10, out, 32) == 0 && memcmp(out, exp, 32) == 0);
    static uint8_t prks[70 * 32], outs[71 * 32], refs[70 * 32], bigger[1025];
    RAND_bytes(bigger, sizeof bigger);
    const int32_t info_lens[] = {0, 1, 19, 55, 56, 63, 64, 119, 120, 1024};
    for (int count = 1; count <= 70; count += 3) {
        int32_t il = info_lens[count % 10];
        RAND_bytes(prks, sizeof prks);
        for (int i = 0; i < count; i++) EXPECT(evp_expand(prks + 32 * i, 32, bigger, (size_t)il, refs + 32 * i, 32));
        memset(outs, 0xaa, sizeof outs);
        EXPECT(gkm_hkdf_sha256_expand32_batch(count, prks, 32 * count, bigger, il, outs, 32 * count) == 0);
        EXPECT(memcmp(outs, refs, (size_t)(32 * count)) == 0);
        EXPECT(outs[32 * count] == 0xaa); /* nothing past the batch */
        EXPECT(gkm_hkdf_sha256_expand32_batch(count, prks, 32 * count, bigger, il, prks, 32 * count) == 0);
        EXPECT(memcmp(prks, refs, (size_t)(32 * count)) == 0); /* in place */
    }
    memset(outs, 0xaa, sizeof outs);
    EXPECT(gkm_hkdf_sha256_expand32_batch(0, prks, 0, bigger, 5, outs, 0) == 0 && outs[0] == 0xaa);
    EXPECT(gkm_hkdf_sha256_expand32_batch(-1, prks, 32, bigger, 5, outs, 32) == GKM_ERR_COUNT);
    EXPECT(gkm_hkdf_sha256_expand32_batch(GKM_HKDF_MAX_COUNT + 1, prks, 32, bigger, 5, outs, 32) == GKM_ERR_COUNT);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 63, bigger, 5, outs, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 64, bigger, 5, outs, 63) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 64, bigger, GKM_HKDF_MAX_INFO + 1, outs, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 64, bigger, -1, outs, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 64, NULL, 5, outs, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, NULL, 64, bigger, 5, outs, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks, 64, bigger, 5, prks + 32, 64) == GKM_ERR_BOUNDS); /* overlap */
    EXPECT(gkm_hkdf_sha256_expand32_batch(2, prks + 32, 64, bigger, 5, prks, 64) == GKM_ERR_BOUNDS);
    EXPECT(outs[0] == 0xaa);

    /* Prepared keys: the same MAC as the one-shot call (and HMAC()) for keys around the block size
     * and messages of 0..300 bytes; the key is only read, so one prepared key serves every message. */
    static uint8_t pkey[200], pmsg[300];
    RAND_bytes(pkey, sizeof pkey);
    RAND_bytes(pmsg, sizeof pmsg);
    const int32_t key_lens[] = {0, 1, 31, 32, 63, 64, 65, 200};
    for (size_t ki = 0; ki < sizeof key_lens / sizeof key_lens[0]; ki++) {
        gkm_hmac_sha256_key *pk = (gkm_hmac_sha256_key *)&pk; /* must be overwritten */
        EXPECT(gkm_hmac_sha256_key_new(pkey, key_lens[ki], &pk) == 0 && pk != NULL);
        for (int32_t ml = 0; ml <= 300; ml++) {
            EXPECT(HMAC(EVP_sha256(), pkey, key_lens[ki], pmsg, (size_t)ml, ref, &rl) != NULL);
            memset(out, 0xaa, 33);
            EXPECT(gkm_hmac_sha256_prepared(pk, pmsg, ml, out) == 0 && memcmp(out, ref, 32) == 0 && out[32] == 0xaa);
            EXPECT(gkm_hmac_sha256(pkey, key_lens[ki], pmsg, ml, out) == 0 && memcmp(out, ref, 32) == 0);
        }
        gkm_hmac_sha256_key_free(pk);
    }
    gkm_hmac_sha256_key_free(NULL); /* does nothing */
    gkm_hmac_sha256_key *pk = NULL;
    EXPECT(gkm_hmac_sha256_key_new(NULL, 1, &pk) == GKM_ERR_BOUNDS && pk == NULL);
    EXPECT(gkm_hmac_sha256_key_new(pkey, -1, &pk) == GKM_ERR_BOUNDS && pk == NULL);
    EXPECT(gkm_hmac_sha256_key_new(pkey, 5, NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256_key_new(NULL, 0, &pk) == 0 && pk != NULL); /* the empty key */
    EXPECT(HMAC(EVP_sha256(), "", 0, pmsg, 10, ref, &rl) != NULL);
    EXPECT(gkm_hmac_sha256_prepared(pk, pmsg, 10, out) == 0 && memcmp(out, ref, 32) == 0);
    memset(out, 0xaa, 32);
    EXPECT(gkm_hmac_sha256_prepared(NULL, pmsg, 10, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256_prepared(pk, NULL, 10, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256_prepared(pk, pmsg, -1, out) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hmac_sha256_prepared(pk, pmsg, 10, NULL) == GKM_ERR_BOUNDS);
    EXPECT(out[0] == 0xaa && out[31] == 0xaa);
    EXPECT(gkm_hmac_sha256_prepared(pk, NULL, 0, out) == 0); /* empty message */
    gkm_hmac_sha256_key_free(pk);

    /* gkm_hkdf_sha256 (extract and expand): RFC 5869 case 1, then against EVP_PKEY HKDF for salts,
     * ikms and infos of assorted lengths (empty included) and outputs of 1..300 bytes. */
    uint8_t ikm[22], salt[13];
    memset(ikm, 0x0b, sizeof ikm);
    test_unhex("000102030405060708090a0b0c", salt);
    test_unhex("f0f1f2f3f4f5f6f7f8f9", info);
    EXPECT(gkm_hkdf_sha256(salt, 13, ikm, 22, info, 10, out, 42) == 0);
    test_unhex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", exp);
    EXPECT(memcmp(out, exp, 42) == 0);
    for (int n = 1; n <= 300; n += 7) {
        const int32_t sl = (n * 3) % 70, il2 = (n * 5) % 300, nl = n % 100;
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
        size_t rn = (size_t)n;
        EXPECT(c && EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha256()) == 1 &&
               EVP_PKEY_CTX_set1_hkdf_salt(c, pkey, sl) == 1 && EVP_PKEY_CTX_set1_hkdf_key(c, pmsg, il2) == 1 &&
               EVP_PKEY_CTX_add1_hkdf_info(c, biginfo, nl) == 1 && EVP_PKEY_derive(c, ref, &rn) == 1);
        EVP_PKEY_CTX_free(c);
        memset(out, 0xaa, (size_t)n + 1);
        EXPECT(gkm_hkdf_sha256(pkey, sl, pmsg, il2, biginfo, nl, out, n) == 0);
        EXPECT(memcmp(out, ref, (size_t)n) == 0 && out[n] == 0xaa);
    }
    /* empty salt and ikm, info longer than the on-stack copy, the longest output */
    static const uint8_t zeros[32];
    uint8_t prk0[32];
    EXPECT(HMAC(EVP_sha256(), zeros, 32, (const unsigned char *)"", 0, prk0, &rl) != NULL);
    EXPECT(evp_expand(prk0, 32, biginfo, 1000, ref, 8160));
    EXPECT(gkm_hkdf_sha256(NULL, 0, NULL, 0, biginfo, 1000, out, 8160) == 0 && memcmp(out, ref, 8160) == 0);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, 1, biginfo, 1, out, 0) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, 1, biginfo, 1, out, 8161) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(NULL, 1, pmsg, 1, biginfo, 1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, NULL, 1, biginfo, 1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, 1, NULL, 1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, -1, pmsg, 1, biginfo, 1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, -1, biginfo, 1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, 1, biginfo, -1, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_hkdf_sha256(pkey, 1, pmsg, 1, biginfo, 1, NULL, 32) == GKM_ERR_BOUNDS);
    return check_done("hmac");
}
