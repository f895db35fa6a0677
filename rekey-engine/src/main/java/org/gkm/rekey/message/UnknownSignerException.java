package org.gkm.rekey.message;

/** The sender key id names no key the receiver trusts (a foreign signer). */
public final class UnknownSignerException extends MessageSignatureException {
    private static final long serialVersionUID = 1L;

    public UnknownSignerException(String message) {
        super(Reason.UNKNOWN_SIGNER, message);
    }
}
