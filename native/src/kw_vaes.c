/*
 * VAES / AVX-512 key-wrap kernel: 4 lanes per zmm register (one 128-bit AES block each), up to
 * 8 zmm (32 lanes) in lock-step, so the AES unit (one 512-bit AESENC per cycle, 3-cycle latency
 * here) always has independent work. Same algorithm and work-buffer layout as the AES-NI kernel
 * (kw_lanes.h); the row layout puts the 4 lanes of a zmm next to each other, so building
 * A | R[i] for 4 lanes is one merge-masked load (odd qwords from memory, even ones = A).
 *
 * Key expansion runs 4 lanes per instruction: VPSHUFB broadcasts RotWord(last word) within each
 * 128-bit lane, VAESENCLAST with Rcon gives SubWord ^ Rcon (ShiftRows is a no-op on equal
 * columns), VPSLLDQ works per 128-bit lane. There is no 512-bit AESIMC, so InvMixColumns for the
 * decryption schedule is AESDEC(AESENCLAST(x, 0), 0) (InvShiftRows/InvSubBytes undo
 * ShiftRows/SubBytes, which commute, leaving InvMixColumns).
 */
#if defined(__x86_64__)
#include <immintrin.h>

#include "gkm_internal.h"
#include "kw_lanes.h"

/* The lane loops must be unrolled so the lanes' states stay in registers (GCC does not at -O2). */
#define LANES _Pragma("GCC unroll 8")

#define VAES_TARGET __attribute__((target("vaes,avx512f,avx512bw,avx512vl,aes,sse4.1,ssse3")))
#define VAES_INLINE static inline __attribute__((always_inline)) VAES_TARGET

/* clear_simd(): zeroes the vector registers (zmm0-31), which hold round keys and AES states when
 * the kernel returns (the driver zeroes the stack they may have spilled to). */
#define SIMD_CLEAR_TARGET VAES_TARGET
#define SIMD_CLEAR_AVX    1
#define SIMD_CLEAR_AVX512 1
#include "simd_clear.h"

#define VAES_GROUPS  8 /* zmm registers in flight */
#define RK_PER_GROUP 15

_Static_assert(VAES_GROUPS * 4 == KW_MAX_LANES, "lane count");
_Static_assert(VAES_GROUPS *RK_PER_GROUP * 64 <= KW_SCHED_BYTES, "VAES schedules fit the buffer");

static const uint8_t RCON[9] = {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};

VAES_INLINE __m512i prefix_xor(__m512i x) {
    x = _mm512_xor_si512(x, _mm512_bslli_epi128(x, 4));
    return _mm512_xor_si512(x, _mm512_bslli_epi128(x, 8));
}

VAES_INLINE __m512i sub_rot(__m512i x, int mask, int rcon) {
    return _mm512_aesenclast_epi128(_mm512_shuffle_epi8(x, _mm512_set1_epi32(mask)), _mm512_set1_epi32(rcon));
}

VAES_INLINE __m512i sub3(__m512i x) {
    return _mm512_aesenclast_epi128(_mm512_shuffle_epi32(x, (_MM_PERM_ENUM)0xff), _mm512_setzero_si512());
}

/* The 16 bytes at p[0..3] + off, one per 128-bit lane (len 8: the low 8 bytes, rest zero). */
VAES_INLINE __m512i load4(const uint8_t *const *p, int off, int len) {
    __m128i v[4];
    for (int k = 0; k < 4; k++) {
        v[k] =
            len == 16 ? _mm_loadu_si128((const __m128i *)(p[k] + off)) : _mm_loadl_epi64((const __m128i *)(p[k] + off));
    }
    __m512i z = _mm512_castsi128_si512(v[0]);
    z = _mm512_inserti32x4(z, v[1], 1);
    z = _mm512_inserti32x4(z, v[2], 2);
    return _mm512_inserti32x4(z, v[3], 3);
}

/*
 * Key expansion of W zmm groups (4W lanes) at once, W a compile-time constant so the states stay
 * in registers and the W independent step chains interleave (as in kw_aesni.c). Group w's
 * schedule goes to rk + (first + w) * RK_PER_GROUP. D (constant) 1 writes the decryption schedule
 * of the equivalent inverse cipher straight away (round key r to slot R - r, InvMixColumns on the
 * middle ones) instead of reversing the encryption schedule in a second pass over memory.
 */
#define EXP_W 2

static const uint8_t RCON128[11] = {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};

/* InvMixColumns of each 128-bit lane: no 512-bit AESIMC, so AESDEC(AESENCLAST(x, 0), 0)
 * (InvShiftRows/InvSubBytes undo ShiftRows/SubBytes, which commute, leaving InvMixColumns). */
