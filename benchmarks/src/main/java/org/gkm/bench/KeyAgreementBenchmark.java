package org.gkm.bench;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.util.BigIntegers;
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
 * Diffie-Hellman: {@code agree} computes one 32-byte shared secret from a private key and a peer
 * public key, both decoded once in setup (gkm: {@code PrivateKey}/{@code PublicKey} objects; JCA:
 * key objects; BC: key parameters); {@code keygen} generates one key pair including its public
 * key. Score: ns per operation.
 *
 * <p>One nested benchmark class per curve, because the provider sets differ: ACCP 2.5.0 has no
 * XDH, so {@link X25519} has no accp row. Each carries a single-valued {@code curve} parameter so
 * results group by curve like the other families' parameters.
 *
 * <p>Baselines re-use one initialised engine: JCA {@code KeyAgreement} is initialised with the
 * private key once ({@code generateSecret} resets it for the next {@code doPhase}); BC's
 * agreement likewise. sunjce: SunEC "X25519" / "ECDH" and {@code KeyPairGenerator} "X25519" /
 * "EC"(secp256r1); bc: {@code X25519Agreement} / {@code ECDHBasicAgreement} over BC's custom
 * secp256r1 curve (the shared x coordinate converted to 32 bytes), {@code X25519KeyPairGenerator} /
 * {@code ECKeyPairGenerator}; accp: ACCP "ECDH" and "EC" key pair generator.
 */
public class KeyAgreementBenchmark {

    /** X25519 (RFC 7748). */
    public static class X25519 extends Base {
        @Param({"openssl", "java", "sunjce", "bc"})
        public String provider;

        @Param({"X25519"})
        public String curve;

        @Override
        String provider() {
            return provider;
        }

        @Override
        KeyType type() {
            return KeyType.X25519;
        }
    }

    /** P-256 ECDH (SEC1, x coordinate). */
    public static class P256 extends Base {
        @Param({"openssl", "java", "sunjce", "bc", "accp"})
        public String provider;

        @Param({"P-256"})
        public String curve;

        @Override
        String provider() {
            return provider;
        }

        @Override
        KeyType type() {
            return KeyType.P256;
        }
    }

