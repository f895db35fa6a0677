package org.gkm.rekey;

/**
 * A member received a rekey message whose sequence number leaves a gap: messages
 * {@link #firstMissing()} .. {@link #lastMissing()} were lost. The member must resync from the
 * published infrastructure (RFC 4046 sec. 5.3); its state is unchanged.
 */
public final class OutOfSyncException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;
    private final long firstMissing;
    private final long lastMissing;

    public OutOfSyncException(long firstMissing, long lastMissing) {
        super("out of sync: rekey messages " + firstMissing + ".." + lastMissing + " missing");
        this.firstMissing = firstMissing;
        this.lastMissing = lastMissing;
    }

    public long firstMissing() {
        return firstMissing;
    }

    public long lastMissing() {
        return lastMissing;
    }
}
