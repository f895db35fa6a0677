/*
 * OpenSSL EVP key-wrap backend: one EVP_CIPHER_CTX per call, re-keyed only when the KEK changes
 * (consecutive jobs with the same KEK pointer and length reuse the key schedule).
 *
 * OpenSSL may write up to in_len + block size bytes during EVP_CipherUpdate, so every job goes
 * through a per-call scratch buffer and only the exact result is copied to the caller's region.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "gkm_internal.h"

#define SCRATCH_SLACK 32

/* [mode][kek size index 0..2] */
static const EVP_CIPHER *g_ciphers[2][3];
static pthread_once_t g_once = PTHREAD_ONCE_INIT;

static void init_ciphers(void) {
    static const char *const names[2][3] = {
        {"AES-128-WRAP", "AES-192-WRAP", "AES-256-WRAP"},
        {"AES-128-WRAP-PAD", "AES-192-WRAP-PAD", "AES-256-WRAP-PAD"},
    };
    const EVP_CIPHER *legacy[2][3] = {
        {EVP_aes_128_wrap(), EVP_aes_192_wrap(), EVP_aes_256_wrap()},
        {EVP_aes_128_wrap_pad(), EVP_aes_192_wrap_pad(), EVP_aes_256_wrap_pad()},
    };
    for (int m = 0; m < 2; m++) {
        for (int k = 0; k < 3; k++) {
            /* Explicit fetch avoids a provider lookup on every init; kept for the process life. */
            EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, names[m][k], NULL);
            g_ciphers[m][k] = c != NULL ? c : legacy[m][k];
        }
    }
    ERR_clear_error();
}

static const EVP_CIPHER *cipher_for(int32_t mode, int32_t kek_len) {
    return g_ciphers[mode][(kek_len - 16) / 8];
}

typedef struct key_state {
    const uint8_t *kek;       /* KEK pointer the context is keyed with (NULL: none) */
    int32_t kek_len;
    const EVP_CIPHER *cipher; /* cipher the context is initialised with (NULL: none) */
} key_state;

/* (Re)keys ctx for (kek, kek_len) unless it already is; returns 1 on success. */
static int ensure_key(EVP_CIPHER_CTX *ctx, key_state *ks, int32_t mode, const uint8_t *kek,
                      int32_t kek_len, int enc) {
    const EVP_CIPHER *c = cipher_for(mode, kek_len);
    int ok;
    if (ks->cipher == c && ks->kek == kek && ks->kek_len == kek_len) {
        /* Same key: reset the operation, keep the key schedule. */
        ok = EVP_CipherInit_ex(ctx, NULL, NULL, NULL, NULL, enc);
    } else if (ks->cipher == c) {
        ok = EVP_CipherInit_ex(ctx, NULL, NULL, kek, NULL, enc);
    } else {
        EVP_CIPHER_CTX_reset(ctx);
        EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
        ok = EVP_CipherInit_ex(ctx, c, NULL, kek, NULL, enc);
    }
    if (ok == 1) {
        ks->cipher = c;
        ks->kek = kek;
        ks->kek_len = kek_len;
        return 1;
    }
    EVP_CIPHER_CTX_reset(ctx);
    ks->cipher = NULL;
    ks->kek = NULL;
    ks->kek_len = 0;
    return 0;
}

static int32_t run_evp(const gkm_kw_jobs *j, int enc) {
    pthread_once(&g_once, init_ciphers);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    const size_t scratch_len = j->max_in_len + SCRATCH_SLACK;
    uint8_t *scratch = OPENSSL_malloc(scratch_len);
    if (ctx == NULL || scratch == NULL) {
        EVP_CIPHER_CTX_free(ctx);
        OPENSSL_free(scratch);
        ERR_clear_error();
        return GKM_ERR_INTERNAL;
    }
    key_state ks = {NULL, 0, NULL};
    int32_t failed = 0;
    int saw_error = 0;

    for (int32_t i = 0; i < j->count; i++) {
        const int32_t ilen = j->in_len[i];
        const uint8_t *kek = j->keks + j->kek_off[i];
        const uint8_t *src = j->in + j->in_off[i];
        uint8_t *dst = j->out + j->out_off[i];
        /* Region the caller reserved for this job (validated): wrap output or unwrap plaintext. */
        size_t region;
        if (enc) {
            region = j->mode == GKM_KW_MODE_KW ? (size_t)ilen + 8 : (((size_t)ilen + 7) & ~(size_t)7) + 8;
        } else {
            region = (size_t)ilen - 8;
        }

        int outl = 0;
        int ok = ensure_key(ctx, &ks, j->mode, kek, j->kek_len[i], enc) &&
                 EVP_CipherUpdate(ctx, scratch, &outl, src, ilen) == 1 &&
                 outl >= 0 && (size_t)outl <= region;
        if (ok && enc) {
            ok = (size_t)outl == region; /* wrap output length is fully determined */
        }
        if (ok) {
            memcpy(dst, scratch, (size_t)outl);
            j->out_len[i] = outl;
            j->status[i] = 0;
        } else {
            /* Same handling for every failure cause: nothing tells which check failed. */
            memset(dst, 0, region);
            j->out_len[i] = 0;
            j->status[i] = 1;
            failed++;
            saw_error = 1;
        }
        OPENSSL_cleanse(scratch, (size_t)ilen + SCRATCH_SLACK < scratch_len ? (size_t)ilen + SCRATCH_SLACK : scratch_len);
    }

    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_clear_free(scratch, scratch_len);
    if (saw_error) {
        ERR_clear_error(); /* leave no per-job diagnostics in the thread's error queue */
    }
    return failed;
}

static int32_t evp_wrap(const gkm_kw_jobs *j) { return run_evp(j, 1); }
static int32_t evp_unwrap(const gkm_kw_jobs *j) { return run_evp(j, 0); }

const gkm_kw_backend gkm_kw_backend_evp = {
    .name = "openssl-evp",
    .wrap = evp_wrap,
    .unwrap = evp_unwrap,
};
