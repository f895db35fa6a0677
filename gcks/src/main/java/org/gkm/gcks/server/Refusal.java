package org.gkm.gcks.server;

import java.util.Optional;

/**
 * Why the GCKS refused a member's request, as carried in a refused registration, de-registration
 * or resync reply ({@link Payloads}). A refusal changes no group state.
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
    BARRED(9);

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
