package org.gkm.crypto;

/** A non-secret input has the wrong length or layout (e.g. key data not a multiple of 8, a batch offset out of bounds, an HKDF length too large). */
public class InvalidInputException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
