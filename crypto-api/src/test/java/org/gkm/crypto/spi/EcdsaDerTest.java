package org.gkm.crypto.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.gkm.crypto.InvalidSignatureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaDerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] rs(String r, String s) {
        byte[] out = new byte[64];
        byte[] rb = HEX.parseHex(r);
        byte[] sb = HEX.parseHex(s);
        System.arraycopy(rb, 0, out, 32 - rb.length, rb.length);
        System.arraycopy(sb, 0, out, 64 - sb.length, sb.length);
        return out;
    }

    @Test
    void smallestValues() throws Exception {
        byte[] der = EcdsaDer.p1363ToDer(rs("01", "02"));
        assertEquals("3006020101020102", HEX.formatHex(der));
        assertArrayEquals(rs("01", "02"), EcdsaDer.derToP1363(der));
    }

    @Test
    void highBitGetsPaddingByte() throws Exception {
        String r = "80" + "00".repeat(31);
        String s = "7f" + "ff".repeat(31);
        byte[] der = EcdsaDer.p1363ToDer(rs(r, s));
        assertEquals("3045" + "022100" + r + "0220" + s, HEX.formatHex(der));
        assertArrayEquals(rs(r, s), EcdsaDer.derToP1363(der));
    }

    @Test
    void zeroValueEncodesAsOneByte() throws Exception {
        // range [1, n-1] is the caller's check; the encoding itself must still round-trip
        byte[] der = EcdsaDer.p1363ToDer(new byte[64]);
        assertEquals("3006020100020100", HEX.formatHex(der));
        assertArrayEquals(new byte[64], EcdsaDer.derToP1363(der));
    }

    @Test
    void randomRoundTrip() throws Exception {
        Random rnd = new Random(42);
        for (int i = 0; i < 20000; i++) {
            byte[] v = new byte[64];
            rnd.nextBytes(v);
            // force leading zero bytes and high bits in many cases
            int zr = rnd.nextInt(40);
            int zs = rnd.nextInt(40);
            Arrays.fill(v, 0, Math.min(zr, 32), (byte) 0);
            Arrays.fill(v, 32, 32 + Math.min(zs, 32), (byte) 0);
            byte[] der = EcdsaDer.p1363ToDer(v);
            assertEquals(der.length - 2, der[1] & 0xff);
            assertArrayEquals(v, EcdsaDer.derToP1363(der), "case " + i + " " + HEX.formatHex(v));
        }
    }

    @Test
    void p1363WrongLength() {
        assertThrows(IllegalArgumentException.class, () -> EcdsaDer.p1363ToDer(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> EcdsaDer.p1363ToDer(new byte[65]));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "30",
        "3000",
        "300602010102010",          // odd hex trimmed below: 7 bytes, too short
        "3106020101020102",          // SET instead of SEQUENCE
        "308106020101020102",        // long-form SEQUENCE length
        "30820006020101020102",      // long-form (2-byte) SEQUENCE length
        "3080020101020102" + "0000", // indefinite length
        "3007020101020102",          // SEQUENCE length too long
        "3005020101020102",          // SEQUENCE length too short
        "300602010102010200",        // trailing byte after SEQUENCE
        "30070201010201020" + "0",   // trailing byte inside SEQUENCE
        "3007020101020102" + "05",   // trailing garbage inside SEQUENCE
        "300702810101020102",        // long-form INTEGER length
        "30090281010102810102",      // long-form INTEGER lengths (both)
        "300702020001020102",        // leading zero (r = 00 01)
        "300702010102020002",        // leading zero (s = 00 02)
        "3006020181020102",          // negative r
        "30060201010201ff",          // negative s
        "3006020002020101",          // zero-length INTEGER
        "3006030101020102",          // BIT STRING instead of INTEGER
        "3006020101040102",          // OCTET STRING instead of INTEGER
        "3006020101020201",          // truncated s
    })
    void berAndMalformedRejected(String hex) {
        byte[] der = HEX.parseHex(hex.length() % 2 == 0 ? hex : hex.substring(0, hex.length() - 1));
        assertThrows(InvalidSignatureException.class, () -> EcdsaDer.derToP1363(der), hex);
    }

    @Test
    void leadingZeroBeforeHighBitPaddingRejected() {
        String r = "80" + "00".repeat(31);
        // 00 00 80...: one zero too many
        byte[] der = HEX.parseHex("3047" + "02220000" + r + "020101" + "");
        byte[] fixed = Arrays.copyOf(der, der.length);
        fixed[1] = (byte) (fixed.length - 2);
        assertThrows(InvalidSignatureException.class, () -> EcdsaDer.derToP1363(fixed));
    }

    @Test
    void integerOver256BitsRejected() {
        // 33-byte positive INTEGER without a padding zero: 2^256 + 1 style magnitude
        String big = "01" + "00".repeat(31) + "01";
        byte[] der = HEX.parseHex("30" + String.format("%02x", 2 + 33 + 3) + "0221" + big + "020101");
        assertThrows(InvalidSignatureException.class, () -> EcdsaDer.derToP1363(der));
        // 34 bytes with a padding zero
        String big2 = "0080" + "00".repeat(32);
        byte[] der2 = HEX.parseHex("30" + String.format("%02x", 2 + 34 + 3) + "0222" + big2 + "020101");
        assertThrows(InvalidSignatureException.class, () -> EcdsaDer.derToP1363(der2));
    }

    @Test
    void tooLongOverall() {
        byte[] der = new byte[73];
        der[0] = 0x30;
        der[1] = 71;
        assertThrows(InvalidSignatureException.class, () -> EcdsaDer.derToP1363(der));
    }

    @Test
    void randomGarbageNeverThrowsUntyped() {
        Random rnd = new Random(7);
        for (int i = 0; i < 50000; i++) {
            byte[] g = new byte[rnd.nextInt(80)];
            rnd.nextBytes(g);
            if (g.length > 0 && rnd.nextBoolean()) {
                g[0] = 0x30;
            }
            if (g.length > 2 && rnd.nextBoolean()) {
                g[1] = (byte) (g.length - 2);
                g[2] = 0x02;
            }
            try {
                byte[] rs = EcdsaDer.derToP1363(g);
                // anything accepted must be the unique encoding
                assertArrayEquals(g, EcdsaDer.p1363ToDer(rs), "accepted a non-canonical encoding " + HEX.formatHex(g));
            } catch (InvalidSignatureException expected) {
                // fine
            }
        }
    }
}
