package org.gkm.rekey;

/**
 * The GCKS refuses a member-initiated rekey message: wrong sequence, TEK id, sender or type, an
 * entry missing, extra, undecryptable or carrying a different key than its siblings, or a public
 * key that does not match its private key. Nothing was changed.
 */
public final class RejectedRekeyException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public RejectedRekeyException(String message) {
        super(Reason.REJECTED_REKEY, message);
    }

    public RejectedRekeyException(String message, Throwable cause) {
        super(Reason.REJECTED_REKEY, message, cause);
    }
}
