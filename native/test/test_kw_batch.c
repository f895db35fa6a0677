/* ctest: libgkm_native batch key wrap against RFC vectors and a per-job OpenSSL EVP reference. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "gkm_native.h"

static int g_failures = 0;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fprintf(stderr, "\n");                                          \
            g_failures++;                                                   \
        }                                                                   \
    } while (0)

/* ------------------------------------------------------------------ helpers */

static uint64_t g_rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void) { /* xorshift64*, deterministic structure; key bytes come from RAND_bytes */
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (uint32_t)((g_rng * 2685821657736338717ull) >> 32);
}
static uint32_t rnd_range(uint32_t lo, uint32_t hi) { return lo + rnd() % (hi - lo + 1); }

static size_t unhex(const char *h, uint8_t *out) {
    size_t n = strlen(h) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(h + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    return n;
}

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

static int32_t wrapped_len(int mode, int32_t in_len) {
    return mode == GKM_KW_MODE_KW ? in_len + 8 : ((in_len + 7) & ~7) + 8;
}

static const EVP_CIPHER *ref_cipher(int mode, int kek_len) {
    if (mode == GKM_KW_MODE_KW) {
        return kek_len == 16 ? EVP_aes_128_wrap() : kek_len == 24 ? EVP_aes_192_wrap() : EVP_aes_256_wrap();
    }
    return kek_len == 16 ? EVP_aes_128_wrap_pad() : kek_len == 24 ? EVP_aes_192_wrap_pad() : EVP_aes_256_wrap_pad();
}

/* Per-job reference with a fresh context; returns output length or -1. */
static int ref_kw(int mode, int enc, const uint8_t *kek, int kek_len, const uint8_t *in, int in_len, uint8_t *out) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int outl = -1;
    if (EVP_CipherInit_ex(ctx, ref_cipher(mode, kek_len), NULL, kek, NULL, enc) != 1 ||
        EVP_CipherUpdate(ctx, out, &outl, in, in_len) != 1) {
        outl = -1;
    }
    EVP_CIPHER_CTX_free(ctx);
    return outl;
}

/* A batch with its own buffers; jobs packed back to back (with optional gaps). */
typedef struct batch {
    int mode, count;
    uint8_t *keks, *in, *out;
    int64_t keks_len, in_len_total, out_len_total;
    int32_t *kek_off, *kek_len, *in_off, *in_len, *out_off, *out_len;
    uint8_t *status;
} batch;

static void batch_alloc(batch *b, int mode, int count) {
    memset(b, 0, sizeof *b);
    b->mode = mode;
    b->count = count;
    b->kek_off = xmalloc(sizeof(int32_t) * (size_t)count);
    b->kek_len = xmalloc(sizeof(int32_t) * (size_t)count);
    b->in_off = xmalloc(sizeof(int32_t) * (size_t)count);
    b->in_len = xmalloc(sizeof(int32_t) * (size_t)count);
    b->out_off = xmalloc(sizeof(int32_t) * (size_t)count);
    b->out_len = xmalloc(sizeof(int32_t) * (size_t)count);
    b->status = xmalloc((size_t)count);
}

static void batch_free(batch *b) {
    free(b->keks); free(b->in); free(b->out);
    free(b->kek_off); free(b->kek_len); free(b->in_off); free(b->in_len);
    free(b->out_off); free(b->out_len); free(b->status);
}

static int32_t do_wrap(batch *b) {
    return gkm_kw_wrap_batch(b->mode, b->count, b->keks, b->keks_len, b->kek_off, b->kek_len, b->in,
                             b->in_len_total, b->in_off, b->in_len, b->out, b->out_len_total, b->out_off,
                             b->out_len, b->status);
}

static int32_t do_unwrap(batch *b) {
    return gkm_kw_unwrap_batch(b->mode, b->count, b->keks, b->keks_len, b->kek_off, b->kek_len, b->in,
                               b->in_len_total, b->in_off, b->in_len, b->out, b->out_len_total, b->out_off,
                               b->out_len, b->status);
}

/* ------------------------------------------------------------------ RFC vectors */

