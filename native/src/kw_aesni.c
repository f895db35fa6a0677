/*
 * AES-NI key-wrap kernel: up to 8 independent jobs (lanes) in lock-step, one xmm state each, so
 * the 3-cycle AESENC latency is covered by the other lanes (RFC 3394 is sequential inside one
 * wrap: every block depends on the previous A). Key expansion is interleaved across lanes as
 * well and uses the AESENCLAST form (PSHUFB broadcasts RotWord of the last word, AESENCLAST with
 * the round constant does SubWord ^ Rcon; ShiftRows is a no-op on four equal columns), which
 * pipelines, unlike AESKEYGENASSIST. Decryption keys are the equivalent inverse cipher's
 * (AESIMC of the middle round keys, FIPS 197 sec. 5.3.5).
 *
 * Also the single-lane routine of the single-job API (in place, no allocation).
 *
 * Compiled with per-function target attributes, so the library still loads on any x86-64; the
 * driver calls in here only when CPUID reports AES-NI, SSSE3 and SSE4.1.
 */
#if defined(__x86_64__)
#include <string.h>

#include <immintrin.h>

#include "gkm_internal.h"
#include "kw_lanes.h"

/* The lane loops must be unrolled so the lanes' states stay in registers (GCC does not at -O2). */
#define LANES _Pragma("GCC unroll 8")

/* Built twice: legacy-SSE encoded here, VEX encoded in kw_aesni_avx.c (KW_AESNI_AVX). On CPUs
 * with AVX the VEX build is used: it is faster (no false dependencies on the upper register
 * halves that legacy-SSE instructions keep, and non-destructive 3-operand forms; figures:
 * docs/performance-notes.md#aes-ni-vex-against-legacy-sse). */
#ifdef KW_AESNI_AVX
#define AESNI_TARGET    __attribute__((target("aes,avx,sse4.1,ssse3")))
#define AESNI_SYM(name) name##_avx
#define AESNI_NAME      "aesni-avx"
#else
#define AESNI_TARGET    __attribute__((target("aes,sse4.1,ssse3")))
#define AESNI_SYM(name) name
#define AESNI_NAME      "aesni"
#endif
#define AESNI_INLINE static inline __attribute__((always_inline)) AESNI_TARGET

/* clear_simd(): zeroes the vector registers, which hold round keys and AES states when a kernel
 * returns (the driver zeroes the stack they may have spilled to). */
#define SIMD_CLEAR_TARGET AESNI_TARGET
#ifdef KW_AESNI_AVX
#define SIMD_CLEAR_AVX 1
#endif
#include "simd_clear.h"

#define AESNI_LANES 8
#define RK_PER_LANE 15 /* AES-256: 14 rounds + 1 */

_Static_assert(AESNI_LANES *RK_PER_LANE * 16 <= KW_SCHED_BYTES, "AES-NI schedules fit the buffer");

static const uint8_t RCON[11] = {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};

/* x ^ (x << 32) ^ (x << 64) ^ (x << 96): the running XOR of the previous round key's words. */
AESNI_INLINE __m128i prefix_xor(__m128i x) {
    x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
    return _mm_xor_si128(x, _mm_slli_si128(x, 8));
}

/* SubWord(RotWord(word 3 of x)) ^ rcon in every word. */
AESNI_INLINE __m128i sub_rot3(__m128i x, int rcon) {
    const __m128i rot3 = _mm_set1_epi32(0x0c0f0e0d);
    return _mm_aesenclast_si128(_mm_shuffle_epi8(x, rot3), _mm_set1_epi32(rcon));
}

/* SubWord(word 3 of x) in every word (AES-256's odd steps). */
AESNI_INLINE __m128i sub3(__m128i x) {
    return _mm_aesenclast_si128(_mm_shuffle_epi32(x, 0xff), _mm_setzero_si128());
}

/*
 * Key expansion of W lanes at once (W a compile-time constant, so k0[w]/k1[w] live in
 * registers): step-major, so W independent dependency chains (PSHUFB -> AESENCLAST -> PXOR per
 * step) interleave instead of each key waiting on its own latency. Lane w's schedule goes to
 * rk + (first + w) * RK_PER_LANE.
 */
#define EXP_W 4

