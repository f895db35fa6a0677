/*
 * The checks of the native tests. CHECK: on failure it prints the condition, a message and the
 * run's seed (so the failing inputs can be replayed); EXPECT, for tests without seeded data, the
 * condition alone. Both count the failure and give up after 50. check_seed and check_done are
 * the start and end of a test's main. Each test defines g_failures and g_seed by including this
 * header once.
 */
#ifndef GKM_TEST_CHECK_H
#define GKM_TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int g_failures = 0;
static uint64_t g_seed __attribute__((unused)); /* unused by tests whose data is not seeded */

/* Counts a failure; gives up after 50. */
static inline void check_failed(void) {
    if (++g_failures > 50) {
        fprintf(stderr, "too many failures\n");
        exit(1);
    }
}

/* Sets g_seed for the run: GKM_TEST_SEED if set, else the test's fixed default; made odd (the
 * xorshift generator must not start at 0) and printed, so a failing run can be replayed. */
static inline uint64_t check_seed(uint64_t fallback) {
    const char *env = getenv("GKM_TEST_SEED");
    g_seed = (env ? strtoull(env, NULL, 0) : fallback) | 1;
    printf("seed 0x%llx (rerun with GKM_TEST_SEED=0x%llx)\n", (unsigned long long)g_seed, (unsigned long long)g_seed);
    return g_seed;
}

/* main's exit status: 1 (and the failure count) after any failed check, else 0. */
static inline int check_done(const char *test) {
    if (g_failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", test, g_failures);
        return 1;
    }
    printf("%s: all checks passed\n", test);
    return 0;
}

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                            \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fprintf(stderr, " (seed 0x%llx)\n", (unsigned long long)g_seed);                                           \
            check_failed();                                                                                            \
        }                                                                                                              \
    } while (0)

/* CHECK for tests whose data is not seeded: the condition is the whole message. */
#define EXPECT(cond)                                                                                                   \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                                            \
            check_failed();                                                                                            \
        }                                                                                                              \
    } while (0)

#endif
