package org.gkm.rekey;

/**
 * A batch rekey whose message could exceed the wire format's limits (entries, public-key updates,
 * body bytes: {@code RekeyLimits}); refused before any key changed. Split the batch.
 */
public final class BatchTooLargeException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public BatchTooLargeException(String message) {
        super(Reason.BATCH_TOO_LARGE, message);
    }
}
