/*
 * ctest: the s2n-bignum paths (fast, alt) of the P-256 calls are constant time in their secrets.
 * The s2n-bignum functions themselves are verified upstream (HOL Light) to have no secret-dependent
 * branch or memory index; these checks cover what libgkm_native adds around them (p256.c: scalar
 * checks, nonce derivation, the mod-n arithmetic's glue, conversions) and its use of the kernels.
 *
 *  - Built from the sources with GKM_P256_MEMCHECK (test_p256_ct_memcheck): the test re-runs itself
 *    under valgrind memcheck (--error-exitcode=1) and marks every secret undefined
 *    (VALGRIND_MAKE_MEM_UNDEFINED): the scalar given to gkm_p256_key_new_path (whose key then holds
 *    an undefined d and d R mod n, used by gkm_p256_ecdsa_sign_path and gkm_p256_ecdh_path) and to
 *    gkm_p256_public_key_path. Memcheck then reports any conditional branch on, and any memory
 *    address computed from, a value derived from them, in our code, s2n-bignum's assembly and
 *    OpenSSL's SHA-512 alike. p256.c declassifies (marks defined) only what is public or a verdict:
 *    the scalar's validity, the nonce's non-zeroness, r and s before their zero checks, and whether
 *    the ECDH result is the point at infinity. Outputs are marked defined after each call and
 *    checked against the EVP path. "memcheck-control" runs a deliberate secret-dependent branch and
 *    secret-indexed load instead: memcheck must report it (a WILL_FAIL ctest).
 *
 *  - Built against the library (test_p256_ct): a dudect-style timing test on each s2n-bignum path
 *    the CPU runs (fast, alt): signing, ECDH and public keys with a fixed secret scalar (drawn once
 *    from the seed) against random ones, classes interleaved at random, each class rotating through
 *    64 prepared keys (so that both see the same cache behaviour); Welch's t over all measurements
 *    and those below the 50th, 90th and 99th percentile; |t| >= 10 fails. The fixed scalar is a
 *    typical value, not 1, for the reason test_x25519_ct.c gives (memcheck covers every value). A
 *    control in the same run adds ~3% of an ECDH call when a secret bit (set in every random
 *    scalar, clear in the fixed one) is set and must be detected (the largest |t| of up to 8
 *    runs), so a machine too noisy to see such a leak fails instead of passing. A check, not a
 *    proof. GKM_CT_MEASUREMENTS sets the count per run (default 10000).
 *
 * Skipped (77) without an s2n-bignum path, valgrind or <valgrind/memcheck.h>, or under ASan.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_ct.h"
#include "test_util.h"

#ifdef GKM_P256_MEMCHECK

#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static volatile uint8_t g_table[256];

static __attribute__((noinline)) void control(uint64_t *rng) {
    uint8_t s[2];
    test_rnd_bytes(rng, s, sizeof s);
    SECRET(s, sizeof s);
    volatile uint8_t x = g_table[s[0]]; /* secret memory index */
    (void)x;
    if (s[1] & 1) printf("odd\n"); /* secret branch */
}

/* A random scalar in [1, n - 1] (the top byte below 0xff keeps it under n). */
static void random_scalar(uint64_t *rng, uint8_t d[32]) {
    test_rnd_bytes(rng, d, 32);
    d[0] &= 0x7f;
    d[31] |= 1;
}

static void run_path(int32_t path, uint64_t *rng) {
    uint8_t peer_d[32], peer_pt[65];
    random_scalar(rng, peer_d);
    CHECK(gkm_p256_public_key_path(GKM_P256_PATH_EVP, peer_d, 32, peer_pt, 65) == 0, "peer");
    gkm_p256_pub *peer = NULL;
    CHECK(gkm_p256_pub_new(peer_pt, 65, &peer) == 0, "peer key");
    for (int i = 0; i < 3; i++) {
        uint8_t d[32], pub[65], ref_pub[65], msg[100], sig[64], z[32], ref_z[32];
        random_scalar(rng, d);
        test_rnd_bytes(rng, msg, sizeof msg);
        gkm_p256_key *ref = NULL;
        CHECK(gkm_p256_key_new_path(GKM_P256_PATH_EVP, d, 32, &ref) == 0, "EVP reference key");
        CHECK(gkm_p256_key_public(ref, ref_pub, 65) == 0, "EVP reference");
        CHECK(gkm_p256_ecdh_path(GKM_P256_PATH_EVP, ref, peer, ref_z, 32) == 0, "EVP reference");
        gkm_p256_key_free(ref);

        SECRET(d, 32);
        CHECK(gkm_p256_public_key_path(path, d, 32, pub, 65) == 0, "public key on path %d", path);
        PUBLIC(pub, 65);
        CHECK(memcmp(pub, ref_pub, 65) == 0, "public key, path %d", path);

        gkm_p256_key *key = NULL;
        CHECK(gkm_p256_key_new_path(path, d, 32, &key) == 0 && key != NULL, "key on path %d", path);
        PUBLIC(d, 32);
        if (key == NULL) continue;
        CHECK(gkm_p256_ecdsa_sign_path(path, key, msg, sizeof msg, sig, 64) == 0, "sign on path %d", path);
        PUBLIC(sig, 64);
        gkm_p256_pub *q = NULL;
        CHECK(gkm_p256_pub_new(ref_pub, 65, &q) == 0, "own public key");
        CHECK(gkm_p256_ecdsa_verify_path(GKM_P256_PATH_EVP, q, msg, sizeof msg, sig, 64) == 1,
              "EVP rejects the signature of path %d", path);
        gkm_p256_pub_free(q);
        CHECK(gkm_p256_ecdh_path(path, key, peer, z, 32) == 0, "ecdh on path %d", path);
        PUBLIC(z, 32);
        CHECK(memcmp(z, ref_z, 32) == 0, "ecdh, path %d", path);
        gkm_p256_key_free(key);
    }
    gkm_p256_pub_free(peer);
}

