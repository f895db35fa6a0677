/*
 * AES-GCM seal and open in one downcall each.
 *
 * From Java, EVP GCM is about nine downcalls per message (context, init, IV length, key, AAD, data,
 * final, tag, free); here it is one, and it calls the provider's GCM implementation through its
 * dispatch table (see gcm_impl) rather than through EVP, whose per-init parameter queries cost as
 * much as the GCM work itself on short messages. The implementation is fetched once; each one-shot
 * call makes its own provider context and frees it (cleansed) before returning, so no key material
 * outlives the call. (Keeping one context per thread and re-keying it saves that allocation, but
 * the context then holds the last key schedule between calls, and overwriting it after the call
 * costs a second key set-up, more than the allocation.) A key used for many messages is prepared
 * instead (gkm_gcm_key, at the end of this file): its contexts stay keyed, as long as the key lives.
 *
 * One-shot calls with a 12-byte nonce (every nonce gkm draws or derives) take the library's own
 * kernel instead where the CPU has AES-NI and PCLMULQDQ (gcm_aesni.c; GKM_GCM_PATH_AESNI): a raw
 * key brings its whole set-up with it, and the provider's per-call context (allocation, key
 * schedule, GHASH table, free) cost more than the GCM work on short messages; the kernel expands
 * the key and computes H and its powers on the stack, cleanses them, and gives the same bytes.
 * GKM_GCM_PATH / gkm_gcm_*_path force either path (tests, benchmarks).
 *
 * Other nonces of 1..128 bytes go through the provider (stitched AES-NI + PCLMULQDQ code). OpenSSL 3.0's
 * GCM refuses longer IVs (GCM_IV_MAX_SIZE), but GCM (NIST SP 800-38D) defines any IV length >= 1 bit,
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
 * The kernel needs no buffer: it loads each block once into a register that feeds both GHASH and
 * CTR, and hashes the ciphertext register it stores, not the output.
 */
#include <openssl/core_dispatch.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/modes.h>
#include <pthread.h>
#include <stdlib.h>
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

/*
 * The provider's AES-GCM implementation for one key size, called through its dispatch table (the
 * provider interface, stable across OpenSSL 3 releases). EVP costs about as much again as the GCM
 * work itself on short messages (it queries the key and IV lengths through parameter lookups on
 * every init); the provider functions do the work without that. The cipher fetched through EVP (the
 * default library context's choice, honouring its properties) names the provider; its reference
 * keeps the provider and so the dispatch table loaded.
 */
struct gcm_impl {
    EVP_CIPHER *cipher;
    void *provctx;
    OSSL_FUNC_cipher_newctx_fn *newctx;
    OSSL_FUNC_cipher_freectx_fn *freectx;
    OSSL_FUNC_cipher_encrypt_init_fn *einit;
    OSSL_FUNC_cipher_decrypt_init_fn *dinit;
    OSSL_FUNC_cipher_update_fn *update;
    OSSL_FUNC_cipher_final_fn *final;
    OSSL_FUNC_cipher_get_ctx_params_fn *get_ctx_params;
    OSSL_FUNC_cipher_set_ctx_params_fn *set_ctx_params;
};

static struct gcm_impl gcm_impls[3];
static int gcm_ready;
static pthread_once_t gcm_once = PTHREAD_ONCE_INIT;

/* Whether name is one of the ':'-separated names in names (case-insensitive, as OpenSSL's). */
static int names_contain(const char *names, const char *name) {
    const size_t n = strlen(name);
    for (const char *p = names; p != NULL && *p != '\0';) {
        const char *end = strchr(p, ':');
        const size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len == n && OPENSSL_strncasecmp(p, name, n) == 0) return 1;
        p = end != NULL ? end + 1 : NULL;
    }
    return 0;
}

