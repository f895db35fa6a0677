package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.X25519Batch;
import org.junit.jupiter.api.Test;

/**
 * The batch X25519 public-key layout rules ({@link X25519Batch#check}), the facade's typed
 * rejections ({@link Keys#x25519PublicKeys}), and the SPI's default loop over the single call. The
 * provider here is a stand-in whose "public key" is a fixed byte permutation of the private key,
 * so the test sees exactly which key landed where; the real X25519 is tested on both providers
 * (fallback-pure-java, java-bindings).
 */
class X25519BatchTest {
    private static final int K = X25519Batch.KEY_LENGTH;
    private static final byte FILL = (byte) 0xAA;

    /** The stand-in's public key: bytes reversed, each xor 0x5a (distinct from the input, never FILL-only). */
    static byte[] fakePublic(byte[] sk) {
        byte[] r = new byte[K];
        for (int i = 0; i < K; i++) {
            r[i] = (byte) (sk[K - 1 - i] ^ 0x5a);
        }
        return r;
    }

    /**
     * A CryptoSpi answering only name, availability, details and x25519PublicKey (counted); default
     * methods run their own code; anything else fails the test.
     */
    static CryptoSpi singleKeySpi(AtomicInteger singleCalls) {
        InvocationHandler h = (proxy, m, args) -> {
            switch (m.getName()) {
                case "name":
                    return "stand-in";
                case "availability":
                    return Availability.yes("test stand-in");
                case "details":
                    return java.util.Map.of();
                case "x25519PublicKey":
                    singleCalls.incrementAndGet();
                    return fakePublic((byte[]) args[0]);
                default:
                    if (m.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, m, args);
                    }
                    throw new AssertionError("unexpected provider call " + m.getName());
            }
        };
        return (CryptoSpi) Proxy.newProxyInstance(CryptoSpi.class.getClassLoader(), new Class<?>[] {CryptoSpi.class}, h);
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, FILL);
        return b;
    }

    @Test
    void goodLayouts() {
        assertNull(X25519Batch.check(new byte[32], 0, new byte[32], 0, 1));
        assertNull(X25519Batch.check(new byte[100], 4, new byte[70], 6, 2));
        byte[] one = new byte[128];
        assertNull(X25519Batch.check(one, 0, one, 64, 2), "adjacent regions of one array");
        assertNull(X25519Batch.check(one, 64, one, 0, 2), "adjacent regions, other order");
        byte[] big = new byte[X25519Batch.MAX_KEYS * K];
        assertNull(X25519Batch.check(big, 0, big.clone(), 0, X25519Batch.MAX_KEYS), "the maximum count");
    }

    @Test
    void badLayouts() {
        byte[] a = new byte[96];
        byte[] b = new byte[96];
        String[] bad = {
            X25519Batch.check(a, 0, b, 0, 0),
            X25519Batch.check(a, 0, b, 0, -1),
            X25519Batch.check(a, 0, b, 0, Integer.MIN_VALUE),
            X25519Batch.check(new byte[0], 0, new byte[0], 0, X25519Batch.MAX_KEYS + 1),
            X25519Batch.check(a, 0, b, 0, 4),
            X25519Batch.check(a, 1, b, 0, 3),
            X25519Batch.check(a, 0, b, 1, 3),
            X25519Batch.check(a, -1, b, 0, 1),
            X25519Batch.check(a, 0, b, -32, 1),
            X25519Batch.check(a, Integer.MAX_VALUE, b, 0, 1),
            X25519Batch.check(a, 0, b, Integer.MAX_VALUE - 1, 1),
            X25519Batch.check(a, 0, a, 0, 1),
            X25519Batch.check(a, 0, a, 31, 1),
            X25519Batch.check(a, 33, a, 2, 1),
            X25519Batch.check(a, 0, a, 32, 2),
        };
        for (int i = 0; i < bad.length; i++) {
            assertTrue(bad[i] != null && bad[i].startsWith("X25519 batch "), "layout " + i + ": " + bad[i]);
        }
        assertTrue(X25519Batch.check(a, 0, a, 32, 2).contains("overlaps"));
        assertThrows(NullPointerException.class, () -> X25519Batch.check(null, 0, b, 0, 1));
        assertThrows(NullPointerException.class, () -> X25519Batch.check(a, 0, null, 0, 1));
    }

    @Test
    void facadeRejectsTypedBeforeTheProvider() {
        AtomicInteger calls = new AtomicInteger();
        Keys keys = CryptoProvider.of(singleKeySpi(calls)).keys();
        byte[] sk = new byte[64];
        byte[] pk = filled(64);
        int[][] layouts = {{0, 0, 0}, {0, 0, -1}, {0, 0, 3}, {33, 0, 1}, {0, 40, 1}, {-1, 0, 1},
            {0, 0, X25519Batch.MAX_KEYS + 1}};
        for (int[] l : layouts) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> keys.x25519PublicKeys(sk, l[0], pk, l[1], l[2]), Arrays.toString(l));
            assertTrue(e.getMessage().startsWith("X25519 batch "), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> keys.x25519PublicKeys(sk, 0, sk, 16, 1), "overlap");
        assertThrows(NullPointerException.class, () -> keys.x25519PublicKeys(null, 0, pk, 0, 1));
        assertEquals(0, calls.get(), "the provider ran for a refused layout");
        assertArrayEquals(filled(64), pk, "a refused layout wrote output");
    }

    @Test
    void defaultSpiLoopsOverTheSingleCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CryptoSpi spi = singleKeySpi(calls);
        int n = 5;
        byte[] sk = new byte[3 + n * K + 2];
        new java.util.Random(7).nextBytes(sk);
        byte[] before = sk.clone();
        byte[] pk = filled(7 + n * K + 9);
        CryptoProvider.of(spi).keys().x25519PublicKeys(sk, 3, pk, 7, n);
        assertEquals(n, calls.get());
        for (int i = 0; i < n; i++) {
            byte[] expect = fakePublic(Arrays.copyOfRange(sk, 3 + i * K, 3 + i * K + K));
            assertArrayEquals(expect, Arrays.copyOfRange(pk, 7 + i * K, 7 + i * K + K), "key " + i);
        }
        assertArrayEquals(filled(7), Arrays.copyOf(pk, 7), "bytes before the output");
        assertArrayEquals(filled(9), Arrays.copyOfRange(pk, 7 + n * K, pk.length), "bytes after the output");
        assertArrayEquals(before, sk, "the private keys were modified");
        // called directly, the default checks the layout itself (unchecked: an SPI caller's bug)
        assertThrows(IllegalArgumentException.class, () -> spi.x25519PublicKeys(sk, 0, pk, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> spi.x25519PublicKeys(sk, 0, sk, 0, 1));
        assertEquals(n, calls.get());
    }
}
