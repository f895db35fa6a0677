// Google Benchmark: the bare OpenSSL 3 libcrypto calls behind the JMH primitive benchmarks
// (benchmarks/src/main/java/org/gkm/bench/*Benchmark.java), used the best way a C program can:
// keys generated or imported once, algorithms fetched once, contexts initialised once and reused
// for every operation the API lets them serve (EVP_PKEY_CTX for sign/verify/encrypt/decrypt/derive/
// keygen, EVP_MD_CTX for EdDSA, EVP_CIPHER_CTX keyed once and given only a new IV per message,
// EVP_MAC_CTX keyed once and re-initialised from its prepared inner/outer state). It is the "C"
// reference of benchmarks/REPORT.md's primitive tables: the same operations on the same sizes as
// the JMH benchmark it is named after, measured in the same run. Wall-clock time (UseRealTime), as
// JMH measures.
//
// Names (stable, parsed by benchmarks' report generator, which maps each to a JMH benchmark method
// and its parameters other than "provider"; the "/real_time" suffix is ignored):
//   BM_c/<JMH class>.<method>/<param>=<value>[/<param>=<value>...]
// e.g. BM_c/SignatureBenchmark.sign/alg=Ed25519, BM_c/KeyAgreementBenchmark.P256.agree/curve=P-256.
//
// What each computes (sizes from the JMH benchmarks):
//   SignatureBenchmark.sign|verify      alg=Ed25519: EVP_DigestSign/EVP_DigestVerify (pure Ed25519)
//       of a 64-byte message; alg=ECDSA-P256: SHA-256 of the message, then EVP_PKEY_sign/verify,
//       the signature converted to / from 64-byte r || s (IEEE P1363), as the JMH providers output.
//   KeyAgreementBenchmark.{P256,X25519}.agree   EVP_PKEY_derive of one 32-byte shared secret (peer
//       key set once).
//   KeyAgreementBenchmark.{P256,X25519}.keygen  EVP_PKEY_generate of one key pair, then its canonical
//       encodings exported (gkm's keygen returns them): X25519 raw 32-byte private and public keys;
//       P-256 32-byte big-endian scalar and 65-byte uncompressed point.
//   KeyAgreementBenchmark.X25519PublicKeys.{oneByOne,batched}/count=N   X25519 public keys of N
//       fixed private keys, one raw-key import and public-key export each (libcrypto has no batch
//       call, so both JMH methods have this one reference).
//   RsaOaepBenchmark.encrypt|decrypt    RSA-OAEP (SHA-256, MGF1-SHA-256, empty label) of a 32-byte
//       plaintext under a bits-bit key, e = 65537; decrypt opens one precomputed ciphertext.
//   MacKdfBenchmark.hmac                HMAC-SHA256 tag of a size-byte message, 32-byte key.
//   MacKdfBenchmark.hkdf                HKDF-SHA256 extract-and-expand of 32 bytes from a size-byte
//       ikm, 32-byte salt and 16-byte info (EVP_KDF "HKDF", digest set once, inputs given per call).
//   AeadBenchmark.seal|open             AES-256-GCM, 16-byte tag, no AAD, size-byte plaintext,
//       caller's 12-byte nonce (seal: a counter bumped per message; open: one precomputed
//       ciphertext || tag under a fixed nonce).
//   AeadBenchmark.encrypt|decrypt       the same with a fresh RAND_bytes nonce, output
//       nonce || ciphertext || tag (decrypt reads the nonce from its input).
//   RandomBenchmark.bytes               RAND_bytes of size bytes (OpenSSL 3.0's DRBG calls getpid() on
//       every call to detect a fork, a system call that AeadBenchmark.encrypt's nonce pays too).
//
// Every fixture checks its operation once when it is built (a signature verifies and a corrupted
// one does not, a decryption gives the plaintext, a tampered ciphertext is refused, HMAC/HKDF
// outputs equal an independent computation, X25519 matches RFC 7748's vector), so no benchmark can
// time a failing call; a fixture that fails its check reports the benchmark as an error instead of
// a time. The loops also check each call's return value.
#include <benchmark/benchmark.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// A failed libcrypto call during fixture setup: the message and OpenSSL's error queue.
[[noreturn]] void Fail(const std::string &what) {
    std::string msg = what;
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        msg += std::string("; ") + buf;
    }
    throw std::runtime_error(msg);
}

