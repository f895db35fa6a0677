package org.gkm.crypto;

/** Ciphertext, wrapped key, tag or padding rejected: decryption or unwrapping failed. Messages never say which check failed. */
public class InvalidCiphertextException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public InvalidCiphertextException(String message) {
        super(message);
    }

    public InvalidCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}
