// Google Benchmark: libgkm_native's Curve25519 single operations per kernel path, beside the bare
// OpenSSL EVP calls made the cheapest way a C program can (keys parsed once, contexts reused), in
// one run so that ratios compare like with like. Wall-clock time (UseRealTime), as bench_kw.
//
// Names (every path this build and CPU support; P: evp | alt | fast | auto):
//   BM_x25519_base/path:P      gkm_x25519_base_path (public key of a private key)
//   BM_x25519/path:P           gkm_x25519_path (shared secret, variable base)
//   BM_ed25519_key_new/path:P  gkm_ed25519_key_new_path + gkm_ed25519_key_free
//   BM_ed25519_sign/path:P     gkm_ed25519_sign_path with a key handle, 64-byte message
//   BM_ed25519_verify/path:P   gkm_ed25519_verify_path, 64-byte message
//   BM_ed25519_pub_verify/path:P  gkm_ed25519_pub_verify_path, the public key decoded once and kept
//                              (from its GKM_ED25519_TABLE_AFTER-th verification on, with its table
//                              of multiples on the s2n-bignum paths; BM_ed25519_verify is the
//                              double-scalar ladder without a table)
//   BM_ed25519_pub_prepare     gkm_ed25519_pub_new + gkm_ed25519_pub_prepare + free: the cost of a
//                              key's table (B's table made once per process, before the timing)
//   BM_evp_x25519_public       EVP_PKEY_new_raw_private_key + EVP_PKEY_get_raw_public_key + free
//                              (OpenSSL 3.0 has no cheaper way to a public key)
//   BM_evp_x25519_derive       EVP_PKEY_derive on a context set up once (keys and peer parsed once)
//   BM_evp_ed25519_sign        EVP_DigestSignInit + EVP_DigestSign, EVP_PKEY and EVP_MD_CTX made once
//   BM_evp_ed25519_verify      EVP_DigestVerifyInit + EVP_DigestVerify, EVP_PKEY and EVP_MD_CTX made once
//   BM_sha512_lowlevel/BM_sha512_evp   SHA-512 of 160 bytes (prefix or R || A, and a 64-byte
//                              message): SHA512_Init/Update/Final vs a pre-fetched EVP_MD with an
//                              EVP_MD_CTX made once and re-initialised (the choice curve25519.c makes)
#define OPENSSL_SUPPRESS_DEPRECATED
#include <benchmark/benchmark.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "gkm_native.h"

