/*
 * Prepared asymmetric keys: an imported EVP_PKEY with, per operation, a small pool of
 * EVP_PKEY_CTXs already initialised for it (ECDSA P-256/SHA-256 sign and verify, RSA-OAEP with
 * SHA-256/MGF1-SHA-256 encrypt and decrypt, ECDH/X25519 derive).
 *
 * Why: in OpenSSL 3.0 making an EVP_PKEY_CTX and initialising it (fetching the operation's
 * implementation, setting padding and digests by name, each a provider lookup) costs as much as an
 * RSA-OAEP encryption or a large part of an ECDSA signature. A context initialised once can run its
 * operation again and again (EVP_PKEY_sign, _verify, _encrypt, _decrypt, _derive on the same
 * context), so a key keeps the contexts its calls used and hands them to later calls. Concurrent
 * calls on one key take different contexts (an EVP_PKEY_CTX is not for concurrent use); the pool
 * keeps at most GKM_POOL_MAX idle ones, and a context whose operation failed is freed, not reused.
 *
 * The caller's buffers are read once each: the message by the digest, the signature, label and
 * ciphertext copied or handed to OpenSSL in one call.
 */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"

#define GKM_POOL_MAX 8

enum { OP_SIGN, OP_VERIFY, OP_ENCRYPT, OP_DECRYPT, OP_DERIVE, OP_COUNT };

typedef struct {
    pthread_mutex_t mu;
    int n;
    EVP_PKEY_CTX *idle[GKM_POOL_MAX];
} ctx_pool;

struct gkm_pkey {
    EVP_PKEY *pk;
    ctx_pool pools[OP_COUNT];
    gkm_rsa_fast *rsa_fast; /* 2048/3072-bit two-prime RSA keys on IFMA CPUs (rsa_crt.c), else NULL */
    gkm_rsa_pub *rsa_pub;   /* 2048/3072-bit RSA keys with e = 65537 on IFMA CPUs (rsa_pub.c), else NULL */
};

