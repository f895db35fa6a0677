package org.gkm.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Big-endian writer, the counterpart of {@link WireReader}: everything written with a limit can be
 * read back with the same limit.
 *
 * <p>Two modes. {@link #growable()} appends to an internal array (control frames, GKMP messages).
 * {@link #into(byte[], int)} writes into the caller's exactly pre-sized array (the rekey message
 * codec computes the size first and writes entry blocks in place); writing past its end is an
 * {@link IndexOutOfBoundsException}, a codec bug. Values outside a field's range are caller bugs
 * ({@link IllegalArgumentException}), never silently truncated. Not thread-safe.
 */
public final class WireWriter {
    private byte[] buf;
    private int pos;
    private final boolean growable;

    private WireWriter(byte[] buf, int pos, boolean growable) {
        this.buf = buf;
        this.pos = pos;
        this.growable = growable;
    }

    /** A writer that grows as needed; {@link #toByteArray()} returns what was written. */
    public static WireWriter growable() {
        return new WireWriter(new byte[256], 0, true);
    }

    /** A writer into {@code buf} starting at index {@code pos}; it never reallocates. */
    public static WireWriter into(byte[] buf, int pos) {
        Objects.checkIndex(pos, buf.length + 1);
        return new WireWriter(buf, pos, false);
    }

    private void ensure(int n) {
        if (n > buf.length - pos) {
            if (!growable) {
                throw new IndexOutOfBoundsException("write of " + n + " bytes at " + pos + " past the end " + buf.length);
            }
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, Math.addExact(pos, n)));
        }
    }

    /** Index of the next byte to write. */
    public int position() {
        return pos;
    }

    /** Bytes written so far by a growable writer (the same as {@link #position()}). */
    public int size() {
        return pos;
    }

    public WireWriter u8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    /** An unsigned 32-bit value, {@code 0 <= v <= 2^32 - 1}. */
    public WireWriter u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        ensure(4);
        for (int s = 24; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
        return this;
    }

    /** A signed 64-bit value (ids, versions, times in milliseconds). */
    public WireWriter i64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
        return this;
    }

    /** Exactly {@code len} bytes, no prefix (fixed-size fields such as key shares). */
    public WireWriter fixed(byte[] b, int len) {
        Objects.requireNonNull(b, "bytes");
        if (b.length != len) {
            throw new IllegalArgumentException("fixed field must be " + len + " bytes, got " + b.length);
        }
        return raw(b);
    }

    /** u16 length prefix then the bytes; {@code max} is the field's limit (at most 65535). */
    public WireWriter bytes16(byte[] b, int max) {
        Objects.requireNonNull(b, "bytes");
        if (b.length > max || max > 0xFFFF) {
            throw new IllegalArgumentException("field of " + b.length + " bytes exceeds limit " + max);
        }
        return u16(b.length).raw(b);
    }

    /** u32 length prefix then the bytes (nested encodings). */
    public WireWriter bytes32(byte[] b, int max) {
        Objects.requireNonNull(b, "bytes");
        if (b.length > max) {
            throw new IllegalArgumentException("field of " + b.length + " bytes exceeds limit " + max);
        }
        return u32(b.length).raw(b);
    }

    /** A u8-prefixed US-ASCII string (identifiers and names are ASCII by construction). */
    public WireWriter ascii8(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > 0xFF) {
            throw new IllegalArgumentException("string too long: " + b.length);
        }
        return u8(b.length).raw(b);
    }

    /** The bytes as they are, no prefix. */
    public WireWriter raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** Leaves {@code n} bytes for the caller to fill in place (entry blocks written by a kernel). */
    public WireWriter skip(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative skip: " + n);
        }
        ensure(n);
        pos += n;
        return this;
    }

    /** A copy of what a growable writer holds; for a writer into a caller's array, that array's prefix. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