/* AES-128: o[0..10] (FIPS 197 sec. 5.2). */
AESNI_INLINE void expand128(__m128i *rk, const uint8_t *const *keks, int first, const int W) {
    __m128i k[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k[w] = _mm_loadu_si128((const __m128i *)keks[first + w]);
        rk[(first + w) * RK_PER_LANE] = k[w];
    }
    _Pragma("GCC unroll 10") for (int r = 1; r <= 10; r++) {
        LANES for (int w = 0; w < W; w++) {
            k[w] = _mm_xor_si128(prefix_xor(k[w]), sub_rot3(k[w], RCON[r]));
            rk[(first + w) * RK_PER_LANE + r] = k[w];
        }
    }
}

/* AES-256: o[0..14]; even round keys take SubWord(RotWord) ^ Rcon, odd ones SubWord only. */
AESNI_INLINE void expand256(__m128i *rk, const uint8_t *const *keks, int first, const int W) {
    __m128i k0[EXP_W], k1[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k0[w] = _mm_loadu_si128((const __m128i *)keks[first + w]);
        k1[w] = _mm_loadu_si128((const __m128i *)(keks[first + w] + 16));
        rk[(first + w) * RK_PER_LANE] = k0[w];
        rk[(first + w) * RK_PER_LANE + 1] = k1[w];
    }
    _Pragma("GCC unroll 7") for (int r = 2; r <= 14; r += 2) {
        LANES for (int w = 0; w < W; w++) {
            k0[w] = _mm_xor_si128(prefix_xor(k0[w]), sub_rot3(k1[w], RCON[r / 2]));
            rk[(first + w) * RK_PER_LANE + r] = k0[w];
        }
        if (r == 14) break;
        LANES for (int w = 0; w < W; w++) {
            k1[w] = _mm_xor_si128(prefix_xor(k1[w]), sub3(k0[w]));
            rk[(first + w) * RK_PER_LANE + r + 1] = k1[w];
        }
    }
}

/*
 * AES-192 (Nk = 6): 6-word steps packed into 4-word round keys o[0..12], as in Intel's AES-NI
 * white paper, with AESENCLAST for SubWord(RotWord(w)) ^ Rcon. k0 holds words 0..3 of a step,
 * k1 words 4..5 in its low half (its upper half is never used).
 */
AESNI_INLINE void expand192(__m128i *rk, const uint8_t *const *keks, int first, const int W) {
    const __m128i rot1 = _mm_set1_epi32(0x04070605); /* RotWord of word 1, in every word */
    __m128i k0[EXP_W], k1[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k0[w] = _mm_loadu_si128((const __m128i *)keks[first + w]);
        k1[w] = _mm_loadl_epi64((const __m128i *)(keks[first + w] + 16)); /* 8 bytes: no over-read */
        rk[(first + w) * RK_PER_LANE] = k0[w];
    }
    /* Eight steps (Rcon 1..0x80) give words 6..51: round keys 1..12. */
    _Pragma("GCC unroll 8") for (int s = 1; s <= 8; s++) {
        LANES for (int w = 0; w < W; w++) {
            __m128i *o = rk + (first + w) * RK_PER_LANE;
            const __m128i prev1 = k1[w];
            const __m128i t = _mm_aesenclast_si128(_mm_shuffle_epi8(k1[w], rot1), _mm_set1_epi32(RCON[s]));
            k0[w] = _mm_xor_si128(prefix_xor(k0[w]), t);
            k1[w] = _mm_xor_si128(_mm_xor_si128(k1[w], _mm_slli_si128(k1[w], 4)), _mm_shuffle_epi32(k0[w], 0xff));
            /* Step s yields words 6s..6s+5; with prev1 = words 6s-2, 6s-1 they fill round keys:
             * odd s = 2m+1: keys 3m+1 = prev1 | k0.lo and 3m+2 = k0.hi | k1.lo; even s = 2m: key 3m = k0. */
            if (s % 2 == 1) {
                o[3 * (s / 2) + 1] =
                    _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(prev1), _mm_castsi128_pd(k0[w]), 0));
                o[3 * (s / 2) + 2] =
                    _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(k0[w]), _mm_castsi128_pd(k1[w]), 1));
            } else {
                o[3 * (s / 2)] = k0[w];
            }
        }
    }
}

