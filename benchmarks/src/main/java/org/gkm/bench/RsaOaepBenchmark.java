package org.gkm.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
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
 * RSA-OAEP key transport (SHA-256, MGF1-SHA-256, empty label) of a {@value #PLAINTEXT_BYTES}-byte
 * key under a {@code bits}-bit modulus, e = 65537. Score: ns per encryption or decryption;
 * {@code decrypt} opens one precomputed ciphertext.
 *
 * <p>Keys are generated once per trial ({@code @Setup(Level.Trial)}) by each implementation's own
 * generator. gkm takes the encoded key on every call (SubjectPublicKeyInfo / PKCS#8 DER, parsed by
 * the provider each time: that is its API's cost). Baselines initialise one engine per direction
 * once and then call doFinal / processBlock per message. sunjce: SunJCE "RSA/ECB/OAEPPadding" with
 * an {@code OAEPParameterSpec}, keys from SunRsaSign; accp: ACCP's "RSA/ECB/OAEPPadding" and key
 * generator; bc: {@code OAEPEncoding} over {@code RSABlindedEngine} (blinded like the others'
 * private-key operation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RsaOaepBenchmark {
    public static final int PLAINTEXT_BYTES = 32;
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    @Param({"openssl", "java", "sunjce", "bc", "accp"})
    public String provider;

    @Param({"2048", "3072"})
    public int bits;

    private final byte[] plaintext = BenchSupport.testBytes(PLAINTEXT_BYTES, 11);
    private byte[] ciphertext;

    private CryptoProvider gkm;
    private PublicKey gkmPublic;
    private PrivateKey gkmPrivate;

    private Cipher jcaEnc;
    private Cipher jcaDec;

    private OAEPEncoding bcEnc;
    private OAEPEncoding bcDec;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                org.gkm.crypto.KeyPair kp = gkm.keys().generate(bits == 2048 ? KeyType.RSA_2048 : KeyType.RSA_3072);
                if (kp.type().rsaBits() != bits) {
                    throw new IllegalArgumentException("bits must be 2048 or 3072");
                }
                gkmPublic = kp.publicKey();
                gkmPrivate = kp.privateKey();
            }
            case "sunjce", "accp" -> {
                boolean accp = provider.equals("accp");
                Provider cipherProvider = accp ? BenchSupport.accp() : BenchSupport.sunJce();
                Provider keyProvider = accp ? BenchSupport.accp() : BenchSupport.sunRsaSign();
                SecureRandom rng = BenchSupport.baselineRandom(provider);
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", keyProvider);
                g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), rng);
                KeyPair kp = g.generateKeyPair();
                jcaEnc = Cipher.getInstance("RSA/ECB/OAEPPadding", cipherProvider);
                jcaEnc.init(Cipher.ENCRYPT_MODE, kp.getPublic(), OAEP_SHA256, rng);
                jcaDec = Cipher.getInstance("RSA/ECB/OAEPPadding", cipherProvider);
                jcaDec.init(Cipher.DECRYPT_MODE, kp.getPrivate(), OAEP_SHA256, rng);
            }
            case "bc" -> {
                SecureRandom rng = BenchSupport.baselineRandom(provider);
                RSAKeyPairGenerator g = new RSAKeyPairGenerator();
                g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), rng, bits, 100));
                AsymmetricCipherKeyPair kp = g.generateKeyPair();
                bcEnc = new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), null);
                bcEnc.init(true, new ParametersWithRandom(kp.getPublic(), rng));
                bcDec = new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), null);
                bcDec.init(false, new ParametersWithRandom(kp.getPrivate(), rng));
            }
            default -> throw BenchSupport.unknown(provider);
        }
        ciphertext = encrypt();
        if (ciphertext.length != bits / 8 || !Arrays.equals(decrypt(), plaintext)) {
            throw new IllegalStateException(provider + ": RSA-OAEP round trip failed");
        }
    }

    @Benchmark
    public byte[] encrypt() throws Exception {
        if (gkm != null) {
            return gkm.keyTransport().encrypt(gkmPublic, plaintext, null);
        }
        if (jcaEnc != null) {
            return jcaEnc.doFinal(plaintext);
        }
        return bcEnc.processBlock(plaintext, 0, plaintext.length);
    }

    @Benchmark
    public byte[] decrypt() throws Exception {
        if (gkm != null) {
            return gkm.keyTransport().decrypt(gkmPrivate, ciphertext, null);
        }
        if (jcaDec != null) {
            return jcaDec.doFinal(ciphertext);
        }
        return bcDec.processBlock(ciphertext, 0, ciphertext.length);
    }
}
