/*
 * Portable key-wrap kernel: OpenSSL's AES_encrypt / AES_decrypt, one block at a time, one lane
 * after the other. The path for CPUs without AES-NI (and non-x86), and the reference the SIMD
 * kernels are tested against besides EVP. AES_* is deprecated in OpenSSL 3.0 but still exported;
 * it is exactly the "AES block function, nothing else" this kernel needs.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <string.h>

#include <openssl/aes.h>

#include "gkm_internal.h"
#include "kw_lanes.h"

#define SCALAR_LANES 8

_Static_assert(SCALAR_LANES * sizeof(AES_KEY) <= KW_SCHED_BYTES, "scalar schedules fit the buffer");

static void set_key(AES_KEY *k, const uint8_t *kek, int kek_len, int dec) {
    /* Lengths were validated (16/24/32), so these cannot fail. */
    if (dec) {
        AES_set_decrypt_key(kek, kek_len * 8, k);
    } else {
        AES_set_encrypt_key(kek, kek_len * 8, k);
    }
}

static void scalar_expand(void *sched, const uint8_t *const *keks, int lanes, int kek_len, int dec, int one_key) {
    AES_KEY *ks = sched;
    const int expand_lanes = one_key ? 1 : lanes; /* one KEK: scalar_run reads ks[0] only */
    for (int l = 0; l < expand_lanes; l++) set_key(&ks[l], keks[l], kek_len, dec);
}

/* XORs t (RFC 3394: t = n*j + i, big-endian, 64 bits) into the 8 bytes at a. */
static void xor_t(uint8_t *a, uint64_t t) {
    for (int k = 0; k < 8; k++) a[7 - k] ^= (uint8_t)(t >> (8 * k));
}

/* RFC 3394 sec. 2.2.1 / 2.2.2 over n semiblocks at r[0], r[stride], ...; a holds A. */
static void kw_rounds(const AES_KEY *k, uint8_t a[8], uint8_t *r, size_t stride, int32_t n, int dec) {
    uint8_t b[16];
    memcpy(b, a, 8);
    if (!dec) {
        for (int j = 0; j <= 5; j++) {
            for (int32_t i = 1; i <= n; i++) {
                uint8_t *ri = r + (size_t)(i - 1) * stride;
                memcpy(b + 8, ri, 8);
                AES_encrypt(b, b, k);
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
                AES_decrypt(b, b, k);
                memcpy(ri, b + 8, 8);
            }
        }
    }
    memcpy(a, b, 8);
    kw_cleanse(b, sizeof b);
}

static void scalar_run(const void *sched, uint8_t *work, int lanes, int n, int rounds, int dec, int one_key) {
    (void)rounds; /* implied by the AES_KEY */
    const AES_KEY *ks = sched;
    for (int l = 0; l < lanes; l++) {
        const AES_KEY *k = &ks[one_key ? 0 : l];
        uint8_t *slot0 = work + 16 * l;
        if (n == 1) { /* KWP single block: AES-ECB (RFC 5649 sec. 4.1) */
            if (dec) {
                AES_decrypt(slot0, slot0, k);
            } else {
                AES_encrypt(slot0, slot0, k);
            }
            continue;
        }
        kw_rounds(k, slot0, work + KW_ROW_STRIDE + 16 * l + 8, KW_ROW_STRIDE, n, dec);
    }
}

const kw_kernel gkm_kw_kernel_scalar = {
    .name = "scalar",
    .max_lanes = SCALAR_LANES,
    .quantum = 1,
    .sched_bytes_per_lane = sizeof(AES_KEY),
    .expand = scalar_expand,
    .run = scalar_run,
};

int gkm_kw_single_scalar(int dec, int32_t mode, const uint8_t *kek, int32_t kek_len, const uint8_t *in,
                         int32_t in_len, uint8_t *out, int32_t *out_len) {
    AES_KEY k;
    set_key(&k, kek, kek_len, dec);
    int ok = 1;
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
        if (n == 1) {
            AES_encrypt(out, out, &k);
        } else {
            kw_rounds(&k, out, out + 8, 8, n, 0);
        }
        *out_len = 8 * (n + 1);
    } else {
        const int32_t n = in_len / 8 - 1;
        uint8_t a[16];
        if (n == 1) {
            AES_decrypt(in, a, &k);
            memcpy(out, a + 8, 8);
        } else {
            memcpy(a, in, 8); /* read A before the move may overwrite it */
            memmove(out, in + 8, (size_t)in_len - 8);
            kw_rounds(&k, a, out, 8, n, 1);
        }
        const int32_t plen = kw_check(mode, kw_load64(a), kw_load64(out + 8 * (n - 1)), n);
        kw_cleanse(a, sizeof a);
        if (plen == 0) {
            memset(out, 0, (size_t)in_len - 8);
            ok = 0;
        }
        *out_len = plen;
    }
    kw_cleanse(&k, sizeof k);
    return ok;
}
