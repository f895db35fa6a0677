/* The AES-GCM kernel of gcm_aesni.c compiled with VEX encoding, for CPUs that have AVX. */
#define GCM_AESNI_AVX 1
#include "gcm_aesni.c"
