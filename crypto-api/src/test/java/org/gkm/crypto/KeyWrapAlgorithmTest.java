package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyWrapAlgorithmTest {
    private static final KeyWrapAlgorithm KW = KeyWrapAlgorithm.AES_KW;
    private static final KeyWrapAlgorithm KWP = KeyWrapAlgorithm.AES_KWP;
    private static final int MAX = KeyWrapAlgorithm.MAX_KEY_DATA;

    @Test
    void kwKeyDataLengths() {
        for (int len : new int[] {0, 1, 7, 8, 9, 15, 17, 23, 31, MAX + 8, MAX + 1, -8, Integer.MAX_VALUE}) {
            assertNotNull(KW.checkKeyDataLength(len), "KW must reject key data of " + len);
        }
        for (int len : new int[] {16, 24, 32, 40, 64, MAX}) {
            assertNull(KW.checkKeyDataLength(len), "KW must accept key data of " + len);
            assertEquals(len + 8, KW.wrappedLength(len));
            assertNull(KW.checkWrappedLength(KW.wrappedLength(len)));
        }
    }

    @Test
    void kwpKeyDataLengths() {
        for (int len : new int[] {0, -1, MAX + 1, Integer.MAX_VALUE}) {
            assertNotNull(KWP.checkKeyDataLength(len), "KWP must reject key data of " + len);
        }
        for (int len = 1; len <= 80; len++) {
            assertNull(KWP.checkKeyDataLength(len), "KWP must accept key data of " + len);
            int w = KWP.wrappedLength(len);
            assertEquals(((len + 7) / 8) * 8 + 8, w);
            assertNull(KWP.checkWrappedLength(w));
        }
        assertEquals(16, KWP.wrappedLength(1));
        assertEquals(16, KWP.wrappedLength(8));
        assertEquals(24, KWP.wrappedLength(9));
        assertEquals(32, KWP.wrappedLength(20)); // RFC 5649 example 1
        assertNull(KWP.checkKeyDataLength(MAX));
        assertEquals(MAX + 8, KWP.wrappedLength(MAX));
    }

    @Test
    void wrappedLengths() {
        for (int len : new int[] {0, 8, 16, 23, 25, 31, MAX + 16, -24}) {
            assertNotNull(KW.checkWrappedLength(len), "KW must reject wrapped " + len);
        }
        for (int len : new int[] {24, 32, MAX + 8}) {
            assertNull(KW.checkWrappedLength(len), "KW must accept wrapped " + len);
        }
        for (int len : new int[] {0, 8, 15, 17, 23, MAX + 16, -16}) {
            assertNotNull(KWP.checkWrappedLength(len), "KWP must reject wrapped " + len);
        }
        for (int len : new int[] {16, 24, MAX + 8}) {
            assertNull(KWP.checkWrappedLength(len), "KWP must accept wrapped " + len);
        }
    }

    @Test
    void kekLengths() {
        for (int len : new int[] {16, 24, 32}) {
            assertNull(KeyWrapAlgorithm.checkKekLength(len));
        }
        for (int len : new int[] {0, 8, 15, 17, 20, 31, 33, 64, -16}) {
            assertNotNull(KeyWrapAlgorithm.checkKekLength(len));
        }
    }

    @Test
    void codes() throws Exception {
        assertEquals(KW, KeyWrapAlgorithm.fromCode(KW.code()));
        assertEquals(KWP, KeyWrapAlgorithm.fromCode(KWP.code()));
        assertThrows(UnsupportedAlgorithmException.class, () -> KeyWrapAlgorithm.fromCode(0));
        assertThrows(UnsupportedAlgorithmException.class, () -> KeyWrapAlgorithm.fromCode(3));
    }
}
