/*
 * X25519 (RFC 7748 sec. 5) for 8 independent operations at once with AVX-512 IFMA
 * (vpmadd52luq / vpmadd52huq): each zmm register holds one 52-bit limb of 8 lanes, a field
 * element of GF(2^255 - 19) is 5 such registers (radix 2^52). Two kernels:
 *  - gkm_x25519_ifma_x8, any u: the Montgomery ladder of RFC 7748 sec. 5 on all 8 lanes in
 *    lock-step, then one Fermat inversion per lane (z^(p - 2), also lane-parallel);
 *  - gkm_x25519_ifma_base_x8, u = 9 (public keys): a fixed-base comb over edwards25519 with a
 *    precomputed table, about 2.5 times faster (see the section at the end).
 *
 * Constant time: the ladder's conditional swaps are masked XORs (the mask from each lane's
 * scalar bit), the comb's table entries are chosen by masked blends after reading the whole row,
 * the loop bounds and every memory index are public, and there is no branch on a scalar, a
 * u-coordinate or an intermediate value; the final reduction to the canonical encoding uses
 * masks too.
 *
 * Limb bounds. IFMA multiplies only the low 52 bits of each operand, so every multiplication
 * input is in "normal form": limbs 0..3 < 2^52, limb 4 < 2^48 (value < 2^256, not necessarily
 * reduced mod p). Every operation below returns normal form:
 *  - products: the 10 column sums are each < 10 * 2^52 (5 low and 5 high halves); columns 5..8
 *    are carried into 52-bit limbs (column 9 = hi(a4 * b4) + carry < 2^45), folded into columns
 *    0..4 with 2^260 = 608 (mod p), and normalised as below;
 *  - normalise: the bits of limb 4 from 2^255 up are folded into limb 0 with 2^255 = 19
 *    (mod p) first, then one carry pass 0 -> 4 leaves limbs 0..3 < 2^52 and limb 4 < 2^47 + 2^5;
 *  - sums and differences (a - b computed as a + 4p - b, every limb of 4p above the matching
 *    limb bound of b) are normalised the same way.
 * Compiled with function-level target attributes: the library loads on any x86-64 CPU and the
 * caller (x25519_batch.c) runs this only when CPUID and XCR0 say the CPU and OS support it.
 */
#include <string.h>

#include <openssl/crypto.h>

#include "gkm_internal.h"

#ifdef GKM_X25519_IFMA_EMULATE
/* Test build only (test_x25519_ct): the intrinsics as portable C, so that valgrind's memcheck can
 * run this code with the secrets marked undefined (valgrind has no AVX-512). */
#include "x25519_ifma_emul.h"
#define TARGET
#else
#include <immintrin.h>
#define TARGET __attribute__((target("avx512f,avx512ifma,avx512vl")))
#endif
#define INLINE static inline __attribute__((always_inline)) TARGET

#define M52 0xfffffffffffffull
#define M47 0x7fffffffffffull

typedef struct fe8 {
    __m512i v[5];
} fe8;

INLINE __m512i set1(uint64_t x) {
    return _mm512_set1_epi64((long long)x);
}

/* Normal form from limbs 0..4 each < 2^60 (see the file comment). */
INLINE void normalise(fe8 *r, __m512i t0, __m512i t1, __m512i t2, __m512i t3, __m512i t4) {
    const __m512i m52 = set1(M52);
    const __m512i c = _mm512_srli_epi64(t4, 47);
    t4 = _mm512_and_si512(t4, set1(M47));
    t0 = _mm512_madd52lo_epu64(t0, c, set1(19)); /* c < 2^13: 19c is exact in 52 bits */
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52));
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52));
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52));
    r->v[0] = _mm512_and_si512(t0, m52);
    r->v[1] = _mm512_and_si512(t1, m52);
    r->v[2] = _mm512_and_si512(t2, m52);
    r->v[3] = _mm512_and_si512(t3, m52);
    r->v[4] = t4;
}

