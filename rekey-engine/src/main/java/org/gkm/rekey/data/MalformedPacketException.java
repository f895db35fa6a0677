package org.gkm.rekey.data;

/** The packet is shorter than its header and tag, longer than the limit, has an unknown format version, or a field out of range (sequence number 0, sender id beyond 32 bits). */
public final class MalformedPacketException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String message) {
        super(Reason.DATA_MALFORMED, message);
    }
}
