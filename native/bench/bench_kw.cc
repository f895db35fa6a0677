// Google Benchmark: libgkm_native AES key wrap (RFC 3394 KW) per kernel path against OpenSSL EVP
// called once per job. items_per_second = wraps/s or unwraps/s (ns per wrap = 1e9 / that), from
// wall-clock time (UseRealTime), as JMH measures, so the report's "FFM overhead" (JMH / native)
// compares like with like: Google Benchmark's default divides by CPU time, which leaves out the
// time a thread is descheduled on loaded CPUs
// (docs/performance-notes.md#native-and-jmh-figures-compared).
//
// Names (stable, parsed by benchmarks' report generator, which ignores the "/real_time" suffix
// UseRealTime adds; every path this CPU supports):
//   BM_wrap/path:P/kek:K/key:B/distinct:D/batch:N     one gkm_kw_wrap_batch_path call of N jobs
//   BM_unwrap/path:P/kek:K/key:B/distinct:D/batch:N   one gkm_kw_unwrap_batch_path call of N jobs
//   BM_evp_wrap/kek:K/key:B/distinct:D/batch:N         N x (EVP_CIPHER_CTX_new, init, update, free)
//   BM_evp_unwrap/kek:K/key:B/distinct:D/batch:N
//   BM_wrap_single/kek:K/key:B, BM_unwrap_single/kek:K/key:B   gkm_kw_wrap / gkm_kw_unwrap, one job
// P: scalar | aesni | vaes | auto; K: KEK bits 128 | 256; B: key bytes (32); D: 1 = every job its
// own KEK, 0 = one KEK for the whole batch; N: 1, 8, 64, 1024, 4096.
#include <benchmark/benchmark.h>

#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gkm_native.h"

