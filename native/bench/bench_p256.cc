// Google Benchmark: libgkm_native's P-256 operations per kernel path (evp: OpenSSL through the
// same prepared keys; alt, fast: s2n-bignum), in one run so that ratios compare like with like.
// Wall-clock time (UseRealTime), as bench_kw.
//
// Names (every path this build and CPU support; P: evp | alt | fast | auto):
//   BM_p256_public_key/path:P   gkm_p256_public_key_path (d*G, fixed base)
//   BM_p256_key_new/path:P      gkm_p256_key_new_path + gkm_p256_key_free (scalar check and d*G)
//   BM_p256_pub_new             gkm_p256_pub_new + gkm_p256_pub_free (point validation)
//   BM_p256_sign/path:P         gkm_p256_ecdsa_sign_path, prepared key, 64-byte message
//   BM_p256_verify/path:P       gkm_p256_ecdsa_verify_path, prepared public key, 64-byte message
//   BM_p256_ecdh/path:P         gkm_p256_ecdh_path, prepared key and peer
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

#include "gkm_native.h"

namespace {

struct Data {
    uint8_t d[32], peer_d[32], msg[64], sig[64], pub[65], peer[65];
    gkm_p256_key *key = nullptr;
    gkm_p256_pub *pubkey = nullptr, *peerkey = nullptr;
    Data() {
        std::mt19937_64 rng(256); // benchmark data only; fixed so runs compare
        for (auto &b : d) b = uint8_t(rng());
        for (auto &b : peer_d) b = uint8_t(rng());
        for (auto &b : msg) b = uint8_t(rng());
        d[0] &= 0x7f; // below n
        peer_d[0] &= 0x7f;
        if (gkm_p256_key_new_path(GKM_P256_PATH_EVP, d, 32, &key) != 0 || gkm_p256_key_public(key, pub, 65) != 0 ||
            gkm_p256_public_key_path(GKM_P256_PATH_EVP, peer_d, 32, peer, 65) != 0 ||
            gkm_p256_pub_new(pub, 65, &pubkey) != 0 || gkm_p256_pub_new(peer, 65, &peerkey) != 0 ||
            gkm_p256_ecdsa_sign_path(GKM_P256_PATH_EVP, key, msg, sizeof msg, sig, 64) != 0) {
            std::abort();
        }
    }
};

const Data &data() {
    static const Data d;
    return d;
}

void BM_p256_public_key(benchmark::State &state, int32_t path) {
    const Data &d = data();
    uint8_t out[65];
    for (auto _ : state) {
        if (gkm_p256_public_key_path(path, d.d, 32, out, 65) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_p256_key_new(benchmark::State &state, int32_t path) {
    const Data &d = data();
    for (auto _ : state) {
        gkm_p256_key *k = nullptr;
        if (gkm_p256_key_new_path(path, d.d, 32, &k) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(k);
        gkm_p256_key_free(k);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_p256_pub_new(benchmark::State &state) {
    const Data &d = data();
    for (auto _ : state) {
        gkm_p256_pub *q = nullptr;
        if (gkm_p256_pub_new(d.peer, 65, &q) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(q);
        gkm_p256_pub_free(q);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_p256_sign(benchmark::State &state, int32_t path) {
    const Data &d = data();
    uint8_t sig[64];
    for (auto _ : state) {
        if (gkm_p256_ecdsa_sign_path(path, d.key, d.msg, sizeof d.msg, sig, 64) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(sig);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_p256_verify(benchmark::State &state, int32_t path) {
    const Data &d = data();
    for (auto _ : state) {
        if (gkm_p256_ecdsa_verify_path(path, d.pubkey, d.msg, sizeof d.msg, d.sig, 64) != 1) {
            state.SkipWithError("failed");
        }
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_p256_ecdh(benchmark::State &state, int32_t path) {
    const Data &d = data();
    uint8_t out[32];
    for (auto _ : state) {
        if (gkm_p256_ecdh_path(path, d.key, d.peerkey, out, 32) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

const char *path_name(int32_t p) {
    switch (p) {
    case GKM_P256_PATH_EVP: return "evp";
    case GKM_P256_PATH_ALT: return "alt";
    case GKM_P256_PATH_FAST: return "fast";
    default: return "auto";
    }
}

} // namespace

int main(int argc, char **argv) {
    const int32_t paths[] = {GKM_P256_PATH_EVP, GKM_P256_PATH_ALT, GKM_P256_PATH_FAST, GKM_P256_PATH_AUTO};
    struct Op {
        const char *name;
        void (*fn)(benchmark::State &, int32_t);
    } ops[] = {{"BM_p256_public_key", BM_p256_public_key},
               {"BM_p256_key_new", BM_p256_key_new},
               {"BM_p256_sign", BM_p256_sign},
               {"BM_p256_verify", BM_p256_verify},
               {"BM_p256_ecdh", BM_p256_ecdh}};
    for (const Op &op : ops) {
        for (int32_t p : paths) {
            if (!gkm_p256_path_supported(p)) continue;
            const std::string name = std::string(op.name) + "/path:" + path_name(p);
            benchmark::RegisterBenchmark(name.c_str(), op.fn, p)->UseRealTime();
        }
    }
    benchmark::RegisterBenchmark("BM_p256_pub_new", BM_p256_pub_new)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
