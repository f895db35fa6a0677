package org.gkm.rekey.data;

/** The AES-GCM tag does not verify: header or ciphertext was modified, or the sender does not hold the TEK. */
public final class DataAuthenticationException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public DataAuthenticationException(String message) {
        super(Reason.DATA_AUTHENTICATION, message);
    }
}