VAES_INLINE __m512i inv_mix(__m512i x) {
    return _mm512_aesdec_epi128(_mm512_aesenclast_epi128(x, _mm512_setzero_si512()), _mm512_setzero_si512());
}

/* Stores encryption round key r (of R rounds) of one group: as is, or for D its decryption slot. */
VAES_INLINE void put_key(__m512i *o, int r, const int R, __m512i k, const int D) {
    if (!D) {
        o[r] = k;
    } else {
        o[R - r] = r == 0 || r == R ? k : inv_mix(k);
    }
}

VAES_INLINE void expand128(__m512i *rk, const uint8_t *const *keks, int first, const int W, const int D) {
    __m512i k[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k[w] = load4(keks + 4 * (first + w), 0, 16);
        put_key(rk + (first + w) * RK_PER_GROUP, 0, 10, k[w], D);
    }
    _Pragma("GCC unroll 10") for (int r = 1; r <= 10; r++) {
        LANES for (int w = 0; w < W; w++) {
            k[w] = _mm512_xor_si512(prefix_xor(k[w]), sub_rot(k[w], 0x0c0f0e0d, RCON128[r]));
            put_key(rk + (first + w) * RK_PER_GROUP, r, 10, k[w], D);
        }
    }
}

VAES_INLINE void expand256(__m512i *rk, const uint8_t *const *keks, int first, const int W, const int D) {
    __m512i k0[EXP_W], k1[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k0[w] = load4(keks + 4 * (first + w), 0, 16);
        k1[w] = load4(keks + 4 * (first + w), 16, 16);
        put_key(rk + (first + w) * RK_PER_GROUP, 0, 14, k0[w], D);
        put_key(rk + (first + w) * RK_PER_GROUP, 1, 14, k1[w], D);
    }
    _Pragma("GCC unroll 7") for (int r = 2; r <= 14; r += 2) {
        LANES for (int w = 0; w < W; w++) {
            k0[w] = _mm512_xor_si512(prefix_xor(k0[w]), sub_rot(k1[w], 0x0c0f0e0d, RCON[r / 2]));
            put_key(rk + (first + w) * RK_PER_GROUP, r, 14, k0[w], D);
        }
        if (r == 14) break;
        LANES for (int w = 0; w < W; w++) {
            k1[w] = _mm512_xor_si512(prefix_xor(k1[w]), sub3(k0[w]));
            put_key(rk + (first + w) * RK_PER_GROUP, r + 1, 14, k1[w], D);
        }
    }
}

/* AES-192: as expand192 in kw_aesni.c, 4 lanes per zmm. */
VAES_INLINE void expand192(__m512i *rk, const uint8_t *const *keks, int first, const int W, const int D) {
    __m512i k0[EXP_W], k1[EXP_W];
    LANES for (int w = 0; w < W; w++) {
        k0[w] = load4(keks + 4 * (first + w), 0, 16);
        k1[w] = load4(keks + 4 * (first + w), 16, 8);
        put_key(rk + (first + w) * RK_PER_GROUP, 0, 12, k0[w], D);
    }
    _Pragma("GCC unroll 8") for (int s = 1; s <= 8; s++) {
        LANES for (int w = 0; w < W; w++) {
            __m512i *o = rk + (first + w) * RK_PER_GROUP;
            const __m512i prev1 = k1[w];
            k0[w] = _mm512_xor_si512(prefix_xor(k0[w]), sub_rot(k1[w], 0x04070605, RCON[s]));
            k1[w] = _mm512_xor_si512(_mm512_xor_si512(k1[w], _mm512_bslli_epi128(k1[w], 4)),
                                     _mm512_shuffle_epi32(k0[w], (_MM_PERM_ENUM)0xff));
            if (s % 2 == 1) {
                put_key(o, 3 * (s / 2) + 1, 12,
                        _mm512_castpd_si512(
                            _mm512_shuffle_pd(_mm512_castsi512_pd(prev1), _mm512_castsi512_pd(k0[w]), 0x00)),
                        D);
                put_key(o, 3 * (s / 2) + 2, 12,
                        _mm512_castpd_si512(
                            _mm512_shuffle_pd(_mm512_castsi512_pd(k0[w]), _mm512_castsi512_pd(k1[w]), 0x55)),
                        D);
            } else {
                put_key(o, 3 * (s / 2), 12, k0[w], D);
            }
        }
    }
}

