package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HMAC under a MAC key value (the OpenSSL provider prepares the key's hash states once and keeps
 * them with the {@link SecretBytes}) against the one-shot MAC of the key's bytes, on both providers
 * and against SunJCE, for keys around the block size and messages of 0..300 bytes; a destroyed key
 * refuses later MACs and its native state is freed once; HKDF derive in one call against Bouncy
 * Castle's HKDF on both providers. Seeded (printed).
 */
class PreparedMacKdfTest {
    static final long SEED = Long.getLong("gkm.diff.seed", new SecureRandom().nextLong());
    static OpenSslProvider ssl;
    static PureJavaProvider java;
    static List<CryptoProvider> both;

    @BeforeAll
    static void providers() {
        System.out.println("PreparedMacKdfTest seed=" + SEED + " (rerun with -Dgkm.diff.seed=" + SEED + ")");
        ssl = new OpenSslProvider();
        java = new PureJavaProvider();
        both = List.of(CryptoProvider.of(ssl), CryptoProvider.of(java));
    }

    private static byte[] sunJce(byte[] key, byte[] m, int off, int len) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256", "SunJCE");
        // SecretKeySpec refuses the empty key; HMAC pads keys to the block with zeros, so it is {0}
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
        mac.update(m, off, len);
        return mac.doFinal();
    }

    @Test
    void preparedKeysGiveTheOneShotMacOnBothProviders() throws Exception {
        Random r = new Random(SEED);
        byte[] m = new byte[310];
        r.nextBytes(m);
        for (int keyLen : new int[] {0, 1, 31, 32, 63, 64, 65, 200}) {
            byte[] k = new byte[keyLen];
            r.nextBytes(k);
            SecretBytes key = SecretBytes.copyOf(k);
            for (int len = 0; len <= 300; len++) {
                int off = len % 7;
                byte[] ref = sunJce(k, m, off, len);
                String where = "key " + keyLen + " bytes, message " + len + " bytes";
                assertArrayEquals(ref, ssl.hmacSha256(k, Arrays.copyOfRange(m, off, off + len)), where);
                assertArrayEquals(ref, ssl.hmacSha256(k, m, off, len), where);
                for (CryptoProvider p : both) {
                    assertArrayEquals(ref, p.mac().compute(key, m, off, len), p + ": " + where);
                    if (off == 0) {
                        byte[] whole = Arrays.copyOf(m, len);
                        assertArrayEquals(ref, p.mac().compute(key, whole), p + ": " + where);
                        p.mac().verify(key, whole, ref);
                    }
                }
            }
        }
    }

    @Test
    void theOpenSslProviderPreparesAKeyOnceAndADestroyedFormIsRefused() throws Exception {
        byte[] k = new byte[40];
        new Random(SEED ^ 1).nextBytes(k);
        WatchedKeyMaterial key = new WatchedKeyMaterial(k);
        byte[] m = "group authentication".getBytes();
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(sunJce(k, m, 0, m.length), ssl.hmacSha256(key, m, 0, m.length));
        }
        assertEquals(1, key.parses.get(), "prepared once");
        NativeResource form = (NativeResource) key.form;
        form.destroy();
        assertThrows(IllegalStateException.class, () -> ssl.hmacSha256(key, m, 0, m.length));
        assertThrows(IllegalStateException.class, form::acquire);
        form.destroy(); // idempotent: the native state was freed once (NativeResourceTest counts frees)
    }

    @Test
    void aDestroyedMacKeyRefusesLaterMacsOnBothProviders() throws Exception {
        for (CryptoProvider p : both) {
            SecretBytes key = SecretBytes.copyOf(new byte[] {9, 8, 7});
            byte[] tag = p.mac().compute(key, new byte[5]);
            key.destroy();
            assertThrows(IllegalStateException.class, () -> p.mac().compute(key, new byte[5]), p.toString());
            assertThrows(IllegalStateException.class, () -> p.mac().verify(key, new byte[5], tag), p.toString());
        }
    }

    @Test
    void aKeyDestroyedWhileOtherThreadsMacEndsTheirUseCleanly() throws Exception {
        CryptoProvider p = CryptoProvider.of(ssl);
        for (int round = 0; round < 20; round++) {
            SecretBytes key = SecretBytes.copyOf(new byte[] {1, 2, 3, 4});
            byte[] m = new byte[64];
            byte[] ref = p.mac().compute(key, m);
            AtomicInteger wrong = new AtomicInteger();
            Thread[] ts = new Thread[4];
            for (int t = 0; t < ts.length; t++) {
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < 2000; i++) {
                        try {
                            if (!Arrays.equals(ref, p.mac().compute(key, m))) {
                                wrong.incrementAndGet();
                            }
                        } catch (IllegalStateException destroyed) {
                            return; // the only refusal allowed
                        }
                    }
                });
                ts[t].start();
            }
            key.destroy();
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(0, wrong.get(), "a MAC under a key being destroyed is the key's MAC or refused");
        }
    }

    @Test
    void deriveInOneCallMatchesBouncyCastleOnBothProviders() throws Exception {
        Random r = new Random(SEED ^ 2);
        for (int i = 0; i < 300; i++) {
            byte[] salt = i % 5 == 0 ? null : new byte[r.nextInt(80)];
            byte[] ikm = new byte[r.nextInt(200)];
            byte[] info = i % 7 == 0 ? null : new byte[r.nextInt(300)];
            int length = 1 + r.nextInt(i % 10 == 0 ? 8160 : 300);
            if (salt != null) {
                r.nextBytes(salt);
            }
            r.nextBytes(ikm);
            if (info != null) {
                r.nextBytes(info);
            }
            HKDFBytesGenerator bc = new HKDFBytesGenerator(new SHA256Digest());
            bc.init(new HKDFParameters(ikm, salt, info));
            byte[] ref = new byte[length];
            bc.generateBytes(ref, 0, length);
            for (CryptoProvider p : both) {
                assertArrayEquals(ref, p.kdf().derive(salt, ikm, info, length), p + ": case " + i);
            }
            assertArrayEquals(ref, ssl.hkdf(salt == null ? new byte[0] : salt, ikm, info == null ? new byte[0] : info,
                    length), "case " + i);
        }
    }
}