void Check(bool ok, const char *what) {
    if (!ok) Fail(what);
}

// Deterministic benchmark data (not secret, not random): fixed so runs compare.
std::vector<uint8_t> TestBytes(size_t n, uint8_t seed) {
    std::vector<uint8_t> b(n);
    uint32_t x = 0x9e3779b9u * (seed + 1u);
    for (auto &v : b) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v = uint8_t(x);
    }
    return b;
}

// unique_ptr deleter calling libcrypto's free function F.
template <auto F> struct Free {
    template <class T> void operator()(T *p) const {
        F(p);
    }
};
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Free<EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Free<EVP_MD_CTX_free>>;
using Md = std::unique_ptr<EVP_MD, Free<EVP_MD_free>>;
using Cipher = std::unique_ptr<EVP_CIPHER, Free<EVP_CIPHER_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Free<EVP_CIPHER_CTX_free>>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, Free<EVP_MAC_CTX_free>>;
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, Free<EVP_KDF_CTX_free>>;

Pkey Generate(const char *type, const char *group_or_null, size_t rsa_bits = 0) {
    EVP_PKEY *k = nullptr;
    if (rsa_bits != 0) {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", rsa_bits);
    } else if (group_or_null != nullptr) {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, type, group_or_null);
    } else {
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    }
    Check(k != nullptr, "key generation");
    return Pkey(k);
}

// One operation under test: returns false if libcrypto reported a failure.
class Op {
  public:
    virtual ~Op() = default;
    virtual bool Run() = 0;
};

// ---- Signatures ------------------------------------------------------------------------------

class SignatureOp : public Op {
  public:
    SignatureOp(bool ed25519, bool sign) : ed_(ed25519), sign_(sign), msg_(TestBytes(64, 7)) {
        key_ = ed_ ? Generate("ED25519", nullptr) : Generate("EC", "P-256");
        if (ed_) {
            sctx_.reset(EVP_MD_CTX_new());
            vctx_.reset(EVP_MD_CTX_new());
            Check(sctx_ && vctx_, "EVP_MD_CTX_new");
            Check(EVP_DigestSignInit_ex(sctx_.get(), nullptr, nullptr, nullptr, nullptr, key_.get(), nullptr) == 1,
                  "EVP_DigestSignInit_ex");
            Check(EVP_DigestVerifyInit_ex(vctx_.get(), nullptr, nullptr, nullptr, nullptr, key_.get(), nullptr) == 1,
                  "EVP_DigestVerifyInit_ex");
        } else {
            sha256_.reset(EVP_MD_fetch(nullptr, "SHA256", nullptr));
            md_.reset(EVP_MD_CTX_new());
            spctx_.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
            vpctx_.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
            Check(sha256_ && md_ && spctx_ && vpctx_, "ECDSA setup");
            Check(EVP_PKEY_sign_init(spctx_.get()) == 1, "EVP_PKEY_sign_init");
            Check(EVP_PKEY_verify_init(vpctx_.get()) == 1, "EVP_PKEY_verify_init");
        }
        // Twice each: the reused contexts must serve a second call too.
        for (int i = 0; i < 2; i++) {
            Check(Sign(), "sign");
            Check(Verify(), "own signature does not verify");
        }
        std::vector<uint8_t> good(sig_, sig_ + 64);
        sig_[10] ^= 1;
        Check(!Verify(), "corrupted signature verifies");
        ERR_clear_error();
        std::memcpy(sig_, good.data(), 64);
        Check(Verify(), "signature does not verify after restore");
    }

    bool Run() override {
        return sign_ ? Sign() : Verify();
    }

  private:
    bool Digest(uint8_t out[32]) {
        unsigned int n = 0;
        return EVP_DigestInit_ex2(md_.get(), sha256_.get(), nullptr) == 1 &&
               EVP_DigestUpdate(md_.get(), msg_.data(), msg_.size()) == 1 &&
               EVP_DigestFinal_ex(md_.get(), out, &n) == 1 && n == 32;
    }

