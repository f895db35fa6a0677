/*
 * ctest: libgkm_native batch and single AES key wrap (RFC 3394 KW, RFC 5649 KWP) on every kernel
 * path this CPU supports (scalar, AES-NI, VAES) and AUTO:
 *  - RFC 3394 sec. 4.1-4.6 and RFC 5649 sec. 6 known answers, batch and single calls;
 *  - bit-exact against OpenSSL EVP (EVP_aes_*_wrap[_pad], WRAP_ALLOW) for one random ragged batch
 *    of every size 1..1000 (KEKs of 16/24/32 bytes, some jobs sharing a KEK, keys of 16..64 bytes
 *    in steps of 8 for KW and 1..64 for KWP), wrap, and unwrap of EVP's output with a random bit
 *    flipped in about 1 job in 5: the others unwrap to their key, exactly those fail, with out_len 0
 *    and their region zeroed;
 *  - the same for one-KEK batches (one KEK offset, equal KEK bytes at other offsets, runs of
 *    jobs under a few KEKs, one KEK over several buckets), which run the kernels' one-KEK variants;
 *  - bytes between and around the output regions are never written;
 *  - argument errors (negative codes, nothing touched), unknown/unsupported paths, long jobs;
 *  - concurrent calls from several threads on every path.
 * Deterministic: all data comes from a seeded PRNG (fixed default; GKM_TEST_SEED overrides; the seed is
 * printed with every failure).
 * GKM_TEST_SIZE_STEP (compile definition, default 1) runs sizes 1, 1+step, ... instead of all.
 * With the argument "env": checks that GKM_KW_PATH steers gkm_kw_path(), then a shorter run on every
 * path (own ctest entries, one per GKM_KW_PATH value and one with GKM_KW_AESNI_SSE).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "gkm_native.h"

#ifndef GKM_TEST_SIZE_STEP
#define GKM_TEST_SIZE_STEP 1
#endif

#include "test_check.h"
#include "test_util.h"

/* ------------------------------------------------------------------ helpers */

static uint64_t g_rng;
static uint32_t rnd(void) {
    return test_rnd(&g_rng);
}
static uint32_t rnd_range(uint32_t lo, uint32_t hi) {
    return lo + rnd() % (hi - lo + 1);
}
static void rnd_bytes(uint8_t *p, size_t n) {
    test_rnd_bytes(&g_rng, p, n);
}

static int32_t wrapped_len(int mode, int32_t in_len) {
    return mode == GKM_KW_MODE_KW ? in_len + 8 : ((in_len + 7) & ~7) + 8;
}

/* Paths under test: every supported forced path, then AUTO. */
static int32_t g_paths[4];
static int g_npaths;

/* ------------------------------------------------------------------ batches */

#define FILL 0xAA /* output bytes outside every job's region must keep this value */

/* A batch with its own buffers; jobs laid out with random gaps. */
typedef struct batch {
    int mode, count;
    uint8_t *keks, *in, *out;
    int64_t keks_len, in_total, out_total;
    int32_t *kek_off, *kek_len, *in_off, *in_len, *out_off, *out_len;
    uint8_t *status;
} batch;

static void batch_alloc(batch *b, int mode, int count) {
    memset(b, 0, sizeof *b);
    b->mode = mode;
    b->count = count;
    b->kek_off = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->kek_len = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->in_off = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->in_len = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->out_off = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->out_len = test_xmalloc(sizeof(int32_t) * (size_t)count);
    b->status = test_xmalloc((size_t)count);
}

static void batch_free(batch *b) {
    free(b->keks);
    free(b->in);
    free(b->out);
    free(b->kek_off);
    free(b->kek_len);
    free(b->in_off);
    free(b->in_len);
    free(b->out_off);
    free(b->out_len);
    free(b->status);
}

static int32_t do_batch(int32_t path, int unwrap, batch *b) {
    if (unwrap) {
        return gkm_kw_unwrap_batch_path(path, b->mode, b->count, b->keks, b->keks_len, b->kek_off, b->kek_len, b->in,
                                        b->in_total, b->in_off, b->in_len, b->out, b->out_total, b->out_off, b->out_len,
                                        b->status);
    }
    return gkm_kw_wrap_batch_path(path, b->mode, b->count, b->keks, b->keks_len, b->kek_off, b->kek_len, b->in,
                                  b->in_total, b->in_off, b->in_len, b->out, b->out_total, b->out_off, b->out_len,
                                  b->status);
}

/* Output region size of job i (wrap: the wrapped length; unwrap: in_len - 8). */
static int32_t region(const batch *b, int unwrap, int i) {
    return unwrap ? b->in_len[i] - 8 : wrapped_len(b->mode, b->in_len[i]);
}

/* 1 if no byte of b->out outside the jobs' regions changed from FILL. */
static int gaps_intact(const batch *b, int unwrap) {
    uint8_t *mark = calloc((size_t)b->out_total + 1, 1);
    for (int i = 0; i < b->count; i++) memset(mark + b->out_off[i], 1, (size_t)region(b, unwrap, i));
    int ok = 1;
    for (int64_t k = 0; k < b->out_total; k++) ok &= mark[k] || b->out[k] == FILL;
    free(mark);
    return ok;
}

/* Lays out count jobs with random gaps; in_len from len_of(mode); keks sometimes shared. */
static int32_t random_key_len(int mode, int wide) {
    if (wide && rnd() % 16 == 0) { /* beyond the lane limit: long-job path inside a ragged batch */
        return mode == GKM_KW_MODE_KW ? 8 * (int32_t)rnd_range(2, 60) : (int32_t)rnd_range(1, 480);
    }
    return mode == GKM_KW_MODE_KW ? 8 * (int32_t)rnd_range(2, 8) : (int32_t)rnd_range(1, 64);
}

