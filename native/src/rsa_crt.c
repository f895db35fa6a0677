/*
 * RSA-OAEP decryption for 2048- and 3072-bit two-prime keys with the CRT step on the IFMA kernel
 * (rsa_ifma.c), and the GKM_RSA_PATH switch.
 *
 * Why this shape: OpenSSL 3.0's only hook for a different private-key exponentiation that keeps
 * the rest of its RSA code (range check, blinding, the constant-time OAEP check) is a legacy
 * RSA_METHOD whose rsa_mod_exp is ours. A key that qualifies gets, at wrap time, its own RSA
 * object (built from the EVP_PKEY's parameters, so the EVP path's key is never touched) with that
 * method, plus the kernel's precomputed moduli. A decryption is then RSA_private_decrypt with
 * RSA_NO_PADDING (range check and blinding) followed by RSA_padding_check_PKCS1_OAEP_mgf1.
 *
 * Our rsa_mod_exp does what OpenSSL's does (rsa_ossl_mod_exp): both CRT halves, the recombination
 * (all fixed-width, constant time, in rsa_ifma.c), then a fault check m^e mod n == c on public
 * values (for e = 65537 on rsa_ifma.c's public-exponent kernel, else BN_mod_exp_mont); on a mismatch it
 * runs OpenSSL's own method for this call.
 */
/* RSA_METHOD, RSA_private_decrypt, RSA_padding_check_PKCS1_OAEP_mgf1 and RSA_set_ex_data are
 * deprecated in OpenSSL 3.0 with no provider-level replacement for a custom CRT step (a provider
 * of our own would have to reimplement blinding and OAEP). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gkm_internal.h"

#define RSA_MAX_BYTES 384

#if defined(__x86_64__)
struct gkm_rsa_fast {
    gkm_rsa_ifma_key key;        /* the kernel's precomputed moduli and exponents */
    int bytes;                   /* of n: 256 or 384 */
    RSA *rsa;                    /* ours, with g_method */
    BN_MONT_CTX *mont_n;         /* for the fault check when pub is NULL, else NULL */
    const gkm_rsa_ifma_pub *pub; /* the key's encryption kernel values (rsa_pub.c), for the fault check; or NULL */
};
#endif

#ifdef GKM_RSA_TEST_HOOKS
volatile int gkm_rsa_test_faults;
#endif

/* ---------------------------------------------------------------------- path switch */

static pthread_once_t g_path_once = PTHREAD_ONCE_INIT;
static int g_ifma;
static int32_t g_auto_path = GKM_RSA_PATH_EVP;

/* AUTO: GKM_RSA_PATH (evp|ifma) when set to a path this CPU supports, else ifma where the CPU has
 * AVX-512 F, VL and IFMA. Read once per process (tests use the _path calls to switch). */
static void init_paths(void) {
#if defined(__x86_64__)
    g_ifma = gkm_rsa_ifma_supported();
#endif
    const char *env = getenv("GKM_RSA_PATH");
    g_auto_path = g_ifma ? GKM_RSA_PATH_IFMA : GKM_RSA_PATH_EVP;
    if (env != NULL && strcasecmp(env, "evp") == 0) g_auto_path = GKM_RSA_PATH_EVP;
}

GKM_EXPORT int32_t gkm_rsa_path(void) {
    pthread_once(&g_path_once, init_paths);
    return g_auto_path;
}

GKM_EXPORT int32_t gkm_rsa_path_supported(int32_t path) {
    pthread_once(&g_path_once, init_paths);
    switch (path) {
    case GKM_RSA_PATH_AUTO:
    case GKM_RSA_PATH_EVP: return 1;
    case GKM_RSA_PATH_IFMA: return g_ifma;
    default: return 0;
    }
}

#if defined(__x86_64__)
/* ---------------------------------------------------------------------- RSA_METHOD */

static RSA_METHOD *g_method;
static pthread_once_t g_method_once = PTHREAD_ONCE_INIT;

static int openssl_mod_exp(BIGNUM *r0, const BIGNUM *c, RSA *rsa, BN_CTX *ctx) {
    return RSA_meth_get_mod_exp(RSA_PKCS1_OpenSSL())(r0, c, rsa, ctx);
}

static int words_from_bn(uint64_t *w, int nwords, const BIGNUM *b) {
    return BN_bn2lebinpad(b, (unsigned char *)w, nwords * 8) == nwords * 8; /* x86-64: little-endian */
}

