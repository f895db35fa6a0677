/*
 * Portable stand-ins for the AVX-512 intrinsics x25519_ifma.c uses, lane by lane in plain C, for
 * the test build of that file (GKM_X25519_IFMA_EMULATE) that valgrind can run: valgrind has no
 * AVX-512, so memcheck sees the kernel's C code through these. Each stand-in is branch-free and
 * indexes memory by lane number only, like the instruction it replaces, so that a report from
 * memcheck with the scalars marked undefined points at the kernel's own code.
 */
#ifndef GKM_X25519_IFMA_EMUL_H
#define GKM_X25519_IFMA_EMUL_H

#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t l[8];
} __m512i;

#define EMUL_MAP(expr)                                                                                                 \
    __m512i r;                                                                                                         \
    for (int i = 0; i < 8; i++) r.l[i] = (expr);                                                                       \
    return r

static inline __m512i _mm512_set1_epi64(long long x) {
    EMUL_MAP((uint64_t)x);
}
static inline __m512i _mm512_setzero_si512(void) {
    EMUL_MAP(0);
}
static inline __m512i _mm512_add_epi64(__m512i a, __m512i b) {
    EMUL_MAP(a.l[i] + b.l[i]);
}
static inline __m512i _mm512_sub_epi64(__m512i a, __m512i b) {
    EMUL_MAP(a.l[i] - b.l[i]);
}
static inline __m512i _mm512_and_si512(__m512i a, __m512i b) {
    EMUL_MAP(a.l[i] & b.l[i]);
}
static inline __m512i _mm512_xor_si512(__m512i a, __m512i b) {
    EMUL_MAP(a.l[i] ^ b.l[i]);
}
static inline __m512i _mm512_srli_epi64(__m512i a, unsigned n) {
    EMUL_MAP(n > 63 ? 0 : a.l[i] >> n); /* n is a public shift count */
}
/* vpmadd52luq / vpmadd52huq: a + the low / high 52 bits of the 104-bit product of the low 52
 * bits of b and c */
static inline __m512i _mm512_madd52lo_epu64(__m512i a, __m512i b, __m512i c) {
    const uint64_t m = (1ull << 52) - 1;
    EMUL_MAP(a.l[i] + (uint64_t)(((unsigned __int128)(b.l[i] & m) * (c.l[i] & m)) & m));
}
static inline __m512i _mm512_madd52hi_epu64(__m512i a, __m512i b, __m512i c) {
    const uint64_t m = (1ull << 52) - 1;
    EMUL_MAP(a.l[i] + (uint64_t)(((unsigned __int128)(b.l[i] & m) * (c.l[i] & m)) >> 52));
}
/* Masks: bit i for lane i; comparisons and blends by arithmetic, as the instructions run */
typedef uint8_t __mmask8;
static inline __mmask8 _mm512_cmpeq_epi64_mask(__m512i a, __m512i b) {
    unsigned m = 0;
    for (int i = 0; i < 8; i++) {
        const uint64_t d = a.l[i] ^ b.l[i];
        m |= (unsigned)(((d | (0 - d)) >> 63) ^ 1) << i;
    }
    return (__mmask8)m;
}
static inline __mmask8 _mm512_cmplt_epi64_mask(__m512i a, __m512i b) {
    unsigned m = 0;
    for (int i = 0; i < 8; i++) {
        /* signed a < b: the sign of a - b, corrected where the subtraction overflows */
        const uint64_t x = a.l[i], y = b.l[i], d = x - y;
        m |= (unsigned)((d ^ ((x ^ y) & (d ^ x))) >> 63) << i;
    }
    return (__mmask8)m;
}
static inline __m512i _mm512_mask_blend_epi64(__mmask8 k, __m512i a, __m512i b) {
    EMUL_MAP((a.l[i] & ~(0 - (uint64_t)((k >> i) & 1))) | (b.l[i] & (0 - (uint64_t)((k >> i) & 1))));
}
static inline __m512i _mm512_loadu_si512(const void *p) {
    __m512i r;
    memcpy(&r, p, sizeof r);
    return r;
}
static inline void _mm512_storeu_si512(void *p, __m512i a) {
    memcpy(p, &a, sizeof a);
}

#undef EMUL_MAP

#endif
