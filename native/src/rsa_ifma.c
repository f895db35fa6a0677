/*
 * RSA private-key operation (two CRT halves of 1536 bits for RSA-3072, or of 1024 bits for
 * RSA-2048) on AVX-512 IFMA, and (at the end of the file) a single exponentiation with a public
 * exponent modulo 2048- and 3072-bit n for encryption.
 *
 * The algorithm is the one of Gueron and Krasnov ("Accelerating big integer arithmetic using
 * Intel IFMA extensions", 2016, and their dual-exponentiation follow-up); the code is our own.
 * A number modulo a 1536-bit odd m is 30 digits of 52 bits (radix 2^52, 1560 bits), held in four
 * zmm registers (32 lanes, lanes 30 and 31 always zero); modulo a 1024-bit m, 20 digits (1040
 * bits) in three registers (24 lanes, lanes 20 to 23 always zero). One implementation serves both
 * sizes (`shape`: the register and digit counts are constants of two instances of amm2). The two
 * CRT halves (mod p and mod q) run side by side in every call: their instruction streams are
 * independent, so each fills the other's latency gaps (the per-digit reduction of one half is a
 * serial chain of IFMA, broadcast and shift).
 *
 * Almost-Montgomery multiplication (amm2): R = 2^(52 nd), 2^1560 or 2^1040, which leaves 24 or 16
 * bits above m. For a, b < 2^12 m (1536 bits) or 2^8 m (1024 bits), digits < 2^52, it returns
 * r = a b R^-1 (mod m) with r < 2m and digits < 2^52, because r < ab/R + m and ab < m R. Values
 * therefore stay below 2m without a conditional subtraction; the single full reduction to [0, m)
 * is at the end, after leaving Montgomery form. Word by word (digit a_i of a): acc += a_i b (low
 * halves), y = acc_0 k0 mod 2^52 with k0 = -m^-1 mod 2^52, acc += y m (low halves), the exact
 * zero digit 0 is shifted out (its carry goes to digit 1), then the high halves of a_i b and y m
 * land one digit lower. Lane sums stay below 2^59 over the 30 (or 20) rounds. The result is
 * normalised with a vector carry pass and a mask-based carry look-ahead (generate/propagate masks
 * added as integers), so no branch depends on a digit.
 *
 * Exponentiation: fixed 5-bit windows from the top (the first one bits % 5 wide), a 32-entry table
 * per half; each window reads every table entry and keeps the wanted one with a lane mask from a
 * vector compare, so the memory addresses never depend on the exponent. Loop bounds and every
 * index are public; there is no branch on a secret value. Temporaries are cleansed, and the vector
 * registers zeroed, on return.
 *
 * Compiled with function-level target attributes: the library loads on any x86-64 CPU; the caller
 * (rsa_crt.c) runs this only when CPUID and XCR0 say that AVX-512 F, VL and IFMA are usable.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "gkm_internal.h"

#ifdef GKM_RSA_IFMA_EMULATE
/* Test build only (test_rsa_ifma_ct): the intrinsics as portable C for valgrind's memcheck. */
#include "rsa_ifma_emul.h"
#include <valgrind/memcheck.h>
/* declassify: marks a verdict derived from a secret as public before a branch on it (as p256.c);
 * a no-op outside the memcheck build. */
#define declassify(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#define TARGET
#else
#include <immintrin.h>
#define declassify(p, n)  ((void)(p), (void)(n))
#define TARGET            __attribute__((target("avx512f,avx512ifma,avx512vl")))
#define SIMD_CLEAR_TARGET TARGET
#define SIMD_CLEAR_AVX
#define SIMD_CLEAR_AVX512
#include "simd_clear.h"
#endif
#define INLINE static inline __attribute__((always_inline)) TARGET

#define M52 0xfffffffffffffull
#define NL  32 /* lanes of a digit array: room for the larger halves (4 zmm registers) */
#define NW  24 /* 64-bit words of the larger halves (1536 bits) */

/* one number per half; 64-byte aligned, so that no zmm load or store of a digit array splits a cache
 * line (every num2 is 512 bytes, so arrays of them stay aligned) */
typedef uint64_t num2[2][NL] __attribute__((aligned(64)));