    /**
     * X25519 public keys of {@code count} fixed private keys, as a hybrid-tree rekey needs them for
     * the key pairs it regenerates on a path: {@code oneByOne} calls
     * {@code keys().publicKey} per key (what the engine did per node), {@code batched} makes one
     * {@code keys().x25519PublicKeys} call for all of them (one libgkm_native downcall with the
     * OpenSSL provider). Score: ns per set of {@code count} keys; divide by count for ns per key.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public static class X25519PublicKeys {
        @Param({"openssl", "java"})
        public String provider;

        @Param({"10", "64", "1000"})
        public int count;

        private CryptoProvider gkm;
        private PrivateKey[] keys;
        private byte[] privateKeys;
        private byte[] publicKeys;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            gkm = BenchSupport.gkm(provider);
            privateKeys = new byte[32 * count];
            publicKeys = new byte[32 * count];
            gkm.random().fill(privateKeys);
            keys = new PrivateKey[count];
            for (int i = 0; i < count; i++) {
                keys[i] = PrivateKey.decode(KeyType.X25519, java.util.Arrays.copyOfRange(privateKeys, 32 * i, 32 * i + 32));
            }
            batched();
            if (!java.util.Arrays.equals(oneByOne().encoded(), 0, 32, publicKeys, 32 * count - 32, 32 * count)) {
                throw new IllegalStateException(provider + ": batch and single public keys differ");
            }
        }

        @Benchmark
        public PublicKey oneByOne() throws Exception {
            PublicKey last = null;
            for (PrivateKey k : keys) {
                last = gkm.keys().publicKey(k);
            }
            return last;
        }

        @Benchmark
        public byte[] batched() throws Exception {
            gkm.keys().x25519PublicKeys(privateKeys, 0, publicKeys, 0, count);
            return publicKeys;
        }
    }

    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
    public abstract static class Base {
        abstract String provider();

        abstract KeyType type();

        private CryptoProvider gkm;
        private PrivateKey gkmPrivate;
        private PublicKey gkmPeer;

        private javax.crypto.KeyAgreement jcaAgreement;
        private java.security.PublicKey jcaPeer;
        private KeyPairGenerator jcaGenerator;

        private X25519Agreement bcX25519;
        private ECDHBasicAgreement bcEcdh;
        private AsymmetricKeyParameter bcPeer;
        private X25519KeyPairGenerator bcX25519Generator;
        private ECKeyPairGenerator bcEcGenerator;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            String p = provider();
            boolean x25519 = type() == KeyType.X25519;
            switch (p) {
                case "openssl", "java" -> {
                    gkm = BenchSupport.gkm(p);
                    gkmPrivate = gkm.keys().generate(type()).privateKey();
                    gkmPeer = gkm.keys().generate(type()).publicKey();
                }
                case "sunjce", "accp" -> {
                    Provider jp = p.equals("accp") ? BenchSupport.accp() : BenchSupport.sunEc();
                    SecureRandom rng = BenchSupport.baselineRandom(p);
                    jcaGenerator = KeyPairGenerator.getInstance(x25519 ? "X25519" : "EC", jp);
                    jcaGenerator.initialize(x25519 ? NamedParameterSpec.X25519 : new ECGenParameterSpec("secp256r1"), rng);
                    jcaAgreement = javax.crypto.KeyAgreement.getInstance(x25519 ? "X25519" : "ECDH", jp);
                    jcaAgreement.init(jcaGenerator.generateKeyPair().getPrivate());
                    jcaPeer = jcaGenerator.generateKeyPair().getPublic();
                }
                case "bc" -> {
                    SecureRandom rng = BenchSupport.baselineRandom(p);
                    if (x25519) {
                        bcX25519Generator = new X25519KeyPairGenerator();
                        bcX25519Generator.init(new X25519KeyGenerationParameters(rng));
                        bcX25519 = new X25519Agreement();
                        bcX25519.init(bcX25519Generator.generateKeyPair().getPrivate());
                        bcPeer = bcX25519Generator.generateKeyPair().getPublic();
                    } else {
                        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
                        ECDomainParameters domain = new ECDomainParameters(x9);
                        bcEcGenerator = new ECKeyPairGenerator();
                        bcEcGenerator.init(new ECKeyGenerationParameters(domain, rng));
                        bcEcdh = new ECDHBasicAgreement();
                        bcEcdh.init(bcEcGenerator.generateKeyPair().getPrivate());
                        bcPeer = bcEcGenerator.generateKeyPair().getPublic();
                    }
                }
                default -> throw BenchSupport.unknown(p);
            }
            if (agree().length != 32) {
                throw new IllegalStateException(p + ": shared secret is not 32 bytes");
            }
        }

        @Benchmark
        public byte[] agree() throws Exception {
            if (gkm != null) {
                return gkm.keyAgreement().agree(gkmPrivate, gkmPeer);
            }
            if (jcaAgreement != null) {
                jcaAgreement.doPhase(jcaPeer, true);
                return jcaAgreement.generateSecret();
            }
            if (bcX25519 != null) {
                byte[] out = new byte[32];
                bcX25519.calculateAgreement((X25519PublicKeyParameters) bcPeer, out, 0);
                return out;
            }
            BigInteger z = bcEcdh.calculateAgreement(bcPeer);
            return BigIntegers.asUnsignedByteArray(32, z);
        }

        @Benchmark
        public Object keygen() {
            if (gkm != null) {
                return gkm.keys().generate(type());
            }
            if (jcaGenerator != null) {
                return jcaGenerator.generateKeyPair();
            }
            AsymmetricCipherKeyPair kp = bcX25519Generator != null
                    ? bcX25519Generator.generateKeyPair()
                    : bcEcGenerator.generateKeyPair();
            return kp;
        }
    }
}
