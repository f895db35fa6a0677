/*
 * HMAC-SHA256 and HKDF-SHA256-Expand in one downcall each.
 *
 * OpenSSL 3.0's one-shot HMAC() and EVP_PKEY HKDF fetch their algorithms and parse parameters on
 * every call, which for short inputs costs more than the hashing
 * (docs/performance-notes.md#hmac-and-hkdf). Here the MAC is fetched and bound to SHA-256 once; each call duplicates
 * that template context, keys it and runs, so the per-call cost is the hashing itself plus one allocation.
 *
 * Every byte of the caller's key, message and info is read once: OpenSSL's HMAC keys from the
 * caller's buffer twice (a copy it keeps, and the padded key), and HKDF-Expand feeds info into
 * every output block. So keys are copied (or hashed, see hmac_keyed) and a multi-block HKDF
 * output runs on a private copy of info: a concurrent writer cannot get a MAC or an output block
 * computed over bytes another part of the result did not see.
 *
 * The batch expand (one output block per 32-byte PRK, the rekey engine's sub-keys) writes HMAC out
 * over one reused SHA-256 digest context instead (RFC 2104: H((K ^ opad) || H((K ^ ipad) || m))):
 * an EVP_MAC context per key costs its allocations and parameter handling, several times the four
 * SHA-256 blocks of the HMAC itself (docs/performance-notes.md#hmac-and-hkdf).
 */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_native.h"

static EVP_MAC_CTX *hmac_template;
static EVP_MD *sha256;
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;

#define SHA256_BLOCK 64

static void hmac_init_template(void) {
    sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
    if (sha256 == NULL) return;
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return;
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    if (ctx == NULL) return;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_CTX_set_params(ctx, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return;
    }
    hmac_template = ctx;
}

/*
 * A keyed HMAC-SHA256 context, or NULL. The key is read once: up to a block (64 bytes) it is
 * copied, a longer one is hashed to K' = SHA-256(K), which is what HMAC keys with anyway
 * (RFC 2104 sec. 2), so the MAC is the same.
 */
static EVP_MAC_CTX *hmac_keyed(const uint8_t *key, int32_t key_len) {
    pthread_once(&hmac_once, hmac_init_template);
    if (hmac_template == NULL) return NULL;
    uint8_t k[SHA256_BLOCK]; /* never NULL: a NULL key would mean "keep the previous key" */
    size_t klen = (size_t)key_len;
    if (key_len > SHA256_BLOCK) {
        unsigned int n = 0;
        if (EVP_Digest(key, (size_t)key_len, k, &n, sha256, NULL) != 1 || n != 32) {
            OPENSSL_cleanse(k, sizeof k);
            return NULL;
        }
        klen = 32;
    } else if (key_len > 0) {
        memcpy(k, key, klen);
    }
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(hmac_template);
    if (ctx != NULL && EVP_MAC_init(ctx, k, klen, NULL) != 1) {
        EVP_MAC_CTX_free(ctx);
        ctx = NULL;
    }
    OPENSSL_cleanse(k, sizeof k);
    return ctx;
}

GKM_EXPORT int32_t gkm_hmac_sha256(const uint8_t *key, int32_t key_len, const uint8_t *msg, int32_t msg_len,
                                   uint8_t *out) {
    if (key_len < 0 || msg_len < 0 || out == NULL || (key_len > 0 && key == NULL) || (msg_len > 0 && msg == NULL))
        return GKM_ERR_BOUNDS;
    EVP_MAC_CTX *ctx = hmac_keyed(key, key_len);
    if (ctx == NULL) return GKM_ERR_INTERNAL;
    size_t n = 0;
    int ok = (msg_len == 0 || EVP_MAC_update(ctx, msg, (size_t)msg_len) == 1) && EVP_MAC_final(ctx, out, &n, 32) == 1 &&
             n == 32;
    EVP_MAC_CTX_free(ctx); /* cleanses the keyed state */
    if (!ok) {
        OPENSSL_cleanse(out, 32);
        return GKM_ERR_INTERNAL;
    }
    return 0;
}

GKM_EXPORT int32_t gkm_hkdf_sha256_expand(const uint8_t *prk, int32_t prk_len, const uint8_t *info, int32_t info_len,
                                          uint8_t *out, int32_t out_len) {
    if (prk == NULL || prk_len < 32 || info_len < 0 || (info_len > 0 && info == NULL) || out == NULL || out_len < 1 ||
        out_len > 255 * 32)
        return GKM_ERR_BOUNDS;
    /* One output block reads info once; more blocks read a private copy of it. */
    uint8_t info_stack[256];
    uint8_t *info_copy = NULL;
    if (out_len > 32 && info_len > 0) {
        info_copy = info_len <= (int32_t)sizeof info_stack ? info_stack : malloc((size_t)info_len);
        if (info_copy == NULL) return GKM_ERR_INTERNAL; /* nothing written */
        memcpy(info_copy, info, (size_t)info_len);
        info = info_copy;
    }
    EVP_MAC_CTX *keyed = hmac_keyed(prk, prk_len);
    if (keyed == NULL) {
        if (info_copy != NULL && info_copy != info_stack) free(info_copy);
        return GKM_ERR_INTERNAL;
    }
    /* RFC 5869 sec. 2.3: T(i) = HMAC(PRK, T(i-1) || info || i), OKM = first L bytes of T(1)||T(2)... */
    uint8_t t[32];
    size_t tlen = 0;
    int32_t done = 0, rc = 0;
    for (unsigned char i = 1; done < out_len; i++) {
        EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(keyed);
        size_t n = 0;
        int ok = ctx != NULL && (tlen == 0 || EVP_MAC_update(ctx, t, tlen) == 1) &&
                 (info_len == 0 || EVP_MAC_update(ctx, info, (size_t)info_len) == 1) &&
                 EVP_MAC_update(ctx, &i, 1) == 1 && EVP_MAC_final(ctx, t, &n, sizeof t) == 1 && n == 32;
        EVP_MAC_CTX_free(ctx);
        if (!ok) {
            rc = GKM_ERR_INTERNAL;
            break;
        }
        tlen = 32;
        int32_t take = out_len - done < 32 ? out_len - done : 32;
        memcpy(out + done, t, (size_t)take);
        done += take;
    }
    OPENSSL_cleanse(t, sizeof t);
    EVP_MAC_CTX_free(keyed);
    if (info_copy != NULL && info_copy != info_stack) free(info_copy);
    if (rc != 0) OPENSSL_cleanse(out, (size_t)out_len);
    return rc;
}