/* Encryption schedules of lanes [0, lanes): rk[l * RK_PER_LANE + r], EXP_W lanes at a time. */
AESNI_TARGET static void expand_enc(__m128i *rk, const uint8_t *const *keks, int lanes, int kek_len) {
    int l = 0;
    switch (kek_len) {
    case 16:
        for (; l + EXP_W <= lanes; l += EXP_W) expand128(rk, keks, l, EXP_W);
        for (; l < lanes; l++) expand128(rk, keks, l, 1);
        break;
    case 24:
        for (; l + EXP_W <= lanes; l += EXP_W) expand192(rk, keks, l, EXP_W);
        for (; l < lanes; l++) expand192(rk, keks, l, 1);
        break;
    default:
        for (; l + EXP_W <= lanes; l += EXP_W) expand256(rk, keks, l, EXP_W);
        for (; l < lanes; l++) expand256(rk, keks, l, 1);
        break;
    }
}

/* Turns encryption schedules into decryption ones in place (reverse order, AESIMC in the middle). */
AESNI_TARGET static void enc_to_dec(__m128i *rk, int lanes, int rounds) {
    for (int l = 0; l < lanes; l++) {
        __m128i *k = rk + l * RK_PER_LANE;
        for (int a = 0, b = rounds; a < b; a++, b--) {
            const __m128i t = k[a];
            k[a] = k[b];
            k[b] = t;
        }
        for (int r = 1; r < rounds; r++) k[r] = _mm_aesimc_si128(k[r]);
    }
}

AESNI_TARGET static void aesni_expand(void *sched, const uint8_t *const *keks, int lanes, int kek_len, int dec,
                                      int one_key) {
    __m128i *rk = sched;
    const int rounds = kek_len / 4 + 6;
    const int expand_lanes = one_key ? 1 : lanes; /* one KEK: lane 0 only, all aesni_run reads */
    expand_enc(rk, keks, expand_lanes, kek_len);
    if (dec) enc_to_dec(rk, expand_lanes, rounds);
}

/*
 * L lanes in lock-step; L is a compile-time constant in each instantiation below. K (constant):
 * one KEK for every lane, lane 0's schedule; each round key is then loaded once per round for
 * all lanes and the t-folded key computed once per step (16 xmm registers do not hold 15 round
 * keys next to 8 states, so they stay in memory, unlike the VAES one-key kernel).
 */
AESNI_INLINE void run_lanes(const __m128i *rk, uint8_t *work, int n, int rounds, int dec, const int L, const int K) {
    const int stride = K ? 0 : RK_PER_LANE; /* schedule of lane l at rk + l * stride */
    __m128i s[AESNI_LANES], x[AESNI_LANES];
    LANES for (int l = 0; l < L; l++) s[l] = _mm_loadu_si128((const __m128i *)(work + 16 * l));
    if (n == 1) { /* KWP single block: AES-ECB */
        LANES for (int l = 0; l < L; l++) x[l] = _mm_xor_si128(s[l], rk[l * stride]);
        for (int r = 1; r < rounds; r++) {
            LANES for (int l = 0; l < L; l++) {
                x[l] = dec ? _mm_aesdec_si128(x[l], rk[l * stride + r]) : _mm_aesenc_si128(x[l], rk[l * stride + r]);
            }
        }
        LANES for (int l = 0; l < L; l++) {
            s[l] = dec ? _mm_aesdeclast_si128(x[l], rk[l * stride + rounds])
                       : _mm_aesenclast_si128(x[l], rk[l * stride + rounds]);
            _mm_storeu_si128((__m128i *)(work + 16 * l), s[l]);
        }
        return;
    }
    if (!dec) {
        /* Invariant: the low half of s[l] is A. B = AES(K, A | R[i]); A = MSB(B) ^ t; R[i] = LSB(B). */
        for (int j = 0; j <= 5; j++) {
            for (int i = 1; i <= n; i++) {
                const __m128i tv = _mm_cvtsi64_si128((long long)kw_t_le((uint64_t)(n * j + i)));
                uint8_t *row = work + (size_t)i * KW_ROW_STRIDE;
                LANES for (int l = 0; l < L; l++) {
                    const __m128i ri = _mm_loadu_si128((const __m128i *)(row + 16 * l));
                    x[l] = _mm_xor_si128(_mm_blend_epi16(s[l], ri, 0xF0), rk[l * stride]);
                }
                for (int r = 1; r < rounds; r++) {
                    LANES for (int l = 0; l < L; l++) x[l] = _mm_aesenc_si128(x[l], rk[l * stride + r]);
                }
                /* A = MSB(B) ^ t: t folded into the last round key, off the dependency chain
                 * (those keys first, before any store, so one KEK computes it once). */
                __m128i kt[AESNI_LANES];
                LANES for (int l = 0; l < L; l++) kt[l] = _mm_xor_si128(rk[l * stride + rounds], tv);
                LANES for (int l = 0; l < L; l++) {
                    s[l] = _mm_aesenclast_si128(x[l], kt[l]);
                    _mm_storeu_si128((__m128i *)(row + 16 * l), s[l]);
                }
            }
        }
    } else {
        /* RFC 3394 sec. 2.2.2: B = AES-1(K, (A ^ t) | R[i]); A = MSB(B); R[i] = LSB(B). */
        for (int j = 5; j >= 0; j--) {
            for (int i = n; i >= 1; i--) {
                const __m128i tv = _mm_cvtsi64_si128((long long)kw_t_le((uint64_t)(n * j + i)));
                uint8_t *row = work + (size_t)i * KW_ROW_STRIDE;
                LANES for (int l = 0; l < L; l++) {
                    const __m128i ri = _mm_loadu_si128((const __m128i *)(row + 16 * l));
                    /* (A ^ t) | R[i], then the first round key: t folded into that key. */
                    x[l] = _mm_xor_si128(_mm_blend_epi16(s[l], ri, 0xF0), _mm_xor_si128(rk[l * stride], tv));
                }
                for (int r = 1; r < rounds; r++) {
                    LANES for (int l = 0; l < L; l++) x[l] = _mm_aesdec_si128(x[l], rk[l * stride + r]);
                }
                LANES for (int l = 0; l < L; l++) {
                    s[l] = _mm_aesdeclast_si128(x[l], rk[l * stride + rounds]);
                    _mm_storeu_si128((__m128i *)(row + 16 * l), s[l]);
                }
            }
        }
    }
    LANES for (int l = 0; l < L; l++) _mm_storeu_si128((__m128i *)(work + 16 * l), s[l]);
}

