/*
 * Portable stand-ins for the AVX-512 intrinsics rsa_ifma.c uses, for its test build
 * (GKM_RSA_IFMA_EMULATE) that valgrind's memcheck can run (valgrind has no AVX-512): those of
 * x25519_ifma_emul.h plus the few more the RSA kernel needs, each branch-free and indexing memory
 * by lane number or public immediates only, like the instructions they replace.
 */
#ifndef GKM_RSA_IFMA_EMUL_H
#define GKM_RSA_IFMA_EMUL_H

#include "x25519_ifma_emul.h"

#define EMUL_MAP(expr)                                                                                                 \
    __m512i r;                                                                                                         \
    for (int i = 0; i < 8; i++) r.l[i] = (expr);                                                                       \
    return r

#define EMUL_LANE(k) (0 - (uint64_t)(((k) >> i) & 1)) /* all ones where mask bit i is set */

static inline __mmask8 _mm512_cmpeq_epu64_mask(__m512i a, __m512i b) {
    return _mm512_cmpeq_epi64_mask(a, b);
}
/* unsigned a > b: the borrow out of b - a */
static inline __mmask8 _mm512_cmpgt_epu64_mask(__m512i a, __m512i b) {
    unsigned m = 0;
    for (int i = 0; i < 8; i++) {
        const uint64_t x = a.l[i], y = b.l[i];
        m |= (unsigned)(((~y & x) | (~(y ^ x) & (y - x))) >> 63) << i;
    }
    return (__mmask8)m;
}
static inline __m512i _mm512_mask_add_epi64(__m512i src, __mmask8 k, __m512i a, __m512i b) {
    EMUL_MAP((src.l[i] & ~EMUL_LANE(k)) | ((a.l[i] + b.l[i]) & EMUL_LANE(k)));
}
static inline __m512i _mm512_mask_mov_epi64(__m512i src, __mmask8 k, __m512i a) {
    EMUL_MAP((src.l[i] & ~EMUL_LANE(k)) | (a.l[i] & EMUL_LANE(k)));
}
static inline __m512i _mm512_maskz_srli_epi64(__mmask8 k, __m512i a, unsigned n) {
    EMUL_MAP((n > 63 ? 0 : a.l[i] >> n) & EMUL_LANE(k));
}
/* valignq: lanes imm .. imm + 7 of b (low) : a (high); imm is public */
static inline __m512i _mm512_alignr_epi64(__m512i a, __m512i b, int imm) {
    EMUL_MAP(i + imm < 8 ? b.l[i + imm] : a.l[i + imm - 8]);
}

/* the 128-bit forms the kernel uses for y (lane 0 only matters) */
typedef struct {
    uint64_t l[2];
} __m128i;
static inline __m128i _mm_setzero_si128(void) {
    __m128i r = {{0, 0}};
    return r;
}
static inline __m128i _mm512_castsi512_si128(__m512i a) {
    __m128i r = {{a.l[0], a.l[1]}};
    return r;
}
static inline __m128i _mm_madd52lo_epu64(__m128i a, __m128i b, __m128i c) {
    const uint64_t m = (1ull << 52) - 1;
    __m128i r;
    for (int i = 0; i < 2; i++) r.l[i] = a.l[i] + (uint64_t)(((unsigned __int128)(b.l[i] & m) * (c.l[i] & m)) & m);
    return r;
}
static inline __m512i _mm512_broadcastq_epi64(__m128i a) {
    EMUL_MAP(a.l[0]);
}

#undef EMUL_LANE
#undef EMUL_MAP

#endif
