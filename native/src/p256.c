/*
 * P-256 public keys (d*G) in one downcall.
 *
 * Why here: OpenSSL 3.0 has no EVP call that derives a P-256 public point from a private scalar
 * imported with EVP_PKEY_fromdata, and the provider's fallback, decoding a PKCS#8 key built around
 * the scalar, goes through OSSL_DECODER and costs many times the scalar multiplication. This is the
 * computation OpenSSL's own key generation does (EC_POINT_mul with the generator), on a group made
 * once per process; on x86_64 that is the constant-time nistz256 fixed-base code with its
 * precomputed table.
 */
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <pthread.h>
#include <string.h>

#include "gkm_native.h"

static EC_GROUP *p256_group;
static pthread_once_t p256_once = PTHREAD_ONCE_INIT;

static void p256_init(void) {
    p256_group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1); /* NULL on failure: reported per call */
}

GKM_EXPORT int32_t gkm_p256_public_key(const uint8_t *d, int32_t d_len, uint8_t *out, int32_t out_len) {
    if (d == NULL || out == NULL || d_len != 32 || out_len != 65) return GKM_ERR_BOUNDS;
    if (pthread_once(&p256_once, p256_init) != 0 || p256_group == NULL) return GKM_ERR_INTERNAL;

    uint8_t k[32];
    memcpy(k, d, sizeof k); /* the caller's bytes are read once */
    int32_t rc = GKM_ERR_INTERNAL;
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *scalar = BN_secure_new();
    EC_POINT *pub = EC_POINT_new(p256_group);
    if (ctx == NULL || scalar == NULL || pub == NULL) goto done;
    BN_set_flags(scalar, BN_FLG_CONSTTIME);
    if (BN_bin2bn(k, sizeof k, scalar) == NULL) goto done;
    if (BN_is_zero(scalar) || BN_cmp(scalar, EC_GROUP_get0_order(p256_group)) >= 0) {
        rc = GKM_ERR_KEY;
        goto done;
    }
    if (EC_POINT_mul(p256_group, pub, scalar, NULL, NULL, ctx) != 1) goto done;
    if (EC_POINT_point2oct(p256_group, pub, POINT_CONVERSION_UNCOMPRESSED, out, 65, ctx) != 65) goto done;
    rc = GKM_OK;
done:
    OPENSSL_cleanse(k, sizeof k);
    EC_POINT_free(pub);
    BN_clear_free(scalar);
    BN_CTX_free(ctx);
    if (rc != GKM_OK) {
        if (rc == GKM_ERR_INTERNAL) OPENSSL_cleanse(out, 65);
        ERR_clear_error();
    }
    return rc;
}