/* One instantiation per (lanes, direction, one KEK): constant L and dec let the compiler keep
 * every lane's state in a register and drop the direction tests from the round loop. */
#define RUN_LANES(L)                                                                                                   \
    AESNI_TARGET static void run_enc_##L(const __m128i *rk, uint8_t *work, int n, int rounds) {                        \
        run_lanes(rk, work, n, rounds, 0, L, 0);                                                                       \
    }                                                                                                                  \
    AESNI_TARGET static void run_dec_##L(const __m128i *rk, uint8_t *work, int n, int rounds) {                        \
        run_lanes(rk, work, n, rounds, 1, L, 0);                                                                       \
    }                                                                                                                  \
    AESNI_TARGET static void run1_enc_##L(const __m128i *rk, uint8_t *work, int n, int rounds) {                       \
        run_lanes(rk, work, n, rounds, 0, L, 1);                                                                       \
    }                                                                                                                  \
    AESNI_TARGET static void run1_dec_##L(const __m128i *rk, uint8_t *work, int n, int rounds) {                       \
        run_lanes(rk, work, n, rounds, 1, L, 1);                                                                       \
    }
RUN_LANES(1)
RUN_LANES(2)
RUN_LANES(3)
RUN_LANES(4)
RUN_LANES(5)
RUN_LANES(6)
RUN_LANES(7)
RUN_LANES(8)

typedef void (*run_fn)(const __m128i *, uint8_t *, int, int);

static int aesni_run(const kw_res *res, const void *sched, uint8_t *work, int lanes, int n, int rounds, int dec,
                     int one_key) {
    (void)res;
    static const run_fn fns[2][2][AESNI_LANES + 1] = {
        {
            {NULL, run_enc_1, run_enc_2, run_enc_3, run_enc_4, run_enc_5, run_enc_6, run_enc_7, run_enc_8},
            {NULL, run_dec_1, run_dec_2, run_dec_3, run_dec_4, run_dec_5, run_dec_6, run_dec_7, run_dec_8},
        },
        {
            {NULL, run1_enc_1, run1_enc_2, run1_enc_3, run1_enc_4, run1_enc_5, run1_enc_6, run1_enc_7, run1_enc_8},
            {NULL, run1_dec_1, run1_dec_2, run1_dec_3, run1_dec_4, run1_dec_5, run1_dec_6, run1_dec_7, run1_dec_8},
        },
    };
    fns[one_key != 0][dec != 0][lanes]((const __m128i *)sched, work, n, rounds);
    clear_simd();
    return 1;
}

const kw_kernel AESNI_SYM(gkm_kw_kernel_aesni) = {
    .name = AESNI_NAME,
    .max_lanes = AESNI_LANES,
    .quantum = 1,
    .sched_bytes_per_lane = RK_PER_LANE * 16,
    .open = NULL,
    .close = NULL,
    .expand = aesni_expand,
    .run = aesni_run,
};

