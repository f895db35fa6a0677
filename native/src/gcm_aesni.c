/*
 * AES-GCM kernel for one-shot calls with a 12-byte IV (NIST SP 800-38D), on AES-NI + PCLMULQDQ.
 *
 * A one-shot call brings only a raw key, so everything is set up per call, on the stack: the AES
 * key schedule (AESENCLAST form of the expansion, as in kw_aesni.c), H = AES_K(0^128) and
 * AES_K(J0) encrypted side by side, and the powers H^1..H^8 (only as many as the message needs).
 * CTR runs eight blocks in flight; GHASH works in the reflected (byte-swapped) representation of
 * Intel's carry-less multiplication white paper: three PCLMULQDQ per block (Karatsuba) into an
 * unreduced 256-bit sum, and one shift and reduction per up to eight blocks (aggregated with the H powers).
 *
 * Constant time: AESENC and PCLMULQDQ take data-independent time, and no branch or memory index
 * depends on the key, H or the data (only on the public lengths). Each input byte is loaded once,
 * into a register that feeds both CTR and GHASH (a partial last block is copied once into a stack
 * block); each output byte is stored once, never read back; GHASH of a seal runs on the ciphertext
 * register, not on the output. The tag of an open is compared with CRYPTO_memcmp, and a mismatch
 * zeroes the output. The key schedule, the H powers and the partial block are cleansed before
 * returning, and the vector registers zeroed; the caller zeroes the stack below its frame, where
 * this function's spills were.
 *
 * Built three times, like the key wrap kernel: legacy SSE here, VEX in gcm_aesni_avx.c
 * (GCM_AESNI_AVX) and VAES in gcm_aesni_vaes.c (GCM_AESNI_VAES), with per-function target
 * attributes, so the library still loads on any x86-64; gcm.c calls in only when CPUID reports
 * AES-NI, PCLMULQDQ, SSSE3 and SSE4.1 (and AVX for the VEX build; VAES, VPCLMULQDQ and AVX-512
 * F/BW/VL with the ZMM state for the VAES build). The VAES build runs the data in passes of sixteen
 * blocks, four per zmm register (vaes_data), from 256 bytes on; the AAD and what is left of the data
 * go through the xmm loops as in the other builds.
 */
#if defined(__x86_64__)
#include <string.h>

#include <immintrin.h>
#include <openssl/crypto.h>

#include "gkm_internal.h"

#if defined(GCM_AESNI_VAES)
#define GCM_TARGET    __attribute__((target("vaes,vpclmulqdq,avx512f,avx512bw,avx512vl,aes,pclmul,avx,sse4.1,ssse3")))
#define GCM_SYM(name) name##_vaes
#elif defined(GCM_AESNI_AVX)
#define GCM_TARGET    __attribute__((target("aes,pclmul,avx,sse4.1,ssse3")))
#define GCM_SYM(name) name##_avx
#else
#define GCM_TARGET    __attribute__((target("aes,pclmul,sse4.1,ssse3")))
#define GCM_SYM(name) name
#endif
#define GCM_INLINE static inline __attribute__((always_inline)) GCM_TARGET

/* Blocks per pass of the xmm loop (and of the AAD and the tail in every build). */
#define GCM_WIDE 8
#ifdef GCM_AESNI_VAES
/* Blocks per pass of the VAES loop: four zmm registers of four blocks; the most H powers a call computes. */
#define GCM_VWIDE   16
#define GCM_HPOWERS GCM_VWIDE
#else
#define GCM_HPOWERS GCM_WIDE
#endif

/* clear_simd(): zeroes the vector registers (round keys, H powers, keystream and GHASH state) on return. */
#define SIMD_CLEAR_TARGET GCM_TARGET
#if defined(GCM_AESNI_AVX) || defined(GCM_AESNI_VAES)
#define SIMD_CLEAR_AVX 1
#endif
#ifdef GCM_AESNI_VAES
#define SIMD_CLEAR_AVX512 1
#endif
#include "simd_clear.h"

