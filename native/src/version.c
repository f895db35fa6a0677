/* Version and ABI version of the library (gkm_native.h). */
#include "gkm_native.h"

GKM_EXPORT const char *gkm_native_version(void) {
    return GKM_NATIVE_VERSION;
}

GKM_EXPORT int32_t gkm_abi_version(void) {
    return GKM_ABI_VERSION;
}
