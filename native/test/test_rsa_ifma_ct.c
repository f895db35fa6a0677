/*
 * ctest: the RSA IFMA kernel (rsa_ifma.c) runs in constant time. As for X25519 (test_x25519_ct.c),
 * two checks, because valgrind has no AVX-512:
 *
 *  - Built with GKM_RSA_IFMA_EMULATE (test_rsa_ifma_ct_emul): rsa_ifma.c itself with portable
 *    stand-ins for its intrinsics (rsa_ifma_emul.h), run under valgrind memcheck with the moduli,
 *    bases, exponents and the CRT key (p, q, dP, dQ, qInv) and ciphertext marked undefined, for a
 *    3072-bit and a 2048-bit key: memcheck reports any branch or memory address that depends on
 *    them ("memcheck"): the set-up (R^2, k0), the exponentiation with its table reads, the
 *    conversions, the final reductions and the CRT recombination; and the public-exponent kernel of
 *    encryption (2048 and 3072 bits) with its base, the encoded message, marked undefined. The
 *    results are checked against OpenSSL, computed before the marking. "memcheck-control" branches
 *    on a secret byte on purpose: valgrind must report it (WILL_FAIL).
 *
 *  - Built with the real kernel (test_rsa_ifma_ct): a dudect-style timing test, for 1536- and
 *    1024-bit halves: one dual exponentiation per measurement, fixed inputs (two bases and
 *    exponents drawn once from the seed) against random bases and exponents, on fixed random
 *    moduli, classes interleaved at random; Welch's t over all measurements and the 50th/90th/99th
 *    percentile crops; |t| >= 10 fails. The fixed inputs are typical values, not 1 and 0, for the
 *    reason test_x25519_ct.c gives. A control adds a delay of about 3% when a secret bit (set in
 *    every random exponent, clear in the fixed ones) is set and must be detected (in one of up to
 *    8 runs), so a machine too noisy to see such a leak fails instead of passing. Skipped (77)
 *    without IFMA. GKM_CT_MEASUREMENTS sets the count per run (default 8000; a measurement takes
 *    ~0.5 ms for 1536-bit halves, ~0.2 ms for 1024-bit ones).
 */
#include <openssl/bn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"

#include "test_check.h"
#include "test_ct.h"
#include "test_util.h"

#ifdef GKM_RSA_IFMA_EMULATE

#include <valgrind/memcheck.h>

static void to_words(uint64_t *w, int n, const BIGNUM *b) {
    BN_bn2lebinpad(b, (unsigned char *)w, n * 8);
}

#define P_HEX                                                                                                          \
    "e84f471fce10bd2a63c97948dfca9554c795beb7437ee51b21f36faba6405c17b689582390b5caa48f28a04c084c7457"                 \
    "3eb0a9363cee9c3ecdc5ddb79264a1069c4c71120b5ba17348374c08525bc1593c73b4e72147a9f5b2667d686b29fbc1"                 \
    "152d24d2aaf09414ea06d65af60e4284fd78778afa7e3cbda0045c950e614e1059a16a2a70efd62a9ab527af781d0648"                 \
    "7d34eac2e6ae220abb4f0b072a7bedb1f99c7b1242cdf03e43eb7ca4f27da1dcb437ab36d19f9107411dbf45fbec4597"
#define Q_HEX                                                                                                          \
    "c9bd03779fa7fafa775a05b1c07fcb0ed7f1258e0a5949f936bbf743f5854645073431149c8bc67136ee84b38a79eea1"                 \
    "ca64d5add317364b90d4073a902214262a159b33a5c0ed0b0a75375af726eb7e38d6bf262f03f6fb63d5303e97517e13"                 \
    "0ab96d5d7c088e0362b40b8ee47d552c43614ca0c34cfc18ca71df1b138b97a37b0bec5db45f1d790cd0b350c2602fe0"                 \
    "9650212658585527f6952482ff3c0aa17c7544bc5f50872edd4383b5982f1fd4484aec5b8c1f182923751febb497afc3"

