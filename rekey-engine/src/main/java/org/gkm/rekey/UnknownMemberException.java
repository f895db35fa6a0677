package org.gkm.rekey;

/** A request names a member id that is not in the group (or a joiner that already is). Nothing changed. */
public final class UnknownMemberException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberException(String message) {
        super(Reason.UNKNOWN_MEMBER, message);
    }
}
