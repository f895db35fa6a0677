package org.gkm.rekey;

/**
 * A server snapshot ({@link ServerSnapshot}) cannot be restored: truncated, a checksum that does not
 * match, an unknown format version, a field outside its limits, or a state that breaks the key
 * tree's invariants. Nothing was restored. The message names the field and its offset, never key
 * material.
 */
public final class MalformedSnapshotException extends RekeyEngineException {
    private static final long serialVersionUID = 1L;

    public MalformedSnapshotException(String message) {
        super(Reason.MALFORMED_SNAPSHOT, message);
    }

    public MalformedSnapshotException(String message, Throwable cause) {
        super(Reason.MALFORMED_SNAPSHOT, message, cause);
    }
}