/* Zeroes secrets on the stack: memset (vectorised) plus a compiler barrier so it is not elided. */
static inline void gcm_cleanse(void *p, size_t n) {
    __builtin_memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

static const uint8_t RCON[11] = {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36};

/* ------------------------------------------------------------------ AES */

/* x ^ (x << 32) ^ (x << 64) ^ (x << 96): the running XOR of the previous round key's words. */
GCM_INLINE __m128i prefix_xor(__m128i x) {
    x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
    return _mm_xor_si128(x, _mm_slli_si128(x, 8));
}

/* SubWord(RotWord(word 3 of x)) ^ rcon in every word (AESENCLAST: ShiftRows is a no-op on four
 * equal columns). */
GCM_INLINE __m128i sub_rot3(__m128i x, int rcon) {
    return _mm_aesenclast_si128(_mm_shuffle_epi8(x, _mm_set1_epi32(0x0c0f0e0d)), _mm_set1_epi32(rcon));
}

/* SubWord(word 3 of x) in every word (AES-256's odd steps). */
GCM_INLINE __m128i sub3(__m128i x) {
    return _mm_aesenclast_si128(_mm_shuffle_epi32(x, 0xff), _mm_setzero_si128());
}

/* Encryption key schedules (FIPS 197 sec. 5.2): rk[0 .. rounds]. */
GCM_INLINE void expand128(__m128i *rk, const uint8_t *key) {
    __m128i k = _mm_loadu_si128((const __m128i *)key);
    rk[0] = k;
    _Pragma("GCC unroll 10") for (int r = 1; r <= 10; r++) {
        k = _mm_xor_si128(prefix_xor(k), sub_rot3(k, RCON[r]));
        rk[r] = k;
    }
}

/* AES-192 (Nk = 6): 6-word steps packed into 4-word round keys; k0 holds words 0..3 of a step, k1
 * words 4..5 in its low half. */
GCM_INLINE void expand192(__m128i *rk, const uint8_t *key) {
    const __m128i rot1 = _mm_set1_epi32(0x04070605); /* RotWord of word 1, in every word */
    __m128i k0 = _mm_loadu_si128((const __m128i *)key);
    __m128i k1 = _mm_loadl_epi64((const __m128i *)(key + 16)); /* 8 bytes: no over-read */
    rk[0] = k0;
    _Pragma("GCC unroll 8") for (int s = 1; s <= 8; s++) {
        const __m128i prev1 = k1;
        const __m128i t = _mm_aesenclast_si128(_mm_shuffle_epi8(k1, rot1), _mm_set1_epi32(RCON[s]));
        k0 = _mm_xor_si128(prefix_xor(k0), t);
        k1 = _mm_xor_si128(_mm_xor_si128(k1, _mm_slli_si128(k1, 4)), _mm_shuffle_epi32(k0, 0xff));
        /* Step s yields words 6s..6s+5; with prev1 = words 6s-2, 6s-1 they fill round keys: odd
         * s = 2m+1: keys 3m+1 = prev1 | k0.lo and 3m+2 = k0.hi | k1.lo; even s = 2m: key 3m = k0. */
        if (s % 2 == 1) {
            rk[3 * (s / 2) + 1] = _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(prev1), _mm_castsi128_pd(k0), 0));
            rk[3 * (s / 2) + 2] = _mm_castpd_si128(_mm_shuffle_pd(_mm_castsi128_pd(k0), _mm_castsi128_pd(k1), 1));
        } else {
            rk[3 * (s / 2)] = k0;
        }
    }
}

/* AES-256: even round keys take SubWord(RotWord) ^ Rcon, odd ones SubWord only. */
GCM_INLINE void expand256(__m128i *rk, const uint8_t *key) {
    __m128i k0 = _mm_loadu_si128((const __m128i *)key);
    __m128i k1 = _mm_loadu_si128((const __m128i *)(key + 16));
    rk[0] = k0;
    rk[1] = k1;
    _Pragma("GCC unroll 7") for (int r = 2; r <= 14; r += 2) {
        k0 = _mm_xor_si128(prefix_xor(k0), sub_rot3(k1, RCON[r / 2]));
        rk[r] = k0;
        if (r == 14) break;
        k1 = _mm_xor_si128(prefix_xor(k1), sub3(k0));
        rk[r + 1] = k1;
    }
}

/* b[0 .. n) = AES_K(b[0 .. n)), the blocks interleaved round by round. */
GCM_INLINE void aes_n(__m128i *b, const int n, const __m128i *rk, const int rounds) {
    _Pragma("GCC unroll 8") for (int j = 0; j < n; j++) b[j] = _mm_xor_si128(b[j], rk[0]);
    _Pragma("GCC unroll 13") for (int r = 1; r < rounds; r++) {
        const __m128i k = rk[r];
        _Pragma("GCC unroll 8") for (int j = 0; j < n; j++) b[j] = _mm_aesenc_si128(b[j], k);
    }
    const __m128i k = rk[rounds];
    _Pragma("GCC unroll 8") for (int j = 0; j < n; j++) b[j] = _mm_aesenclast_si128(b[j], k);
}

