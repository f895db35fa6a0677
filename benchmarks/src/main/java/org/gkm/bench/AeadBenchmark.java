package org.gkm.bench;

import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-256-GCM, 16-byte tag, no associated data, on {@code size}-byte plaintexts. Score: ns per
 * message.
 *
 * <ul>
 *   <li>{@code seal}/{@code open}: the bare cipher with a caller-supplied 12-byte nonce. gkm:
 *       {@code InsecureNonceAesGcm.of(provider).seal/open}; baselines: {@code Cipher "AES/GCM/NoPadding"}
 *       (sunjce, accp) or {@code GCMBlockCipher} over {@code AESEngine} (bc), re-initialised per
 *       message with the new nonce (JCA and BC require an init per message). The seal nonce is a
 *       counter bumped before every message, not a fixed value: SunJCE and BC refuse to encrypt
 *       twice under one (key, nonce), and gkm's java provider answers that refusal by building a
 *       new Cipher, which a fixed nonce would measure instead of GCM. {@code open} decrypts one
 *       precomputed ciphertext (fixed nonce) again and again, which every implementation allows.
 *   <li>{@code encrypt}/{@code decrypt}: the full misuse-resistant operation of gkm's
 *       {@code aead()}: a fresh random nonce from the provider's CSPRNG, output nonce || ciphertext
 *       || tag. Baselines do the same work with their own CSPRNG
 *       ({@link BenchSupport#baselineRandom}) and one output array.
 * </ul>
 * Baselines keep one key object and one engine per direction for the whole trial (bc passes the
 * key once and then only new nonces, so its GHASH tables are not rebuilt); gkm's API takes the raw
 * key every call, so its figures include whatever per-call key setup the provider does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AeadBenchmark {
    private static final int TAG_BITS = 128;
    private static final int NONCE = 12;

    @Param({"openssl", "java", "sunjce", "bc", "accp"})
    public String provider;

    @Param({"32", "1024"})
    public int size;

    private final byte[] key = BenchSupport.testBytes(32, 1);
    private final byte[] sealNonce = new byte[NONCE];
    private final byte[] openNonce = BenchSupport.testBytes(NONCE, 3);
    private byte[] plaintext;
    /** ciphertext || tag under openNonce. */
    private byte[] sealed;
    /** nonce || ciphertext || tag. */
    private byte[] aeadCiphertext;

    private CryptoProvider gkm;
    private InsecureNonceAesGcm gkmGcm;
    private SecretBytes gkmKey;

    private SecretKeySpec jcaKey;
    private Cipher jcaEnc;
    private Cipher jcaDec;

    private GCMModeCipher bcEnc;
    private GCMModeCipher bcDec;

    private SecureRandom rng;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        plaintext = BenchSupport.testBytes(size, 2);
        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                gkmGcm = InsecureNonceAesGcm.of(gkm);
                gkmKey = SecretBytes.copyOf(key);
            }
            case "sunjce", "accp" -> {
                Provider p = provider.equals("accp") ? BenchSupport.accp() : BenchSupport.sunJce();
                jcaKey = new SecretKeySpec(key, "AES");
                jcaEnc = Cipher.getInstance("AES/GCM/NoPadding", p);
                jcaDec = Cipher.getInstance("AES/GCM/NoPadding", p);
                rng = BenchSupport.baselineRandom(provider);
            }
            case "bc" -> {
                bcEnc = GCMBlockCipher.newInstance(AESEngine.newInstance());
                bcDec = GCMBlockCipher.newInstance(AESEngine.newInstance());
                KeyParameter k = new KeyParameter(key);
                bcEnc.init(true, new AEADParameters(k, TAG_BITS, BenchSupport.testBytes(NONCE, 99)));
                bcDec.init(false, new AEADParameters(k, TAG_BITS, openNonce));
                rng = BenchSupport.baselineRandom(provider);
            }
            default -> throw BenchSupport.unknown(provider);
        }
        // Reference inputs from SunJCE; every implementation must open them.
        Cipher ref = Cipher.getInstance("AES/GCM/NoPadding", BenchSupport.sunJce());
        ref.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, openNonce));
        sealed = ref.doFinal(plaintext);
        aeadCiphertext = new byte[NONCE + sealed.length];
        System.arraycopy(openNonce, 0, aeadCiphertext, 0, NONCE);
        System.arraycopy(sealed, 0, aeadCiphertext, NONCE, sealed.length);
        if (!Arrays.equals(open(), plaintext) || !Arrays.equals(decrypt(), plaintext)) {
            throw new IllegalStateException(provider + ": AES-GCM open of the reference ciphertext failed");
        }
        byte[] c = encrypt();
        ref.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, c, 0, NONCE));
        if (!Arrays.equals(ref.doFinal(c, NONCE, c.length - NONCE), plaintext)) {
            throw new IllegalStateException(provider + ": AEAD encrypt output does not open with SunJCE");
        }
    }

    @Benchmark
    public byte[] seal() throws Exception {
        BenchSupport.nextNonce(sealNonce);
        return switch (provider) {
            case "openssl", "java" -> gkmGcm.seal(key, sealNonce, null, plaintext);
            case "sunjce", "accp" -> {
                jcaEnc.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(TAG_BITS, sealNonce));
                yield jcaEnc.doFinal(plaintext);
            }
            case "bc" -> bcSeal(sealNonce, new byte[size + 16], 0);
            default -> throw BenchSupport.unknown(provider);
        };
    }

    @Benchmark
    public byte[] open() throws Exception {
        return switch (provider) {
            case "openssl", "java" -> gkmGcm.open(key, openNonce, null, sealed);
            case "sunjce", "accp" -> {
                jcaDec.init(Cipher.DECRYPT_MODE, jcaKey, new GCMParameterSpec(TAG_BITS, openNonce));
                yield jcaDec.doFinal(sealed);
            }
            case "bc" -> bcOpen(openNonce, sealed, 0, sealed.length);
            default -> throw BenchSupport.unknown(provider);
        };
    }

    @Benchmark
    public byte[] encrypt() throws Exception {
        if (gkm != null) {
            return gkm.aead().encrypt(AeadAlgorithm.AES_256_GCM, gkmKey, plaintext, null);
        }
        byte[] nonce = new byte[NONCE];
        rng.nextBytes(nonce);
        byte[] out = new byte[NONCE + size + 16];
        System.arraycopy(nonce, 0, out, 0, NONCE);
        if (bcEnc != null) {
            return bcSeal(nonce, out, NONCE);
        }
        jcaEnc.init(Cipher.ENCRYPT_MODE, jcaKey, new GCMParameterSpec(TAG_BITS, nonce));
        jcaEnc.doFinal(plaintext, 0, size, out, NONCE);
        return out;
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        byte[] c = aeadCiphertext;
        if (gkm != null) {
            return gkm.aead().decrypt(AeadAlgorithm.AES_256_GCM, gkmKey, c, null);
        }
        if (bcDec != null) {
            return bcOpen(Arrays.copyOf(c, NONCE), c, NONCE, c.length - NONCE);
        }
        jcaDec.init(Cipher.DECRYPT_MODE, jcaKey, new GCMParameterSpec(TAG_BITS, c, 0, NONCE));
        return jcaDec.doFinal(c, NONCE, c.length - NONCE);
    }

    private byte[] bcSeal(byte[] nonce, byte[] out, int outOff) throws Exception {
        bcEnc.init(true, new AEADParameters(null, TAG_BITS, nonce)); // key kept from setup
        int n = bcEnc.processBytes(plaintext, 0, size, out, outOff);
        bcEnc.doFinal(out, outOff + n);
        return out;
    }

    private byte[] bcOpen(byte[] nonce, byte[] in, int off, int len) throws Exception {
        bcDec.init(false, new AEADParameters(null, TAG_BITS, nonce));
        byte[] out = new byte[len - 16];
        int n = bcDec.processBytes(in, off, len, out, 0);
        bcDec.doFinal(out, n);
        return out;
    }
}
