/* gkm_strerror: the message of each result code of gkm_native.h. */
#include "gkm_native.h"

GKM_EXPORT const char *gkm_strerror(int32_t code) {
    switch (code) {
    case GKM_OK: return "success";
    case GKM_ERR_COUNT: return "count out of range";
    case GKM_ERR_KEY_LEN: return "key length is not 16, 24 or 32 bytes";
    case GKM_ERR_INPUT_LEN: return "input length invalid for the mode and direction";
    case GKM_ERR_BOUNDS: return "a region lies outside its buffer, or a required pointer is NULL";
    case GKM_ERR_MODE: return "unknown mode";
    case GKM_ERR_INTERNAL: return "internal error (allocation or libcrypto failure)";
    case GKM_ERR_UNSUPPORTED: return "kernel path unknown or not supported by this CPU";
    case GKM_ERR_INTEGRITY: return "integrity check failed";
    case GKM_ERR_KEY: return "invalid key";
    default: return "unknown gkm error code";
    }
}