/* Reduces the 10 column sums of a product (each < 2^56) to normal form. */
INLINE void reduce10(fe8 *r, __m512i *t) {
    const __m512i m52 = set1(M52), c608 = set1(608);
    t[6] = _mm512_add_epi64(t[6], _mm512_srli_epi64(t[5], 52));
    t[5] = _mm512_and_si512(t[5], m52);
    t[7] = _mm512_add_epi64(t[7], _mm512_srli_epi64(t[6], 52));
    t[6] = _mm512_and_si512(t[6], m52);
    t[8] = _mm512_add_epi64(t[8], _mm512_srli_epi64(t[7], 52));
    t[7] = _mm512_and_si512(t[7], m52);
    t[9] = _mm512_add_epi64(t[9], _mm512_srli_epi64(t[8], 52));
    t[8] = _mm512_and_si512(t[8], m52);
    /* 2^260 = 608 (mod p): column k + 5 moves to column k times 608 (low half) and k + 1 (high) */
#pragma GCC unroll 10
    for (int k = 0; k < 4; k++) {
        t[k] = _mm512_madd52lo_epu64(t[k], t[k + 5], c608);
        t[k + 1] = _mm512_madd52hi_epu64(t[k + 1], t[k + 5], c608);
    }
    t[4] = _mm512_madd52lo_epu64(t[4], t[9], c608);
    /* the high half of 608 * t[9] (< 2^3) sits at 2^260 again */
    const __m512i h = _mm512_madd52hi_epu64(_mm512_setzero_si512(), t[9], c608);
    t[0] = _mm512_madd52lo_epu64(t[0], h, c608);
    normalise(r, t[0], t[1], t[2], t[3], t[4]);
}

INLINE void fe_mul(fe8 *r, const fe8 *a, const fe8 *b) {
    __m512i lo[10], hi[10];
#pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = hi[k] = _mm512_setzero_si512();
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
#pragma GCC unroll 5
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], a->v[i], b->v[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], a->v[i], b->v[j]);
        }
    }
#pragma GCC unroll 10
    for (int k = 0; k < 10; k++) lo[k] = _mm512_add_epi64(lo[k], hi[k]);
    reduce10(r, lo);
}

INLINE void fe_sq(fe8 *r, const fe8 *a) {
    __m512i t[10];
#pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm512_setzero_si512();
        /* cross products once, doubled, then the squares */
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
#pragma GCC unroll 5
        for (int j = i + 1; j < 5; j++) {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a->v[i], a->v[j]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a->v[i], a->v[j]);
        }
    }
#pragma GCC unroll 10
    for (int k = 0; k < 10; k++) t[k] = _mm512_add_epi64(t[k], t[k]);
#pragma GCC unroll 5
    for (int i = 0; i < 5; i++) {
        t[2 * i] = _mm512_madd52lo_epu64(t[2 * i], a->v[i], a->v[i]);
        t[2 * i + 1] = _mm512_madd52hi_epu64(t[2 * i + 1], a->v[i], a->v[i]);
    }
    reduce10(r, t);
}

INLINE void fe_add(fe8 *r, const fe8 *a, const fe8 *b) {
    normalise(r, _mm512_add_epi64(a->v[0], b->v[0]), _mm512_add_epi64(a->v[1], b->v[1]),
              _mm512_add_epi64(a->v[2], b->v[2]), _mm512_add_epi64(a->v[3], b->v[3]),
              _mm512_add_epi64(a->v[4], b->v[4]));
}

/* a - b + 4p; the limbs of 4p: 2^54 - 76, 2^54 - 4 (x3), 2^49 - 4 */
INLINE void fe_sub(fe8 *r, const fe8 *a, const fe8 *b) {
    const __m512i p0 = set1((1ull << 54) - 76), p1 = set1((1ull << 54) - 4), p4 = set1((1ull << 49) - 4);
    normalise(r, _mm512_sub_epi64(_mm512_add_epi64(a->v[0], p0), b->v[0]),
              _mm512_sub_epi64(_mm512_add_epi64(a->v[1], p1), b->v[1]),
              _mm512_sub_epi64(_mm512_add_epi64(a->v[2], p1), b->v[2]),
              _mm512_sub_epi64(_mm512_add_epi64(a->v[3], p1), b->v[3]),
              _mm512_sub_epi64(_mm512_add_epi64(a->v[4], p4), b->v[4]));
}

/* r = c + a24 * e with a24 = 121665 (RFC 7748's (486662 - 2) / 4) */
INLINE void fe_add_mul_a24(fe8 *r, const fe8 *c, const fe8 *e) {
    const __m512i a24 = set1(121665);
    __m512i t[6];
#pragma GCC unroll 10
    for (int k = 0; k < 5; k++) t[k] = c->v[k];
    t[5] = _mm512_setzero_si512();
#pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        t[k] = _mm512_madd52lo_epu64(t[k], e->v[k], a24);
        t[k + 1] = _mm512_madd52hi_epu64(t[k + 1], e->v[k], a24);
    }
    t[0] = _mm512_madd52lo_epu64(t[0], t[5], set1(608)); /* t[5] < 2^13 */
    normalise(r, t[0], t[1], t[2], t[3], t[4]);
}

