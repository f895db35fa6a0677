/*
 * ctest: no key schedule is left on the stack after a key wrap call. After a batch wrap on every
 * path and a single wrap, a function called from the same frame reads the stack below it (where
 * the library's frames were) and looks for any 8-byte half of any AES round key of the KEKs used:
 * the kernels spill round keys and AES states from registers, and the driver must have zeroed them.
 * The same after a seal and an open on the AES-GCM kernel (gcm_aesni.c, the one-shot calls).
 * Reading stale stack is outside what C defines, so this runs only in plain builds (under
 * AddressSanitizer the frames live elsewhere and the test reports itself skipped).
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/aes.h>
#include <openssl/crypto.h>

#include "gkm_native.h"

#if defined(__SANITIZE_ADDRESS__)
#define GKM_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GKM_UNDER_ASAN 1
#endif
#endif

#ifdef GKM_UNDER_ASAN
int main(void) {
    printf("skipped: stale-stack scan does not apply under AddressSanitizer\n");
    return 77; /* ctest SKIP_RETURN_CODE */
}
#else
#include "test_check.h"

#define JOBS       64
#define KEK        32
#define KEY        32
/* Below the caller: the batch driver's frame (~40 KB: work buffers, job snapshot) and the kernels'. */
#define SCAN_BYTES (96 * 1024)

/* The round keys of every KEK as 8-byte halves in memory order (FIPS 197 sec. 5.2). */
static uint64_t g_halves[JOBS * 15 * 2];
static int g_nhalves;

static void add_round_keys(const uint8_t *kek) {
    AES_KEY k;
    AES_set_encrypt_key(kek, KEK * 8, &k);
    /* OpenSSL's C key schedule holds big-endian words; its assembly ones (x86-64) the bytes in
     * memory order. Round key 0 is the KEK's first 16 bytes, which tells them apart. */
    const int memory_order = memcmp(k.rd_key, kek, 16) == 0;
    for (int r = 0; r <= k.rounds; r++) {
        uint8_t b[16];
        memcpy(b, &k.rd_key[4 * r], 16);
        for (int w = 0; w < 4 && !memory_order; w++) {
            const uint32_t v = k.rd_key[4 * r + w];
            b[4 * w] = (uint8_t)(v >> 24);
            b[4 * w + 1] = (uint8_t)(v >> 16);
            b[4 * w + 2] = (uint8_t)(v >> 8);
            b[4 * w + 3] = (uint8_t)v;
        }
        if (r == 0 && memcmp(b, kek, 16) != 0) {
            fprintf(stderr, "cannot read OpenSSL's key schedule layout\n");
            exit(2);
        }
        memcpy(&g_halves[g_nhalves++], b, 8);
        memcpy(&g_halves[g_nhalves++], b + 8, 8);
        OPENSSL_cleanse(b, sizeof b);
    }
    OPENSSL_cleanse(&k, sizeof k); /* the test's own copy must not be what the scan finds */
}

/* Counts 8-byte-aligned words below this frame equal to a round-key half. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
static __attribute__((noinline)) int scan_stack(void) {
    volatile uint64_t below[SCAN_BYTES / 8]; /* not initialised on purpose: its contents are the old frames */
    int found = 0;
    for (size_t i = 0; i < SCAN_BYTES / 8; i++) {
        const uint64_t v = below[i];
        if (v == 0) continue;
        for (int h = 0; h < g_nhalves; h++) found += v == g_halves[h];
    }
    return found;
}
#pragma GCC diagnostic pop

/* Zeroes the stack below the caller (the test's own key expansion ran there). */
static __attribute__((noinline)) void scrub_stack(void) {
    volatile uint8_t below[SCAN_BYTES];
    for (size_t i = 0; i < sizeof below; i++) below[i] = 0;
}

static uint8_t g_keks[JOBS * KEK], g_keys[JOBS * KEY], g_out[JOBS * (KEY + 8)];
static int32_t g_kek_off[JOBS], g_kek_len[JOBS], g_in_off[JOBS], g_in_len[JOBS], g_out_off[JOBS], g_out_len[JOBS];
static uint8_t g_status[JOBS];

static __attribute__((noinline)) int32_t wrap_batch(int32_t path) {
    return gkm_kw_wrap_batch_path(path, GKM_KW_MODE_KW, JOBS, g_keks, sizeof g_keks, g_kek_off, g_kek_len, g_keys,
                                  sizeof g_keys, g_in_off, g_in_len, g_out, sizeof g_out, g_out_off, g_out_len,
                                  g_status);
}

