/* The AES-NI kernel of kw_aesni.c compiled with VEX encoding, for CPUs that have AVX. */
#define KW_AESNI_AVX 1
#include "kw_aesni.c"