/* Swaps a and b in the lanes where mask is all ones (mask is 0 or ~0 per lane). */
INLINE void fe_cswap(fe8 *a, fe8 *b, __m512i mask) {
#pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        const __m512i d = _mm512_and_si512(_mm512_xor_si512(a->v[k], b->v[k]), mask);
        a->v[k] = _mm512_xor_si512(a->v[k], d);
        b->v[k] = _mm512_xor_si512(b->v[k], d);
    }
}

/* r = a^(2^n) */
static TARGET void fe_sqn(fe8 *r, const fe8 *a, int n) {
    fe_sq(r, a);
    for (int i = 1; i < n; i++) fe_sq(r, r);
}

static TARGET void fe_mul_out(fe8 *r, const fe8 *a, const fe8 *b) {
    fe_mul(r, a, b);
}

/* r = z^(p - 2) = z^(2^255 - 21) (0 for z = 0), the addition chain of curve25519 "ref10". */
static TARGET void fe_invert(fe8 *r, const fe8 *z) {
    fe8 z2, z9, z11, z5_0, z10_0, z20_0, z50_0, z100_0, t;
    fe_sq(&z2, z);                   /* 2 */
    fe_sqn(&t, &z2, 2);              /* 8 */
    fe_mul_out(&z9, &t, z);          /* 9 */
    fe_mul_out(&z11, &z9, &z2);      /* 11 */
    fe_sq(&t, &z11);                 /* 22 */
    fe_mul_out(&z5_0, &t, &z9);      /* 2^5 - 1 */
    fe_sqn(&t, &z5_0, 5);            /* 2^10 - 2^5 */
    fe_mul_out(&z10_0, &t, &z5_0);   /* 2^10 - 1 */
    fe_sqn(&t, &z10_0, 10);          /* 2^20 - 2^10 */
    fe_mul_out(&z20_0, &t, &z10_0);  /* 2^20 - 1 */
    fe_sqn(&t, &z20_0, 20);          /* 2^40 - 2^20 */
    fe_mul_out(&t, &t, &z20_0);      /* 2^40 - 1 */
    fe_sqn(&t, &t, 10);              /* 2^50 - 2^10 */
    fe_mul_out(&z50_0, &t, &z10_0);  /* 2^50 - 1 */
    fe_sqn(&t, &z50_0, 50);          /* 2^100 - 2^50 */
    fe_mul_out(&z100_0, &t, &z50_0); /* 2^100 - 1 */
    fe_sqn(&t, &z100_0, 100);        /* 2^200 - 2^100 */
    fe_mul_out(&t, &t, &z100_0);     /* 2^200 - 1 */
    fe_sqn(&t, &t, 50);              /* 2^250 - 2^50 */
    fe_mul_out(&t, &t, &z50_0);      /* 2^250 - 1 */
    fe_sqn(&t, &t, 5);               /* 2^255 - 2^5 */
    fe_mul_out(r, &t, &z11);         /* 2^255 - 21 */
}

/* ------------------------------------------------------------------ lane I/O (per lane, scalar) */

static uint64_t load64(const uint8_t *p) {
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = (x << 8) | p[i];
    return x;
}

static void store64(uint8_t *p, uint64_t x) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(x >> (8 * i));
}

/* RFC 7748 decodeUCoordinate: the top bit masked, the rest as is (possibly >= p), in limbs. */
static void decode_u(uint64_t l[5], const uint8_t u[32]) {
    const uint64_t w0 = load64(u), w1 = load64(u + 8), w2 = load64(u + 16), w3 = load64(u + 24) & (~0ull >> 1);
    l[0] = w0 & M52;
    l[1] = ((w0 >> 52) | (w1 << 12)) & M52;
    l[2] = ((w1 >> 40) | (w2 << 24)) & M52;
    l[3] = ((w2 >> 28) | (w3 << 36)) & M52;
    l[4] = w3 >> 16;
}

/* One carry pass after folding the bits from 2^255 up into limb 0 (19 = 2^255 mod p). */
static void fold_carry(uint64_t l[5]) {
    const uint64_t c = l[4] >> 47;
    l[4] &= M47;
    l[0] += 19 * c;
    for (int i = 0; i < 4; i++) {
        l[i + 1] += l[i] >> 52;
        l[i] &= M52;
    }
}