static void random_layout(batch *w, int mode, int count, int wide) {
    static const int32_t kek_sizes[3] = {16, 24, 32};
    batch_alloc(w, mode, count);
    int64_t ko = 0, io = 0, oo = 0;
    for (int i = 0; i < count; i++) {
        const uint32_t r = rnd() % 16;
        if (i > 0 && r < 3) { /* same KEK as the previous job (same offset) */
            w->kek_off[i] = w->kek_off[i - 1];
            w->kek_len[i] = w->kek_len[i - 1];
        } else if (i > 0 && r == 3) { /* same offset, maybe another length */
            w->kek_off[i] = w->kek_off[i - 1];
            w->kek_len[i] = kek_sizes[rnd() % 3];
            if (w->kek_off[i] + w->kek_len[i] > ko) ko = w->kek_off[i] + w->kek_len[i];
        } else {
            ko += rnd() % 3;
            w->kek_off[i] = (int32_t)ko;
            w->kek_len[i] = kek_sizes[rnd() % 3];
            ko += w->kek_len[i];
        }
        io += rnd() % 3;
        w->in_off[i] = (int32_t)io;
        w->in_len[i] = random_key_len(mode, wide);
        io += w->in_len[i];
        oo += rnd() % 3;
        w->out_off[i] = (int32_t)oo;
        oo += wrapped_len(mode, w->in_len[i]);
    }
    w->keks_len = ko + 32;
    w->in_total = io;
    w->out_total = oo + rnd() % 3;
    w->keks = test_xmalloc((size_t)w->keks_len);
    w->in = test_xmalloc((size_t)w->in_total);
    w->out = test_xmalloc((size_t)w->out_total);
    rnd_bytes(w->keks, (size_t)w->keks_len);
    rnd_bytes(w->in, (size_t)w->in_total);
    /* A few KEKs equal in bytes but at another offset (the memcmp branch of KEK sharing). */
    for (int i = 1; i < count; i++) {
        if (rnd() % 16 == 0 && w->kek_off[i] != w->kek_off[i - 1] && w->kek_len[i] == w->kek_len[i - 1] &&
            (w->kek_off[i] >= w->kek_off[i - 1] + w->kek_len[i - 1] ||
             w->kek_off[i] + w->kek_len[i] <= w->kek_off[i - 1])) {
            memcpy(w->keks + w->kek_off[i], w->keks + w->kek_off[i - 1], (size_t)w->kek_len[i]);
        }
    }
}

/* Unwrap batch over w's wrapped outputs (wrapped = ref buffer laid out like w->out). */
static void unwrap_layout(batch *u, const batch *w, uint8_t *wrapped) {
    batch_alloc(u, w->mode, w->count);
    u->keks = w->keks;
    u->keks_len = w->keks_len;
    u->in = wrapped;
    u->in_total = w->out_total;
    int64_t uo = 0;
    for (int i = 0; i < w->count; i++) {
        u->kek_off[i] = w->kek_off[i];
        u->kek_len[i] = w->kek_len[i];
        u->in_off[i] = w->out_off[i];
        u->in_len[i] = wrapped_len(w->mode, w->in_len[i]);
        uo += rnd() % 3;
        u->out_off[i] = (int32_t)uo;
        uo += u->in_len[i] - 8;
    }
    u->out_total = uo + 1;
    u->out = test_xmalloc((size_t)u->out_total);
}

static long g_jobs_checked = 0;

/*
 * Checks a wrap layout w (keks and inputs filled): EVP reference once, then every path: wrap ==
 * EVP, unwrap == plaintext, corrupted jobs rejected exactly; single calls on some jobs. Frees w.
 */
static void check_layout(batch *wp) {
    batch w = *wp;
    const int mode = w.mode, count = w.count;

    /* Reference wrap, laid out like w.out. */
    uint8_t *ref = test_xmalloc((size_t)w.out_total);
    memset(ref, FILL, (size_t)w.out_total);
    for (int i = 0; i < count; i++) {
        int rl = test_ref_kw(mode, 1, w.keks + w.kek_off[i], w.kek_len[i], w.in + w.in_off[i], w.in_len[i],
                             ref + w.out_off[i]);
        CHECK(rl == wrapped_len(mode, w.in_len[i]), "EVP reference wrap job %d", i);
    }
    /* Corrupted copy: flip one random bit in about 1 job in 5. */
    uint8_t *bad = test_xmalloc((size_t)w.out_total);
    memcpy(bad, ref, (size_t)w.out_total);
    uint8_t *corrupt = test_xmalloc((size_t)count);
    int ncorrupt = 0;
    uint8_t scratch[1024];
    for (int i = 0; i < count; i++) {
        corrupt[i] = (uint8_t)(rnd() % 5 == 0);
        if (!corrupt[i]) continue;
        const int32_t wl = wrapped_len(mode, w.in_len[i]);
        const int32_t pos = (int32_t)(rnd() % (uint32_t)wl);
        bad[w.out_off[i] + pos] ^= (uint8_t)(1u << (rnd() % 8));
        ncorrupt++;
        /* EVP agrees that the corrupted job fails. */
        CHECK(test_ref_kw(mode, 0, w.keks + w.kek_off[i], w.kek_len[i], bad + w.out_off[i], wl, scratch) < 0,
              "EVP accepted corrupted job %d", i);
    }
    batch u;
    unwrap_layout(&u, &w, ref);

    for (int p = 0; p < g_npaths; p++) {
        const int32_t path = g_paths[p];
        /* wrap */
        memset(w.out, FILL, (size_t)w.out_total);
        memset(w.status, 0x77, (size_t)count);
        int32_t rc = do_batch(path, 0, &w);
        CHECK(rc == 0, "%s wrap mode %d count %d rc %d", test_kw_path_name(path), mode, count, rc);
        for (int i = 0; i < count; i++) {
            const int32_t wl = wrapped_len(mode, w.in_len[i]);
            CHECK(w.status[i] == 0 && w.out_len[i] == wl, "%s wrap job %d status %d len %d", test_kw_path_name(path), i,
                  w.status[i], w.out_len[i]);
            CHECK(memcmp(ref + w.out_off[i], w.out + w.out_off[i], (size_t)wl) == 0,
                  "%s wrap mode %d count %d job %d (kek %d, len %d) differs from EVP", test_kw_path_name(path), mode,
                  count, i, w.kek_len[i], w.in_len[i]);
        }
        CHECK(gaps_intact(&w, 0), "%s wrap wrote outside the output regions", test_kw_path_name(path));

        /* unwrap of the EVP output with some jobs corrupted: the intact ones give back the key,
         * exactly the corrupted ones fail, zeroed (one pass covers both). */
        u.in = bad;
        memset(u.out, FILL, (size_t)u.out_total);
        memset(u.status, 0x77, (size_t)count);
        rc = do_batch(path, 1, &u);
        CHECK(rc == ncorrupt, "%s corrupted: rc %d want %d", test_kw_path_name(path), rc, ncorrupt);
        for (int i = 0; i < count; i++) {
            const uint8_t *o = u.out + u.out_off[i];
            if (corrupt[i]) {
                int zero = 1;
                for (int32_t k = 0; k < u.in_len[i] - 8; k++) zero &= o[k] == 0;
                CHECK(u.status[i] == 1 && u.out_len[i] == 0 && zero, "%s corrupted job %d not rejected/zeroed",
                      test_kw_path_name(path), i);
            } else {
                CHECK(u.status[i] == 0 && u.out_len[i] == w.in_len[i] &&
                          memcmp(o, w.in + w.in_off[i], (size_t)w.in_len[i]) == 0,
                      "%s intact job %d beside corrupted ones", test_kw_path_name(path), i);
            }
        }
        CHECK(gaps_intact(&u, 1), "%s failed unwrap wrote outside the output regions", test_kw_path_name(path));
        g_jobs_checked += count;
    }

    /* Single calls on a few jobs (all of them for small batches), including a failing one. */
    for (int i = 0; i < count; i += count <= 16 ? 1 : (int)rnd_range(5, 40)) {
        const int32_t wl = wrapped_len(mode, w.in_len[i]);
        uint8_t out[600];
        memset(out, FILL, sizeof out);
        int32_t r = gkm_kw_wrap(mode, w.keks + w.kek_off[i], w.kek_len[i], w.in + w.in_off[i], w.in_len[i], out,
                                (int32_t)sizeof out);
        CHECK(r == wl && memcmp(out, ref + w.out_off[i], (size_t)wl) == 0 && out[wl] == FILL,
              "single wrap job %d rc %d", i, r);
        memset(out, FILL, sizeof out);
        const uint8_t *src = corrupt[i] ? bad : ref;
        r = gkm_kw_unwrap(mode, w.keks + w.kek_off[i], w.kek_len[i], src + w.out_off[i], wl, out, wl - 8);
        if (corrupt[i]) {
            int zero = 1;
            for (int32_t k = 0; k < wl - 8; k++) zero &= out[k] == 0;
            CHECK(r == GKM_ERR_INTEGRITY && zero && out[wl - 8] == FILL, "single unwrap corrupted job %d rc %d", i, r);
        } else {
            CHECK(r == w.in_len[i] && memcmp(out, w.in + w.in_off[i], (size_t)r) == 0 && out[wl - 8] == FILL,
                  "single unwrap job %d rc %d", i, r);
        }
    }

    free(corrupt);
    free(bad);
    u.keks = NULL;
    u.in = NULL;
    batch_free(&u);
    free(ref);
    batch_free(&w);
}

