package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.gkm.crypto.InvalidCiphertextException;
import org.junit.jupiter.api.Test;

/**
 * AES-GCM on many threads at once, each with its own keys of every size and nonces of assorted
 * lengths (12, 1..128 and beyond EVP's 128 bytes), every result checked against SunJCE: libgkm_native
 * shares one fetched implementation between threads, and no call may see another's key or state,
 * or what a thread's previous call left. Seeded (printed).
 */
class GcmThreadsTest {
    static final long SEED = Long.getLong("gkm.diff.seed", new SecureRandom().nextLong());

    private static byte[] sunJce(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(in);
    }

    @Test
    void manyThreadsManyKeysEveryResultChecked() throws Exception {
        System.out.println("GcmThreadsTest seed=" + SEED + " (rerun with -Dgkm.diff.seed=" + SEED + ")");
        OpenSslProvider ssl = new OpenSslProvider();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = SEED + t;
                done.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    int n = 0;
                    for (int i = 0; i < 400; i++) {
                        byte[] key = new byte[16 + 8 * r.nextInt(3)];
                        int nonceLen = switch (i % 4) {
                            case 0, 1 -> 12;
                            case 2 -> 1 + r.nextInt(128);
                            default -> 129 + r.nextInt(100);
                        };
                        byte[] nonce = new byte[nonceLen];
                        byte[] aad = new byte[r.nextInt(40)];
                        byte[] pt = new byte[r.nextInt(1100)];
                        r.nextBytes(key);
                        r.nextBytes(nonce);
                        r.nextBytes(aad);
                        r.nextBytes(pt);
                        byte[] sealed = ssl.gcmSeal(key, nonce, aad, pt);
                        assertArrayEquals(sunJce(Cipher.ENCRYPT_MODE, key, nonce, aad, pt), sealed);
                        assertArrayEquals(pt, ssl.gcmOpen(key, nonce, aad, sealed));
                        sealed[r.nextInt(sealed.length)] ^= (byte) (1 << r.nextInt(8));
                        assertThrows(InvalidCiphertextException.class, () -> ssl.gcmOpen(key, nonce, aad, sealed));
                        n++;
                    }
                    return n;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(400, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shortLivedThreadsEachGetAWorkingContext() throws Exception {
        OpenSslProvider ssl = new OpenSslProvider();
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        byte[] ref = sunJce(Cipher.ENCRYPT_MODE, key, nonce, new byte[0], new byte[33]);
        for (int i = 0; i < 200; i++) {
            byte[][] got = new byte[1][];
            Thread t = new Thread(() -> got[0] = ssl.gcmSeal(key, nonce, new byte[0], new byte[33]));
            t.start();
            t.join();
            assertArrayEquals(ref, got[0], "thread " + i);
        }
    }
}