/* The canonical encoding (value mod p, little-endian) of a normal-form element. */
static void encode(uint8_t out[32], const uint64_t in[5]) {
    uint64_t l[5], t[5];
    memcpy(l, in, sizeof l);
    fold_carry(l); /* < 2^255 + 38 */
    fold_carry(l); /* < 2^255 */
    /* t = l + 19: bit 255 of t is set exactly when l >= p, and then l - p = t - 2^255 */
    memcpy(t, l, sizeof t);
    t[0] += 19;
    for (int i = 0; i < 4; i++) {
        t[i + 1] += t[i] >> 52;
        t[i] &= M52;
    }
    const uint64_t use_t = 0 - (t[4] >> 47);
    t[4] &= M47;
    for (int i = 0; i < 5; i++) l[i] = (t[i] & use_t) | (l[i] & ~use_t);
    store64(out, l[0] | (l[1] << 52));
    store64(out + 8, (l[1] >> 12) | (l[2] << 40));
    store64(out + 16, (l[2] >> 24) | (l[3] << 28));
    store64(out + 24, (l[3] >> 36) | (l[4] << 16));
}

/* ------------------------------------------------------------------ ladder */

/* The working state, kept in one place so that it can be cleansed. */
typedef struct ladder_state {
    fe8 x1, x2, z2, zi;
    __m512i k[4]; /* 64-bit word w of each lane's clamped scalar */
    uint64_t lanes[5][8];
} ladder_state;

static TARGET void ladder(ladder_state *s) {
    const __m512i one = set1(1), zero = _mm512_setzero_si512();
    /* locals, not s: the compiler may keep them in registers (s is written back at the end) */
    const fe8 x1 = s->x1;
    fe8 x2 = {{one, zero, zero, zero, zero}}, z2 = {{zero, zero, zero, zero, zero}}, x3 = x1, z3 = x2;
    fe8 a, aa, b, bb, e, c, d, da, cb;
    __m512i prev = zero;
    for (int t = 254; t >= 0; t--) {
        const __m512i bit = _mm512_and_si512(_mm512_srli_epi64(s->k[t >> 6], (unsigned)(t & 63)), one);
        const __m512i mask = _mm512_sub_epi64(zero, _mm512_xor_si512(bit, prev));
        prev = bit;
        fe_cswap(&x2, &x3, mask);
        fe_cswap(&z2, &z3, mask);
        /* RFC 7748 sec. 5 */
        fe_add(&a, &x2, &z2);
        fe_sub(&b, &x2, &z2);
        fe_add(&c, &x3, &z3);
        fe_sub(&d, &x3, &z3);
        fe_sq(&aa, &a);
        fe_sq(&bb, &b);
        fe_mul(&da, &d, &a);
        fe_mul(&cb, &c, &b);
        fe_sub(&e, &aa, &bb);
        fe_add(&x3, &da, &cb);
        fe_sq(&x3, &x3);
        fe_sub(&z3, &da, &cb);
        fe_sq(&z3, &z3);
        fe_mul(&z3, &z3, &x1);
        fe_mul(&x2, &aa, &bb);
        fe_add_mul_a24(&a, &aa, &e);
        fe_mul(&z2, &e, &a);
    }
    const __m512i mask = _mm512_sub_epi64(zero, prev);
    fe_cswap(&x2, &x3, mask);
    fe_cswap(&z2, &z3, mask);
    s->x2 = x2;
    s->z2 = z2;
    fe_invert(&s->zi, &s->z2);
    fe_mul(&s->x2, &s->x2, &s->zi);
}

TARGET void gkm_x25519_ifma_x8(uint8_t out[8 * 32], const uint8_t scalars[8 * 32], const uint8_t points[8 * 32]) {
    ladder_state s;
    uint64_t kw[4][8];
    for (int l = 0; l < 8; l++) {
        uint64_t u[5];
        decode_u(u, points + 32 * l);
        for (int i = 0; i < 5; i++) s.lanes[i][l] = u[i];
        /* RFC 7748 decodeScalar25519 */
        for (int w = 0; w < 4; w++) kw[w][l] = load64(scalars + 32 * l + 8 * w);
        kw[0][l] &= ~7ull;
        kw[3][l] &= ~0ull >> 1;
        kw[3][l] |= 1ull << 62;
    }
    for (int i = 0; i < 5; i++) s.x1.v[i] = _mm512_loadu_si512(s.lanes[i]);
    for (int w = 0; w < 4; w++) s.k[w] = _mm512_loadu_si512(kw[w]);
    ladder(&s);
    for (int i = 0; i < 5; i++) _mm512_storeu_si512(s.lanes[i], s.x2.v[i]);
    for (int l = 0; l < 8; l++) {
        uint64_t x[5];
        for (int i = 0; i < 5; i++) x[i] = s.lanes[i][l];
        encode(out + 32 * l, x);
        OPENSSL_cleanse(x, sizeof x);
    }
    OPENSSL_cleanse(kw, sizeof kw);
    OPENSSL_cleanse(&s, sizeof s);
}

