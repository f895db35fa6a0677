package org.gkm.rekey.message;

/**
 * The one root of rekey-engine's checked failures, with a {@link Reason} a caller can switch on
 * without knowing the class tree: every concrete exception class of the module has its own reason.
 * Its direct subclasses are the four branches, each final or sealed to its own package's
 * subclasses: {@link RekeyMessageException} (receiving a rekey message, this package),
 * {@code org.gkm.rekey.RekeyEngineException} (the engine's operations and the member state),
 * {@code org.gkm.rekey.data.DataSaException} (the Data SA) and
 * {@code org.gkm.rekey.store.StoreException} (the group store, with its own finer failure). It
 * lives in the message package because that is the package every other one of the module depends
 * on. A method that throws one has changed no state; messages never contain key material.
 */
public abstract sealed class RekeyException extends Exception
        permits RekeyMessageException, org.gkm.rekey.RekeyEngineException, org.gkm.rekey.data.DataSaException,
        org.gkm.rekey.store.StoreException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, one value per failure class. */
    public enum Reason {
        // receiving a rekey message (org.gkm.rekey.message), in the order of the opener's checks
        /** Sealed message too short or long, or envelope lengths that contradict its size. */
        MESSAGE_SIZE,
        /** HMAC under the group authentication key does not verify (or another key generation). */
        MESSAGE_AUTHENTICATION,
        /** Signature does not verify under the named trusted key, or an algorithm it cannot make. */
        MESSAGE_SIGNATURE,
        /** The signer key id names no trusted key. */
        UNKNOWN_SIGNER,
        /** The body violates the wire format. */
        MALFORMED_MESSAGE,
        // the engine and the member state (org.gkm.rekey)
        /** The requester lacks a privilege, is not a member or holds no initiator certificate. */
        AUTHORIZATION,
        /** A member named in a request is not in the group (or listed twice). */
        UNKNOWN_MEMBER,
        /** A batch could exceed the message limits. */
        BATCH_TOO_LARGE,
        /** A verified message cannot be applied with the keys held (or is for another group or epoch). */
        KEY_UNAVAILABLE,
        /** Messages were missed (a sequence gap or a missed auth key rotation): resync. */
        OUT_OF_SYNC,
        /** A message older than the state. */
        STALE_MESSAGE,
        /** Another message under an applied sequence number. */
        CONFLICTING_MESSAGE,
        /** A verified message whose origin may not issue it. */
        UNAUTHORIZED_SENDER,
        /** The GCKS refuses a member-initiated rekey after checking it. */
        REJECTED_REKEY,
        /** A parent key server refuses a delegated subtree's report (malformed, unauthenticated, replayed or out of order). */
        REJECTED_REPORT,
        /** A server snapshot is truncated, fails its checksum or breaks the format or the tree's invariants. */
        MALFORMED_SNAPSHOT,
        /** A change record is truncated, fails its checksum or does not fit the state it is replayed onto. */
        MALFORMED_CHANGE,
        /** A signed initiator view does not decode, exceeds its bounds, fails its signature or is of another group. */
        INVALID_VIEW,
        // the Data SA (org.gkm.rekey.data)
        /** A Data SA packet's format or length. */
        DATA_MALFORMED,
        /** A Data SA packet for another group. */
        DATA_WRONG_GROUP,
        /** A Data SA packet under a TEK the receiver does not hold. */
        DATA_UNKNOWN_TEK,
        /** A Data SA packet replayed. */
        DATA_REPLAYED,
        /** A Data SA packet older than the replay window. */
        DATA_STALE,
        /** A Data SA packet's tag does not verify. */
        DATA_AUTHENTICATION,
        /** A Data SA sender ran out of sequence numbers. */
        DATA_SEQUENCE_EXHAUSTED,
        // the group store (org.gkm.rekey.store)
        /** A group store read or write failed; {@code StoreException.failure()} says how. */
        STORE
    }

    private final Reason reason;

    protected RekeyException(Reason reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    protected RekeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** Why this failed. */
    public Reason reason() {
        return reason;
    }
}