/* The counter block IV || BE32(c) (base: IV || 0^32). */
GCM_INLINE __m128i ctr_block(__m128i base, uint32_t c) {
    return _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3);
}

/* ------------------------------------------------------------------ GHASH */

/* Byte reversal: GHASH's bit order (bit 0 of byte 0 is x^0) as a 128-bit integer. */
GCM_INLINE __m128i bswap128(__m128i x) {
    return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* lo/mi/hi += a * h, carry-less, unreduced (schoolbook: four 64x64 products). */
GCM_INLINE void mul_acc(__m128i a, __m128i h, __m128i *lo, __m128i *mi, __m128i *hi) {
    *lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(a, h, 0x00));
    *hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(a, h, 0x11));
    *mi = _mm_xor_si128(*mi, _mm_xor_si128(_mm_clmulepi64_si128(a, h, 0x01), _mm_clmulepi64_si128(a, h, 0x10)));
}

/*
 * The 256-bit sum lo + mi * x^64 + hi * x^128 of reflected products, shifted left by one bit (the
 * reflected product is one bit short) and reduced modulo x^128 + x^7 + x^2 + x + 1 (Intel's white
 * paper "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode",
 * algorithms 4 and 5). Both steps are linear, so one reduction serves a sum of products.
 */
GCM_INLINE __m128i reduce(__m128i lo, __m128i mi, __m128i hi) {
    __m128i t3 = _mm_xor_si128(lo, _mm_slli_si128(mi, 8));
    __m128i t6 = _mm_xor_si128(hi, _mm_srli_si128(mi, 8));
    /* [t6:t3] <<= 1 */
    __m128i t7 = _mm_srli_epi32(t3, 31);
    __m128i t8 = _mm_srli_epi32(t6, 31);
    t3 = _mm_slli_epi32(t3, 1);
    t6 = _mm_slli_epi32(t6, 1);
    const __m128i t9 = _mm_srli_si128(t7, 12);
    t8 = _mm_slli_si128(t8, 4);
    t7 = _mm_slli_si128(t7, 4);
    t3 = _mm_or_si128(t3, t7);
    t6 = _mm_or_si128(_mm_or_si128(t6, t8), t9);
    /* first phase of the reduction */
    t7 = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(t3, 31), _mm_slli_epi32(t3, 30)), _mm_slli_epi32(t3, 25));
    t8 = _mm_srli_si128(t7, 4);
    t7 = _mm_slli_si128(t7, 12);
    t3 = _mm_xor_si128(t3, t7);
    /* second phase */
    __m128i t2 = _mm_xor_si128(_mm_xor_si128(_mm_srli_epi32(t3, 1), _mm_srli_epi32(t3, 2)), _mm_srli_epi32(t3, 7));
    t2 = _mm_xor_si128(t2, t8);
    t3 = _mm_xor_si128(t3, t2);
    return _mm_xor_si128(t6, t3);
}

GCM_INLINE __m128i gfmul(__m128i a, __m128i b) {
    __m128i lo = _mm_setzero_si128(), mi = _mm_setzero_si128(), hi = _mm_setzero_si128();
    mul_acc(a, b, &lo, &mi, &hi);
    return reduce(lo, mi, hi);
}

/* X after absorbing blocks g[0 .. n) (as stored, 1 <= n <= GCM_WIDE): (X + g0) H^n + g1 H^(n-1) + ...
 * + g(n-1) H, one reduction; hp[i] = H^(i+1), hk[i] its two halves XORed (low half). Karatsuba:
 * three products per block, the middle one from the halves' sums. */
GCM_INLINE __m128i ghash_n(__m128i x, const __m128i *g, const int n, const __m128i *hp, const __m128i *hk) {
    __m128i lo = _mm_setzero_si128(), mi = _mm_setzero_si128(), hi = _mm_setzero_si128();
    _Pragma("GCC unroll 8") for (int j = 0; j < n; j++) {
        __m128i a = bswap128(g[j]);
        if (j == 0) a = _mm_xor_si128(a, x);
        const __m128i h = hp[n - 1 - j];
        lo = _mm_xor_si128(lo, _mm_clmulepi64_si128(a, h, 0x00));
        hi = _mm_xor_si128(hi, _mm_clmulepi64_si128(a, h, 0x11));
        const __m128i ak = _mm_xor_si128(a, _mm_shuffle_epi32(a, 0x4e));
        mi = _mm_xor_si128(mi, _mm_clmulepi64_si128(ak, hk[n - 1 - j], 0x00));
    }
    mi = _mm_xor_si128(mi, _mm_xor_si128(lo, hi));
    return reduce(lo, mi, hi);
}

