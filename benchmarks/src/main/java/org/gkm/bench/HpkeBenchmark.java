package org.gkm.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.HpkeSuite;
import org.gkm.crypto.KeyPair;
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
 * HPKE (RFC 9180) base mode, single shot: {@code seal} encapsulates to a recipient public key
 * (fresh ephemeral key pair, DH, key schedule) and encrypts a {@value #PLAINTEXT_BYTES}-byte
 * plaintext with a {@value #INFO_BYTES}-byte info and empty aad; {@code open} decapsulates and
 * decrypts one precomputed (enc, ciphertext). Suites: DHKEM(X25519 | P-256, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM. Score: ns per seal or open.
 *
 * <p>gkm: {@code hpke().seal/open}. bc: Bouncy Castle's {@code org.bouncycastle.crypto.hpke.HPKE}
 * {@code seal/open} (its own internal SecureRandom for the ephemeral key). The JCA and ACCP have no
 * HPKE API in the JDK versions this project targets, so there are no sunjce or accp rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HpkeBenchmark {
    public static final int PLAINTEXT_BYTES = 32;
    public static final int INFO_BYTES = 16;

    @Param({"openssl", "java", "bc"})
    public String provider;

    @Param({"X25519", "P-256"})
    public String kem;

    private final byte[] plaintext = BenchSupport.testBytes(PLAINTEXT_BYTES, 31);
    private final byte[] info = BenchSupport.testBytes(INFO_BYTES, 32);
    private final byte[] aad = new byte[0];
    private byte[] enc;
    private byte[] ciphertext;

    private CryptoProvider gkm;
    private HpkeSuite gkmSuite;
    private KeyPair gkmRecipient;

    private HPKE bc;
    private AsymmetricCipherKeyPair bcRecipient;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean x25519 = switch (kem) {
            case "X25519" -> true;
            case "P-256" -> false;
            default -> throw new IllegalArgumentException("unknown kem " + kem);
        };
        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                gkmSuite = new HpkeSuite(
                        x25519 ? HpkeSuite.Kem.DHKEM_X25519_HKDF_SHA256 : HpkeSuite.Kem.DHKEM_P256_HKDF_SHA256,
                        HpkeSuite.Kdf.HKDF_SHA256, HpkeSuite.AeadId.AES_128_GCM);
                gkmRecipient = gkm.keys().generate(gkmSuite.kem().keyType());
                HpkeSealed s = (HpkeSealed) seal();
                enc = s.enc();
                ciphertext = s.ciphertext();
            }
            case "bc" -> {
                bc = new HPKE(HPKE.mode_base, x25519 ? HPKE.kem_X25519_SHA256 : HPKE.kem_P256_SHA256,
                        HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
                bcRecipient = bc.generatePrivateKey();
                byte[][] s = bc.seal(bcRecipient.getPublic(), info, aad, plaintext, null, null, null);
                ciphertext = s[0];
                enc = s[1];
            }
            default -> throw BenchSupport.unknown(provider);
        }
        if (!Arrays.equals(open(), plaintext)) {
            throw new IllegalStateException(provider + ": HPKE round trip failed");
        }
    }

    @Benchmark
    public Object seal() throws Exception {
        if (gkm != null) {
            return gkm.hpke().seal(gkmSuite, gkmRecipient.publicKey(), info, aad, plaintext);
        }
        return bc.seal(bcRecipient.getPublic(), info, aad, plaintext, null, null, null);
    }

    @Benchmark
    public byte[] open() throws Exception {
        if (gkm != null) {
            return gkm.hpke().open(gkmSuite, gkmRecipient.privateKey(), enc, info, aad, ciphertext);
        }
        return bc.open(enc, bcRecipient, info, aad, ciphertext, null, null, null);
    }
}
