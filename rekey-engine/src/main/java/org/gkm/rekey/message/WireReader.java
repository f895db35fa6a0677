package org.gkm.rekey.message;

/**
 * Strict big-endian reader over a byte range (Kafka's {@code Readable}, STYLE.md sec. 6): every read
 * checks the bytes remaining first, and every failure is a {@link MalformedMessageException} naming
 * the field and its offset. Never allocates more than the bytes remaining.
 */
final class WireReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    WireReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    int remaining() {
        return end - pos;
    }

    /** Offset from the start of the range, for error messages. */
    int offset() {
        return pos - start;
    }

    private void need(int n, String field) throws MalformedMessageException {
        if (n > end - pos) {
            throw new MalformedMessageException(field + " at offset " + offset() + ": needs " + n + " bytes, "
                    + (end - pos) + " remain");
        }
    }

    int u8(String field) throws MalformedMessageException {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    int u16(String field) throws MalformedMessageException {
        need(2, field);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** A 32-bit field that must have its top bit clear (a non-negative Java int). */
    int nonNegativeInt(String field) throws MalformedMessageException {
        need(4, field);
        int at = offset();
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        if (v < 0) {
            throw new MalformedMessageException(field + " at offset " + at + " is negative");
        }
        return v;
    }

    /** A 64-bit field that must have its top bit clear (a non-negative Java long). */
    long nonNegativeLong(String field) throws MalformedMessageException {
        need(8, field);
        int at = offset();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        if (v < 0) {
            throw new MalformedMessageException(field + " at offset " + at + " is negative");
        }
        return v;
    }

    /** A count that must be at most {@code max} and fit the remaining bytes at {@code minElementBytes} each. */
    int count(String field, int max, int minElementBytes) throws MalformedMessageException {
        int at = offset();
        int n = nonNegativeInt(field);
        if (n > max) {
            throw new MalformedMessageException(field + " at offset " + at + " is " + n + ", limit " + max);
        }
        if ((long) n * minElementBytes > remaining()) {
            throw new MalformedMessageException(field + " at offset " + at + " is " + n + " but only " + remaining()
                    + " bytes remain (each element takes at least " + minElementBytes + ")");
        }
        return n;
    }

    /** {@code n} bytes, after checking they remain (so a length lie cannot make us allocate). */
    byte[] bytes(int n, String field) throws MalformedMessageException {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    KeyRef keyRef(String field) throws MalformedMessageException {
        return keyRef(field + ".nodeId", field + ".generation");
    }

    /** A key reference with constant field names (no string built per field on the hot path). */
    KeyRef keyRef(String nodeField, String generationField) throws MalformedMessageException {
        int node = nonNegativeInt(nodeField);
        int generation = nonNegativeInt(generationField);
        return new KeyRef(node, generation);
    }
}
