package org.gkm.crypto;

/**
 * Base of gkm's checked crypto failures: bad external input (ciphertexts, signatures, keys, lengths)
 * that a caller must handle. Subclasses name the fault; messages say what was wrong and never
 * contain secret bytes. Caller bugs (null arguments) are unchecked exceptions instead.
 */
public abstract class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    protected CryptoException(String message) {
        super(message);
    }

    protected CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
