// Google Benchmark: libgkm_native batch X25519 per kernel path against OpenSSL EVP.
// items_per_second = operations/s (ns per operation = 1e9 / that), wall-clock time (UseRealTime)
// as in bench_kw.cc.
//
// Names (every path this CPU supports):
//   BM_x25519_public/path:P/batch:N   one gkm_x25519_public_batch_path call: N public keys X25519(k_i, 9)
//   BM_x25519/path:P/batch:N          one gkm_x25519_batch_path call: N x X25519(k_i, u_i)
//   BM_evp_x25519_derive              EVP_PKEY_derive with both keys parsed once, outside the loop
//                                     (bare libcrypto: one scalar multiplication and the EVP overhead)
//   BM_evp_x25519_public              EVP_PKEY_new_raw_private_key + EVP_PKEY_get_raw_public_key + free
// P: portable | ifma | auto; N: 1, 8, 64.
#include <benchmark/benchmark.h>

#include <openssl/evp.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gkm_native.h"

namespace {

struct Inputs {
    explicit Inputs(int n) : n(n), k(size_t(n) * 32), u(size_t(n) * 32), out(size_t(n) * 32) {
        std::mt19937_64 rng(42); // benchmark data only; fixed so runs compare
        for (auto &b : k) b = uint8_t(rng());
        // valid public keys as the points, so that EVP accepts every one
        if (gkm_x25519_public_batch(n, k.data(), int64_t(k.size()), u.data(), int64_t(u.size())) != 0) n = -1;
        for (auto &b : k) b = uint8_t(rng());
    }
    int n;
    std::vector<uint8_t> k, u, out;
};

void Public(benchmark::State &state, int32_t path, int n) {
    Inputs in(n);
    for (auto _ : state) {
        if (gkm_x25519_public_batch_path(path, n, in.k.data(), int64_t(in.k.size()), in.out.data(),
                                         int64_t(in.out.size())) != 0) {
            state.SkipWithError("batch call failed");
        }
        benchmark::DoNotOptimize(in.out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * n);
}

void Shared(benchmark::State &state, int32_t path, int n) {
    Inputs in(n);
    for (auto _ : state) {
        if (gkm_x25519_batch_path(path, n, in.k.data(), int64_t(in.k.size()), in.u.data(), int64_t(in.u.size()),
                                  in.out.data(), int64_t(in.out.size())) != 0) {
            state.SkipWithError("batch call failed");
        }
        benchmark::DoNotOptimize(in.out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * n);
}

void EvpDerive(benchmark::State &state) {
    Inputs in(1);
    EVP_PKEY *mine = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, in.k.data(), 32);
    EVP_PKEY *peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, in.u.data(), 32);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, mine, nullptr);
    if (ctx == nullptr || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer(ctx, peer) != 1) {
        state.SkipWithError("EVP setup failed");
    }
    for (auto _ : state) {
        size_t len = 32;
        if (EVP_PKEY_derive(ctx, in.out.data(), &len) != 1) state.SkipWithError("derive failed");
        benchmark::DoNotOptimize(in.out.data());
        benchmark::ClobberMemory();
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(mine);
    state.SetItemsProcessed(int64_t(state.iterations()));
}

void EvpPublic(benchmark::State &state) {
    Inputs in(1);
    for (auto _ : state) {
        EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, in.k.data(), 32);
        size_t len = 32;
        if (pk == nullptr || EVP_PKEY_get_raw_public_key(pk, in.out.data(), &len) != 1) {
            state.SkipWithError("EVP failed");
        }
        EVP_PKEY_free(pk);
        benchmark::DoNotOptimize(in.out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
}

} // namespace

int main(int argc, char **argv) {
    const struct {
        int32_t id;
        const char *name;
    } paths[] = {
        {GKM_X25519_PATH_PORTABLE, "portable"}, {GKM_X25519_PATH_IFMA, "ifma"}, {GKM_X25519_PATH_AUTO, "auto"}};
    for (const auto &p : paths) {
        if (!gkm_x25519_batch_kernel_supported(p.id)) continue;
        for (int n : {1, 8, 64}) {
            const std::string suffix = std::string("/path:") + p.name + "/batch:" + std::to_string(n);
            benchmark::RegisterBenchmark(("BM_x25519_public" + suffix).c_str(), Public, p.id, n)->UseRealTime();
            benchmark::RegisterBenchmark(("BM_x25519" + suffix).c_str(), Shared, p.id, n)->UseRealTime();
        }
    }
    benchmark::RegisterBenchmark("BM_evp_x25519_derive", EvpDerive)->UseRealTime();
    benchmark::RegisterBenchmark("BM_evp_x25519_public", EvpPublic)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::AddCustomContext("gkm_x25519_path", std::to_string(gkm_x25519_batch_kernel()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
