/*
 * HMAC-SHA256 and HKDF-SHA256 in one downcall each, on SHA-256 compression states.
 *
 * HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)) (RFC 2104), where K0 is the key zero-padded
 * to the 64-byte block (or SHA-256(K) padded, for keys longer than a block). The two states after
 * the ipad and opad blocks depend on the key only: a prepared key (gkm_hmac_sha256_key) keeps them,
 * so a MAC under it costs the message blocks plus two; a one-shot MAC computes them on the stack.
 * Either way a call allocates nothing and fetches nothing: OpenSSL 3.0's EVP_MAC and EVP_PKEY HKDF
 * fetch, parse parameters and allocate per call, which for short inputs costs more than the
 * hashing (docs/performance-notes.md#hmac-and-hkdf).
 *
 * The states are OpenSSL's low-level SHA256_CTX (SHA256_Init/Update/Final): deprecated in 3.0 in
 * favour of EVP_MD, but present, plain copyable structs, and the same block function (SHA-NI where
 * the CPU has it) without EVP's per-context allocation and dispatch. A prepared key is two such
 * structs; a call copies them to the stack, so a prepared key is read-only and may be used by many
 * threads at once.
 *
 * Every byte of the caller's key, message, salt, ikm and info is read once: the key is copied (or
 * hashed) into K0 once, SHA256_Update reads each message byte once, and a multi-block HKDF output
 * runs on a private copy of info (HKDF-Expand feeds info into every output block). So a concurrent
 * writer cannot get a MAC or an output block computed over bytes another part of the result did not
 * see. Outputs are written once, at the end (SHA256_Final straight into out, or a private block
 * copied out). Every key-dependent temporary (K0, pads, states, inner hashes, PRKs) is cleansed.
 */
/* The SHA256_* functions are deprecated in OpenSSL 3.0 (see above for why they are used). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_native.h"

#define SHA256_BLOCK 64
#define SHA256_LEN   32

struct gkm_hmac_sha256_key {
    SHA256_CTX inner; /* after (K0 ^ ipad) */
    SHA256_CTX outer; /* after (K0 ^ opad) */
};

/* The key's inner and outer states into *k; key read once. 1 on success. */
static int hmac_prepare(const uint8_t *key, size_t key_len, gkm_hmac_sha256_key *k) {
    uint8_t k0[SHA256_BLOCK], pad[SHA256_BLOCK];
    int ok = 1;
    memset(k0, 0, sizeof k0);
    if (key_len > SHA256_BLOCK) {
        SHA256_CTX c;
        ok = SHA256_Init(&c) == 1 && SHA256_Update(&c, key, key_len) == 1 && SHA256_Final(k0, &c) == 1;
        OPENSSL_cleanse(&c, sizeof c);
    } else if (key_len > 0) {
        memcpy(k0, key, key_len);
    }
    if (ok) {
        for (int i = 0; i < SHA256_BLOCK; i++) pad[i] = (uint8_t)(k0[i] ^ 0x36);
        ok = SHA256_Init(&k->inner) == 1 && SHA256_Update(&k->inner, pad, SHA256_BLOCK) == 1;
    }
    if (ok) {
        for (int i = 0; i < SHA256_BLOCK; i++) pad[i] = (uint8_t)(k0[i] ^ 0x5c);
        ok = SHA256_Init(&k->outer) == 1 && SHA256_Update(&k->outer, pad, SHA256_BLOCK) == 1;
    }
    OPENSSL_cleanse(k0, sizeof k0);
    OPENSSL_cleanse(pad, sizeof pad);
    if (!ok) OPENSSL_cleanse(k, sizeof *k);
    return ok;
}

/*
 * HMAC over the concatenation of up to three parts (NULL parts skipped) under the prepared key k,
 * into out[32] (written once, at the end). 1 on success (SHA256_* cannot fail on valid states).
 */
static int hmac_run(const gkm_hmac_sha256_key *k, const uint8_t *m1, size_t l1, const uint8_t *m2, size_t l2,
                    const uint8_t *m3, size_t l3, uint8_t *out) {
    SHA256_CTX c = k->inner;
    uint8_t inner[SHA256_LEN];
    int ok = (l1 == 0 || SHA256_Update(&c, m1, l1) == 1) && (l2 == 0 || SHA256_Update(&c, m2, l2) == 1) &&
             (l3 == 0 || SHA256_Update(&c, m3, l3) == 1) && SHA256_Final(inner, &c) == 1;
    if (ok) {
        c = k->outer;
        ok = SHA256_Update(&c, inner, sizeof inner) == 1 && SHA256_Final(out, &c) == 1;
    }
    OPENSSL_cleanse(&c, sizeof c);
    OPENSSL_cleanse(inner, sizeof inner);
    return ok;
}