static int gcm_impl_load(struct gcm_impl *impl, const char *name) {
    impl->cipher = EVP_CIPHER_fetch(NULL, name, NULL);
    if (impl->cipher == NULL) return 0;
    OSSL_PROVIDER *prov = (OSSL_PROVIDER *)EVP_CIPHER_get0_provider(impl->cipher);
    impl->provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
    int no_cache = 0;
    const OSSL_ALGORITHM *algs = OSSL_PROVIDER_query_operation(prov, OSSL_OP_CIPHER, &no_cache);
    const OSSL_DISPATCH *d = NULL;
    for (const OSSL_ALGORITHM *a = algs; a != NULL && a->algorithm_names != NULL; a++) {
        if (names_contain(a->algorithm_names, name)) {
            d = a->implementation;
            break;
        }
    }
    for (; d != NULL && d->function_id != 0; d++) {
        switch (d->function_id) {
        case OSSL_FUNC_CIPHER_NEWCTX: impl->newctx = OSSL_FUNC_cipher_newctx(d); break;
        case OSSL_FUNC_CIPHER_FREECTX: impl->freectx = OSSL_FUNC_cipher_freectx(d); break;
        case OSSL_FUNC_CIPHER_ENCRYPT_INIT: impl->einit = OSSL_FUNC_cipher_encrypt_init(d); break;
        case OSSL_FUNC_CIPHER_DECRYPT_INIT: impl->dinit = OSSL_FUNC_cipher_decrypt_init(d); break;
        case OSSL_FUNC_CIPHER_UPDATE: impl->update = OSSL_FUNC_cipher_update(d); break;
        case OSSL_FUNC_CIPHER_FINAL: impl->final = OSSL_FUNC_cipher_final(d); break;
        case OSSL_FUNC_CIPHER_GET_CTX_PARAMS: impl->get_ctx_params = OSSL_FUNC_cipher_get_ctx_params(d); break;
        case OSSL_FUNC_CIPHER_SET_CTX_PARAMS: impl->set_ctx_params = OSSL_FUNC_cipher_set_ctx_params(d); break;
        default: break;
        }
    }
    if (algs != NULL) OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_CIPHER, algs);
    return impl->newctx != NULL && impl->freectx != NULL && impl->einit != NULL && impl->dinit != NULL &&
           impl->update != NULL && impl->final != NULL && impl->get_ctx_params != NULL && impl->set_ctx_params != NULL;
}

static void gcm_fetch(void) {
    static const char *const names[3] = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"};
    int ok = 1;
    for (int i = 0; i < 3; i++) ok &= gcm_impl_load(&gcm_impls[i], names[i]);
    gcm_ready = ok;
    ERR_clear_error();
}

/*
 * One message on ctx, a provider context of impl: keyed here with key (a new context), or keyed
 * before when key is NULL (a prepared key's context: the provider keeps its key schedule and hash
 * key, and the init only sets the IV and resets the message state). 0 ok, 1 tag mismatch (out
 * zeroed), GKM_ERR_INTERNAL (out zeroed). Arguments already checked.
 */
static int32_t gcm_run(const struct gcm_impl *impl, void *ctx, int enc, const uint8_t *key, int32_t key_len,
                       const uint8_t *iv, int32_t iv_len, const uint8_t *aad, int32_t aad_len, const uint8_t *in,
                       int32_t in_len, uint8_t *out) {
    int32_t body = enc ? in_len : in_len - 16;
    int32_t rc = GKM_ERR_INTERNAL;
    size_t outl = 0;
    uint8_t buf[GCM_CHUNK]; /* ciphertext only (not secret) */
    if ((enc ? impl->einit : impl->dinit)(ctx, key, key != NULL ? (size_t)key_len : 0, iv, (size_t)iv_len, NULL) != 1 ||
        (aad_len > 0 && impl->update(ctx, NULL, &outl, (size_t)aad_len, aad, (size_t)aad_len) != 1))
        goto done;
    for (int32_t off = 0; off < body; off += GCM_CHUNK) {
        const size_t take = body - off < GCM_CHUNK ? (size_t)(body - off) : GCM_CHUNK;
        if (enc) { /* plaintext in place, ciphertext through buf: out is written once, never read */
            if (impl->update(ctx, buf, &outl, take, in + off, take) != 1 || outl != take) goto done;
            memcpy(out + off, buf, take);
        } else { /* ciphertext through buf: GHASH and CTR both read the one copy */
            memcpy(buf, in + off, take);
            if (impl->update(ctx, out + off, &outl, take, buf, take) != 1 || outl != take) goto done;
        }
    }
    if (enc) {
        OSSL_PARAM get_tag[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, out + body, 16),
                                OSSL_PARAM_construct_end()};
        if (impl->final(ctx, NULL, &outl, 0) != 1 || outl != 0 || impl->get_ctx_params(ctx, get_tag) != 1) goto done;
        rc = 0;
    } else {
        /* The provider copies the tag: it is read once. */
        OSSL_PARAM set_tag[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, (void *)(in + body), 16),
                                OSSL_PARAM_construct_end()};
        if (impl->set_ctx_params(ctx, set_tag) != 1) goto done;
        rc = impl->final(ctx, NULL, &outl, 0) == 1 ? 0 : 1; /* tag compared in constant time */
    }
