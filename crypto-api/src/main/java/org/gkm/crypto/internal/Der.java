package org.gkm.crypto.internal;

import java.util.Arrays;

/**
 * A strict DER reader over a byte range: definite minimal lengths only, bounds checked before every
 * read. Used for the few fixed ASN.1 structures gkm decodes (SubjectPublicKeyInfo, PKCS#8 headers).
 * Every error is a {@link DerException} carrying no input bytes.
 */
public final class Der {
    /** A malformed DER structure. */
    public static final class DerException extends Exception {
        private static final long serialVersionUID = 1L;

        DerException(String message) {
            super(message);
        }
    }

    private final byte[] buf;
    private int pos;
    private final int end;

    public Der(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private Der(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    public boolean atEnd() {
        return pos == end;
    }

    public void expectEnd() throws DerException {
        if (pos != end) {
            throw new DerException("trailing bytes");
        }
    }

    /** Reads an element with the given tag and returns a reader over its contents. */
    public Der read(int tag) throws DerException {
        if (pos >= end || (buf[pos] & 0xff) != tag) {
            throw new DerException("expected tag 0x" + Integer.toHexString(tag));
        }
        pos++;
        int len = readLength();
        if (len > end - pos) {
            throw new DerException("length exceeds the data");
        }
        Der inner = new Der(buf, pos, pos + len);
        pos += len;
        return inner;
    }

    /** The remaining bytes of this reader, copied. */
    public byte[] rest() {
        byte[] r = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return r;
    }

    /** The bytes of a whole element with this tag, including its header, copied. */
    public byte[] readRaw(int tag) throws DerException {
        int start = pos;
        read(tag);
        return Arrays.copyOfRange(buf, start, pos);
    }

    /** Reads an unsigned INTEGER's magnitude (strict: non-negative, minimal). */
    public byte[] readUnsignedInteger() throws DerException {
        byte[] v = read(0x02).rest();
        if (v.length == 0 || (v[0] & 0x80) != 0) {
            throw new DerException("INTEGER empty or negative");
        }
        if (v.length > 1 && v[0] == 0 && (v[1] & 0x80) == 0) {
            throw new DerException("INTEGER not minimal");
        }
        return v[0] == 0 && v.length > 1 ? Arrays.copyOfRange(v, 1, v.length) : v;
    }

    private int readLength() throws DerException {
        if (pos >= end) {
            throw new DerException("missing length");
        }
        int first = buf[pos++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = first & 0x7f;
        if (n == 0 || n > 3) {
            throw new DerException("unsupported length form");
        }
        if (n > end - pos) {
            throw new DerException("truncated length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (buf[pos++] & 0xff);
        }
        if (len < 0x80 || (n > 1 && len < (1 << (8 * (n - 1))))) {
            throw new DerException("length not minimal");
        }
        return len;
    }

    /** Bit length of a big-endian unsigned magnitude without leading zeros. */
    public static int bitLength(byte[] magnitude) {
        if (magnitude.length == 0) {
            return 0;
        }
        return (magnitude.length - 1) * 8 + (32 - Integer.numberOfLeadingZeros(magnitude[0] & 0xff));
    }
}
