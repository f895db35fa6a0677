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
    private final boolean connectionLost;

    public AgentException(String message) {
        this(null, message, null);
    }

    public AgentException(Refusal refusal, String message, Throwable cause) {
        this(refusal, message, cause, false);
    }

    private AgentException(Refusal refusal, String message, Throwable cause, boolean connectionLost) {
        super(message, cause);
        this.refusal = refusal;
        this.connectionLost = connectionLost;
    }

    /**
     * The GCKS's connection ended without removing the member (closed, or a goodbye that is not a
     * removal): the failure a move to another replica answers.
     */
    static AgentException connectionLost(String message) {
        return new AgentException(null, message, null, true);
    }

    /** The GCKS's refusal, when that is what happened. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Whether the GCKS's connection ended without removing the member (another replica may serve it). */
    public boolean connectionLost() {
        return connectionLost;
    }
}
