package org.gkm.rekey;

/**
 * A member received a rekey message whose sequence number leaves a gap: messages
 * {@link #firstMissing()} .. {@link #lastMissing()} were lost; or a message MACed under a group
 * authentication key generation newer than the member's (it missed the rotation: {@link
 * #lastMissing()} is then unknown, -1; the generation is read before authentication, so a forged
 * one costs the member a resync and nothing else). The member must resync from the published
 * infrastructure (RFC 4046 sec. 5.3); its state is unchanged.
 */
public final class OutOfSyncException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;
    private final long firstMissing;
    private final long lastMissing;

    public OutOfSyncException(long firstMissing, long lastMissing) {
        super(Reason.OUT_OF_SYNC, "out of sync: rekey messages " + firstMissing + ".." + lastMissing + " missing");
        this.firstMissing = firstMissing;
        this.lastMissing = lastMissing;
    }

    private OutOfSyncException(long firstMissing, int held, int named) {
        super(Reason.OUT_OF_SYNC, "out of sync: message MACed under auth key generation " + named + ", this member holds " + held
                + " (missed a rotation at or after rekey message " + firstMissing + ")");
        this.firstMissing = firstMissing;
        this.lastMissing = -1;
    }

    /** The member holds auth key generation {@code held}; the message names the newer {@code named}. */
    static OutOfSyncException authKeyRotationMissed(long firstMissing, int held, int named) {
        return new OutOfSyncException(firstMissing, held, named);
    }

    public long firstMissing() {
        return firstMissing;
    }

    /** The last missing sequence number, or -1 when unknown (a missed auth key rotation). */
    public long lastMissing() {
        return lastMissing;
    }
}
