package org.gkm.rekey.data;

/** The packet's sequence number is left of this sender stream's replay window (too old to tell whether it is a replay, RFC 4303 sec. 3.4.3). */
public final class StalePacketException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public StalePacketException(String message) {
        super(Reason.DATA_STALE, message);
    }
}
