/*
 * Variable-time fixed-base multiplication on edwards25519 for public points (Ed25519
 * verification): a table of the multiples j * 2^(6i) * P (1 <= j <= 32, 0 <= i < 43) in
 * s2n-bignum's "precomputed" form (y - x, y + x, 2dxy), so that [n]P for n < 2^253 is at most 43
 * mixed additions and no doubling: n is recoded into 43 signed digits in [-31, 32] and each
 * nonzero digit adds one table entry (negated for a negative digit).
 *
 * Why: a verifier that keeps one signer's key (a member and its GCKS's rekey signing key) computes
 * [S]B - [k]A for every message. s2n-bignum's edwards25519_scalarmuldouble builds a small window
 * of A per call and runs 252 doublings; with a table for B (built once per process) and one for -A
 * (built once per key), the same point costs about 86 mixed additions. Only public data goes
 * through here (S, k, A, B): digits index the tables and zero digits are skipped, which is variable
 * time by design, as OpenSSL's and s2n-bignum's verification double-scalar multiplications are.
 *
 * The field and point functions are s2n-bignum's (third_party/s2n-bignum/x86/curve25519); the
 * "fast" flag picks their MULX/ADX builds, else the "_alt" ones. The group law they implement is
 * complete on edwards25519, so identity, doubling and small-order inputs need no special case.
 */
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"

#if defined(__x86_64__) && !defined(_WIN32) && !defined(GKM_C25519_NO_ASM)

#include <pthread.h>

