package org.gkm.gkmp;

/**
 * A byte string is not a well-formed GKMP encoding: truncated, trailing bytes, a length or count
 * above its limit or beyond the bytes remaining, an unknown type or code, a non-canonical field.
 * Raised by the strict decoders before any cryptography runs and before any state changes.
 */
public final class MalformedMessageException extends GkmpException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(Reason.MALFORMED, message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(Reason.MALFORMED, message, cause);
    }
}