    // Signs into out_ (sign benchmark) and, outside the timed loop, into sig_ (the signature
    // verify checks).
    bool Sign() {
        uint8_t *out = out_;
        if (ed_) {
            size_t len = 64;
            bool ok = EVP_DigestSign(sctx_.get(), out, &len, msg_.data(), msg_.size()) == 1 && len == 64;
            std::memcpy(sig_, out, 64);
            return ok;
        }
        uint8_t dgst[32];
        uint8_t der[80];
        size_t der_len = sizeof der;
        if (!Digest(dgst) || EVP_PKEY_sign(spctx_.get(), der, &der_len, dgst, 32) != 1) return false;
        const uint8_t *p = der;
        ECDSA_SIG *s = d2i_ECDSA_SIG(nullptr, &p, long(der_len));
        if (s == nullptr) return false;
        bool ok =
            BN_bn2binpad(ECDSA_SIG_get0_r(s), out, 32) == 32 && BN_bn2binpad(ECDSA_SIG_get0_s(s), out + 32, 32) == 32;
        ECDSA_SIG_free(s);
        std::memcpy(sig_, out, 64);
        return ok;
    }

    bool Verify() {
        if (ed_) {
            return EVP_DigestVerify(vctx_.get(), sig_, 64, msg_.data(), msg_.size()) == 1;
        }
        ECDSA_SIG *s = ECDSA_SIG_new();
        BIGNUM *r = BN_bin2bn(sig_, 32, nullptr);
        BIGNUM *sv = BN_bin2bn(sig_ + 32, 32, nullptr);
        if (s == nullptr || r == nullptr || sv == nullptr || ECDSA_SIG_set0(s, r, sv) != 1) {
            ECDSA_SIG_free(s);
            BN_free(r);
            BN_free(sv);
            return false;
        }
        uint8_t der[80];
        uint8_t *p = der;
        int der_len = i2d_ECDSA_SIG(s, &p);
        ECDSA_SIG_free(s);
        uint8_t dgst[32];
        return der_len > 0 && Digest(dgst) && EVP_PKEY_verify(vpctx_.get(), der, size_t(der_len), dgst, 32) == 1;
    }

    bool ed_, sign_;
    std::vector<uint8_t> msg_;
    uint8_t sig_[64] = {0};
    uint8_t out_[64] = {0};
    Pkey key_;
    MdCtx sctx_, vctx_, md_;
    Md sha256_;
    PkeyCtx spctx_, vpctx_;
};

// ---- Key agreement ---------------------------------------------------------------------------

class AgreeOp : public Op {
  public:
    explicit AgreeOp(bool x25519) {
        own_ = x25519 ? Generate("X25519", nullptr) : Generate("EC", "P-256");
        peer_ = x25519 ? Generate("X25519", nullptr) : Generate("EC", "P-256");
        ctx_ = DeriveCtx(own_.get(), peer_.get());
        PkeyCtx back = DeriveCtx(peer_.get(), own_.get());
        uint8_t theirs[32];
        size_t len = 32;
        Check(Run(), "EVP_PKEY_derive");
        Check(EVP_PKEY_derive(back.get(), theirs, &len) == 1 && len == 32, "EVP_PKEY_derive (peer side)");
        Check(std::memcmp(out_, theirs, 32) == 0, "the two sides' shared secrets differ");
        Check(Run() && std::memcmp(out_, theirs, 32) == 0, "second derive differs");
    }

    bool Run() override {
        size_t len = sizeof out_;
        return EVP_PKEY_derive(ctx_.get(), out_, &len) == 1 && len == 32;
    }