GKM_EXPORT int32_t gkm_hmac_sha256(const uint8_t *key, int32_t key_len, const uint8_t *msg, int32_t msg_len,
                                   uint8_t *out) {
    if (key_len < 0 || msg_len < 0 || out == NULL || (key_len > 0 && key == NULL) || (msg_len > 0 && msg == NULL))
        return GKM_ERR_BOUNDS;
    gkm_hmac_sha256_key k;
    int ok = hmac_prepare(key, (size_t)key_len, &k) && hmac_run(&k, msg, (size_t)msg_len, NULL, 0, NULL, 0, out);
    OPENSSL_cleanse(&k, sizeof k);
    return ok ? 0 : GKM_ERR_INTERNAL;
}

GKM_EXPORT int32_t gkm_hmac_sha256_key_new(const uint8_t *key, int32_t key_len, gkm_hmac_sha256_key **out) {
    if (out == NULL || key_len < 0 || (key_len > 0 && key == NULL)) return GKM_ERR_BOUNDS;
    *out = NULL;
    gkm_hmac_sha256_key *k = OPENSSL_malloc(sizeof *k);
    if (k == NULL) return GKM_ERR_INTERNAL;
    if (!hmac_prepare(key, (size_t)key_len, k)) { /* k cleansed */
        OPENSSL_free(k);
        return GKM_ERR_INTERNAL;
    }
    *out = k;
    return 0;
}

GKM_EXPORT void gkm_hmac_sha256_key_free(gkm_hmac_sha256_key *key) {
    OPENSSL_clear_free(key, sizeof *key); /* NULL-safe */
}

GKM_EXPORT int32_t gkm_hmac_sha256_prepared(const gkm_hmac_sha256_key *key, const uint8_t *msg, int32_t msg_len,
                                            uint8_t *out) {
    if (key == NULL || msg_len < 0 || (msg_len > 0 && msg == NULL) || out == NULL) return GKM_ERR_BOUNDS;
    return hmac_run(key, msg, (size_t)msg_len, NULL, 0, NULL, 0, out) ? 0 : GKM_ERR_INTERNAL;
}

/*
 * RFC 5869 sec. 2.3 under the prepared PRK state: T(i) = HMAC(PRK, T(i-1) || info || i), OKM = the
 * first out_len bytes of T(1) || T(2) ... Each block goes through a private t, copied out once.
 * info is read once per block: the caller passes a private copy for a multi-block output.
 */
static int hkdf_expand_prepared(const gkm_hmac_sha256_key *prk, const uint8_t *info, size_t info_len, uint8_t *out,
                                int32_t out_len) {
    uint8_t t[SHA256_LEN];
    int ok = 1;
    size_t tlen = 0;
    int32_t done = 0;
    for (uint8_t i = 1; ok && done < out_len; i++) {
        ok = hmac_run(prk, t, tlen, info, info_len, &i, 1, t);
        if (ok) {
            const int32_t take = out_len - done < SHA256_LEN ? out_len - done : SHA256_LEN;
            memcpy(out + done, t, (size_t)take);
            done += take;
            tlen = SHA256_LEN;
        }
    }
    OPENSSL_cleanse(t, sizeof t);
    return ok;
}

/* info, or (for an output of more than one block) a private copy of it in stack or heap; NULL when
 * a needed heap copy cannot be made. The caller frees with info_done. */
static const uint8_t *info_once(const uint8_t *info, int32_t info_len, int32_t out_len, uint8_t *stack,
                                size_t stack_len, uint8_t **heap) {
    *heap = NULL;
    if (out_len <= SHA256_LEN || info_len == 0) return info;
    uint8_t *copy = (size_t)info_len <= stack_len ? stack : (*heap = malloc((size_t)info_len));
    if (copy != NULL) memcpy(copy, info, (size_t)info_len);
    return copy;
}

GKM_EXPORT int32_t gkm_hkdf_sha256_expand(const uint8_t *prk, int32_t prk_len, const uint8_t *info, int32_t info_len,
                                          uint8_t *out, int32_t out_len) {
    if (prk == NULL || prk_len < SHA256_LEN || info_len < 0 || (info_len > 0 && info == NULL) || out == NULL ||
        out_len < 1 || out_len > 255 * SHA256_LEN)
        return GKM_ERR_BOUNDS;
    uint8_t info_stack[256], *info_heap;
    const uint8_t *inf = info_once(info, info_len, out_len, info_stack, sizeof info_stack, &info_heap);
    if (inf == NULL && info_len > 0) return GKM_ERR_INTERNAL; /* nothing written */
    gkm_hmac_sha256_key k;
    int ok = hmac_prepare(prk, (size_t)prk_len, &k) && hkdf_expand_prepared(&k, inf, (size_t)info_len, out, out_len);
    OPENSSL_cleanse(&k, sizeof k);
    free(info_heap);
    if (!ok) {
        OPENSSL_cleanse(out, (size_t)out_len);
        return GKM_ERR_INTERNAL;
    }
    return 0;
}

