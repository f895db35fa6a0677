package org.gkm.rekey;

/**
 * A change record ({@link ServerChange}) cannot be replayed: truncated, a checksum that does not
 * match, an unknown format version, a field outside its limits, or a change that does not fit the
 * state it is replayed onto (another epoch or sequence, a leaver who is not a member, a joiner
 * placed elsewhere than the tree places it, a generation that does not follow). The message names
 * the field or node, never key material. A server a replay failed on is unusable: the caller
 * discards it (nothing is half-loaded).
 */
public final class MalformedChangeException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public MalformedChangeException(String message) {
        super(Reason.MALFORMED_CHANGE, message);
    }

    public MalformedChangeException(String message, Throwable cause) {
        super(Reason.MALFORMED_CHANGE, message, cause);
    }
}
