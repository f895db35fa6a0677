/*
 * clear_simd() for the AES-NI kernels (kw_aesni.c, gcm_aesni.c): zeroes the vector registers, which
 * hold key material when a kernel returns. Included by a kernel file after it defines
 * SIMD_CLEAR_TARGET (its function target attribute) and, in its VEX build, SIMD_CLEAR_AVX; the file
 * includes <immintrin.h> first.
 */
#ifndef GKM_SIMD_CLEAR_H
#define GKM_SIMD_CLEAR_H

SIMD_CLEAR_TARGET static void clear_simd(void) {
#ifdef SIMD_CLEAR_AVX
    _mm256_zeroall();
#else
    __asm__ __volatile__("pxor %%xmm0, %%xmm0\n\tpxor %%xmm1, %%xmm1\n\tpxor %%xmm2, %%xmm2\n\t"
                         "pxor %%xmm3, %%xmm3\n\tpxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\t"
                         "pxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7\n\tpxor %%xmm8, %%xmm8\n\t"
                         "pxor %%xmm9, %%xmm9\n\tpxor %%xmm10, %%xmm10\n\tpxor %%xmm11, %%xmm11\n\t"
                         "pxor %%xmm12, %%xmm12\n\tpxor %%xmm13, %%xmm13\n\tpxor %%xmm14, %%xmm14\n\t"
                         "pxor %%xmm15, %%xmm15"
                         :
                         :
                         : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                           "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

#endif