  private:
    static PkeyCtx DeriveCtx(EVP_PKEY *own, EVP_PKEY *peer) {
        PkeyCtx c(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
        Check(c && EVP_PKEY_derive_init(c.get()) == 1 && EVP_PKEY_derive_set_peer(c.get(), peer) == 1, "derive setup");
        return c;
    }

    Pkey own_, peer_;
    PkeyCtx ctx_;
    uint8_t out_[32] = {0};
};

class KeygenOp : public Op {
  public:
    explicit KeygenOp(bool x25519) : x25519_(x25519) {
        ctx_.reset(EVP_PKEY_CTX_new_from_name(nullptr, x25519 ? "X25519" : "EC", nullptr));
        Check(ctx_ && EVP_PKEY_keygen_init(ctx_.get()) == 1, "keygen init");
        if (!x25519) {
            Check(EVP_PKEY_CTX_set_group_name(ctx_.get(), "P-256") == 1, "EVP_PKEY_CTX_set_group_name");
        }
        // The exported public key is the private key's: X25519 recomputed from the raw private
        // key; P-256 checked by libcrypto's pairwise check on a key imported from the two exports.
        Check(Run(), "keygen");
        uint8_t first[32];
        std::memcpy(first, priv_, 32);
        Check(Run() && std::memcmp(first, priv_, 32) != 0, "second keygen repeated the private key");
        if (x25519) {
            Pkey k(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, priv_, 32));
            uint8_t pub[32];
            size_t len = 32;
            Check(k && EVP_PKEY_get_raw_public_key(k.get(), pub, &len) == 1 && len == 32 &&
                      std::memcmp(pub, pub_, 32) == 0,
                  "X25519 keygen: exported public key is not the private key's");
        } else {
            Check(pub_len_ == 65 && pub_[0] == 0x04, "P-256 keygen: public key is not a 65-byte uncompressed point");
            BIGNUM *d = BN_bin2bn(priv_, 32, nullptr);
            OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
            Check(d && bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) == 1 &&
                      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) == 1 &&
                      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub_, 65) == 1,
                  "P-256 param build");
            OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
            PkeyCtx fctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
            EVP_PKEY *k = nullptr;
            bool imported = params && fctx && EVP_PKEY_fromdata_init(fctx.get()) == 1 &&
                            EVP_PKEY_fromdata(fctx.get(), &k, EVP_PKEY_KEYPAIR, params) == 1;
            OSSL_PARAM_free(params);
            OSSL_PARAM_BLD_free(bld);
            BN_clear_free(d);
            Pkey key(k);
            Check(imported, "P-256 keygen: export does not import");
            PkeyCtx cctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
            Check(cctx && EVP_PKEY_pairwise_check(cctx.get()) == 1,
                  "P-256 keygen: public key is not the private key's");
        }
    }

    bool Run() override {
        EVP_PKEY *k = nullptr;
        if (EVP_PKEY_generate(ctx_.get(), &k) != 1) return false;
        bool ok;
        if (x25519_) {
            size_t pl = 32, ql = 32;
            ok = EVP_PKEY_get_raw_private_key(k, priv_, &pl) == 1 && EVP_PKEY_get_raw_public_key(k, pub_, &ql) == 1 &&
                 pl == 32 && ql == 32;
        } else {
            BIGNUM *d = nullptr;
            ok = EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 && BN_bn2binpad(d, priv_, 32) == 32 &&
                 EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, pub_, sizeof pub_, &pub_len_) == 1;
            BN_clear_free(d);
        }
        EVP_PKEY_free(k);
        return ok;
    }

  private:
    bool x25519_;
    PkeyCtx ctx_;
    uint8_t priv_[32] = {0};
    uint8_t pub_[65] = {0};
    size_t pub_len_ = 0;
};

class X25519PublicKeysOp : public Op {
  public:
    explicit X25519PublicKeysOp(int count)
        : count_(count), priv_(TestBytes(32 * size_t(count), 41)), pub_(32 * size_t(count)) {
        // RFC 7748 section 6.1: Alice's key pair, in the first slot for the check, then restored.
        static const uint8_t kPriv[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
                                          0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
                                          0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
        static const uint8_t kPub[32] = {0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
                                         0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
                                         0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};
        std::vector<uint8_t> saved(priv_.begin(), priv_.begin() + 32);
        std::memcpy(priv_.data(), kPriv, 32);
        Check(Run() && std::memcmp(pub_.data(), kPub, 32) == 0, "X25519 public key differs from RFC 7748 6.1");
        std::memcpy(priv_.data(), saved.data(), 32);
        Check(Run(), "X25519 public keys");
    }

    bool Run() override {
        for (int i = 0; i < count_; i++) {
            EVP_PKEY *k = EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, priv_.data() + 32 * i, 32);
            size_t len = 32;
            bool ok = k != nullptr && EVP_PKEY_get_raw_public_key(k, pub_.data() + 32 * i, &len) == 1 && len == 32;
            EVP_PKEY_free(k);
            if (!ok) return false;
        }
        return true;
    }

  private:
    int count_;
    std::vector<uint8_t> priv_, pub_;
};

// ---- RSA-OAEP --------------------------------------------------------------------------------

