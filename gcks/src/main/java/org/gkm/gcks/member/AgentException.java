package org.gkm.gcks.member;

import java.util.Optional;
import org.gkm.gcks.server.Refusal;

/**
 * The member agent could not do what was asked: the GCKS refused (a {@link Refusal}), closed the
 * connection (removed, shut down), or answered with something the agent cannot use. The message
 * says which and never holds key material.
 */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal refusal;

    public AgentException(String message) {
        this(null, message, null);
    }

    public AgentException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    /** The GCKS's refusal, when that is what happened. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }
}
