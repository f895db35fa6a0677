package org.gkm.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;

/**
 * What every benchmark's {@code @Setup} needs: the gkm providers, the JDK's providers and ACCP,
 * each looked up explicitly so that no benchmark silently measures a different implementation.
 *
 * <p>Provider parameter values used by all benchmarks:
 * <ul>
 *   <li>{@code openssl}, {@code java}: gkm's public API through {@code CryptoProviders.get(name)}
 *       (forced mode: fails loudly, never falls back).
 *   <li>{@code sunjce}: raw JCA calls to the JDK's own providers (SunJCE, SunEC, SunRsaSign), named
 *       explicitly in every {@code getInstance}.
 *   <li>{@code bc}: the Bouncy Castle lightweight API ({@code org.bouncycastle.crypto.*}), no JCA.
 *   <li>{@code accp}: Amazon Corretto Crypto Provider through JCA, with
 *       {@code AmazonCorrettoCryptoProvider.INSTANCE} passed to every {@code getInstance}. ACCP is
 *       never installed as a global provider, so it cannot leak into the sunjce figures.
 * </ul>
 */
final class BenchSupport {
    private BenchSupport() {}

    /** The gkm provider {@code name} ("openssl" or "java"); throws if it cannot be used. */
    static CryptoProvider gkm(String name) {
        return CryptoProviders.get(name);
    }

    static boolean isGkm(String provider) {
        return provider.equals("openssl") || provider.equals("java");
    }

    /**
     * ACCP, checked healthy. Throws (failing the benchmark's setup) when its native library did not
     * load, so an {@code accp} row is never a pure-Java fallback in disguise.
     */
    static Provider accp() {
        AmazonCorrettoCryptoProvider p = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable err = p.getLoadingError();
        if (err != null) {
            throw new IllegalStateException("ACCP failed to load on this machine: " + err, err);
        }
        p.assertHealthy();
        return p;
    }

    static Provider jdk(String name) {
        Provider p = Security.getProvider(name);
        if (p == null) {
            throw new IllegalStateException("JDK provider " + name + " is not installed");
        }
        return p;
    }

    static Provider sunJce() {
        return jdk("SunJCE");
    }

    static Provider sunEc() {
        return jdk("SunEC");
    }

    static Provider sunRsaSign() {
        return jdk("SunRsaSign");
    }

    /**
     * Each baseline's own CSPRNG, used wherever the baseline needs randomness (AEAD nonces, key
     * generation, ECDSA nonces, OAEP seeds) and measured on its own by {@link RandomBenchmark}:
     * <ul>
     *   <li>sunjce: {@code new SecureRandom()}, the platform default an ordinary caller gets
     *       (NativePRNG on Linux: /dev/urandom mixed with SHA1PRNG);
     *   <li>bc: {@code SP800SecureRandomBuilder} Hash_DRBG/SHA-256 (no prediction resistance),
     *       seeded from the platform entropy source;
     *   <li>accp: ACCP's "LibCryptoRng" (AWS-LC's CTR-DRBG).
     * </ul>
     */
    static SecureRandom baselineRandom(String provider) {
        try {
            return switch (provider) {
                case "sunjce" -> new SecureRandom();
                case "bc" -> new SP800SecureRandomBuilder().buildHash(new SHA256Digest(), null, false);
                case "accp" -> SecureRandom.getInstance("LibCryptoRng", accp());
                default -> throw unknown(provider);
            };
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(provider + " has no CSPRNG", e);
        }
    }

    /** Deterministic filler for test data (keys, messages); not for anything secret. */
    static byte[] testBytes(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Increments the last 8 bytes of a 12-byte nonce as a big-endian counter. */
    static void nextNonce(byte[] nonce) {
        for (int i = nonce.length - 1; i >= nonce.length - 8; i--) {
            if (++nonce[i] != 0) {
                return;
            }
        }
    }

    static IllegalArgumentException unknown(String provider) {
        return new IllegalArgumentException("unknown provider parameter '" + provider + "'");
    }
}
