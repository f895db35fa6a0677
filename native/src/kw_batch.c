/*
 * Batch AES key wrap entry points: argument validation, then dispatch to a backend through a small
 * function-pointer table. Backends (kw_evp.c today; an AES-NI/VAES multi-lane kernel later) only
 * ever see batches that passed validation.
 */
#include <stddef.h>
#include <stdint.h>

#include "gkm_internal.h"

const gkm_kw_backend *gkm_kw_select_backend(void) {
    /* Single backend for now; later: inspect gkm_cpu_features() and pick a SIMD kernel. */
    return &gkm_kw_backend_evp;
}

/* Output length of a wrap, or the output region size of an unwrap; -1 if in_len is invalid. */
static int64_t out_region_len(int32_t mode, int unwrap, int32_t in_len) {
    if (in_len < 0 || in_len > GKM_KW_MAX_IN_LEN) return -1;
    if (!unwrap) {
        if (mode == GKM_KW_MODE_KW) {
            if (in_len < 16 || (in_len & 7) != 0) return -1;
            return (int64_t)in_len + 8;
        }
        if (in_len < 1) return -1;
        return (((int64_t)in_len + 7) & ~(int64_t)7) + 8;
    }
    if ((in_len & 7) != 0) return -1;
    if (mode == GKM_KW_MODE_KW ? in_len < 24 : in_len < 16) return -1;
    return (int64_t)in_len - 8;
}

static int in_bounds(int64_t off, int64_t len, int64_t buf_len) {
    return off >= 0 && len >= 0 && buf_len >= 0 && off <= buf_len && len <= buf_len - off;
}

/* Validates everything; returns 0 or a negative GKM_ERR_*. Touches no output. */
static int32_t validate(int32_t mode, int32_t count, int unwrap,
                        const uint8_t *keks, int64_t kek_buf_len,
                        const int32_t *kek_off, const int32_t *kek_len,
                        const uint8_t *in, int64_t in_buf_len,
                        const int32_t *in_off, const int32_t *in_len,
                        const uint8_t *out, int64_t out_buf_len,
                        const int32_t *out_off, const int32_t *out_len, const uint8_t *status,
                        size_t *max_in_len) {
    if (mode != GKM_KW_MODE_KW && mode != GKM_KW_MODE_KWP) return GKM_ERR_MODE;
    if (count < 0 || count > GKM_KW_MAX_COUNT) return GKM_ERR_COUNT;
    *max_in_len = 0;
    if (count == 0) return 0;
    if (kek_off == NULL || kek_len == NULL || in_off == NULL || in_len == NULL ||
        out_off == NULL || out_len == NULL || status == NULL) {
        return GKM_ERR_BOUNDS;
    }
    if (keks == NULL || in == NULL || out == NULL) return GKM_ERR_BOUNDS; /* every job has data */
    if (kek_buf_len < 0 || in_buf_len < 0 || out_buf_len < 0) return GKM_ERR_BOUNDS;

    /* Length errors take precedence over bounds errors for determinism: first pass lengths. */
    for (int32_t i = 0; i < count; i++) {
        const int32_t kl = kek_len[i];
        if (kl != 16 && kl != 24 && kl != 32) return GKM_ERR_KEK_LEN;
        if (out_region_len(mode, unwrap, in_len[i]) < 0) return GKM_ERR_IN_LEN;
    }
    size_t max_in = 0;
    for (int32_t i = 0; i < count; i++) {
        const int64_t olen = out_region_len(mode, unwrap, in_len[i]);
        if (!in_bounds(kek_off[i], kek_len[i], kek_buf_len)) return GKM_ERR_BOUNDS;
        if (!in_bounds(in_off[i], in_len[i], in_buf_len)) return GKM_ERR_BOUNDS;
        if (!in_bounds(out_off[i], olen, out_buf_len)) return GKM_ERR_BOUNDS;
        if ((size_t)in_len[i] > max_in) max_in = (size_t)in_len[i];
    }
    *max_in_len = max_in;
    return 0;
}

static int32_t run(int unwrap, int32_t mode, int32_t count,
                   const uint8_t *keks, int64_t kek_buf_len,
                   const int32_t *kek_off, const int32_t *kek_len,
                   const uint8_t *in, int64_t in_buf_len,
                   const int32_t *in_off, const int32_t *in_len,
                   uint8_t *out, int64_t out_buf_len,
                   const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    size_t max_in = 0;
    int32_t rc = validate(mode, count, unwrap, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len,
                          in_off, in_len, out, out_buf_len, out_off, out_len, status, &max_in);
    if (rc != 0) return rc;
    if (count == 0) return 0;

    const gkm_kw_jobs jobs = {
        .mode = mode, .count = count,
        .keks = keks, .kek_off = kek_off, .kek_len = kek_len,
        .in = in, .in_off = in_off, .in_len = in_len,
        .out = out, .out_off = out_off, .out_len = out_len, .status = status,
        .max_in_len = max_in,
    };
    const gkm_kw_backend *be = gkm_kw_select_backend();
    return unwrap ? be->unwrap(&jobs) : be->wrap(&jobs);
}

GKM_EXPORT int32_t gkm_kw_wrap_batch(int32_t mode, int32_t count,
                                     const uint8_t *keks, int64_t kek_buf_len,
                                     const int32_t *kek_off, const int32_t *kek_len,
                                     const uint8_t *in, int64_t in_buf_len,
                                     const int32_t *in_off, const int32_t *in_len,
                                     uint8_t *out, int64_t out_buf_len,
                                     const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(0, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len,
               out, out_buf_len, out_off, out_len, status);
}

GKM_EXPORT int32_t gkm_kw_unwrap_batch(int32_t mode, int32_t count,
                                       const uint8_t *keks, int64_t kek_buf_len,
                                       const int32_t *kek_off, const int32_t *kek_len,
                                       const uint8_t *in, int64_t in_buf_len,
                                       const int32_t *in_off, const int32_t *in_len,
                                       uint8_t *out, int64_t out_buf_len,
                                       const int32_t *out_off, int32_t *out_len, uint8_t *status) {
    return run(1, mode, count, keks, kek_buf_len, kek_off, kek_len, in, in_buf_len, in_off, in_len,
               out, out_buf_len, out_off, out_len, status);
}
