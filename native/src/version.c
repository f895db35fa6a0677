#include "gkm_native.h"

GKM_EXPORT const char *gkm_native_version(void) {
    return GKM_NATIVE_VERSION;
}
