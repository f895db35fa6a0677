/*
 * ctest: prepared keys (pkey.c) and gkm_p256_public_key. Each operation on a prepared key against
 * the same operation through plain EVP calls, many times on one key (so pooled contexts are reused,
 * with changing OAEP labels and ECDH peers), from several threads at once on one key, plus the
 * argument checks and the refusals (bad signatures, wrong labels, small-order X25519 peers, scalars
 * out of range).
 */
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <string.h>

#include "gkm_native.h"
#include "test_check.h"
#include "test_util.h"

static EVP_PKEY *keygen(const char *name, int bits_or_0) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
    EVP_PKEY *pk = NULL;
    if (c == NULL || EVP_PKEY_keygen_init(c) != 1) goto done;
    if (strcmp(name, "EC") == 0 && EVP_PKEY_CTX_set_group_name(c, "prime256v1") != 1) goto done;
    if (bits_or_0 > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits_or_0) != 1) goto done;
    EVP_PKEY_keygen(c, &pk);
done:
    EVP_PKEY_CTX_free(c);
    return pk;
}

/* A second reference to pk, for gkm_pkey_wrap to own. */
static EVP_PKEY *ref(EVP_PKEY *pk) {
    EVP_PKEY_up_ref(pk);
    return pk;
}

static void test_arguments(gkm_pkey *k) {
    uint8_t sig[64] = {0}, out[256];
    EXPECT(gkm_ecdsa_p256_sign(NULL, (const uint8_t *)"m", 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ecdsa_p256_sign(k, (const uint8_t *)"m", 1, sig, 63) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ecdsa_p256_sign(k, NULL, 1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ecdsa_p256_sign(k, (const uint8_t *)"m", -1, sig, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ecdsa_p256_verify(k, (const uint8_t *)"m", 1, NULL, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_ecdsa_p256_verify(k, (const uint8_t *)"m", 1, sig, 65) == GKM_ERR_BOUNDS);
    EXPECT(gkm_pkey_derive(k, NULL, out, 32) == GKM_ERR_BOUNDS);
    EXPECT(gkm_pkey_derive(k, k, out, 31) == GKM_ERR_BOUNDS);
    EXPECT(gkm_rsa_oaep_encrypt(NULL, NULL, 0, out, 1, out, 256) == GKM_ERR_BOUNDS);
    EXPECT(gkm_pkey_size(NULL) == GKM_ERR_BOUNDS);
    EXPECT(gkm_pkey_wrap(NULL) == NULL);
    gkm_pkey_free(NULL);
}

static int evp_ecdsa_verify(EVP_PKEY *pk, const uint8_t *m, size_t n, const uint8_t rs[64]) {
    ECDSA_SIG *s = ECDSA_SIG_new();
    ECDSA_SIG_set0(s, BN_bin2bn(rs, 32, NULL), BN_bin2bn(rs + 32, 32, NULL));
    unsigned char *der = NULL;
    int dl = i2d_ECDSA_SIG(s, &der);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    int ok =
        EVP_DigestVerifyInit(c, NULL, EVP_sha256(), NULL, pk) == 1 && EVP_DigestVerify(c, der, (size_t)dl, m, n) == 1;
    EVP_MD_CTX_free(c);
    OPENSSL_free(der);
    ECDSA_SIG_free(s);
    return ok;
}

static void test_ecdsa(uint64_t *rng) {
    EVP_PKEY *pk = keygen("EC", 0);
    CHECK(pk != NULL, "EC keygen");
    gkm_pkey *k = gkm_pkey_wrap(ref(pk));
    CHECK(k != NULL, "wrap");
    test_arguments(k);
    uint8_t m[300], sig[64];
    for (int i = 0; i < 300; i++) {
        size_t n = test_rnd(rng) % sizeof m;
        test_rnd_bytes(rng, m, n);
        CHECK(gkm_ecdsa_p256_sign(k, m, (int64_t)n, sig, 64) == 0, "sign %d", i);
        CHECK(evp_ecdsa_verify(pk, m, n, sig), "EVP verifies our signature %d", i);
        CHECK(gkm_ecdsa_p256_verify(k, m, (int64_t)n, sig, 64) == 1, "we verify our signature %d", i);
        sig[test_rnd(rng) % 64] ^= (uint8_t)(1u << (test_rnd(rng) % 8));
        CHECK(gkm_ecdsa_p256_verify(k, m, (int64_t)n, sig, 64) == 0, "tampered signature %d refused", i);
    }
    memset(sig, 0, sizeof sig); /* r = s = 0: not a valid signature, refused (not an error) */
    EXPECT(gkm_ecdsa_p256_verify(k, m, 10, sig, 64) == 0);
    gkm_pkey_free(k);
    EVP_PKEY_free(pk);
}

static void test_rsa(uint64_t *rng) {
    EVP_PKEY *pk = keygen("RSA", 2048);
    CHECK(pk != NULL, "RSA keygen");
    gkm_pkey *k = gkm_pkey_wrap(ref(pk));
    EXPECT(gkm_pkey_size(k) == 256);
    uint8_t m[190], c[256], out[256], label[40], other[40];
    EXPECT(gkm_rsa_oaep_encrypt(k, NULL, 0, m, 191, c, 256) == GKM_ERR_INPUT_LEN);
    EXPECT(gkm_rsa_oaep_encrypt(k, NULL, 0, m, 10, c, 255) == GKM_ERR_BOUNDS);
    for (int i = 0; i < 40; i++) {
        size_t n = 1 + test_rnd(rng) % sizeof m, ll = test_rnd(rng) % 3 == 0 ? 0 : 1 + test_rnd(rng) % sizeof label;
        test_rnd_bytes(rng, m, n);
        test_rnd_bytes(rng, label, ll);
        CHECK(gkm_rsa_oaep_encrypt(k, label, (int32_t)ll, m, (int32_t)n, c, 256) == 256, "encrypt %d", i);
        CHECK(gkm_rsa_oaep_decrypt(k, label, (int32_t)ll, c, 256, out, 256) == (int32_t)n, "decrypt %d", i);
        CHECK(memcmp(out, m, n) == 0, "round trip %d", i);
        /* the pooled context must not keep the last label: another label (or none) is refused */
        memcpy(other, label, ll);
        if (ll > 0) other[0] ^= 1;
        int32_t wrong = gkm_rsa_oaep_decrypt(k, other, (int32_t)(ll > 0 ? ll : 1), c, 256, out, 256);
        CHECK(wrong == GKM_ERR_INTEGRITY, "wrong label %d refused (%d)", i, wrong);
        c[test_rnd(rng) % 256] ^= 1;
        CHECK(gkm_rsa_oaep_decrypt(k, label, (int32_t)ll, c, 256, out, 256) == GKM_ERR_INTEGRITY, "tampered %d", i);
    }
    EXPECT(gkm_rsa_oaep_decrypt(k, NULL, 0, c, 255, out, 256) == GKM_ERR_INTEGRITY);
    gkm_pkey_free(k);
    EVP_PKEY_free(pk);
}

static void test_derive(uint64_t *rng) {
    (void)rng;
    const char *names[] = {"X25519", "EC"};
    for (int t = 0; t < 2; t++) {
        EVP_PKEY *a = keygen(names[t], 0);
        gkm_pkey *ka = gkm_pkey_wrap(ref(a));
        for (int i = 0; i < 20; i++) {
            EVP_PKEY *b = keygen(names[t], 0);
            gkm_pkey *kb = gkm_pkey_wrap(ref(b));
            uint8_t s1[32], s2[32], ref_s[32];
            size_t rl = sizeof ref_s;
            EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(b, NULL);
            EXPECT(EVP_PKEY_derive_init(c) == 1 && EVP_PKEY_derive_set_peer(c, a) == 1 &&
                   EVP_PKEY_derive(c, ref_s, &rl) == 1 && rl == 32);
            EVP_PKEY_CTX_free(c);
            CHECK(gkm_pkey_derive(ka, kb, s1, 32) == 0 && gkm_pkey_derive(kb, ka, s2, 32) == 0, "%s derive %d",
                  names[t], i);
            CHECK(memcmp(s1, s2, 32) == 0 && memcmp(s1, ref_s, 32) == 0, "%s secrets agree %d", names[t], i);
            gkm_pkey_free(kb); /* the pooled context of ka may still hold b: it keeps its own reference */
            EVP_PKEY_free(b);
        }
        if (t == 0) { /* a small-order peer (u = 0): OpenSSL refuses the all-zero result */
            uint8_t zero[32] = {0}, s[32];
            EVP_PKEY *z = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, zero, 32);
            gkm_pkey *kz = gkm_pkey_wrap(z);
            memset(s, 0xAA, sizeof s);
            EXPECT(gkm_pkey_derive(ka, kz, s, 32) == 1);
            EXPECT(memcmp(s, zero, 32) == 0);
            gkm_pkey_free(kz);
        }
        gkm_pkey_free(ka);
        EVP_PKEY_free(a);
    }
}

static void test_p256_public(uint64_t *rng) {
    uint8_t d[32], out[65], ref_pub[65];
    for (int i = 0; i < 50; i++) {
        EVP_PKEY *pk = keygen("EC", 0);
        BIGNUM *priv = NULL;
        size_t rl = 0;
        EXPECT(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &priv) == 1 && BN_bn2binpad(priv, d, 32) == 32);
        EXPECT(EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, ref_pub, sizeof ref_pub, &rl) == 1 &&
               rl == 65);
        CHECK(gkm_p256_public_key(d, 32, out, 65) == 0 && memcmp(out, ref_pub, 65) == 0, "public key %d", i);
        BN_clear_free(priv);
        EVP_PKEY_free(pk);
    }
    (void)rng;
    static const char *n_hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    uint8_t n[32], zero[32] = {0};
    test_unhex(n_hex, n);
    EXPECT(gkm_p256_public_key(zero, 32, out, 65) == GKM_ERR_KEY);
    EXPECT(gkm_p256_public_key(n, 32, out, 65) == GKM_ERR_KEY);
    n[31] -= 1; /* n - 1 is a valid scalar */
    EXPECT(gkm_p256_public_key(n, 32, out, 65) == 0 && out[0] == 4);
    EXPECT(gkm_p256_public_key(n, 31, out, 65) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_public_key(n, 32, out, 64) == GKM_ERR_BOUNDS);
    EXPECT(gkm_p256_public_key(NULL, 32, out, 65) == GKM_ERR_BOUNDS);
}

/* Several threads sign and verify with one key: each takes its own pooled context. */
typedef struct {
    gkm_pkey *k;
    int failures;
} worker_arg;

static void *worker(void *p) {
    worker_arg *a = p;
    uint8_t m[64], sig[64];
    for (int i = 0; i < 300; i++) {
        memset(m, i & 0xff, sizeof m);
        if (gkm_ecdsa_p256_sign(a->k, m, sizeof m, sig, 64) != 0 ||
            gkm_ecdsa_p256_verify(a->k, m, sizeof m, sig, 64) != 1)
            a->failures++;
    }
    return NULL;
}

static void test_threads(void) {
    EVP_PKEY *pk = keygen("EC", 0);
    gkm_pkey *k = gkm_pkey_wrap(pk);
    pthread_t t[6];
    worker_arg args[6];
    for (int i = 0; i < 6; i++) {
        args[i] = (worker_arg){k, 0};
        EXPECT(pthread_create(&t[i], NULL, worker, &args[i]) == 0);
    }
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        EXPECT(args[i].failures == 0);
    }
    gkm_pkey_free(k);
}

int main(void) {
    uint64_t rng = check_seed(0x9e3779b97f4a7c15ULL);
    test_ecdsa(&rng);
    test_rsa(&rng);
    test_derive(&rng);
    test_p256_public(&rng);
    test_threads();
    return check_done("pkey");
}
