/* ctest: gkm_strerror gives every result code of gkm_native.h its own non-empty message, success
 * for GKM_OK, and a message saying so (never NULL) for codes the library does not define. */
#include <stdio.h>
#include <string.h>

#include "gkm_native.h"

int main(void) {
    static const int32_t codes[] = {
        GKM_OK,       GKM_ERR_COUNT,    GKM_ERR_KEY_LEN,     GKM_ERR_INPUT_LEN, GKM_ERR_BOUNDS,
        GKM_ERR_MODE, GKM_ERR_INTERNAL, GKM_ERR_UNSUPPORTED, GKM_ERR_INTEGRITY, GKM_ERR_KEY};
    const size_t n = sizeof codes / sizeof codes[0];
    const char *unknown = gkm_strerror(12345);
    int failures = 0;
    if (unknown == NULL || strstr(unknown, "unknown") == NULL) {
        fprintf(stderr, "FAIL: unknown code gives \"%s\"\n", unknown ? unknown : "(null)");
        failures++;
    }
    for (size_t i = 0; i < n; i++) {
        const char *m = gkm_strerror(codes[i]);
        printf("%3d  %s\n", codes[i], m ? m : "(null)");
        if (m == NULL || m[0] == '\0' || strcmp(m, unknown) == 0) {
            fprintf(stderr, "FAIL: code %d has no message of its own\n", codes[i]);
            failures++;
            continue;
        }
        /* codes are distinct and so are their messages */
        for (size_t j = 0; j < i; j++) {
            if (codes[j] == codes[i] || strcmp(gkm_strerror(codes[j]), m) == 0) {
                fprintf(stderr, "FAIL: codes %d and %d share a value or a message\n", codes[j], codes[i]);
                failures++;
            }
        }
        if (i > 0 && codes[i] >= 0) {
            fprintf(stderr, "FAIL: error code %d is not negative\n", codes[i]);
            failures++;
        }
    }
    const int32_t others[] = {1, -10, -100, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        if (gkm_strerror(others[i]) == NULL || strcmp(gkm_strerror(others[i]), unknown) != 0) {
            fprintf(stderr, "FAIL: undefined code %d does not give the unknown-code message\n", others[i]);
            failures++;
        }
    }
    if (strcmp(gkm_strerror(GKM_OK), "success") != 0) {
        fprintf(stderr, "FAIL: GKM_OK gives \"%s\"\n", gkm_strerror(GKM_OK));
        failures++;
    }
    if (failures) return 1;
    printf("gkm_strerror: all codes have their own message\n");
    return 0;
}
