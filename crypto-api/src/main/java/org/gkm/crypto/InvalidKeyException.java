package org.gkm.crypto;

/** A key is malformed, of the wrong size or type, or not usable (point not on the curve, shared secret all zero). */
public class InvalidKeyException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidKeyException(String message) {
        super(message);
    }

    public InvalidKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
