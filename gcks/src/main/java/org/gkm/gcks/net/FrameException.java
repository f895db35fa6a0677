package org.gkm.gcks.net;

import java.util.Objects;

/**
 * A frame could not be read: the bytes on the wire break the frame format ({@code docs/gcks.md},
 * "Frames"). The {@link Reason} says which rule; the message names the field and the limit, never
 * payload bytes. Thrown before anything of the claimed size is allocated, and it leaves no state
 * behind: the connection it came from is closed by the caller.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Which rule of the frame format the input broke. */
    public enum Reason {
        /** The length prefix claims more than the configured frame limit. */
        TOO_LARGE,
        /** The stream or datagram ended inside a frame. */
        TRUNCATED,
        /** The frame's version byte is not one this code reads. */
        UNSUPPORTED_VERSION,
        /** The frame type code is not in the frame type table. */
        UNKNOWN_TYPE,
        /** The frame type is known but may not be sent in this direction (or at this point). */
        UNEXPECTED_TYPE,
        /** A length below the header size, a payload field out of range, or trailing bytes. */
        MALFORMED
    }

    private final Reason reason;

    public FrameException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The rule that was broken. */
    public Reason reason() {
        return reason;
    }

    /** A {@link Reason#MALFORMED} error, as the {@link org.gkm.wire.MalformedInputFactory} of payload readers. */
    public static FrameException malformed(String message) {
        return new FrameException(Reason.MALFORMED, message);
    }
}