class RsaOaepOp : public Op {
  public:
    RsaOaepOp(int bits, bool encrypt)
        : encrypt_(encrypt), pt_(TestBytes(32, 11)), ct_(size_t(bits / 8)), out_(size_t(bits / 8)) {
        key_ = Generate("RSA", nullptr, size_t(bits));
        enc_ = OaepCtx(key_.get(), true);
        dec_ = OaepCtx(key_.get(), false);
        for (int i = 0; i < 2; i++) {
            Check(Encrypt(ct_.data()), "RSA-OAEP encrypt");
            Check(Decrypt() && out_len_ == 32 && std::memcmp(out_.data(), pt_.data(), 32) == 0,
                  "RSA-OAEP decrypt does not give the plaintext");
        }
        ct_[5] ^= 1;
        Check(!Decrypt(), "RSA-OAEP decrypts a corrupted ciphertext");
        ERR_clear_error();
        ct_[5] ^= 1;
        Check(Decrypt() && out_len_ == 32, "RSA-OAEP decrypt after restore");
    }

    bool Run() override {
        return encrypt_ ? Encrypt(out_.data()) : Decrypt();
    }

  private:
    static PkeyCtx OaepCtx(EVP_PKEY *key, bool enc) {
        PkeyCtx c(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
        Check(c && (enc ? EVP_PKEY_encrypt_init(c.get()) : EVP_PKEY_decrypt_init(c.get())) == 1 &&
                  EVP_PKEY_CTX_set_rsa_padding(c.get(), RSA_PKCS1_OAEP_PADDING) == 1 &&
                  EVP_PKEY_CTX_set_rsa_oaep_md_name(c.get(), "SHA256", nullptr) == 1 &&
                  EVP_PKEY_CTX_set_rsa_mgf1_md_name(c.get(), "SHA256", nullptr) == 1,
              "RSA-OAEP setup");
        return c;
    }

    bool Encrypt(uint8_t *out) {
        size_t len = ct_.size();
        return EVP_PKEY_encrypt(enc_.get(), out, &len, pt_.data(), pt_.size()) == 1 && len == ct_.size();
    }

    bool Decrypt() {
        out_len_ = out_.size();
        return EVP_PKEY_decrypt(dec_.get(), out_.data(), &out_len_, ct_.data(), ct_.size()) == 1;
    }

    bool encrypt_;
    std::vector<uint8_t> pt_, ct_, out_;
    size_t out_len_ = 0;
    Pkey key_;
    PkeyCtx enc_, dec_;
};

// ---- HMAC and HKDF ---------------------------------------------------------------------------

// HMAC-SHA256 by EVP_Q_mac: the one-shot call, the independent reference for both checks below.
std::vector<uint8_t> QHmac(const uint8_t *key, size_t key_len, const std::vector<uint8_t> &msg) {
    std::vector<uint8_t> out(32);
    size_t len = 0;
    Check(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key, key_len, msg.data(), msg.size(), out.data(), 32,
                    &len) != nullptr &&
              len == 32,
          "EVP_Q_mac");
    return out;
}

class HmacOp : public Op {
  public:
    explicit HmacOp(size_t size) : key_(TestBytes(32, 21)), msg_(TestBytes(size, 24)) {
        EVP_MAC *mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        ctx_.reset(mac == nullptr ? nullptr : EVP_MAC_CTX_new(mac));
        EVP_MAC_free(mac); // the context holds its own reference
        char digest[] = "SHA256";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
        Check(ctx_ && EVP_MAC_init(ctx_.get(), key_.data(), key_.size(), params) == 1, "HMAC setup");
        std::vector<uint8_t> ref = QHmac(key_.data(), key_.size(), msg_);
        for (int i = 0; i < 2; i++) {
            Check(Run() && std::memcmp(out_, ref.data(), 32) == 0, "HMAC differs from EVP_Q_mac");
        }
    }

    // Re-initialised without a key: HMAC restarts from the inner/outer state prepared at setup.
    bool Run() override {
        size_t len = 0;
        return EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) == 1 &&
               EVP_MAC_update(ctx_.get(), msg_.data(), msg_.size()) == 1 &&
               EVP_MAC_final(ctx_.get(), out_, &len, sizeof out_) == 1 && len == 32;
    }

  private:
    std::vector<uint8_t> key_, msg_;
    MacCtx ctx_;
    uint8_t out_[32] = {0};
};

