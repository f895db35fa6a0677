package org.gkm.rekey.data;

/** The sender instance has used its last sequence number: sealing another packet would repeat a nonce under its key. Nothing was sealed; a new {@link DataSaSender} (new salt, new key) continues. */
public final class SequenceExhaustedException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public SequenceExhaustedException(String message) {
        super(Reason.DATA_SEQUENCE_EXHAUSTED, message);
    }
}