/* One random batch of `count` jobs (see check_layout). wide: allow key lengths beyond the lane kernels. */
static void test_random_batch(int mode, int count, int wide) {
    batch w;
    random_layout(&w, mode, count, wide);
    check_layout(&w);
}

/*
 * One-KEK layouts, where the kernels run their one-KEK variants (every lane under one schedule,
 * expanded once and reused by the following chunks): `count` jobs of one key length and KEK size,
 *   pattern 0: every job at the same KEK offset;
 *   pattern 1: one KEK's bytes copied to a different offset per job (equal bytes, other pointers);
 *   pattern 2: runs of 1..80 jobs under one of three KEKs (two of them equal in bytes), so chunks
 *              are one-KEK, mixed, or one-KEK again after a mixed one, under the same KEK or not;
 *   pattern 3: as 0, but key lengths vary (several buckets, one KEK size: the schedule is reused
 *              across buckets).
 * in_len 0: random per pattern 3 job. Random gaps between regions, as in random_layout.
 */
static void one_kek_layout(batch *w, int mode, int count, int32_t kek_len, int32_t key_len, int pattern) {
    batch_alloc(w, mode, count);
    const int nkeks = pattern == 1 ? count : 3;
    w->keks_len = (int64_t)nkeks * kek_len + 8;
    w->keks = test_xmalloc((size_t)w->keks_len);
    rnd_bytes(w->keks, (size_t)w->keks_len);
    if (pattern == 1) {
        for (int k = 1; k < count; k++) memcpy(w->keks + (size_t)k * (size_t)kek_len, w->keks, (size_t)kek_len);
    } else {
        memcpy(w->keks + 2 * kek_len, w->keks, (size_t)kek_len); /* KEK 2 == KEK 0 in bytes */
    }
    int64_t io = 0, oo = 0;
    int cur = 0, left = 0;
    for (int i = 0; i < count; i++) {
        switch (pattern) {
        case 1: w->kek_off[i] = i * kek_len; break;
        case 2:
            if (left == 0) {
                cur = (int)(rnd() % 3);
                left = (int)rnd_range(1, 80);
            }
            left--;
            w->kek_off[i] = cur * kek_len;
            break;
        default: w->kek_off[i] = 0; break;
        }
        w->kek_len[i] = kek_len;
        io += rnd() % 3;
        w->in_off[i] = (int32_t)io;
        w->in_len[i] = pattern == 3 ? random_key_len(mode, 0) : key_len;
        io += w->in_len[i];
        oo += rnd() % 3;
        w->out_off[i] = (int32_t)oo;
        oo += wrapped_len(mode, w->in_len[i]);
    }
    w->in_total = io;
    w->out_total = oo + rnd() % 3;
    w->in = test_xmalloc((size_t)w->in_total);
    w->out = test_xmalloc((size_t)w->out_total);
    rnd_bytes(w->in, (size_t)w->in_total);
}

