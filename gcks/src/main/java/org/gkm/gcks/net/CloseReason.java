package org.gkm.gcks.net;

import java.util.Optional;

/**
 * Why a connection ended, with the code a {@link FrameType#GOODBYE} frame carries. The GCKS sends a
 * goodbye (best effort, never blocking) when it ends a connection for a reason the member can act
 * on; some reasons are local only (the peer left, the socket failed) and have no goodbye.
 */
public enum CloseReason {
    /** The peer closed the connection, or said goodbye. */
    PEER_CLOSED(1),
    /** The peer's length prefix exceeded the frame limit (no allocation of the claimed size). */
    FRAME_TOO_LARGE(2),
    /** The stream ended inside a frame. */
    TRUNCATED_FRAME(3),
    /** A frame broke the format (version, length, a payload field). */
    MALFORMED_FRAME(4),
    /** A frame type code not in the table. */
    UNKNOWN_FRAME_TYPE(5),
    /** A frame type the peer may not send. */
    UNEXPECTED_FRAME(6),
    /** The first frame, or a registration exchange, did not complete within the handshake deadline. */
    HANDSHAKE_TIMEOUT(7),
    /** No frame from the peer within the idle deadline. */
    IDLE_TIMEOUT(8),
    /** The peer did not read: its bounded outbound queue overflowed. */
    OUTBOUND_OVERFLOW(9),
    /** A write to the peer stayed blocked past the write deadline. */
    WRITE_STALLED(10),
    /** The server is at its connection bound. */
    SERVER_FULL(11),
    /** The server is shutting down. */
    SHUTDOWN(12),
    /** The exchange handler ended the connection (for example a refused or ejected member). */
    CLOSED_BY_HANDLER(13),
    /** The exchange handler failed unexpectedly on this connection's frame. */
    HANDLER_FAILED(14),
    /** The socket failed. */
    IO_ERROR(15);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    /** The code in a goodbye frame. */
    public int code() {
        return code;
    }

    /** The reason with wire code {@code code}, if any (an unknown code from a newer peer is not an error). */
    public static Optional<CloseReason> fromCode(int code) {
        for (CloseReason r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The close reason for a frame format error. */
    static CloseReason of(FrameException.Reason reason) {
        return switch (reason) {
            case TOO_LARGE -> FRAME_TOO_LARGE;
            case TRUNCATED -> TRUNCATED_FRAME;
            case UNKNOWN_TYPE -> UNKNOWN_FRAME_TYPE;
            case UNEXPECTED_TYPE -> UNEXPECTED_FRAME;
            case UNSUPPORTED_VERSION, MALFORMED -> MALFORMED_FRAME;
        };
    }
}