/* r0 = c^d mod n for c < n (OpenSSL range-checked and blinded c). */
static int fast_mod_exp(BIGNUM *r0, const BIGNUM *c, RSA *rsa, BN_CTX *ctx) {
    const gkm_rsa_fast *f = RSA_get_ex_data(rsa, 0);
    const BIGNUM *n = RSA_get0_n(rsa), *e = RSA_get0_e(rsa);
    if (f == NULL || n == NULL || e == NULL || BN_ucmp(c, n) >= 0) return openssl_mod_exp(r0, c, rsa, ctx);
    const int nw = f->bytes / 8;
    uint64_t cw[48], mw[48], ew[48];
    int ok = 0;
    BN_CTX_start(ctx);
    BIGNUM *v = BN_CTX_get(ctx);
    if (v != NULL && words_from_bn(cw, nw, c)) {
        gkm_rsa_ifma_crt(mw, cw, &f->key);
#ifdef GKM_RSA_TEST_HOOKS
        if (gkm_rsa_test_faults > 0) { /* test hook: a wrong result, which the check must catch */
            gkm_rsa_test_faults--;
            mw[0] ^= 1;
        }
#endif
        /* fault check on public values: m^e mod n == c (e = 65537: on the kernel, a fraction of
         * BN_mod_exp_mont's time; m >= n fails it) */
        if (f->pub != NULL)
            ok = gkm_rsa_ifma_pub_exp(ew, mw, 65537, f->pub) == 0 && memcmp(ew, cw, (size_t)f->bytes) == 0 &&
                 BN_lebin2bn((const unsigned char *)mw, f->bytes, r0) != NULL;
        else
            ok = BN_lebin2bn((const unsigned char *)mw, f->bytes, r0) != NULL &&
                 BN_mod_exp_mont(v, r0, e, n, ctx, f->mont_n) == 1 && BN_cmp(v, c) == 0;
    }
    BN_CTX_end(ctx);
    OPENSSL_cleanse(cw, sizeof cw);
    OPENSSL_cleanse(mw, sizeof mw);
    if (!ok) {
        BN_clear(r0);
        return openssl_mod_exp(r0, c, rsa, ctx);
    }
    return 1;
}

static void method_init(void) {
    RSA_METHOD *m = RSA_meth_dup(RSA_PKCS1_OpenSSL());
    if (m == NULL) return;
    if (RSA_meth_set1_name(m, "gkm RSA IFMA CRT") != 1 || RSA_meth_set_mod_exp(m, fast_mod_exp) != 1) {
        RSA_meth_free(m);
        return;
    }
    g_method = m;
}

/* ---------------------------------------------------------------------- keys */

/* The EVP_PKEY's BIGNUM parameter, or NULL. */
static BIGNUM *param(const EVP_PKEY *pk, const char *name) {
    BIGNUM *b = NULL;
    return EVP_PKEY_get_bn_param(pk, name, &b) == 1 ? b : NULL;
}