static __attribute__((noinline)) int32_t wrap_single(void) {
    return gkm_kw_wrap(GKM_KW_MODE_KW, g_keks, KEK, g_keys, KEY, g_out, KEY + 8);
}

/* One-shot AES-256-GCM under the first KEK on the given path: 1000 bytes (62 full blocks and a
 * partial one) with 40 bytes of AAD, sealed then opened. */
static uint8_t g_gcm_pt[1000], g_gcm_ct[1016], g_gcm_back[1000], g_gcm_aad[40], g_gcm_iv[12];

static __attribute__((noinline)) int32_t gcm_seal(int32_t path) {
    return gkm_gcm_seal_path(path, g_keks, KEK, g_gcm_iv, 12, g_gcm_aad, 40, g_gcm_pt, 1000, g_gcm_ct);
}

static __attribute__((noinline)) int32_t gcm_open(int32_t path) {
    return gkm_gcm_open_path(path, g_keks, KEK, g_gcm_iv, 12, g_gcm_aad, 40, g_gcm_ct, 1016, g_gcm_back);
}

int main(void) {
    g_seed = 1;
    /* Bind the library's symbols first: the lazy binder saves the vector registers on the stack,
     * and they would hold this test's own round keys from the setup below. */
    (void)gkm_kw_wrap_batch_path(GKM_KW_PATH_AUTO, GKM_KW_MODE_KW, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0,
                                 NULL, NULL, NULL);
    (void)gkm_kw_wrap(-1, NULL, 0, NULL, 0, NULL, 0);
    (void)gkm_kw_path_supported(GKM_KW_PATH_AUTO);
    (void)gkm_gcm_seal_path(-1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL);
    (void)gkm_gcm_open_path(-1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL);
    uint64_t x = 0x243f6a8885a308d3ull;
    for (size_t i = 0; i < sizeof g_keks; i++) g_keks[i] = (uint8_t)((x = x * 6364136223846793005ull + 1) >> 56);
    for (size_t i = 0; i < sizeof g_keys; i++) g_keys[i] = (uint8_t)((x = x * 6364136223846793005ull + 1) >> 56);
    for (int i = 0; i < JOBS; i++) {
        g_kek_off[i] = KEK * i;
        g_kek_len[i] = KEK;
        g_in_off[i] = KEY * i;
        g_in_len[i] = KEY;
        g_out_off[i] = (KEY + 8) * i;
        add_round_keys(g_keks + KEK * i);
    }
    scrub_stack();
    CHECK(scan_stack() == 0, "round keys on the stack before any call (test setup)");
    for (int32_t p = GKM_KW_PATH_AUTO; p <= GKM_KW_PATH_VAES; p++) {
        if (!gkm_kw_path_supported(p)) continue;
        scrub_stack();
        CHECK(wrap_batch(p) == 0, "batch wrap on path %d", p);
        const int found = scan_stack();
        printf("path %d batch: %d round-key halves left on the stack\n", p, found);
        CHECK(found == 0, "path %d: %d round-key halves left on the stack after a batch", p, found);
    }
    scrub_stack();
    CHECK(wrap_single() == KEY + 8, "single wrap");
    const int found = scan_stack();
    printf("single: %d round-key halves left on the stack\n", found);
    CHECK(found == 0, "%d round-key halves left on the stack after a single wrap", found);
    /* The AES-GCM kernel (the one-shot calls' default path where the CPU has AES-NI + PCLMULQDQ). */
    if (gkm_gcm_path_supported(GKM_GCM_PATH_AESNI)) {
        for (int op = 0; op < 2; op++) {
            scrub_stack();
            CHECK((op == 0 ? gcm_seal(GKM_GCM_PATH_AESNI) : gcm_open(GKM_GCM_PATH_AESNI)) == 0, "gcm %s",
                  op == 0 ? "seal" : "open");
            const int left = scan_stack();
            printf("gcm kernel %s: %d round-key halves left on the stack\n", op == 0 ? "seal" : "open", left);
            CHECK(left == 0, "%d round-key halves left on the stack after a GCM kernel %s", left,
                  op == 0 ? "seal" : "open");
        }
    }
    return check_done("kw_stack");
}
#endif
