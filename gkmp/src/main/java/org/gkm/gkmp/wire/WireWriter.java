package org.gkm.gkmp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Big-endian writer for gkmp's strict binary encodings. Every variable-length field carries a
 * length prefix sized for its limit; the writer refuses values beyond the limit (a caller bug,
 * {@link IllegalArgumentException}) so that everything written can be read back by
 * {@link WireReader} with the same limits.
 */
public final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public WireWriter u8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        out.write(v);
        return this;
    }

    public WireWriter u16(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public WireWriter u32(long v) {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    /** A signed 64-bit value (ids, versions, times in milliseconds). */
    public WireWriter i64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            out.write((int) (v >>> s));
        }
        return this;
    }

    /** Exactly {@code len} bytes, no prefix (fixed-size fields such as key shares). */
    public WireWriter fixed(byte[] b, int len) {
        Objects.requireNonNull(b, "bytes");
        if (b.length != len) {
            throw new IllegalArgumentException("fixed field must be " + len + " bytes, got " + b.length);
        }
        out.write(b, 0, len);
        return this;
    }

    /** u16 length prefix then the bytes; {@code max} is the field's limit (at most 65535). */
    public WireWriter bytes16(byte[] b, int max) {
        Objects.requireNonNull(b, "bytes");
        if (b.length > max || max > 0xFFFF) {
            throw new IllegalArgumentException("field of " + b.length + " bytes exceeds limit " + max);
        }
        u16(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** u32 length prefix then the bytes (nested encodings). */
    public WireWriter bytes32(byte[] b, int max) {
        Objects.requireNonNull(b, "bytes");
        if (b.length > max) {
            throw new IllegalArgumentException("field of " + b.length + " bytes exceeds limit " + max);
        }
        u32(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** A u8-prefixed US-ASCII string (identifiers and names are ASCII by construction). */
    public WireWriter ascii8(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > 0xFF) {
            throw new IllegalArgumentException("string too long: " + b.length);
        }
        u8(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    public WireWriter raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