int main(int argc, char **argv) {
    const int is_control = argc > 1 && strcmp(argv[1], "memcheck-control") == 0;
    if (!RUNNING_ON_VALGRIND) {
        return test_ct_rerun_under_valgrind(argv[0], is_control ? "memcheck-control" : NULL);
    }
    uint64_t rng = check_seed(0x256c7c7);
    if (is_control) {
        control(&rng);
        return 0; /* valgrind's exit code says whether it saw the errors */
    }
    int ran = 0;
    for (int32_t p = GKM_P256_PATH_ALT; p <= GKM_P256_PATH_FAST; p++) {
        if (!gkm_p256_path_supported(p)) continue;
        if (p == GKM_P256_PATH_FAST && getenv("GKM_CT_FAST") == NULL) continue; /* the real CPU lacks it */
        printf("path %s under memcheck\n", p == GKM_P256_PATH_FAST ? "fast" : "alt");
        run_path(p, &rng);
        ran++;
    }
    if (ran == 0) {
        printf("no s2n-bignum path in this build: skipped\n");
        return 77;
    }
    return check_done("p256_ct memcheck");
}

#else /* timing, against the library */

#define CT_THRESHOLD 10.0
#define POOL         64

enum { OP_SIGN, OP_ECDH, OP_PUBLIC };
static const char *const OP_NAMES[] = {"sign", "ecdh", "public key"};

/* Class 0: POOL keys of one fixed scalar; class 1: POOL random scalars. Both classes rotate
 * through their own POOL keys, so that both see the same cache behaviour. */
typedef struct {
    int32_t path;
    uint8_t d[2][POOL][32];
    gkm_p256_key *keys[2][POOL];
    gkm_p256_pub *peer;
} ct_ctx;

/* One measurement of op with scalar i of class cls; leak != 0 adds spin iterations when a secret
 * bit is set. */
static double measure(ct_ctx *c, int op, int cls, int i, int leak, double spin) {
    uint8_t msg[32] = {0}, out[65];
    int32_t rc;
    const double t0 = test_ct_now_ns();
    switch (op) {
    case OP_SIGN: rc = gkm_p256_ecdsa_sign_path(c->path, c->keys[cls][i], msg, sizeof msg, out, 64); break;
    case OP_ECDH: rc = gkm_p256_ecdh_path(c->path, c->keys[cls][i], c->peer, out, 32); break;
    default: rc = gkm_p256_public_key_path(c->path, c->d[cls][i], 32, out, 65); break;
    }
    if (rc != 0) abort();
    if (leak && (c->d[cls][i][31] & 2)) { /* set in every random scalar, never in the fixed one */
        test_ct_spin((long)spin);
    }
    return test_ct_now_ns() - t0;
}

static double run(ct_ctx *c, uint64_t *s, int op, int n, int leak, double spin) {
    double *t = test_xmalloc(sizeof(double) * (size_t)n);
    uint8_t *cls = test_xmalloc((size_t)n);
    for (int i = 0; i < n; i++) {
        cls[i] = (uint8_t)(test_rnd(s) & 1);
        t[i] = measure(c, op, cls[i], (int)(test_rnd(s) % POOL), leak, spin);
    }
    const double r = test_ct_max_t(t, cls, n);
    free(t);
    free(cls);
    return r;
}

/* Runs of an operation, kept while over the threshold; runs of the control, kept while under it
 * (the control stops at its first detection, so a quiet machine pays for one run). */