/* Schedules of groups [0, groups): rk[g * RK_PER_GROUP + r], 4 lanes per zmm; encryption
 * schedules (D 0) or decryption schedules (D 1). */
VAES_INLINE void expand_groups_impl(__m512i *rk, const uint8_t *const *keks, int groups, int kek_len, const int D) {
    int g = 0;
    switch (kek_len) {
    case 16:
        for (; g + EXP_W <= groups; g += EXP_W) expand128(rk, keks, g, EXP_W, D);
        for (; g < groups; g++) expand128(rk, keks, g, 1, D);
        break;
    case 24:
        for (; g + EXP_W <= groups; g += EXP_W) expand192(rk, keks, g, EXP_W, D);
        for (; g < groups; g++) expand192(rk, keks, g, 1, D);
        break;
    default:
        for (; g + EXP_W <= groups; g += EXP_W) expand256(rk, keks, g, EXP_W, D);
        for (; g < groups; g++) expand256(rk, keks, g, 1, D);
        break;
    }
}

VAES_TARGET static void expand_enc(__m512i *rk, const uint8_t *const *keks, int groups, int kek_len) {
    expand_groups_impl(rk, keks, groups, kek_len, 0);
}

VAES_TARGET static void expand_dec(__m512i *rk, const uint8_t *const *keks, int groups, int kek_len) {
    expand_groups_impl(rk, keks, groups, kek_len, 1);
}

VAES_TARGET static void vaes_expand(void *sched, const uint8_t *const *keks, int lanes, int kek_len, int dec,
                                    int one_key) {
    __m512i *rk = sched;
    const int groups = lanes / 4;
    const uint8_t *const same[4] = {keks[0], keks[0], keks[0], keks[0]};
    /* One KEK: group 0 only (vaes_run with one_key reads nothing else). */
    const int expand_groups = one_key ? 1 : groups;
    if (dec) {
        expand_dec(rk, one_key ? same : keks, expand_groups, kek_len);
    } else {
        expand_enc(rk, one_key ? same : keks, expand_groups, kek_len);
    }
}

/* G zmm groups (4G lanes) in lock-step; G is a compile-time constant in each instantiation. */
VAES_INLINE void run_groups(const __m512i *rk, uint8_t *work, int n, int rounds, int dec, const int G) {
    __m512i s[VAES_GROUPS], x[VAES_GROUPS];
    LANES for (int g = 0; g < G; g++) s[g] = _mm512_loadu_si512(work + 64 * g);
    if (n == 1) { /* KWP single block: AES-ECB */
        LANES for (int g = 0; g < G; g++) x[g] = _mm512_xor_si512(s[g], rk[g * RK_PER_GROUP]);
        for (int r = 1; r < rounds; r++) {
            LANES for (int g = 0; g < G; g++) {
                x[g] = dec ? _mm512_aesdec_epi128(x[g], rk[g * RK_PER_GROUP + r])
                           : _mm512_aesenc_epi128(x[g], rk[g * RK_PER_GROUP + r]);
            }
        }
        LANES for (int g = 0; g < G; g++) {
            s[g] = dec ? _mm512_aesdeclast_epi128(x[g], rk[g * RK_PER_GROUP + rounds])
                       : _mm512_aesenclast_epi128(x[g], rk[g * RK_PER_GROUP + rounds]);
            _mm512_storeu_si512(work + 64 * g, s[g]);
        }
        return;
    }
    if (!dec) {
        /* Even qwords of s[g] are the lanes' A; odd qwords come from row i (R[i]). */
        for (int j = 0; j <= 5; j++) {
            for (int i = 1; i <= n; i++) {
                const __m512i tv = _mm512_maskz_set1_epi64(0x55, (long long)kw_t_le((uint64_t)(n * j + i)));
                uint8_t *row = work + (size_t)i * KW_ROW_STRIDE;
                LANES for (int g = 0; g < G; g++) {
                    x[g] = _mm512_xor_si512(_mm512_mask_loadu_epi64(s[g], 0xAA, row + 64 * g), rk[g * RK_PER_GROUP]);
                }
                _Pragma("GCC unroll 14") for (int r = 1; r < rounds; r++) {
                    LANES for (int g = 0; g < G; g++) x[g] = _mm512_aesenc_epi128(x[g], rk[g * RK_PER_GROUP + r]);
                }
                LANES for (int g = 0; g < G; g++) {
                    s[g] = _mm512_aesenclast_epi128(x[g], _mm512_xor_si512(rk[g * RK_PER_GROUP + rounds], tv));
                    _mm512_storeu_si512(row + 64 * g, s[g]);
                }
            }
        }
    } else {
        for (int j = 5; j >= 0; j--) {
            for (int i = n; i >= 1; i--) {
                const __m512i tv = _mm512_maskz_set1_epi64(0x55, (long long)kw_t_le((uint64_t)(n * j + i)));
                uint8_t *row = work + (size_t)i * KW_ROW_STRIDE;
                LANES for (int g = 0; g < G; g++) {
                    x[g] = _mm512_xor_si512(_mm512_mask_loadu_epi64(s[g], 0xAA, row + 64 * g),
                                            _mm512_xor_si512(rk[g * RK_PER_GROUP], tv));
                }
                _Pragma("GCC unroll 14") for (int r = 1; r < rounds; r++) {
                    LANES for (int g = 0; g < G; g++) x[g] = _mm512_aesdec_epi128(x[g], rk[g * RK_PER_GROUP + r]);
                }
                LANES for (int g = 0; g < G; g++) {
                    s[g] = _mm512_aesdeclast_epi128(x[g], rk[g * RK_PER_GROUP + rounds]);
                    _mm512_storeu_si512(row + 64 * g, s[g]);
                }
            }
        }
    }
    LANES for (int g = 0; g < G; g++) _mm512_storeu_si512(work + 64 * g, s[g]);
}

