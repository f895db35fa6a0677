/* Helpers of the constant-time tests: see test_ct.h. */
#define _POSIX_C_SOURCE 200809L

#include "test_ct.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "test_util.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define GKM_TEST_HAVE_MEMCHECK 1
#endif
#endif

int test_ct_memcheck_control(void) {
#ifdef GKM_TEST_HAVE_MEMCHECK
    uint8_t k[32];
    memset(k, 1, sizeof k);
    (void)VALGRIND_MAKE_MEM_UNDEFINED(k, sizeof k);
    volatile int x = 0;
    if (k[3] & 1) x++; /* deliberately not constant time */
    printf("control branched on a secret byte\n");
    return 0; /* the ctest expects valgrind's error exit status */
#else
    printf("no valgrind/memcheck.h: skipped\n");
    return 77;
#endif
}

double test_ct_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile uint64_t g_sink;

void test_ct_spin(long iters) {
    for (long i = 0; i < iters; i++) g_sink += (uint64_t)i;
}

double test_ct_spin_iters_for(double ns) {
    enum { ITERS = 100000 };
    double best = INFINITY;
    for (int i = 0; i < 20; i++) {
        const double t0 = test_ct_now_ns();
        test_ct_spin(ITERS);
        const double d = test_ct_now_ns() - t0;
        if (d < best) best = d;
    }
    return ns * ITERS / best;
}

static int cmp_double(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double test_ct_max_t(const double *t, const uint8_t *cls, int n) {
    double *sorted = test_xmalloc(sizeof(double) * (size_t)n);
    memcpy(sorted, t, sizeof(double) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(double), cmp_double);
    const double cut[4] = {INFINITY, sorted[n / 2], sorted[n * 9 / 10], sorted[n * 99 / 100]};
    double worst = 0;
    for (int c = 0; c < 4; c++) {
        double sum[2] = {0, 0}, sq[2] = {0, 0}, cnt[2] = {0, 0};
        for (int i = 0; i < n; i++) {
            if (t[i] > cut[c]) continue;
            sum[cls[i]] += t[i];
            sq[cls[i]] += t[i] * t[i];
            cnt[cls[i]] += 1;
        }
        if (cnt[0] < 2 || cnt[1] < 2) continue;
        const double m0 = sum[0] / cnt[0], m1 = sum[1] / cnt[1];
        const double v0 = (sq[0] - cnt[0] * m0 * m0) / (cnt[0] - 1), v1 = (sq[1] - cnt[1] * m1 * m1) / (cnt[1] - 1);
        const double tt = fabs(m0 - m1) / sqrt(v0 / cnt[0] + v1 / cnt[1]);
        if (tt > worst) worst = tt;
    }
    free(sorted);
    return worst;
}

int test_ct_cpu_has_bmi2_adx(void) {
#if defined(__x86_64__)
    unsigned int eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & (1u << 8)) && (ebx & (1u << 19));
#else
    return 0;
#endif
}

int test_ct_rerun_under_valgrind(const char *self, const char *arg) {
    if (test_ct_cpu_has_bmi2_adx()) setenv("GKM_CT_FAST", "1", 1);
    fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {"valgrind",  "--quiet", "--error-exitcode=1", "--exit-on-first-error=no", (char *)self,
                        (char *)arg, NULL};
        execvp(args[0], args);
        _exit(77); /* no valgrind */
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 2;
    if (WEXITSTATUS(status) == 77) printf("valgrind not found: skipped\n");
    return WEXITSTATUS(status);
}
