package org.gkm.rekey.message;

/**
 * The sealed message is too short to hold its fixed parts, or longer than
 * {@link RekeyLimits#MAX_MESSAGE_BYTES}, or its envelope lengths contradict its size: the first
 * check on receipt, before any cryptography.
 */
public final class MessageSizeException extends RekeyMessageException {
    private static final long serialVersionUID = 1L;

    public MessageSizeException(String message) {
        super(Reason.MESSAGE_SIZE, message);
    }
}