/* The dual kernel's sizes (public): halves of 1536 bits (RSA-3072; 30 digits in 4 registers,
 * R = 2^1560) or of 1024 bits (RSA-2048; 20 digits in 3 registers, R = 2^1040). */
typedef struct {
    int bits, nw, nd, nr, nl; /* bits and words of a half, digits, registers, lanes (8 nr) */
} shape;

static shape shape_of(int bits) {
    return bits == 1536 ? (shape){1536, 24, 30, 4, 32} : (shape){1024, 16, 20, 3, 24};
}

INLINE __m512i set1(uint64_t x) {
    return _mm512_set1_epi64((long long)x);
}

/* Normalises the 8 nr lanes (nr registers; a constant after inlining) each < 2^63 to digits < 2^52
 * (carries out of the top lane dropped; the callers' values fit in the lanes). */
INLINE void normalise(__m512i *t, const int nr) {
    const __m512i m52 = set1(M52), zero = _mm512_setzero_si512();
    __m512i c[8];
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) {
        c[r] = _mm512_srli_epi64(t[r], 52);
        t[r] = _mm512_and_si512(t[r], m52);
    }
    /* every carry one lane up: lane 0 of register r takes lane 7 of register r - 1 */
    t[0] = _mm512_add_epi64(t[0], _mm512_alignr_epi64(c[0], zero, 7));
#pragma GCC unroll 8
    for (int r = 1; r < nr; r++) t[r] = _mm512_add_epi64(t[r], _mm512_alignr_epi64(c[r], c[r - 1], 7));
    /* now every lane < 2^52 + 2^11: a lane above 2^52 - 1 generates a carry of 1, a lane equal to
     * 2^52 - 1 propagates one; ((g << 1) + p) ^ p marks the lanes that receive a carry */
    uint64_t g = 0, p = 0;
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) {
        g |= (uint64_t)_mm512_cmpgt_epu64_mask(t[r], m52) << (8 * r);
        p |= (uint64_t)_mm512_cmpeq_epu64_mask(t[r], m52) << (8 * r);
    }
    const uint64_t inc = ((g << 1) + p) ^ p;
    const __m512i one = set1(1);
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) {
        t[r] = _mm512_mask_add_epi64(t[r], (__mmask8)(inc >> (8 * r)), t[r], one);
        t[r] = _mm512_and_si512(t[r], m52);
    }
}

/* One round of amm2 for one half: digit x (broadcast) of a. The round is a chain of dependent
 * instructions through digit 0 (y needs it, the next round needs y's products), so whatever does
 * not need y is computed off that chain: both halves of x b into zero first and added, the high
 * halves of x b and y m summed apart and added after the shift; y itself on one xmm lane. */
INLINE void amm_round(__m512i *acc, const __m512i *b, const __m512i *m, __m512i k0, __m512i x, const int nr) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i hi[8];
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) {
        acc[r] = _mm512_add_epi64(acc[r], _mm512_madd52lo_epu64(zero, x, b[r]));
        hi[r] = _mm512_madd52hi_epu64(zero, x, b[r]);
    }
    const __m128i y0 =
        _mm_madd52lo_epu64(_mm_setzero_si128(), _mm512_castsi512_si128(acc[0]), _mm512_castsi512_si128(k0));
    const __m512i y = _mm512_broadcastq_epi64(y0);
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) {
        hi[r] = _mm512_madd52hi_epu64(hi[r], y, m[r]);
        acc[r] = _mm512_madd52lo_epu64(acc[r], y, m[r]);
    }
    /* digit 0 is now 0 mod 2^52: its carry goes up, the digits move down one lane, and the high
     * halves land one digit above their low halves */
    const __m512i c = _mm512_maskz_srli_epi64(1, acc[0], 52);
#pragma GCC unroll 8
    for (int r = 0; r < nr - 1; r++) acc[r] = _mm512_alignr_epi64(acc[r + 1], acc[r], 1);
    acc[nr - 1] = _mm512_alignr_epi64(zero, acc[nr - 1], 1);
    acc[0] = _mm512_add_epi64(acc[0], c);
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) acc[r] = _mm512_add_epi64(acc[r], hi[r]);
}

/* nr registers from / to 8 nr lanes at p */
INLINE void load_n(__m512i *v, const uint64_t *p, const int nr) {
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) v[r] = _mm512_loadu_si512((const void *)(p + 8 * r));
}