/*
 * One KEK for the whole chunk: every group runs under group 0's schedule (the key broadcast to
 * the 4 lanes; expand() with one_key writes nothing else). rounds R is a compile-time constant,
 * so the round loop unrolls, and the key with t folded in (the last key for wrap, the first for
 * unwrap) is computed once per step for all groups instead of once per group (figures:
 * docs/performance-notes.md#one-kek-vaes-variant). The round keys stay memory operands of
 * VAESENC (one L1 line, shared by all groups): holding all 15 in zmm registers gained nothing,
 * and GCC then spilled some of them to the
 * stack, where nothing would cleanse them.
 */
VAES_INLINE void run_groups_1k(const __m512i *rk, uint8_t *work, int n, int dec, const int G, const int R) {
    const __m512i *const k = rk; /* group 0 */
    __m512i s[VAES_GROUPS], x[VAES_GROUPS];
    LANES for (int g = 0; g < G; g++) s[g] = _mm512_loadu_si512(work + 64 * g);
    if (n == 1) { /* KWP single block: AES-ECB */
        LANES for (int g = 0; g < G; g++) x[g] = _mm512_xor_si512(s[g], k[0]);
        _Pragma("GCC unroll 14") for (int r = 1; r < R; r++) {
            LANES for (int g = 0; g < G; g++) {
                x[g] = dec ? _mm512_aesdec_epi128(x[g], k[r]) : _mm512_aesenc_epi128(x[g], k[r]);
            }
        }
        LANES for (int g = 0; g < G; g++) {
            s[g] = dec ? _mm512_aesdeclast_epi128(x[g], k[R]) : _mm512_aesenclast_epi128(x[g], k[R]);
            _mm512_storeu_si512(work + 64 * g, s[g]);
        }
    } else if (!dec) {
        for (int j = 0; j <= 5; j++) {
            uint8_t *row = work + KW_ROW_STRIDE;
            for (int i = 1; i <= n; i++, row += KW_ROW_STRIDE) {
                const __m512i kt =
                    _mm512_xor_si512(k[R], _mm512_maskz_set1_epi64(0x55, (long long)kw_t_le((uint64_t)(n * j + i))));
                LANES for (int g = 0; g < G; g++) {
                    x[g] = _mm512_xor_si512(_mm512_mask_loadu_epi64(s[g], 0xAA, row + 64 * g), k[0]);
                }
                _Pragma("GCC unroll 14") for (int r = 1; r < R; r++) {
                    LANES for (int g = 0; g < G; g++) x[g] = _mm512_aesenc_epi128(x[g], k[r]);
                }
                LANES for (int g = 0; g < G; g++) {
                    s[g] = _mm512_aesenclast_epi128(x[g], kt);
                    _mm512_storeu_si512(row + 64 * g, s[g]);
                }
            }
        }
        LANES for (int g = 0; g < G; g++) _mm512_storeu_si512(work + 64 * g, s[g]);
    } else {
        for (int j = 5; j >= 0; j--) {
            uint8_t *row = work + (size_t)n * KW_ROW_STRIDE;
            for (int i = n; i >= 1; i--, row -= KW_ROW_STRIDE) {
                const __m512i kt =
                    _mm512_xor_si512(k[0], _mm512_maskz_set1_epi64(0x55, (long long)kw_t_le((uint64_t)(n * j + i))));
                LANES for (int g = 0; g < G; g++) {
                    x[g] = _mm512_xor_si512(_mm512_mask_loadu_epi64(s[g], 0xAA, row + 64 * g), kt);
                }
                _Pragma("GCC unroll 14") for (int r = 1; r < R; r++) {
                    LANES for (int g = 0; g < G; g++) x[g] = _mm512_aesdec_epi128(x[g], k[r]);
                }
                LANES for (int g = 0; g < G; g++) {
                    s[g] = _mm512_aesdeclast_epi128(x[g], k[R]);
                    _mm512_storeu_si512(row + 64 * g, s[g]);
                }
            }
        }
        LANES for (int g = 0; g < G; g++) _mm512_storeu_si512(work + 64 * g, s[g]);
    }
}

