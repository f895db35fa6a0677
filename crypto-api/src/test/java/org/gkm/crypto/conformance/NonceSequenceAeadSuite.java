package org.gkm.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyExhaustedException;
import org.gkm.crypto.NonceSequenceAead;
import org.gkm.crypto.OpeningKey;
import org.gkm.crypto.SealingKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link NonceSequenceAead} against one provider: the documented derivation
 * (recomputed here from HKDF and the caller-nonce GCM), no (key, nonce) pair twice across sealing
 * keys that share master key and context (a restarted sender), the counter limit, and typed
 * rejection of every wrong input. Subclasses name the provider.
 */
public abstract class NonceSequenceAeadSuite {
    private static final byte[] CONTEXT = "suite context".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "gkm nonce-sequence aead v1".getBytes(StandardCharsets.US_ASCII);

    /** The provider under test. */
    protected abstract CryptoProvider provider();

    private static SecretBytes master(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return SecretBytes.copyOf(b);
    }

    /** K of the class javadoc, computed independently of NonceSequenceAead. */
    private static byte[] expectedKey(CryptoProvider p, AeadAlgorithm alg, SecretBytes master, byte[] salt, byte[] context)
            throws Exception {
        byte[] info = new byte[LABEL.length + 2 + context.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        info[LABEL.length] = (byte) (alg.code() >>> 8);
        info[LABEL.length + 1] = (byte) alg.code();
        System.arraycopy(context, 0, info, LABEL.length + 2, context.length);
        return p.kdf().derive(salt, master.toByteArray(org.gkm.crypto.InsecureSecretAccess.get()), info, alg.keyLength());
    }

    private static byte[] expectedNonce(long number) {
        byte[] n = new byte[12];
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (number >>> (56 - 8 * i));
        }
        return n;
    }

