/*
 * Random bytes from OpenSSL's DRBG, with small requests served from a per-thread buffer.
 *
 * Why: every RAND_bytes call in OpenSSL 3.0 checks for a fork with getpid(), a system call, and on
 * a machine where system calls are slow (virtualised, sandboxed) that check costs several times
 * the generation itself: a 32-byte nonce or key cost microseconds. So requests of up to
 * GKM_RAND_SMALL bytes are cut from a buffer that one RAND_bytes call fills with GKM_RAND_POOL
 * bytes; larger requests go to RAND_bytes directly. The output is OpenSSL's DRBG output either way.
 *
 * The buffer holds future random bytes, so it is treated as a secret: each request's bytes are
 * cleansed from it as they are handed out, and the buffer is cleansed and freed when its thread
 * exits. Someone who can read this process's memory learns no more from it than from the DRBG
 * state OpenSSL keeps beside it. A forked child must not hand out the bytes its parent will also
 * hand out: a pthread_atfork child handler advances a fork generation, and a buffer filled in an
 * earlier generation is discarded before use (no system call per request, unlike a pid check).
 *
 * A second buffer per thread, filled by RAND_priv_bytes (OpenSSL's private DRBG, the one meant for
 * secrets), serves libgkm_native's own secret nonces (gkm_random_priv_internal: ECDSA's hedge),
 * under the same rules.
 */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gkm_internal.h"

#define GKM_RAND_POOL  4096
#define GKM_RAND_SMALL 256

typedef struct {
    unsigned generation; /* fork_generation when buf was filled */
    size_t used;         /* bytes of buf already handed out (and cleansed) */
    uint8_t buf[GKM_RAND_POOL];
} rand_buf;

typedef struct {
    rand_buf pub;  /* RAND_bytes: gkm_random_bytes */
    rand_buf priv; /* RAND_priv_bytes: gkm_random_priv_internal */
} rand_pool;

static pthread_key_t pool_key;
static int pool_key_ok;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;

static void pool_free(void *p) {
    OPENSSL_cleanse(p, sizeof(rand_pool));
    free(p);
}

static volatile unsigned fork_generation = 1;

static void on_fork_child(void) {
    fork_generation++;
}

static void pool_init(void) {
    pool_key_ok = pthread_key_create(&pool_key, pool_free) == 0 && pthread_atfork(NULL, NULL, on_fork_child) == 0;
}

/* This thread's buffer, or NULL when none can be had (then requests go to RAND_bytes). */
static rand_pool *thread_pool(void) {
    pthread_once(&pool_once, pool_init);
    if (!pool_key_ok) return NULL;
    rand_pool *p = pthread_getspecific(pool_key);
    if (p != NULL) return p;
    p = malloc(sizeof *p);
    if (p == NULL) return NULL;
    p->pub.used = p->priv.used = GKM_RAND_POOL; /* empty */
    p->pub.generation = p->priv.generation = 0;
    if (pthread_setspecific(pool_key, p) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

/* len (1 .. GKM_RAND_SMALL) bytes from b, refilled by fill (RAND_bytes or RAND_priv_bytes) when
 * short or filled before a fork. */
static int32_t buffered(rand_buf *b, int (*fill)(unsigned char *, int), uint8_t *out, int32_t len) {
    const unsigned generation = fork_generation;
    if (GKM_RAND_POOL - b->used < (size_t)len || b->generation != generation) {
        OPENSSL_cleanse(b->buf, sizeof b->buf);
        b->used = GKM_RAND_POOL;
        if (fill(b->buf, GKM_RAND_POOL) != 1) {
            ERR_clear_error();
            return GKM_ERR_INTERNAL;
        }
        b->used = 0;
        b->generation = generation;
    }
    memcpy(out, b->buf + b->used, (size_t)len);
    OPENSSL_cleanse(b->buf + b->used, (size_t)len);
    b->used += (size_t)len;
    return GKM_OK;
}

static int32_t random_from(int priv, uint8_t *out, int32_t len) {
    int (*fill)(unsigned char *, int) = priv ? RAND_priv_bytes : RAND_bytes;
    if (len == 0) return GKM_OK;
    rand_pool *p = len <= GKM_RAND_SMALL ? thread_pool() : NULL;
    if (p == NULL) {
        if (fill(out, len) == 1) return GKM_OK;
        ERR_clear_error();
        return GKM_ERR_INTERNAL;
    }
    return buffered(priv ? &p->priv : &p->pub, fill, out, len);
}

GKM_EXPORT int32_t gkm_random_bytes(uint8_t *out, int32_t len) {
    if (len < 0 || (len > 0 && out == NULL)) return GKM_ERR_BOUNDS;
    return random_from(0, out, len);
}

int32_t gkm_random_priv_internal(uint8_t *out, int32_t len) {
    if (len < 0 || (len > 0 && out == NULL)) return GKM_ERR_BOUNDS;
    return random_from(1, out, len);
}