#define HKDF_BLOCK_OUT 32

/* One HMAC-SHA256 with a 32-byte key (key read once, from k) over msg, on the reused context ctx. */
static int hmac32_on(EVP_MD_CTX *ctx, const uint8_t k[HKDF_BLOCK_OUT], const uint8_t *msg, size_t msg_len,
                     uint8_t *out) {
    uint8_t pad[SHA256_BLOCK], inner[32];
    unsigned int n = 0, m = 0;
    for (int j = 0; j < HKDF_BLOCK_OUT; j++) pad[j] = (uint8_t)(k[j] ^ 0x36);
    memset(pad + HKDF_BLOCK_OUT, 0x36, SHA256_BLOCK - HKDF_BLOCK_OUT);
    int ok = EVP_DigestInit_ex2(ctx, sha256, NULL) == 1 && EVP_DigestUpdate(ctx, pad, SHA256_BLOCK) == 1 &&
             EVP_DigestUpdate(ctx, msg, msg_len) == 1 && EVP_DigestFinal_ex(ctx, inner, &n) == 1 && n == 32;
    if (ok) {
        for (int j = 0; j < HKDF_BLOCK_OUT; j++) pad[j] = (uint8_t)(k[j] ^ 0x5c);
        memset(pad + HKDF_BLOCK_OUT, 0x5c, SHA256_BLOCK - HKDF_BLOCK_OUT);
        ok = EVP_DigestInit_ex2(ctx, sha256, NULL) == 1 && EVP_DigestUpdate(ctx, pad, SHA256_BLOCK) == 1 &&
             EVP_DigestUpdate(ctx, inner, sizeof inner) == 1 && EVP_DigestFinal_ex(ctx, out, &m) == 1 && m == 32;
    }
    OPENSSL_cleanse(pad, sizeof pad);
    OPENSSL_cleanse(inner, sizeof inner);
    return ok;
}

GKM_EXPORT int32_t gkm_hkdf_sha256_expand32_batch(int32_t count, const uint8_t *prk, int64_t prk_buf_len,
                                                  const uint8_t *info, int32_t info_len, uint8_t *out,
                                                  int64_t out_buf_len) {
    if (count < 0 || count > GKM_HKDF_MAX_COUNT) return GKM_ERR_COUNT;
    if (info_len < 0 || info_len > GKM_HKDF_MAX_INFO || (info_len > 0 && info == NULL)) return GKM_ERR_BOUNDS;
    if (count == 0) return 0;
    const int64_t need = (int64_t)count * HKDF_BLOCK_OUT; /* <= 2^21: no overflow */
    if (prk == NULL || out == NULL || prk_buf_len < need || out_buf_len < need) return GKM_ERR_BOUNDS;
    /* PRK i is read (into k) before output i is written, so out == prk works; a partial overlap
     * would overwrite later PRKs before they are read. */
    const uintptr_t p0 = (uintptr_t)prk, q0 = (uintptr_t)out;
    if (p0 != q0 && p0 < q0 + (uintptr_t)need && q0 < p0 + (uintptr_t)need) return GKM_ERR_BOUNDS;
    pthread_once(&hmac_once, hmac_init_template);
    if (sha256 == NULL) return GKM_ERR_INTERNAL;

    /* info || 0x01, the HMAC message of T(1), copied once: every key sees the same info. */
    uint8_t msg[GKM_HKDF_MAX_INFO + 1];
    if (info_len > 0) memcpy(msg, info, (size_t)info_len);
    msg[info_len] = 0x01;
    uint8_t k[HKDF_BLOCK_OUT];
    int32_t rc = GKM_ERR_INTERNAL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) goto done;
    for (int32_t i = 0; i < count; i++) {
        memcpy(k, prk + (size_t)i * HKDF_BLOCK_OUT, HKDF_BLOCK_OUT);
        if (!hmac32_on(ctx, k, msg, (size_t)info_len + 1, out + (size_t)i * HKDF_BLOCK_OUT)) goto done;
    }
    rc = 0;
done:
    OPENSSL_cleanse(k, sizeof k);
    EVP_MD_CTX_free(ctx); /* NULL-safe; the provider's digest context is freed with a cleanse */
    if (rc != 0) {
        OPENSSL_cleanse(out, (size_t)need); /* no partial result (in place, that erases the PRKs too) */
        ERR_clear_error();
    }
    return rc;
}