gkm_rsa_fast *gkm_rsa_fast_new(const EVP_PKEY *pk, const gkm_rsa_pub *pub) {
    const int bits = EVP_PKEY_get_bits(pk), half = bits / 2, nw = half / 64;
    if (!gkm_rsa_path_supported(GKM_RSA_PATH_IFMA) || !EVP_PKEY_is_a(pk, "RSA") || (bits != 2048 && bits != 3072))
        return NULL;
    ERR_set_mark(); /* the parameter look-ups below fail on public keys: no error left behind */
    BIGNUM *extra = param(pk, OSSL_PKEY_PARAM_RSA_FACTOR3);
    if (extra != NULL) { /* multi-prime: OpenSSL's */
        BN_clear_free(extra);
        ERR_pop_to_mark();
        return NULL;
    }
    pthread_once(&g_method_once, method_init);
    BIGNUM *n = param(pk, OSSL_PKEY_PARAM_RSA_N), *e = param(pk, OSSL_PKEY_PARAM_RSA_E),
           *d = param(pk, OSSL_PKEY_PARAM_RSA_D), *p = param(pk, OSSL_PKEY_PARAM_RSA_FACTOR1),
           *q = param(pk, OSSL_PKEY_PARAM_RSA_FACTOR2), *dp = param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1),
           *dq = param(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2), *qi = param(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1);
    gkm_rsa_fast *f = NULL;
    RSA *rsa = NULL;
    uint64_t w[5][24];
    if (g_method == NULL || n == NULL || e == NULL || d == NULL || p == NULL || q == NULL || dp == NULL || dq == NULL ||
        qi == NULL)
        goto fail;
    /* the kernel's ranges: p and q of exactly half the bits, dP, dQ and qInv below 2^half */
    if (BN_num_bits(p) != half || BN_num_bits(q) != half || !words_from_bn(w[0], nw, p) ||
        !words_from_bn(w[1], nw, q) || !words_from_bn(w[2], nw, dp) || !words_from_bn(w[3], nw, dq) ||
        !words_from_bn(w[4], nw, qi) || BN_ucmp(qi, p) >= 0)
        goto fail;
    f = aligned_alloc(64, (sizeof *f + 63) / 64 * 64);
    if (f == NULL) goto fail;
    memset(f, 0, sizeof *f);
    f->pub = gkm_rsa_pub_kernel(pub);
    if (f->pub == NULL) { /* the fault check runs on BN_mod_exp_mont: its Montgomery context once */
        f->mont_n = BN_MONT_CTX_new();
        BN_CTX *bctx = BN_CTX_new();
        const int mont_ok = f->mont_n != NULL && bctx != NULL && BN_MONT_CTX_set(f->mont_n, n, bctx) == 1;
        BN_CTX_free(bctx);
        if (!mont_ok) goto fail;
    }
    if ((rsa = RSA_new()) == NULL || RSA_set_method(rsa, g_method) != 1) goto fail;
    if (RSA_set0_key(rsa, n, e, d) != 1) goto fail;
    n = e = d = NULL;
    if (RSA_set0_factors(rsa, p, q) != 1) goto fail;
    p = q = NULL;
    if (RSA_set0_crt_params(rsa, dp, dq, qi) != 1) goto fail;
    dp = dq = qi = NULL;
    gkm_rsa_ifma_key_init(&f->key, w[0], w[1], w[2], w[3], w[4], half);
    f->bytes = bits / 8;
    if (RSA_set_ex_data(rsa, 0, f) != 1) goto fail;
    f->rsa = rsa;
    OPENSSL_cleanse(w, sizeof w);
    ERR_pop_to_mark();
    return f;
fail:
    OPENSSL_cleanse(w, sizeof w);
    RSA_free(rsa);
    if (f != NULL) {
        BN_MONT_CTX_free(f->mont_n);
        gkm_rsa_ifma_key_clear(&f->key);
        free(f);
    }
    BN_free(n);
    BN_free(e);
    BN_clear_free(d);
    BN_clear_free(p);
    BN_clear_free(q);
    BN_clear_free(dp);
    BN_clear_free(dq);
    BN_clear_free(qi);
    ERR_pop_to_mark();
    return NULL;
}

void gkm_rsa_fast_free(gkm_rsa_fast *f) {
    if (f == NULL) return;
    RSA_free(f->rsa); /* OpenSSL clears the private parameters */
    BN_MONT_CTX_free(f->mont_n);
    gkm_rsa_ifma_key_clear(&f->key);
    free(f);
}

int32_t gkm_rsa_fast_oaep_decrypt(gkm_rsa_fast *f, const EVP_MD *md, const uint8_t *label, int32_t label_len,
                                  const uint8_t *in, uint8_t *out, int32_t out_cap) {
    unsigned char em[RSA_MAX_BYTES];
    const int bytes = f->bytes;
    int32_t rc = GKM_ERR_INTEGRITY; /* one answer for every decryption failure, as on the EVP path */
    if (md != NULL && RSA_private_decrypt(bytes, in, em, f->rsa, RSA_NO_PADDING) == bytes) {
        const int n = RSA_padding_check_PKCS1_OAEP_mgf1(out, out_cap, em, bytes, bytes, label_len > 0 ? label : NULL,
                                                        label_len, md, md);
        if (n >= 0) rc = n;
    }
    OPENSSL_cleanse(em, sizeof em);
    return rc;
}

#else /* no IFMA kernel in this build: every key takes the EVP path */
gkm_rsa_fast *gkm_rsa_fast_new(const EVP_PKEY *pk, const gkm_rsa_pub *pub) {
    (void)pk, (void)pub;
    return NULL;
}

void gkm_rsa_fast_free(gkm_rsa_fast *f) {
    (void)f;
}

int32_t gkm_rsa_fast_oaep_decrypt(gkm_rsa_fast *f, const EVP_MD *md, const uint8_t *label, int32_t label_len,
                                  const uint8_t *in, uint8_t *out, int32_t out_cap) {
    (void)f, (void)md, (void)label, (void)label_len, (void)in, (void)out, (void)out_cap;
    return GKM_ERR_INTERNAL;
}
#endif