class HkdfOp : public Op {
  public:
    explicit HkdfOp(size_t size) : salt_(TestBytes(32, 22)), info_(TestBytes(16, 23)), ikm_(TestBytes(size, 24)) {
        EVP_KDF *kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
        ctx_.reset(kdf == nullptr ? nullptr : EVP_KDF_CTX_new(kdf));
        EVP_KDF_free(kdf);
        char digest[] = "SHA256";
        OSSL_PARAM once[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                             OSSL_PARAM_construct_end()};
        Check(ctx_ && EVP_KDF_CTX_set_params(ctx_.get(), once) == 1, "HKDF setup");
        // The inputs of every derive: prepared once, pointing at the caller's buffers.
        params_[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_.data(), salt_.size());
        params_[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm_.data(), ikm_.size());
        params_[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_.data(), info_.size());
        params_[3] = OSSL_PARAM_construct_end();
        // RFC 5869 from HMAC: PRK = HMAC(salt, ikm); OKM = HMAC(PRK, info || 0x01), one block.
        std::vector<uint8_t> prk = QHmac(salt_.data(), salt_.size(), ikm_);
        std::vector<uint8_t> t(info_);
        t.push_back(1);
        std::vector<uint8_t> okm = QHmac(prk.data(), prk.size(), t);
        for (int i = 0; i < 2; i++) {
            Check(Run() && std::memcmp(out_, okm.data(), 32) == 0, "HKDF differs from RFC 5869 over HMAC");
        }
    }

    bool Run() override {
        return EVP_KDF_derive(ctx_.get(), out_, sizeof out_, params_) == 1;
    }

  private:
    std::vector<uint8_t> salt_, info_, ikm_;
    KdfCtx ctx_;
    OSSL_PARAM params_[4];
    uint8_t out_[32] = {0};
};

// ---- AES-256-GCM -----------------------------------------------------------------------------

class AeadOp : public Op {
  public:
    enum Kind { kSeal, kOpen, kEncrypt, kDecrypt };

