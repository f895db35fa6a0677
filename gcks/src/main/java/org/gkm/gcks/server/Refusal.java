package org.gkm.gcks.server;

import java.util.Optional;

/**
 * Why the GCKS refused a member's request, as carried in a refused registration, de-registration,
 * resync or member-initiated reply ({@link Payloads}, {@link InitiatorPayloads}). A refusal changes no group state.
 */
public enum Refusal {
    /** No group with that id is hosted here. */
    UNKNOWN_GROUP(1),
    /** A sequence number below zero, or a count out of range. */
    BAD_SEQUENCE(2),
    /** GKMP refused the frame before authenticating it (bad signature or certificate, revoked, replay, stale). */
    NOT_AUTHENTICATED(3),
    /** GKMP ended the exchange after authenticating the sender (permissions, group terms, state). */
    EXCHANGE_TERMINATED(4),
    /** The frame names another sender than the one this connection registers, or is not a GKMP frame. */
    BAD_REGISTRATION(5),
    /** The request needs a registered member on this connection. */
    NOT_REGISTERED(6),
    /** The key server could not commit the change. */
    SERVER_ERROR(7),
    /** The proof of possession of a de-registration does not verify. */
    BAD_PROOF(8),
    /** The owner removed this member (or its certificate was revoked): it may not register again. */
    BARRED(9),
    /**
     * A member-initiated request whose initiator is not authorised (claim 15): its certificates do
     * not verify, are revoked or expired, or do not grant the operation's right.
     */
    NOT_AUTHORIZED(10),
    /** The member a request names is not in the group. */
    UNKNOWN_MEMBER(11),
    /**
     * The key server refused a member's rekey message: it does not match the group's current state
     * (built on an older sequence, replayed), does not open, or is not signed by the initiator's key.
     */
    REKEY_REJECTED(12),
    /** A member-initiated join names an identity that is in the group already. */
    ALREADY_MEMBER(13);

    private final int code;

    Refusal(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Refusal> fromCode(int code) {
        for (Refusal r : values()) {
            if (r.code == code) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
