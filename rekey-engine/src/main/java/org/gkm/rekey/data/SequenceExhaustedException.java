package org.gkm.rekey.data;

/** The sender has used its last sequence number under this TEK: sealing another packet would repeat a nonce. A new TEK (version or revision) is needed. */
public final class SequenceExhaustedException extends DataSaException {
    private static final long serialVersionUID = 1L;

    public SequenceExhaustedException(String message) {
        super(message);
    }
}
