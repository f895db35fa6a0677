package org.gkm.rekey.message;

/**
 * The HMAC-SHA256 tag under the group authentication key does not match (checked in constant time).
 * The message did not come from a holder of the Rekey SA; it is dropped before the signature is
 * checked (the MAC is the DoS filter, RFC 4046 sec. 6.2).
 */
public final class MessageAuthenticationException extends RekeyMessageException {
    private static final long serialVersionUID = 1L;

    public MessageAuthenticationException(String message) {
        super(Reason.MESSAGE_AUTHENTICATION, message);
    }
}
