/*
 * Portable key-wrap kernel: AES-ECB through OpenSSL EVP, one block per call, one lane after the
 * other. The path for CPUs without AES-NI (and non-x86), and the reference the SIMD kernels are
 * tested against besides EVP's own key wrap.
 *
 * Why EVP and not OpenSSL's AES_encrypt: AES_encrypt is table AES, whose table lookups are indexed
 * by key- and data-dependent bytes, a cache-timing channel for the KEKs. EVP runs the best AES
 * OpenSSL has for the CPU: AES-NI, VPAES (SSSE3 or NEON, constant time) or the ARMv8 AES
 * instructions; it falls back to table AES only on CPUs with none of those (x86 before SSSE3),
 * where no constant-time AES is at hand. Forcing this path on an AES-NI CPU (GKM_KW_PATH=scalar,
 * gkm.kw.path=scalar) therefore gives up speed, not constant time.
 *
 * EVP contexts are the per-call resources of kw_lanes.h: one per KEK size, allocated by open before
 * the call touches any job, re-keyed per lane (the key schedule stays inside OpenSSL), freed (and
 * cleansed by OpenSSL) by close.
 */
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "gkm_internal.h"
#include "kw_lanes.h"

#define SCALAR_LANES 8
#define KEK_MAX      32

_Static_assert(SCALAR_LANES *KEK_MAX <= KW_SCHED_BYTES, "scalar KEK copies fit the schedule buffer");

static EVP_CIPHER *g_ecb[3];
static pthread_once_t g_ecb_once = PTHREAD_ONCE_INIT;

static void fetch_ecb(void) {
    g_ecb[0] = EVP_CIPHER_fetch(NULL, "AES-128-ECB", NULL);
    g_ecb[1] = EVP_CIPHER_fetch(NULL, "AES-192-ECB", NULL);
    g_ecb[2] = EVP_CIPHER_fetch(NULL, "AES-256-ECB", NULL);
}

static void scalar_close(kw_res *res) {
    for (int k = 0; k < 3; k++) {
        EVP_CIPHER_CTX_free(res->ctx[k]); /* frees the provider context with a cleanse */
        res->ctx[k] = NULL;
    }
}

static int scalar_open(kw_res *res, int dec, unsigned kek_sizes) {
    pthread_once(&g_ecb_once, fetch_ecb);
    for (int k = 0; k < 3; k++) res->ctx[k] = NULL;
    for (int k = 0; k < 3; k++) {
        if ((kek_sizes & (1u << k)) == 0) continue;
        EVP_CIPHER_CTX *c = g_ecb[k] != NULL ? EVP_CIPHER_CTX_new() : NULL;
        res->ctx[k] = c;
        /* Cipher and direction now (this allocates the provider context); the key per lane. */
        if (c == NULL || EVP_CipherInit_ex(c, g_ecb[k], NULL, NULL, NULL, !dec) != 1 ||
            EVP_CIPHER_CTX_set_padding(c, 0) != 1) {
            scalar_close(res);
            return 0;
        }
    }
    return 1;
}

/* The context of kek_len keyed with kek, or NULL. */
static EVP_CIPHER_CTX *keyed(const kw_res *res, const uint8_t *kek, int kek_len, int dec) {
    EVP_CIPHER_CTX *c = res->ctx[(kek_len - 16) / 8];
    if (c == NULL || EVP_CipherInit_ex(c, NULL, NULL, kek, NULL, !dec) != 1) return NULL;
    return c;
}

/* One AES block, in place (EVP allows exactly aliased ECB input and output); 1 ok, 0 failed. */
static int block(EVP_CIPHER_CTX *c, uint8_t b[16]) {
    int outl = 0;
    return EVP_CipherUpdate(c, b, &outl, b, 16) == 1 && outl == 16;
}

/* Stores the lanes' KEKs (the driver's private copies) for scalar_run, which keys EVP per lane. */
static void scalar_expand(void *sched, const uint8_t *const *keks, int lanes, int kek_len, int dec, int one_key) {
    (void)dec;
    uint8_t(*k)[KEK_MAX] = sched;
    const int expand_lanes = one_key ? 1 : lanes; /* one KEK: scalar_run reads k[0] only */
    for (int l = 0; l < expand_lanes; l++) memcpy(k[l], keks[l], (size_t)kek_len);
}

/* XORs t (RFC 3394: t = n*j + i, big-endian, 64 bits) into the 8 bytes at a. */
static void xor_t(uint8_t *a, uint64_t t) {
    for (int k = 0; k < 8; k++) a[7 - k] ^= (uint8_t)(t >> (8 * k));
}

