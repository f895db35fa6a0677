/*
 * ctest: the RSA IFMA path (rsa_ifma.c, rsa_crt.c), built from the sources so that it can call the
 * kernel and the fault hook directly.
 *  - kernel: the dual 1536-bit and 1024-bit exponentiations against BN_mod_exp_mont_consttime on
 *    GKM_RSA_CASES (default 2000) seeded random cases per size plus edge cases (bases 0, 1, m - 1,
 *    above m; exponents 0, 1, all ones, top bit set; moduli with small and large top words and
 *    up to 36 bits short of the size);
 *  - CRT: gkm_rsa_ifma_crt against BN_mod_exp(c, d, n) on fresh 3072- and 2048-bit keys;
 *  - decryption (3072- and 2048-bit keys): on the IFMA and EVP paths, byte-identical plaintexts and
 *    the same refusals (tampered ciphertexts, wrong labels, c >= n, c = 0), also from several
 *    threads at once; 4096-bit, three-prime 3072-bit and 2048-bit keys with unbalanced primes stay on
 *    EVP and still work; the fault check (a corrupted CRT result must still give the right
 *    plaintext, through OpenSSL's method).
 *  - public exponent: the single 2048/3072-bit exponentiation against BN_mod_exp (GKM_RSA_CASES
 *    per size; random and edge bases and moduli), and encryption on the IFMA path against the EVP
 *    path (each decrypts the other's, private and public keys, labels, max length, refusals,
 *    4 threads); 4096-bit and e = 3 keys stay on EVP.
 * Arguments: "env <evp|ifma>" checks what GKM_RSA_PATH selects; "bench" prints timings.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "gkm_internal.h"
#include "test_check.h"
#include "test_util.h"

static BN_CTX *g_bn;

static void to_words(uint64_t w[24], const BIGNUM *b) {
    memset(w, 0, 24 * 8);
    BN_bn2lebinpad(b, (unsigned char *)w, 24 * 8);
}

static BIGNUM *rnd_bn(uint64_t *rng, int bits) {
    uint8_t buf[192];
    test_rnd_bytes(rng, buf, sizeof buf);
    BIGNUM *b = BN_lebin2bn(buf, sizeof buf, NULL);
    BN_mask_bits(b, bits);
    return b;
}

/* Case kinds for one half of `bits` bits (1536 or 1024): modulus, base and exponent shapes, chosen
 * from the case number. */
static void make_case(uint64_t *rng, int bits, int i, int h, BIGNUM **m, BIGNUM **b, BIGNUM **e) {
    const int mk = (i / 7 + h) % 6, bk = (i + 3 * h) % 9, ek = (i / 3 + h) % 8;
    *m = rnd_bn(rng, mk == 5 ? bits - 36 + (int)(test_rnd(rng) % 36) : bits);
    if (mk < 5) BN_set_bit(*m, bits - 1);
    if (mk == 1) { /* small top word: 2^(bits - 1) + low bits */
        BN_mask_bits(*m, bits - 64);
        BN_set_bit(*m, bits - 1);
    }
    if (mk == 2) /* large top word: all ones */
        for (int k = bits - 64; k < bits; k++) BN_set_bit(*m, k);
    if (mk == 3) /* all ones but the low bits */
        for (int k = 64; k < bits; k++) BN_set_bit(*m, k);
    BN_set_bit(*m, 0);
    if (BN_num_bits(*m) < 16) BN_set_word(*m, 65537);
    *b = rnd_bn(rng, bits);
    switch (bk) {
    case 0: BN_zero(*b); break;
    case 1: BN_one(*b); break;
    case 2: BN_sub(*b, *m, BN_value_one()); break;
    case 3: break; /* possibly above m (below 2^bits) */
    default: BN_mod(*b, *b, *m, g_bn);
    }
    *e = rnd_bn(rng, bits);
    switch (ek) {
    case 0: BN_zero(*e); break;
    case 1: BN_one(*e); break;
    case 2:
        BN_zero(*e);
        for (int k = 0; k < bits; k++) BN_set_bit(*e, k);
        break;
    case 3: BN_set_bit(*e, bits - 1); break;
    case 4: BN_set_word(*e, 2); break;
    case 5: BN_rshift(*e, *e, (int)(test_rnd(rng) % (uint64_t)bits)); break;
    default: break;
    }
}