/* ------------------------------------------------------------------ fixed base (public keys) */

/*
 * X25519(k, 9) through edwards25519: k * B with B the Edwards base point (the birational image
 * of u = 9, RFC 7748 sec. 4.1), then u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y). k * B by the
 * signed radix-16 comb of curve25519 "ref10" (ge_scalarmult_base): k = sum e_i 16^i with
 * -8 <= e_i <= 8, the odd positions added first, times 16, then the even ones, each term
 * |e_i| * 256^(i/2) * B read from a precomputed table (x25519_base_table.h) and negated when
 * e_i < 0. Each lane has its own digits, so each lookup reads all 8 entries of its row and keeps
 * the matching one lane by lane with masked blends (no secret-dependent address); the sign is
 * applied by blends too. The clamped k (2^254 <= k < 2^255, a multiple of 8) is never a multiple
 * of the order of B, so Z - Y (0 only at the identity) is invertible.
 */
#include "x25519_base_table.h"

typedef struct ge8 {
    fe8 x, y, z, t;
} ge8;

typedef struct niels8 {
    fe8 yplusx, yminusx, xy2d;
} niels8;

/* r = 256^pos * |e| * B, negated where e < 0 (lane by lane); e in [-8, 8]. */
INLINE void select_base(niels8 *r, int pos, __m512i babs, __m512i e) {
    const __m512i one = set1(1), zero = _mm512_setzero_si512();
    for (int k = 0; k < 5; k++) {
        r->yplusx.v[k] = r->yminusx.v[k] = r->xy2d.v[k] = zero;
    }
    r->yplusx.v[0] = r->yminusx.v[0] = one; /* the identity: (1, 1, 0) */
    for (int j = 1; j <= 8; j++) {
        const __mmask8 m = _mm512_cmpeq_epi64_mask(babs, set1((uint64_t)j));
        const uint64_t(*entry)[5] = BASE_TABLE[pos][j - 1];
#pragma GCC unroll 10
        for (int k = 0; k < 5; k++) {
            r->yplusx.v[k] = _mm512_mask_blend_epi64(m, r->yplusx.v[k], set1(entry[0][k]));
            r->yminusx.v[k] = _mm512_mask_blend_epi64(m, r->yminusx.v[k], set1(entry[1][k]));
            r->xy2d.v[k] = _mm512_mask_blend_epi64(m, r->xy2d.v[k], set1(entry[2][k]));
        }
    }
    /* -(x, y) = (-x, y): y + x and y - x trade places, 2dxy changes sign */
    const __mmask8 neg = _mm512_cmplt_epi64_mask(e, zero);
    fe8 minus;
    const fe8 zfe = {{zero, zero, zero, zero, zero}};
    fe_sub(&minus, &zfe, &r->xy2d);
#pragma GCC unroll 10
    for (int k = 0; k < 5; k++) {
        const __m512i a = r->yplusx.v[k], b = r->yminusx.v[k];
        r->yplusx.v[k] = _mm512_mask_blend_epi64(neg, a, b);
        r->yminusx.v[k] = _mm512_mask_blend_epi64(neg, b, a);
        r->xy2d.v[k] = _mm512_mask_blend_epi64(neg, r->xy2d.v[k], minus.v[k]);
    }
}

/* h = h + q (extended coordinates plus an affine Niels point; ref10 ge_madd + ge_p1p1_to_p3) */
INLINE void ge_add_niels(ge8 *h, const niels8 *q) {
    fe8 a, b, c, d, e, f, g, hh;
    fe_add(&a, &h->y, &h->x);
    fe_sub(&b, &h->y, &h->x);
    fe_mul(&a, &a, &q->yplusx);
    fe_mul(&b, &b, &q->yminusx);
    fe_mul(&c, &q->xy2d, &h->t);
    fe_add(&d, &h->z, &h->z);
    fe_sub(&e, &a, &b);
    fe_add(&hh, &a, &b);
    fe_add(&g, &d, &c);
    fe_sub(&f, &d, &c);
    fe_mul(&h->x, &e, &f);
    fe_mul(&h->y, &g, &hh);
    fe_mul(&h->z, &f, &g);
    fe_mul(&h->t, &e, &hh);
}