static EVP_MD *sha256_md;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_init(void) {
    sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static const EVP_MD *sha256(void) {
    pthread_once(&md_once, md_init);
    return sha256_md;
}

GKM_EXPORT gkm_pkey *gkm_pkey_wrap(void *evp_pkey) {
    EVP_PKEY *pk = evp_pkey;
    if (pk == NULL) return NULL;
    gkm_pkey *k = calloc(1, sizeof *k);
    if (k == NULL) {
        EVP_PKEY_free(pk);
        return NULL;
    }
    for (int op = 0; op < OP_COUNT; op++) {
        if (pthread_mutex_init(&k->pools[op].mu, NULL) != 0) {
            for (int j = 0; j < op; j++) pthread_mutex_destroy(&k->pools[j].mu);
            free(k);
            EVP_PKEY_free(pk);
            return NULL;
        }
    }
    k->pk = pk;
    k->rsa_pub = gkm_rsa_pub_new(pk);               /* NULL: the key's encryptions take the EVP path */
    k->rsa_fast = gkm_rsa_fast_new(pk, k->rsa_pub); /* NULL: the key's decryptions take the EVP path */
    return k;
}

GKM_EXPORT void gkm_pkey_free(gkm_pkey *k) {
    if (k == NULL) return;
    for (int op = 0; op < OP_COUNT; op++) {
        for (int i = 0; i < k->pools[op].n; i++) EVP_PKEY_CTX_free(k->pools[op].idle[i]);
        pthread_mutex_destroy(&k->pools[op].mu);
    }
    gkm_rsa_fast_free(k->rsa_fast);
    gkm_rsa_pub_free(k->rsa_pub);
    EVP_PKEY_free(k->pk); /* OpenSSL cleanses private key material on free */
    free(k);
}

GKM_EXPORT int32_t gkm_pkey_size(const gkm_pkey *k) {
    return k == NULL ? GKM_ERR_BOUNDS : EVP_PKEY_get_size(k->pk);
}

/* A context initialised for op on k's key: an idle one, or a new one; NULL on failure. */
static EVP_PKEY_CTX *ctx_take(gkm_pkey *k, int op) {
    ctx_pool *p = &k->pools[op];
    EVP_PKEY_CTX *ctx = NULL;
    pthread_mutex_lock(&p->mu);
    if (p->n > 0) ctx = p->idle[--p->n];
    pthread_mutex_unlock(&p->mu);
    if (ctx != NULL) return ctx;

    ctx = EVP_PKEY_CTX_new(k->pk, NULL);
    if (ctx == NULL) return NULL;
    int ok;
    switch (op) {
    case OP_SIGN: ok = EVP_PKEY_sign_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, sha256()) == 1; break;
    case OP_VERIFY: ok = EVP_PKEY_verify_init(ctx) == 1 && EVP_PKEY_CTX_set_signature_md(ctx, sha256()) == 1; break;
    case OP_ENCRYPT:
    case OP_DECRYPT:
        ok = (op == OP_ENCRYPT ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_oaep_md(ctx, sha256()) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, sha256()) == 1;
        break;
    case OP_DERIVE: ok = EVP_PKEY_derive_init(ctx) == 1; break;
    default: ok = 0;
    }
    if (!ok) {
        EVP_PKEY_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Returns ctx to k's pool after a successful operation; frees it after a failed one or when full. */
static void ctx_give(gkm_pkey *k, int op, EVP_PKEY_CTX *ctx, int reusable) {
    if (ctx == NULL) return;
    ctx_pool *p = &k->pools[op];
    if (reusable) {
        pthread_mutex_lock(&p->mu);
        if (p->n < GKM_POOL_MAX) {
            p->idle[p->n++] = ctx;
            ctx = NULL;
        }
        pthread_mutex_unlock(&p->mu);
    }
    EVP_PKEY_CTX_free(ctx);
}

static int digest(const uint8_t *msg, int64_t msg_len, uint8_t out[32]) {
    const EVP_MD *md = sha256();
    unsigned int n = 0;
    return md != NULL && EVP_Digest(msg_len > 0 ? msg : (const uint8_t *)"", (size_t)msg_len, out, &n, md, NULL) == 1 &&
           n == 32;
}

GKM_EXPORT int32_t gkm_ecdsa_p256_sign(gkm_pkey *k, const uint8_t *msg, int64_t msg_len, uint8_t *sig,
                                       int32_t sig_len) {
    if (k == NULL || sig == NULL || sig_len != 64 || msg_len < 0 || (msg_len > 0 && msg == NULL)) return GKM_ERR_BOUNDS;
    uint8_t h[32], der[80];
    size_t der_len = sizeof der;
    int32_t rc = GKM_ERR_INTERNAL;
    ECDSA_SIG *s = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (!digest(msg, msg_len, h)) goto done;
    ctx = ctx_take(k, OP_SIGN);
    if (ctx == NULL || EVP_PKEY_sign(ctx, der, &der_len, h, sizeof h) != 1) goto done;
    const unsigned char *p = der;
    s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (s == NULL || BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 32, 32) != 32)
        goto done;
    rc = GKM_OK;
done:
    ctx_give(k, OP_SIGN, ctx, rc == GKM_OK);
    ECDSA_SIG_free(s);
    if (rc != GKM_OK) {
        OPENSSL_cleanse(sig, 64);
        ERR_clear_error();
    }
    return rc;
}

GKM_EXPORT int32_t gkm_ecdsa_p256_verify(gkm_pkey *k, const uint8_t *msg, int64_t msg_len, const uint8_t *sig,
                                         int32_t sig_len) {
    if (k == NULL || sig == NULL || sig_len != 64 || msg_len < 0 || (msg_len > 0 && msg == NULL)) return GKM_ERR_BOUNDS;
    uint8_t h[32], rs[64], der[80];
    memcpy(rs, sig, sizeof rs); /* read once */
    int32_t rc = GKM_ERR_INTERNAL;
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, 32, NULL), *sv = BN_bin2bn(rs + 32, 32, NULL);
    EVP_PKEY_CTX *ctx = NULL;
    int der_len;
    unsigned char *dp = der;
    if (s == NULL || r == NULL || sv == NULL || ECDSA_SIG_set0(s, r, sv) != 1) goto done;
    r = sv = NULL; /* owned by s */
    if (i2d_ECDSA_SIG(s, NULL) > (int)sizeof der || (der_len = i2d_ECDSA_SIG(s, &dp)) <= 0) goto done;
    if (!digest(msg, msg_len, h)) goto done;
    ctx = ctx_take(k, OP_VERIFY);
    if (ctx == NULL) goto done;
    int v = EVP_PKEY_verify(ctx, der, (size_t)der_len, h, sizeof h);
    rc = v == 1 ? 1 : 0; /* 0: invalid signature (or one OpenSSL cannot parse) */
done:
    ctx_give(k, OP_VERIFY, ctx, rc >= 0);
    BN_free(r);
    BN_free(sv);
    ECDSA_SIG_free(s);
    ERR_clear_error();
    return rc;
}

