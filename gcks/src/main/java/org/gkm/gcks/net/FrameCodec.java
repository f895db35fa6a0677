package org.gkm.gcks.net;

import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The frame format ({@code docs/gcks.md}, "Frames"), big-endian:
 *
 * <pre>
 * length  u32   bytes after this field: 2 + payload length; 2 &lt;= length &lt;= the frame limit
 * version u8    {@link #VERSION}
 * type    u8    a {@link FrameType} code
 * payload length - 2 bytes
 * </pre>
 *
 * <p>Encoding is here; decoding of a stream is {@link FrameReader} (bounded chunked reads) and of a
 * datagram {@link #decodeDatagram}. Both check the length against the limit before they allocate, then
 * the version and the type before they read the payload.
 */
public final class FrameCodec {
    /** The frame format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Size of the length prefix. */
    public static final int PREFIX_BYTES = 4;
    /** Version and type bytes, counted in the length. */
    public static final int HEADER_BYTES = 2;
    /** The largest frame limit a reader accepts: a length that still fits a Java array with its prefix. */
    public static final int MAX_FRAME_LIMIT = Integer.MAX_VALUE - 16;
    /** Largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP). */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    private FrameCodec() {
    }

    /**
     * Encodes one frame.
     *
     * @throws IllegalArgumentException if the frame would not fit a Java array (a caller bug); the
     *     receiver's frame limit is the receiver's business
     */
    public static EncodedFrame encode(FrameType type, byte[] payload) {
        if (payload.length > MAX_FRAME_LIMIT - HEADER_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes too large for a frame");
        }
        byte[] wire = new byte[PREFIX_BYTES + HEADER_BYTES + payload.length];
        WireWriter.into(wire, 0).u32(HEADER_BYTES + (long) payload.length).u8(VERSION).u8(type.code()).raw(payload);
        return new EncodedFrame(type, wire);
    }

    /**
     * Checks a length prefix against the limit: the first thing done with it.
     *
     * @return the length as an int
     */
    static int checkLength(long length, int maxFrameBytes) throws FrameException {
        if (length > maxFrameBytes) {
            throw new FrameException(FrameException.Reason.TOO_LARGE,
                    "frame length " + length + " exceeds the frame limit " + maxFrameBytes);
        }
        if (length < HEADER_BYTES) {
            throw new FrameException(FrameException.Reason.MALFORMED,
                    "frame length " + length + " is shorter than the " + HEADER_BYTES + "-byte header");
        }
        return (int) length;
    }

    /** Checks the version byte and maps the type byte (before the payload is read). */
    static FrameType checkHeader(int version, int typeCode) throws FrameException {
        if (version != VERSION) {
            throw new FrameException(FrameException.Reason.UNSUPPORTED_VERSION,
                    "frame version " + version + ", this code reads " + VERSION);
        }
        return FrameType.fromCode(typeCode);
    }

    /** Checks that a frame limit is one a reader can honour. */
    static int checkLimit(int maxFrameBytes) {
        if (maxFrameBytes < HEADER_BYTES || maxFrameBytes > MAX_FRAME_LIMIT) {
            throw new IllegalArgumentException("frame limit " + maxFrameBytes + " outside [" + HEADER_BYTES + ", "
                    + MAX_FRAME_LIMIT + "]");
        }
        return maxFrameBytes;
    }

    /**
     * Decodes a datagram holding exactly one frame.
     *
     * @throws FrameException the datagram is shorter than its prefix says ({@code TRUNCATED}), longer
     *     ({@code MALFORMED}), over the limit, or of an unknown version or type
     */
    public static Frame decodeDatagram(byte[] buf, int off, int len, int maxFrameBytes) throws FrameException {
        checkLimit(maxFrameBytes);
        WireReader<FrameException> r = new WireReader<>(buf, off, len, FrameException::malformed);
        if (len < PREFIX_BYTES + HEADER_BYTES) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "datagram of " + len + " bytes has no whole frame header");
        }
        int length = checkLength(r.u32("frame length"), maxFrameBytes);
        if (length > r.remaining()) {
            throw new FrameException(FrameException.Reason.TRUNCATED,
                    "frame length " + length + " but the datagram holds " + r.remaining() + " bytes after the prefix");
        }
        FrameType type = checkHeader(r.u8("frame version"), r.u8("frame type"));
        byte[] payload = r.fixed(length - HEADER_BYTES, "frame payload");
        r.finish("datagram");
        return Frame.owning(type, payload);
    }
}
