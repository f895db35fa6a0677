package org.gkm.gcks.net;

/**
 * The exchanges on top of the transport (registration, de-registration, acknowledgements, resync):
 * what the server does with a member's frames. The transport answers {@code PING}, handles
 * {@code GOODBYE}, refuses frames a member may not send and admits registrations up to the bound
 * before calling {@link #onFrame}.
 *
 * <p>Every call for one session runs on that session's own (virtual) thread, one at a time and in
 * arrival order, so a handler may block (a store commit, a signature check) without holding up any
 * other member. A handler must be thread-safe across sessions.
 */
public interface FrameHandler {
    /** A connection was accepted (before its first frame). */
    default void onOpen(Session session) {
    }

    /**
     * One frame from the member. A registration frame ({@link FrameType#opensRegistration()}) arrives
     * only once the session holds a registration slot; the handler gives it back with
     * {@link Session#registrationDone()} when the exchange ends (closing the session does too).
     *
     * @throws FrameException the payload is malformed: the session is closed with a goodbye naming
     *     the reason, and nothing else happens to any other session
     */
    void onFrame(Session session, Frame frame) throws FrameException;

    /** The connection ended (called once, on the session's thread, after its socket is closed). */
    default void onClose(Session session, CloseReason reason) {
    }
}