/* One instantiation per (zmm groups, direction), as in kw_aesni.c. */
#define RUN_GROUPS(G)                                                                                                  \
    VAES_TARGET static void run_enc_##G(const __m512i *rk, uint8_t *work, int n, int rounds) {                         \
        run_groups(rk, work, n, rounds, 0, G);                                                                         \
    }                                                                                                                  \
    VAES_TARGET static void run_dec_##G(const __m512i *rk, uint8_t *work, int n, int rounds) {                         \
        run_groups(rk, work, n, rounds, 1, G);                                                                         \
    }
RUN_GROUPS(1)
RUN_GROUPS(2)
RUN_GROUPS(3)
RUN_GROUPS(4)
RUN_GROUPS(5)
RUN_GROUPS(6)
RUN_GROUPS(7)
RUN_GROUPS(8)

typedef void (*run_fn)(const __m512i *, uint8_t *, int, int);

/* One-KEK instantiations per (rounds, direction, zmm groups). */
typedef void (*run1_fn)(const __m512i *, uint8_t *, int);
#define RUN1(R, D, G)                                                                                                  \
    VAES_TARGET static void run1_##R##_##D##_##G(const __m512i *rk, uint8_t *work, int n) {                            \
        run_groups_1k(rk, work, n, D, G, R);                                                                           \
    }
#define RUN1_G(R, D)                                                                                                   \
    RUN1(R, D, 1) RUN1(R, D, 2) RUN1(R, D, 3) RUN1(R, D, 4) RUN1(R, D, 5) RUN1(R, D, 6) RUN1(R, D, 7) RUN1(R, D, 8)
RUN1_G(10, 0)
RUN1_G(10, 1)
RUN1_G(12, 0)
RUN1_G(12, 1)
RUN1_G(14, 0)
RUN1_G(14, 1)
#define RUN1_ROW(R, D)                                                                                                 \
    {                                                                                                                  \
        NULL, run1_##R##_##D##_1, run1_##R##_##D##_2, run1_##R##_##D##_3, run1_##R##_##D##_4, run1_##R##_##D##_5,      \
            run1_##R##_##D##_6, run1_##R##_##D##_7, run1_##R##_##D##_8                                                 \
    }

static int vaes_run(const kw_res *res, const void *sched, uint8_t *work, int lanes, int n, int rounds, int dec,
                    int one_key) {
    (void)res;
    if (one_key) {
        static const run1_fn fns1[3][2][VAES_GROUPS + 1] = {
            {RUN1_ROW(10, 0), RUN1_ROW(10, 1)},
            {RUN1_ROW(12, 0), RUN1_ROW(12, 1)},
            {RUN1_ROW(14, 0), RUN1_ROW(14, 1)},
        };
        fns1[(rounds - 10) / 2][dec != 0][lanes / 4]((const __m512i *)sched, work, n);
        clear_simd();
        return 1;
    }
    static const run_fn fns[2][VAES_GROUPS + 1] = {
        {NULL, run_enc_1, run_enc_2, run_enc_3, run_enc_4, run_enc_5, run_enc_6, run_enc_7, run_enc_8},
        {NULL, run_dec_1, run_dec_2, run_dec_3, run_dec_4, run_dec_5, run_dec_6, run_dec_7, run_dec_8},
    };
    fns[dec != 0][lanes / 4]((const __m512i *)sched, work, n, rounds);
    clear_simd();
    return 1;
}

const kw_kernel gkm_kw_kernel_vaes = {
    .name = "vaes",
    .max_lanes = KW_MAX_LANES,
    .quantum = 4,
    .sched_bytes_per_lane = RK_PER_GROUP * 64 / 4,
    .open = NULL,
    .close = NULL,
    .expand = vaes_expand,
    .run = vaes_run,
};

#endif /* __x86_64__ */