INLINE void store_n(uint64_t *p, const __m512i *v, const int nr) {
#pragma GCC unroll 8
    for (int r = 0; r < nr; r++) _mm512_storeu_si512((void *)(p + 8 * r), v[r]);
}

/* r = a b R^-1 (mod m) per half (see the file comment) on nr registers and nd digits; r may alias
 * a or b. Lanes from 8 nr up are neither read nor written. */
INLINE void amm2_core(uint64_t (*r)[NL], const uint64_t (*a)[NL], const uint64_t (*b)[NL], const gkm_rsa_ifma_mont *m,
                      const int nr, const int nd) {
    __m512i b0[4], b1[4], m0[4], m1[4], acc0[4], acc1[4];
    load_n(b0, b[0], nr);
    load_n(b1, b[1], nr);
    load_n(m0, m->m[0], nr);
    load_n(m1, m->m[1], nr);
#pragma GCC unroll 4
    for (int k = 0; k < nr; k++) acc0[k] = acc1[k] = _mm512_setzero_si512();
    const __m512i k00 = set1(m->k0[0]), k01 = set1(m->k0[1]);
    for (int i = 0; i < nd; i++) {
        amm_round(acc0, b0, m0, k00, set1(a[0][i]), nr);
        amm_round(acc1, b1, m1, k01, set1(a[1][i]), nr);
    }
    normalise(acc0, nr);
    normalise(acc1, nr);
    store_n(r[0], acc0, nr);
    store_n(r[1], acc1, nr);
}

static TARGET __attribute__((noinline)) void amm2_1536(uint64_t (*r)[NL], const uint64_t (*a)[NL],
                                                       const uint64_t (*b)[NL], const gkm_rsa_ifma_mont *m) {
    amm2_core(r, a, b, m, 4, 30);
}

static TARGET __attribute__((noinline)) void amm2_1024(uint64_t (*r)[NL], const uint64_t (*a)[NL],
                                                       const uint64_t (*b)[NL], const gkm_rsa_ifma_mont *m) {
    amm2_core(r, a, b, m, 3, 20);
}

/* amm2_core for m's size (public). */
static void amm2(uint64_t (*r)[NL], const uint64_t (*a)[NL], const uint64_t (*b)[NL], const gkm_rsa_ifma_mont *m) {
    if (m->bits == 1536) amm2_1536(r, a, b, m);
    else amm2_1024(r, a, b, m);
}

/* r = the table entry w[h] of each half (nr registers), reading every entry. */
static TARGET void gather2(num2 r, const num2 *tab, uint32_t w0, uint32_t w1, int nr) {
    const uint32_t w[2] = {w0, w1};
    for (int h = 0; h < 2; h++) {
        const __m512i idx = set1(w[h]);
        __m512i v[4];
#pragma GCC unroll 4
        for (int k = 0; k < 4; k++) v[k] = _mm512_setzero_si512();
        for (int e = 0; e < 32; e++) {
            const __mmask8 sel = _mm512_cmpeq_epi64_mask(idx, set1((uint64_t)e));
            for (int k = 0; k < nr; k++)
                v[k] = _mm512_mask_mov_epi64(v[k], sel, _mm512_loadu_si512((const void *)(tab[e][h] + 8 * k)));
        }
        store_n(r[h], v, nr);
    }
}

/* ---------------------------------------------------------------------- scalar helpers */

/* nd digits of 52 bits (lanes nd .. nl - 1 zero) from nw little-endian 64-bit words. */
static void to_digits_n(uint64_t *d, int nd, int nl, const uint64_t *w, int nw) {
    for (int i = 0; i < nd; i++) {
        const int bit = 52 * i, k = bit / 64, s = bit % 64;
        uint64_t v = k < nw ? w[k] >> s : 0;
        if (s > 12 && k + 1 < nw) v |= w[k + 1] << (64 - s);
        d[i] = v & M52;
    }
    for (int i = nd; i < nl; i++) d[i] = 0;
}

/* nw words from nl normalised digits (lanes past nl read as zero). */
static void from_digits_n(uint64_t *w, int nw, const uint64_t *d, int nl) {
    for (int k = 0; k < nw; k++) {
        const int bit = 64 * k, i = bit / 52, s = bit % 52;
        uint64_t v = i < nl ? d[i] >> s : 0;
        if (i + 1 < nl) v |= d[i + 1] << (52 - s);
        if (52 - s + 52 < 64 && i + 2 < nl) v |= d[i + 2] << (104 - s);
        w[k] = v;
    }
}

