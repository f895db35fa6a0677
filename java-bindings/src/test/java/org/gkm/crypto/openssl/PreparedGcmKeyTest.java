package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AES-GCM under an AEAD key value (the OpenSSL provider prepares the key once, a pool of keyed
 * contexts in libgkm_native, and keeps it with the {@link SecretBytes}): one key used by several
 * threads at once on both providers, each message opened by the other provider too; a forgery
 * refused and the key still working; a destroyed key refusing later use, idle or while other
 * threads use it; the key-value form against the byte[] form on random messages and nonces of
 * every length (12 bytes prepared, the others on the key's bytes), also opening a range of a larger
 * array in place. Seeded (printed).
 */
class PreparedGcmKeyTest {
    static final long SEED = Long.getLong("gkm.diff.seed", new SecureRandom().nextLong());
    static OpenSslProvider ssl;
    static PureJavaProvider java;
    static List<CryptoProvider> both;

    @BeforeAll
    static void providers() {
        System.out.println("PreparedGcmKeyTest seed=" + SEED + " (rerun with -Dgkm.diff.seed=" + SEED + ")");
        ssl = new OpenSslProvider();
        java = new PureJavaProvider();
        both = List.of(CryptoProvider.of(ssl), CryptoProvider.of(java));
    }

    private static SecretBytes key(Random r, AeadAlgorithm alg) {
        byte[] k = new byte[alg.keyLength()];
        r.nextBytes(k);
        return SecretBytes.copyOf(k);
    }

    @Test
    void oneKeyUsedByManyThreadsAtOnceOnBothProviders() throws Exception {
        for (AeadAlgorithm alg : AeadAlgorithm.values()) {
            SecretBytes key = key(new Random(SEED), alg);
            for (CryptoProvider p : both) {
                CryptoProvider other = p == both.get(0) ? both.get(1) : both.get(0);
                AtomicInteger wrong = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                Thread[] ts = new Thread[6];
                for (int t = 0; t < ts.length; t++) {
                    final long seed = SEED ^ (t + 1);
                    ts[t] = new Thread(() -> {
                        Random r = new Random(seed);
                        try {
                            for (int i = 0; i < 400; i++) {
                                byte[] m = new byte[r.nextInt(300)];
                                byte[] aad = new byte[r.nextInt(40)];
                                r.nextBytes(m);
                                r.nextBytes(aad);
                                byte[] c = p.aead().encrypt(alg, key, m, aad);
                                if (!Arrays.equals(m, p.aead().decrypt(alg, key, c, aad))
                                        || !Arrays.equals(m, other.aead().decrypt(alg, key, c, aad))) {
                                    wrong.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    });
                    ts[t].start();
                }
                for (Thread t : ts) {
                    t.join();
                }
                assertEquals(0, failed.get(), p + " " + alg + ": threads that threw");
                assertEquals(0, wrong.get(), p + " " + alg + ": wrong plaintexts");
            }
            key.destroy();
        }
    }

    @Test
    void aForgeryIsRefusedAndTheKeyStillWorks() throws Exception {
        Random r = new Random(SEED ^ 7);
        for (CryptoProvider p : both) {
            SecretBytes key = key(r, AeadAlgorithm.AES_256_GCM);
            byte[] m = new byte[100];
            byte[] aad = {1, 2, 3};
            r.nextBytes(m);
            for (int i = 0; i < 50; i++) {
                byte[] c = p.aead().encrypt(AeadAlgorithm.AES_256_GCM, key, m, aad);
                byte[] forged = c.clone();
                forged[r.nextInt(forged.length)] ^= (byte) (1 << r.nextInt(8));
                assertThrows(InvalidCiphertextException.class,
                        () -> p.aead().decrypt(AeadAlgorithm.AES_256_GCM, key, forged, aad), p.toString());
                assertThrows(InvalidCiphertextException.class,
                        () -> p.aead().decrypt(AeadAlgorithm.AES_256_GCM, key, c, new byte[] {1, 2, 4}), p.toString());
                assertArrayEquals(m, p.aead().decrypt(AeadAlgorithm.AES_256_GCM, key, c, aad), p.toString());
            }
            key.destroy();
        }
    }

    @Test
    void aDestroyedKeyRefusesLaterUseOnBothProviders() throws Exception {
        for (CryptoProvider p : both) {
            SecretBytes key = SecretBytes.copyOf(new byte[16]);
            byte[] c = p.aead().encrypt(AeadAlgorithm.AES_128_GCM, key, new byte[5], null);
            key.destroy(); // idle: no call is using it
            assertThrows(IllegalStateException.class,
                    () -> p.aead().encrypt(AeadAlgorithm.AES_128_GCM, key, new byte[5], null), p.toString());
            assertThrows(IllegalStateException.class,
                    () -> p.aead().decrypt(AeadAlgorithm.AES_128_GCM, key, c, null), p.toString());
            key.destroy(); // idempotent
        }
    }

    @Test
    void aKeyDestroyedWhileOtherThreadsUseItEndsTheirUseCleanly() throws Exception {
        CryptoProvider p = CryptoProvider.of(ssl);
        for (int round = 0; round < 20; round++) {
            SecretBytes key = SecretBytes.copyOf(new byte[32]);
            byte[] m = new byte[64];
            byte[] c = p.aead().encrypt(AeadAlgorithm.AES_256_GCM, key, m, null);
            AtomicInteger wrong = new AtomicInteger();
            Thread[] ts = new Thread[4];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < 2000; i++) {
                        try {
                            if (!Arrays.equals(m, p.aead().decrypt(AeadAlgorithm.AES_256_GCM, key, c, null))) {
                                wrong.incrementAndGet();
                            }
                        } catch (IllegalStateException destroyed) {
                            return; // the only refusal allowed
                        } catch (InvalidCiphertextException | InvalidKeyException e) {
                            wrong.incrementAndGet();
                        }
                    }
                });
                ts[t].start();
            }
            key.destroy();
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(0, wrong.get(), "a decryption under a key being destroyed is the plaintext or refused");
        }
    }

    @Test
    void theKeyValueFormGivesTheByteFormOnEveryNonceLengthAndIsPreparedOnce() throws Exception {
        Random r = new Random(SEED ^ 3);
        for (int keyLen : new int[] {16, 24, 32}) {
            byte[] k = new byte[keyLen];
            r.nextBytes(k);
            WatchedKeyMaterial key = new WatchedKeyMaterial(k);
            for (int i = 0; i < 300; i++) {
                byte[] nonce = new byte[i % 4 == 0 ? 1 + r.nextInt(200) : 12];
                byte[] aad = new byte[r.nextInt(50)];
                byte[] m = new byte[i == 0 ? 7000 : r.nextInt(400)];
                r.nextBytes(nonce);
                r.nextBytes(aad);
                r.nextBytes(m);
                byte[] c = ssl.gcmSeal(k, nonce, aad, m);
                String where = keyLen + "-byte key, " + nonce.length + "-byte nonce, message " + m.length;
                assertArrayEquals(c, ssl.gcmSeal(key, nonce, aad, m), where);
                assertArrayEquals(c, java.gcmSeal(key, nonce, aad, m), where);
                assertArrayEquals(m, ssl.gcmOpen(key, nonce, aad, c), where);
                byte[] framed = new byte[c.length + 20];
                int off = r.nextInt(21);
                System.arraycopy(c, 0, framed, off, c.length);
                assertArrayEquals(m, ssl.gcmOpen(key, nonce, aad, framed, off, c.length), where + " (in place)");
                c[r.nextInt(c.length)] ^= 1;
                assertThrows(InvalidCiphertextException.class, () -> ssl.gcmOpen(key, nonce, aad, c), where);
                System.arraycopy(c, 0, framed, off, c.length);
                assertThrows(InvalidCiphertextException.class,
                        () -> ssl.gcmOpen(key, nonce, aad, framed, off, c.length), where + " (in place)");
            }
            assertEquals(1, key.parses.get(), "prepared once");
            NativeResource form = (NativeResource) key.form;
            form.destroy();
            assertThrows(IllegalStateException.class, () -> ssl.gcmSeal(key, new byte[12], new byte[0], new byte[1]));
            assertThrows(IllegalStateException.class, form::acquire);
        }
        // wrong key lengths and short ciphertexts: the same refusals as the byte[] form
        WatchedKeyMaterial bad = new WatchedKeyMaterial(new byte[20]);
        assertThrows(IllegalArgumentException.class, () -> ssl.gcmSeal(new byte[20], new byte[12], new byte[0], new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> ssl.gcmSeal(bad, new byte[12], new byte[0], new byte[1]));
        WatchedKeyMaterial ok = new WatchedKeyMaterial(new byte[16]);
        assertThrows(InvalidCiphertextException.class, () -> ssl.gcmOpen(ok, new byte[12], new byte[0], new byte[15]));
    }
}
