/* The AES-GCM kernel of gcm_aesni.c with its data loop on VAES and VPCLMULQDQ (AVX-512), for CPUs that have them. */
#define GCM_AESNI_VAES 1
#include "gcm_aesni.c"
