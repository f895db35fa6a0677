package org.gkm.rekey;

/**
 * A verified message could not be applied: it is for another group or epoch, of a type this call
 * does not take, or it refreshes a key on the member's path (or the TEK) without an entry the
 * member can decrypt (its keys are out of date: resync); or it does not fit the member's tree and
 * bounds: a node id no tree of its degree has, a split beyond that node-id space, a derivation
 * that does not follow the generation held, a TEK id that goes back, a revision jump beyond
 * {@link MemberKeyState#MAX_REVISION_STEP}. State unchanged.
 */
public final class KeyUnavailableException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public KeyUnavailableException(String message) {
        super(Reason.KEY_UNAVAILABLE, message);
    }

    public KeyUnavailableException(String message, Throwable cause) {
        super(Reason.KEY_UNAVAILABLE, message, cause);
    }
}