/* the same for a 2048-bit key */
#define P2048_HEX                                                                                                      \
    "dbcb11125ad1fc1644785b594cf45aab95c511b80f78a11ee2b33ccce4e6843f3b6656fdca8f05ed3a6abe322d546ffb"                 \
    "842643bc4f56242add234565d7fb6268ddc3f5e0703fc6133fa24f457697b27f19311fe4545b3296580d679f946bcdce"                 \
    "4712dc44d270240eb8789b7027fe85bc9275efb2a8fd0cbc469fd37a991c0d79"
#define Q2048_HEX                                                                                                      \
    "cb4a25f7b5e6fd44109d2e127e1806fb19a37f21ddfe21832d3723a82be089e3b113e273af0e1cfaf34f0fa35f8bbb89"                 \
    "9c50ba201f9b18e03d1d1750264fa26351849db8486f99fb17865f761d336dfef108c2adb7a1a2b2c6cfe1e7979c2ab4"                 \
    "29f634d66a3f0867dc6e56f97cabcc182f1cb795bf9f5fc483635b82b783f237"

#define UNDEF(x) (void)VALGRIND_MAKE_MEM_UNDEFINED(&(x), sizeof(x))
#define DEF(x)   (void)VALGRIND_MAKE_MEM_DEFINED(&(x), sizeof(x))

/* The dual kernel and the CRT of one key (its primes of `half` bits) on undefined inputs. */
static void memcheck_key(BN_CTX *ctx, uint64_t *s, const char *p_hex, const char *q_hex, int half) {
    const int nw = half / 64, bytes = half / 4;
    uint8_t buf[384];
    /* the two primes of a key made with openssl genpkey (valgrind would take long to generate
     * them), a random ciphertext, e = 65537 */
    BIGNUM *p = NULL, *q = NULL, *n = BN_new(), *e = BN_new(), *d = BN_new(), *t = BN_new(), *u = BN_new(),
           *dp = BN_new(), *dq = BN_new(), *qi = BN_new(), *c = BN_new(), *m = BN_new();
    BN_hex2bn(&p, p_hex);
    BN_hex2bn(&q, q_hex);
    BN_set_word(e, 65537);
    BN_mul(n, p, q, ctx);
    BN_sub(t, p, BN_value_one());
    BN_sub(u, q, BN_value_one());
    BN_mul(t, t, u, ctx);
    EXPECT(BN_mod_inverse(d, e, t, ctx) != NULL);
    BN_sub(t, p, BN_value_one());
    BN_mod(dp, d, t, ctx);
    BN_sub(t, q, BN_value_one());
    BN_mod(dq, d, t, ctx);
    BN_mod_inverse(qi, q, p, ctx);
    test_rnd_bytes(s, buf, sizeof buf);
    BN_bin2bn(buf, bytes, c);
    BN_mod(c, c, n, ctx);
    BN_mod_exp(m, c, d, n, ctx);

    uint64_t pw[24] = {0}, qw[24] = {0}, dpw[24] = {0}, dqw[24] = {0}, qiw[24] = {0}, cw[48] = {0}, want[48] = {0},
             got[48] = {0};
    to_words(pw, nw, p);
    to_words(qw, nw, q);
    to_words(dpw, nw, dp);
    to_words(dqw, nw, dq);
    to_words(qiw, nw, qi);
    to_words(cw, 2 * nw, c);
    to_words(want, 2 * nw, m);
    /* the dual exponentiation alone: bases c mod p, c mod q (want: m mod p, m mod q) */
    uint64_t b0[24] = {0}, b1[24] = {0}, w2[2][24] = {{0}}, out2[2][24] = {{0}};
    BN_mod(t, c, p, ctx);
    to_words(b0, nw, t);
    BN_mod(t, c, q, ctx);
    to_words(b1, nw, t);
    BN_mod(t, m, p, ctx);
    to_words(w2[0], nw, t);
    BN_mod(t, m, q, ctx);
    to_words(w2[1], nw, t);

    UNDEF(pw), UNDEF(qw), UNDEF(dpw), UNDEF(dqw), UNDEF(qiw), UNDEF(cw), UNDEF(b0), UNDEF(b1);
    static gkm_rsa_ifma_mont mt;
    gkm_rsa_ifma_mont_init(&mt, pw, qw, half);
    gkm_rsa_ifma_modexp2(out2, b0, b1, dpw, dqw, &mt);
    DEF(out2);
    EXPECT(memcmp(out2[0], w2[0], (size_t)nw * 8) == 0 && memcmp(out2[1], w2[1], (size_t)nw * 8) == 0);
    static gkm_rsa_ifma_key key;
    gkm_rsa_ifma_key_init(&key, pw, qw, dpw, dqw, qiw, half);
    gkm_rsa_ifma_crt(got, cw, &key);
    DEF(got); /* the result is public from here on (the test compares it) */
    EXPECT(memcmp(got, want, (size_t)nw * 16) == 0);
    BN_free(p), BN_free(q), BN_free(n), BN_free(e), BN_free(d), BN_free(t), BN_free(u);
    BN_free(dp), BN_free(dq), BN_free(qi), BN_free(c), BN_free(m);
}

