package org.gkm.crypto;

/** A signature did not verify, or is not a well-formed encoding. */
public class InvalidSignatureException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(message);
    }

    public InvalidSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
