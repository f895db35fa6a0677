/*
 * ctest: the batch key wrap reads every caller-owned per-job value (KEK offset and length, input
 * offset and length, output offset) exactly once. A writer thread keeps changing some jobs' values
 * (between a valid and an invalid one, and between two valid ones) while the main thread runs
 * wrap and unwrap batches on every kernel path. Every call must either be refused with a GKM_ERR_*
 * code and touch no output, or succeed with each job's output equal to the reference for one of
 * the values its fields held: a job is done with the values of one instant, or the call is refused.
 * The buffers are allocated at their exact sizes, so under AddressSanitizer (ci/test.sh runs ctest
 * with -DGKM_ASAN=ON) any access past a validated region is reported.
 *
 * Deterministic data (seeded PRNG, GKM_TEST_SEED overrides); the interleavings are not.
 * GKM_RACE_ROUNDS (environment) sets the calls per path and direction (default 3000).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_native.h"
#include "test_check.h"
#include "test_util.h"

#define FILL    0xAA
#define KEK     32
#define KEY     32
#define WRAPPED (KEY + 8)

/* The jobs the writer changes (indexes; LAST is count - 1). */
enum { J_KEKLEN_OK = 0, J_KEKLEN_BAD = 5, J_INLEN_OK = 40, J_KEKOFF = 60, J_OUTOFF = 70 };

static uint64_t g_rng;

/* One field a writer thread changes: between two valid values a and b, or (bad set) from the valid
 * value a to the invalid b for about one change in eight, so that most calls still run. */
typedef struct toggle {
    int32_t *field;
    int32_t a, b;
    int bad;
} toggle;

typedef struct writer {
    toggle t[8];
    int n;
    volatile int stop;
    uint64_t rng;
    long flips;
} writer;

