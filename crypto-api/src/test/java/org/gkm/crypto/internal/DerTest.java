package org.gkm.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Der der(String hex) {
        return new Der(HEX.parseHex(hex));
    }

    @Test
    void shortFormSequence() throws Exception {
        Der d = der("3003020105");
        Der seq = d.read(0x30);
        d.expectEnd();
        assertTrue(d.atEnd());
        assertArrayEquals(new byte[] {5}, seq.readUnsignedInteger());
        seq.expectEnd();
    }

    @Test
    void longFormLengths() throws Exception {
        String body = "00".repeat(0x80);
        Der d = der("0481" + "80" + body);
        assertEquals(0x80, d.read(0x04).rest().length);
        String body2 = "00".repeat(0x100);
        Der d2 = der("04820100" + body2);
        assertEquals(0x100, d2.read(0x04).rest().length);
        String body3 = "00".repeat(0x10000);
        Der d3 = der("0483010000" + body3);
        assertEquals(0x10000, d3.read(0x04).rest().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",           // nothing
        "04",         // missing length
        "0480",       // indefinite length
        "04817f" + "00",        // long form for a length < 128
        "0482007f",   // two-byte long form for a small length
        "04820080" + "00",      // two-byte long form where one byte suffices (data short anyway)
        "0484000000010000",     // 4-byte length form unsupported
        "0481",       // truncated long-form length
        "048201",     // truncated two-byte length
        "040500",     // length exceeds data
        "0501",       // wrong tag and truncated
    })
    void badOctetStringRejected(String hex) {
        assertThrows(Der.DerException.class, () -> der(hex).read(0x04));
    }

    @Test
    void nonMinimalTwoByteLengthRejectedEvenWithData() {
        // 0x82 0x00 0xff: fits in one long-form byte, so not minimal
        String body = "00".repeat(0xff);
        assertThrows(Der.DerException.class, () -> der("048200ff" + body).read(0x04));
    }

    @Test
    void wrongTag() {
        assertThrows(Der.DerException.class, () -> der("0400").read(0x30));
    }

    @Test
    void trailingBytes() throws Exception {
        Der d = der("040000");
        d.read(0x04);
        assertFalse(d.atEnd());
        assertThrows(Der.DerException.class, d::expectEnd);
    }

    @Test
    void innerLengthBoundedByOuter() throws Exception {
        // SEQUENCE of length 2 whose inner element claims 3 bytes (available in the buffer, not in the SEQUENCE)
        Der seq = der("3002040300000000").read(0x30);
        assertThrows(Der.DerException.class, () -> seq.read(0x04));
    }

    @Test
    void readRawIncludesHeader() throws Exception {
        Der d = der("30030201050400");
        assertArrayEquals(HEX.parseHex("3003020105"), d.readRaw(0x30));
        assertArrayEquals(HEX.parseHex("0400"), d.readRaw(0x04));
        d.expectEnd();
    }

    @Test
    void unsignedIntegers() throws Exception {
        assertArrayEquals(HEX.parseHex("00"), der("020100").readUnsignedInteger());
        assertArrayEquals(HEX.parseHex("7f"), der("02017f").readUnsignedInteger());
        assertArrayEquals(HEX.parseHex("80"), der("02020080").readUnsignedInteger());
        assertArrayEquals(HEX.parseHex("ff01"), der("020300ff01").readUnsignedInteger());
        assertThrows(Der.DerException.class, () -> der("0200").readUnsignedInteger());      // empty
        assertThrows(Der.DerException.class, () -> der("020180").readUnsignedInteger());    // negative
        assertThrows(Der.DerException.class, () -> der("0202ff7f").readUnsignedInteger());  // negative
        assertThrows(Der.DerException.class, () -> der("0202007f").readUnsignedInteger());  // not minimal
        assertThrows(Der.DerException.class, () -> der("02020000").readUnsignedInteger());  // not minimal
        assertThrows(Der.DerException.class, () -> der("0301ff").readUnsignedInteger());    // wrong tag
    }

    @Test
    void bitLength() {
        assertEquals(0, Der.bitLength(new byte[0]));
        assertEquals(0, Der.bitLength(new byte[] {0}));
        assertEquals(1, Der.bitLength(new byte[] {1}));
        assertEquals(8, Der.bitLength(new byte[] {(byte) 0x80}));
        assertEquals(9, Der.bitLength(new byte[] {1, 0}));
        assertEquals(2048, Der.bitLength(HEX.parseHex("ff" + "00".repeat(255))));
    }
}
