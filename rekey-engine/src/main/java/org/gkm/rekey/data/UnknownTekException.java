package org.gkm.rekey.data;

/** The packet names a TEK id (claim 7) other than the receiver's current one: an older TEK that was replaced, or a newer one the receiver has not received yet (it must process the rekey first). */
public final class UnknownTekException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public UnknownTekException(String message) {
        super(Reason.DATA_UNKNOWN_TEK, message);
    }
}