typedef struct vec { int mode; const char *name, *kek, *key, *wrapped; } vec;
static const vec VECTORS[] = {
    {0, "RFC3394 4.1", "000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff",
     "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"},
    {0, "RFC3394 4.2", "000102030405060708090a0b0c0d0e0f1011121314151617", "00112233445566778899aabbccddeeff",
     "96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d"},
    {0, "RFC3394 4.3", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "00112233445566778899aabbccddeeff", "64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7"},
    {0, "RFC3394 4.4", "000102030405060708090a0b0c0d0e0f1011121314151617",
     "00112233445566778899aabbccddeeff0001020304050607",
     "031d33264e15d33268f24ec260743edce1c6c7ddee725a936ba814915c6762d2"},
    {0, "RFC3394 4.5", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "00112233445566778899aabbccddeeff0001020304050607",
     "a8f9bc1612c68b3ff6e6f4fbe30e71e4769c8b80a32cb8958cd5d17d6b254da1"},
    {0, "RFC3394 4.6", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
     "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f",
     "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21"},
    {1, "RFC5649 6 (20 octets)", "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8",
     "c37b7e6492584340bed12207808941155068f738",
     "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
    {1, "RFC5649 6 (7 octets)", "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", "466f7250617369",
     "afbeb0f07dfbf5419200f2ccb50bb24f"},
};
#define NVEC ((int)(sizeof VECTORS / sizeof VECTORS[0]))

/* Builds one batch from all vectors of `mode` (direction enc: input = key, else input = wrapped). */
static void vectors_batch(batch *b, int mode, int enc) {
    int n = 0;
    for (int v = 0; v < NVEC; v++) n += VECTORS[v].mode == mode;
    batch_alloc(b, mode, n);
    b->keks = xmalloc(64 * (size_t)n);
    b->in = xmalloc(64 * (size_t)n);
    b->out = xmalloc(64 * (size_t)n);
    int j = 0;
    int64_t ko = 0, io = 0, oo = 0;
    for (int v = 0; v < NVEC; v++) {
        if (VECTORS[v].mode != mode) continue;
        b->kek_off[j] = (int32_t)ko;
        b->kek_len[j] = (int32_t)unhex(VECTORS[v].kek, b->keks + ko);
        ko += b->kek_len[j];
        b->in_off[j] = (int32_t)io;
        b->in_len[j] = (int32_t)unhex(enc ? VECTORS[v].key : VECTORS[v].wrapped, b->in + io);
        io += b->in_len[j];
        b->out_off[j] = (int32_t)oo;
        oo += 64;
        j++;
    }
    b->keks_len = ko;
    b->in_len_total = io;
    b->out_len_total = oo;
}

static void test_vectors(void) {
    for (int mode = 0; mode <= 1; mode++) {
        for (int enc = 1; enc >= 0; enc--) {
            batch b;
            vectors_batch(&b, mode, enc);
            memset(b.status, 0x55, (size_t)b.count);
            int32_t rc = enc ? do_wrap(&b) : do_unwrap(&b);
            CHECK(rc == 0, "mode %d enc %d rc %d", mode, enc, rc);
            int j = 0;
            for (int v = 0; v < NVEC; v++) {
                if (VECTORS[v].mode != mode) continue;
                uint8_t expect[64];
                size_t el = unhex(enc ? VECTORS[v].wrapped : VECTORS[v].key, expect);
                CHECK(b.status[j] == 0, "%s status", VECTORS[v].name);
                CHECK(b.out_len[j] == (int32_t)el, "%s out_len %d want %zu", VECTORS[v].name, b.out_len[j], el);
                CHECK(memcmp(b.out + b.out_off[j], expect, el) == 0, "%s %s output mismatch", VECTORS[v].name,
                      enc ? "wrap" : "unwrap");
                j++;
            }
            batch_free(&b);
        }
    }
}

/* ------------------------------------------------------------------ random batches */

static int32_t random_in_len(int mode) {
    if (mode == GKM_KW_MODE_KW) {
        switch (rnd() % 4) {
        case 0: return 16;
        case 1: return 32;
        default: return 8 * (int32_t)rnd_range(2, 40);
        }
    }
    switch (rnd() % 4) {
    case 0: return (int32_t)rnd_range(1, 8);
    case 1: return 32;
    default: return (int32_t)rnd_range(1, 300);
    }
}

static void test_random_batch(int mode, int count) {
    static const int32_t kek_sizes[3] = {16, 24, 32};
    batch w;
    batch_alloc(&w, mode, count);
    /* Generous buffers; lay out jobs with random gaps. */
    int64_t ko = 0, io = 0, oo = 0;
    for (int i = 0; i < count; i++) {
        if (i > 0 && rnd() % 4 == 0) { /* reuse previous KEK (exercises the key-reuse path) */
            w.kek_off[i] = w.kek_off[i - 1];
            w.kek_len[i] = w.kek_len[i - 1];
        } else if (i > 1 && rnd() % 8 == 0) { /* same bytes, different KEK length at same offset */
            w.kek_off[i] = w.kek_off[i - 1];
            w.kek_len[i] = kek_sizes[rnd() % 3];
            if (w.kek_off[i] + w.kek_len[i] > ko) ko = w.kek_off[i] + w.kek_len[i];
        } else {
            ko += rnd() % 3;
            w.kek_off[i] = (int32_t)ko;
            w.kek_len[i] = kek_sizes[rnd() % 3];
            ko += w.kek_len[i];
        }
        io += rnd() % 5;
        w.in_off[i] = (int32_t)io;
        w.in_len[i] = random_in_len(mode);
        io += w.in_len[i];
        oo += rnd() % 5;
        w.out_off[i] = (int32_t)oo;
        oo += wrapped_len(mode, w.in_len[i]);
    }
    ko += 32; /* slack for "same offset, longer KEK" */
    w.keks_len = ko;
    w.in_len_total = io;
    w.out_len_total = oo;
    w.keks = xmalloc((size_t)ko);
    w.in = xmalloc((size_t)io);
    w.out = xmalloc((size_t)oo);
    RAND_bytes(w.keks, (int)ko);
    RAND_bytes(w.in, (int)io);
    memset(w.out, 0xAA, (size_t)oo);

    int32_t rc = do_wrap(&w);
    CHECK(rc == 0, "wrap mode %d count %d rc %d", mode, count, rc);
    uint8_t ref[400];
    for (int i = 0; i < count; i++) {
        int rl = ref_kw(mode, 1, w.keks + w.kek_off[i], w.kek_len[i], w.in + w.in_off[i], w.in_len[i], ref);
        CHECK(w.status[i] == 0, "wrap job %d status", i);
        CHECK(rl == wrapped_len(mode, w.in_len[i]) && w.out_len[i] == rl, "wrap job %d len %d ref %d", i,
              w.out_len[i], rl);
        CHECK(rl > 0 && memcmp(ref, w.out + w.out_off[i], (size_t)rl) == 0, "wrap job %d differs from EVP", i);
    }

    /* Round trip: unwrap the wrapped outputs. */
    batch u;
    batch_alloc(&u, mode, count);
    u.keks = w.keks; u.keks_len = w.keks_len;
    u.in = w.out; u.in_len_total = w.out_len_total;
    int64_t uo = 0;
    for (int i = 0; i < count; i++) {
        u.kek_off[i] = w.kek_off[i];
        u.kek_len[i] = w.kek_len[i];
        u.in_off[i] = w.out_off[i];
        u.in_len[i] = w.out_len[i];
        u.out_off[i] = (int32_t)uo;
        uo += u.in_len[i] - 8;
    }
    u.out_len_total = uo;
    u.out = xmalloc((size_t)uo);
    rc = do_unwrap(&u);
    CHECK(rc == 0, "unwrap mode %d count %d rc %d", mode, count, rc);
    for (int i = 0; i < count; i++) {
        CHECK(u.status[i] == 0 && u.out_len[i] == w.in_len[i] &&
              memcmp(u.out + u.out_off[i], w.in + w.in_off[i], (size_t)w.in_len[i]) == 0,
              "round trip job %d (mode %d)", i, mode);
    }

    /* Corrupt some jobs: flip one bit of the wrapped data; those (and only those) must fail. */
    uint8_t *corrupt = xmalloc((size_t)count);
    int ncorrupt = 0;
    for (int i = 0; i < count; i++) {
        corrupt[i] = (uint8_t)(rnd() % 5 == 0);
        if (corrupt[i]) {
            int32_t pos = (int32_t)(rnd() % (uint32_t)u.in_len[i]);
            w.out[u.in_off[i] + pos] ^= (uint8_t)(1u << (rnd() % 8));
            ncorrupt++;
        }
    }
    memset(u.out, 0xAA, (size_t)uo);
    rc = do_unwrap(&u);
    CHECK(rc == ncorrupt, "corrupted: rc %d want %d", rc, ncorrupt);
    for (int i = 0; i < count; i++) {
        const uint8_t *o = u.out + u.out_off[i];
        if (corrupt[i]) {
            int zero = 1;
            for (int32_t k = 0; k < u.in_len[i] - 8; k++) zero &= o[k] == 0;
            CHECK(u.status[i] == 1 && u.out_len[i] == 0 && zero, "corrupted job %d not rejected/zeroed", i);
        } else {
            CHECK(u.status[i] == 0 && u.out_len[i] == w.in_len[i] &&
                  memcmp(o, w.in + w.in_off[i], (size_t)w.in_len[i]) == 0, "intact job %d", i);
        }
    }
    /* The EVP reference agrees on which jobs fail. */
    for (int i = 0; i < count; i++) {
        int rl = ref_kw(mode, 0, u.keks + u.kek_off[i], u.kek_len[i], u.in + u.in_off[i], u.in_len[i], ref);
        CHECK((rl < 0) == (corrupt[i] != 0) || (rl >= 0 && corrupt[i] == 0), "ref disagrees on job %d", i);
    }
    free(corrupt);
    free(u.out);
    u.keks = NULL; u.in = NULL; u.out = NULL;
    batch_free(&u);
    batch_free(&w);
}

/* Wrong KEK must fail like a corrupted input. */
static void test_wrong_kek(void) {
    for (int mode = 0; mode <= 1; mode++) {
        batch b;
        vectors_batch(&b, mode, 0);
        b.keks[0] ^= 1;
        memset(b.out, 0xAA, (size_t)b.out_len_total);
        int32_t rc = do_unwrap(&b);
        CHECK(rc >= 1 && b.status[0] == 1 && b.out_len[0] == 0, "wrong KEK mode %d rc %d", mode, rc);
        for (int32_t k = 0; k < b.in_len[0] - 8; k++) CHECK(b.out[b.out_off[0] + k] == 0, "not zeroed at %d", k);
        CHECK(b.out[b.out_off[0] + b.in_len[0] - 8] == 0xAA, "wrote beyond the output region");
        batch_free(&b);
    }
}

/* ------------------------------------------------------------------ error codes */

typedef struct errcase {
    int unwrap;
    int mode;
    int32_t count;
    int32_t kek_len, kek_off, in_len, in_off, out_off;
    int64_t kek_buf, in_buf, out_buf;
    int null_arrays;
    int32_t want;
    const char *what;
} errcase;

static void test_errors(void) {
    static uint8_t keks[64], in[2 * (1 << 20) + 64], out[2 * (1 << 20) + 64];
    const int64_t BIG = (int64_t)sizeof in;
    const errcase cases[] = {
        {0, 2, 1, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_MODE, "mode 2"},
        {1, -1, 1, 16, 0, 24, 0, 0, 64, BIG, BIG, 0, GKM_ERR_MODE, "mode -1 unwrap"},
        {0, 0, -1, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_COUNT, "count -1"},
        {0, 0, (1 << 24) + 1, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_COUNT, "count too big"},
        {0, 0, 1, 20, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEK_LEN, "kek 20"},
        {1, 1, 1, 0, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEK_LEN, "kek 0"},
        {0, 0, 1, 64, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEK_LEN, "kek 64"},
        {0, 0, 1, 16, 0, 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW wrap 8"},
        {0, 0, 1, 16, 0, 20, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW wrap 20"},
        {0, 0, 1, 16, 0, 0, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW wrap 0"},
        {0, 1, 1, 16, 0, 0, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KWP wrap 0"},
        {0, 1, 1, 16, 0, -5, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KWP wrap negative"},
        {0, 1, 1, 16, 0, (1 << 20) + 1, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KWP wrap too long"},
        {1, 0, 1, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW unwrap 16"},
        {1, 0, 1, 16, 0, 25, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW unwrap 25"},
        {1, 1, 1, 16, 0, 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KWP unwrap 8"},
        {1, 1, 1, 16, 0, 17, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KWP unwrap 17"},
        {1, 0, 1, 16, 0, (1 << 20) + 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_IN_LEN, "KW unwrap too long"},
        {0, 0, 1, 16, -1, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_BOUNDS, "kek_off negative"},
        {0, 0, 1, 32, 40, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_BOUNDS, "kek beyond buffer"},
        {0, 0, 1, 16, 0, 16, 0, 0, 15, BIG, BIG, 0, GKM_ERR_BOUNDS, "kek buffer too short"},
        {0, 0, 1, 16, 0, 16, -8, 0, 64, BIG, BIG, 0, GKM_ERR_BOUNDS, "in_off negative"},
        {0, 0, 1, 16, 0, 16, 0, 0, 64, 15, BIG, 0, GKM_ERR_BOUNDS, "in beyond buffer"},
        {0, 0, 1, 16, 0, 16, 0x7ffffff0, 0, 64, BIG, BIG, 0, GKM_ERR_BOUNDS, "in_off huge"},
        {0, 0, 1, 16, 0, 16, 0, 0, 64, BIG, 23, 0, GKM_ERR_BOUNDS, "wrap out one byte short"},
        {0, 1, 1, 16, 0, 9, 0, 0, 64, BIG, 23, 0, GKM_ERR_BOUNDS, "KWP wrap out short (needs 24)"},
        {1, 0, 1, 16, 0, 24, 0, 0, 64, BIG, 15, 0, GKM_ERR_BOUNDS, "unwrap out one byte short"},
        {1, 0, 1, 16, 0, 24, 0, -1, 64, BIG, BIG, 0, GKM_ERR_BOUNDS, "out_off negative"},
        {0, 0, 1, 16, 0, 16, 0, 0, -1, BIG, BIG, 0, GKM_ERR_BOUNDS, "negative buffer length"},
        {0, 0, 1, 16, 0, 16, 0, 0, 64, BIG, BIG, 1, GKM_ERR_BOUNDS, "NULL arrays"},
        {0, 0, 0, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, 0, "count 0"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const errcase *e = &cases[c];
        int32_t kek_off[3], kek_len[3], in_off[3], in_len[3], out_off[3], out_len[3] = {12345, 12345, 12345};
        uint8_t status[3] = {0x77, 0x77, 0x77};
        /* Job 0 and 2 are valid; job 1 carries the error (so validation must precede all work). */
        for (int i = 0; i < 3; i++) {
            kek_off[i] = 0; kek_len[i] = 16;
            in_off[i] = 0; in_len[i] = e->unwrap ? 24 : 16;
            out_off[i] = 0;
        }
        kek_off[1] = e->kek_off; kek_len[1] = e->kek_len;
        in_off[1] = e->in_off; in_len[1] = e->in_len; out_off[1] = e->out_off;
        int32_t count = e->count == 1 ? 3 : e->count;
        memset(out, 0xAA, 64);
        int32_t rc;
        if (e->unwrap) {
            rc = gkm_kw_unwrap_batch(e->mode, count, e->null_arrays ? NULL : keks, e->kek_buf,
                                     e->null_arrays ? NULL : kek_off, kek_len, in, e->in_buf, in_off, in_len,
                                     out, e->out_buf, out_off, out_len, status);
        } else {
            rc = gkm_kw_wrap_batch(e->mode, count, e->null_arrays ? NULL : keks, e->kek_buf,
                                   e->null_arrays ? NULL : kek_off, kek_len, in, e->in_buf, in_off, in_len,
                                   out, e->out_buf, out_off, out_len, status);
        }
        CHECK(rc == e->want, "%s: rc %d want %d", e->what, rc, e->want);
        int untouched = out_len[0] == 12345 && out_len[2] == 12345 && status[0] == 0x77 && status[2] == 0x77;
        for (int k = 0; k < 64; k++) untouched &= out[k] == 0xAA;
        CHECK(untouched, "%s: outputs were touched", e->what);
    }
}

/* ------------------------------------------------------------------ misc */

static void test_version_and_cpu(void) {
    CHECK(strcmp(gkm_native_version(), GKM_NATIVE_VERSION) == 0, "version %s", gkm_native_version());
    CHECK(strcmp(GKM_NATIVE_VERSION, "0.1.0") == 0, "header version");
    uint32_t f = gkm_cpu_features();
    CHECK(f == gkm_cpu_features(), "cpu features unstable");
    CHECK((f & ~0x7fu) == 0, "unknown bits 0x%x", f);
    printf("cpu features: 0x%02x aesni=%d pclmulqdq=%d avx2=%d avx512f=%d vaes=%d vpclmulqdq=%d sha_ni=%d\n", f,
           !!(f & GKM_CPU_AESNI), !!(f & GKM_CPU_PCLMULQDQ), !!(f & GKM_CPU_AVX2), !!(f & GKM_CPU_AVX512F),
           !!(f & GKM_CPU_VAES), !!(f & GKM_CPU_VPCLMULQDQ), !!(f & GKM_CPU_SHANI));
    /* Cross-check the flags the kernel reports (they reflect CPUID and OS support). */
    FILE *fp = fopen("/proc/cpuinfo", "r");
    if (fp == NULL) return;
    static char line[1 << 16];
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "flags", 5) != 0) continue;
        char padded[sizeof line + 2];
        snprintf(padded, sizeof padded, " %s", strchr(line, ':') ? strchr(line, ':') + 1 : line);
        char *nl = strchr(padded, '\n');
        if (nl) *nl = ' ';
        static const struct { const char *flag; uint32_t bit; } m[] = {
            {" aes ", GKM_CPU_AESNI}, {" pclmulqdq ", GKM_CPU_PCLMULQDQ}, {" avx2 ", GKM_CPU_AVX2},
        };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            int has = strstr(padded, m[i].flag) != NULL;
            CHECK(has == !!(f & m[i].bit), "/proc/cpuinfo%sdisagrees with gkm_cpu_features", m[i].flag);
        }
        break;
    }
    fclose(fp);
}

/* Large job near the size limit, KWP and KW. */
static void test_large(void) {
    for (int mode = 0; mode <= 1; mode++) {
        const int32_t n = 1 << 20;
        batch b;
        batch_alloc(&b, mode, 1);
        b.keks = xmalloc(32); RAND_bytes(b.keks, 32);
        b.in = xmalloc((size_t)n); RAND_bytes(b.in, n);
        b.out = xmalloc((size_t)n + 8);
        b.keks_len = 32; b.in_len_total = n; b.out_len_total = n + 8;
        b.kek_off[0] = 0; b.kek_len[0] = 32; b.in_off[0] = 0; b.in_len[0] = n; b.out_off[0] = 0;
        CHECK(do_wrap(&b) == 0 && b.status[0] == 0 && b.out_len[0] == n + 8, "large wrap mode %d", mode);
        uint8_t *ref = xmalloc((size_t)n + 32);
        CHECK(ref_kw(mode, 1, b.keks, 32, b.in, n, ref) == n + 8 && memcmp(ref, b.out, (size_t)n + 8) == 0,
              "large wrap vs EVP mode %d", mode);
        free(ref);
        batch_free(&b);
    }
}

int main(void) {
    const char *seed = getenv("GKM_TEST_SEED");
    if (seed) g_rng = strtoull(seed, NULL, 0) | 1;
    printf("seed 0x%llx\n", (unsigned long long)g_rng);
    test_version_and_cpu();
    test_vectors();
    test_wrong_kek();
    test_errors();
    static const int sizes[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 64, 100, 128, 255, 256, 300};
    for (int mode = 0; mode <= 1; mode++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) test_random_batch(mode, sizes[s]);
        for (int r = 0; r < 10; r++) test_random_batch(mode, (int)rnd_range(1, 300));
    }
    test_large();
    if (g_failures) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("all kw_batch tests passed\n");
    return 0;
}