static void *writer_body(void *p) {
    writer *w = p;
    uint64_t r = w->rng;
    while (!__atomic_load_n(&w->stop, __ATOMIC_RELAXED)) {
        const uint32_t x = test_rnd(&r);
        const toggle *t = &w->t[(x >> 8) % (uint32_t)w->n];
        int32_t v;
        if (t->bad) {
            v = (x & 7) == 0 ? t->b : t->a;
        } else {
            v = __atomic_load_n(t->field, __ATOMIC_RELAXED) == t->a ? t->b : t->a;
        }
        __atomic_store_n(t->field, v, __ATOMIC_RELAXED);
        __atomic_store_n(&w->flips, w->flips + 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

typedef struct layout {
    int count;
    uint8_t *keks, *keys, *wrapped; /* exact sizes: count * KEK, count * KEY, count * WRAPPED */
    int32_t *kek_off, *kek_len, *in_off, *in_len, *out_off, *out_len;
    uint8_t *status, *out;
    size_t out_size;
} layout;

/*
 * One direction on one path: `rounds` calls racing the writer. Wrap: job i wraps keys[i] (32 bytes)
 * under keks[i] into out[40 i ..]. Unwrap: job i unwraps wrapped[i] (40 bytes) into out[32 i ..].
 */
static void race(int32_t path, int unwrap, int count, int rounds) {
    const int last = count - 1;
    const int in_sz = unwrap ? WRAPPED : KEY, out_sz = unwrap ? KEY : WRAPPED;
    layout L;
    L.count = count;
    L.keks = test_xmalloc((size_t)count * KEK);
    L.keys = test_xmalloc((size_t)count * KEY);
    L.wrapped = test_xmalloc((size_t)count * WRAPPED);
    test_rnd_bytes(&g_rng, L.keks, (size_t)count * KEK);
    test_rnd_bytes(&g_rng, L.keys, (size_t)count * KEY);
    for (int i = 0; i < count; i++) {
        CHECK(test_ref_kw(GKM_KW_MODE_KW, 1, L.keks + KEK * i, KEK, L.keys + KEY * i, KEY, L.wrapped + WRAPPED * i) ==
                  WRAPPED,
              "EVP wrap");
    }
    L.out_size = (size_t)count * (size_t)out_sz;
    L.out = test_xmalloc(L.out_size);
    int32_t *arr = test_xmalloc(sizeof(int32_t) * 6 * (size_t)count);
    L.kek_off = arr;
    L.kek_len = arr + count;
    L.in_off = arr + 2 * count;
    L.in_len = arr + 3 * count;
    L.out_off = arr + 4 * count;
    L.out_len = arr + 5 * count;
    L.status = test_xmalloc((size_t)count);
    for (int i = 0; i < count; i++) {
        L.kek_off[i] = KEK * i;
        L.kek_len[i] = KEK;
        L.in_off[i] = in_sz * i;
        L.in_len[i] = in_sz;
        L.out_off[i] = out_sz * i;
    }
    const uint8_t *in = unwrap ? L.wrapped : L.keys;

    /* Reference outputs for the valid alternatives: job J_KEKLEN_OK under its KEK's first 16 bytes,
     * job J_INLEN_OK with a 24-byte input (wrap: the key's first 24 bytes; unwrap: the first 32
     * bytes of its wrapped key, which must fail the integrity check). */
    uint8_t ref_k16[WRAPPED], ref_in24[WRAPPED];
    int ref_k16_ok = 0;
    if (!unwrap) {
        CHECK(test_ref_kw(GKM_KW_MODE_KW, 1, L.keks + KEK * J_KEKLEN_OK, 16, L.keys + KEY * J_KEKLEN_OK, KEY,
                          ref_k16) == WRAPPED,
              "EVP");
        CHECK(test_ref_kw(GKM_KW_MODE_KW, 1, L.keks + KEK * J_INLEN_OK, KEK, L.keys + KEY * J_INLEN_OK, 24, ref_in24) ==
                  32,
              "EVP");
    } else {
        /* Unwrapping under the wrong (16-byte) KEK fails, as EVP confirms. */
        ref_k16_ok = test_ref_kw(GKM_KW_MODE_KW, 0, L.keks + KEK * J_KEKLEN_OK, 16, L.wrapped + WRAPPED * J_KEKLEN_OK,
                                 WRAPPED, ref_k16) > 0;
        CHECK(!ref_k16_ok, "EVP unwrap under a truncated KEK unexpectedly passed");
    }

    writer w;
    memset(&w, 0, sizeof w);
    w.rng = g_rng | 1;
    w.t[w.n++] = (toggle){&L.kek_len[J_KEKLEN_OK], KEK, 16, 0};        /* valid <-> valid, the first job */
    w.t[w.n++] = (toggle){&L.kek_len[J_KEKLEN_BAD], KEK, 40, 1};       /* a KEK length 32 <-> 40 */
    w.t[w.n++] = (toggle){&L.in_len[J_INLEN_OK], in_sz, in_sz - 8, 0}; /* valid <-> valid, another bucket */
    w.t[w.n++] = (toggle){&L.in_len[last], in_sz, in_sz + 8, 1};       /* input past the buffer's end */
    w.t[w.n++] = (toggle){&L.kek_off[J_KEKOFF], KEK * J_KEKOFF, KEK * count - 16, 1};           /* KEK past the end */
    w.t[w.n++] = (toggle){&L.out_off[J_OUTOFF], out_sz * J_OUTOFF, (int32_t)L.out_size - 8, 1}; /* output past it */
    pthread_t th;
    CHECK(pthread_create(&th, NULL, writer_body, &w) == 0, "pthread_create");
    while (__atomic_load_n(&w.flips, __ATOMIC_RELAXED) == 0) {
        /* let the writer run before the first call */
    }

    int refused = 0, done = 0;
    for (int r = 0; r < rounds; r++) {
        memset(L.out, FILL, L.out_size);
        for (int i = 0; i < count; i++) {
            L.out_len[i] = -77;
            L.status[i] = 0x77;
        }
        const int32_t rc =
            unwrap ? gkm_kw_unwrap_batch_path(path, GKM_KW_MODE_KW, count, L.keks, (int64_t)count * KEK, L.kek_off,
                                              L.kek_len, in, (int64_t)count * in_sz, L.in_off, L.in_len, L.out,
                                              (int64_t)L.out_size, L.out_off, L.out_len, L.status)
                   : gkm_kw_wrap_batch_path(path, GKM_KW_MODE_KW, count, L.keks, (int64_t)count * KEK, L.kek_off,
                                            L.kek_len, in, (int64_t)count * in_sz, L.in_off, L.in_len, L.out,
                                            (int64_t)L.out_size, L.out_off, L.out_len, L.status);
        if (rc < 0) {
            refused++;
            CHECK(rc == GKM_ERR_KEY_LEN || rc == GKM_ERR_BOUNDS, "%s: unexpected refusal %d", test_kw_path_name(path),
                  rc);
            int untouched = 1;
            for (size_t k = 0; k < L.out_size; k++) untouched &= L.out[k] == FILL;
            for (int i = 0; i < count; i++) untouched &= L.out_len[i] == -77 && L.status[i] == 0x77;
            CHECK(untouched, "%s %s: refused call (rc %d) touched outputs", test_kw_path_name(path),
                  unwrap ? "unwrap" : "wrap", rc);
            continue;
        }
        done++;
        int failed = 0;
        for (int i = 0; i < count; i++) {
            const uint8_t *o = L.out + (size_t)out_sz * i;
            if (!unwrap) {
                const uint8_t *want = L.wrapped + WRAPPED * i;
                int ok = L.status[i] == 0 && L.out_len[i] == WRAPPED && memcmp(o, want, WRAPPED) == 0;
                if (i == J_KEKLEN_OK) ok |= L.status[i] == 0 && L.out_len[i] == WRAPPED && !memcmp(o, ref_k16, WRAPPED);
                if (i == J_INLEN_OK) {
                    /* 24-byte key: a 32-byte output, the region's last 8 bytes untouched */
                    ok |= L.status[i] == 0 && L.out_len[i] == 32 && !memcmp(o, ref_in24, 32) && o[32] == FILL &&
                          o[39] == FILL;
                }
                CHECK(ok, "%s wrap: job %d matches no single instant's values (out_len %d status %d)",
                      test_kw_path_name(path), i, L.out_len[i], L.status[i]);
            } else {
                const uint8_t *want = L.keys + KEY * i;
                int ok = L.status[i] == 0 && L.out_len[i] == KEY && memcmp(o, want, KEY) == 0;
                int zero = 1;
                for (int k = 0; k < KEY; k++) zero &= o[k] == 0;
                /* a 16-byte KEK: integrity failure, region zeroed */
                if (i == J_KEKLEN_OK) ok |= L.status[i] == 1 && L.out_len[i] == 0 && zero;
                if (i == J_INLEN_OK) {
                    /* a 32-byte input: region of 24 bytes, zeroed on the (certain) integrity failure */
                    int z24 = 1;
                    for (int k = 0; k < 24; k++) z24 &= o[k] == 0;
                    ok |= L.status[i] == 1 && L.out_len[i] == 0 && z24 && o[24] == FILL && o[31] == FILL;
                }
                failed += L.status[i] != 0;
                CHECK(ok, "%s unwrap: job %d matches no single instant's values (out_len %d status %d)",
                      test_kw_path_name(path), i, L.out_len[i], L.status[i]);
            }
        }
        if (unwrap)
            CHECK(rc == failed, "%s unwrap: rc %d but %d jobs have status 1", test_kw_path_name(path), rc, failed);
    }
    __atomic_store_n(&w.stop, 1, __ATOMIC_RELAXED);
    pthread_join(th, NULL);
    printf("%-6s %-6s count %4d: %d calls done, %d refused, %ld writer flips\n", test_kw_path_name(path),
           unwrap ? "unwrap" : "wrap", count, done, refused, w.flips);
    free(arr);
    free(L.keks);
    free(L.keys);
    free(L.wrapped);
    free(L.out);
    free(L.status);
}

int main(void) {
    g_rng = check_seed(0x2545f4914f6cdd1dull);
    const char *rounds_env = getenv("GKM_RACE_ROUNDS");
    const int rounds = rounds_env ? atoi(rounds_env) : 3000;
    printf("%d calls per path and direction\n", rounds);
    int32_t paths[4];
    const int np = test_kw_paths(paths);
    /* 72 jobs: snapshot on the stack, two full VAES chunks and a partial one; 600: a heap snapshot. */
    const int counts[] = {72, 600};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        for (int p = 0; p < np; p++) {
            /* the scalar path is ~50x slower: fewer calls, the same races */
            const int r = paths[p] == GKM_KW_PATH_SCALAR ? rounds / 8 + 1 : rounds;
            race(paths[p], 0, counts[c], r);
            race(paths[p], 1, counts[c], r);
        }
    }
    test_ref_kw_free();
    return check_done("kw_race");
}
