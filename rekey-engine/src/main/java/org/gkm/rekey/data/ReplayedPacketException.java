package org.gkm.rekey.data;

/** The packet's sequence number was already accepted from this sender stream (a duplicate inside the replay window). */
public final class ReplayedPacketException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public ReplayedPacketException(String message) {
        super(Reason.DATA_REPLAYED, message);
    }
}
