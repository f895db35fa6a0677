package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL provider's operations on key values (EVP_PKEY imported once and kept with the key)
 * against the same operations on the encodings and against the pure-Java provider: same bytes,
 * same rejections, on keys reused across many calls; and a destroyed key is refused, also while
 * other threads are using it. Seeded (printed).
 */
class KeyValueFormsTest {
    static final long SEED = Long.getLong("gkm.diff.seed", new SecureRandom().nextLong());
    static final int ROUNDS = 40;
    static OpenSslProvider ssl;
    static CryptoProvider O;
    static CryptoProvider J;
    static final InsecureSecretAccess ACCESS = InsecureSecretAccess.get();

    @BeforeAll
    static void providers() {
        System.out.println("KeyValueFormsTest seed=" + SEED + " (rerun with -Dgkm.diff.seed=" + SEED + ")");
        ssl = new OpenSslProvider();
        O = CryptoProvider.of(ssl);
        J = CryptoProvider.of(new PureJavaProvider());
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void ed25519OnKeyValuesMatchesTheEncodingsAndThePureJavaProvider() throws Exception {
        Random r = new Random(SEED ^ 1);
        KeyPair kp = J.keys().generate(KeyType.ED25519);
        byte[] sk = kp.privateKey().encoded(ACCESS);
        byte[] pk = kp.publicKey().encoded();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] m = bytes(r, r.nextInt(200));
            byte[] sig = O.signer().sign(SignatureAlgorithm.ED25519, kp.privateKey(), m);
            assertArrayEquals(ssl.ed25519Sign(sk, m), sig, "case " + i);
            assertArrayEquals(J.signer().sign(SignatureAlgorithm.ED25519, kp.privateKey(), m), sig, "case " + i);
            O.verifier().verify(SignatureAlgorithm.ED25519, kp.publicKey(), m, sig);
            byte[] bad = sig.clone();
            bad[r.nextInt(64)] ^= (byte) (1 << r.nextInt(8));
            assertThrows(InvalidSignatureException.class,
                    () -> O.verifier().verify(SignatureAlgorithm.ED25519, kp.publicKey(), m, bad));
            assertFalse(ssl.ed25519Verify(pk, m, bad));
            assertThrows(InvalidSignatureException.class,
                    () -> J.verifier().verify(SignatureAlgorithm.ED25519, kp.publicKey(), m, bad));
        }
    }

    /**
     * Ed25519 public keys are any 32 bytes: a key value decodes its point once (or finds there is
     * none) and must give, on every later call, the verdict the encoding gives per call, for small-order,
     * non-canonical and undecodable encodings too; and both providers refuse the small-order and
     * non-canonical ones, under which OpenSSL 3.0 itself accepts a signature of any message (the
     * identity: R the identity, S = 0).
     */
    @Test
    void ed25519KeyValuesOfOddEncodingsGiveTheVerdictsOfTheBytes() throws Exception {
        Random r = new Random(SEED ^ 7);
        java.util.HexFormat hex = java.util.HexFormat.of();
        byte[] identity = hex.parseHex("0100000000000000000000000000000000000000000000000000000000000000");
        KeyPair signer = J.keys().generate(KeyType.ED25519);
        java.util.List<byte[]> encodings = new java.util.ArrayList<>(java.util.List.of(identity,
                hex.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // order 2 (y = -1)
                hex.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // y = p
                hex.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"), // y = p + 1, sign set
                signer.publicKey().encoded()));
        for (int i = 0; i < 24; i++) {
            encodings.add(bytes(r, 32)); // about half encode no point
        }
        for (int i = 0; i < 4; i++) {
            byte[] universal = new byte[64];
            System.arraycopy(identity, 0, universal, 0, 32);
            assertFalse(ssl.ed25519Verify(encodings.get(i), bytes(r, 20), universal), hex.formatHex(encodings.get(i)));
        }
        int valid = 0;
        int invalid = 0;
        for (byte[] enc : encodings) {
            PublicKey key = PublicKey.decode(KeyType.ED25519, enc);
            for (int i = 0; i < 6; i++) {
                byte[] m = bytes(r, r.nextInt(100));
                byte[] sig = bytes(r, 64);
                sig[63] &= 0x0f; // S < L mostly
                if (i == 0) { // the identity key's universal signature: [0]B - [k]O is the identity
                    System.arraycopy(identity, 0, sig, 0, 32);
                    java.util.Arrays.fill(sig, 32, 64, (byte) 0);
                } else if (i == 1) { // valid under the signer's key only
                    sig = J.signer().sign(SignatureAlgorithm.ED25519, signer.privateKey(), m);
                }
                boolean expected = ssl.ed25519Verify(enc, m, sig);
                assertEquals(expected, verifies(O, key, m, sig), "openssl key value, " + hex.formatHex(enc));
                assertEquals(new PureJavaProvider().ed25519Verify(enc, m, sig), verifies(J, key, m, sig),
                        "pure-Java key value, " + hex.formatHex(enc));
                assertEquals(expected, verifies(J, key, m, sig), "pure-Java provider, " + hex.formatHex(enc));
                if (expected) {
                    valid++;
                } else {
                    invalid++;
                }
            }
        }
        assertTrue(valid > 0 && invalid > 0, "valid " + valid + ", invalid " + invalid);
    }

    private static boolean verifies(CryptoProvider p, PublicKey key, byte[] m, byte[] sig) throws Exception {
        try {
            p.verifier().verify(SignatureAlgorithm.ED25519, key, m, sig);
            return true;
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    @Test
    void ecdsaOnKeyValuesVerifiesAcrossFormsAndProviders() throws Exception {
        Random r = new Random(SEED ^ 2);
        KeyPair kp = J.keys().generate(KeyType.P256);
        byte[] pk = kp.publicKey().encoded();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] m = bytes(r, r.nextInt(200));
            byte[] sig = O.signer().sign(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, kp.privateKey(), m);
            assertTrue(ssl.ecdsaP256Verify(pk, m, sig), "case " + i);
            J.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, kp.publicKey(), m, sig);
            O.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, kp.publicKey(), m,
                    J.signer().sign(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, kp.privateKey(), m));
            byte[] other = m.clone();
            if (other.length == 0) {
                other = new byte[] {1};
            } else {
                other[0] ^= 1;
            }
            byte[] o = other;
            assertThrows(InvalidSignatureException.class,
                    () -> O.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, kp.publicKey(), o, sig));
            assertFalse(ssl.ecdsaP256Verify(pk, other, sig));
        }
    }

    @Test
    void keyAgreementOnKeyValuesMatchesTheEncodingsAndThePureJavaProvider() throws Exception {
        for (KeyType type : new KeyType[] {KeyType.X25519, KeyType.P256}) {
            KeyPair a = J.keys().generate(type);
            for (int i = 0; i < ROUNDS / 4; i++) {
                KeyPair b = J.keys().generate(type);
                byte[] shared = O.keyAgreement().agree(a.privateKey(), b.publicKey());
                byte[] sk = a.privateKey().encoded(ACCESS);
                byte[] viaBytes = type == KeyType.X25519 ? ssl.x25519(sk, b.publicKey().encoded())
                        : ssl.p256Ecdh(sk, b.publicKey().encoded());
                assertArrayEquals(viaBytes, shared, type + " case " + i);
                assertArrayEquals(J.keyAgreement().agree(a.privateKey(), b.publicKey()), shared, type + " case " + i);
                assertArrayEquals(shared, O.keyAgreement().agree(b.privateKey(), a.publicKey()), type + " case " + i);
            }
        }
    }

    @Test
    void rsaOaepOnKeyValuesRoundTripsAcrossFormsAndProviders() throws Exception {
        Random r = new Random(SEED ^ 3);
        KeyPair kp = O.keys().generate(KeyType.RSA_2048);
        byte[] sk = kp.privateKey().encoded(ACCESS);
        for (int i = 0; i < 8; i++) {
            byte[] m = bytes(r, 1 + r.nextInt(100));
            byte[] label = bytes(r, r.nextInt(20));
            byte[] c = O.keyTransport().encrypt(kp.publicKey(), m, label);
            assertArrayEquals(m, ssl.rsaOaepDecrypt(sk, c, label), "case " + i);
            assertArrayEquals(m, J.keyTransport().decrypt(kp.privateKey(), c, label), "case " + i);
            assertArrayEquals(m, O.keyTransport().decrypt(kp.privateKey(), J.keyTransport().encrypt(kp.publicKey(), m, label), label));
            byte[] bad = c.clone();
            bad[r.nextInt(bad.length)] ^= 1;
            String viaValue = outcome(() -> O.keyTransport().decrypt(kp.privateKey(), bad, label));
            String viaBytes = outcome(() -> ssl.rsaOaepDecrypt(sk, bad, label));
            assertEquals(viaBytes, viaValue, "case " + i);
            assertEquals("InvalidCiphertextException", viaValue, "case " + i);
        }
    }

    interface Op {
        Object run() throws Exception;
    }

    private static String outcome(Op op) {
        try {
            op.run();
            return "ok";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void aDestroyedKeyIsRefusedAndItsNativeFormIsNotUsedAgain() throws Exception {
        for (KeyType type : new KeyType[] {KeyType.ED25519, KeyType.P256}) {
            SignatureAlgorithm alg = type == KeyType.ED25519 ? SignatureAlgorithm.ED25519
                    : SignatureAlgorithm.ECDSA_P256_SHA256_P1363;
            KeyPair kp = O.keys().generate(type);
            O.signer().sign(alg, kp.privateKey(), new byte[] {1}); // imports and keeps the EVP_PKEY
            kp.privateKey().destroy();
            assertThrows(IllegalStateException.class, () -> O.signer().sign(alg, kp.privateKey(), new byte[] {1}));
        }
    }

    @Test
    void destroyingAKeyWhileOtherThreadsSignWithItEndsTheirUseCleanly() throws Exception {
        for (int round = 0; round < 20; round++) {
            KeyPair kp = O.keys().generate(KeyType.ED25519);
            PrivateKey key = kp.privateKey();
            PublicKey pub = kp.publicKey();
            int threads = 3;
            CountDownLatch started = new CountDownLatch(threads);
            CountDownLatch done = new CountDownLatch(threads);
            AtomicInteger signed = new AtomicInteger();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            for (int t = 0; t < threads; t++) {
                Thread th = new Thread(() -> {
                    started.countDown();
                    try {
                        for (int i = 0; i < 1000; i++) {
                            byte[] m = {(byte) i};
                            byte[] sig = O.signer().sign(SignatureAlgorithm.ED25519, key, m);
                            O.verifier().verify(SignatureAlgorithm.ED25519, pub, m, sig);
                            signed.incrementAndGet();
                        }
                    } catch (IllegalStateException destroyed) {
                        // the key was destroyed: refused, as it must be
                    } catch (Throwable e) {
                        unexpected.set(e);
                    } finally {
                        done.countDown();
                    }
                });
                th.start();
            }
            started.await();
            Thread.sleep(2);
            key.destroy();
            assertTrue(done.await(60, TimeUnit.SECONDS));
            assertEquals(null, unexpected.get(), "round " + round);
        }
    }
}
