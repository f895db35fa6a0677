package org.gkm.crypto.spi;

import java.io.ByteArrayOutputStream;
import org.gkm.crypto.InvalidSignatureException;

/**
 * Conversions between ECDSA P-256 signatures as r||s (IEEE P1363, 64 bytes) and strict DER
 * SEQUENCE { INTEGER r, INTEGER s }. Only the unique DER encoding is accepted (minimal lengths,
 * minimal positive integers, no trailing bytes): BER variants are a classic signature-malleability
 * hole, and accepting exactly one encoding keeps both providers in agreement.
 */
public final class EcdsaDer {
    private static final int SCALAR = 32;

    private EcdsaDer() {}

    /** Encodes a 64-byte r||s as DER. */
    public static byte[] p1363ToDer(byte[] rs) {
        if (rs.length != 2 * SCALAR) {
            throw new IllegalArgumentException("P1363 signature must be 64 bytes, got " + rs.length);
        }
        byte[] r = integer(rs, 0);
        byte[] s = integer(rs, SCALAR);
        ByteArrayOutputStream out = new ByteArrayOutputStream(72);
        out.write(0x30);
        out.write(r.length + s.length); // at most 2 * 35 = 70 < 128: short form
        out.write(r, 0, r.length);
        out.write(s, 0, s.length);
        return out.toByteArray();
    }

    private static byte[] integer(byte[] rs, int off) {
        int start = off;
        int end = off + SCALAR;
        while (start < end - 1 && rs[start] == 0) {
            start++;
        }
        boolean pad = (rs[start] & 0x80) != 0;
        int len = end - start + (pad ? 1 : 0);
        byte[] enc = new byte[2 + len];
        enc[0] = 0x02;
        enc[1] = (byte) len;
        System.arraycopy(rs, start, enc, 2 + (pad ? 1 : 0), end - start);
        return enc;
    }

    /**
     * Decodes a strict-DER ECDSA P-256 signature into 64-byte r||s.
     *
     * @throws InvalidSignatureException if the encoding is not exactly DER, an integer is negative,
     *     or a value does not fit in 32 bytes (range against n is checked by the caller)
     */
    public static byte[] derToP1363(byte[] der) throws InvalidSignatureException {
        if (der.length < 8 || der.length > 72 || der[0] != 0x30) {
            throw new InvalidSignatureException("ECDSA signature is not a DER SEQUENCE of the right size");
        }
        int seqLen = der[1] & 0xff;
        if (seqLen >= 0x80 || seqLen != der.length - 2) {
            throw new InvalidSignatureException("ECDSA signature DER length is wrong");
        }
        byte[] rs = new byte[2 * SCALAR];
        int pos = readInteger(der, 2, rs, 0);
        pos = readInteger(der, pos, rs, SCALAR);
        if (pos != der.length) {
            throw new InvalidSignatureException("trailing bytes after ECDSA signature");
        }
        return rs;
    }

    private static int readInteger(byte[] der, int pos, byte[] out, int outOff) throws InvalidSignatureException {
        if (pos + 2 > der.length || der[pos] != 0x02) {
            throw new InvalidSignatureException("ECDSA signature: expected DER INTEGER");
        }
        int len = der[pos + 1] & 0xff;
        pos += 2;
        if (len == 0 || len >= 0x80 || pos + len > der.length) {
            throw new InvalidSignatureException("ECDSA signature: bad INTEGER length");
        }
        if ((der[pos] & 0x80) != 0) {
            throw new InvalidSignatureException("ECDSA signature: negative INTEGER");
        }
        if (len > 1 && der[pos] == 0 && (der[pos + 1] & 0x80) == 0) {
            throw new InvalidSignatureException("ECDSA signature: non-minimal INTEGER");
        }
        int start = pos;
        int n = len;
        if (der[start] == 0 && n > 1) {
            start++;
            n--;
        }
        if (n > SCALAR) {
            throw new InvalidSignatureException("ECDSA signature: INTEGER larger than 256 bits");
        }
        System.arraycopy(der, start, out, outOff + SCALAR - n, n);
        return pos + len;
    }
}
