/*
 * AES-GCM seal and open in one downcall each.
 *
 * From Java, EVP GCM is about nine downcalls per message (context, init, IV length, key, AAD, data,
 * final, tag, free); here it is one. Cipher implementations are fetched once.
 *
 * Nonces of 1..128 bytes go through EVP (stitched AES-NI + PCLMULQDQ code). OpenSSL 3.0's EVP GCM
 * refuses longer IVs (GCM_IV_MAX_SIZE), but GCM (NIST SP 800-38D) defines any IV length >= 1 bit,
 * and Wycheproof has valid 257-byte IVs that the JCA handles. Those go through the low-level
 * CRYPTO_gcm128_* API, which takes any IV length; its block function is AES-ECB through an EVP
 * context, so the block cipher still runs on AES-NI (constant time), not on table AES.
 *
 * Each input byte is read from the caller's buffer exactly once, and each output byte is written
 * once and never read back: OpenSSL's GCM reads its input twice (GHASH over the ciphertext, then
 * CTR over it again, on open) and reads its output back (GHASH over the ciphertext it just wrote,
 * on seal). On the caller's buffers a concurrent writer could then get a ciphertext decrypted that
 * differs from the one authenticated, or a tag computed over bytes it wrote. So the data goes
 * through a private stack buffer, GCM_CHUNK bytes at a time (the memcpy is a few percent of GCM).
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/modes.h>
#include <pthread.h>
#include <string.h>

#include "gkm_internal.h"
#include "gkm_native.h"

static void ecb_block(const unsigned char in[16], unsigned char out[16], const void *key) {
    int outl = 0;
    /* Cannot fail for a 16-byte ECB block on an initialised context. */
    (void)EVP_EncryptUpdate((EVP_CIPHER_CTX *)key, out, &outl, in, 16);
}

#define EVP_MAX_GCM_IV 128

/* Bytes per pass through the private buffer: a multiple of 96 (the stitched AES-NI GCM code's
 * block of 6) and of 16. */
#define GCM_CHUNK 3072

static EVP_CIPHER *gcm_ciphers[3];
static pthread_once_t gcm_once = PTHREAD_ONCE_INIT;

static void gcm_fetch(void) {
    gcm_ciphers[0] = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    gcm_ciphers[1] = EVP_CIPHER_fetch(NULL, "AES-192-GCM", NULL);
    gcm_ciphers[2] = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
}

/* EVP GCM: 0 ok, 1 tag mismatch (out zeroed), GKM_ERR_INTERNAL. Arguments already checked. */
static int32_t gcm_evp(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                       const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    pthread_once(&gcm_once, gcm_fetch);
    const EVP_CIPHER *cipher = gcm_ciphers[(key_len - 16) / 8];
    if (cipher == NULL) return GKM_ERR_INTERNAL;
    int32_t body = enc ? in_len : in_len - 16;
    int32_t rc = GKM_ERR_INTERNAL;
    int outl = 0;
    uint8_t buf[GCM_CHUNK]; /* ciphertext only (not secret) */
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || EVP_CipherInit_ex(ctx, cipher, NULL, NULL, NULL, enc) != 1 ||
        (iv_len != 12 && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, iv_len, NULL) != 1) ||
        EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) != 1 ||
        (aad_len > 0 && EVP_CipherUpdate(ctx, NULL, &outl, aad, aad_len) != 1))
        goto done;
    for (int32_t off = 0; off < body; off += GCM_CHUNK) {
        const int take = body - off < GCM_CHUNK ? (int)(body - off) : GCM_CHUNK;
        if (enc) { /* plaintext in place, ciphertext through buf: out is written once, never read */
            if (EVP_CipherUpdate(ctx, buf, &outl, in + off, take) != 1 || outl != take) goto done;
            memcpy(out + off, buf, (size_t)take);
        } else { /* ciphertext through buf: GHASH and CTR both read the one copy */
            memcpy(buf, in + off, (size_t)take);
            if (EVP_CipherUpdate(ctx, out + off, &outl, buf, take) != 1 || outl != take) goto done;
        }
    }
    if (enc) {
        if (EVP_CipherFinal_ex(ctx, out + body, &outl) != 1 || outl != 0 ||
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + body) != 1)
            goto done;
        rc = 0;
    } else {
        /* SET_TAG copies the tag: it is read once */
        if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(in + body)) != 1) goto done;
        rc = EVP_CipherFinal_ex(ctx, out + body, &outl) == 1 ? 0 : 1; /* tag compared in constant time */
    }
