package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.Test;

/**
 * One shared CryptoProvider per provider, 8 threads x 100,000 mixed operations each (property
 * {@code gkm.concurrency.ops}). Every thread folds its results (outputs, or exception class names)
 * into a SHA-256 digest; the digests must equal those of the same operation sequences run one after
 * another on a single thread, and (all operations being deterministic) the digests of the two
 * providers must be equal too.
 *
 * <p>Mix per thread (each op drawn from the thread's seeded stream): HMAC 30%, HKDF 20%, AES-GCM
 * seal with a fixed nonce + open 20% (one in 16 with a tampered tag), AES-KW/KWP wrap + unwrap 18%,
 * 4-job batch unwrap 10% (one job in 8 corrupted), X25519 1% and Ed25519 sign 1%. The asymmetric
 * share is kept small so that a provider's run stays well under a minute on 2 cores.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int OPS = Integer.getInteger("gkm.concurrency.ops", 100_000);
    private static final long SEED = Long.getLong("gkm.concurrency.seed", 0x5eedL);
    private static final int[] KEK16 = {0, 1, 2, 9, 10, 11};
    private static final byte[] FIXED_NONCE = HexFormat.of().parseHex("000102030405060708090a0b");

    /** Fixed key material shared by all threads (read-only). */
    static final class Pool {
        final byte[][] keys = new byte[16][];
        final byte[][] keks = new byte[16][];
        final byte[][] kwKeys = new byte[16][];
        final byte[][] kwWrapped = new byte[16][];
        final PrivateKey[] x25519 = new PrivateKey[16];
        final PublicKey[] x25519Pub = new PublicKey[16];
        final PrivateKey[] ed25519 = new PrivateKey[16];

        Pool(CryptoProvider ref) throws Exception {
            Random r = new Random(SEED);
            for (int i = 0; i < 16; i++) {
                keys[i] = bytes(r, new int[] {16, 24, 32}[i % 3]);
                keks[i] = bytes(r, new int[] {16, 24, 32}[(i / 3) % 3]);
                kwKeys[i] = bytes(r, 24);
                kwWrapped[i] = ref.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, SecretBytes.copyOf(keks[i]), kwKeys[i]);
                x25519[i] = PrivateKey.decode(KeyType.X25519, bytes(r, 32));
                x25519Pub[i] = ref.keys().publicKey(PrivateKey.decode(KeyType.X25519, bytes(r, 32)));
                ed25519[i] = PrivateKey.decode(KeyType.ED25519, bytes(r, 32));
            }
        }
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Runs thread {@code t}'s sequence on {@code p} and returns the digest of all its results. */
    static byte[] runSequence(CryptoProvider p, Pool pool, int t) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random r = new Random(SEED * 31 + t);
        for (int i = 0; i < OPS; i++) {
            int kind = r.nextInt(100);
            md.update((byte) kind);
            try {
                if (kind < 30) {
                    byte[] key = pool.keys[r.nextInt(16)];
                    byte[] msg = bytes(r, r.nextInt(65));
                    md.update(p.mac().compute(SecretBytes.copyOf(key), msg));
                } else if (kind < 50) {
                    byte[] salt = bytes(r, r.nextInt(33));
                    byte[] ikm = pool.keys[r.nextInt(16)];
                    byte[] info = bytes(r, r.nextInt(17));
                    md.update(p.kdf().derive(salt, ikm, info, 1 + r.nextInt(64)));
                } else if (kind < 70) {
                    byte[] key = pool.keys[r.nextInt(16)];
                    byte[] aad = bytes(r, r.nextInt(17));
                    byte[] pt = bytes(r, r.nextInt(129));
                    byte[] ct = InsecureNonceAesGcm.of(p).seal(key, FIXED_NONCE, aad, pt);
                    md.update(ct);
                    if (r.nextInt(16) == 0) {
                        ct[ct.length - 1] ^= 1;
                    }
                    md.update(outcome(() -> InsecureNonceAesGcm.of(p).open(key, FIXED_NONCE, aad, ct)));
                } else if (kind < 88) {
                    KeyWrapAlgorithm alg = r.nextBoolean() ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
                    SecretBytes kek = SecretBytes.copyOf(pool.keks[r.nextInt(16)]);
                    byte[] key = bytes(r, alg == KeyWrapAlgorithm.AES_KW ? 16 + 8 * r.nextInt(4) : 1 + r.nextInt(40));
                    byte[] w = p.keyWrap().wrap(alg, kek, key);
                    md.update(w);
                    md.update(p.keyWrap().unwrap(alg, kek, w));
                } else if (kind < 98) {
                    KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, 4, 16, 32);
                    // only 16-byte KEKs fit this uniform layout: pool indices 0, 1, 2, 9, 10, 11
                    for (int j = 0; j < 4; j++) {
                        int k = KEK16[r.nextInt(KEK16.length)];
                        System.arraycopy(pool.keks[k], 0, b.keks(), j * 16, 16);
                        System.arraycopy(pool.kwWrapped[k], 0, b.inputs(), j * 32, 32);
                        if (r.nextInt(8) == 0) {
                            b.inputs()[j * 32 + r.nextInt(32)] ^= 4;
                        }
                    }
                    int failed = p.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW, b);
                    md.update((byte) failed);
                    md.update(b.outputs());
                    md.update(b.status());
                } else if (kind < 99) {
                    md.update(outcome(() -> p.keyAgreement().agree(pool.x25519[r.nextInt(16)], pool.x25519Pub[r.nextInt(16)])));
                } else {
                    byte[] msg = bytes(r, r.nextInt(65));
                    md.update(p.signer().sign(SignatureAlgorithm.ED25519, pool.ed25519[r.nextInt(16)], msg));
                }
            } catch (CryptoException e) {
                md.update(e.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return md.digest();
    }

    interface Op {
        byte[] run() throws Exception;
    }

    static byte[] outcome(Op op) throws Exception {
        try {
            return op.run();
        } catch (CryptoException e) {
            return e.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static byte[][] runAll(CryptoProvider p, Pool pool, boolean concurrent, long[] elapsedNanos) throws Exception {
        byte[][] digests = new byte[THREADS][];
        long start = System.nanoTime();
        if (!concurrent) {
            for (int t = 0; t < THREADS; t++) {
                digests[t] = runSequence(p, pool, t);
            }
        } else {
            ExecutorService ex = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<byte[]>> fs = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int tt = t;
                    fs.add(ex.submit(() -> {
                        go.await();
                        return runSequence(p, pool, tt);
                    }));
                }
                start = System.nanoTime();
                go.countDown();
                for (int t = 0; t < THREADS; t++) {
                    digests[t] = fs.get(t).get(10, TimeUnit.MINUTES);
                }
            } finally {
                ex.shutdownNow();
            }
        }
        elapsedNanos[0] = System.nanoTime() - start;
        return digests;
    }

    @Test
    void sharedProviderAcrossThreads() throws Exception {
        CryptoProvider java = CryptoProvider.of(new PureJavaProvider());
        CryptoProvider ssl = CryptoProvider.of(new OpenSslProvider());
        Pool pool = new Pool(java);
        byte[][] reference = null;
        for (CryptoProvider p : new CryptoProvider[] {java, ssl}) {
            long[] single = new long[1];
            long[] conc = new long[1];
            byte[][] seq = runAll(p, pool, false, single);
            byte[][] par = runAll(p, pool, true, conc);
            System.out.printf("CONCURRENCY provider=%s threads=%d opsPerThread=%d singleThreaded=%d ms concurrent=%d ms%n",
                    p.name(), THREADS, OPS, single[0] / 1_000_000, conc[0] / 1_000_000);
            for (int t = 0; t < THREADS; t++) {
                assertArrayEquals(seq[t], par[t], p.name() + ": thread " + t + " digest differs between the concurrent and "
                        + "the single-threaded run (seed " + SEED + ")");
            }
            if (reference == null) {
                reference = seq;
            } else {
                for (int t = 0; t < THREADS; t++) {
                    assertEquals(HexFormat.of().formatHex(reference[t]), HexFormat.of().formatHex(seq[t]),
                            "thread " + t + ": java and openssl digests differ (seed " + SEED + ")");
                }
            }
        }
    }
}
