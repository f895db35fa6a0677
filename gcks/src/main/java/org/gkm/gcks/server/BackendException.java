package org.gkm.gcks.server;

import java.util.Objects;

/**
 * A {@link GroupBackend} could not do what was asked; nothing was committed. The {@link Reason}
 * says why; the message names the group and member, never key material.
 */
public final class BackendException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the backend refused. */
    public enum Reason {
        /** The member id is not in the tree. */
        UNKNOWN_MEMBER,
        /** The rekey engine refused the change (tree full, policy, a member's message that does not match). */
        REFUSED,
        /** The requester lacks the privilege the change needs (claim 15). */
        NOT_AUTHORIZED,
        /** The store failed; the change is not committed. */
        STORE
    }

    private final Reason reason;

    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