static int memcheck(void) {
    BN_CTX *ctx = BN_CTX_new();
    uint64_t s = 0x9e3779b97f4a7c15ull;
    uint8_t buf[384];
    memcheck_key(ctx, &s, P_HEX, Q_HEX, 1536);
    memcheck_key(ctx, &s, P2048_HEX, Q2048_HEX, 1024);
    BIGNUM *e = BN_new(), *t = BN_new(), *u = BN_new(), *m = BN_new();
    BN_set_word(e, 65537);
    /* the public-exponent kernel (encryption): the base is the secret (the encoded message), the
     * odd modulus and e = 65537 are public; 2048 and 3072 bits */
    for (int bits = 2048; bits <= 3072; bits += 1024) {
        const int nw = bits / 64;
        uint64_t nwd[48], bw[48], pw2[48], pwant[48];
        test_rnd_bytes(&s, buf, (size_t)bits / 8);
        buf[0] |= 0x80, buf[bits / 8 - 1] |= 1;
        BN_bin2bn(buf, bits / 8, t); /* n: odd, exactly bits long */
        test_rnd_bytes(&s, buf, (size_t)bits / 8);
        buf[0] &= 0x7f;
        BN_bin2bn(buf, bits / 8, u); /* base < n */
        BN_mod_exp(m, u, e, t, ctx);
        to_words(nwd, nw, t);
        to_words(bw, nw, u);
        to_words(pwant, nw, m);
        static gkm_rsa_ifma_pub pub;
        EXPECT(gkm_rsa_ifma_pub_init(&pub, nwd, nw) == 0);
        UNDEF(bw);
        EXPECT(gkm_rsa_ifma_pub_exp(pw2, bw, 65537, &pub) == 0);
        DEF(pw2);
        EXPECT(memcmp(pw2, pwant, (size_t)nw * 8) == 0);
    }
    printf("memcheck: kernel and CRT (1536- and 1024-bit halves) ran on undefined keys, bases and exponents; the "
           "public-exponent kernel on undefined bases\n");
    EXPECT(RUNNING_ON_VALGRIND); /* without valgrind nothing was checked */
    BN_free(e), BN_free(t), BN_free(u), BN_free(m);
    BN_CTX_free(ctx);
    return check_done("rsa_ifma_ct memcheck");
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "memcheck-control") == 0) return test_ct_memcheck_control();
    return memcheck();
}

#else /* timing */

#define CT_THRESHOLD 10.0

static gkm_rsa_ifma_mont g_mt;
static int g_nw; /* words of a half: 24 or 16 */

/* One measurement: a dual exponentiation; leak != 0 adds a delay when a secret bit is set. */
static double measure(const uint64_t in[4][24], uint64_t out[2][24], int leak, double spin) {
    const double t0 = test_ct_now_ns();
    gkm_rsa_ifma_modexp2(out, in[0], in[1], in[2], in[3], &g_mt);
    if (leak && (in[2][0] & 8)) test_ct_spin((long)spin);
    return test_ct_now_ns() - t0;
}

