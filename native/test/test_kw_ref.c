/* The key wrap tests' shared helpers: kernel paths and the OpenSSL EVP reference (see test_util.h). */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "gkm_native.h"

const char *test_kw_path_name(int32_t path) {
    switch (path) {
    case GKM_KW_PATH_AUTO: return "auto";
    case GKM_KW_PATH_SCALAR: return "scalar";
    case GKM_KW_PATH_AESNI: return "aesni";
    case GKM_KW_PATH_VAES: return "vaes";
    default: return "?";
    }
}

int test_kw_paths(int32_t paths[4]) {
    int n = 0;
    for (int32_t p = GKM_KW_PATH_SCALAR; p <= GKM_KW_PATH_VAES; p++) {
        if (gkm_kw_path_supported(p)) paths[n++] = p;
    }
    paths[n++] = GKM_KW_PATH_AUTO;
    return n;
}

/* The EVP wrap ciphers and one context, fetched once (an implicit fetch per init dominated the
 * key wrap test's run time). */
static EVP_CIPHER *g_ciphers[2][3];
static EVP_CIPHER_CTX *g_ctx;

static const EVP_CIPHER *ref_cipher(int mode, int kek_len) {
    static const char *const names[2][3] = {
        {"AES-128-WRAP", "AES-192-WRAP", "AES-256-WRAP"},
        {"AES-128-WRAP-PAD", "AES-192-WRAP-PAD", "AES-256-WRAP-PAD"},
    };
    const int k = (kek_len - 16) / 8;
    if (g_ciphers[mode][k] == NULL) g_ciphers[mode][k] = EVP_CIPHER_fetch(NULL, names[mode][k], NULL);
    if (g_ciphers[mode][k] == NULL) {
        fprintf(stderr, "cannot fetch %s\n", names[mode][k]);
        exit(2);
    }
    return g_ciphers[mode][k];
}

int test_ref_kw(int mode, int enc, const uint8_t *kek, int kek_len, const uint8_t *in, int in_len, uint8_t *out) {
    if (g_ctx == NULL && (g_ctx = EVP_CIPHER_CTX_new()) == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    EVP_CIPHER_CTX_reset(g_ctx);
    EVP_CIPHER_CTX_set_flags(g_ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int outl = -1;
    if (EVP_CipherInit_ex(g_ctx, ref_cipher(mode, kek_len), NULL, kek, NULL, enc) != 1 ||
        EVP_CipherUpdate(g_ctx, out, &outl, in, in_len) != 1) {
        outl = -1;
    }
    return outl;
}

void test_ref_kw_free(void) {
    EVP_CIPHER_CTX_free(g_ctx);
    g_ctx = NULL;
    for (int m = 0; m < 2; m++) {
        for (int k = 0; k < 3; k++) {
            EVP_CIPHER_free(g_ciphers[m][k]);
            g_ciphers[m][k] = NULL;
        }
    }
}