static void test_one_kek(void) {
    static const int32_t kek_sizes[3] = {16, 24, 32};
    /* Sizes around the chunk and lane-group boundaries (4 lanes per zmm, 8 AES-NI lanes, 32 VAES
     * lanes), and a long batch of many full chunks. */
    static const int counts[] = {2, 3, 4, 5, 7, 8, 9, 12, 31, 32, 33, 36, 63, 64, 65, 100, 1000};
    for (int mode = 0; mode <= 1; mode++) {
        for (int k = 0; k < 3; k++) {
            /* KW: 16..64-byte keys (n = 2..8); KWP also 1..8 bytes (n = 1, one AES block). */
            static const int32_t kw_lens[] = {16, 24, 32, 40, 64};
            static const int32_t kwp_lens[] = {1, 5, 8, 9, 20, 32, 61};
            const int32_t *lens = mode == 0 ? kw_lens : kwp_lens;
            const int nlens = mode == 0 ? 5 : 7;
            for (int c = 0; c < (int)(sizeof counts / sizeof counts[0]); c += GKM_TEST_SIZE_STEP) {
                for (int pattern = 0; pattern < 4; pattern++) {
                    batch w;
                    one_kek_layout(&w, mode, counts[c], kek_sizes[k], lens[rnd() % (uint32_t)nlens], pattern);
                    check_layout(&w);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------ RFC vectors */

typedef struct vec {
    int mode;
    const char *name, *kek, *key, *wrapped;
} vec;
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
     "c37b7e6492584340bed12207808941155068f738", "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"},
    {1, "RFC5649 6 (7 octets)", "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8", "466f7250617369",
     "afbeb0f07dfbf5419200f2ccb50bb24f"},
};
#define NVEC ((int)(sizeof VECTORS / sizeof VECTORS[0]))

/* Every vector of `mode`, repeated `reps` times (so lane kernels see full chunks too). */
static void vectors_batch(batch *b, int mode, int enc, int reps) {
    int per = 0;
    for (int v = 0; v < NVEC; v++) per += VECTORS[v].mode == mode;
    const int n = per * reps;
    batch_alloc(b, mode, n);
    b->keks = test_xmalloc(64 * (size_t)n);
    b->in = test_xmalloc(64 * (size_t)n);
    b->out = test_xmalloc(64 * (size_t)n);
    int j = 0;
    int64_t ko = 0, io = 0, oo = 0;
    for (int rep = 0; rep < reps; rep++) {
        for (int v = 0; v < NVEC; v++) {
            if (VECTORS[v].mode != mode) continue;
            b->kek_off[j] = (int32_t)ko;
            b->kek_len[j] = (int32_t)test_unhex(VECTORS[v].kek, b->keks + ko);
            ko += b->kek_len[j];
            b->in_off[j] = (int32_t)io;
            b->in_len[j] = (int32_t)test_unhex(enc ? VECTORS[v].key : VECTORS[v].wrapped, b->in + io);
            io += b->in_len[j];
            b->out_off[j] = (int32_t)oo;
            oo += 64;
            j++;
        }
    }
    b->keks_len = ko;
    b->in_total = io;
    b->out_total = oo;
}

static void test_vectors(void) {
    for (int p = 0; p < g_npaths; p++) {
        for (int mode = 0; mode <= 1; mode++) {
            for (int enc = 1; enc >= 0; enc--) {
                for (int reps = 1; reps <= 40; reps += 39) {
                    batch b;
                    vectors_batch(&b, mode, enc, reps);
                    memset(b.status, 0x55, (size_t)b.count);
                    int32_t rc = do_batch(g_paths[p], !enc, &b);
                    CHECK(rc == 0, "%s mode %d enc %d rc %d", test_kw_path_name(g_paths[p]), mode, enc, rc);
                    for (int j = 0; j < b.count; j++) {
                        const vec *v = NULL;
                        for (int k = 0, seen = 0; k < NVEC; k++) {
                            if (VECTORS[k].mode != mode) continue;
                            int per = 0;
                            for (int q = 0; q < NVEC; q++) per += VECTORS[q].mode == mode;
                            if (seen++ == j % per) v = &VECTORS[k];
                        }
                        uint8_t expect[64];
                        size_t el = test_unhex(enc ? v->wrapped : v->key, expect);
                        CHECK(b.status[j] == 0 && b.out_len[j] == (int32_t)el &&
                                  memcmp(b.out + b.out_off[j], expect, el) == 0,
                              "%s %s %s (job %d of %d)", test_kw_path_name(g_paths[p]), v->name,
                              enc ? "wrap" : "unwrap", j, b.count);
                    }
                    batch_free(&b);
                }
            }
        }
    }
    /* Single calls, also in place (out == in). */
    for (int v = 0; v < NVEC; v++) {
        uint8_t kek[32], key[64], wrapped[64], out[64];
        const int kl = (int)test_unhex(VECTORS[v].kek, kek);
        const int keyl = (int)test_unhex(VECTORS[v].key, key);
        const int wl = (int)test_unhex(VECTORS[v].wrapped, wrapped);
        int32_t r = gkm_kw_wrap(VECTORS[v].mode, kek, kl, key, keyl, out, (int32_t)sizeof out);
        CHECK(r == wl && memcmp(out, wrapped, (size_t)wl) == 0, "single wrap %s rc %d", VECTORS[v].name, r);
        r = gkm_kw_unwrap(VECTORS[v].mode, kek, kl, wrapped, wl, out, wl - 8);
        CHECK(r == keyl && memcmp(out, key, (size_t)keyl) == 0, "single unwrap %s rc %d", VECTORS[v].name, r);
        memcpy(out, key, (size_t)keyl);
        r = gkm_kw_wrap(VECTORS[v].mode, kek, kl, out, keyl, out, (int32_t)sizeof out);
        CHECK(r == wl && memcmp(out, wrapped, (size_t)wl) == 0, "in-place wrap %s", VECTORS[v].name);
        r = gkm_kw_unwrap(VECTORS[v].mode, kek, kl, out, wl, out, wl);
        CHECK(r == keyl && memcmp(out, key, (size_t)keyl) == 0, "in-place unwrap %s", VECTORS[v].name);
        /* Wrong KEK: integrity failure, region zeroed, nothing beyond it written. */
        kek[0] ^= 1;
        memset(out, FILL, sizeof out);
        r = gkm_kw_unwrap(VECTORS[v].mode, kek, kl, wrapped, wl, out, (int32_t)sizeof out);
        int zero = 1;
        for (int k = 0; k < wl - 8; k++) zero &= out[k] == 0;
        CHECK(r == GKM_ERR_INTEGRITY && zero && out[wl - 8] == FILL, "wrong KEK %s rc %d", VECTORS[v].name, r);
    }
}

/* ------------------------------------------------------------------ KWP integrity corner cases */

/* Hand-built KWP ciphertexts whose AIV, MLI or padding is wrong must fail (RFC 5649 sec. 3). */
static void test_kwp_checks(void) {
    /* Build the plaintext block sequence by hand and wrap it as KW (same W function, RFC 5649
     * sec. 4.1), with a chosen A, so only the check differs. */
    uint8_t kek[32];
    rnd_bytes(kek, sizeof kek);
    struct {
        uint32_t magic;
        uint32_t mli;
        int n;
        int pad_nonzero;
        int ok;
        const char *what;
    } cases[] = {
        {0xA65959A6u, 20, 3, 0, 1, "valid MLI 20 n 3"},
        {0xA65959A6u, 24, 3, 0, 1, "valid MLI 24 n 3"},
        {0xA65959A6u, 17, 3, 0, 1, "valid MLI 17 n 3"},
        {0xA65959A6u, 16, 3, 0, 0, "MLI 16 too small for n 3"},
        {0xA65959A6u, 25, 3, 0, 0, "MLI 25 too big for n 3"},
        {0xA65959A6u, 0, 3, 0, 0, "MLI 0"},
        {0xA65959A6u, 0xffffffffu, 3, 0, 0, "MLI 2^32-1"},
        {0xA65959A6u, 20, 3, 1, 0, "nonzero padding"},
        {0xA65959A7u, 20, 3, 0, 0, "bad magic"},
        {0xA6A6A6A6u, 24, 3, 0, 0, "KW IV in KWP"},
        {0xA65959A6u, 5, 1, 0, 1, "one block MLI 5"},
        {0xA65959A6u, 8, 1, 0, 1, "one block MLI 8"},
        {0xA65959A6u, 9, 1, 0, 0, "one block MLI 9"},
        {0xA65959A6u, 5, 1, 1, 0, "one block nonzero padding"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int n = cases[c].n;
        uint8_t plain[8 + 64], ct[8 + 64], out[64];
        plain[0] = (uint8_t)(cases[c].magic >> 24);
        plain[1] = (uint8_t)(cases[c].magic >> 16);
        plain[2] = (uint8_t)(cases[c].magic >> 8);
        plain[3] = (uint8_t)cases[c].magic;
        plain[4] = (uint8_t)(cases[c].mli >> 24);
        plain[5] = (uint8_t)(cases[c].mli >> 16);
        plain[6] = (uint8_t)(cases[c].mli >> 8);
        plain[7] = (uint8_t)cases[c].mli;
        rnd_bytes(plain + 8, (size_t)(8 * n));
        const uint32_t used = cases[c].mli <= (uint32_t)(8 * n) ? cases[c].mli : (uint32_t)(8 * n);
        for (uint32_t k = used; k < (uint32_t)(8 * n); k++) plain[8 + k] = 0;
        if (cases[c].pad_nonzero) plain[8 + 8 * n - 1] = 1;
        int ctl;
        if (n == 1) { /* one AES-ECB block */
            EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
            int l1 = 0;
            EVP_EncryptInit_ex(e, EVP_aes_256_ecb(), NULL, kek, NULL);
            EVP_CIPHER_CTX_set_padding(e, 0);
            EVP_EncryptUpdate(e, ct, &l1, plain, 16);
            EVP_CIPHER_CTX_free(e);
            ctl = 16;
        } else { /* KW wrap with IV = the chosen A: EVP KW takes an explicit IV */
            EVP_CIPHER_CTX *e = EVP_CIPHER_CTX_new();
            EVP_CIPHER_CTX_set_flags(e, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
            int l1 = 0;
            EVP_EncryptInit_ex(e, EVP_aes_256_wrap(), NULL, kek, plain);
            EVP_EncryptUpdate(e, ct, &l1, plain + 8, 8 * n);
            EVP_CIPHER_CTX_free(e);
            ctl = l1;
        }
        CHECK(ctl == 8 * n + 8, "%s: building the ciphertext", cases[c].what);
        const int ref_ok = test_ref_kw(GKM_KW_MODE_KWP, 0, kek, 32, ct, ctl, out) >= 0;
        CHECK(ref_ok == cases[c].ok, "%s: EVP says %d", cases[c].what, ref_ok);
        for (int p = 0; p < g_npaths; p++) {
            /* as a batch of 9 identical jobs, so the lane kernels run it */
            enum { J = 9 };
            int32_t ko[J], kl[J], io[J], il[J], oo[J], ol[J];
            uint8_t st[J], obuf[J * 64];
            for (int j = 0; j < J; j++) {
                ko[j] = 0;
                kl[j] = 32;
                io[j] = 0;
                il[j] = ctl;
                oo[j] = 64 * j;
            }
            memset(obuf, FILL, sizeof obuf);
            int32_t rc = gkm_kw_unwrap_batch_path(g_paths[p], GKM_KW_MODE_KWP, J, kek, 32, ko, kl, ct, ctl, io, il,
                                                  obuf, sizeof obuf, oo, ol, st);
            CHECK(rc == (cases[c].ok ? 0 : J), "%s on %s: rc %d", cases[c].what, test_kw_path_name(g_paths[p]), rc);
            CHECK(st[J - 1] == !cases[c].ok && ol[J - 1] == (cases[c].ok ? (int32_t)cases[c].mli : 0),
                  "%s on %s: status %d len %d", cases[c].what, test_kw_path_name(g_paths[p]), st[J - 1], ol[J - 1]);
            if (cases[c].ok) {
                CHECK(memcmp(obuf, plain + 8, cases[c].mli) == 0, "%s on %s: plaintext", cases[c].what,
                      test_kw_path_name(g_paths[p]));
            }
        }
        int32_t r = gkm_kw_unwrap(GKM_KW_MODE_KWP, kek, 32, ct, ctl, out, ctl - 8);
        CHECK(r == (cases[c].ok ? (int32_t)cases[c].mli : GKM_ERR_INTEGRITY), "%s single: rc %d", cases[c].what, r);
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
        {0, 0, 1, 20, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEY_LEN, "kek 20"},
        {1, 1, 1, 0, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEY_LEN, "kek 0"},
        {0, 0, 1, 64, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_KEY_LEN, "kek 64"},
        {0, 0, 1, 16, 0, 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW wrap 8"},
        {0, 0, 1, 16, 0, 20, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW wrap 20"},
        {0, 0, 1, 16, 0, 0, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW wrap 0"},
        {0, 1, 1, 16, 0, 0, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KWP wrap 0"},
        {0, 1, 1, 16, 0, -5, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KWP wrap negative"},
        {0, 1, 1, 16, 0, (1 << 20) + 1, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KWP wrap too long"},
        {1, 0, 1, 16, 0, 16, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW unwrap 16"},
        {1, 0, 1, 16, 0, 25, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW unwrap 25"},
        {1, 1, 1, 16, 0, 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KWP unwrap 8"},
        {1, 1, 1, 16, 0, 17, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KWP unwrap 17"},
        {1, 0, 1, 16, 0, (1 << 20) + 8, 0, 0, 64, BIG, BIG, 0, GKM_ERR_INPUT_LEN, "KW unwrap too long"},
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
    /* Every path, plus an unknown path and (if any) an unsupported one: GKM_ERR_UNSUPPORTED first. */
    int32_t paths[8];
    int np = 0;
    for (int p = 0; p < g_npaths; p++) paths[np++] = g_paths[p];
    paths[np++] = 4;
    paths[np++] = -1;
    for (int32_t p = GKM_KW_PATH_SCALAR; p <= GKM_KW_PATH_VAES; p++) {
        if (!gkm_kw_path_supported(p)) paths[np++] = p;
    }
    for (int pi = 0; pi < np; pi++) {
        const int32_t path = paths[pi];
        const int path_ok = path >= 0 && path <= 3 && gkm_kw_path_supported(path);
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            const errcase *e = &cases[c];
            int32_t kek_off[3], kek_len[3], in_off[3], in_len[3], out_off[3], out_len[3] = {12345, 12345, 12345};
            uint8_t status[3] = {0x77, 0x77, 0x77};
            /* Jobs 0 and 2 are valid; job 1 carries the error (so validation must precede all work). */
            for (int i = 0; i < 3; i++) {
                kek_off[i] = 0;
                kek_len[i] = 16;
                in_off[i] = 0;
                in_len[i] = e->unwrap ? 24 : 16;
                out_off[i] = 0;
            }
            kek_off[1] = e->kek_off;
            kek_len[1] = e->kek_len;
            in_off[1] = e->in_off;
            in_len[1] = e->in_len;
            out_off[1] = e->out_off;
            int32_t count = e->count == 1 ? 3 : e->count;
            memset(out, FILL, 64);
            int32_t rc;
            if (e->unwrap) {
                rc = gkm_kw_unwrap_batch_path(path, e->mode, count, e->null_arrays ? NULL : keks, e->kek_buf,
                                              e->null_arrays ? NULL : kek_off, kek_len, in, e->in_buf, in_off, in_len,
                                              out, e->out_buf, out_off, out_len, status);
            } else {
                rc = gkm_kw_wrap_batch_path(path, e->mode, count, e->null_arrays ? NULL : keks, e->kek_buf,
                                            e->null_arrays ? NULL : kek_off, kek_len, in, e->in_buf, in_off, in_len,
                                            out, e->out_buf, out_off, out_len, status);
            }
            const int32_t want = path_ok ? e->want : GKM_ERR_UNSUPPORTED;
            CHECK(rc == want, "%s on path %d: rc %d want %d", e->what, path, rc, want);
            int untouched = out_len[0] == 12345 && out_len[2] == 12345 && status[0] == 0x77 && status[2] == 0x77;
            for (int k = 0; k < 64; k++) untouched &= out[k] == FILL;
            CHECK(untouched, "%s on path %d: outputs were touched", e->what, path);
        }
    }
    /* The batch entry points without a path are AUTO. */
    int32_t z = 0;
    CHECK(gkm_kw_wrap_batch(2, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL) == GKM_ERR_MODE,
          "auto batch mode check");
    CHECK(gkm_kw_unwrap_batch(0, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, &z, NULL) == 0,
          "auto empty batch");

    /* Single calls: argument errors write nothing. */
    uint8_t k[32] = {0}, buf[80];
    struct {
        int unwrap, mode;
        const uint8_t *kek;
        int32_t kl;
        const uint8_t *in;
        int32_t il;
        uint8_t *out;
        int32_t cap;
        int32_t want;
        const char *what;
    } sc[] = {
        {0, 2, k, 16, in, 16, buf, 80, GKM_ERR_MODE, "single mode 2"},
        {0, 0, k, 17, in, 16, buf, 80, GKM_ERR_KEY_LEN, "single kek 17"},
        {0, 0, k, 16, in, 12, buf, 80, GKM_ERR_INPUT_LEN, "single KW wrap 12"},
        {1, 0, k, 16, in, 16, buf, 80, GKM_ERR_INPUT_LEN, "single KW unwrap 16"},
        {1, 1, k, 16, in, 12, buf, 80, GKM_ERR_INPUT_LEN, "single KWP unwrap 12"},
        {0, 1, k, 16, in, 0, buf, 80, GKM_ERR_INPUT_LEN, "single KWP wrap 0"},
        {0, 0, NULL, 16, in, 16, buf, 80, GKM_ERR_BOUNDS, "single NULL kek"},
        {0, 0, k, 16, NULL, 16, buf, 80, GKM_ERR_BOUNDS, "single NULL in"},
        {1, 0, k, 16, in, 24, NULL, 80, GKM_ERR_BOUNDS, "single NULL out"},
        {0, 0, k, 16, in, 16, buf, 23, GKM_ERR_BOUNDS, "single wrap out_cap short"},
        {0, 1, k, 16, in, 1, buf, 15, GKM_ERR_BOUNDS, "single KWP wrap out_cap short"},
        {1, 0, k, 16, in, 24, buf, 15, GKM_ERR_BOUNDS, "single unwrap out_cap short"},
        {1, 0, k, 16, in, 24, buf, -1, GKM_ERR_BOUNDS, "single negative out_cap"},
    };
    for (size_t c = 0; c < sizeof sc / sizeof sc[0]; c++) {
        memset(buf, FILL, sizeof buf);
        int32_t r = sc[c].unwrap
                        ? gkm_kw_unwrap(sc[c].mode, sc[c].kek, sc[c].kl, sc[c].in, sc[c].il, sc[c].out, sc[c].cap)
                        : gkm_kw_wrap(sc[c].mode, sc[c].kek, sc[c].kl, sc[c].in, sc[c].il, sc[c].out, sc[c].cap);
        int untouched = 1;
        for (size_t q = 0; q < sizeof buf; q++) untouched &= buf[q] == FILL;
        CHECK(r == sc[c].want && untouched, "%s: rc %d want %d", sc[c].what, r, sc[c].want);
    }
}

/* ------------------------------------------------------------------ misc */

static void test_version_and_cpu(void) {
    CHECK(strcmp(gkm_native_version(), GKM_NATIVE_VERSION) == 0, "version %s", gkm_native_version());
    CHECK(gkm_abi_version() == GKM_ABI_VERSION, "abi version %d", gkm_abi_version());
    printf("libgkm_native %s, ABI %d\n", gkm_native_version(), gkm_abi_version());
    uint32_t f = gkm_cpu_features();
    CHECK(f == gkm_cpu_features(), "cpu features unstable");
    CHECK((f & ~0x7fu) == 0, "unknown bits 0x%x", f);
    printf("cpu features: 0x%02x aesni=%d pclmulqdq=%d avx2=%d avx512f=%d vaes=%d vpclmulqdq=%d sha_ni=%d\n", f,
           !!(f & GKM_CPU_AESNI), !!(f & GKM_CPU_PCLMULQDQ), !!(f & GKM_CPU_AVX2), !!(f & GKM_CPU_AVX512F),
           !!(f & GKM_CPU_VAES), !!(f & GKM_CPU_VPCLMULQDQ), !!(f & GKM_CPU_SHANI));
    FILE *fp = fopen("/proc/cpuinfo", "r");
    if (fp == NULL) return;
    static char line[1 << 16];
    while (fgets(line, sizeof line, fp)) {
        if (strncmp(line, "flags", 5) != 0) continue;
        char padded[sizeof line + 2];
        snprintf(padded, sizeof padded, " %s", strchr(line, ':') ? strchr(line, ':') + 1 : line);
        char *nl = strchr(padded, '\n');
        if (nl) *nl = ' ';
        static const struct {
            const char *flag;
            uint32_t bit;
        } m[] = {
            {" aes ", GKM_CPU_AESNI},
            {" pclmulqdq ", GKM_CPU_PCLMULQDQ},
            {" avx2 ", GKM_CPU_AVX2},
        };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            int has = strstr(padded, m[i].flag) != NULL;
            CHECK(has == !!(f & m[i].bit), "/proc/cpuinfo%sdisagrees with gkm_cpu_features", m[i].flag);
        }
        /* The SIMD paths are supported exactly when the CPU has what they need. */
        const int avx512 = strstr(padded, " avx512f ") && strstr(padded, " avx512bw ") && strstr(padded, " avx512vl ");
        const int aes = strstr(padded, " aes ") && strstr(padded, " sse4_1 ") && strstr(padded, " ssse3 ");
#if defined(__x86_64__)
        CHECK(gkm_kw_path_supported(GKM_KW_PATH_AESNI) == !!aes, "aesni support %d vs cpuinfo",
              gkm_kw_path_supported(GKM_KW_PATH_AESNI));
        CHECK(gkm_kw_path_supported(GKM_KW_PATH_VAES) == (aes && avx512 && strstr(padded, " vaes ")),
              "vaes support vs cpuinfo");
#else
        (void)avx512;
        (void)aes;
#endif
        break;
    }
    fclose(fp);
    CHECK(gkm_kw_path_supported(GKM_KW_PATH_SCALAR) == 1 && gkm_kw_path_supported(GKM_KW_PATH_AUTO) == 1,
          "scalar/auto always supported");
    CHECK(gkm_kw_path_supported(7) == 0 && gkm_kw_path_supported(-1) == 0, "unknown paths unsupported");
    const int32_t a = gkm_kw_path();
    CHECK(a >= GKM_KW_PATH_SCALAR && a <= GKM_KW_PATH_VAES && gkm_kw_path_supported(a), "auto path %d", a);
    printf("auto path: %s\n", test_kw_path_name(a));
}

/* Long jobs (up to the 1 MiB limit): single-lane path inside the batch call, every path. */
static void test_large(void) {
    for (int mode = 0; mode <= 1; mode++) {
        /* Wrapped length exactly the 1 MiB input limit, so the unwrap is valid too. */
        const int32_t n = mode == 0 ? (1 << 20) - 8 : (1 << 20) - 11;
        batch b;
        batch_alloc(&b, mode, 2);
        b.keks = test_xmalloc(32);
        rnd_bytes(b.keks, 32);
        b.in = test_xmalloc((size_t)n);
        rnd_bytes(b.in, (size_t)n);
        const int32_t wl = wrapped_len(mode, n);
        b.out = test_xmalloc((size_t)wl + 40);
        b.keks_len = 32;
        b.in_total = n;
        b.out_total = wl + 40;
        b.kek_off[0] = 0;
        b.kek_len[0] = 32;
        b.in_off[0] = 0;
        b.in_len[0] = n;
        b.out_off[0] = 0;
        b.kek_off[1] = 0;
        b.kek_len[1] = 16;
        b.in_off[1] = 0;
        b.in_len[1] = 32;
        b.out_off[1] = wl;
        uint8_t *ref = test_xmalloc((size_t)wl + 32);
        CHECK(test_ref_kw(mode, 1, b.keks, 32, b.in, n, ref) == wl, "large EVP wrap mode %d", mode);
        uint8_t *plain = test_xmalloc((size_t)wl);
        for (int p = 0; p < g_npaths; p++) {
            if (g_paths[p] == GKM_KW_PATH_SCALAR && GKM_TEST_SIZE_STEP > 1) continue; /* slow under ASan */
            CHECK(do_batch(g_paths[p], 0, &b) == 0 && b.status[0] == 0 && b.out_len[0] == wl &&
                      memcmp(ref, b.out, (size_t)wl) == 0,
                  "large wrap vs EVP mode %d on %s", mode, test_kw_path_name(g_paths[p]));
        }
        int32_t r = gkm_kw_unwrap(mode, b.keks, 32, ref, wl, plain, wl - 8);
        CHECK(r == n && memcmp(plain, b.in, (size_t)n) == 0, "large single unwrap mode %d rc %d", mode, r);
        free(plain);
        free(ref);
        batch_free(&b);
    }
}

/* Concurrent calls share nothing but the once-initialised path table: threads wrapping and
 * unwrapping the same inputs into their own outputs all get EVP's bytes. */
typedef struct thread_arg {
    const batch *w;     /* shared, read-only inputs */
    const uint8_t *ref; /* EVP wrap of w, laid out like w->out */
    int32_t path;
    int ok;
} thread_arg;

static void *thread_body(void *p) {
    thread_arg *a = p;
    const batch *w = a->w;
    uint8_t *out = test_xmalloc((size_t)w->out_total), *plain = test_xmalloc((size_t)w->out_total),
            *st = test_xmalloc((size_t)w->count);
    int32_t *ol = test_xmalloc(sizeof(int32_t) * (size_t)w->count);
    a->ok = 1;
    for (int it = 0; it < 30 && a->ok; it++) {
        int32_t rc =
            gkm_kw_wrap_batch_path(a->path, w->mode, w->count, w->keks, w->keks_len, w->kek_off, w->kek_len, w->in,
                                   w->in_total, w->in_off, w->in_len, out, w->out_total, w->out_off, ol, st);
        a->ok &= rc == 0;
        for (int i = 0; i < w->count && a->ok; i++) {
            a->ok &= memcmp(out + w->out_off[i], a->ref + w->out_off[i], (size_t)ol[i]) == 0;
        }
        /* unwrap EVP's output; plaintext regions laid out like the wrapped ones (a KWP region is
         * the padded length, so the key layout would make neighbouring regions overlap) */
        int32_t *wl = test_xmalloc(sizeof(int32_t) * (size_t)w->count);
        for (int i = 0; i < w->count; i++) wl[i] = wrapped_len(w->mode, w->in_len[i]);
        rc = gkm_kw_unwrap_batch_path(a->path, w->mode, w->count, w->keks, w->keks_len, w->kek_off, w->kek_len, a->ref,
                                      w->out_total, w->out_off, wl, plain, w->out_total, w->out_off, ol, st);
        free(wl);
        a->ok &= rc == 0;
        for (int i = 0; i < w->count && a->ok; i++) {
            a->ok &= ol[i] == w->in_len[i] && memcmp(plain + w->out_off[i], w->in + w->in_off[i], (size_t)ol[i]) == 0;
        }
    }
    free(out);
    free(plain);
    free(st);
    free(ol);
    return NULL;
}

static void test_threads(void) {
    for (int mode = 0; mode <= 1; mode++) {
        batch w;
        random_layout(&w, mode, 300, 0);
        uint8_t *ref = test_xmalloc((size_t)w.out_total);
        for (int i = 0; i < w.count; i++) {
            test_ref_kw(mode, 1, w.keks + w.kek_off[i], w.kek_len[i], w.in + w.in_off[i], w.in_len[i],
                        ref + w.out_off[i]);
        }
        enum { T = 4 };
        pthread_t th[T];
        thread_arg args[T];
        for (int t = 0; t < T; t++) {
            args[t] = (thread_arg){&w, ref, g_paths[t % g_npaths], 0};
            CHECK(pthread_create(&th[t], NULL, thread_body, &args[t]) == 0, "pthread_create");
        }
        for (int t = 0; t < T; t++) {
            pthread_join(th[t], NULL);
            CHECK(args[t].ok, "thread %d on %s mode %d disagreed with EVP", t, test_kw_path_name(args[t].path), mode);
        }
        free(ref);
        batch_free(&w);
    }
}

/* ctest entries run this with GKM_KW_PATH set: AUTO must follow it when the CPU supports it. */
static int test_env(void) {
    const char *env = getenv("GKM_KW_PATH");
    int32_t want = -1;
    if (env && strcmp(env, "scalar") == 0) want = GKM_KW_PATH_SCALAR;
    if (env && strcmp(env, "aesni") == 0) want = GKM_KW_PATH_AESNI;
    if (env && strcmp(env, "vaes") == 0) want = GKM_KW_PATH_VAES;
    const int32_t got = gkm_kw_path();
    if (want > 0 && gkm_kw_path_supported(want)) {
        CHECK(got == want, "GKM_KW_PATH=%s but gkm_kw_path() = %s", env, test_kw_path_name(got));
    } else {
        CHECK(gkm_kw_path_supported(got), "fallback path %d must be supported", got);
    }
    printf("GKM_KW_PATH=%s -> %s\n", env ? env : "(unset)", test_kw_path_name(got));
    /* The AUTO calls agree with the RFC answers on whatever path they took, and so does every
     * forced path (with GKM_KW_AESNI_SSE set this covers the legacy-SSE AES-NI build). */
    g_npaths = test_kw_paths(g_paths);
    test_vectors();
    test_kwp_checks();
    test_one_kek();
    for (int mode = 0; mode <= 1; mode++) {
        for (int size = 1; size <= 70; size++) test_random_batch(mode, size, 0);
        test_random_batch(mode, 300, 1);
    }
    return g_failures ? 1 : 0;
}

int main(int argc, char **argv) {
    g_rng = check_seed(0x9e3779b97f4a7c15ull);
    if (argc > 1 && strcmp(argv[1], "env") == 0) {
        int rc = test_env();
        test_ref_kw_free();
        return rc;
    }
    g_npaths = test_kw_paths(g_paths);

    const clock_t t0 = clock();
    test_version_and_cpu();
    test_vectors();
    test_kwp_checks();
    test_errors();
    test_one_kek();
    /* One ragged batch of every size 1..1000 per mode (every GKM_TEST_SIZE_STEP-th if set). */
    for (int mode = 0; mode <= 1; mode++) {
        for (int size = 1; size <= 1000; size += GKM_TEST_SIZE_STEP) test_random_batch(mode, size, 0);
    }
    /* Ragged batches with some long keys (over 256 bytes: the one-at-a-time path) mixed in. */
    for (int mode = 0; mode <= 1; mode++) {
        for (int r = 0; r < 8; r++) test_random_batch(mode, (int)rnd_range(1, 300), 1);
    }
    test_large();
    test_threads();
    printf("%ld job results checked on %d paths in %.1f s cpu\n", g_jobs_checked, g_npaths,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    test_ref_kw_free();
    return check_done("kw_batch");
}
