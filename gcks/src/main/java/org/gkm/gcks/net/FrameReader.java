package org.gkm.gcks.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads frames from a byte stream, strictly. The length prefix is checked against the frame limit
 * before anything is allocated, and the version and type before the payload is read. The payload is
 * read in bounded chunks into a buffer that grows (doubling, from at most {@link #CHUNK_BYTES}) only
 * as bytes actually arrive, so a peer claiming a large frame and sending little makes the reader hold
 * at most about twice what was received: a lying prefix costs the liar bandwidth, not the reader
 * memory.
 *
 * <p>Not thread-safe: one reader per stream, used by one thread. I/O errors (including socket
 * timeouts) pass through unchanged; they are the connection's, not the format's.
 */
public final class FrameReader {
    /** Initial payload buffer bound and growth unit floor. */
    public static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] head = new byte[FrameCodec.PREFIX_BYTES + FrameCodec.HEADER_BYTES];

    /**
     * @param in the stream (buffer it: the reader issues small reads for the header)
     * @param maxFrameBytes the frame limit: the largest length prefix accepted
     */
    public FrameReader(InputStream in, int maxFrameBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.maxFrameBytes = FrameCodec.checkLimit(maxFrameBytes);
    }

    /**
     * The next frame, or {@code null} if the stream ended cleanly before a frame began.
     *
     * @throws FrameException the frame breaks the format (too large, truncated, unknown version or
     *     type, too short); nothing more should be read from this stream
     * @throws IOException the stream failed (the socket's timeout included)
     */
    public Frame next() throws FrameException, IOException {
        int got = readUpTo(head, 0, FrameCodec.PREFIX_BYTES);
        if (got == 0) {
            return null;
        }
        if (got < FrameCodec.PREFIX_BYTES) {
            throw truncated("length prefix", got, FrameCodec.PREFIX_BYTES);
        }
        long length = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFFL) << 16) | ((head[2] & 0xFFL) << 8) | (head[3] & 0xFFL);
        int len = FrameCodec.checkLength(length, maxFrameBytes);
        got = readUpTo(head, FrameCodec.PREFIX_BYTES, FrameCodec.HEADER_BYTES);
        if (got < FrameCodec.HEADER_BYTES) {
            throw truncated("frame header", got, FrameCodec.HEADER_BYTES);
        }
        FrameType type = FrameCodec.checkHeader(head[4] & 0xFF, head[5] & 0xFF);
        int payloadLen = len - FrameCodec.HEADER_BYTES;
        byte[] buf = new byte[Math.min(payloadLen, CHUNK_BYTES)];
        int have = 0;
        while (have < payloadLen) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(payloadLen, 2L * buf.length));
            }
            int n = in.read(buf, have, buf.length - have);
            if (n < 0) {
                throw truncated("frame payload", have, payloadLen);
            }
            have += n;
        }
        return Frame.owning(type, buf);
    }

    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int have = 0;
        while (have < len) {
            int n = in.read(b, off + have, len - have);
            if (n < 0) {
                break;
            }
            have += n;
        }
        return have;
    }

    private static FrameException truncated(String part, int have, int want) {
        return new FrameException(FrameException.Reason.TRUNCATED,
                "stream ended in the " + part + " after " + have + " of " + want + " bytes");
    }
}