void edwards25519_pepadd(uint64_t p3[16], const uint64_t p1[16], const uint64_t p2[12]);
void edwards25519_pepadd_alt(uint64_t p3[16], const uint64_t p1[16], const uint64_t p2[12]);
void edwards25519_epadd(uint64_t p3[16], const uint64_t p1[16], const uint64_t p2[16]);
void edwards25519_epadd_alt(uint64_t p3[16], const uint64_t p1[16], const uint64_t p2[16]);
void edwards25519_epdouble(uint64_t p3[16], const uint64_t p1[12]);
void edwards25519_epdouble_alt(uint64_t p3[16], const uint64_t p1[12]);
void bignum_mul_p25519(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_mul_p25519_alt(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_add_p25519(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_sub_p25519(uint64_t z[4], const uint64_t x[4], const uint64_t y[4]);
void bignum_inv_p25519(uint64_t z[4], const uint64_t x[4]);
void bignum_mod_p25519_4(uint64_t z[4], const uint64_t x[4]);
void bignum_neg_p25519(uint64_t z[4], const uint64_t x[4]);

#define ENTRY_WORDS 12 /* (y - x, y + x, 2dxy), each reduced mod p */
#define N_ENTRIES   (ED25519_TABLE_BLOCKS * ED25519_TABLE_MULTIPLES)

/* 2d mod p, little-endian words (d = -121665/121666, the edwards25519 constant). */
static const uint64_t two_d[4] = {0xebd69b9426b2f159ULL, 0x00e0149a8283b156ULL, 0x198e80f2eef3d130ULL,
                                  0x2406d9dc56dffce7ULL};

static void mul(int fast, uint64_t z[4], const uint64_t x[4], const uint64_t y[4]) {
    if (fast) bignum_mul_p25519(z, x, y);
    else bignum_mul_p25519_alt(z, x, y);
}

int ed25519_table_build(int fast, ed25519_table *t, const uint64_t p[8]) {
    /* The multiples in extended coordinates (X, Y, Z, T) first, then all made affine with one
     * inversion (Montgomery's trick) and stored in the precomputed form. */
    uint64_t(*ext)[16] = malloc(sizeof(uint64_t[N_ENTRIES][16]));
    uint64_t(*prefix)[4] = malloc(sizeof(uint64_t[N_ENTRIES][4]));
    if (ext == NULL || prefix == NULL) {
        free(ext);
        free(prefix);
        return 0;
    }
    uint64_t base[16] = {0};
    memcpy(base, p, 32);            /* X = x */
    memcpy(base + 4, p + 4, 32);    /* Y = y */
    base[8] = 1;                    /* Z = 1 */
    mul(fast, base + 12, p, p + 4); /* T = xy */
    for (int i = 0; i < ED25519_TABLE_BLOCKS; i++) {
        uint64_t(*row)[16] = ext + i * ED25519_TABLE_MULTIPLES;
        memcpy(row[0], base, sizeof base);
        if (fast) edwards25519_epdouble(row[1], base);
        else edwards25519_epdouble_alt(row[1], base);
        for (int j = 2; j < ED25519_TABLE_MULTIPLES; j++) {
            if (fast) edwards25519_epadd(row[j], row[j - 1], base);
            else edwards25519_epadd_alt(row[j], row[j - 1], base);
        }
        /* the next block's base: 2^6 * base = 2 * (32 * base) */
        if (fast) edwards25519_epdouble(base, row[ED25519_TABLE_MULTIPLES - 1]);
        else edwards25519_epdouble_alt(base, row[ED25519_TABLE_MULTIPLES - 1]);
    }
    /* prefix[n] = Z_0 * ... * Z_n; the group law keeps every Z nonzero */
    bignum_mod_p25519_4(prefix[0], ext[0] + 8);
    for (int n = 1; n < N_ENTRIES; n++) mul(fast, prefix[n], prefix[n - 1], ext[n] + 8);
    uint64_t inv[4], zinv[4], x[4], y[4], xy[4], zn[4];
    bignum_inv_p25519(inv, prefix[N_ENTRIES - 1]);
    for (int n = N_ENTRIES - 1; n >= 0; n--) {
        if (n > 0) {
            mul(fast, zinv, inv, prefix[n - 1]);
            bignum_mod_p25519_4(zn, ext[n] + 8);
            mul(fast, inv, inv, zn);
        } else {
            memcpy(zinv, inv, sizeof zinv);
        }
        mul(fast, x, ext[n], zinv);
        mul(fast, y, ext[n] + 4, zinv);
        mul(fast, xy, x, y);
        uint64_t *e = t->entry[n / ED25519_TABLE_MULTIPLES][n % ED25519_TABLE_MULTIPLES];
        bignum_sub_p25519(e, y, x);
        bignum_add_p25519(e + 4, y, x);
        mul(fast, e + 8, xy, two_d);
    }
    free(ext);
    free(prefix);
    return 1;
}

/*
 * The 43 signed digits of n < 2^253 in radix 2^6: n = sum d_i 2^(6i), d_i in [-31, 32]. Digit 42
 * holds bit 252 plus a carry, at most 2, so no carry leaves it.
 */
static void recode(int8_t d[ED25519_TABLE_BLOCKS], const uint64_t n[4]) {
    int carry = 0;
    for (int i = 0; i < ED25519_TABLE_BLOCKS; i++) {
        const int bit = 6 * i, w = bit >> 6, o = bit & 63;
        uint64_t v = n[w] >> o;
        if (o > 58 && w < 3) v |= n[w + 1] << (64 - o);
        int x = (int)(v & 63) + carry;
        carry = x > 32;
        d[i] = (int8_t)(carry ? x - 64 : x);
    }
}

int ed25519_table_add_mul(int fast, uint64_t acc[16], const uint64_t n[4], const ed25519_table *t) {
    if ((n[3] >> 61) != 0) return 0; /* n >= 2^253: not for this table */
    int8_t d[ED25519_TABLE_BLOCKS];
    recode(d, n);
    uint64_t tmp[16], neg[12];
    for (int i = 0; i < ED25519_TABLE_BLOCKS; i++) {
        if (d[i] == 0) continue;
        const uint64_t *e = t->entry[i][(d[i] < 0 ? -d[i] : d[i]) - 1];
        if (d[i] < 0) { /* -(x, y) = (-x, y): swap y - x and y + x, negate 2dxy */
            memcpy(neg, e + 4, 32);
            memcpy(neg + 4, e, 32);
            bignum_neg_p25519(neg + 8, e + 8);
            e = neg;
        }
        if (fast) edwards25519_pepadd(tmp, acc, e);
        else edwards25519_pepadd_alt(tmp, acc, e);
        memcpy(acc, tmp, sizeof tmp);
    }
    return 1;
}

void ed25519_table_affine(int fast, uint64_t out[8], const uint64_t acc[16]) {
    uint64_t zinv[4];
    bignum_inv_p25519(zinv, acc + 8);
    mul(fast, out, acc, zinv);
    mul(fast, out + 4, acc + 4, zinv);
}

/* [.]B: made once per process, on the portable ("_alt") functions, which give the same table. */
static ed25519_table *base_table;
static pthread_once_t base_once = PTHREAD_ONCE_INIT;

static void base_init(void) {
    /* B = (x, 4/5), little-endian words */
    static const uint64_t b[8] = {0xc9562d608f25d51aULL, 0x692cc7609525a7b2ULL, 0xc0a4e231fdd6dc5cULL,
                                  0x216936d3cd6e53feULL, 0x6666666666666658ULL, 0x6666666666666666ULL,
                                  0x6666666666666666ULL, 0x6666666666666666ULL};
    ed25519_table *t = malloc(sizeof *t);
    if (t != NULL && !ed25519_table_build(0, t, b)) {
        free(t);
        t = NULL;
    }
    base_table = t;
}

const ed25519_table *ed25519_table_base(void) {
    if (pthread_once(&base_once, base_init) != 0) return NULL;
    return base_table;
}

#else
typedef int ed25519_table_unused; /* ISO C: no empty translation unit */
#endif