    private static byte[] aadOf(long number) {
        return ("header " + number).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sealsUnderTheDocumentedKeyAndNonceAndOpensRoundTrip() throws Exception {
        CryptoProvider p = provider();
        for (AeadAlgorithm alg : AeadAlgorithm.values()) {
            SecretBytes master = master(32, 1);
            SealingKey sk = p.nonceSequenceAead().newSealingKey(alg, master, CONTEXT);
            assertEquals(NonceSequenceAead.SALT_LENGTH, sk.salt().length);
            OpeningKey ok = p.nonceSequenceAead().openingKey(alg, master, sk.salt(), CONTEXT);
            byte[] k = expectedKey(p, alg, master, sk.salt(), CONTEXT);
            for (int i = 0; i < 20; i++) {
                byte[] pt = new byte[i * 7];
                new Random(i).nextBytes(pt);
                assertEquals(i + 1, sk.nextNumber());
                SealingKey.Sealed s = sk.seal(pt, n -> aadOf(n));
                assertEquals(i + 1, s.number());
                assertEquals(pt.length + NonceSequenceAead.OVERHEAD, s.ciphertext().length);
                assertArrayEquals(pt, ok.open(s.number(), s.ciphertext(), aadOf(s.number())), alg + " #" + i);
                // The same message opens with the raw GCM under the documented K and nonce.
                assertArrayEquals(pt, InsecureNonceAesGcm.of(p).open(k, expectedNonce(s.number()), aadOf(s.number()), s.ciphertext()));
            }
            SealingKey.Sealed fixed = sk.seal(new byte[3], (byte[]) null);
            assertArrayEquals(new byte[3], ok.open(fixed.number(), fixed.ciphertext(), null));
            assertArrayEquals(new byte[3], ok.open(fixed.number(), fixed.ciphertext(), new byte[0]));
        }
    }

    @Test
    void restartedSealingKeysNeverRepeatAKeyNoncePair() throws Exception {
        CryptoProvider p = provider();
        SecretBytes master = master(32, 2);
        Set<String> pairs = new HashSet<>();
        Set<String> salts = new HashSet<>();
        int messages = 0;
        for (int restart = 0; restart < 5; restart++) {
            // Same master key and context each time: what a restarted sender presents.
            SealingKey sk = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
            assertTrue(salts.add(HexFormat.of().formatHex(sk.salt())), "salt repeated");
            byte[] k = expectedKey(p, AeadAlgorithm.AES_256_GCM, master, sk.salt(), CONTEXT);
            for (int i = 0; i < 200; i++) {
                SealingKey.Sealed s = sk.seal(new byte[] {(byte) restart, (byte) i}, aadOf(0));
                byte[] nonce = expectedNonce(s.number());
                // Check that (k, nonce) is really what sealed this message before counting it.
                assertArrayEquals(new byte[] {(byte) restart, (byte) i}, InsecureNonceAesGcm.of(p).open(k, nonce, aadOf(0), s.ciphertext()));
                pairs.add(HexFormat.of().formatHex(k) + "/" + HexFormat.of().formatHex(nonce));
                messages++;
            }
        }
        assertEquals(messages, pairs.size(), "a (key, nonce) pair was used twice");
    }

    @Test
    void everyWrongInputFailsToOpenTyped() throws Exception {
        CryptoProvider p = provider();
        NonceSequenceAead ns = p.nonceSequenceAead();
        SecretBytes master = master(32, 3);
        SealingKey sk = ns.newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
        sk.seal(new byte[1], (byte[]) null);
        SealingKey.Sealed s = sk.seal("message two".getBytes(StandardCharsets.US_ASCII), aadOf(2));
        byte[] ct = s.ciphertext();
        OpeningKey ok = ns.openingKey(AeadAlgorithm.AES_256_GCM, master, sk.salt(), CONTEXT);
        assertThrows(InvalidCiphertextException.class, () -> ok.open(1, ct, aadOf(2)), "wrong number");
        assertThrows(InvalidCiphertextException.class, () -> ok.open(2, ct, aadOf(1)), "wrong associated data");
        for (int i = 0; i < ct.length; i++) {
            byte[] t = ct.clone();
            t[i] ^= 1;
            assertThrows(InvalidCiphertextException.class, () -> ok.open(2, t, aadOf(2)), "byte " + i);
        }
        for (int len = 0; len < ct.length; len++) {
            byte[] t = Arrays.copyOf(ct, len);
            assertThrows(InvalidCiphertextException.class, () -> ok.open(2, t, aadOf(2)), "truncated to " + len);
        }
        byte[] salt = sk.salt();
        salt[0] ^= 1;
        OpeningKey wrongSalt = ns.openingKey(AeadAlgorithm.AES_256_GCM, master, salt, CONTEXT);
        assertThrows(InvalidCiphertextException.class, () -> wrongSalt.open(2, ct, aadOf(2)));
        OpeningKey wrongContext = ns.openingKey(AeadAlgorithm.AES_256_GCM, master, sk.salt(), "other".getBytes(StandardCharsets.US_ASCII));
        assertThrows(InvalidCiphertextException.class, () -> wrongContext.open(2, ct, aadOf(2)));
        OpeningKey wrongMaster = ns.openingKey(AeadAlgorithm.AES_256_GCM, master(32, 4), sk.salt(), CONTEXT);
        assertThrows(InvalidCiphertextException.class, () -> wrongMaster.open(2, ct, aadOf(2)));
        OpeningKey wrongAlg = ns.openingKey(AeadAlgorithm.AES_128_GCM, master, sk.salt(), CONTEXT);
        assertThrows(InvalidCiphertextException.class, () -> wrongAlg.open(2, ct, aadOf(2)));
        assertThrows(InvalidInputException.class, () -> ok.open(0, ct, aadOf(2)));
        assertThrows(InvalidInputException.class, () -> ok.open(NonceSequenceAead.MAX_MESSAGES + 1, ct, aadOf(2)));
        assertThrows(InvalidInputException.class, () -> ok.open(-1, ct, aadOf(2)));
        // After all that, the genuine message still opens.
        assertArrayEquals("message two".getBytes(StandardCharsets.US_ASCII), ok.open(2, ct, aadOf(2)));
    }

    @Test
    void theCounterStopsAtItsLimitAndNeverMovesBack() throws Exception {
        CryptoProvider p = provider();
        SecretBytes master = master(16, 5);
        SealingKey sk = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_128_GCM, master, CONTEXT);
        OpeningKey ok = p.nonceSequenceAead().openingKey(AeadAlgorithm.AES_128_GCM, master, sk.salt(), CONTEXT);
        sk.advanceTo(10);
        sk.advanceTo(5); // never back
        assertEquals(10, sk.nextNumber());
        assertEquals(10, sk.seal(new byte[1], (byte[]) null).number());
        assertThrows(IllegalArgumentException.class, () -> sk.advanceTo(0));
        assertThrows(IllegalArgumentException.class, () -> sk.advanceTo(NonceSequenceAead.MAX_MESSAGES + 2));
        sk.advanceTo(NonceSequenceAead.MAX_MESSAGES - 1);
        SealingKey.Sealed a = sk.seal(new byte[] {1}, (byte[]) null);
        SealingKey.Sealed b = sk.seal(new byte[] {2}, (byte[]) null);
        assertEquals(NonceSequenceAead.MAX_MESSAGES - 1, a.number());
        assertEquals(NonceSequenceAead.MAX_MESSAGES, b.number());
        assertArrayEquals(new byte[] {2}, ok.open(b.number(), b.ciphertext(), null));
        for (int i = 0; i < 3; i++) {
            assertThrows(KeyExhaustedException.class, () -> sk.seal(new byte[1], (byte[]) null));
        }
        assertEquals(NonceSequenceAead.MAX_MESSAGES + 1, sk.nextNumber());
        sk.advanceTo(3);
        assertThrows(KeyExhaustedException.class, () -> sk.seal(new byte[1], (byte[]) null));
    }

