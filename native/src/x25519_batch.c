/*
 * Batch X25519 public keys (RFC 7748 sec. 6.1: public = X25519(k, 9)) in one downcall.
 *
 * Why here and not in Java: a hybrid-tree leave regenerates every key pair on the path, and from
 * Java each public key costs a confined arena, a native copy of the private key and four
 * downcalls (EVP_PKEY_new_raw_private_key, which in OpenSSL 3.0 also creates an EVP_PKEY_CTX and
 * fetches the X25519 key manager, EVP_PKEY_get_raw_public_key, EVP_PKEY_free, plus the error-queue
 * checks). Here one EVP_PKEY_CTX, set up for EVP_PKEY_fromdata once, imports every key of the
 * batch; OpenSSL derives the public key on import (ossl_ecx_public_from_private), which is the one
 * scalar multiplication per key that remains.
 *
 * The scalar multiplication (the same cost as EVP_PKEY_derive(k, 9)) is essentially all of the
 * per-key cost, so OpenSSL 3.0 has no cheaper supported path; what batching saves is the
 * Java-side cost around it (figures: docs/performance-notes.md#x25519-batch).
 */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

#include "gkm_native.h"

#define X25519_LEN 32

GKM_EXPORT int32_t gkm_x25519_public_batch(int32_t count, const uint8_t *priv, int64_t priv_buf_len, uint8_t *pub,
                                           int64_t pub_buf_len) {
    if (count < 0 || count > GKM_X25519_MAX_COUNT) return GKM_ERR_COUNT;
    if (count == 0) return 0;
    const int64_t need = (int64_t)count * X25519_LEN; /* <= 2^21: no overflow */
    if (priv == NULL || pub == NULL || priv_buf_len < need || pub_buf_len < need) return GKM_ERR_BOUNDS;
    /* Key i is read (into k) before public key i is written, so pub == priv works; a partial
     * overlap would overwrite later private keys before they are read. */
    const uintptr_t p0 = (uintptr_t)priv, q0 = (uintptr_t)pub;
    if (p0 != q0 && p0 < q0 + (uintptr_t)need && q0 < p0 + (uintptr_t)need) return GKM_ERR_BOUNDS;

    int32_t rc = GKM_ERR_INTERNAL;
    uint8_t k[X25519_LEN];
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "X25519", NULL);
    if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1) goto done;
    for (int32_t i = 0; i < count; i++) {
        /* A private copy: OSSL_PARAM wants a non-const pointer, and it keeps pub == priv safe. */
        memcpy(k, priv + (size_t)i * X25519_LEN, X25519_LEN);
        OSSL_PARAM params[2] = {
            OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PRIV_KEY, k, X25519_LEN),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY *pk = NULL;
        size_t len = X25519_LEN;
        int ok = EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_KEYPAIR, params) == 1 &&
                 EVP_PKEY_get_raw_public_key(pk, pub + (size_t)i * X25519_LEN, &len) == 1 && len == X25519_LEN;
        EVP_PKEY_free(pk); /* NULL-safe; frees the imported private key with a cleanse */
        if (!ok) goto done;
    }
    rc = 0;
done:
    OPENSSL_cleanse(k, sizeof k);
    EVP_PKEY_CTX_free(ctx);
    if (rc != 0) {
        /* No partial result: every output is zeroed (when pub == priv, that erases the inputs too). */
        OPENSSL_cleanse(pub, (size_t)need);
        ERR_clear_error();
    }
    return rc;
}
