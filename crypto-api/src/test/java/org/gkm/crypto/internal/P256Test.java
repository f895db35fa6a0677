package org.gkm.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.gkm.crypto.InvalidKeyException;
import org.junit.jupiter.api.Test;

class P256Test {
    private static final HexFormat HEX = HexFormat.of();
    static final String GX = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    static final String GY = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    static final byte[] G = HEX.parseHex("04" + GX + GY);
    /** (0, Y0) is on P-256. */
    static final String Y0 = "66485c780e2f83d72433bd5d84a06bb6541c2af31dae871728bf856a174f93f4";
    static final String P_HEX = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";

    @Test
    void uncompressedGenerator() throws Exception {
        assertArrayEquals(G, P256.decodePoint(G));
        assertArrayEquals(G, P256.decodePublicKey(G));
    }

    @Test
    void compressedGenerator() throws Exception {
        // GY is odd, so the prefix is 03
        assertArrayEquals(G, P256.decodePoint(HEX.parseHex("03" + GX)));
        assertArrayEquals(HEX.parseHex("03" + GX), P256.compress(G));
        // the other y: -G
        byte[] negG = P256.decodePoint(HEX.parseHex("02" + GX));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(negG, 33, 65));
        assertTrue(y.equals(P256.P.subtract(new BigInteger(GY, 16))));
    }

    @Test
    void spkiGenerator() throws Exception {
        byte[] spki = P256.toSpki(G);
        assertArrayEquals(HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200" + "04" + GX + GY), spki);
        assertArrayEquals(G, P256.decodePublicKey(spki));
    }

    @Test
    void spkiWithCompressedPoint() throws Exception {
        byte[] spki = HEX.parseHex("3039301306072a8648ce3d020106082a8648ce3d030107032200" + "03" + GX);
        assertArrayEquals(G, P256.decodePublicKey(spki));
    }

    @Test
    void offCurveRejected() {
        byte[] bad = G.clone();
        bad[64] ^= 1;
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(bad));
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(P256.toSpki(bad)));
        byte[] bad2 = G.clone();
        bad2[1] ^= (byte) 0x80;
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(bad2));
    }

    @Test
    void compressedXWithoutPointRejected() throws Exception {
        // find an x that is not on the curve, then its compressed encoding must be rejected
        int rejected = 0;
        for (int x = 1; x < 40; x++) {
            byte[] c = new byte[33];
            c[0] = 0x02;
            c[32] = (byte) x;
            try {
                P256.decodePoint(c);
            } catch (InvalidKeyException e) {
                rejected++;
            }
        }
        assertTrue(rejected > 0, "some small x must have no point");
    }

    @Test
    void wrongLengthsAndPrefixesRejected() {
        for (int len : new int[] {0, 1, 32, 64, 66, 97}) {
            byte[] b = new byte[len];
            if (len > 0) {
                b[0] = 0x04;
            }
            assertThrows(InvalidKeyException.class, () -> P256.decodePoint(b), "length " + len);
        }
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(Arrays.copyOf(G, 64)));
        byte[] g66 = Arrays.copyOf(G, 66);
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(g66));
        for (int prefix : new int[] {0x00, 0x01, 0x05, 0x06, 0x07}) {
            byte[] b = G.clone();
            b[0] = (byte) prefix;
            assertThrows(InvalidKeyException.class, () -> P256.decodePoint(b), "prefix " + prefix);
        }
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("04" + GX)));  // 33 bytes, 04
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(new byte[] {0})); // infinity
    }

    @Test
    void nonReducedCoordinatesRejected() throws Exception {
        // (0, Y0) is a valid point; (p, Y0) is the same point with x not reduced
        assertArrayEquals(HEX.parseHex("04" + "00".repeat(32) + Y0), P256.decodePoint(HEX.parseHex("04" + "00".repeat(32) + Y0)));
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("04" + P_HEX + Y0)));
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("02" + P_HEX)));
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("03" + P_HEX)));
        // y = p + small: find a point whose y is tiny is hard; y >= p is rejected whatever x is
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("04" + GX + P_HEX)));
        assertThrows(InvalidKeyException.class, () -> P256.decodePoint(HEX.parseHex("04" + GX + "ff".repeat(32))));
        // y' = p - GY is the valid negation; p + (p - GY) does not fit, but GY + p does not either: covered above
    }

    @Test
    void badSpkiRejected() {
        String point = "04" + GX + GY;
        // wrong curve OID (secp384r1 = 2b81040022)
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("3056301006072a8648ce3d020106052b81040022034200" + point)));
        // unused bits in the BIT STRING
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034201" + point)));
        // trailing byte after the SPKI
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200" + point + "00")));
        // trailing element inside the SEQUENCE
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("305b301306072a8648ce3d020106082a8648ce3d030107034200" + point + "0500")));
        // truncated
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200" + point.substring(0, 100))));
        // long-form length where short form is required
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("308159301306072a8648ce3d020106082a8648ce3d030107034200" + point)));
        // empty BIT STRING
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(
                HEX.parseHex("3017301306072a8648ce3d020106082a8648ce3d0301070300")));
        // a lone SEQUENCE tag
        assertThrows(InvalidKeyException.class, () -> P256.decodePublicKey(new byte[] {0x30}));
    }

    @Test
    void scalarRange() {
        byte[] n = HEX.parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        assertFalse(P256.isValidScalar(new byte[32]));
        byte[] one = new byte[32];
        one[31] = 1;
        assertTrue(P256.isValidScalar(one));
        byte[] nMinus1 = n.clone();
        nMinus1[31]--;
        assertTrue(P256.isValidScalar(nMinus1));
        assertFalse(P256.isValidScalar(n));
        byte[] nPlus1 = n.clone();
        nPlus1[31]++;
        assertFalse(P256.isValidScalar(nPlus1));
        byte[] max = new byte[32];
        Arrays.fill(max, (byte) 0xff);
        assertFalse(P256.isValidScalar(max));
        assertFalse(P256.isValidScalar(new byte[31]));
        assertFalse(P256.isValidScalar(Arrays.copyOf(one, 33)));
        // a value larger than n only in a late byte
        byte[] late = n.clone();
        late[20] = (byte) 0xff;
        assertFalse(P256.isValidScalar(late));
        byte[] early = n.clone();
        early[3] = (byte) 0xfe;
        early[20] = (byte) 0xff;
        assertTrue(P256.isValidScalar(early));
    }

    @Test
    void signatureRange() {
        byte[] one = new byte[32];
        one[31] = 1;
        byte[] n = HEX.parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        byte[] ok = new byte[64];
        System.arraycopy(one, 0, ok, 0, 32);
        System.arraycopy(one, 0, ok, 32, 32);
        assertTrue(P256.isValidSignatureRange(ok));
        byte[] rZero = ok.clone();
        rZero[31] = 0;
        assertFalse(P256.isValidSignatureRange(rZero));
        byte[] sN = ok.clone();
        System.arraycopy(n, 0, sN, 32, 32);
        assertFalse(P256.isValidSignatureRange(sN));
        assertFalse(P256.isValidSignatureRange(new byte[63]));
    }
}
