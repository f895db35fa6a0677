package org.gkm.gkmp.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.gkmp.MalformedMessageException;

/**
 * Strict big-endian reader over one byte array (the Kafka codec discipline): every
 * length and count is checked against the field's limit and the bytes remaining before anything is
 * allocated; {@link #finish(String)} rejects trailing bytes. All failures are
 * {@link MalformedMessageException}.
 */
public final class WireReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("bad slice");
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int remaining() {
        return end - pos;
    }

    /** Current offset in the underlying array (used to slice signed prefixes). */
    public int position() {
        return pos;
    }

    private void need(int n, String what) throws MalformedMessageException {
        if (n < 0 || n > end - pos) {
            throw new MalformedMessageException("truncated " + what + ": need " + n + " bytes, have " + (end - pos));
        }
    }

    public int u8(String what) throws MalformedMessageException {
        need(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16(String what) throws MalformedMessageException {
        need(2, what);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    public long u32(String what) throws MalformedMessageException {
        need(4, what);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public long i64(String what) throws MalformedMessageException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    /** A non-negative i64 (versions, ids, intervals). */
    public long nonNegative64(String what) throws MalformedMessageException {
        long v = i64(what);
        if (v < 0) {
            throw new MalformedMessageException(what + " is negative");
        }
        return v;
    }

    public byte[] fixed(int len, String what) throws MalformedMessageException {
        need(len, what);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** u16-prefixed bytes with {@code min <= length <= max}, checked before allocation. */
    public byte[] bytes16(int min, int max, String what) throws MalformedMessageException {
        int len = u16(what + " length");
        return body(len, min, max, what);
    }

    /** u32-prefixed bytes with {@code min <= length <= max}, checked before allocation. */
    public byte[] bytes32(int min, int max, String what) throws MalformedMessageException {
        long len = u32(what + " length");
        if (len > Integer.MAX_VALUE) {
            throw new MalformedMessageException(what + " length " + len + " exceeds limit " + max);
        }
        return body((int) len, min, max, what);
    }

    private byte[] body(int len, int min, int max, String what) throws MalformedMessageException {
        if (len < min || len > max) {
            throw new MalformedMessageException(what + " length " + len + " outside [" + min + ", " + max + "]");
        }
        need(len, what);
        return fixed(len, what);
    }

    /** u8-prefixed US-ASCII string whose characters all satisfy {@code allowed}. */
    public String ascii8(int min, int max, String allowed, String what) throws MalformedMessageException {
        int len = u8(what + " length");
        if (len < min || len > max) {
            throw new MalformedMessageException(what + " length " + len + " outside [" + min + ", " + max + "]");
        }
        need(len, what);
        for (int i = pos; i < pos + len; i++) {
            if (allowed.indexOf((char) (buf[i] & 0xFF)) < 0) {
                throw new MalformedMessageException(what + " has a character outside its alphabet");
            }
        }
        String s = new String(buf, pos, len, StandardCharsets.US_ASCII);
        pos += len;
        return s;
    }

    /**
     * A u16 element count, at most {@code max} and at most remaining / {@code minElementSize}, so a
     * lying count cannot make the caller allocate.
     */
    public int count16(int max, int minElementSize, String what) throws MalformedMessageException {
        int n = u16(what + " count");
        if (n > max) {
            throw new MalformedMessageException(what + " count " + n + " exceeds limit " + max);
        }
        if ((long) n * minElementSize > end - pos) {
            throw new MalformedMessageException(what + " count " + n + " exceeds the bytes remaining");
        }
        return n;
    }

    /** Rejects trailing bytes. */
    public void finish(String what) throws MalformedMessageException {
        if (pos != end) {
            throw new MalformedMessageException(what + " has " + (end - pos) + " trailing bytes");
        }
    }

    /** Copy of bytes [from, current position) of the underlying array. */
    public byte[] slice(int from) {
        return Arrays.copyOfRange(buf, from, pos);
    }
}