static void test_kernel(uint64_t *rng, int bits, int cases) {
    for (int i = 0; i < cases; i++) {
        BIGNUM *m[2], *b[2], *e[2], *r = BN_new();
        uint64_t mw[2][24], bw[2][24], ew[2][24], want[2][24], got[2][24];
        for (int h = 0; h < 2; h++) {
            make_case(rng, bits, i, h, &m[h], &b[h], &e[h]);
            to_words(mw[h], m[h]);
            to_words(bw[h], b[h]);
            to_words(ew[h], e[h]);
            BN_set_flags(e[h], BN_FLG_CONSTTIME);
            CHECK(BN_mod_exp_mont_consttime(r, b[h], e[h], m[h], g_bn, NULL) == 1, "reference %d", i);
            to_words(want[h], r);
        }
        gkm_rsa_ifma_mont mt;
        gkm_rsa_ifma_mont_init(&mt, mw[0], mw[1], bits);
        memset(got, 0, sizeof got);
        gkm_rsa_ifma_modexp2(got, bw[0], bw[1], ew[0], ew[1], &mt);
        CHECK(memcmp(got[0], want[0], sizeof got[0]) == 0, "%d bits, case %d half 0 (%d-bit modulus)", bits, i,
              BN_num_bits(m[0]));
        CHECK(memcmp(got[1], want[1], sizeof got[1]) == 0, "%d bits, case %d half 1 (%d-bit modulus)", bits, i,
              BN_num_bits(m[1]));
        for (int h = 0; h < 2; h++) {
            BN_free(m[h]);
            BN_free(b[h]);
            BN_free(e[h]);
        }
        BN_free(r);
    }
    printf("kernel: %d dual %d-bit exponentiations match OpenSSL\n", cases, bits);
}

static EVP_PKEY *keygen(int bits, int primes) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pk = NULL;
    if (c != NULL && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits) == 1 &&
        (primes == 2 || EVP_PKEY_CTX_set_rsa_keygen_primes(c, primes) == 1))
        EVP_PKEY_keygen(c, &pk);
    EVP_PKEY_CTX_free(c);
    return pk;
}

static BIGNUM *param(EVP_PKEY *pk, const char *name) {
    BIGNUM *b = NULL;
    EVP_PKEY_get_bn_param(pk, name, &b);
    return b;
}

/* gkm_rsa_ifma_crt against BN_mod_exp(c, d, n): random c, and 0, 1, 2, n - 1. */
static void test_crt(uint64_t *rng, EVP_PKEY *pk, int cases) {
    BIGNUM *n = param(pk, OSSL_PKEY_PARAM_RSA_N), *d = param(pk, OSSL_PKEY_PARAM_RSA_D);
    const char *names[5] = {OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2, OSSL_PKEY_PARAM_RSA_EXPONENT1,
                            OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
    uint64_t w[5][24];
    for (int j = 0; j < 5; j++) {
        BIGNUM *b = param(pk, names[j]);
        to_words(w[j], b);
        BN_clear_free(b);
    }
    gkm_rsa_ifma_key *key = aligned_alloc(64, (sizeof *key + 63) / 64 * 64);
    const int bytes = EVP_PKEY_get_size(pk);
    gkm_rsa_ifma_key_init(key, w[0], w[1], w[2], w[3], w[4], bytes * 4);
    BIGNUM *c = BN_new(), *want = BN_new();
    for (int i = 0; i < cases + 4; i++) {
        uint8_t buf[384];
        test_rnd_bytes(rng, buf, sizeof buf);
        BN_bin2bn(buf, bytes, c);
        BN_mod(c, c, n, g_bn);
        if (i == cases) BN_zero(c);
        if (i == cases + 1) BN_one(c);
        if (i == cases + 2) BN_set_word(c, 2);
        if (i == cases + 3) BN_sub(c, n, BN_value_one());
        uint64_t cw[48], got[48], exp[48];
        BN_bn2lebinpad(c, (unsigned char *)cw, sizeof cw);
        BN_mod_exp(want, c, d, n, g_bn);
        BN_bn2lebinpad(want, (unsigned char *)exp, sizeof exp);
        memset(got, 0, sizeof got);
        gkm_rsa_ifma_crt(got, cw, key);
        CHECK(memcmp(got, exp, sizeof got) == 0, "%d-bit CRT case %d", bytes * 8, i);
    }
    gkm_rsa_ifma_key_clear(key);
    free(key);
    BN_free(c);
    BN_free(want);
    BN_free(n);
    BN_clear_free(d);
}

/* Decrypts c (k_len bytes) on both paths: same result code and the same bytes. Returns the code. */
static int32_t both_paths(gkm_pkey *k, const uint8_t *label, int32_t ll, const uint8_t *c, int32_t k_len,
                          uint8_t *out) {
    uint8_t o2[512];
    memset(out, 0xa5, (size_t)k_len); /* the same bytes past the plaintext in both */
    memset(o2, 0xa5, (size_t)k_len);
    const int32_t a = gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_EVP, k, label, ll, c, k_len, out, k_len);
    const int32_t b = gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_IFMA, k, label, ll, c, k_len, o2, k_len);
    CHECK(a == b, "paths differ: evp %d ifma %d", a, b);
    CHECK(memcmp(out, o2, (size_t)k_len) == 0, "paths give different bytes (rc %d)", a);
    return a;
}

