package org.gkm.crypto;

/** An algorithm, parameter set or code point is not supported by gkm or by this provider. */
public class UnsupportedAlgorithmException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public UnsupportedAlgorithmException(String message) {
        super(message);
    }

    public UnsupportedAlgorithmException(String message, Throwable cause) {
        super(message, cause);
    }
}
