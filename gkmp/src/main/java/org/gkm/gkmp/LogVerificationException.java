package org.gkm.gkmp;

/** A group management log failed verification: a record was edited, removed, reordered, or a checkpoint signature is bad. */
public final class LogVerificationException extends GkmpException {
    private static final long serialVersionUID = 1L;
    private final long index;

    public LogVerificationException(long index, String message) {
        super(Reason.LOG_INVALID, "log record " + index + ": " + message);
        this.index = index;
    }

    /** Position in the verified list where verification failed. */
    public long index() {
        return index;
    }
}