/* Random plaintexts with and without labels, tampering, wrong labels and out-of-range inputs. */
static void test_decrypt(uint64_t *rng, gkm_pkey *k, EVP_PKEY *pk, int cases) {
    const int32_t kl = gkm_pkey_size(k);
    uint8_t m[512], c[512], out[512], label[64], other[64];
    for (int i = 0; i < cases; i++) {
        const int32_t n = (int32_t)(test_rnd(rng) % (uint32_t)(kl - 66 + 1));
        const int32_t ll = i % 3 == 0 ? 0 : (int32_t)(1 + test_rnd(rng) % sizeof label);
        test_rnd_bytes(rng, m, (size_t)n);
        test_rnd_bytes(rng, label, sizeof label);
        CHECK(gkm_rsa_oaep_encrypt(k, label, ll, m, n, c, kl) == kl, "encrypt %d", i);
        CHECK(both_paths(k, label, ll, c, kl, out) == n, "decrypt %d", i);
        CHECK(memcmp(out, m, (size_t)n) == 0, "plaintext %d", i);
        if (i % 4 == 0) {
            memcpy(other, label, sizeof other);
            other[0] ^= 1;
            CHECK(both_paths(k, other, ll > 0 ? ll : 1, c, kl, out) == GKM_ERR_INTEGRITY, "wrong label %d", i);
            c[test_rnd(rng) % (uint32_t)kl] ^= (uint8_t)(1 + test_rnd(rng) % 255);
            CHECK(both_paths(k, label, ll, c, kl, out) == GKM_ERR_INTEGRITY, "tampered %d", i);
        }
    }
    /* c = 0, c = 1, c = n, c = 2^(8k) - 1 */
    BIGNUM *nb = param(pk, OSSL_PKEY_PARAM_RSA_N);
    CHECK(nb != NULL && BN_bn2binpad(nb, c, kl) == kl, "n");
    CHECK(both_paths(k, NULL, 0, c, kl, out) == GKM_ERR_INTEGRITY, "c = n");
    memset(c, 0, (size_t)kl);
    CHECK(both_paths(k, NULL, 0, c, kl, out) == GKM_ERR_INTEGRITY, "c = 0");
    c[kl - 1] = 1;
    CHECK(both_paths(k, NULL, 0, c, kl, out) == GKM_ERR_INTEGRITY, "c = 1");
    memset(c, 0xff, (size_t)kl);
    CHECK(both_paths(k, NULL, 0, c, kl, out) == GKM_ERR_INTEGRITY, "c = 2^8k - 1");
    BN_free(nb);
}

typedef struct {
    gkm_pkey *k;
    int fails;
} thread_arg;

static void *decrypt_thread(void *p) {
    thread_arg *a = p;
    const int32_t kl = gkm_pkey_size(a->k);
    uint8_t m[32], c[512], out[512];
    for (int i = 0; i < 20; i++) {
        memset(m, i, sizeof m);
        if (gkm_rsa_oaep_encrypt(a->k, NULL, 0, m, sizeof m, c, kl) != kl ||
            gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_IFMA, a->k, NULL, 0, c, kl, out, kl) != (int32_t)sizeof m ||
            memcmp(out, m, sizeof m) != 0)
            a->fails++;
    }
    return NULL;
}

static void test_threads(gkm_pkey *k) {
    pthread_t t[4];
    thread_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (thread_arg){k, 0};
        pthread_create(&t[i], NULL, decrypt_thread, &a[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(a[i].fails == 0, "thread %d: %d failures", i, a[i].fails);
    }
}

/* A corrupted CRT result must be caught by the fault check and recomputed by OpenSSL's method. */
static void test_fault(gkm_pkey *k) {
    const int32_t kl = gkm_pkey_size(k);
    uint8_t m[40], c[512], out[512];
    for (int i = 0; i < 3; i++) {
        memset(m, 0x5a + i, sizeof m);
        CHECK(gkm_rsa_oaep_encrypt(k, (const uint8_t *)"L", 1, m, sizeof m, c, kl) == kl, "fault encrypt");
        gkm_rsa_test_faults = 1;
        const int32_t n = gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_IFMA, k, (const uint8_t *)"L", 1, c, kl, out, kl);
        CHECK(gkm_rsa_test_faults == 0, "the fault hook did not run (the IFMA path was not taken)");
        CHECK(n == (int32_t)sizeof m && memcmp(out, m, sizeof m) == 0, "fault %d: rc %d", i, n);
    }
    gkm_rsa_test_faults = 0;
}

/* ---------------------------------------------------------------------- public exponent */

static BIGNUM *rnd_bn_wide(uint64_t *rng, int bits) {
    uint8_t buf[384];
    test_rnd_bytes(rng, buf, sizeof buf);
    BIGNUM *b = BN_lebin2bn(buf, sizeof buf, NULL);
    BN_mask_bits(b, bits);
    return b;
}

