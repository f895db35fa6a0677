package org.gkm.gcks.net;

import java.time.Duration;
import java.util.Optional;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * Codecs of the payloads the transport owns, each read strictly (every field checked, no trailing
 * bytes) with the shared {@link WireReader}:
 *
 * <pre>
 * PING, PONG  token u64
 * BUSY        retry_after_ms u32
 * GOODBYE     reason u16 (a {@link CloseReason} code), detail ascii8 (printable ASCII, no secrets)
 * </pre>
 */
public final class ControlFrames {
    /** Printable ASCII: what a goodbye's detail may hold. */
    static final String PRINTABLE;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            b.append(c);
        }
        PRINTABLE = b.toString();
    }

    private ControlFrames() {
    }

    /** A {@code BUSY} answer: the member should retry no earlier than {@code retryAfter}. */
    public record Busy(Duration retryAfter) {
        public Busy {
            if (retryAfter.isNegative() || retryAfter.toMillis() > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("retry-after out of range: " + retryAfter);
            }
        }
    }

    /** A {@code GOODBYE}: why the sender closes, as a {@link CloseReason} code, and a printable detail. */
    public record Goodbye(int code, String detail) {
        public Goodbye {
            if (code < 0 || code > 0xFFFF) {
                throw new IllegalArgumentException("goodbye code out of range: " + code);
            }
        }

        /** The reason, if the code is one this code knows (a newer peer may send others). */
        public Optional<CloseReason> reason() {
            return CloseReason.fromCode(code);
        }
    }

    public static EncodedFrame ping(long token) {
        return FrameCodec.encode(FrameType.PING, WireWriter.growable().i64(token).toByteArray());
    }

    public static EncodedFrame pong(long token) {
        return FrameCodec.encode(FrameType.PONG, WireWriter.growable().i64(token).toByteArray());
    }

    /** The token of a {@code PING} or {@code PONG}. */
    public static long token(Frame f) throws FrameException {
        expect(f, FrameType.PING, FrameType.PONG);
        WireReader<FrameException> r = f.reader();
        long token = r.i64("ping token");
        r.finish(f.type() + " payload");
        return token;
    }

    public static EncodedFrame busy(Busy busy) {
        return FrameCodec.encode(FrameType.BUSY, WireWriter.growable().u32(busy.retryAfter().toMillis()).toByteArray());
    }

    public static Busy busy(Frame f) throws FrameException {
        expect(f, FrameType.BUSY, FrameType.BUSY);
        WireReader<FrameException> r = f.reader();
        long ms = r.u32("retry after");
        r.finish("BUSY payload");
        return new Busy(Duration.ofMillis(ms));
    }

    /** A goodbye; a detail that is too long or not printable ASCII is a caller bug. */
    public static EncodedFrame goodbye(CloseReason reason, String detail) {
        for (int i = 0; i < detail.length(); i++) {
            if (PRINTABLE.indexOf(detail.charAt(i)) < 0) {
                throw new IllegalArgumentException("goodbye detail must be printable ASCII");
            }
        }
        return FrameCodec.encode(FrameType.GOODBYE, WireWriter.growable().u16(reason.code()).ascii8(detail).toByteArray());
    }

    public static Goodbye goodbye(Frame f) throws FrameException {
        expect(f, FrameType.GOODBYE, FrameType.GOODBYE);
        WireReader<FrameException> r = f.reader();
        int code = r.u16("goodbye reason");
        String detail = r.ascii8(0, 255, PRINTABLE, "goodbye detail");
        r.finish("GOODBYE payload");
        return new Goodbye(code, detail);
    }

    private static void expect(Frame f, FrameType a, FrameType b) {
        if (f.type() != a && f.type() != b) {
            throw new IllegalArgumentException("not a " + a + " frame: " + f.type());
        }
    }
}
