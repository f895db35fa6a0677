package org.gkm.rekey.data;

/**
 * Base of the checked failures of opening a Data SA packet (and of sealing one when the sender's
 * sequence numbers are exhausted). Every failure leaves the receiver's state unchanged. Messages
 * never contain key or plaintext bytes.
 */
public abstract class DataSaException extends Exception {
    private static final long serialVersionUID = 1L;

    protected DataSaException(String message) {
        super(message);
    }
}
