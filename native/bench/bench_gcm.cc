// Google Benchmark: libgkm_native one-shot AES-256-GCM (raw key per call, 12-byte nonce, no AAD,
// 16-byte tag) per path, as the openssl provider's byte[]-key gcmSeal / gcmOpen call it (the JMH
// AeadBenchmark's raw-key methods, without the FFM call). Wall-clock time (UseRealTime), as JMH.
//
// Names: BM_gcm_seal/path:P/size:N and BM_gcm_open/path:P/size:N, one gkm_gcm_seal_path /
// gkm_gcm_open_path call of an N-byte message; P: provider | aesni (where the CPU has it).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gkm_native.h"

namespace {

struct Message {
    explicit Message(int n) : pt(size_t(n)), ct(size_t(n) + 16), back(size_t(n)) {
        std::mt19937_64 rng(42); // benchmark data only; fixed so runs compare
        for (auto &b : key) b = uint8_t(rng());
        for (auto &b : iv) b = uint8_t(rng());
        for (auto &b : pt) b = uint8_t(rng());
    }
    uint8_t key[32];
    uint8_t iv[12];
    std::vector<uint8_t> pt, ct, back;
};

void BM_gcm_seal(benchmark::State &state, int32_t path, int n) {
    Message m(n);
    for (auto _ : state) {
        if (gkm_gcm_seal_path(path, m.key, 32, m.iv, 12, nullptr, 0, m.pt.data(), n, m.ct.data()) != 0) {
            state.SkipWithError("seal failed");
            break;
        }
        benchmark::DoNotOptimize(m.ct.data());
    }
}

void BM_gcm_open(benchmark::State &state, int32_t path, int n) {
    Message m(n);
    if (gkm_gcm_seal_path(path, m.key, 32, m.iv, 12, nullptr, 0, m.pt.data(), n, m.ct.data()) != 0) {
        state.SkipWithError("seal failed");
        return;
    }
    for (auto _ : state) {
        if (gkm_gcm_open_path(path, m.key, 32, m.iv, 12, nullptr, 0, m.ct.data(), n + 16, m.back.data()) != 0) {
            state.SkipWithError("open failed");
            break;
        }
        benchmark::DoNotOptimize(m.back.data());
    }
}

} // namespace

int main(int argc, char **argv) {
    const struct {
        int32_t code;
        const char *name;
    } paths[] = {{GKM_GCM_PATH_PROVIDER, "provider"}, {GKM_GCM_PATH_AESNI, "aesni"}};
    for (const auto &p : paths) {
        if (!gkm_gcm_path_supported(p.code)) continue;
        for (int n : {32, 1024}) {
            const std::string suffix = "/path:" + std::string(p.name) + "/size:" + std::to_string(n);
            benchmark::RegisterBenchmark(("BM_gcm_seal" + suffix).c_str(), BM_gcm_seal, p.code, n)->UseRealTime();
            benchmark::RegisterBenchmark(("BM_gcm_open" + suffix).c_str(), BM_gcm_open, p.code, n)->UseRealTime();
        }
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
