package org.gkm.rekey.message;

/**
 * The message's signature does not verify under the trusted key named by its sender key id, or it
 * uses an algorithm that key cannot make: the message was not signed by the GCKS or an authorized
 * initiator (origin authentication, RFC 4046 sec. 6.2).
 */
public sealed class MessageSignatureException extends RekeyMessageException permits UnknownSignerException {
    private static final long serialVersionUID = 1L;

    public MessageSignatureException(String message) {
        super(Reason.MESSAGE_SIGNATURE, message);
    }

    public MessageSignatureException(String message, Throwable cause) {
        super(Reason.MESSAGE_SIGNATURE, message, cause);
    }

    MessageSignatureException(Reason reason, String message) {
        super(reason, message);
    }
}