namespace {

struct Data {
    uint8_t scalar[32], u[32], seed[32], msg[64], pub[32], sig[64];
    Data() {
        std::mt19937_64 rng(25519); // benchmark data only; fixed so runs compare
        for (auto &b : scalar) b = uint8_t(rng());
        for (auto &b : seed) b = uint8_t(rng());
        for (auto &b : msg) b = uint8_t(rng());
        uint8_t other[32];
        for (auto &b : other) b = uint8_t(rng());
        if (gkm_x25519_base_path(GKM_C25519_PATH_EVP, u, other) != 0) std::abort();
        gkm_ed25519_key *key = gkm_ed25519_key_new_path(GKM_C25519_PATH_EVP, seed);
        if (key == nullptr || gkm_ed25519_key_public(key, pub) != 0 ||
            gkm_ed25519_sign_path(GKM_C25519_PATH_EVP, key, msg, sizeof msg, sig) != 0) {
            std::abort();
        }
        gkm_ed25519_key_free(key);
    }
};

const Data &data() {
    static const Data d;
    return d;
}

void BM_x25519_base(benchmark::State &state, int32_t path) {
    const Data &d = data();
    uint8_t out[32];
    for (auto _ : state) {
        if (gkm_x25519_base_path(path, out, d.scalar) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_x25519(benchmark::State &state, int32_t path) {
    const Data &d = data();
    uint8_t out[32];
    for (auto _ : state) {
        if (gkm_x25519_path(path, out, d.scalar, d.u) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ed25519_key_new(benchmark::State &state, int32_t path) {
    const Data &d = data();
    for (auto _ : state) {
        gkm_ed25519_key *key = gkm_ed25519_key_new_path(path, d.seed);
        if (key == nullptr) state.SkipWithError("failed");
        gkm_ed25519_key_free(key);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ed25519_sign(benchmark::State &state, int32_t path) {
    const Data &d = data();
    gkm_ed25519_key *key = gkm_ed25519_key_new_path(path, d.seed);
    uint8_t sig[64];
    // The EVP path imports its EVP_PKEY at the first signature: once, before timing.
    if (key == nullptr || gkm_ed25519_sign_path(path, key, d.msg, sizeof d.msg, sig) != 0) {
        state.SkipWithError("failed");
    }
    for (auto _ : state) {
        if (gkm_ed25519_sign_path(path, key, d.msg, sizeof d.msg, sig) != 0) state.SkipWithError("failed");
        benchmark::DoNotOptimize(sig);
    }
    if (std::memcmp(sig, d.sig, 64) != 0) state.SkipWithError("wrong signature");
    gkm_ed25519_key_free(key);
    state.SetItemsProcessed(state.iterations());
}

void BM_ed25519_verify(benchmark::State &state, int32_t path) {
    const Data &d = data();
    for (auto _ : state) {
        if (gkm_ed25519_verify_path(path, d.pub, d.msg, sizeof d.msg, d.sig) != 1) state.SkipWithError("invalid");
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ed25519_pub_verify(benchmark::State &state, int32_t path) {
    const Data &d = data();
    gkm_ed25519_pub *key = gkm_ed25519_pub_new(d.pub);
    for (auto _ : state) {
        if (gkm_ed25519_pub_verify_path(path, key, d.msg, sizeof d.msg, d.sig) != 1) state.SkipWithError("invalid");
    }
    gkm_ed25519_pub_free(key);
    state.SetItemsProcessed(state.iterations());
}

void BM_ed25519_pub_prepare(benchmark::State &state) {
    const Data &d = data();
    gkm_ed25519_pub *warm = gkm_ed25519_pub_new(d.pub);
    if (gkm_ed25519_pub_prepare(warm) != 1) state.SkipWithError("no table in this build");
    gkm_ed25519_pub_free(warm);
    for (auto _ : state) {
        gkm_ed25519_pub *key = gkm_ed25519_pub_new(d.pub);
        if (gkm_ed25519_pub_prepare(key) != 1) state.SkipWithError("no table");
        gkm_ed25519_pub_free(key);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_evp_x25519_public(benchmark::State &state) {
    const Data &d = data();
    uint8_t out[32];
    for (auto _ : state) {
        EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, d.scalar, 32);
        size_t len = 32;
        if (pk == nullptr || EVP_PKEY_get_raw_public_key(pk, out, &len) != 1) state.SkipWithError("failed");
        EVP_PKEY_free(pk);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_evp_x25519_derive(benchmark::State &state) {
    const Data &d = data();
    EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, d.scalar, 32);
    EVP_PKEY *peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, d.u, 32);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, priv, nullptr);
    if (ctx == nullptr || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer(ctx, peer) != 1) {
        state.SkipWithError("setup failed");
    }
    uint8_t out[32];
    for (auto _ : state) {
        size_t len = 32;
        if (EVP_PKEY_derive(ctx, out, &len) != 1) state.SkipWithError("failed");
        benchmark::DoNotOptimize(out);
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    EVP_PKEY_free(priv);
    state.SetItemsProcessed(state.iterations());
}

void BM_evp_ed25519_sign(benchmark::State &state) {
    const Data &d = data();
    EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, d.seed, 32);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint8_t sig[64];
    for (auto _ : state) {
        size_t len = 64;
        if (EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, pk) != 1 ||
            EVP_DigestSign(ctx, sig, &len, d.msg, sizeof d.msg) != 1) {
            state.SkipWithError("failed");
        }
        benchmark::DoNotOptimize(sig);
    }
    if (std::memcmp(sig, d.sig, 64) != 0) state.SkipWithError("wrong signature");
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
    state.SetItemsProcessed(state.iterations());
}

void BM_evp_ed25519_verify(benchmark::State &state) {
    const Data &d = data();
    EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, d.pub, 32);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    for (auto _ : state) {
        if (EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pk) != 1 ||
            EVP_DigestVerify(ctx, d.sig, 64, d.msg, sizeof d.msg) != 1) {
            state.SkipWithError("invalid");
        }
    }
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pk);
    state.SetItemsProcessed(state.iterations());
}

void BM_sha512_lowlevel(benchmark::State &state) {
    uint8_t in[160] = {1}, out[64];
    for (auto _ : state) {
        SHA512_CTX c;
        SHA512_Init(&c);
        SHA512_Update(&c, in, 32);
        SHA512_Update(&c, in + 32, 32);
        SHA512_Update(&c, in + 64, 96);
        SHA512_Final(out, &c);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_sha512_evp(benchmark::State &state) {
    uint8_t in[160] = {1}, out[64];
    EVP_MD *md = EVP_MD_fetch(nullptr, "SHA512", nullptr);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    for (auto _ : state) {
        unsigned int len = 0;
        if (EVP_DigestInit_ex(ctx, md, nullptr) != 1 || EVP_DigestUpdate(ctx, in, 32) != 1 ||
            EVP_DigestUpdate(ctx, in + 32, 32) != 1 || EVP_DigestUpdate(ctx, in + 64, 96) != 1 ||
            EVP_DigestFinal_ex(ctx, out, &len) != 1) {
            state.SkipWithError("failed");
        }
        benchmark::DoNotOptimize(out);
    }
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    state.SetItemsProcessed(state.iterations());
}

const char *path_name(int32_t p) {
    switch (p) {
    case GKM_C25519_PATH_EVP: return "evp";
    case GKM_C25519_PATH_ALT: return "alt";
    case GKM_C25519_PATH_FAST: return "fast";
    default: return "auto";
    }
}

} // namespace

int main(int argc, char **argv) {
    const int32_t paths[] = {GKM_C25519_PATH_EVP, GKM_C25519_PATH_ALT, GKM_C25519_PATH_FAST, GKM_C25519_PATH_AUTO};
    struct Op {
        const char *name;
        void (*fn)(benchmark::State &, int32_t);
    } ops[] = {{"BM_x25519_base", BM_x25519_base},         {"BM_x25519", BM_x25519},
               {"BM_ed25519_key_new", BM_ed25519_key_new}, {"BM_ed25519_sign", BM_ed25519_sign},
               {"BM_ed25519_verify", BM_ed25519_verify},   {"BM_ed25519_pub_verify", BM_ed25519_pub_verify}};
    for (const Op &op : ops) {
        for (int32_t p : paths) {
            if (!gkm_c25519_path_supported(p)) continue;
            const std::string name = std::string(op.name) + "/path:" + path_name(p);
            benchmark::RegisterBenchmark(name.c_str(), op.fn, p)->UseRealTime();
        }
    }
    if (gkm_c25519_path_supported(GKM_C25519_PATH_ALT)) {
        benchmark::RegisterBenchmark("BM_ed25519_pub_prepare", BM_ed25519_pub_prepare)->UseRealTime();
    }
    benchmark::RegisterBenchmark("BM_evp_x25519_public", BM_evp_x25519_public)->UseRealTime();
    benchmark::RegisterBenchmark("BM_evp_x25519_derive", BM_evp_x25519_derive)->UseRealTime();
    benchmark::RegisterBenchmark("BM_evp_ed25519_sign", BM_evp_ed25519_sign)->UseRealTime();
    benchmark::RegisterBenchmark("BM_evp_ed25519_verify", BM_evp_ed25519_verify)->UseRealTime();
    benchmark::RegisterBenchmark("BM_sha512_lowlevel", BM_sha512_lowlevel)->UseRealTime();
    benchmark::RegisterBenchmark("BM_sha512_evp", BM_sha512_evp)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