/* gkm_rsa_ifma_pub_exp against BN_mod_exp for 2048- and 3072-bit moduli: random and edge bases
 * (0, 1, n - 1, n - 2), moduli with top bits set and unset below the top one, e = 65537 mostly
 * and some other public exponents; bases >= n refused. */
static void test_pub_kernel(uint64_t *rng, int cases) {
    const int sizes[2] = {2048, 3072};
    BIGNUM *r = BN_new(), *e = BN_new();
    for (int z = 0; z < 2; z++) {
        const int bits = sizes[z], nw = bits / 64;
        gkm_rsa_ifma_pub *p = aligned_alloc(64, (sizeof *p + 63) / 64 * 64);
        for (int i = 0; i < cases; i++) {
            BIGNUM *n = rnd_bn_wide(rng, bits);
            const int mk = (i / 5) % 5;
            if (mk == 1) BN_mask_bits(n, bits - 64); /* top word 2^63: the smallest */
            if (mk == 2)
                for (int k = bits - 64; k < bits; k++) BN_set_bit(n, k); /* top word all ones */
            if (mk == 3)
                for (int k = 64; k < bits; k++) BN_set_bit(n, k); /* all ones but the low word */
            if (mk == 4) BN_clear_bit(n, bits - 2);
            BN_set_bit(n, bits - 1);
            BN_set_bit(n, 0);
            BIGNUM *b = rnd_bn_wide(rng, bits);
            BN_mod(b, b, n, g_bn);
            switch (i % 11) {
            case 0: BN_zero(b); break;
            case 1: BN_one(b); break;
            case 2: BN_sub(b, n, BN_value_one()); break;
            case 3: BN_copy(b, n), BN_sub_word(b, 2); break;
            default: break;
            }
            uint64_t ev = 65537;
            if (i % 7 == 5) ev = 3;
            if (i % 7 == 6) ev = ((uint64_t)test_rnd(rng) << 32 | test_rnd(rng)) | 1;
            if (i % 13 == 12) ev = 1;
            BN_set_word(e, ev);
            uint64_t nw_[48] = {0}, bw[48] = {0}, want[48] = {0}, got[48];
            BN_bn2lebinpad(n, (unsigned char *)nw_, nw * 8);
            BN_bn2lebinpad(b, (unsigned char *)bw, nw * 8);
            CHECK(BN_mod_exp(r, b, e, n, g_bn) == 1, "reference");
            BN_bn2lebinpad(r, (unsigned char *)want, nw * 8);
            CHECK(gkm_rsa_ifma_pub_init(p, nw_, nw) == 0, "pub init %d-bit case %d", bits, i);
            memset(got, 0xa5, sizeof got);
            CHECK(gkm_rsa_ifma_pub_exp(got, bw, ev, p) == 0, "pub exp %d-bit case %d", bits, i);
            CHECK(memcmp(got, want, (size_t)nw * 8) == 0, "pub exp %d-bit case %d (e %llu, mk %d)", bits, i,
                  (unsigned long long)ev, mk);
            if (i % 50 == 0) { /* b = n and b = n + 1 refused, e = 0 refused */
                CHECK(gkm_rsa_ifma_pub_exp(got, nw_, 65537, p) == -1, "b = n accepted");
                bw[0] = nw_[0] + 1;
                memcpy(bw + 1, nw_ + 1, (size_t)(nw - 1) * 8);
                CHECK(gkm_rsa_ifma_pub_exp(got, bw, 65537, p) == -1, "b = n + 1 accepted");
                CHECK(gkm_rsa_ifma_pub_exp(got, want, 0, p) == -1, "e = 0 accepted");
            }
            BN_free(n);
            BN_free(b);
        }
        /* even, short or other-size moduli refused */
        uint64_t bad[48];
        memset(bad, 0xff, sizeof bad);
        bad[0] = 2;
        CHECK(gkm_rsa_ifma_pub_init(p, bad, nw) == -1, "even n accepted");
        bad[0] = 3, bad[nw - 1] = 1;
        CHECK(gkm_rsa_ifma_pub_init(p, bad, nw) == -1, "short n accepted");
        CHECK(gkm_rsa_ifma_pub_init(p, bad, 64 / 2 + 1) == -1, "33-word n accepted");
        free(p);
    }
    BN_free(r);
    BN_free(e);
    printf("public kernel: %d exponentiations per size (2048, 3072) match OpenSSL\n", cases);
}

/* Encryption on each path, decrypted on the other (and by the EVP path); max length; one byte too
 * long refused with the same code on both; wrong out_cap refused on both. */