done:
    if (rc != 0 && body + (enc ? 16 : 0) > 0) OPENSSL_cleanse(out, (size_t)body + (enc ? 16 : 0));
    if (rc != 0) ERR_clear_error();
    return rc;
}

/* Provider GCM (IVs of 1..128 bytes): 0 ok, 1 tag mismatch (out zeroed), GKM_ERR_INTERNAL.
 * Arguments already checked. */
static int32_t gcm_provider(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                            const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    pthread_once(&gcm_once, gcm_fetch);
    const struct gcm_impl *impl = &gcm_impls[(key_len - 16) / 8];
    /* A context per call, freed (the provider cleanses all of it: key schedule, hash key, tag mask,
     * counter, GHASH state) before returning, so no key material outlives the call. */
    void *ctx = gcm_ready ? impl->newctx(impl->provctx) : NULL;
    if (ctx == NULL) {
        const int32_t body = enc ? in_len : in_len - 16;
        if (body + (enc ? 16 : 0) > 0) OPENSSL_cleanse(out, (size_t)body + (enc ? 16 : 0));
        ERR_clear_error();
        return GKM_ERR_INTERNAL;
    }
    const int32_t rc = gcm_run(impl, ctx, enc, key, key_len, iv, iv_len, aad, aad_len, in, in_len, out);
    impl->freectx(ctx);
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
 * compare this path with the provider's on IVs both accept. */
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

/* ------------------------------------------------------------------ paths */

static pthread_once_t gcm_path_once = PTHREAD_ONCE_INIT;
static int gcm_supported[3];
/* The kernel's build this process runs: its legacy-SSE, VEX or VAES (AVX-512) compilation. */
enum gcm_build { GCM_BUILD_SSE, GCM_BUILD_AVX, GCM_BUILD_VAES };
static enum gcm_build gcm_build;
static int32_t gcm_auto_path = GKM_GCM_PATH_PROVIDER;

/* AUTO: GKM_GCM_PATH (provider|aesni) when set to a path this CPU supports, else the kernel where
 * the CPU can run it. Read once per process (tests use the _path calls to reach every path). */
static void gcm_init_paths(void) {
    gcm_supported[GKM_GCM_PATH_AUTO] = 1;
    gcm_supported[GKM_GCM_PATH_PROVIDER] = 1;
#if defined(__x86_64__)
    const uint32_t f = gkm_cpu_features_internal();
    const uint32_t need = GKM_CPU_AESNI | GKM_CPU_PCLMULQDQ | GKM_CPUX_SSSE3 | GKM_CPUX_SSE41;
    gcm_supported[GKM_GCM_PATH_AESNI] = (f & need) == need;
    /* The best build the CPU runs, or the one GKM_GCM_AESNI_BUILD (sse|avx|vaes) names if the CPU
     * runs it, so tests reach every build on one machine. */
    const uint32_t avx = need | GKM_CPUX_AVX;
    const uint32_t vaes =
        avx | GKM_CPU_VAES | GKM_CPU_VPCLMULQDQ | GKM_CPU_AVX512F | GKM_CPUX_AVX512BW | GKM_CPUX_AVX512VL;
    const int runs[3] = {1, (f & avx) == avx, (f & vaes) == vaes};
    gcm_build = runs[GCM_BUILD_VAES] ? GCM_BUILD_VAES : runs[GCM_BUILD_AVX] ? GCM_BUILD_AVX : GCM_BUILD_SSE;
    const char *build = getenv("GKM_GCM_AESNI_BUILD");
    if (build != NULL) {
        for (int b = GCM_BUILD_SSE; b <= GCM_BUILD_VAES; b++) {
            static const char *const names[3] = {"sse", "avx", "vaes"};
            if (OPENSSL_strcasecmp(build, names[b]) == 0 && runs[b]) gcm_build = (enum gcm_build)b;
        }
    }
#endif
    const int32_t best = gcm_supported[GKM_GCM_PATH_AESNI] ? GKM_GCM_PATH_AESNI : GKM_GCM_PATH_PROVIDER;
    const char *env = getenv("GKM_GCM_PATH");
    int32_t want = 0;
    if (env != NULL) {
        if (OPENSSL_strcasecmp(env, "provider") == 0) want = GKM_GCM_PATH_PROVIDER;
        else if (OPENSSL_strcasecmp(env, "aesni") == 0) want = GKM_GCM_PATH_AESNI;
    }
    gcm_auto_path = want != 0 && gcm_supported[want] ? want : best;
}

GKM_EXPORT int32_t gkm_gcm_path(void) {
    pthread_once(&gcm_path_once, gcm_init_paths);
    return gcm_auto_path;
}

GKM_EXPORT int32_t gkm_gcm_path_supported(int32_t path) {
    if (path < GKM_GCM_PATH_AUTO || path > GKM_GCM_PATH_AESNI) return 0;
    pthread_once(&gcm_path_once, gcm_init_paths);
    return gcm_supported[path];
}

#if defined(__x86_64__)
/*
 * Zeroes the stack just below the caller's frame, where the kernel's frame was: the compiler
 * spills keystream, GHASH state and round keys there (eight blocks in flight, the round keys and
 * the H powers do not fit in 16 xmm registers). The kernel's frame is under 2.2 KB in every build
 * (-fstack-usage: about 1.9 KB for SSE and VEX, 2.1 KB for VAES with its broadcast round keys).
 */
#define GCM_BURN 4096

static __attribute__((noinline)) void gcm_burn_stack(void) {
    uint8_t b[GCM_BURN];
    __builtin_memset(b, 0, sizeof b);
    __asm__ __volatile__("" : : "r"(b) : "memory");
}

#endif

static int32_t gcm_crypt(int32_t path, int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                         const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    if (!gkm_gcm_path_supported(path)) return GKM_ERR_UNSUPPORTED;
    if (ecb_for(key_len) == NULL) return GKM_ERR_KEY_LEN;
    if (key == NULL || iv == NULL || iv_len < 1 || aad_len < 0 || in_len < 0 || (aad_len > 0 && aad == NULL) ||
        (in_len > 0 && (in == NULL || out == NULL)))
        return GKM_ERR_BOUNDS;
    if (!enc && in_len < 16) return GKM_ERR_INPUT_LEN;
    if (enc && in_len > INT32_MAX - 16) return GKM_ERR_INPUT_LEN; /* ct || tag must fit an int32_t length */
    if (enc && out == NULL) return GKM_ERR_BOUNDS;
    if (path == GKM_GCM_PATH_AUTO) path = gkm_gcm_path();
#if defined(__x86_64__)
    if (path == GKM_GCM_PATH_AESNI && iv_len == 12) {
        const size_t len = (size_t)(enc ? in_len : in_len - 16);
        int (*const kernel)(int, const uint8_t *, int32_t, const uint8_t *, const uint8_t *, size_t, const uint8_t *,
                            size_t, uint8_t *) = gcm_build == GCM_BUILD_VAES  ? gkm_gcm_aesni_vaes
                                                 : gcm_build == GCM_BUILD_AVX ? gkm_gcm_aesni_avx
                                                                              : gkm_gcm_aesni;
        const int32_t rc = kernel(enc, key, key_len, iv, aad, (size_t)aad_len, in, len, out);
        gcm_burn_stack();
        return rc;
    }
#endif
    if (iv_len <= EVP_MAX_GCM_IV) return gcm_provider(enc, key, key_len, iv, iv_len, aad, aad_len, in, in_len, out);
    return gkm_gcm128_crypt(enc, key, key_len, iv, iv_len, aad, aad_len, in, in_len, out);
}

GKM_EXPORT int32_t gkm_gcm_seal(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                const uint8_t *aad, int32_t aad_len, const uint8_t *pt, int32_t pt_len, uint8_t *out) {
    return gcm_crypt(GKM_GCM_PATH_AUTO, 1, key, key_len, iv, iv_len, aad, aad_len, pt, pt_len, out);
}

GKM_EXPORT int32_t gkm_gcm_open(const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                                const uint8_t *aad, int32_t aad_len, const uint8_t *ct, int32_t ct_len, uint8_t *out) {
    return gcm_crypt(GKM_GCM_PATH_AUTO, 0, key, key_len, iv, iv_len, aad, aad_len, ct, ct_len, out);
}

GKM_EXPORT int32_t gkm_gcm_seal_path(int32_t path, const uint8_t *key, int32_t key_len, const uint8_t *iv,
                                     int32_t iv_len, const uint8_t *aad, int32_t aad_len, const uint8_t *pt,
                                     int32_t pt_len, uint8_t *out) {
    return gcm_crypt(path, 1, key, key_len, iv, iv_len, aad, aad_len, pt, pt_len, out);
}

GKM_EXPORT int32_t gkm_gcm_open_path(int32_t path, const uint8_t *key, int32_t key_len, const uint8_t *iv,
                                     int32_t iv_len, const uint8_t *aad, int32_t aad_len, const uint8_t *ct,
                                     int32_t ct_len, uint8_t *out) {
    return gcm_crypt(path, 0, key, key_len, iv, iv_len, aad, aad_len, ct, ct_len, out);
}

/*
 * Prepared keys: a copy of the key and a small pool of provider contexts keyed with it (einit once:
 * AES key schedule and the GHASH table of H). A call takes an idle context (or keys a new one from
 * the copy), re-initialises it with key NULL and the message's IV, which resets the message state
 * and keeps the key schedule and H, runs the message as the one-shot path does (gcm_run) and gives
 * the context back. A context that saw any failure, a tag mismatch included, is freed rather than
 * pooled, and so is one that finds the pool full: at most GCM_POOL_MAX idle contexts per key.
 * Only 12-byte IVs (the provider's fast path; every nonce crypto-api draws or derives for its own
 * messages): other lengths go through the one-shot entry points.
 */
#define GCM_POOL_MAX 8
#define GCM_KEY_IV   12

struct gkm_gcm_key {
    const struct gcm_impl *impl;
    pthread_mutex_t mu;
    int n;                    /* idle contexts in idle[0 .. n) */
    void *idle[GCM_POOL_MAX]; /* keyed contexts no call is using */
    int32_t key_len;          /* 16, 24 or 32 */
    uint8_t key[32];          /* to key a context when none is idle; cleansed on free */
};

/* A new context of k's implementation keyed with k's key, or NULL. */
static void *gcm_key_ctx_new(const gkm_gcm_key *k) {
    void *ctx = k->impl->newctx(k->impl->provctx);
    if (ctx == NULL) return NULL;
    /* Key only (IV NULL): each call sets its IV. */
    if (k->impl->einit(ctx, k->key, (size_t)k->key_len, NULL, 0, NULL) != 1) {
        k->impl->freectx(ctx);
        ERR_clear_error();
        return NULL;
    }
    return ctx;
}

static void *gcm_key_take(gkm_gcm_key *k) {
    void *ctx = NULL;
    pthread_mutex_lock(&k->mu);
    if (k->n > 0) ctx = k->idle[--k->n];
    pthread_mutex_unlock(&k->mu);
    return ctx != NULL ? ctx : gcm_key_ctx_new(k);
}

/* Pools ctx after a successful message; frees it (the provider cleanses it) otherwise or when full. */
static void gcm_key_give(gkm_gcm_key *k, void *ctx, int reusable) {
    if (ctx == NULL) return;
    if (reusable) {
        pthread_mutex_lock(&k->mu);
        if (k->n < GCM_POOL_MAX) {
            k->idle[k->n++] = ctx;
            ctx = NULL;
        }
        pthread_mutex_unlock(&k->mu);
    }
    if (ctx != NULL) k->impl->freectx(ctx);
}

GKM_EXPORT int32_t gkm_gcm_key_new(const uint8_t *key, int32_t key_len, gkm_gcm_key **out) {
    if (out == NULL) return GKM_ERR_BOUNDS;
    *out = NULL;
    if (ecb_for(key_len) == NULL) return GKM_ERR_KEY_LEN;
    if (key == NULL) return GKM_ERR_BOUNDS;
    pthread_once(&gcm_once, gcm_fetch);
    if (!gcm_ready) return GKM_ERR_INTERNAL;
    gkm_gcm_key *k = OPENSSL_zalloc(sizeof *k);
    if (k == NULL) return GKM_ERR_INTERNAL;
    if (pthread_mutex_init(&k->mu, NULL) != 0) {
        OPENSSL_free(k);
        return GKM_ERR_INTERNAL;
    }
    k->impl = &gcm_impls[(key_len - 16) / 8];
    k->key_len = key_len;
    memcpy(k->key, key, (size_t)key_len); /* the caller's key, read once */
    /* One context keyed now: the pool starts warm, and a key the provider refuses fails here. */
    void *ctx = gcm_key_ctx_new(k);
    if (ctx == NULL) {
        gkm_gcm_key_free(k);
        return GKM_ERR_INTERNAL;
    }
    k->idle[k->n++] = ctx;
    *out = k;
    return 0;
}

GKM_EXPORT void gkm_gcm_key_free(gkm_gcm_key *key) {
    if (key == NULL) return;
    for (int i = 0; i < key->n; i++) key->impl->freectx(key->idle[i]); /* cleansed by the provider */
    pthread_mutex_destroy(&key->mu);
    OPENSSL_clear_free(key, sizeof *key); /* the key copy with it */
}

static int32_t gcm_key_crypt(int enc, gkm_gcm_key *k, const uint8_t *iv, int32_t iv_len, const uint8_t *aad,
                             int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out) {
    if (k == NULL || iv == NULL || aad_len < 0 || in_len < 0 || (aad_len > 0 && aad == NULL) ||
        (in_len > 0 && in == NULL) || out == NULL)
        return GKM_ERR_BOUNDS;
    if (iv_len != GCM_KEY_IV || (!enc && in_len < 16)) return GKM_ERR_INPUT_LEN;
    if (enc && in_len > INT32_MAX - 16) return GKM_ERR_INPUT_LEN;
    void *ctx = gcm_key_take(k);
    if (ctx == NULL) {
        const int32_t n = enc ? in_len + 16 : in_len - 16;
        if (n > 0) OPENSSL_cleanse(out, (size_t)n);
        return GKM_ERR_INTERNAL;
    }
    const int32_t rc = gcm_run(k->impl, ctx, enc, NULL, 0, iv, iv_len, aad, aad_len, in, in_len, out);
    gcm_key_give(k, ctx, rc == 0);
    return rc;
}

GKM_EXPORT int32_t gkm_gcm_key_seal(gkm_gcm_key *key, const uint8_t *iv, int32_t iv_len, const uint8_t *aad,
                                    int32_t aad_len, const uint8_t *pt, int32_t pt_len, uint8_t *out) {
    return gcm_key_crypt(1, key, iv, iv_len, aad, aad_len, pt, pt_len, out);
}

GKM_EXPORT int32_t gkm_gcm_key_open(gkm_gcm_key *key, const uint8_t *iv, int32_t iv_len, const uint8_t *aad,
                                    int32_t aad_len, const uint8_t *ct, int32_t ct_len, uint8_t *out) {
    return gcm_key_crypt(0, key, iv, iv_len, aad, aad_len, ct, ct_len, out);
}