    @Test
    void concurrentSealsGetDistinctNumbers() throws Exception {
        CryptoProvider p = provider();
        SecretBytes master = master(32, 6);
        SealingKey sk = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
        OpeningKey ok = p.nonceSequenceAead().openingKey(AeadAlgorithm.AES_256_GCM, master, sk.salt(), CONTEXT);
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            byte[] pt = {(byte) t};
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        SealingKey.Sealed s = sk.seal(pt, n -> aadOf(n));
                        if (!numbers.add(s.number())) {
                            throw new AssertionError("number " + s.number() + " sealed twice");
                        }
                        assertArrayEquals(pt, ok.open(s.number(), s.ciphertext(), aadOf(s.number())));
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertNull(failure.get());
        assertEquals(2000, numbers.size());
        assertEquals(2001, sk.nextNumber());
    }

    @Test
    void destroyedKeysRefuseAndCopiesAreIndependent() throws Exception {
        CryptoProvider p = provider();
        SecretBytes master = master(32, 7);
        SealingKey sk = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
        OpeningKey ok = p.nonceSequenceAead().openingKey(AeadAlgorithm.AES_256_GCM, master, sk.salt(), CONTEXT);
        SealingKey.Sealed s = sk.seal(new byte[5], (byte[]) null);
        OpeningKey copy = ok.copy();
        ok.destroy();
        ok.destroy();
        assertThrows(IllegalStateException.class, () -> ok.open(s.number(), s.ciphertext(), null));
        assertThrows(IllegalStateException.class, ok::copy);
        assertArrayEquals(new byte[5], copy.open(s.number(), s.ciphertext(), null));
        sk.destroy();
        assertThrows(IllegalStateException.class, () -> sk.seal(new byte[1], (byte[]) null));
        assertFalse(sk.toString().contains(HexFormat.of().formatHex(expectedKey(p, AeadAlgorithm.AES_256_GCM, master, sk.salt(), CONTEXT))));
        // Two sealing keys under one master key differ: same plaintext, same number, other ciphertext.
        SealingKey x = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
        SealingKey y = p.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, CONTEXT);
        assertNotEquals(HexFormat.of().formatHex(x.seal(new byte[16], (byte[]) null).ciphertext()),
                HexFormat.of().formatHex(y.seal(new byte[16], (byte[]) null).ciphertext()));
    }
}
