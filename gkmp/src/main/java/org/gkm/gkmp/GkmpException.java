package org.gkm.gkmp;

/**
 * The one root of the GKMP module's checked failures: external input (a frame, a certificate, a
 * token, a log, a key-tree path) that is malformed or fails verification. {@link #reason()} says
 * which kind without a type switch; the subclasses carry the detail ({@link VerificationException}
 * names the failed {@link Check}, {@link LogVerificationException} the bad record). Messages say what
 * was wrong and never contain key material. Caller bugs (null arguments, out-of-range parameters to
 * builders) are unchecked and not part of this hierarchy.
 */
public abstract sealed class GkmpException extends Exception
        permits MalformedMessageException, VerificationException, LogVerificationException, RekeyEngineRefusedException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure; one value per subclass. */
    public enum Reason {
        /** Not a well-formed encoding ({@link MalformedMessageException}). */
        MALFORMED,
        /** Well-formed but failed a named check ({@link VerificationException}). */
        VERIFICATION_FAILED,
        /** A group management log failed verification ({@link LogVerificationException}). */
        LOG_INVALID,
        /** The rekey engine refused a key-tree path or rekey message ({@link RekeyEngineRefusedException}). */
        REKEY_ENGINE_REFUSED
    }

    private final Reason reason;

    GkmpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    GkmpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
