/*
 * RSA-OAEP encryption for 2048- and 3072-bit keys with e = 65537 on the IFMA kernel (rsa_ifma.c):
 * OpenSSL's EME-OAEP encoding (SHA-256 for the hash and MGF1, OpenSSL's RAND for the seed), then
 * c = em^65537 mod n by our single exponentiation instead of OpenSSL 3.0's BN_mod_exp_mont, which
 * is most of an encryption's time. n, k0 and R^2 mod n are prepared once per key, at wrap time.
 */
/* RSA_padding_add_PKCS1_OAEP_mgf1 is deprecated in OpenSSL 3.0, and no EVP call gives the OAEP
 * encoding without OpenSSL's own exponentiation. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"

#if defined(__x86_64__)
struct gkm_rsa_pub {
    gkm_rsa_ifma_pub key;
    int bytes; /* modulus size: 256 or 384 */
};

gkm_rsa_pub *gkm_rsa_pub_new(const EVP_PKEY *pk) {
    if (!gkm_rsa_path_supported(GKM_RSA_PATH_IFMA) || !EVP_PKEY_is_a(pk, "RSA")) return NULL;
    const int bits = EVP_PKEY_get_bits(pk);
    if (bits != 2048 && bits != 3072) return NULL;
    ERR_set_mark();
    BIGNUM *n = NULL, *e = NULL;
    gkm_rsa_pub *p = NULL;
    uint64_t w[48];
    const int nw = bits / 64;
    if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
        EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_E, &e) != 1 || !BN_is_word(e, 65537) || BN_num_bits(n) != bits ||
        BN_bn2lebinpad(n, (unsigned char *)w, nw * 8) != nw * 8) /* x86-64: little-endian */
        goto done;
    p = aligned_alloc(64, (sizeof *p + 63) / 64 * 64);
    if (p == NULL) goto done;
    if (gkm_rsa_ifma_pub_init(&p->key, w, nw) != 0) {
        free(p);
        p = NULL;
        goto done;
    }
    p->bytes = bits / 8;
done:
    BN_free(n);
    BN_free(e);
    ERR_pop_to_mark();
    return p;
}

void gkm_rsa_pub_free(gkm_rsa_pub *p) {
    free(p); /* public values only */
}

const gkm_rsa_ifma_pub *gkm_rsa_pub_kernel(const gkm_rsa_pub *p) {
    return p == NULL ? NULL : &p->key;
}

int32_t gkm_rsa_pub_oaep_encrypt(const gkm_rsa_pub *p, const EVP_MD *md, const uint8_t *label, int32_t label_len,
                                 const uint8_t *in, int32_t in_len, uint8_t *out) {
    unsigned char em[384];
    uint64_t b[48], c[48];
    const int bytes = p->bytes, nw = bytes / 8;
    int32_t rc = GKM_ERR_INTERNAL;
    if (md == NULL || RSA_padding_add_PKCS1_OAEP_mgf1(em, bytes, in_len > 0 ? in : (const uint8_t *)"", in_len,
                                                      label_len > 0 ? label : NULL, label_len, md, md) != 1)
        goto done;
    for (int i = 0; i < nw; i++) { /* big-endian bytes to little-endian words */
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) v = v << 8 | em[bytes - 8 * i - 8 + j];
        b[i] = v;
    }
    if (gkm_rsa_ifma_pub_exp(c, b, 65537, &p->key) != 0) goto done; /* em >= n: cannot happen (em[0] = 0) */
    for (int i = 0; i < nw; i++)
        for (int j = 0; j < 8; j++) out[bytes - 8 * i - 1 - j] = (uint8_t)(c[i] >> (8 * j));
    rc = bytes;
done:
    OPENSSL_cleanse(em, sizeof em);
    OPENSSL_cleanse(b, sizeof b);
    return rc;
}

#else /* no IFMA kernel in this build: every key takes the EVP path */
gkm_rsa_pub *gkm_rsa_pub_new(const EVP_PKEY *pk) {
    (void)pk;
    return NULL;
}

void gkm_rsa_pub_free(gkm_rsa_pub *p) {
    (void)p;
}

const gkm_rsa_ifma_pub *gkm_rsa_pub_kernel(const gkm_rsa_pub *p) {
    (void)p;
    return NULL;
}

int32_t gkm_rsa_pub_oaep_encrypt(const gkm_rsa_pub *p, const EVP_MD *md, const uint8_t *label, int32_t label_len,
                                 const uint8_t *in, int32_t in_len, uint8_t *out) {
    (void)p, (void)md, (void)label, (void)label_len, (void)in, (void)in_len, (void)out;
    return GKM_ERR_INTERNAL;
}
#endif