/* ghash_n for a run-time n (a tail or the end of the AAD). */
GCM_INLINE __m128i ghash_var(__m128i x, const __m128i *g, int n, const __m128i *hp, const __m128i *hk) {
    switch (n) {
    case 1: return ghash_n(x, g, 1, hp, hk);
    case 2: return ghash_n(x, g, 2, hp, hk);
    case 3: return ghash_n(x, g, 3, hp, hk);
    case 4: return ghash_n(x, g, 4, hp, hk);
    case 5: return ghash_n(x, g, 5, hp, hk);
    case 6: return ghash_n(x, g, 6, hp, hk);
    case 7: return ghash_n(x, g, 7, hp, hk);
    default: return ghash_n(x, g, 8, hp, hk);
    }
}

/* ------------------------------------------------------------------ the message */

/* Secrets of a call, cleansed before it returns. */
struct gcm_state {
    __m128i rk[15];          /* AES round keys */
    __m128i hp[GCM_HPOWERS]; /* H^1 .. H^GCM_HPOWERS (as many as computed) */
    __m128i hk[GCM_WIDE];    /* hp[i]'s halves XORed, in the low half (the xmm loops' powers) */
#ifdef GCM_AESNI_VAES
    __m128i hz[GCM_VWIDE]; /* H^16 .. H^1: the four zmm multipliers of a VAES pass, lane by lane */
#endif
    uint8_t blk[16]; /* a partial block (AAD, plaintext or ciphertext, then its output) */
    uint8_t tag[16]; /* the computed tag (open) */
    uint8_t iv[16];  /* IV || 0^32 */
};

#ifdef GCM_AESNI_VAES
/* The XOR of the four 128-bit lanes of v. */
GCM_INLINE __m128i fold4(__m512i v) {
    const __m128i a = _mm_xor_si128(_mm512_castsi512_si128(v), _mm512_extracti32x4_epi32(v, 1));
    return _mm_xor_si128(a, _mm_xor_si128(_mm512_extracti32x4_epi32(v, 2), _mm512_extracti32x4_epi32(v, 3)));
}

/*
 * The data blocks in passes of GCM_VWIDE (n, a multiple of 16 * GCM_VWIDE bytes, from counter c):
 * four zmm registers of four counter blocks through VAESENC, then GHASH of the sixteen data (open)
 * or output (seal) blocks by VPCLMULQDQ against H^16 .. H^1 (schoolbook: four products per block,
 * 128 bits of each per lane), folded across lanes into one unreduced sum and one reduction per pass.
 * Counters are kept with their 32-bit count in native order (no carry out of it: len < 2^31) and
 * byte-swapped per block when used.
 */
GCM_INLINE void vaes_data(const int rounds, const struct gcm_state *st, const int enc, const __m128i base,
                          const uint32_t c, __m128i *xp, const uint8_t *in, const size_t n, uint8_t *out) {
    const __m512i bswap = _mm512_broadcast_i32x4(_mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    const __m512i cswap = _mm512_broadcast_i32x4(_mm_set_epi8(12, 13, 14, 15, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    const __m512i inc4 = _mm512_set_epi32(4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0);
    __m512i ctr =
        _mm512_add_epi32(_mm512_broadcast_i32x4(base), _mm512_set_epi32((int)(c + 3), 0, 0, 0, (int)(c + 2), 0, 0, 0,
                                                                        (int)(c + 1), 0, 0, 0, (int)c, 0, 0, 0));
    __m512i rz[15];
    _Pragma("GCC unroll 15") for (int r = 0; r <= rounds; r++) rz[r] = _mm512_broadcast_i32x4(st->rk[r]);
    __m512i hz[4];
    _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) hz[k] = _mm512_loadu_si512((const void *)&st->hz[4 * k]);
    __m128i x = *xp;
    for (size_t off = 0; off < n; off += 16 * GCM_VWIDE) {
        __m512i ks[4];
        _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
            ks[k] = _mm512_xor_si512(_mm512_shuffle_epi8(ctr, cswap), rz[0]);
            ctr = _mm512_add_epi32(ctr, inc4);
        }
        _Pragma("GCC unroll 13") for (int r = 1; r < rounds; r++) {
            _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) ks[k] = _mm512_aesenc_epi128(ks[k], rz[r]);
        }
        __m512i lo = _mm512_setzero_si512(), mi = _mm512_setzero_si512(), hi = _mm512_setzero_si512();
        _Pragma("GCC unroll 4") for (int k = 0; k < 4; k++) {
            const __m512i d = _mm512_loadu_si512((const void *)(in + off + 64 * k));
            const __m512i o = _mm512_xor_si512(d, _mm512_aesenclast_epi128(ks[k], rz[rounds]));
            _mm512_storeu_si512((void *)(out + off + 64 * k), o);
            __m512i a = _mm512_shuffle_epi8(enc ? o : d, bswap);
            if (k == 0) a = _mm512_xor_si512(a, _mm512_zextsi128_si512(x));
            lo = _mm512_xor_si512(lo, _mm512_clmulepi64_epi128(a, hz[k], 0x00));
            hi = _mm512_xor_si512(hi, _mm512_clmulepi64_epi128(a, hz[k], 0x11));
            mi = _mm512_ternarylogic_epi64(mi, _mm512_clmulepi64_epi128(a, hz[k], 0x01),
                                           _mm512_clmulepi64_epi128(a, hz[k], 0x10), 0x96);
        }
        x = reduce(fold4(lo), fold4(mi), fold4(hi));
    }
    *xp = x;
}
#endif

