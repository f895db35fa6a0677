package org.gkm.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Strict big-endian reader over a range of one byte array (Kafka's {@code Readable}, STYLE.md sec. 6).
 *
 * <p>Invariants: every read checks the bytes remaining first; every length and count is checked
 * against the field's limit and against the bytes remaining before anything is allocated, so a
 * lying prefix cannot make the caller allocate more than the input's size; {@link #finish(String)}
 * rejects trailing bytes. Every failure is the protocol's own exception (made by the
 * {@link MalformedInputFactory} given at construction) naming the field and its offset from the
 * start of the range. The reader never writes to the array; it is not thread-safe.
 *
 * @param <E> the exception thrown for malformed input
 */
public final class WireReader<E extends Exception> {
    private final byte[] buf;
    private final int start;
    private final int end;
    private final MalformedInputFactory<E> errors;
    private int pos;

    /** A reader over all of {@code buf}. */
    public WireReader(byte[] buf, MalformedInputFactory<E> errors) {
        this(buf, 0, buf.length, errors);
    }

    /**
     * A reader over {@code buf[off, off + len)}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the array (a caller bug)
     */
    public WireReader(byte[] buf, int off, int len, MalformedInputFactory<E> errors) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
        this.errors = Objects.requireNonNull(errors, "errors");
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    /** Offset from the start of the range (what error messages report). */
    public int offset() {
        return pos - start;
    }

    /** Current index in the underlying array (for slicing signed prefixes). */
    public int position() {
        return pos;
    }

    private E error(String field, int at, String what) {
        return errors.malformed(field + " at offset " + at + ": " + what);
    }

    private void need(long n, String field) throws E {
        if (n < 0 || n > end - pos) {
            throw error(field, offset(), "needs " + n + " bytes, " + (end - pos) + " remain");
        }
    }

    /** An unsigned byte. */
    public int u8(String field) throws E {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    /** An unsigned 16-bit value. */
    public int u16(String field) throws E {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private int raw32() {
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private long raw64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /** An unsigned 32-bit value. */
    public long u32(String field) throws E {
        need(4, field);
        return raw32() & 0xFFFF_FFFFL;
    }

    /** A 32-bit field whose top bit must be clear (a non-negative Java int). */
    public int nonNegativeInt(String field) throws E {
        need(4, field);
        int at = offset();
        int v = raw32();
        if (v < 0) {
            throw error(field, at, "is negative");
        }
        return v;
    }

    /** A signed 64-bit value. */
    public long i64(String field) throws E {
        need(8, field);
        return raw64();
    }

    /** A 64-bit field whose top bit must be clear (versions, ids, intervals). */
    public long nonNegativeLong(String field) throws E {
        need(8, field);
        int at = offset();
        long v = raw64();
        if (v < 0) {
            throw error(field, at, "is negative");
        }
        return v;
    }

    /** Exactly {@code len} bytes, copied, after checking they remain. */
    public byte[] fixed(int len, String field) throws E {
        need(len, field);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** u16-prefixed bytes with {@code min <= length <= max}, checked before allocation. */
    public byte[] bytes16(int min, int max, String field) throws E {
        int at = offset();
        return body(u16(field + " length"), at, min, max, field);
    }

    /** u32-prefixed bytes with {@code min <= length <= max}, checked before allocation. */
    public byte[] bytes32(int min, int max, String field) throws E {
        int at = offset();
        long len = u32(field + " length");
        return body(len, at, min, max, field);
    }

    private byte[] body(long len, int at, int min, int max, String field) throws E {
        if (len < min || len > max) {
            throw error(field, at, "length " + len + " outside [" + min + ", " + max + "]");
        }
        return fixed((int) len, field);
    }

    /** u8-prefixed US-ASCII string whose characters all occur in {@code alphabet}. */
    public String ascii8(int min, int max, String alphabet, String field) throws E {
        int at = offset();
        int len = u8(field + " length");
        if (len < min || len > max) {
            throw error(field, at, "length " + len + " outside [" + min + ", " + max + "]");
        }
        need(len, field);
        for (int i = pos; i < pos + len; i++) {
            if (alphabet.indexOf((char) (buf[i] & 0xFF)) < 0) {
                throw error(field, at, "has a character outside its alphabet");
            }
        }
        String s = new String(buf, pos, len, StandardCharsets.US_ASCII);
        pos += len;
        return s;
    }

    /**
     * A u16 element count, at most {@code max} and at most remaining / {@code minElementBytes}, so a
     * lying count cannot make the caller allocate.
     */
    public int count16(int max, int minElementBytes, String field) throws E {
        int at = offset();
        return checkCount(u16(field), at, max, minElementBytes, field);
    }

    /** A non-negative 32-bit element count with the same checks as {@link #count16}. */
    public int count32(int max, int minElementBytes, String field) throws E {
        int at = offset();
        return checkCount(nonNegativeInt(field), at, max, minElementBytes, field);
    }

    private int checkCount(int n, int at, int max, int minElementBytes, String field) throws E {
        if (n > max) {
            throw error(field, at, "is " + n + ", limit " + max);
        }
        if ((long) n * minElementBytes > remaining()) {
            throw error(field, at, "is " + n + " but only " + remaining() + " bytes remain (each element takes at least "
                    + minElementBytes + ")");
        }
        return n;
    }

    /** Rejects trailing bytes. */
    public void finish(String what) throws E {
        if (pos != end) {
            throw error(what, offset(), (end - pos) + " trailing bytes");
        }
    }

    /** Copy of the underlying array's bytes from index {@code from} to the current position. */
    public byte[] slice(int from) {
        Objects.checkFromToIndex(from, pos, buf.length);
        return Arrays.copyOfRange(buf, from, pos);
    }
}