/* h = 2h (ref10 ge_p2_dbl; with_t: also T, for an addition next) */
INLINE void ge_dbl(ge8 *h, const int with_t) {
    fe8 xx, yy, zz2, s, ss, e, f, g, hh;
    fe_sq(&xx, &h->x);
    fe_sq(&yy, &h->y);
    fe_sq(&zz2, &h->z);
    fe_add(&zz2, &zz2, &zz2);
    fe_add(&s, &h->x, &h->y);
    fe_sq(&ss, &s);
    fe_add(&hh, &yy, &xx); /* Y^2 + X^2 */
    fe_sub(&g, &yy, &xx);  /* Y^2 - X^2 */
    fe_sub(&e, &ss, &hh);  /* 2XY */
    fe_sub(&f, &zz2, &g);
    fe_mul(&h->x, &e, &f);
    fe_mul(&h->y, &g, &hh);
    fe_mul(&h->z, &f, &g);
    if (with_t) fe_mul(&h->t, &e, &hh);
}

typedef struct base_state {
    int64_t digits[64][8]; /* signed radix-16 digits of each lane's clamped scalar */
    int64_t babs[64][8];
    ge8 h;
    fe8 num, den;
    uint64_t lanes[5][8];
} base_state;

static TARGET void comb(base_state *s) {
    const __m512i zero = _mm512_setzero_si512(), one = set1(1);
    ge8 h = {{{zero, zero, zero, zero, zero}},
             {{one, zero, zero, zero, zero}},
             {{one, zero, zero, zero, zero}},
             {{zero, zero, zero, zero, zero}}};
    niels8 t;
    for (int i = 1; i < 64; i += 2) {
        select_base(&t, i / 2, _mm512_loadu_si512(s->babs[i]), _mm512_loadu_si512(s->digits[i]));
        ge_add_niels(&h, &t);
    }
    ge_dbl(&h, 0);
    ge_dbl(&h, 0);
    ge_dbl(&h, 0);
    ge_dbl(&h, 1);
    for (int i = 0; i < 64; i += 2) {
        select_base(&t, i / 2, _mm512_loadu_si512(s->babs[i]), _mm512_loadu_si512(s->digits[i]));
        ge_add_niels(&h, &t);
    }
    fe_add(&s->num, &h.z, &h.y);
    fe_sub(&s->den, &h.z, &h.y);
    fe_invert(&s->den, &s->den);
    fe_mul(&s->num, &s->num, &s->den);
    s->h = h;
}

TARGET void gkm_x25519_ifma_base_x8(uint8_t out[8 * 32], const uint8_t scalars[8 * 32]) {
    base_state s;
    for (int l = 0; l < 8; l++) {
        uint8_t k[32];
        memcpy(k, scalars + 32 * l, 32);
        k[0] &= 248; /* RFC 7748 decodeScalar25519 */
        k[31] &= 127;
        k[31] |= 64;
        int64_t carry = 0;
        for (int i = 0; i < 32; i++) {
            s.digits[2 * i][l] = k[i] & 15;
            s.digits[2 * i + 1][l] = k[i] >> 4;
        }
        /* digits in [-8, 8) (the last in [0, 8]) by carries; arithmetic shifts, no branches */
        for (int i = 0; i < 63; i++) {
            s.digits[i][l] += carry;
            carry = (s.digits[i][l] + 8) >> 4;
            s.digits[i][l] -= carry * 16;
        }
        s.digits[63][l] += carry;
        for (int i = 0; i < 64; i++) {
            const int64_t e = s.digits[i][l], sign = e >> 63; /* 0 or -1 */
            s.babs[i][l] = (e ^ sign) - sign;
        }
        OPENSSL_cleanse(k, sizeof k);
    }
    comb(&s);
    for (int i = 0; i < 5; i++) _mm512_storeu_si512(s.lanes[i], s.num.v[i]);
    for (int l = 0; l < 8; l++) {
        uint64_t x[5];
        for (int i = 0; i < 5; i++) x[i] = s.lanes[i][l];
        encode(out + 32 * l, x);
        OPENSSL_cleanse(x, sizeof x);
    }
    OPENSSL_cleanse(&s, sizeof s);
}