/* RFC 3394 sec. 2.2.1 / 2.2.2 over n semiblocks at r[0], r[stride], ...; a holds A. 1 ok, 0 failed. */
static int kw_rounds(EVP_CIPHER_CTX *c, uint8_t a[8], uint8_t *r, size_t stride, int32_t n, int dec) {
    uint8_t b[16];
    int ok = 1;
    memcpy(b, a, 8);
    if (!dec) {
        for (int j = 0; j <= 5; j++) {
            for (int32_t i = 1; i <= n; i++) {
                uint8_t *ri = r + (size_t)(i - 1) * stride;
                memcpy(b + 8, ri, 8);
                ok &= block(c, b);
                xor_t(b, (uint64_t)n * (uint64_t)j + (uint64_t)i);
                memcpy(ri, b + 8, 8);
            }
        }
    } else {
        for (int j = 5; j >= 0; j--) {
            for (int32_t i = n; i >= 1; i--) {
                uint8_t *ri = r + (size_t)(i - 1) * stride;
                xor_t(b, (uint64_t)n * (uint64_t)j + (uint64_t)i);
                memcpy(b + 8, ri, 8);
                ok &= block(c, b);
                memcpy(ri, b + 8, 8);
            }
        }
    }
    memcpy(a, b, 8);
    kw_cleanse(b, sizeof b);
    return ok;
}

static int scalar_run(const kw_res *res, const void *sched, uint8_t *work, int lanes, int n, int rounds, int dec,
                      int one_key) {
    const int kek_len = (rounds - 6) * 4;
    const uint8_t(*k)[KEK_MAX] = sched;
    EVP_CIPHER_CTX *c = NULL;
    int ok = 1;
    for (int l = 0; l < lanes; l++) {
        if (l == 0 || !one_key) {
            c = keyed(res, k[one_key ? 0 : l], kek_len, dec);
            if (c == NULL) return 0;
        }
        uint8_t *slot0 = work + 16 * l;
        if (n == 1) { /* KWP single block: AES-ECB (RFC 5649 sec. 4.1) */
            ok &= block(c, slot0);
            continue;
        }
        ok &= kw_rounds(c, slot0, work + KW_ROW_STRIDE + 16 * l + 8, KW_ROW_STRIDE, n, dec);
    }
    return ok;
}

const kw_kernel gkm_kw_kernel_scalar = {
    .name = "scalar",
    .max_lanes = SCALAR_LANES,
    .quantum = 1,
    .sched_bytes_per_lane = KEK_MAX,
    .open = scalar_open,
    .close = scalar_close,
    .expand = scalar_expand,
    .run = scalar_run,
};

int gkm_kw_single_scalar(const kw_res *res, int dec, int32_t mode, const uint8_t *kek, int32_t kek_len,
                         const uint8_t *in, int32_t in_len, uint8_t *out, int32_t *out_len) {
    /* Keyed before out is touched: a failure here leaves the output as it was. */
    EVP_CIPHER_CTX *c = keyed(res, kek, kek_len, dec);
    if (c == NULL) return -1;
    int ok = 1, lib_ok = 1;
    if (!dec) {
        const int32_t n = mode == GKM_KW_MODE_KW ? in_len / 8 : (in_len + 7) / 8;
        /* Work in place: A at out[0..8), R[i] at out[8i..8i+8); memmove allows out == in. */
        memmove(out + 8, in, (size_t)in_len);
        memset(out + 8 + in_len, 0, (size_t)(8 * n - in_len)); /* KWP zero padding */
        if (mode == GKM_KW_MODE_KW) {
            memcpy(out, KW_IV_BYTES, 8);
        } else {
            kw_store64(out, kw_aiv(in_len));
        }
        lib_ok = n == 1 ? block(c, out) : kw_rounds(c, out, out + 8, 8, n, 0);
        *out_len = 8 * (n + 1);
        if (!lib_ok) memset(out, 0, (size_t)(8 * (n + 1)));
    } else {
        const int32_t n = in_len / 8 - 1;
        uint8_t a[16];
        if (n == 1) {
            memcpy(a, in, 16);
            lib_ok = block(c, a);
            memcpy(out, a + 8, 8);
        } else {
            memcpy(a, in, 8); /* read A before the move may overwrite it */
            memmove(out, in + 8, (size_t)in_len - 8);
            lib_ok = kw_rounds(c, a, out, 8, n, 1);
        }
        const int32_t plen = kw_check(mode, kw_load64(a), kw_load64(out + 8 * (n - 1)), n);
        kw_cleanse(a, sizeof a);
        if (plen == 0 || !lib_ok) {
            memset(out, 0, (size_t)in_len - 8);
            ok = 0;
        }
        *out_len = lib_ok ? plen : 0;
    }
    return lib_ok ? ok : -1;
}