done:
    if (rc != 0 && body + (enc ? 16 : 0) > 0) OPENSSL_cleanse(out, (size_t)body + (enc ? 16 : 0));
    EVP_CIPHER_CTX_free(ctx); /* cleanses the key schedule */
    return rc;
}

static const EVP_CIPHER *ecb_for(int32_t key_len) {
    switch (key_len) {
    case 16: return EVP_aes_128_ecb();
    case 24: return EVP_aes_192_ecb();
    case 32: return EVP_aes_256_ecb();
    default: return NULL;
    }
}

/* CRYPTO_gcm128 path for any IV length; arguments already checked. Also used by the tests to
 * compare this path with EVP on IVs both accept. */
int32_t gkm_gcm128_crypt(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                         const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    const EVP_CIPHER *cipher = ecb_for(key_len);
    if (cipher == NULL) return GKM_ERR_KEY_LEN;
    int32_t body = enc ? in_len : in_len - 16;
    int32_t rc = GKM_ERR_INTERNAL;
    EVP_CIPHER_CTX *ecb = EVP_CIPHER_CTX_new();
    GCM128_CONTEXT *gcm = NULL;
    unsigned char tag[16];
    uint8_t buf[GCM_CHUNK]; /* ciphertext only (not secret) */
    if (ecb == NULL || EVP_EncryptInit_ex(ecb, cipher, NULL, key, NULL) != 1 || EVP_CIPHER_CTX_set_padding(ecb, 0) != 1)
        goto done;
    gcm = CRYPTO_gcm128_new(ecb, ecb_block);
    if (gcm == NULL) goto done;
    CRYPTO_gcm128_setiv(gcm, iv, (size_t)iv_len);
    if (aad_len > 0 && CRYPTO_gcm128_aad(gcm, aad, (size_t)aad_len) != 0) goto done;
    for (int32_t off = 0; off < body; off += GCM_CHUNK) { /* through buf, as in gcm_evp */
        const size_t take = body - off < GCM_CHUNK ? (size_t)(body - off) : GCM_CHUNK;
        if (enc) {
            if (CRYPTO_gcm128_encrypt(gcm, in + off, buf, take) != 0) goto done;
            memcpy(out + off, buf, take);
        } else {
            memcpy(buf, in + off, take);
            if (CRYPTO_gcm128_decrypt(gcm, buf, out + off, take) != 0) goto done;
        }
    }
    if (enc) {
        CRYPTO_gcm128_tag(gcm, out + body, 16);
        rc = 0;
    } else {
        memcpy(tag, in + body, 16);
        /* CRYPTO_gcm128_finish compares tags with CRYPTO_memcmp (constant time). */
        if (CRYPTO_gcm128_finish(gcm, tag, 16) != 0) {
            if (body > 0) OPENSSL_cleanse(out, (size_t)body);
            rc = 1;
        } else {
            rc = 0;
        }
    }
done:
    if (rc < 0 && out != NULL && body > 0) OPENSSL_cleanse(out, (size_t)body + (enc ? 16 : 0));
    OPENSSL_cleanse(tag, sizeof tag);
    if (gcm != NULL) CRYPTO_gcm128_release(gcm); /* cleanses the context */
    EVP_CIPHER_CTX_free(ecb);                    /* cleanses the key schedule */
    return rc;
}

static int32_t gcm_crypt(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                         const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    if (ecb_for(key_len) == NULL) return GKM_ERR_KEY_LEN;
    if (key == NULL || iv == NULL || iv_len < 1 || aad_len < 0 || in_len < 0 || (aad_len > 0 && aad == NULL) ||
        (in_len > 0 && (in == NULL || out == NULL)))
        return GKM_ERR_BOUNDS;
    if (!enc && in_len < 16) return GKM_ERR_INPUT_LEN;
    if (enc && out == NULL) return GKM_ERR_BOUNDS;
    if (iv_len <= EVP_MAX_GCM_IV) return gcm_evp(enc, key, key_len, iv, iv_len, aad, aad_len, in, in_len, out);
    return gkm_gcm128_crypt(enc, key, key_len, iv, iv_len, aad, aad_len, in, in_len, out);
}

GKM_EXPORT int32_t gkm_gcm_seal(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                const uint8_t *aad, int32_t aad_len, const uint8_t *pt, int32_t pt_len, uint8_t *out) {
    return gcm_crypt(1, key, key_len, iv, iv_len, aad, aad_len, pt, pt_len, out);
}

GKM_EXPORT int32_t gkm_gcm_open(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                const uint8_t *aad, int32_t aad_len, const uint8_t *ct, int32_t ct_len, uint8_t *out) {
    return gcm_crypt(0, key, key_len, iv, iv_len, aad, aad_len, ct, ct_len, out);
}
