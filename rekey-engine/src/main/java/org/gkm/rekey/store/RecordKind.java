package org.gkm.rekey.store;

/**
 * What a stored row is. The code is part of the at-rest barrier's associated data, so a row of one
 * kind never authenticates as another.
 */
public enum RecordKind {
    /** A change record: what one rekey changed, with its sealed rekey message. */
    CHANGE(1),
    /** A snapshot: the whole group state at a sequence number. */
    SNAPSHOT(2),
    /** An audit-log entry (the group management log's hash-chained records). */
    AUDIT(3),
    /** A wrapped data key of the at-rest barrier. */
    SEGMENT_KEY(4);

    private final int code;

    RecordKind(int code) {
        this.code = code;
    }

    /** The one-byte code used in associated data. */
    public int code() {
        return code;
    }

    /** Lower-case name for messages ("change record", "snapshot", ...). */
    public String label() {
        return switch (this) {
            case CHANGE -> "change record";
            case SNAPSHOT -> "snapshot";
            case AUDIT -> "audit entry";
            case SEGMENT_KEY -> "segment key record";
        };
    }
}
