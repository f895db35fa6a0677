/*
 * ctest: the s2n-bignum paths (fast, alt) of the Curve25519 calls are constant time in their
 * secrets, checked with valgrind memcheck. The test re-runs itself under valgrind
 * (--error-exitcode=1) and there marks every secret input undefined (VALGRIND_MAKE_MEM_UNDEFINED):
 * X25519 scalars (gkm_x25519_path, gkm_x25519_base_path) and Ed25519 seeds (gkm_ed25519_key_new_path,
 * whose key then holds undefined secret scalar and prefix, used by gkm_ed25519_sign_path, messages of
 * 0, 100 and 2000 bytes). Memcheck then reports any conditional branch on, and any memory address
 * computed from, a value derived from them, in our code, s2n-bignum's assembly and OpenSSL's SHA-512
 * alike; outputs are marked defined (declassified) only after each call, and checked against the
 * EVP path. Not covered: the EVP path (OpenSSL's own code) and verification (public inputs only).
 *
 * "control" as the argument runs a deliberate secret-indexed load and a secret-dependent branch
 * instead, which memcheck must report: ctest expects that run to fail, so a valgrind that stopped
 * seeing such errors would show. Skipped (77) without valgrind, under ASan, or without
 * <valgrind/memcheck.h> at build time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(GKM_HAVE_MEMCHECK_H) && !defined(__SANITIZE_ADDRESS__)
#include <valgrind/memcheck.h>

#include "gkm_native.h"

#include "test_check.h"
#include "test_ct.h"
#include "test_util.h"

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

static void run_path(int32_t path, uint64_t *rng) {
    for (int i = 0; i < 4; i++) {
        uint8_t k[32], u[32], out[32], ref[32];
        test_rnd_bytes(rng, k, 32);
        test_rnd_bytes(rng, u, 32);
        CHECK(gkm_x25519_base_path(GKM_C25519_PATH_EVP, ref, k) == 0, "EVP reference");
        SECRET(k, 32);
        CHECK(gkm_x25519_base_path(path, out, k) == 0, "x25519 base on path %d", path);
        PUBLIC(out, 32);
        PUBLIC(k, 32);
        CHECK(memcmp(out, ref, 32) == 0, "x25519 base result, path %d", path);

        CHECK(gkm_x25519_path(GKM_C25519_PATH_EVP, ref, k, u) == 0, "EVP reference");
        SECRET(k, 32);
        CHECK(gkm_x25519_path(path, out, k, u) == 0, "x25519 on path %d", path);
        PUBLIC(out, 32);
        PUBLIC(k, 32);
        CHECK(memcmp(out, ref, 32) == 0, "x25519 result, path %d", path);
    }
    static const size_t lens[] = {0, 100, 2000};
    uint8_t *msg = test_xmalloc(2000);
    test_rnd_bytes(rng, msg, 2000);
    for (int i = 0; i < 3; i++) {
        uint8_t seed[32], pub[32], ref_pub[32], sig[64], ref_sig[64];
        test_rnd_bytes(rng, seed, 32);
        gkm_ed25519_key *ref = gkm_ed25519_key_new_path(GKM_C25519_PATH_EVP, seed);
        CHECK(ref != NULL && gkm_ed25519_key_public(ref, ref_pub) == 0, "EVP reference key");
        CHECK(gkm_ed25519_sign_path(GKM_C25519_PATH_EVP, ref, msg, (int64_t)lens[i], ref_sig) == 0, "EVP reference");
        gkm_ed25519_key_free(ref);

        SECRET(seed, 32);
        gkm_ed25519_key *key = gkm_ed25519_key_new_path(path, seed);
        CHECK(key != NULL, "key on path %d", path);
        if (key == NULL) continue;
        CHECK(gkm_ed25519_key_public(key, pub) == 0, "public key");
        PUBLIC(pub, 32);
        CHECK(memcmp(pub, ref_pub, 32) == 0, "public key, path %d", path);
        CHECK(gkm_ed25519_sign_path(path, key, msg, (int64_t)lens[i], sig) == 0, "sign on path %d", path);
        PUBLIC(sig, 64);
        CHECK(memcmp(sig, ref_sig, 64) == 0, "signature, path %d, %zu-byte message", path, lens[i]);
        gkm_ed25519_key_free(key);
    }
    free(msg);
}

int main(int argc, char **argv) {
    const int is_control = argc > 1 && strcmp(argv[1], "control") == 0;
    if (!RUNNING_ON_VALGRIND) {
        return test_ct_rerun_under_valgrind(argv[0], is_control ? "control" : NULL);
    }
    uint64_t rng = check_seed(0xc7c7c7c7);
    if (is_control) {
        control(&rng);
        return 0; /* valgrind's exit code says whether it saw the errors */
    }
    int ran = 0;
    for (int32_t p = GKM_C25519_PATH_ALT; p <= GKM_C25519_PATH_FAST; p++) {
        if (!gkm_c25519_path_supported(p)) continue;
        if (p == GKM_C25519_PATH_FAST && getenv("GKM_CT_FAST") == NULL) continue; /* the real CPU lacks it */
        printf("path %s under memcheck\n", p == GKM_C25519_PATH_FAST ? "fast" : "alt");
        run_path(p, &rng);
        ran++;
    }
    if (ran == 0) {
        printf("no s2n-bignum path in this build: skipped\n");
        return 77;
    }
    return check_done("curve25519_ct");
}
#else
int main(void) {
    printf("built without <valgrind/memcheck.h> or under ASan: skipped\n");
    return 77;
}
#endif
