package org.gkm.rekey;

/** A rekey message older than the member's state (replayed or reordered); state unchanged. */
public final class StaleMessageException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public StaleMessageException(String message) {
        super(Reason.STALE_MESSAGE, message);
    }
}