    AeadOp(Kind kind, size_t size)
        : kind_(kind), size_(size), key_(TestBytes(32, 1)), pt_(TestBytes(size, 2)), open_nonce_(TestBytes(12, 3)),
          sealed_(size + 16), aead_ct_(12 + size + 16), out_(12 + size + 16) {
        cipher_.reset(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
        enc_.reset(EVP_CIPHER_CTX_new());
        dec_.reset(EVP_CIPHER_CTX_new());
        Check(cipher_ && enc_ && dec_ &&
                  EVP_EncryptInit_ex2(enc_.get(), cipher_.get(), key_.data(), nullptr, nullptr) == 1 &&
                  EVP_DecryptInit_ex2(dec_.get(), cipher_.get(), key_.data(), nullptr, nullptr) == 1,
              "AES-GCM setup");
        // Reference inputs from a context of their own, used once.
        CipherCtx ref(EVP_CIPHER_CTX_new());
        int l1 = 0, l2 = 0;
        Check(ref && EVP_EncryptInit_ex2(ref.get(), cipher_.get(), key_.data(), open_nonce_.data(), nullptr) == 1 &&
                  EVP_EncryptUpdate(ref.get(), sealed_.data(), &l1, pt_.data(), int(size)) == 1 &&
                  EVP_EncryptFinal_ex(ref.get(), sealed_.data() + l1, &l2) == 1 && size_t(l1 + l2) == size &&
                  EVP_CIPHER_CTX_ctrl(ref.get(), EVP_CTRL_AEAD_GET_TAG, 16, sealed_.data() + size) == 1,
              "AES-GCM reference");
        std::memcpy(aead_ct_.data(), open_nonce_.data(), 12);
        std::memcpy(aead_ct_.data() + 12, sealed_.data(), size + 16);

        for (int i = 0; i < 2; i++) {
            Check(Open(open_nonce_.data(), sealed_.data(), out_.data()) &&
                      std::memcmp(out_.data(), pt_.data(), size) == 0,
                  "AES-GCM open of the reference ciphertext");
            Check(Open(aead_ct_.data(), aead_ct_.data() + 12, out_.data()) &&
                      std::memcmp(out_.data(), pt_.data(), size) == 0,
                  "AES-GCM decrypt of the reference ciphertext");
            std::vector<uint8_t> c(12 + size + 16);
            Check(Encrypt(c.data()), "AES-GCM encrypt");
            Check(Open(c.data(), c.data() + 12, out_.data()) && std::memcmp(out_.data(), pt_.data(), size) == 0,
                  "AES-GCM encrypt output does not open");
            BumpNonce();
            Check(Seal(seal_nonce_, c.data()) && Open(seal_nonce_, c.data(), out_.data()) &&
                      std::memcmp(out_.data(), pt_.data(), size) == 0,
                  "AES-GCM seal output does not open");
            Check(std::memcmp(c.data(), sealed_.data(), size + 16) != 0, "AES-GCM seal ignored its nonce");
        }
        sealed_[size] ^= 1; // the tag
        Check(!Open(open_nonce_.data(), sealed_.data(), out_.data()), "AES-GCM opens a tampered tag");
        ERR_clear_error();
        sealed_[size] ^= 1;
    }

    bool Run() override {
        switch (kind_) {
        case kSeal: BumpNonce(); return Seal(seal_nonce_, out_.data());
        case kOpen: return Open(open_nonce_.data(), sealed_.data(), out_.data());
        case kEncrypt: return Encrypt(out_.data());
        case kDecrypt: return Open(aead_ct_.data(), aead_ct_.data() + 12, out_.data());
        }
        return false;
    }

  private:
    // The last 8 bytes of the 12-byte nonce as a big-endian counter.
    void BumpNonce() {
        for (int i = 11; i >= 4; i--) {
            if (++seal_nonce_[i] != 0) break;
        }
    }

    // ciphertext || tag of the plaintext under nonce, at out; the key stays set, only the IV changes.
    bool Seal(const uint8_t *nonce, uint8_t *out) {
        int l1 = 0, l2 = 0;
        return EVP_EncryptInit_ex2(enc_.get(), nullptr, nullptr, nonce, nullptr) == 1 &&
               EVP_EncryptUpdate(enc_.get(), out, &l1, pt_.data(), int(size_)) == 1 &&
               EVP_EncryptFinal_ex(enc_.get(), out + l1, &l2) == 1 && size_t(l1 + l2) == size_ &&
               EVP_CIPHER_CTX_ctrl(enc_.get(), EVP_CTRL_AEAD_GET_TAG, 16, out + size_) == 1;
    }

    // A fresh nonce from libcrypto's CSPRNG, then nonce || ciphertext || tag at out.
    bool Encrypt(uint8_t *out) {
        return RAND_bytes(out, 12) == 1 && Seal(out, out + 12);
    }

    // Opens ciphertext || tag (size_ + 16 bytes at in) under nonce into out; false if the tag fails.
    bool Open(const uint8_t *nonce, const uint8_t *in, uint8_t *out) {
        int l1 = 0, l2 = 0;
        return EVP_DecryptInit_ex2(dec_.get(), nullptr, nullptr, nonce, nullptr) == 1 &&
               EVP_DecryptUpdate(dec_.get(), out, &l1, in, int(size_)) == 1 &&
               EVP_CIPHER_CTX_ctrl(dec_.get(), EVP_CTRL_AEAD_SET_TAG, 16, const_cast<uint8_t *>(in + size_)) == 1 &&
               EVP_DecryptFinal_ex(dec_.get(), out + l1, &l2) == 1 && size_t(l1 + l2) == size_;
    }

    Kind kind_;
    size_t size_;
    std::vector<uint8_t> key_, pt_, open_nonce_, sealed_, aead_ct_, out_;
    uint8_t seal_nonce_[12] = {0};
    Cipher cipher_;
    CipherCtx enc_, dec_;
};

// ---- Random ----------------------------------------------------------------------------------

class RandomOp : public Op {
  public:
    explicit RandomOp(size_t size) : buf_(size) {
        std::vector<uint8_t> first(size);
        Check(RAND_bytes(first.data(), int(size)) == 1 && Run() && first != buf_, "RAND_bytes");
    }

    bool Run() override {
        return RAND_bytes(buf_.data(), int(buf_.size())) == 1;
    }

