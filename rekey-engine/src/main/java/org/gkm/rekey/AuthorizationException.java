package org.gkm.rekey;

/**
 * The initiator of a request lacks the privilege for it, or is not a member at all (claim 15).
 * Nothing was changed.
 */
public final class AuthorizationException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public AuthorizationException(String message) {
        super(Reason.AUTHORIZATION, message);
    }
}