/* Sets the OAEP label (a copy; OpenSSL takes ownership) or clears it. */
static int set_label(EVP_PKEY_CTX *ctx, const uint8_t *label, int32_t label_len) {
    if (label_len == 0) return EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, NULL, 0) == 1;
    unsigned char *l = OPENSSL_memdup(label, (size_t)label_len);
    if (l == NULL) return 0;
    if (EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, label_len) != 1) {
        OPENSSL_free(l);
        return 0;
    }
    return 1;
}

GKM_EXPORT int32_t gkm_rsa_oaep_encrypt_path(int32_t path, gkm_pkey *k, const uint8_t *label, int32_t label_len,
                                             const uint8_t *in, int32_t in_len, uint8_t *out, int32_t out_cap) {
    if (!gkm_rsa_path_supported(path)) return GKM_ERR_UNSUPPORTED;
    if (k == NULL || out == NULL || in_len < 0 || label_len < 0 || (in_len > 0 && in == NULL) ||
        (label_len > 0 && label == NULL))
        return GKM_ERR_BOUNDS;
    const int size = EVP_PKEY_get_size(k->pk);
    if (size <= 66 || out_cap != size) return GKM_ERR_BOUNDS;
    if (in_len > size - 66) return GKM_ERR_INPUT_LEN;
    if (path == GKM_RSA_PATH_AUTO) path = gkm_rsa_path();
    int32_t rc = GKM_ERR_INTERNAL;
    if (path == GKM_RSA_PATH_IFMA && k->rsa_pub != NULL) {
        rc = gkm_rsa_pub_oaep_encrypt(k->rsa_pub, sha256(), label, label_len, in, in_len, out);
        if (rc < 0) ERR_clear_error();
        return rc;
    }
    size_t n = (size_t)out_cap;
    EVP_PKEY_CTX *ctx = ctx_take(k, OP_ENCRYPT);
    if (ctx == NULL || !set_label(ctx, label, label_len)) goto done;
    if (EVP_PKEY_encrypt(ctx, out, &n, in_len > 0 ? in : (const uint8_t *)"", (size_t)in_len) != 1 || n != (size_t)size)
        goto done;
    rc = (int32_t)n;
done:
    ctx_give(k, OP_ENCRYPT, ctx, rc > 0);
    if (rc < 0) ERR_clear_error();
    return rc;
}

GKM_EXPORT int32_t gkm_rsa_oaep_encrypt(gkm_pkey *k, const uint8_t *label, int32_t label_len, const uint8_t *in,
                                        int32_t in_len, uint8_t *out, int32_t out_cap) {
    return gkm_rsa_oaep_encrypt_path(GKM_RSA_PATH_AUTO, k, label, label_len, in, in_len, out, out_cap);
}

GKM_EXPORT int32_t gkm_pkey_rsa_encrypt_path(const gkm_pkey *k) {
    if (k == NULL) return GKM_ERR_BOUNDS;
    return k->rsa_pub != NULL && gkm_rsa_path() == GKM_RSA_PATH_IFMA ? GKM_RSA_PATH_IFMA : GKM_RSA_PATH_EVP;
}