static void test_encrypt(uint64_t *rng, gkm_pkey *k, gkm_pkey *pub, int cases) {
    const int32_t kl = gkm_pkey_size(k);
    uint8_t m[512], c[512], out[512], label[64];
    const int32_t enc_paths[2] = {GKM_RSA_PATH_IFMA, GKM_RSA_PATH_EVP};
    for (int i = 0; i < cases; i++) {
        int32_t n = (int32_t)(test_rnd(rng) % (uint32_t)(kl - 66 + 1));
        if (i % 10 == 0) n = kl - 66;
        if (i % 10 == 1) n = 0;
        const int32_t ll = i % 2 == 0 ? 0 : (int32_t)(1 + test_rnd(rng) % sizeof label);
        test_rnd_bytes(rng, m, (size_t)n);
        test_rnd_bytes(rng, label, sizeof label);
        for (int e = 0; e < 2; e++) {
            gkm_pkey *ek = i % 3 == 0 ? pub : k;
            memset(c, 0, sizeof c);
            CHECK(gkm_rsa_oaep_encrypt_path(enc_paths[e], ek, label, ll, m, n, c, kl) == kl, "encrypt %d path %d", i,
                  enc_paths[e]);
            const int32_t dp = e == 0 ? GKM_RSA_PATH_EVP : GKM_RSA_PATH_IFMA;
            memset(out, 0, sizeof out);
            CHECK(gkm_rsa_oaep_decrypt_path(dp, k, label, ll, c, kl, out, kl) == n, "decrypt %d (enc path %d)", i,
                  enc_paths[e]);
            CHECK(memcmp(out, m, (size_t)n) == 0, "plaintext %d (enc path %d)", i, enc_paths[e]);
        }
    }
    for (int e = 0; e < 2; e++) {
        CHECK(gkm_rsa_oaep_encrypt_path(enc_paths[e], k, NULL, 0, m, kl - 65, c, kl) == GKM_ERR_INPUT_LEN,
              "one byte too long, path %d", enc_paths[e]);
        CHECK(gkm_rsa_oaep_encrypt_path(enc_paths[e], k, NULL, 0, m, 16, c, kl - 1) == GKM_ERR_BOUNDS,
              "short out, path %d", enc_paths[e]);
        CHECK(gkm_rsa_oaep_encrypt_path(enc_paths[e], k, NULL, 0, m, -1, c, kl) == GKM_ERR_BOUNDS, "negative length");
        CHECK(gkm_rsa_oaep_encrypt_path(enc_paths[e], k, NULL, 1, m, 16, c, kl) == GKM_ERR_BOUNDS, "NULL label");
    }
    CHECK(gkm_rsa_oaep_encrypt_path(9, k, NULL, 0, m, 16, c, kl) == GKM_ERR_UNSUPPORTED, "unknown path");
}

typedef struct {
    gkm_pkey *enc, *dec;
    int fails;
} enc_arg;

static void *encrypt_thread(void *p) {
    enc_arg *a = p;
    const int32_t kl = gkm_pkey_size(a->dec);
    uint8_t m[48], c[512], out[512];
    for (int i = 0; i < 40; i++) {
        memset(m, i, sizeof m);
        if (gkm_rsa_oaep_encrypt_path(GKM_RSA_PATH_IFMA, a->enc, NULL, 0, m, sizeof m, c, kl) != kl ||
            gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_EVP, a->dec, NULL, 0, c, kl, out, kl) != (int32_t)sizeof m ||
            memcmp(out, m, sizeof m) != 0)
            a->fails++;
    }
    return NULL;
}