  private:
    std::vector<uint8_t> buf_;
};

// ---- Registration ----------------------------------------------------------------------------

// Fixtures are built on a benchmark's first call and kept: Google Benchmark calls a benchmark
// function more than once (to size its iteration count), and RSA key generation is slow. main
// frees them before it returns (after exit, libcrypto's own atexit cleanup may already have run).
std::map<std::string, std::unique_ptr<Op>> fixtures;
std::map<std::string, std::string> errors;

void Bench(benchmark::State &state, const std::string &name, const std::function<std::unique_ptr<Op>()> &make) {
    auto it = fixtures.find(name);
    if (it == fixtures.end() && errors.count(name) == 0) {
        try {
            it = fixtures.emplace(name, make()).first;
        } catch (const std::exception &e) {
            errors[name] = e.what();
        }
    }
    if (it == fixtures.end()) {
        state.SkipWithError(errors[name].c_str());
        return;
    }
    Op &op = *it->second;
    for (auto _ : state) {
        if (!op.Run()) {
            state.SkipWithError("libcrypto call failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

void Register(const std::string &jmh, const std::string &params, std::function<std::unique_ptr<Op>()> make) {
    std::string name = "BM_c/" + jmh + "/" + params;
    benchmark::RegisterBenchmark(name.c_str(), [name, make](benchmark::State &s) { Bench(s, name, make); })
        ->UseRealTime()
        ->Unit(benchmark::kNanosecond);
}

void RegisterAll() {
    for (bool ed : {true, false}) {
        std::string p = ed ? "alg=Ed25519" : "alg=ECDSA-P256";
        Register("SignatureBenchmark.sign", p, [ed] { return std::make_unique<SignatureOp>(ed, true); });
        Register("SignatureBenchmark.verify", p, [ed] { return std::make_unique<SignatureOp>(ed, false); });
    }
    for (bool x : {false, true}) {
        std::string cls = x ? "KeyAgreementBenchmark.X25519" : "KeyAgreementBenchmark.P256";
        std::string p = x ? "curve=X25519" : "curve=P-256";
        Register(cls + ".agree", p, [x] { return std::make_unique<AgreeOp>(x); });
        Register(cls + ".keygen", p, [x] { return std::make_unique<KeygenOp>(x); });
    }
    for (int count : {10, 64, 1000}) {
        std::string p = "count=" + std::to_string(count);
        for (const char *m : {"oneByOne", "batched"}) {
            Register(std::string("KeyAgreementBenchmark.X25519PublicKeys.") + m, p,
                     [count] { return std::make_unique<X25519PublicKeysOp>(count); });
        }
    }
    for (int bits : {2048, 3072}) {
        std::string p = "bits=" + std::to_string(bits);
        Register("RsaOaepBenchmark.encrypt", p, [bits] { return std::make_unique<RsaOaepOp>(bits, true); });
        Register("RsaOaepBenchmark.decrypt", p, [bits] { return std::make_unique<RsaOaepOp>(bits, false); });
    }
    for (size_t size : {size_t(64), size_t(1024)}) {
        std::string p = "size=" + std::to_string(size);
        Register("MacKdfBenchmark.hmac", p, [size] { return std::make_unique<HmacOp>(size); });
        Register("MacKdfBenchmark.hkdf", p, [size] { return std::make_unique<HkdfOp>(size); });
    }
    for (size_t size : {size_t(32), size_t(1024)}) {
        std::string p = "size=" + std::to_string(size);
        const std::pair<const char *, AeadOp::Kind> kinds[] = {{"seal", AeadOp::kSeal},
                                                               {"open", AeadOp::kOpen},
                                                               {"encrypt", AeadOp::kEncrypt},
                                                               {"decrypt", AeadOp::kDecrypt}};
        for (const auto &k : kinds) {
            AeadOp::Kind kind = k.second;
            Register(std::string("AeadBenchmark.") + k.first, p,
                     [kind, size] { return std::make_unique<AeadOp>(kind, size); });
        }
    }
    for (size_t size : {size_t(32), size_t(4096)}) {
        Register("RandomBenchmark.bytes", "size=" + std::to_string(size),
                 [size] { return std::make_unique<RandomOp>(size); });
    }
}

} // namespace

int main(int argc, char **argv) {
    RegisterAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    fixtures.clear();
    return 0;
}
