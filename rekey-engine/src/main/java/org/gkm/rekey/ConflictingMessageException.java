package org.gkm.rekey;

/**
 * A verified rekey message carries a sequence number this member already applied, with other
 * content (another signed digest): the GCKS issued two different messages under one sequence
 * number, or its key signed something it should not have. Not a harmless duplicate: members that
 * applied different messages would diverge silently. State unchanged; the caller should alert and
 * resync.
 */
public final class ConflictingMessageException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;
    private final long sequence;

    public ConflictingMessageException(long sequence) {
        super(Reason.CONFLICTING_MESSAGE,
                "rekey message " + sequence + " differs from the message applied under that sequence number");
        this.sequence = sequence;
    }

    /** The sequence number both messages carry. */
    public long sequence() {
        return sequence;
    }
}
