/*
 * Helpers of the constant-time tests (test_ct.c, in gkm_test_util): the dudect-style Welch t
 * statistic of two classes of timings, a monotonic clock, and the re-run of a test under valgrind
 * memcheck (whose CPUID hides ADX, so the real CPU is asked first).
 */
#ifndef GKM_TEST_CT_H
#define GKM_TEST_CT_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
double test_ct_now_ns(void);

/* Max |Welch t| between class 0 and class 1 (cls[i]) of the n timings t, over all of them and over
 * those below the 50th, 90th and 99th percentile (dudect's crops). */
double test_ct_max_t(const double *t, const uint8_t *cls, int n);

/* Busy-waits for iters iterations of a loop the compiler keeps (the control leaks' delay). */
void test_ct_spin(long iters);

/* Iterations of test_ct_spin that take ns nanoseconds: the fastest of 20 timed spins, so that a
 * preempted calibration cannot shrink a control's delay. */
double test_ct_spin_iters_for(double ns);

/* The memcheck tests' control: marks a buffer undefined (secret) and branches on it, which valgrind
 * memcheck must report (the tests register it WILL_FAIL); returns 0. Without <valgrind/memcheck.h>
 * it returns 77 (skipped). */
int test_ct_memcheck_control(void);

/* 1 when the real CPU has BMI2 and ADX. */
int test_ct_cpu_has_bmi2_adx(void);

/* Runs "valgrind --quiet --error-exitcode=1 --exit-on-first-error=no self [arg]" (arg may be NULL),
 * with GKM_CT_FAST=1 in its environment when the real CPU has BMI2 and ADX, and returns its exit
 * status: 77 (and a line saying so) when valgrind is not found, 2 when it could not be run. */
int test_ct_rerun_under_valgrind(const char *self, const char *arg);

#endif
