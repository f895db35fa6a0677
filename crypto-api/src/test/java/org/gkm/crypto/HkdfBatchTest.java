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
import org.gkm.crypto.spi.HkdfBatch;
import org.junit.jupiter.api.Test;

/**
 * The batch one-block HKDF-Expand layout rules ({@link HkdfBatch#check}), the facade's typed
 * rejections ({@link Kdf#expandEach}), and the SPI's default loop over the single expand. The
 * provider here is a stand-in whose "expand" is a fixed function of the PRK, info and length, so the
 * test sees exactly which key landed where; the real HKDF is tested on both providers
 * (java-bindings).
 */
class HkdfBatchTest {
    private static final int K = HkdfBatch.KEY_LENGTH;
    private static final byte FILL = (byte) 0xAA;

    /** The stand-in's expand: PRK bytes reversed, each xor the info length and the first info byte. */
    static byte[] fakeExpand(byte[] prk, byte[] info, int length) {
        byte[] r = new byte[length];
        for (int i = 0; i < length; i++) {
            r[i] = (byte) (prk[K - 1 - i % K] ^ info.length ^ (info.length > 0 ? info[0] : 0x33));
        }
        return r;
    }

    /** A CryptoSpi answering only name, availability, details and hkdfExpand (counted); default methods run their own code. */
    static CryptoSpi singleExpandSpi(AtomicInteger singleCalls) {
        InvocationHandler h = (proxy, m, args) -> {
            switch (m.getName()) {
                case "name":
                    return "stand-in";
                case "availability":
                    return Availability.yes("test stand-in");
                case "details":
                    return java.util.Map.of();
                case "hkdfExpand":
                    singleCalls.incrementAndGet();
                    return fakeExpand((byte[]) args[0], (byte[]) args[1], (int) args[2]);
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
        byte[] info = new byte[5];
        assertNull(HkdfBatch.check(new byte[32], 0, info, new byte[32], 0, 1));
        assertNull(HkdfBatch.check(new byte[100], 4, new byte[0], new byte[70], 6, 2), "empty info");
        assertNull(HkdfBatch.check(new byte[32], 0, new byte[HkdfBatch.MAX_INFO], new byte[32], 0, 1), "the longest info");
        byte[] one = new byte[128];
        assertNull(HkdfBatch.check(one, 0, info, one, 64, 2), "adjacent regions of one array");
        assertNull(HkdfBatch.check(one, 64, info, one, 0, 2), "adjacent regions, other order");
        byte[] big = new byte[HkdfBatch.MAX_KEYS * K];
        assertNull(HkdfBatch.check(big, 0, info, big.clone(), 0, HkdfBatch.MAX_KEYS), "the maximum count");
    }

    @Test
    void badLayouts() {
        byte[] a = new byte[96];
        byte[] b = new byte[96];
        byte[] info = new byte[3];
        String[] bad = {
            HkdfBatch.check(a, 0, info, b, 0, 0),
            HkdfBatch.check(a, 0, info, b, 0, -1),
            HkdfBatch.check(a, 0, info, b, 0, Integer.MIN_VALUE),
            HkdfBatch.check(new byte[0], 0, info, new byte[0], 0, HkdfBatch.MAX_KEYS + 1),
            HkdfBatch.check(a, 0, new byte[HkdfBatch.MAX_INFO + 1], b, 0, 1),
            HkdfBatch.check(a, 0, info, b, 0, 4),
            HkdfBatch.check(a, 1, info, b, 0, 3),
            HkdfBatch.check(a, 0, info, b, 1, 3),
            HkdfBatch.check(a, -1, info, b, 0, 1),
            HkdfBatch.check(a, 0, info, b, -32, 1),
            HkdfBatch.check(a, Integer.MAX_VALUE, info, b, 0, 1),
            HkdfBatch.check(a, 0, info, b, Integer.MAX_VALUE - 1, 1),
            HkdfBatch.check(a, 0, info, a, 0, 1),
            HkdfBatch.check(a, 0, info, a, 31, 1),
            HkdfBatch.check(a, 33, info, a, 2, 1),
            HkdfBatch.check(a, 0, info, a, 32, 2),
        };
        for (int i = 0; i < bad.length; i++) {
            assertTrue(bad[i] != null && bad[i].startsWith("HKDF batch "), "layout " + i + ": " + bad[i]);
        }
        assertTrue(HkdfBatch.check(a, 0, info, a, 32, 2).contains("overlaps"));
        assertThrows(NullPointerException.class, () -> HkdfBatch.check(null, 0, info, b, 0, 1));
        assertThrows(NullPointerException.class, () -> HkdfBatch.check(a, 0, null, b, 0, 1));
        assertThrows(NullPointerException.class, () -> HkdfBatch.check(a, 0, info, null, 0, 1));
    }

    @Test
    void facadeRejectsTypedBeforeTheProvider() {
        AtomicInteger calls = new AtomicInteger();
        Kdf kdf = CryptoProvider.of(singleExpandSpi(calls)).kdf();
        byte[] prks = new byte[64];
        byte[] out = filled(64);
        byte[] info = new byte[4];
        int[][] layouts = {{0, 0, 0}, {0, 0, -1}, {0, 0, 3}, {33, 0, 1}, {0, 40, 1}, {-1, 0, 1},
            {0, 0, HkdfBatch.MAX_KEYS + 1}};
        for (int[] l : layouts) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> kdf.expandEach(prks, l[0], info, out, l[1], l[2]), Arrays.toString(l));
            assertTrue(e.getMessage().startsWith("HKDF batch "), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> kdf.expandEach(prks, 0, new byte[HkdfBatch.MAX_INFO + 1], out, 0, 1));
        assertThrows(InvalidInputException.class, () -> kdf.expandEach(prks, 0, info, prks, 16, 1), "overlap");
        assertThrows(NullPointerException.class, () -> kdf.expandEach(null, 0, info, out, 0, 1));
        assertEquals(0, calls.get(), "the provider ran for a refused layout");
        assertArrayEquals(filled(64), out, "a refused layout wrote output");
    }

    @Test
    void defaultSpiLoopsOverTheSingleExpand() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CryptoSpi spi = singleExpandSpi(calls);
        int n = 5;
        byte[] prks = new byte[3 + n * K + 2];
        new java.util.Random(7).nextBytes(prks);
        byte[] before = prks.clone();
        byte[] info = {9, 8, 7};
        byte[] out = filled(7 + n * K + 9);
        CryptoProvider.of(spi).kdf().expandEach(prks, 3, info, out, 7, n);
        assertEquals(n, calls.get());
        for (int i = 0; i < n; i++) {
            byte[] expect = fakeExpand(Arrays.copyOfRange(prks, 3 + i * K, 3 + i * K + K), info, K);
            assertArrayEquals(expect, Arrays.copyOfRange(out, 7 + i * K, 7 + i * K + K), "key " + i);
        }
        assertArrayEquals(filled(7), Arrays.copyOf(out, 7), "bytes before the output");
        assertArrayEquals(filled(9), Arrays.copyOfRange(out, 7 + n * K, out.length), "bytes after the output");
        assertArrayEquals(before, prks, "the PRKs were modified");
        // called directly, the default checks the layout itself (unchecked: an SPI caller's bug)
        assertThrows(IllegalArgumentException.class, () -> spi.hkdfExpandEach(prks, 0, info, out, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> spi.hkdfExpandEach(prks, 0, info, prks, 0, 1));
        assertEquals(n, calls.get());
    }
}
