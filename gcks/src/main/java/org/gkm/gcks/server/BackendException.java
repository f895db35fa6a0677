package org.gkm.gcks.server;

import java.util.Objects;

/**
 * A {@link GroupBackend} could not do what was asked; nothing was committed (except for
 * {@link Reason#NOT_CONFIRMED}, where that is unknown). The {@link Reason} says why; the message
 * names the group and member (for {@link Reason#NOT_LEADER}, the leader), never key material.
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
        STORE,
        /**
         * A replicated backend's replica is not its Raft group's leader, so it did not submit the
         * change: nothing was committed by this request; the message names the leader's peer id
         * and address when known. (A replica that loses leadership while the change is in flight
         * answers {@link #NOT_CONFIRMED}: the change may still commit under the next leader.)
         */
        NOT_LEADER,
        /**
         * A replicated backend did not learn in time whether the change committed (no quorum, a
         * timeout): it may still commit. Read the sequence before retrying.
         */
        NOT_CONFIRMED
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