/* 4 threads encrypting with enc at once (IFMA path), each result decrypted with dec (EVP path). */
static void test_encrypt_threads(gkm_pkey *enc, gkm_pkey *dec) {
    pthread_t t[4];
    enc_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (enc_arg){enc, dec, 0};
        pthread_create(&t[i], NULL, encrypt_thread, &a[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(a[i].fails == 0, "encrypt thread %d: %d failures", i, a[i].fails);
    }
}

/* The public half of pk as its own EVP_PKEY (a public key: no private parameters). */
static EVP_PKEY *public_half(EVP_PKEY *pk) {
    unsigned char *der = NULL;
    const int len = i2d_PUBKEY(pk, &der);
    const unsigned char *p = der;
    EVP_PKEY *pub = len > 0 ? d2i_PUBKEY(NULL, &p, len) : NULL;
    OPENSSL_free(der);
    return pub;
}

static EVP_PKEY *keygen_e(int bits, unsigned long e) {
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pk = NULL;
    BIGNUM *eb = BN_new();
    BN_set_word(eb, e);
    if (c != NULL && EVP_PKEY_keygen_init(c) == 1 && EVP_PKEY_CTX_set_rsa_keygen_bits(c, bits) == 1 &&
        EVP_PKEY_CTX_set1_rsa_keygen_pubexp(c, eb) == 1)
        EVP_PKEY_keygen(c, &pk);
    EVP_PKEY_CTX_free(c);
    BN_free(eb);
    return pk;
}

/* 2048- and 3072-bit keys (private and public) encrypt on the IFMA path; 4096-bit and e = 3 keys
 * stay on EVP and still work. The e = 3 key decrypts on the IFMA CRT, whose fault check then runs on
 * BN_mod_exp_mont: a corrupted result must still be caught there. */
static void test_encrypt_keys(uint64_t *rng, int cases) {
    const int bits[4] = {2048, 3072, 4096, 2048};
    const unsigned long es[4] = {65537, 65537, 65537, 3};
    for (int j = 0; j < 4; j++) {
        EVP_PKEY *pk = keygen_e(bits[j], es[j]);
        CHECK(pk != NULL, "keygen %d e %lu", bits[j], es[j]);
        EVP_PKEY *pubk = public_half(pk);
        CHECK(pubk != NULL, "public half");
        gkm_pkey *k = gkm_pkey_wrap(pk), *pub = gkm_pkey_wrap(pubk);
        const int32_t want = j < 2 ? GKM_RSA_PATH_IFMA : GKM_RSA_PATH_EVP;
        CHECK(gkm_pkey_rsa_encrypt_path(k) == want && gkm_pkey_rsa_encrypt_path(pub) == want,
              "%d-bit e %lu key: encrypt path %d/%d, want %d", bits[j], es[j], gkm_pkey_rsa_encrypt_path(k),
              gkm_pkey_rsa_encrypt_path(pub), want);
        test_encrypt(rng, k, pub, j < 2 ? cases : 10);
        if (j < 2) test_encrypt_threads(j == 0 ? k : pub, k);
        if (es[j] != 65537) { /* decrypts on the IFMA CRT with its fault check on BN_mod_exp_mont */
            CHECK(gkm_pkey_rsa_decrypt_path(k) == GKM_RSA_PATH_IFMA, "%d-bit e %lu key not on the IFMA CRT", bits[j],
                  es[j]);
            test_fault(k);
        }
        gkm_pkey_free(k);
        gkm_pkey_free(pub);
    }
    printf("encrypt: %d plaintexts per 2048/3072-bit key on both paths, decrypted on the other\n", cases);
}

/* A key the IFMA path does not apply to: EVP path, still works on every path value. */
static void test_other_key(uint64_t *rng, int bits, int primes) {
    EVP_PKEY *pk = keygen(bits, primes);
    CHECK(pk != NULL, "keygen %d/%d", bits, primes);
    EVP_PKEY_up_ref(pk);
    gkm_pkey *k = gkm_pkey_wrap(pk);
    CHECK(gkm_pkey_rsa_decrypt_path(k) == GKM_RSA_PATH_EVP, "%d-bit %d-prime key not on EVP", bits, primes);
    gkm_rsa_test_faults = 1; /* must stay untouched: our CRT never runs for this key */
    test_decrypt(rng, k, pk, 12);
    CHECK(gkm_rsa_test_faults == 1, "the IFMA CRT ran for a %d-bit %d-prime key", bits, primes);
    gkm_rsa_test_faults = 0;
    gkm_pkey_free(k);
    EVP_PKEY_free(pk);
}

/* A 2048-bit two-prime key whose primes are 1000 and 1048 bits (made from OpenSSL's primes with
 * the RSA parameters computed here) stays on EVP: the kernel takes halves of exactly 1024 bits. */
static void test_unbalanced_key(uint64_t *rng) {
    BIGNUM *p = BN_new(), *q = BN_new(), *n = BN_new(), *e = BN_new(), *d = BN_new(), *t = BN_new(), *u = BN_new(),
           *dp = BN_new(), *dq = BN_new(), *qi = BN_new();
    BN_set_word(e, 65537);
    do {
        CHECK(BN_generate_prime_ex(p, 1000, 0, NULL, NULL, NULL) == 1, "prime p");
        CHECK(BN_generate_prime_ex(q, 1048, 0, NULL, NULL, NULL) == 1, "prime q");
        BN_mul(n, p, q, g_bn);
        BN_sub(t, p, BN_value_one());
        BN_sub(u, q, BN_value_one());
        BN_mul(t, t, u, g_bn);
    } while (BN_num_bits(n) != 2048 || BN_mod_inverse(d, e, t, g_bn) == NULL);
    BN_sub(t, p, BN_value_one());
    BN_mod(dp, d, t, g_bn);
    BN_sub(t, q, BN_value_one());
    BN_mod(dq, d, t, g_bn);
    BN_mod_inverse(qi, q, p, g_bn);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq);
    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
    EVP_PKEY *pk = NULL;
    CHECK(params != NULL && ctx != NULL && EVP_PKEY_fromdata_init(ctx) == 1 &&
              EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEYPAIR, params) == 1,
          "unbalanced key import");
    EVP_PKEY_up_ref(pk);
    gkm_pkey *k = gkm_pkey_wrap(pk);
    CHECK(gkm_pkey_rsa_decrypt_path(k) == GKM_RSA_PATH_EVP, "a key with 1000- and 1048-bit primes not on EVP");
    gkm_rsa_test_faults = 1;
    test_decrypt(rng, k, pk, 12);
    CHECK(gkm_rsa_test_faults == 1, "the IFMA CRT ran for a key with unbalanced primes");
    gkm_rsa_test_faults = 0;
    gkm_pkey_free(k);
    EVP_PKEY_free(pk);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(p), BN_free(q), BN_free(n), BN_free(e), BN_clear_free(d), BN_free(t), BN_free(u);
    BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qi);
}

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* ns per decryption on each path and per dual exponentiation (about 2 s each). */
static int bench(void) {
    EVP_PKEY *pk = keygen(3072, 2);
    gkm_pkey *k = gkm_pkey_wrap(pk);
    uint8_t m[32] = {1}, c[384], out[384];
    gkm_rsa_oaep_encrypt(k, NULL, 0, m, sizeof m, c, 384);
    const int32_t paths[2] = {GKM_RSA_PATH_EVP, GKM_RSA_PATH_IFMA};
    for (int p = 0; p < 2; p++) {
        int n = 0;
        const double t0 = now_ns();
        while (now_ns() - t0 < 2e9) {
            if (gkm_rsa_oaep_decrypt_path(paths[p], k, NULL, 0, c, 384, out, 384) != 32) return 1;
            n++;
        }
        printf("RSA-3072 OAEP decrypt, %s path: %.0f ns\n", p ? "ifma" : "evp", (now_ns() - t0) / n);
    }
    uint64_t w[6][24];
    uint64_t s = 0x1234567;
    test_rnd_bytes(&s, (uint8_t *)w, sizeof w);
    w[0][0] |= 1, w[1][0] |= 1, w[0][23] |= 1ull << 63, w[1][23] |= 1ull << 63, w[2][23] >>= 1, w[3][23] >>= 1;
    gkm_pkey_free(k);
    for (int bits = 1536; bits >= 1024; bits -= 512) {
        const int nw = bits / 64;
        w[0][nw - 1] |= 1ull << 63, w[1][nw - 1] |= 1ull << 63, w[2][nw - 1] >>= 1, w[3][nw - 1] >>= 1;
        gkm_rsa_ifma_mont mt;
        gkm_rsa_ifma_mont_init(&mt, w[0], w[1], bits);
        uint64_t out2[2][24];
        int n = 0;
        const double t0 = now_ns();
        while (now_ns() - t0 < 2e9) {
            gkm_rsa_ifma_modexp2(out2, w[2], w[3], w[4], w[5], &mt);
            n++;
        }
        printf("dual %d-bit exponentiation (%d-bit exponents): %.0f ns\n", bits, bits, (now_ns() - t0) / n);
    }
    {
        EVP_PKEY *pk2 = keygen(2048, 2);
        gkm_pkey *k2 = gkm_pkey_wrap(pk2);
        gkm_rsa_oaep_encrypt(k2, NULL, 0, m, sizeof m, c, 256);
        for (int p = 0; p < 2; p++) {
            int n = 0;
            const double t0 = now_ns();
            while (now_ns() - t0 < 2e9) {
                if (gkm_rsa_oaep_decrypt_path(paths[p], k2, NULL, 0, c, 256, out, 256) != 32) return 1;
                n++;
            }
            printf("RSA-2048 OAEP decrypt, %s path: %.0f ns\n", p ? "ifma" : "evp", (now_ns() - t0) / n);
        }
        gkm_pkey_free(k2);
    }
    const int sizes[2] = {2048, 3072};
    for (int z = 0; z < 2; z++) { /* ns per OAEP encryption (SHA-256, e = 65537), 32-byte plaintext */
        gkm_pkey *ek = gkm_pkey_wrap(keygen(sizes[z], 2));
        const int32_t kl = sizes[z] / 8;
        for (int p = 0; p < 2; p++) {
            int ne = 0;
            const double te = now_ns();
            while (now_ns() - te < 2e9) {
                if (gkm_rsa_oaep_encrypt_path(paths[p], ek, NULL, 0, m, sizeof m, c, kl) != kl) return 1;
                ne++;
            }
            printf("RSA-%d OAEP encrypt, %s path: %.0f ns\n", sizes[z], p ? "ifma" : "evp", (now_ns() - te) / ne);
        }
        gkm_pkey_free(ek);
        /* the exponentiation alone: m^65537 mod n on the kernel and by BN_mod_exp_mont */
        const int nw = sizes[z] / 64;
        uint64_t nv[48], bv[48], cv[48];
        test_rnd_bytes(&s, (uint8_t *)nv, sizeof nv);
        test_rnd_bytes(&s, (uint8_t *)bv, sizeof bv);
        nv[0] |= 1, nv[nw - 1] |= 1ull << 63, bv[nw - 1] >>= 1;
        gkm_rsa_ifma_pub *pub = aligned_alloc(64, (sizeof *pub + 63) / 64 * 64);
        if (gkm_rsa_ifma_pub_init(pub, nv, nw) != 0) return 1;
        BIGNUM *nb = BN_lebin2bn((const uint8_t *)nv, nw * 8, NULL),
               *bb = BN_lebin2bn((const uint8_t *)bv, nw * 8, NULL), *eb = BN_new(), *rb = BN_new();
        BN_set_word(eb, 65537);
        BN_MONT_CTX *mont = BN_MONT_CTX_new();
        BN_MONT_CTX_set(mont, nb, g_bn);
        for (int p = 0; p < 2; p++) {
            int ne = 0;
            const double te = now_ns();
            while (now_ns() - te < 2e9) {
                if (p == 0 ? BN_mod_exp_mont(rb, bb, eb, nb, g_bn, mont) != 1
                           : gkm_rsa_ifma_pub_exp(cv, bv, 65537, pub) != 0)
                    return 1;
                ne++;
            }
            printf("%d-bit m^65537 mod n, %s: %.0f ns\n", sizes[z], p ? "ifma kernel" : "BN_mod_exp_mont",
                   (now_ns() - te) / ne);
        }
        BN_MONT_CTX_free(mont);
        BN_free(nb), BN_free(bb), BN_free(eb), BN_free(rb);
        free(pub);
    }
    return 0;
}

