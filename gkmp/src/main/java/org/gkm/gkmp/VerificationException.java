package org.gkm.gkmp;

/**
 * A well-formed item failed one named check (a signature, a certificate chain, a CRL lookup, a
 * permission comparison...). {@link #check()} says which, so the state machines can put it in the
 * termination report.
 */
public final class VerificationException extends GkmpException {
    private static final long serialVersionUID = 1L;

    private final Check check;

    public VerificationException(Check check, String message) {
        super(Reason.VERIFICATION_FAILED, check + ": " + message);
        this.check = check;
    }

    public VerificationException(Check check, String message, Throwable cause) {
        super(Reason.VERIFICATION_FAILED, check + ": " + message, cause);
        this.check = check;
    }

    /** The check that failed. */
    public Check check() {
        return check;
    }
}