/* r = a - b over n words; returns the borrow (0 or 1). */
static uint64_t sub_n(uint64_t *r, const uint64_t *a, const uint64_t *b, int n) {
    uint64_t borrow = 0;
    for (int i = 0; i < n; i++) {
        const unsigned __int128 t = (unsigned __int128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
}

/* r = a + b over n words; returns the carry. */
static uint64_t add_n(uint64_t *r, const uint64_t *a, const uint64_t *b, int n) {
    uint64_t carry = 0;
    for (int i = 0; i < n; i++) {
        const unsigned __int128 t = (unsigned __int128)a[i] + b[i] + carry;
        r[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    return carry;
}

/* r = a (mod m) for a < 2m (n + 1 words; r n words, n <= 48), in constant time. */
static void reduce_once_n(uint64_t *r, const uint64_t *a, const uint64_t *m, int n) {
    uint64_t t[49], mm[49];
    memcpy(mm, m, (size_t)n * sizeof *m);
    mm[n] = 0;
    const uint64_t keep = 0 - sub_n(t, a, mm, n + 1); /* all ones: a < m, keep a */
    for (int i = 0; i < n; i++) r[i] = (a[i] & keep) | (t[i] & ~keep);
    OPENSSL_cleanse(t, sizeof t);
}

/* r = a * b, n x n words -> 2n words (schoolbook; MUL takes constant time). */
static void mul_n(uint64_t *r, const uint64_t *a, const uint64_t *b, int n) {
    memset(r, 0, 2 * (size_t)n * sizeof *r);
    for (int i = 0; i < n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < n; j++) {
            const unsigned __int128 t = (unsigned __int128)a[i] * b[j] + r[i + j] + carry;
            r[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        r[i + n] = carry;
    }
}

/* ---------------------------------------------------------------------- set-up */

/* k0 = -m0^-1 mod 2^52 (m0 odd), Newton's iteration: each step doubles the correct low bits. */
static uint64_t neg_inv52(uint64_t m0) {
    uint64_t x = m0; /* correct to 3 bits: m0 m0 = 1 (mod 8) */
    for (int i = 0; i < 5; i++) x *= 2 - m0 * x;
    return (0 - x) & M52;
}

/* x = 2R mod m (2^1561 or 2^1041) for 2^(bits - 64) < m < 2^bits: from 2^(bits - 64) (< m) by
 * doublings with a conditional subtraction each, in constant time. */
static void two_r(uint64_t x[NW + 1], const uint64_t *m, shape z) {
    uint64_t mm[NW + 1], t[NW + 1];
    memset(x, 0, (NW + 1) * sizeof *x);
    x[z.nw - 1] = 1; /* 2^(bits - 64) */
    memcpy(mm, m, (size_t)z.nw * sizeof *m);
    mm[z.nw] = 0;
    for (int k = z.bits - 64; k < 52 * z.nd + 1; k++) {
        add_n(x, x, x, z.nw + 1);                            /* x < 2m < 2^(bits + 1) */
        const uint64_t keep = 0 - sub_n(t, x, mm, z.nw + 1); /* x < m: keep x */
        for (int i = 0; i <= z.nw; i++) x[i] = (x[i] & keep) | (t[i] & ~keep);
    }
    OPENSSL_cleanse(t, sizeof t);
}

typedef struct {
    num2 p, acc;
    uint64_t x[NW + 1], w[NW + 1];
} rr_state;

/* mt->rr = R^2 mod m = 2^(52 nd) R mod m: with AMM(2^a R, 2^b R) = 2^(a+b) R, squarings of 2R
 * give 2^(2^j) R, multiplied for the bits of 52 nd (1560 = 1024 + 512 + 16 + 8, 1040 = 1024 + 16). */
static TARGET void mont_rr(gkm_rsa_ifma_mont *mt, rr_state *s) {
    const shape z = shape_of(mt->bits);
    const int rbits = 52 * z.nd;
    for (int h = 0; h < 2; h++) {
        two_r(s->x, mt->mw[h], z);
        to_digits_n(s->p[h], z.nd, NL, s->x, z.nw);
    }
    int have = 0;
    for (int j = 0; (rbits >> j) != 0; j++) {
        if (j > 0) amm2(s->p, s->p, s->p, mt); /* 2^(2^j) R */
        if ((rbits >> j) & 1) {                /* public bits */
            if (have) amm2(s->acc, s->acc, s->p, mt);
            else memcpy(s->acc, s->p, sizeof s->acc);
            have = 1;
        }
    }
    for (int h = 0; h < 2; h++) { /* below 2m: one conditional subtraction */
        from_digits_n(s->w, z.nw + 1, s->acc[h], z.nl);
        reduce_once_n(s->w, s->w, mt->mw[h], z.nw);
        to_digits_n(mt->rr[h], z.nd, NL, s->w, z.nw);
    }
}

void gkm_rsa_ifma_mont_init(gkm_rsa_ifma_mont *mt, const uint64_t *m0, const uint64_t *m1, int bits) {
    const uint64_t *m[2] = {m0, m1};
    const shape z = shape_of(bits);
    rr_state s;
    memset(mt, 0, sizeof *mt);
    mt->bits = z.bits;
    for (int h = 0; h < 2; h++) {
        memcpy(mt->mw[h], m[h], (size_t)z.nw * sizeof *m0);
        to_digits_n(mt->m[h], z.nd, NL, m[h], z.nw);
        mt->k0[h] = neg_inv52(m[h][0]);
    }
    mont_rr(mt, &s);
    OPENSSL_cleanse(&s, sizeof s);
#ifndef GKM_RSA_IFMA_EMULATE
    clear_simd();
#endif
}

/* ---------------------------------------------------------------------- exponentiation */

/* Bits pos .. pos + 4 of e (nw words); pos is public. */
static uint32_t window5(const uint64_t *e, int nw, int pos) {
    const int k = pos / 64, s = pos % 64;
    uint64_t v = e[k] >> s;
    if (s > 59 && k + 1 < nw) v |= e[k + 1] << (64 - s);
    return (uint32_t)(v & 31);
}

typedef struct {
    num2 tab[32];
    num2 acc, t, one;
} exp_state;

/* out[h] = b[h]^e[h] mod m[h] in [0, m[h]) as nw words; b[h] as digits, < 2^12 m[h]; e[h] nw words. */
static TARGET void modexp2_digits(uint64_t out[2][NW], const num2 b, const uint64_t *e0, const uint64_t *e1,
                                  const gkm_rsa_ifma_mont *m, exp_state *s) {
    const shape z = shape_of(m->bits);
    memset(s->one, 0, sizeof s->one);
    s->one[0][0] = s->one[1][0] = 1;
    amm2(s->tab[0], m->rr, s->one, m); /* R mod m: Montgomery 1 */
    amm2(s->tab[1], b, m->rr, m);      /* b R mod m */
    for (int i = 2; i < 32; i++) {
        if (i % 2 == 0) amm2(s->tab[i], s->tab[i / 2], s->tab[i / 2], m);
        else amm2(s->tab[i], s->tab[i - 1], s->tab[1], m);
    }
    /* 1536 = 1 + 307 * 5 and 1024 = 4 + 204 * 5: the top window is the top bits % 5 bits */
    const int top = z.bits % 5;
    gather2(s->acc, s->tab, (uint32_t)(e0[z.nw - 1] >> (64 - top)), (uint32_t)(e1[z.nw - 1] >> (64 - top)), z.nr);
    for (int pos = z.bits - top - 5; pos >= 0; pos -= 5) {
        for (int k = 0; k < 5; k++) amm2(s->acc, s->acc, s->acc, m);
        gather2(s->t, s->tab, window5(e0, z.nw, pos), window5(e1, z.nw, pos), z.nr);
        amm2(s->acc, s->acc, s->t, m);
    }
    amm2(s->acc, s->acc, s->one, m); /* out of Montgomery form: <= m */
    for (int h = 0; h < 2; h++) {
        uint64_t w[NW + 1];
        from_digits_n(w, z.nw + 1, s->acc[h], z.nl);
        reduce_once_n(out[h], w, m->mw[h], z.nw);
        OPENSSL_cleanse(w, sizeof w);
    }
}

int gkm_rsa_ifma_supported(void) {
#if defined(__x86_64__)
    const uint32_t need = GKM_CPU_AVX512F | GKM_CPUX_AVX512VL | GKM_CPUX_AVX512IFMA;
    return (gkm_cpu_features_internal() & need) == need;
#else
    return 0;
#endif
}

static void finish(exp_state *s) {
    OPENSSL_cleanse(s, sizeof *s);
#ifndef GKM_RSA_IFMA_EMULATE
    clear_simd();
#endif
}

void gkm_rsa_ifma_modexp2(uint64_t out[2][NW], const uint64_t *b0, const uint64_t *b1, const uint64_t *e0,
                          const uint64_t *e1, const gkm_rsa_ifma_mont *m) {
    const shape z = shape_of(m->bits);
    exp_state s;
    num2 b;
    to_digits_n(b[0], z.nd, NL, b0, z.nw);
    to_digits_n(b[1], z.nd, NL, b1, z.nw);
    modexp2_digits(out, b, e0, e1, m, &s);
    OPENSSL_cleanse(b, sizeof b);
    finish(&s);
}

/* ---------------------------------------------------------------------- CRT */

void gkm_rsa_ifma_key_init(gkm_rsa_ifma_key *k, const uint64_t *p, const uint64_t *q, const uint64_t *dp,
                           const uint64_t *dq, const uint64_t *qinv, int bits) {
    const shape z = shape_of(bits);
    memset(k, 0, sizeof *k);
    gkm_rsa_ifma_mont_init(&k->mt, p, q, bits);
    memcpy(k->dp, dp, (size_t)z.nw * sizeof *dp);
    memcpy(k->dq, dq, (size_t)z.nw * sizeof *dq);
    /* qinv R mod p (< 2p) for the recombination's single Montgomery multiplication */
    num2 a;
    to_digits_n(a[0], z.nd, NL, qinv, z.nw);
    memset(a[1], 0, sizeof a[1]);
    amm2(k->qinv_r, a, k->mt.rr, &k->mt);
    OPENSSL_cleanse(a, sizeof a);
#ifndef GKM_RSA_IFMA_EMULATE
    clear_simd();
#endif
}

void gkm_rsa_ifma_key_clear(gkm_rsa_ifma_key *k) {
    OPENSSL_cleanse(k, sizeof *k);
}

/* c (2 nw words) as two digit numbers: lo the digits of bits 0 .. 52 nd - 1, hi those of the bits
 * from 52 nd up (52 nd = 1560 = 24 * 64 + 24, or 1040 = 16 * 64 + 16). */
static void split_digits(uint64_t lo[NL], uint64_t hi[NL], const uint64_t *c, shape z) {
    to_digits_n(lo, z.nd, NL, c, 2 * z.nw);
    const int q = 52 * z.nd / 64, sh = 52 * z.nd % 64; /* sh is 24 or 16, never 0 */
    uint64_t x[NW + 1] = {0};
    for (int i = 0; q + i < 2 * z.nw; i++)
        x[i] = (c[q + i] >> sh) | (q + i + 1 < 2 * z.nw ? c[q + i + 1] << (64 - sh) : 0);
    to_digits_n(hi, z.nd, NL, x, z.nw + 1);
    OPENSSL_cleanse(x, sizeof x);
}

/* x = x normalised to digits < 2^52, per half, on nr registers (lanes < 2^63 on entry). */
static TARGET void normalise2(num2 x, int nr) {
    for (int h = 0; h < 2; h++) {
        __m512i v[4];
        load_n(v, x[h], nr);
        if (nr == 4) normalise(v, 4);
        else normalise(v, 3);
        store_n(x[h], v, nr);
    }
}

void gkm_rsa_ifma_crt(uint64_t *out, const uint64_t *c, const gkm_rsa_ifma_key *k) {
    const shape z = shape_of(k->mt.bits);
    const int nw = z.nw;
    exp_state s;
    struct {
        num2 lo, hi, x;
        uint64_t m[2][NW], t[NW + 1], u[NW + 1], prod[2 * NW], m2[2 * NW];
    } v;
    const uint64_t *p = k->mt.mw[0], *q = k->mt.mw[1];
    /* c mod p and c mod q: x = AMM(c_lo, 1) + c_hi = c R^-1 (mod m), below 2m as c_hi < 2^(2 bits -
     * 52 nd) < 2^(bits - 1) < m; then AMM(x, R^2) = c (mod m), below 2m */
    split_digits(v.lo[0], v.hi[0], c, z);
    memcpy(v.lo[1], v.lo[0], sizeof v.lo[0]);
    memcpy(v.hi[1], v.hi[0], sizeof v.hi[0]);
    memset(s.one, 0, sizeof s.one);
    s.one[0][0] = s.one[1][0] = 1;
    amm2(v.x, v.lo, s.one, &k->mt);
    for (int h = 0; h < 2; h++)
        for (int i = 0; i < z.nl; i++) v.x[h][i] += v.hi[h][i];
    normalise2(v.x, z.nr);
    amm2(v.x, v.x, k->mt.rr, &k->mt);
    /* m1 = c^dP mod p, m2 = c^dQ mod q */
    modexp2_digits(v.m, v.x, k->dp, k->dq, &k->mt, &s);
    /* t = m1 - m2 mod p (m2 < q < 2^bits <= 2p: one conditional subtraction brings it below p) */
    memcpy(v.u, v.m[1], (size_t)nw * sizeof *p);
    v.u[nw] = 0;
    reduce_once_n(v.t, v.u, p, nw);
    const uint64_t borrow = sub_n(v.u, v.m[0], v.t, nw);
    for (int i = 0; i < nw; i++) v.t[i] = p[i] & (0 - borrow);
    add_n(v.t, v.u, v.t, nw);
    /* h = t qInv mod p: AMM(t, qInv R) < 2p, then one conditional subtraction */
    to_digits_n(v.lo[0], z.nd, NL, v.t, nw);
    memset(v.lo[1], 0, sizeof v.lo[1]);
    amm2(v.x, v.lo, k->qinv_r, &k->mt);
    from_digits_n(v.u, nw + 1, v.x[0], z.nl);
    reduce_once_n(v.t, v.u, p, nw);
    /* m = m2 + h q < n */
    mul_n(v.prod, v.t, q, nw);
    memset(v.m2, 0, sizeof v.m2);
    memcpy(v.m2, v.m[1], (size_t)nw * sizeof *p);
    add_n(out, v.prod, v.m2, 2 * nw);
    OPENSSL_cleanse(&v, sizeof v);
    finish(&s);
}

/* ---------------------------------------------------------------------- public exponent */

/*
 * Single exponentiation modulo a public n of 2048 bits (40 digits, 5 registers, R = 2^2080) or
 * 3072 bits (60 digits, 8 registers, R = 2^3120) with a public exponent: the same rounds and
 * normalisation as amm2 for one number. Bounds as above: for a, b < 2^32 n (2048) or 2^48 n (3072)
 * the result is below 2n (r < ab/R + n, 4n < R), so a, b < 2n is kept without subtractions; lane
 * sums stay below 4 * 60 * 2^52 < 2^60 over the rounds; the value before the normalisation is
 * below 2^(52 digits), so nothing leaves the top lane (2048 bits fill all 40 lanes, 3072 bits use
 * 60 of 64). Everything here is public except the base of an encryption (the OAEP-encoded
 * message): the exponent's bits choose squarings and multiplications, and the final subtraction
 * is the same masked one as above.
 */
INLINE void amm1_core(uint64_t *r, const uint64_t *a, const uint64_t *b, const gkm_rsa_ifma_pub *p, const int nr,
                      const int nd) {
    __m512i bv[8], mv[8], acc[8];
    load_n(bv, b, nr);
    load_n(mv, p->m, nr);
#pragma GCC unroll 8
    for (int k = 0; k < nr; k++) acc[k] = _mm512_setzero_si512();
    const __m512i k0 = set1(p->k0);
    for (int i = 0; i < nd; i++) amm_round(acc, bv, mv, k0, set1(a[i]), nr);
    normalise(acc, nr);
    store_n(r, acc, nr);
}

static TARGET __attribute__((noinline)) void amm1_2048(uint64_t *r, const uint64_t *a, const uint64_t *b,
                                                       const gkm_rsa_ifma_pub *p) {
    amm1_core(r, a, b, p, 5, 40);
}

static TARGET __attribute__((noinline)) void amm1_3072(uint64_t *r, const uint64_t *a, const uint64_t *b,
                                                       const gkm_rsa_ifma_pub *p) {
    amm1_core(r, a, b, p, 8, 60);
}

/* r = a b R^-1 (mod n), below 2n for a, b < 2n; 64 lanes each; r may alias a or b. */
static void amm1(uint64_t *r, const uint64_t *a, const uint64_t *b, const gkm_rsa_ifma_pub *p) {
    if (p->nr == 5) amm1_2048(r, a, b, p);
    else amm1_3072(r, a, b, p);
}

int gkm_rsa_ifma_pub_init(gkm_rsa_ifma_pub *p, const uint64_t *n, int nw) {
    if ((nw != 32 && nw != 48) || (n[0] & 1) == 0 || (n[nw - 1] >> 63) == 0) return -1;
    memset(p, 0, sizeof *p);
    p->nw = nw;
    p->nd = nw == 32 ? 40 : 60;
    p->nr = nw == 32 ? 5 : 8;
    memcpy(p->mw, n, (size_t)nw * sizeof *n);
    to_digits_n(p->m, p->nd, 64, n, nw);
    p->k0 = neg_inv52(n[0]);
    /* R^2 mod n as mont_rr does it: 2R mod n from 2^(64 nw - 1) < n by doublings, then with
     * AMM(2^a R, 2^b R) = 2^(a+b) R, squarings give 2^(2^j) R, multiplied for the bits of 52 nd */
    uint64_t x[49] = {0}, t[49], mm[49] = {0}, pw[64], acc[64];
    memcpy(mm, n, (size_t)nw * sizeof *n);
    x[nw - 1] = 1ull << 63;
    const int rbits = 52 * p->nd;
    for (int k = 64 * nw - 1; k < rbits + 1; k++) {
        add_n(x, x, x, nw + 1);
        if (!sub_n(t, x, mm, nw + 1)) memcpy(x, t, (size_t)(nw + 1) * sizeof *t); /* x >= n */
    }
    to_digits_n(pw, p->nd, 64, x, nw);
    int have = 0;
    for (int j = 0; (rbits >> j) != 0; j++) {
        if (j > 0) amm1(pw, pw, pw, p);
        if ((rbits >> j) & 1) {
            if (have) amm1(acc, acc, pw, p);
            else memcpy(acc, pw, sizeof acc);
            have = 1;
        }
    }
    from_digits_n(x, nw + 1, acc, 64);
    reduce_once_n(x, x, n, nw);
    to_digits_n(p->rr, p->nd, 64, x, nw);
#ifndef GKM_RSA_IFMA_EMULATE
    clear_simd();
#endif
    return 0;
}

int gkm_rsa_ifma_pub_exp(uint64_t *out, const uint64_t *b, uint64_t e, const gkm_rsa_ifma_pub *p) {
    struct {
        uint64_t x[64], acc[64], one[64], w[49], t[49];
    } s;
    const int nw = p->nw;
    memset(&s, 0, sizeof s);
    memcpy(s.w, b, (size_t)nw * sizeof *b);
    memcpy(s.t, p->mw, (size_t)nw * sizeof *b);
    /* b < n: a validity verdict on the secret base (the encoded message, whose first byte is 0);
     * OpenSSL's RSA_public_encrypt branches on the same comparison */
    uint64_t in_range = sub_n(s.x, s.w, s.t, nw);
    declassify(&in_range, sizeof in_range);
    if (e == 0 || !in_range) { /* no borrow: b >= n */
        OPENSSL_cleanse(&s, sizeof s);
        return -1;
    }
    to_digits_n(s.x, p->nd, 64, b, nw);
    amm1(s.x, s.x, p->rr, p); /* b R mod n */
    memcpy(s.acc, s.x, sizeof s.acc);
    for (int bit = 62 - __builtin_clzll(e); bit >= 0; bit--) { /* left to right, public bits */
        amm1(s.acc, s.acc, s.acc, p);
        if ((e >> bit) & 1) amm1(s.acc, s.acc, s.x, p);
    }
    s.one[0] = 1;
    amm1(s.acc, s.acc, s.one, p); /* out of Montgomery form: <= n */
    from_digits_n(s.w, nw + 1, s.acc, 64);
    reduce_once_n(out, s.w, p->mw, nw);
    OPENSSL_cleanse(&s, sizeof s);
#ifndef GKM_RSA_IFMA_EMULATE
    clear_simd();
#endif
    return 0;
}
