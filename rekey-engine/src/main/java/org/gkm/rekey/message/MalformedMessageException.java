package org.gkm.rekey.message;

/**
 * The body violates the wire format: unknown version or code, a negative or out-of-range number, a
 * length or count beyond its limit or beyond the bytes remaining, trailing bytes, or field values
 * the value types reject. The message says which field and where, never key bytes.
 */
public final class MalformedMessageException extends RekeyMessageException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(Reason.MALFORMED_MESSAGE, message);
    }
}
