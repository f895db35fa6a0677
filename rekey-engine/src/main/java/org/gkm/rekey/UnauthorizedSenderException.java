package org.gkm.rekey;

/**
 * A verified rekey message whose origin may not issue it: members take every message from the
 * GCKS's key only (RFC 4046 sec. 5.2, 6.2.4: source authentication, "originates with the GCKS and
 * none other"); a MEMBER_REKEY, which the GCKS issues after checking an initiator's request, must
 * name that initiator as its sender, every other type the GCKS. At the GCKS: an initiator's key
 * signed something other than a MEMBER_REKEY of its own. State unchanged.
 */
public final class UnauthorizedSenderException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedSenderException(String message) {
        super(Reason.UNAUTHORIZED_SENDER, message);
    }
}