GKM_EXPORT int32_t gkm_pkey_rsa_decrypt_path(const gkm_pkey *k) {
    if (k == NULL) return GKM_ERR_BOUNDS;
    return k->rsa_fast != NULL && gkm_rsa_path() == GKM_RSA_PATH_IFMA ? GKM_RSA_PATH_IFMA : GKM_RSA_PATH_EVP;
}

GKM_EXPORT int32_t gkm_rsa_oaep_decrypt_path(int32_t path, gkm_pkey *k, const uint8_t *label, int32_t label_len,
                                             const uint8_t *in, int32_t in_len, uint8_t *out, int32_t out_cap) {
    if (!gkm_rsa_path_supported(path)) return GKM_ERR_UNSUPPORTED;
    if (k == NULL || out == NULL || in == NULL || label_len < 0 || (label_len > 0 && label == NULL))
        return GKM_ERR_BOUNDS;
    const int size = EVP_PKEY_get_size(k->pk);
    if (size <= 66 || out_cap != size) return GKM_ERR_BOUNDS;
    if (in_len != size) return GKM_ERR_INTEGRITY; /* one answer for every decryption failure */
    if (path == GKM_RSA_PATH_AUTO) path = gkm_rsa_path();
    int32_t rc = GKM_ERR_INTERNAL;
    if (path == GKM_RSA_PATH_IFMA && k->rsa_fast != NULL) {
        rc = sha256() == NULL ? GKM_ERR_INTERNAL
                              : gkm_rsa_fast_oaep_decrypt(k->rsa_fast, sha256(), label, label_len, in, out, out_cap);
        if (rc < 0) {
            OPENSSL_cleanse(out, (size_t)out_cap);
            ERR_clear_error();
        }
        return rc;
    }
    size_t n = (size_t)out_cap;
    EVP_PKEY_CTX *ctx = ctx_take(k, OP_DECRYPT);
    if (ctx == NULL || !set_label(ctx, label, label_len)) goto done;
    if (EVP_PKEY_decrypt(ctx, out, &n, in, (size_t)in_len) != 1) {
        rc = GKM_ERR_INTEGRITY; /* padding, label or range: the context stays usable */
        goto done;
    }
    rc = n <= (size_t)out_cap ? (int32_t)n : GKM_ERR_INTERNAL;
done:
    ctx_give(k, OP_DECRYPT, ctx, rc >= 0 || rc == GKM_ERR_INTEGRITY);
    if (rc < 0) {
        OPENSSL_cleanse(out, (size_t)out_cap);
        ERR_clear_error();
    }
    return rc;
}

GKM_EXPORT int32_t gkm_rsa_oaep_decrypt(gkm_pkey *k, const uint8_t *label, int32_t label_len, const uint8_t *in,
                                        int32_t in_len, uint8_t *out, int32_t out_cap) {
    return gkm_rsa_oaep_decrypt_path(GKM_RSA_PATH_AUTO, k, label, label_len, in, in_len, out, out_cap);
}

GKM_EXPORT int32_t gkm_pkey_derive(gkm_pkey *k, gkm_pkey *peer, uint8_t *out, int32_t out_len) {
    if (k == NULL || peer == NULL || out == NULL || out_len != 32) return GKM_ERR_BOUNDS;
    int32_t rc = GKM_ERR_INTERNAL;
    size_t n = 32;
    EVP_PKEY_CTX *ctx = ctx_take(k, OP_DERIVE);
    if (ctx == NULL || EVP_PKEY_derive_set_peer_ex(ctx, peer->pk, 0) != 1) goto done;
    if (EVP_PKEY_derive(ctx, out, &n) != 1) {
        rc = 1; /* refused (X25519: an all-zero result from a small-order peer) */
        goto done;
    }
    rc = n == 32 ? GKM_OK : GKM_ERR_INTERNAL;
done:
    ctx_give(k, OP_DERIVE, ctx, rc == GKM_OK || rc == 1);
    if (rc != GKM_OK) {
        OPENSSL_cleanse(out, 32);
        ERR_clear_error();
    }
    return rc;
}
