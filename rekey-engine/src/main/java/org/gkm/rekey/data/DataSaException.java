package org.gkm.rekey.data;

import org.gkm.rekey.message.RekeyException;

/**
 * Base of the checked failures of opening a Data SA packet (and of sealing one when the sender's
 * sequence numbers are exhausted), the Data SA branch of {@link RekeyException}: each subclass has
 * its own {@code DATA_*} {@link RekeyException.Reason}. Every failure leaves the receiver's state
 * unchanged. Messages never contain key or plaintext bytes.
 */
public abstract sealed class DataSaException extends RekeyException
        permits DataAuthenticationException, MalformedPacketException, ReplayedPacketException, SequenceExhaustedException,
        StalePacketException, UnknownTekException, WrongGroupException {
    private static final long serialVersionUID = 1L;

    DataSaException(Reason reason, String message) {
        super(reason, message);
    }
}
