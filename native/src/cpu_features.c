/* Run-time CPU feature detection via CPUID, including the OS support checks (OSXSAVE/XCR0). */
#include "gkm_internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    /* xgetbv with ecx = 0; encoded as bytes so no -mxsave is needed. */
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static uint32_t detect(void) {
    unsigned int eax, ebx, ecx, edx;
    uint32_t f = 0;
    if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) {
        return 0;
    }
    unsigned int max_leaf = eax;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        return 0;
    }
    const unsigned int ecx1 = ecx;
    if (ecx1 & (1u << 25)) f |= GKM_CPU_AESNI;
    if (ecx1 & (1u << 1)) f |= GKM_CPU_PCLMULQDQ;
    if (ecx1 & (1u << 9)) f |= GKM_CPUX_SSSE3;
    if (ecx1 & (1u << 19)) f |= GKM_CPUX_SSE41;

    int os_ymm = 0, os_zmm = 0;
    const int osxsave = (ecx1 & (1u << 27)) != 0;
    const int avx = (ecx1 & (1u << 28)) != 0;
    if (osxsave && avx) {
        uint64_t xcr0 = read_xcr0();
        os_ymm = (xcr0 & 0x6) == 0x6;             /* XMM | YMM state */
        os_zmm = os_ymm && (xcr0 & 0xe0) == 0xe0; /* opmask | ZMM_Hi256 | Hi16_ZMM */
    }
    if (os_ymm) f |= GKM_CPUX_AVX;

    if (max_leaf >= 7) {
        __cpuid_count(7, 0, eax, ebx, ecx, edx);
        if (ebx & (1u << 29)) f |= GKM_CPU_SHANI;
        if (ebx & (1u << 8)) f |= GKM_CPUX_BMI2;
        if (ebx & (1u << 19)) f |= GKM_CPUX_ADX;
        if (os_ymm) {
            if (ebx & (1u << 5)) f |= GKM_CPU_AVX2;
            if (ecx & (1u << 9)) f |= GKM_CPU_VAES;
            if (ecx & (1u << 10)) f |= GKM_CPU_VPCLMULQDQ;
        }
        if (os_zmm && (ebx & (1u << 16))) f |= GKM_CPU_AVX512F;
        if (os_zmm && (ebx & (1u << 30))) f |= GKM_CPUX_AVX512BW;
        if (os_zmm && (ebx & (1u << 31))) f |= GKM_CPUX_AVX512VL;
        if (os_zmm && (ebx & (1u << 21))) f |= GKM_CPUX_AVX512IFMA;
    }
    return f;
}
#else
static uint32_t detect(void) {
    return 0;
}
#endif

uint32_t gkm_cpu_features_internal(void) {
    return detect();
}

GKM_EXPORT uint32_t gkm_cpu_features(void) {
    /* Not cached: called rarely (provider selection, tests), and CPUID is cheap enough. */
    return detect() & 0xffffu; /* public GKM_CPU_* bits only */
}