/* ------------------------------------------------------------------ single lane, in place */

AESNI_INLINE __m128i enc_block(__m128i x, const __m128i *rk, int rounds) {
    x = _mm_xor_si128(x, rk[0]);
    for (int r = 1; r < rounds; r++) x = _mm_aesenc_si128(x, rk[r]);
    return _mm_aesenclast_si128(x, rk[rounds]);
}

AESNI_INLINE __m128i dec_block(__m128i x, const __m128i *dk, int rounds) {
    x = _mm_xor_si128(x, dk[0]);
    for (int r = 1; r < rounds; r++) x = _mm_aesdec_si128(x, dk[r]);
    return _mm_aesdeclast_si128(x, dk[rounds]);
}

AESNI_TARGET int AESNI_SYM(gkm_kw_single_aesni)(const kw_res *res, int dec, int32_t mode, const uint8_t *kek,
                                                int32_t kek_len, const uint8_t *in, int32_t in_len, uint8_t *out,
                                                int32_t *out_len) {
    (void)res;
    __m128i rk[RK_PER_LANE];
    const int rounds = kek_len / 4 + 6;
    expand_enc(rk, &kek, 1, kek_len);
    int ok = 1;
    if (!dec) {
        const int32_t n = mode == GKM_KW_MODE_KW ? in_len / 8 : (in_len + 7) / 8;
        const uint64_t a0 = mode == GKM_KW_MODE_KW ? kw_load64((const uint8_t *)KW_IV_BYTES) : kw_aiv(in_len);
        /* In place: R[i] at out[8i..8i+8); memmove allows out == in. */
        memmove(out + 8, in, (size_t)in_len);
        memset(out + 8 + in_len, 0, (size_t)(8 * n - in_len)); /* KWP zero padding */
        if (n == 1) {
            const __m128i b = _mm_set_epi64x((long long)kw_load64(out + 8), (long long)a0);
            _mm_storeu_si128((__m128i *)out, enc_block(b, rk, rounds));
        } else {
            __m128i s = _mm_cvtsi64_si128((long long)a0);
            for (int j = 0; j <= 5; j++) {
                for (int32_t i = 1; i <= n; i++) {
                    uint8_t *ri = out + 8 * i;
                    __m128i b = _mm_unpacklo_epi64(s, _mm_loadl_epi64((const __m128i *)ri));
                    b = enc_block(b, rk, rounds);
                    kw_store64(ri, (uint64_t)_mm_extract_epi64(b, 1));
                    s = _mm_xor_si128(b, _mm_cvtsi64_si128((long long)kw_t_le((uint64_t)n * j + (uint64_t)i)));
                }
            }
            _mm_storel_epi64((__m128i *)out, s);
        }
        *out_len = 8 * (n + 1);
    } else {
        const int32_t n = in_len / 8 - 1;
        enc_to_dec(rk, 1, rounds);
        uint64_t a;
        if (n == 1) {
            const __m128i b = dec_block(_mm_loadu_si128((const __m128i *)in), rk, rounds);
            a = (uint64_t)_mm_cvtsi128_si64(b);
            kw_store64(out, (uint64_t)_mm_extract_epi64(b, 1));
        } else {
            __m128i s = _mm_loadl_epi64((const __m128i *)in); /* A, read before the move */
            memmove(out, in + 8, (size_t)in_len - 8);
            for (int j = 5; j >= 0; j--) {
                for (int32_t i = n; i >= 1; i--) {
                    uint8_t *ri = out + 8 * (i - 1);
                    s = _mm_xor_si128(s, _mm_cvtsi64_si128((long long)kw_t_le((uint64_t)n * j + (uint64_t)i)));
                    __m128i b = _mm_unpacklo_epi64(s, _mm_loadl_epi64((const __m128i *)ri));
                    b = dec_block(b, rk, rounds);
                    kw_store64(ri, (uint64_t)_mm_extract_epi64(b, 1));
                    s = b;
                }
            }
            a = (uint64_t)_mm_cvtsi128_si64(s);
        }
        const int32_t plen = kw_check(mode, a, kw_load64(out + 8 * (n - 1)), n);
        if (plen == 0) {
            memset(out, 0, (size_t)in_len - 8);
            ok = 0;
        }
        *out_len = plen;
    }
    kw_cleanse(rk, sizeof rk);
    clear_simd();
    return ok;
}

#endif /* __x86_64__ */