/* One message (arguments checked by the caller): 0, or 1 on a tag mismatch (out zeroed). */
GCM_INLINE int run(const int rounds, struct gcm_state *st, int enc, const uint8_t *aad, size_t aad_len,
                   const uint8_t *in, size_t len, uint8_t *out) {
    const __m128i *rk = st->rk;
    __m128i *hp = st->hp;
    const __m128i base = _mm_loadu_si128((const __m128i *)st->iv);

    /* H = AES_K(0), E = AES_K(J0), J0 = IV || 0^31 || 1. */
    __m128i he[2] = {_mm_setzero_si128(), ctr_block(base, 1)};
    aes_n(he, 2, rk, rounds);
    const __m128i h = bswap128(he[0]);
    const __m128i ej0 = he[1];

    /* As many powers of H as the longest run of blocks hashed together. */
    const size_t blocks_a = (aad_len + 15) / 16, blocks_c = (len + 15) / 16;
    const size_t most = blocks_a > blocks_c ? blocks_a : blocks_c;
    const int np = most >= GCM_WIDE ? GCM_WIDE : most < 1 ? 1 : (int)most;
    hp[0] = h;
    if (np >= 2) hp[1] = gfmul(h, h);
    if (np >= 3) hp[2] = gfmul(hp[1], h);
    if (np >= 4) hp[3] = gfmul(hp[1], hp[1]);
    for (int i = 4; i < np; i++) hp[i] = gfmul(hp[3], hp[i - 4]);
    __m128i *hk = st->hk;
    for (int i = 0; i < np; i++) hk[i] = _mm_xor_si128(hp[i], _mm_shuffle_epi32(hp[i], 0x4e));
#ifdef GCM_AESNI_VAES
    const int vaes = len >= 16 * GCM_VWIDE; /* then np == GCM_WIDE */
    if (vaes) {
        for (int i = GCM_WIDE; i < GCM_VWIDE; i++) hp[i] = gfmul(hp[GCM_WIDE - 1], hp[i - GCM_WIDE]);
        for (int j = 0; j < GCM_VWIDE; j++) st->hz[j] = hp[GCM_VWIDE - 1 - j];
    }
#endif

    __m128i x = _mm_setzero_si128();
    __m128i g[GCM_WIDE];

    /* AAD */
    size_t a = 0;
    for (; a + 16 * GCM_WIDE <= aad_len; a += 16 * GCM_WIDE) {
        _Pragma("GCC unroll 8") for (int j = 0; j < GCM_WIDE; j++) g[j] =
            _mm_loadu_si128((const __m128i *)(aad + a + 16 * j));
        x = ghash_n(x, g, GCM_WIDE, hp, hk);
    }
    if (a < aad_len) {
        const size_t rem = aad_len - a, full = rem / 16, part = rem % 16;
        for (size_t j = 0; j < full; j++) g[j] = _mm_loadu_si128((const __m128i *)(aad + a + 16 * j));
        if (part != 0) {
            memset(st->blk, 0, 16);
            memcpy(st->blk, aad + a + 16 * full, part);
            g[full] = _mm_loadu_si128((const __m128i *)st->blk);
        }
        x = ghash_var(x, g, (int)(full + (part != 0)), hp, hk);
    }

    /* Data: GCM_WIDE blocks per pass. The counter starts at 2 (inc32(J0)) and cannot wrap: len < 2^31. */
    uint32_t c = 2;
    size_t off = 0;
#ifdef GCM_AESNI_VAES
    if (vaes) {
        const size_t n16 = len / (16 * GCM_VWIDE) * (16 * GCM_VWIDE);
        vaes_data(rounds, st, enc, base, c, &x, in, n16, out);
        off = n16;
        c += (uint32_t)(n16 / 16);
    }
#endif
    for (; off + 16 * GCM_WIDE <= len; off += 16 * GCM_WIDE, c += GCM_WIDE) {
        __m128i ks[GCM_WIDE];
        _Pragma("GCC unroll 8") for (int j = 0; j < GCM_WIDE; j++) ks[j] = ctr_block(base, c + (uint32_t)j);
        aes_n(ks, GCM_WIDE, rk, rounds);
        _Pragma("GCC unroll 8") for (int j = 0; j < GCM_WIDE; j++) {
            const __m128i d = _mm_loadu_si128((const __m128i *)(in + off + 16 * j));
            const __m128i o = _mm_xor_si128(d, ks[j]);
            _mm_storeu_si128((__m128i *)(out + off + 16 * j), o);
            g[j] = enc ? o : d;
        }
        x = ghash_n(x, g, GCM_WIDE, hp, hk);
    }
    if (off < len) {
        const size_t rem = len - off, full = rem / 16, part = rem % 16;
        __m128i ks[GCM_WIDE];
        _Pragma("GCC unroll 8") for (int j = 0; j < GCM_WIDE; j++) ks[j] = ctr_block(base, c + (uint32_t)j);
        aes_n(ks, GCM_WIDE, rk, rounds);
        for (size_t j = 0; j < full; j++) {
            const __m128i d = _mm_loadu_si128((const __m128i *)(in + off + 16 * j));
            const __m128i o = _mm_xor_si128(d, ks[j]);
            _mm_storeu_si128((__m128i *)(out + off + 16 * j), o);
            g[j] = enc ? o : d;
        }
        if (part != 0) {
            memset(st->blk, 0, 16);
            memcpy(st->blk, in + off + 16 * full, part);
            const __m128i d = _mm_loadu_si128((const __m128i *)st->blk);
            _mm_storeu_si128((__m128i *)st->blk, _mm_xor_si128(d, ks[full]));
            memcpy(out + off + 16 * full, st->blk, part);
            memset(st->blk + part, 0, 16 - part); /* the ciphertext block, zero-padded */
            g[full] = enc ? _mm_loadu_si128((const __m128i *)st->blk) : d;
        }
        x = ghash_var(x, g, (int)(full + (part != 0)), hp, hk);
    }

    /* Lengths in bits: [len(A)]64 || [len(C)]64, reflected. */
    const __m128i lens = _mm_set_epi64x((long long)(aad_len * 8), (long long)(len * 8));
    x = gfmul(_mm_xor_si128(x, lens), h);
    const __m128i tag = _mm_xor_si128(bswap128(x), ej0);
    if (enc) {
        _mm_storeu_si128((__m128i *)(out + len), tag);
        return 0;
    }
    _mm_storeu_si128((__m128i *)st->tag, tag);
    if (CRYPTO_memcmp(st->tag, in + len, 16) != 0) { /* the tag, read once */
        if (len > 0) gcm_cleanse(out, len);
        return 1;
    }
    return 0;
}

__attribute__((noinline)) GCM_TARGET int GCM_SYM(gkm_gcm_aesni)(int enc, const uint8_t *key, int32_t key_len,
                                                                const uint8_t *iv, const uint8_t *aad, size_t aad_len,
                                                                const uint8_t *in, size_t len, uint8_t *out) {
    struct gcm_state st;
    memcpy(st.iv, iv, 12); /* the IV, read once */
    memset(st.iv + 12, 0, 4);
    int rc;
    switch (key_len) {
    case 16:
        expand128(st.rk, key);
        rc = run(10, &st, enc, aad, aad_len, in, len, out);
        break;
    case 24:
        expand192(st.rk, key);
        rc = run(12, &st, enc, aad, aad_len, in, len, out);
        break;
    default:
        expand256(st.rk, key);
        rc = run(14, &st, enc, aad, aad_len, in, len, out);
        break;
    }
    gcm_cleanse(&st, sizeof st);
    clear_simd();
    return rc;
}

#endif /* __x86_64__ */
