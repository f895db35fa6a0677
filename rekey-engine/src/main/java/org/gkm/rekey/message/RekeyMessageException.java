package org.gkm.rekey.message;

/**
 * Base of the checked failures of receiving a rekey message. Each subclass names the step of
 * {@link RekeyMessageOpener#open} that failed (size, MAC, signature, decoding), so a receiver can
 * tell a DoS filter hit from a forged or a malformed message. Messages never contain key bytes.
 */
public abstract sealed class RekeyMessageException extends RekeyException
        permits MalformedMessageException, MessageAuthenticationException, MessageSignatureException, MessageSizeException {
    private static final long serialVersionUID = 1L;

    RekeyMessageException(Reason reason, String message) {
        super(reason, message);
    }

    RekeyMessageException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
