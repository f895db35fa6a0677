package org.gkm.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireCodecTest {
    /** A protocol's own malformed-input error, as the rekey engine and GKMP each have one. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static WireReader<Malformed> reader(byte[] b) {
        return new WireReader<>(b, Malformed::new);
    }

    @Test
    void everyFieldRoundTrips() throws Malformed {
        byte[] enc = WireWriter.growable().u8(0xAB).u16(0xBEEF).u32(0xFFFF_FFFFL).i64(-2).i64(Long.MAX_VALUE)
                .u32(Integer.MAX_VALUE).fixed(new byte[] {1, 2, 3}, 3).bytes16(new byte[] {9}, 10)
                .bytes32(new byte[300], 300).ascii8("grp-1").toByteArray();
        WireReader<Malformed> r = reader(enc);
        assertEquals(0xAB, r.u8("a"));
        assertEquals(0xBEEF, r.u16("b"));
        assertEquals(0xFFFF_FFFFL, r.u32("c"));
        assertEquals(-2, r.i64("d"));
        assertEquals(Long.MAX_VALUE, r.nonNegativeLong("e"));
        assertEquals(Integer.MAX_VALUE, r.nonNegativeInt("f"));
        assertArrayEquals(new byte[] {1, 2, 3}, r.fixed(3, "g"));
        assertArrayEquals(new byte[] {9}, r.bytes16(1, 10, "h"));
        assertEquals(300, r.bytes32(0, 300, "i").length);
        assertEquals("grp-1", r.ascii8(1, 16, "abcdefghijklmnopqrstuvwxyz-0123456789", "j"));
        r.finish("message");
        assertEquals(enc.length, r.offset());
    }

    @Test
    void truncatedInputNamesTheFieldAndOffset() {
        byte[] enc = WireWriter.growable().u16(7).toByteArray();
        WireReader<Malformed> r = reader(enc);
        Malformed e = assertThrows(Malformed.class, () -> r.u32("sequence"));
        assertTrue(e.getMessage().contains("sequence at offset 0"), e.getMessage());
        assertTrue(e.getMessage().contains("needs 4 bytes, 2 remain"), e.getMessage());
    }

    @Test
    void lengthPrefixesAreCheckedBeforeAllocation() {
        // A u32 length of 2^32 - 1 over a 4-byte input: refused by the limit, then by the bytes remaining.
        byte[] lying = WireWriter.growable().u32(0xFFFF_FFFFL).toByteArray();
        assertThrows(Malformed.class, () -> reader(lying).bytes32(0, Integer.MAX_VALUE, "body"));
        byte[] over = WireWriter.growable().u16(11).raw(new byte[11]).toByteArray();
        Malformed e = assertThrows(Malformed.class, () -> reader(over).bytes16(0, 10, "name"));
        assertTrue(e.getMessage().contains("length 11 outside [0, 10]"), e.getMessage());
        byte[] under = WireWriter.growable().u16(0).toByteArray();
        assertThrows(Malformed.class, () -> reader(under).bytes16(1, 10, "name"));
    }

    @Test
    void countsAreBoundedByLimitAndBytesRemaining() throws Malformed {
        byte[] big = WireWriter.growable().u16(500).u8(1).toByteArray();
        assertThrows(Malformed.class, () -> reader(big).count16(512, 2, "members"));
        assertThrows(Malformed.class, () -> reader(big).count16(100, 0, "members"));
        byte[] c32 = WireWriter.growable().u32(3).raw(new byte[6]).toByteArray();
        assertEquals(3, reader(c32).count32(10, 2, "entries"));
        assertThrows(Malformed.class, () -> reader(c32).count32(10, 3, "entries"));
        byte[] neg = WireWriter.growable().u32(0x8000_0000L).toByteArray();
        assertThrows(Malformed.class, () -> reader(neg).count32(Integer.MAX_VALUE, 0, "entries"));
    }

    @Test
    void negativeValuesAndTrailingBytesAreRefused() throws Malformed {
        byte[] neg = WireWriter.growable().i64(-1).toByteArray();
        assertThrows(Malformed.class, () -> reader(neg).nonNegativeLong("version"));
        assertThrows(Malformed.class, () -> reader(neg).nonNegativeInt("node"));
        WireReader<Malformed> r = reader(new byte[] {1, 2});
        r.u8("x");
        Malformed e = assertThrows(Malformed.class, () -> r.finish("frame"));
        assertTrue(e.getMessage().contains("1 trailing bytes"), e.getMessage());
    }

    @Test
    void asciiOutsideTheAlphabetIsRefused() {
        byte[] enc = WireWriter.growable().ascii8("a b").toByteArray();
        assertThrows(Malformed.class, () -> reader(enc).ascii8(1, 10, "ab", "name"));
    }

    @Test
    void readerOverASubRangeReportsOffsetsFromItsStart() throws Malformed {
        byte[] buf = {9, 9, 0, 5, 9};
        WireReader<Malformed> r = new WireReader<>(buf, 2, 2, Malformed::new);
        assertEquals(5, r.u16("v"));
        assertEquals(2, r.offset());
        assertEquals(4, r.position());
        assertArrayEquals(new byte[] {0, 5}, r.slice(2));
        assertThrows(Malformed.class, () -> r.u8("past the range"));
        assertThrows(IndexOutOfBoundsException.class, () -> new WireReader<>(buf, 3, 3, Malformed::new));
    }

    @Test
    void writerRefusesValuesOutsideTheirField() {
        WireWriter w = WireWriter.growable();
        assertThrows(IllegalArgumentException.class, () -> w.u8(256));
        assertThrows(IllegalArgumentException.class, () -> w.u16(-1));
        assertThrows(IllegalArgumentException.class, () -> w.u32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> w.fixed(new byte[2], 3));
        assertThrows(IllegalArgumentException.class, () -> w.bytes16(new byte[11], 10));
        assertThrows(IllegalArgumentException.class, () -> w.ascii8("x".repeat(256)));
        assertEquals(0, w.size());
    }

    @Test
    void presizedWriterWritesInPlaceAndNeverGrows() {
        byte[] out = new byte[8];
        WireWriter w = WireWriter.into(out, 2);
        w.u16(0x0102).skip(2).u16(0x0304);
        assertEquals(8, w.position());
        assertArrayEquals(new byte[] {0, 0, 1, 2, 0, 0, 3, 4}, out);
        assertThrows(IndexOutOfBoundsException.class, () -> w.u8(1));
        assertThrows(IndexOutOfBoundsException.class, () -> WireWriter.into(out, 9));
    }

    @Test
    void growableWriterGrowsPastItsInitialCapacity() throws Malformed {
        byte[] big = new byte[5000];
        big[4999] = 7;
        byte[] enc = WireWriter.growable().u8(1).bytes32(big, 5000).toByteArray();
        WireReader<Malformed> r = reader(enc);
        r.u8("x");
        assertArrayEquals(big, r.bytes32(0, 5000, "blob"));
    }
}
