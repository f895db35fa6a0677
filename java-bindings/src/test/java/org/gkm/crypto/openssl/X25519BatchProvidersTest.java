package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.java.PureJavaProvider;
import org.gkm.crypto.spi.X25519Batch;
import org.junit.jupiter.api.Test;

/**
 * Batch X25519 public keys on both providers: the RFC 7748 sec. 6.1 known answers through the
 * public API, the libgkm_native entry point's own argument checks (what a direct caller of the
 * C function gets), and concurrent batches on one shared provider. The seeded random differential
 * comparison of the two providers, rejected layouts included, is {@code DifferentialTest.x25519PublicKeyBatch}.
 */
class X25519BatchProvidersTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ALICE_SK = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String BOB_SK = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String ALICE_PK = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PK = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

    private static final CryptoProvider JAVA = CryptoProvider.of(new PureJavaProvider());
    private static final CryptoProvider OPENSSL = CryptoProvider.of(new OpenSslProvider());

    @Test
    void rfc7748KnownAnswersOnBothProviders() throws Exception {
        for (CryptoProvider p : List.of(JAVA, OPENSSL)) {
            // Bob, Alice, Bob at offset 5 of the input; outputs at offset 2, 0xAA around them
            byte[] sk = HEX.parseHex("0102030405" + BOB_SK + ALICE_SK + BOB_SK + "06");
            byte[] pk = new byte[2 + 96 + 3];
            Arrays.fill(pk, (byte) 0xAA);
            p.keys().x25519PublicKeys(sk, 5, pk, 2, 3);
            assertEquals("aaaa" + BOB_PK + ALICE_PK + BOB_PK + "aaaaaa", HEX.formatHex(pk), p.name());
            byte[] one = new byte[32];
            p.keys().x25519PublicKeys(HEX.parseHex(ALICE_SK), 0, one, 0, 1);
            assertEquals(ALICE_PK, HEX.formatHex(one), p.name());
        }
    }

    @Test
    void nativeEntryPointChecksItsArguments() {
        assertEquals(X25519Batch.MAX_KEYS, GkmNative.X25519_MAX_COUNT, "Java and C batch limits differ");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sk = a.allocate(96);
            MemorySegment pk = a.allocate(96);
            sk.fill((byte) 7);
            pk.fill((byte) 0xAA);
            assertEquals(GkmNative.ERR_COUNT, GkmNative.gkm_x25519_public_batch(-1, sk, pk));
            assertEquals(GkmNative.ERR_COUNT, GkmNative.gkm_x25519_public_batch(GkmNative.X25519_MAX_COUNT + 1, sk, pk));
            assertEquals(GkmNative.ERR_BOUNDS, GkmNative.gkm_x25519_public_batch(4, sk, pk), "4 keys in 96 bytes");
            assertEquals(GkmNative.ERR_BOUNDS, GkmNative.gkm_x25519_public_batch(2, sk, sk.asSlice(32)), "overlap");
            assertEquals(GkmNative.ERR_BOUNDS, GkmNative.gkm_x25519_public_batch(1, MemorySegment.NULL, pk));
            byte[] untouched = new byte[96];
            Arrays.fill(untouched, (byte) 0xAA);
            assertArrayEquals(untouched, pk.toArray(ValueLayout.JAVA_BYTE), "an error code wrote output");
            assertEquals(0, GkmNative.gkm_x25519_public_batch(0, sk, pk), "count 0 is a no-op in C");
            MemorySegment.copy(HEX.parseHex(ALICE_SK + BOB_SK), 0, sk, ValueLayout.JAVA_BYTE, 0, 64);
            assertEquals(0, GkmNative.gkm_x25519_public_batch(2, sk.asSlice(0, 64), pk.asSlice(0, 64)));
            assertEquals(ALICE_PK + BOB_PK + "aa".repeat(32), HEX.formatHex(pk.toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    /** 4 threads x 8 batches on one shared provider each; every result must equal the other provider's. */
    @Test
    void concurrentBatchesOnSharedProviders() throws Exception {
        long seed = Long.getLong("gkm.diff.seed", 0x25519L);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long s = seed + t;
                results.add(pool.submit(() -> {
                    Random r = new Random(s);
                    for (int b = 0; b < 8; b++) {
                        int n = 1 + r.nextInt(32);
                        byte[] sk = new byte[32 * n];
                        r.nextBytes(sk);
                        byte[] viaOpenSsl = new byte[32 * n];
                        byte[] viaJava = new byte[32 * n];
                        OPENSSL.keys().x25519PublicKeys(sk, 0, viaOpenSsl, 0, n);
                        JAVA.keys().x25519PublicKeys(sk, 0, viaJava, 0, n);
                        if (!Arrays.equals(viaOpenSsl, viaJava)) {
                            return "seed " + s + " batch " + b + " (" + n + " keys): providers differ";
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> f : results) {
                assertEquals(null, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
