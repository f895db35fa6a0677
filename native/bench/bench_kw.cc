// Google Benchmark: batch AES-256-KW wrap/unwrap of 32-byte keys (distinct KEK per job) through
// libgkm_native vs OpenSSL EVP called once per job. items_per_second = wraps/s or unwraps/s.
#include <benchmark/benchmark.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "gkm_native.h"

namespace {

constexpr int kKekLen = 32;
constexpr int kKeyLen = 32;
constexpr int kWrappedLen = kKeyLen + 8;

struct Jobs {
  explicit Jobs(int n)
      : n(n), keks(size_t(n) * kKekLen), keys(size_t(n) * kKeyLen), wrapped(size_t(n) * kWrappedLen),
        unwrapped(size_t(n) * kKeyLen), kek_off(n), kek_len(n, kKekLen), key_off(n), key_len(n, kKeyLen),
        wr_off(n), wr_len(n, kWrappedLen), out_len(n), status(n) {
    RAND_bytes(keks.data(), int(keks.size()));
    RAND_bytes(keys.data(), int(keys.size()));
    for (int i = 0; i < n; i++) {
      kek_off[i] = i * kKekLen;
      key_off[i] = i * kKeyLen;
      wr_off[i] = i * kWrappedLen;
    }
  }
  int32_t Wrap() {
    return gkm_kw_wrap_batch(GKM_KW_MODE_KW, n, keks.data(), int64_t(keks.size()), kek_off.data(), kek_len.data(),
                             keys.data(), int64_t(keys.size()), key_off.data(), key_len.data(), wrapped.data(),
                             int64_t(wrapped.size()), wr_off.data(), out_len.data(), status.data());
  }
  int32_t Unwrap() {
    return gkm_kw_unwrap_batch(GKM_KW_MODE_KW, n, keks.data(), int64_t(keks.size()), kek_off.data(),
                               kek_len.data(), wrapped.data(), int64_t(wrapped.size()), wr_off.data(),
                               wr_len.data(), unwrapped.data(), int64_t(unwrapped.size()), key_off.data(),
                               out_len.data(), status.data());
  }
  int n;
  std::vector<uint8_t> keks, keys, wrapped, unwrapped;
  std::vector<int32_t> kek_off, kek_len, key_off, key_len, wr_off, wr_len, out_len;
  std::vector<uint8_t> status;
};

// One EVP operation as a single-call API would do it: new context, init with the key, update, free.
bool EvpOnce(int enc, const uint8_t* kek, const uint8_t* in, int in_len, uint8_t* out) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  int outl = 0;
  bool ok = EVP_CipherInit_ex(ctx, EVP_aes_256_wrap(), nullptr, kek, nullptr, enc) == 1 &&
            EVP_CipherUpdate(ctx, out, &outl, in, in_len) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok;
}

void BM_gkm_wrap_batch(benchmark::State& state) {
  Jobs j(int(state.range(0)));
  for (auto _ : state) {
    if (j.Wrap() != 0) state.SkipWithError("wrap failed");
    benchmark::DoNotOptimize(j.wrapped.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * j.n);
}

void BM_gkm_unwrap_batch(benchmark::State& state) {
  Jobs j(int(state.range(0)));
  if (j.Wrap() != 0) state.SkipWithError("wrap failed");
  for (auto _ : state) {
    if (j.Unwrap() != 0) state.SkipWithError("unwrap failed");
    benchmark::DoNotOptimize(j.unwrapped.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * j.n);
}

void BM_evp_wrap_per_call(benchmark::State& state) {
  Jobs j(int(state.range(0)));
  std::vector<uint8_t> scratch(kWrappedLen + 16);
  for (auto _ : state) {
    for (int i = 0; i < j.n; i++) {
      if (!EvpOnce(1, &j.keks[size_t(i) * kKekLen], &j.keys[size_t(i) * kKeyLen], kKeyLen, scratch.data()))
        state.SkipWithError("EVP wrap failed");
      benchmark::DoNotOptimize(scratch.data());
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * j.n);
}

void BM_evp_unwrap_per_call(benchmark::State& state) {
  Jobs j(int(state.range(0)));
  if (j.Wrap() != 0) state.SkipWithError("wrap failed");
  std::vector<uint8_t> scratch(kWrappedLen + 16);
  for (auto _ : state) {
    for (int i = 0; i < j.n; i++) {
      if (!EvpOnce(0, &j.keks[size_t(i) * kKekLen], &j.wrapped[size_t(i) * kWrappedLen], kWrappedLen,
                   scratch.data()))
        state.SkipWithError("EVP unwrap failed");
      benchmark::DoNotOptimize(scratch.data());
    }
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * j.n);
}

void BatchSizes(benchmark::internal::Benchmark* b) {
  for (int n : {1, 8, 64, 1024, 4096}) b->Arg(n);
  b->ArgName("batch");
}

}  // namespace

BENCHMARK(BM_gkm_wrap_batch)->Apply(BatchSizes);
BENCHMARK(BM_evp_wrap_per_call)->Apply(BatchSizes);
BENCHMARK(BM_gkm_unwrap_batch)->Apply(BatchSizes);
BENCHMARK(BM_evp_unwrap_per_call)->Apply(BatchSizes);

BENCHMARK_MAIN();