int main(int argc, char **argv) {
    g_bn = BN_CTX_new();
    if (!gkm_rsa_path_supported(GKM_RSA_PATH_IFMA)) {
        printf("no AVX-512 IFMA on this CPU: skipped\n");
        return 77;
    }
    if (argc > 1 && strcmp(argv[1], "bench") == 0) return bench();
    if (argc > 2 && strcmp(argv[1], "env") == 0) {
        const int32_t want = strcmp(argv[2], "evp") == 0 ? GKM_RSA_PATH_EVP : GKM_RSA_PATH_IFMA;
        EXPECT(gkm_rsa_path() == want);
        EVP_PKEY *pk = keygen(3072, 2);
        gkm_pkey *k = gkm_pkey_wrap(pk);
        EXPECT(gkm_pkey_rsa_decrypt_path(k) == want);
        EXPECT(gkm_pkey_rsa_encrypt_path(k) == want);
        uint8_t m[16] = {7}, c[384], out[384];
        EXPECT(gkm_rsa_oaep_encrypt(k, NULL, 0, m, sizeof m, c, 384) == 384);
        gkm_rsa_test_faults = 1; /* consumed only when the IFMA CRT runs */
        EXPECT(gkm_rsa_oaep_decrypt(k, NULL, 0, c, 384, out, 384) == 16 && memcmp(out, m, 16) == 0);
        EXPECT(gkm_rsa_test_faults == (want == GKM_RSA_PATH_IFMA ? 0 : 1));
        gkm_pkey_free(k);
        BN_CTX_free(g_bn);
        return check_done("rsa_ifma env");
    }
    uint64_t rng = check_seed(0x5eed3072);
    const char *env = getenv("GKM_RSA_CASES");
    const int cases = env != NULL ? atoi(env) : 2000;
    test_kernel(&rng, 1536, cases);
    test_kernel(&rng, 1024, cases);
    test_pub_kernel(&rng, cases);
    test_encrypt_keys(&rng, cases >= 2000 ? 300 : 60);

    EXPECT(gkm_rsa_oaep_decrypt_path(7, NULL, NULL, 0, NULL, 0, NULL, 0) == GKM_ERR_UNSUPPORTED);
    const int keys = 3, per_key = 170; /* >= 500 decryptions in all, per size */
    for (int bits = 3072; bits >= 2048; bits -= 1024) {
        for (int i = 0; i < keys; i++) {
            EVP_PKEY *pk = keygen(bits, 2);
            CHECK(pk != NULL, "keygen %d", bits);
            EVP_PKEY_up_ref(pk);
            gkm_pkey *k = gkm_pkey_wrap(pk);
            CHECK(gkm_pkey_rsa_decrypt_path(k) == GKM_RSA_PATH_IFMA, "%d-bit key %d not on the IFMA path", bits, i);
            test_crt(&rng, pk, 50);
            test_decrypt(&rng, k, pk, per_key);
            if (i == 0) {
                test_fault(k);
                test_threads(k);
            }
            gkm_pkey_free(k);
            EVP_PKEY_free(pk);
        }
        printf("decrypt: %d %d-bit keys, %d plaintexts each, identical on both paths\n", keys, bits, per_key);
    }
    test_unbalanced_key(&rng);
    test_other_key(&rng, 4096, 2);
    test_other_key(&rng, 3072, 3);
    BN_CTX_free(g_bn);
    return check_done("rsa_ifma");
}
