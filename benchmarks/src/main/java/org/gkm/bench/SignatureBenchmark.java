package org.gkm.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.BigIntegers;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
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
 * Signing and verification of a {@value #MESSAGE_BYTES}-byte message: Ed25519 (pure, RFC 8032) and
 * ECDSA P-256 with SHA-256, signature as 64-byte r || s (IEEE P1363; gkm's
 * {@code ECDSA_P256_SHA256_P1363}). Score: ns per signature or verification. {@code verify}
 * checks one precomputed valid signature.
 *
 * <p>Keys are generated once per trial by each implementation's own generator. gkm takes the
 * private or public key on every call; the baselines initialise one engine per direction once and
 * then only update and sign/verify (JCA {@code Signature} and BC signers reset to their initialised
 * state after each signature). sunjce: SunEC "Ed25519" / "SHA256withECDSAinP1363Format"; accp:
 * ACCP's same-named algorithms; bc: {@code Ed25519Signer} and {@code ECDSASigner} (random k, BC's
 * custom secp256r1 curve, SHA-256 computed per message, r and s encoded to / decoded from 64 bytes
 * so the output matches the others).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SignatureBenchmark {
    public static final int MESSAGE_BYTES = 64;

    @Param({"openssl", "java", "sunjce", "bc", "accp"})
    public String provider;

    @Param({"Ed25519", "ECDSA-P256"})
    public String alg;

    private final byte[] message = BenchSupport.testBytes(MESSAGE_BYTES, 7);
    private byte[] signature;

    private CryptoProvider gkm;
    private SignatureAlgorithm gkmAlg;
    private PrivateKey gkmPrivate;
    private PublicKey gkmPublic;

    private Signature jcaSigner;
    private Signature jcaVerifier;

    private Ed25519Signer bcEdSigner;
    private Ed25519Signer bcEdVerifier;
    private ECDSASigner bcEcdsaSigner;
    private ECDSASigner bcEcdsaVerifier;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        boolean ed = switch (alg) {
            case "Ed25519" -> true;
            case "ECDSA-P256" -> false;
            default -> throw new IllegalArgumentException("unknown alg " + alg);
        };
        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                gkmAlg = ed ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.ECDSA_P256_SHA256_P1363;
                org.gkm.crypto.KeyPair kp = gkm.keys().generate(ed ? KeyType.ED25519 : KeyType.P256);
                gkmPrivate = kp.privateKey();
                gkmPublic = kp.publicKey();
            }
            case "sunjce", "accp" -> {
                Provider p = provider.equals("accp") ? BenchSupport.accp() : BenchSupport.sunEc();
                SecureRandom rng = BenchSupport.baselineRandom(provider);
                KeyPairGenerator g = KeyPairGenerator.getInstance(ed ? "Ed25519" : "EC", p);
                if (!ed) {
                    g.initialize(new ECGenParameterSpec("secp256r1"), rng);
                }
                KeyPair kp = g.generateKeyPair();
                String name = ed ? "Ed25519" : "SHA256withECDSAinP1363Format";
                jcaSigner = Signature.getInstance(name, p);
                jcaSigner.initSign(kp.getPrivate(), rng);
                jcaVerifier = Signature.getInstance(name, p);
                jcaVerifier.initVerify(kp.getPublic());
            }
            case "bc" -> {
                SecureRandom rng = BenchSupport.baselineRandom(provider);
                AsymmetricCipherKeyPair kp;
                if (ed) {
                    Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
                    g.init(new Ed25519KeyGenerationParameters(rng));
                    kp = g.generateKeyPair();
                    bcEdSigner = new Ed25519Signer();
                    bcEdSigner.init(true, kp.getPrivate());
                    bcEdVerifier = new Ed25519Signer();
                    bcEdVerifier.init(false, kp.getPublic());
                } else {
                    ECKeyPairGenerator g = new ECKeyPairGenerator();
                    g.init(new ECKeyGenerationParameters(
                            new ECDomainParameters(CustomNamedCurves.getByName("secp256r1")), rng));
                    kp = g.generateKeyPair();
                    bcEcdsaSigner = new ECDSASigner();
                    bcEcdsaSigner.init(true, new ParametersWithRandom(kp.getPrivate(), rng));
                    bcEcdsaVerifier = new ECDSASigner();
                    bcEcdsaVerifier.init(false, kp.getPublic());
                }
            }
            default -> throw BenchSupport.unknown(provider);
        }
        signature = sign();
        if (signature.length != 64 || !verify()) {
            throw new IllegalStateException(provider + " " + alg + ": own signature does not verify");
        }
    }

    @Benchmark
    public byte[] sign() throws Exception {
        if (gkm != null) {
            return gkm.signer().sign(gkmAlg, gkmPrivate, message);
        }
        if (jcaSigner != null) {
            jcaSigner.update(message);
            return jcaSigner.sign();
        }
        if (bcEdSigner != null) {
            bcEdSigner.update(message, 0, message.length);
            return bcEdSigner.generateSignature();
        }
        BigInteger[] rs = bcEcdsaSigner.generateSignature(sha256(message));
        byte[] out = new byte[64];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], out, 32, 32);
        return out;
    }

    @Benchmark
    public boolean verify() throws Exception {
        if (gkm != null) {
            gkm.verifier().verify(gkmAlg, gkmPublic, message, signature); // throws if invalid
            return true;
        }
        if (jcaVerifier != null) {
            jcaVerifier.update(message);
            return jcaVerifier.verify(signature);
        }
        if (bcEdVerifier != null) {
            bcEdVerifier.update(message, 0, message.length);
            return bcEdVerifier.verifySignature(signature);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return bcEcdsaVerifier.verifySignature(sha256(message), r, s);
    }

    private static byte[] sha256(byte[] m) {
        SHA256Digest d = new SHA256Digest();
        d.update(m, 0, m.length);
        byte[] h = new byte[32];
        d.doFinal(h, 0);
        return h;
    }
}
