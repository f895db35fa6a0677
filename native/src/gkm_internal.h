/* Internal declarations shared by the libgkm_native sources (not installed, not exported). */
#ifndef GKM_INTERNAL_H
#define GKM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gkm_native.h"

/* One validated batch. All lengths/offsets were checked by kw_batch.c before a backend sees it. */
typedef struct gkm_kw_jobs {
    int32_t mode;          /* GKM_KW_MODE_KW or GKM_KW_MODE_KWP */
    int32_t count;
    const uint8_t *keks;
    const int32_t *kek_off;
    const int32_t *kek_len;
    const uint8_t *in;
    const int32_t *in_off;
    const int32_t *in_len;
    uint8_t *out;
    const int32_t *out_off;
    int32_t *out_len;
    uint8_t *status;
    size_t max_in_len;     /* largest in_len[i] of the batch, for scratch sizing */
} gkm_kw_jobs;

/*
 * A key-wrap backend. wrap/unwrap run every job of a validated batch, fill out/out_len/status and
 * return the number of failed jobs, or GKM_ERR_INTERNAL if nothing could be started (in which case
 * outputs must be untouched).
 */
typedef struct gkm_kw_backend {
    const char *name;
    int32_t (*wrap)(const gkm_kw_jobs *jobs);
    int32_t (*unwrap)(const gkm_kw_jobs *jobs);
} gkm_kw_backend;

/* OpenSSL EVP backend (kw_evp.c). */
extern const gkm_kw_backend gkm_kw_backend_evp;

/* Returns the backend chosen for this CPU (kw_batch.c). */
const gkm_kw_backend *gkm_kw_select_backend(void);

/* AES-GCM through CRYPTO_gcm128 for any IV length (gcm.c); arguments already checked. Returns 0,
 * 1 on tag mismatch (out zeroed) or a negative GKM_ERR_* code. */
int32_t gkm_gcm128_crypt(int enc, const uint8_t *key, int32_t key_len, const uint8_t *iv, int32_t iv_len,
                         const uint8_t *aad, int32_t aad_len, const uint8_t *in, int32_t in_len, uint8_t *out);

#endif /* GKM_INTERNAL_H */