enum { RUNS = 3, CONTROL_RUNS = 8 };

/* run() again while |t| is over the threshold, at most RUNS times; the smallest |t|. */
static double min_of_runs(ct_ctx *c, uint64_t *s, int op, int n) {
    double best = run(c, s, op, n, 0, 0);
    for (int i = 1; i < RUNS && best >= CT_THRESHOLD; i++) {
        const double r = run(c, s, op, n, 0, 0);
        if (r < best) best = r;
    }
    return best;
}

/* The timing checks on one path. */
static void time_path(int32_t path, uint64_t *s, int n) {
    static ct_ctx c;
    c.path = path;
    uint8_t peer_pt[65], fixed[32];
    test_rnd_bytes(s, fixed, 32);
    fixed[0] &= 0x7f;                                   /* below n */
    fixed[31] = (uint8_t)(fixed[31] | 1) & (uint8_t)~2; /* odd, the control's secret bit clear */
    for (int i = 0; i < POOL; i++) {
        memcpy(c.d[0][i], fixed, 32);
        test_rnd_bytes(s, c.d[1][i], 32);
        c.d[1][i][0] &= 0x7f; /* below n */
        c.d[1][i][31] |= 3;   /* odd (as the fixed one is), and the control's secret bit set */
        for (int k = 0; k < 2; k++) {
            if (gkm_p256_key_new_path(c.path, c.d[k][i], 32, &c.keys[k][i]) != 0) abort();
        }
    }
    uint8_t peer_d[32];
    test_rnd_bytes(s, peer_d, 32);
    peer_d[0] &= 0x7f;
    if (gkm_p256_public_key_path(c.path, peer_d, 32, peer_pt, 65) != 0 || gkm_p256_pub_new(peer_pt, 65, &c.peer) != 0)
        abort();
    /* the control's delay: ~3% of one ECDH call, calibrated from a spin of known length */
    double call = 1e30;
    for (int i = 0; i < 50; i++) {
        const double d = measure(&c, OP_ECDH, 0, 0, 0, 0);
        if (d < call) call = d;
    }
    const double spin = test_ct_spin_iters_for(0.03 * call);
    for (int i = 0; i < 300; i++) (void)measure(&c, OP_SIGN, i & 1, (i / 2) % POOL, 0, 0); /* warm-up */
    double t_op[3];
    for (int op = 0; op < 3; op++) t_op[op] = min_of_runs(&c, s, op, n);
    /* The control too is measured again, up to CONTROL_RUNS times, while it stays under the threshold: the
     * largest |t| counts (a burst of noise can hide a small leak in one run, not in every run). */
    double t_control = run(&c, s, OP_ECDH, n, 1, spin);
    for (int i = 1; i < CONTROL_RUNS && t_control < CT_THRESHOLD; i++) {
        const double r = run(&c, s, OP_ECDH, n, 1, spin);
        if (r > t_control) t_control = r;
    }
    const char *name = c.path == GKM_P256_PATH_FAST ? "fast" : "alt";
    printf("path %s, %d measurements per run: |t| sign %.2f, ecdh %.2f, public key %.2f (the smaller of up to %d "
           "runs), control (+3%% of ecdh on a secret bit; the largest of up to %d runs) %.2f; threshold %.0f\n",
           name, n, t_op[0], t_op[1], t_op[2], RUNS, CONTROL_RUNS, t_control, CT_THRESHOLD);
    for (int op = 0; op < 3; op++) {
        CHECK(t_op[op] < CT_THRESHOLD, "%s on %s: fixed and random scalars take different times (|t| = %.2f)",
              OP_NAMES[op], name, t_op[op]);
    }
    CHECK(t_control >= CT_THRESHOLD, "control leak on %s not detected (|t| = %.2f): too noisy to tell", name,
          t_control);
    for (int i = 0; i < POOL; i++) {
        gkm_p256_key_free(c.keys[0][i]);
        gkm_p256_key_free(c.keys[1][i]);
    }
    gkm_p256_pub_free(c.peer);
}

int main(void) {
    uint64_t s = check_seed(0x256d0d0c7ull);
    const char *env = getenv("GKM_CT_MEASUREMENTS");
    const int n = env != NULL ? atoi(env) : 10000;
    int ran = 0;
    for (int32_t p = GKM_P256_PATH_FAST; p >= GKM_P256_PATH_ALT; p--) {
        if (!gkm_p256_path_supported(p)) continue;
        time_path(p, &s, n);
        ran++;
    }
    if (ran == 0) {
        printf("no s2n-bignum path in this build: skipped\n");
        return 77;
    }
    return check_done("p256_ct timing");
}

#endif