/* Two bases below 2^(bits - 1) < m and two exponents (g_nw words each; the kernel reads no more);
 * the control's secret bit (bit 3 of the first exponent) set or clear. */
static void random_inputs(uint64_t *s, uint64_t in[4][24], int control_bit) {
    test_rnd_bytes(s, (uint8_t *)in, sizeof(uint64_t[4][24]));
    in[0][g_nw - 1] >>= 1, in[1][g_nw - 1] >>= 1;
    in[2][0] = control_bit ? in[2][0] | 8 : in[2][0] & ~(uint64_t)8;
}

/* The fixed class, drawn once from the seed. */
static uint64_t g_fixed[4][24];

/* Max |t| of the fixed inputs against random bases and exponents. */
static double run(uint64_t *s, int n, int leak, double spin) {
    double *t = test_xmalloc(sizeof(double) * (size_t)n);
    uint8_t *cls = test_xmalloc((size_t)n);
    uint64_t in[4][24], drawn[4][24], out[2][24];
    for (int i = 0; i < n; i++) {
        cls[i] = (uint8_t)(test_rnd(s) & 1);
        /* both classes do the same work before a measurement: random inputs drawn, then copied */
        random_inputs(s, drawn, 1);
        memcpy(in, cls[i] == 0 ? g_fixed : drawn, sizeof in);
        t[i] = measure((const uint64_t(*)[24])in, out, leak, spin);
    }
    const double r = test_ct_max_t(t, cls, n);
    free(t);
    free(cls);
    return r;
}

enum { RUNS = 3, CONTROL_RUNS = 8 };

/* The timing check of the kernel for halves of `bits` bits on random moduli. */
static void time_size(uint64_t *s, int bits, int n) {
    g_nw = bits / 64;
    uint64_t m[2][24];
    test_rnd_bytes(s, (uint8_t *)m, sizeof m);
    for (int h = 0; h < 2; h++) m[h][0] |= 1, m[h][g_nw - 1] |= 1ull << 63;
    gkm_rsa_ifma_mont_init(&g_mt, m[0], m[1], bits);
    random_inputs(s, g_fixed, 0);
    uint64_t out[2][24];
    double call = 1e30;
    for (int i = 0; i < 20; i++) {
        const double d = measure((const uint64_t(*)[24])g_fixed, out, 0, 0);
        if (d < call) call = d;
    }
    const double spin = test_ct_spin_iters_for(0.03 * call);
    double t_kernel = run(s, n, 0, 0);
    for (int i = 1; i < RUNS && t_kernel >= CT_THRESHOLD; i++) {
        const double r = run(s, n, 0, 0);
        if (r < t_kernel) t_kernel = r;
    }
    double t_control = run(s, n, 1, spin);
    for (int i = 1; i < CONTROL_RUNS && t_control < CT_THRESHOLD; i++) {
        const double r = run(s, n, 1, spin);
        if (r > t_control) t_control = r;
    }
    printf("%d-bit halves, %d measurements per run, one call %.0f ns: |t| kernel %.2f (the smaller of up to %d runs), "
           "control (+3%% on a secret bit; the largest of up to %d runs) %.2f; threshold %.0f\n",
           bits, n, call, t_kernel, RUNS, CONTROL_RUNS, t_control, CT_THRESHOLD);
    CHECK(t_kernel < CT_THRESHOLD, "%d-bit halves: fixed and random inputs take different times (|t| = %.2f)", bits,
          t_kernel);
    CHECK(t_control >= CT_THRESHOLD, "%d-bit halves: control leak not detected (|t| = %.2f): too noisy to tell", bits,
          t_control);
}

int main(void) {
    uint64_t s = check_seed(0x3072c0ffee15ull);
    if (!gkm_rsa_ifma_supported()) {
        printf("no AVX-512 IFMA: skipped\n");
        return 77;
    }
    const char *env = getenv("GKM_CT_MEASUREMENTS");
    const int n = env != NULL ? atoi(env) : 8000;
    time_size(&s, 1536, n);
    time_size(&s, 1024, n);
    return check_done("rsa_ifma_ct timing");
}

#endif
