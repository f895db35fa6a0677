/*
 * The seeded CHECK of the native tests: on failure it prints the condition, a message and the
 * run's seed (so the failing inputs can be replayed), counts it, and gives up after 50 failures.
 * Each test defines g_failures and g_seed by including this header once.
 */
#ifndef GKM_TEST_CHECK_H
#define GKM_TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int g_failures = 0;
static uint64_t g_seed;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                            \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fprintf(stderr, " (seed 0x%llx)\n", (unsigned long long)g_seed);                                           \
            if (++g_failures > 50) {                                                                                   \
                fprintf(stderr, "too many failures\n");                                                                \
                exit(1);                                                                                               \
            }                                                                                                          \
        }                                                                                                              \
    } while (0)

#endif