namespace {

constexpr int kKeyLen = 32;

struct Jobs {
    Jobs(int n, int kek_len, bool distinct)
        : n(n), kek_len_bytes(kek_len), wrapped_len(kKeyLen + 8), keks(size_t(n) * kek_len), keys(size_t(n) * kKeyLen),
          wrapped(size_t(n) * (kKeyLen + 8)), unwrapped(size_t(n) * kKeyLen), kek_off(n), kek_len(n, kek_len),
          key_off(n), key_len(n, kKeyLen), wr_off(n), wr_len(n, kKeyLen + 8), out_len(n), status(n) {
        std::mt19937_64 rng(42); // benchmark data only; fixed so runs compare
        for (auto &b : keks) b = uint8_t(rng());
        for (auto &b : keys) b = uint8_t(rng());
        for (int i = 0; i < n; i++) {
            kek_off[i] = distinct ? i * kek_len : 0; // one KEK: every job points at the same bytes
            key_off[i] = i * kKeyLen;
            wr_off[i] = i * (kKeyLen + 8);
        }
    }
    int32_t Wrap(int32_t path) {
        return gkm_kw_wrap_batch_path(path, GKM_KW_MODE_KW, n, keks.data(), int64_t(keks.size()), kek_off.data(),
                                      kek_len.data(), keys.data(), int64_t(keys.size()), key_off.data(), key_len.data(),
                                      wrapped.data(), int64_t(wrapped.size()), wr_off.data(), out_len.data(),
                                      status.data());
    }
    int32_t Unwrap(int32_t path) {
        return gkm_kw_unwrap_batch_path(path, GKM_KW_MODE_KW, n, keks.data(), int64_t(keks.size()), kek_off.data(),
                                        kek_len.data(), wrapped.data(), int64_t(wrapped.size()), wr_off.data(),
                                        wr_len.data(), unwrapped.data(), int64_t(unwrapped.size()), key_off.data(),
                                        out_len.data(), status.data());
    }
    int n, kek_len_bytes, wrapped_len;
    std::vector<uint8_t> keks, keys, wrapped, unwrapped;
    std::vector<int32_t> kek_off, kek_len, key_off, key_len, wr_off, wr_len, out_len;
    std::vector<uint8_t> status;
};

const EVP_CIPHER *EvpCipher(int kek_len) {
    return kek_len == 16 ? EVP_aes_128_wrap() : EVP_aes_256_wrap();
}

// One EVP operation as a single-call API does it: new context, init with the key, update, free.
bool EvpOnce(int enc, int kek_len, const uint8_t *kek, const uint8_t *in, int in_len, uint8_t *out) {
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int outl = 0;
    bool ok = EVP_CipherInit_ex(ctx, EvpCipher(kek_len), nullptr, kek, nullptr, enc) == 1 &&
              EVP_CipherUpdate(ctx, out, &outl, in, in_len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

void Batch(benchmark::State &state, int32_t path, bool unwrap, int kek_len, bool distinct, int n) {
    Jobs j(n, kek_len, distinct);
    if (j.Wrap(path) != 0) state.SkipWithError("wrap failed");
    for (auto _ : state) {
        if ((unwrap ? j.Unwrap(path) : j.Wrap(path)) != 0) state.SkipWithError("batch call failed");
        benchmark::DoNotOptimize(j.wrapped.data());
        benchmark::DoNotOptimize(j.unwrapped.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * n);
}

void Evp(benchmark::State &state, bool unwrap, int kek_len, bool distinct, int n) {
    Jobs j(n, kek_len, distinct);
    if (j.Wrap(GKM_KW_PATH_AUTO) != 0) state.SkipWithError("wrap failed");
    std::vector<uint8_t> scratch(kKeyLen + 8 + 16);
    for (auto _ : state) {
        for (int i = 0; i < n; i++) {
            const uint8_t *kek = &j.keks[size_t(j.kek_off[i])];
            bool ok = unwrap
                          ? EvpOnce(0, kek_len, kek, &j.wrapped[size_t(i) * (kKeyLen + 8)], kKeyLen + 8, scratch.data())
                          : EvpOnce(1, kek_len, kek, &j.keys[size_t(i) * kKeyLen], kKeyLen, scratch.data());
            if (!ok) state.SkipWithError("EVP call failed");
            benchmark::DoNotOptimize(scratch.data());
        }
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * n);
}

void Single(benchmark::State &state, bool unwrap, int kek_len) {
    Jobs j(1, kek_len, true);
    if (j.Wrap(GKM_KW_PATH_AUTO) != 0) state.SkipWithError("wrap failed");
    uint8_t out[kKeyLen + 8];
    for (auto _ : state) {
        int32_t r =
            unwrap ? gkm_kw_unwrap(GKM_KW_MODE_KW, j.keks.data(), kek_len, j.wrapped.data(), kKeyLen + 8, out, kKeyLen)
                   : gkm_kw_wrap(GKM_KW_MODE_KW, j.keks.data(), kek_len, j.keys.data(), kKeyLen, out, kKeyLen + 8);
        if (r < 0) state.SkipWithError("single call failed");
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
}

} // namespace

int main(int argc, char **argv) {
    const struct {
        int32_t id;
        const char *name;
    } paths[] = {{GKM_KW_PATH_SCALAR, "scalar"},
                 {GKM_KW_PATH_AESNI, "aesni"},
                 {GKM_KW_PATH_VAES, "vaes"},
                 {GKM_KW_PATH_AUTO, "auto"}};
    const int batches[] = {1, 8, 64, 1024, 4096};
    const std::string key = "/key:" + std::to_string(kKeyLen);
    for (int unwrap = 0; unwrap <= 1; unwrap++) {
        const std::string op = unwrap ? "unwrap" : "wrap";
        for (const auto &p : paths) {
            if (!gkm_kw_path_supported(p.id)) continue;
            for (int kek : {16, 32}) {
                for (int distinct = 1; distinct >= 0; distinct--) {
                    for (int n : batches) {
                        const std::string name = "BM_" + op + "/path:" + p.name + "/kek:" + std::to_string(kek * 8) +
                                                 key + "/distinct:" + std::to_string(distinct) +
                                                 "/batch:" + std::to_string(n);
                        benchmark::RegisterBenchmark(name.c_str(), Batch, p.id, unwrap != 0, kek, distinct != 0, n)
                            ->UseRealTime();
                    }
                }
            }
        }
        for (int kek : {16, 32}) {
            for (int distinct = 1; distinct >= 0; distinct--) {
                for (int n : batches) {
                    const std::string name = "BM_evp_" + op + "/kek:" + std::to_string(kek * 8) + key +
                                             "/distinct:" + std::to_string(distinct) + "/batch:" + std::to_string(n);
                    benchmark::RegisterBenchmark(name.c_str(), Evp, unwrap != 0, kek, distinct != 0, n)->UseRealTime();
                }
            }
            const std::string name = "BM_" + op + "_single/kek:" + std::to_string(kek * 8) + key;
            benchmark::RegisterBenchmark(name.c_str(), Single, unwrap != 0, kek)->UseRealTime();
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("gkm_kw_path", std::to_string(gkm_kw_path()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