GKM_EXPORT int32_t gkm_hkdf_sha256(const uint8_t *salt, int32_t salt_len, const uint8_t *ikm, int32_t ikm_len,
                                   const uint8_t *info, int32_t info_len, uint8_t *out, int32_t out_len) {
    if (salt_len < 0 || (salt_len > 0 && salt == NULL) || ikm_len < 0 || (ikm_len > 0 && ikm == NULL) || info_len < 0 ||
        (info_len > 0 && info == NULL) || out == NULL || out_len < 1 || out_len > 255 * SHA256_LEN)
        return GKM_ERR_BOUNDS;
    uint8_t info_stack[256], *info_heap;
    const uint8_t *inf = info_once(info, info_len, out_len, info_stack, sizeof info_stack, &info_heap);
    if (inf == NULL && info_len > 0) return GKM_ERR_INTERNAL; /* nothing written */
    /* Extract: PRK = HMAC(salt, IKM), an empty salt being HashLen zeros, which as an HMAC key pads
     * to the same block as the empty key. */
    gkm_hmac_sha256_key k;
    uint8_t prk[SHA256_LEN];
    int ok = hmac_prepare(salt, (size_t)salt_len, &k) && hmac_run(&k, ikm, (size_t)ikm_len, NULL, 0, NULL, 0, prk) &&
             hmac_prepare(prk, sizeof prk, &k) && hkdf_expand_prepared(&k, inf, (size_t)info_len, out, out_len);
    OPENSSL_cleanse(&k, sizeof k);
    OPENSSL_cleanse(prk, sizeof prk);
    free(info_heap);
    if (!ok) {
        OPENSSL_cleanse(out, (size_t)out_len);
        return GKM_ERR_INTERNAL;
    }
    return 0;
}

#define HKDF_BLOCK_OUT 32

GKM_EXPORT int32_t gkm_hkdf_sha256_expand32_batch(int32_t count, const uint8_t *prk, int64_t prk_buf_len,
                                                  const uint8_t *info, int32_t info_len, uint8_t *out,
                                                  int64_t out_buf_len) {
    if (count < 0 || count > GKM_HKDF_MAX_COUNT) return GKM_ERR_COUNT;
    if (info_len < 0 || info_len > GKM_HKDF_MAX_INFO || (info_len > 0 && info == NULL)) return GKM_ERR_BOUNDS;
    if (count == 0) return 0;
    const int64_t need = (int64_t)count * HKDF_BLOCK_OUT; /* <= 2^21: no overflow */
    if (prk == NULL || out == NULL || prk_buf_len < need || out_buf_len < need) return GKM_ERR_BOUNDS;
    /* PRK i is read (into its prepared state) before output i is written, so out == prk works; a
     * partial overlap would overwrite later PRKs before they are read. */
    const uintptr_t p0 = (uintptr_t)prk, q0 = (uintptr_t)out;
    if (p0 != q0 && p0 < q0 + (uintptr_t)need && q0 < p0 + (uintptr_t)need) return GKM_ERR_BOUNDS;

    /* info || 0x01, the HMAC message of T(1), copied once: every key sees the same info. */
    uint8_t msg[GKM_HKDF_MAX_INFO + 1];
    if (info_len > 0) memcpy(msg, info, (size_t)info_len);
    msg[info_len] = 0x01;
    gkm_hmac_sha256_key k;
    int ok = 1;
    for (int32_t i = 0; ok && i < count; i++) {
        ok = hmac_prepare(prk + (size_t)i * HKDF_BLOCK_OUT, HKDF_BLOCK_OUT, &k) &&
             hmac_run(&k, msg, (size_t)info_len + 1, NULL, 0, NULL, 0, out + (size_t)i * HKDF_BLOCK_OUT);
    }
    OPENSSL_cleanse(&k, sizeof k);
    if (!ok) {
        OPENSSL_cleanse(out, (size_t)need); /* no partial result (in place, that erases the PRKs too) */
        return GKM_ERR_INTERNAL;
    }
    return 0;
}
