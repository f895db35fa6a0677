package org.gkm.rekey.store;

import java.util.Objects;
import java.util.Optional;
import org.gkm.rekey.message.RekeyException;

/**
 * A {@link GroupStore} operation failed, with a {@link Failure} to switch on and, where one row is at
 * fault, its kind and sequence (or audit index, or segment). A write that throws one committed
 * nothing; a read that throws one returns nothing (no part of a group is ever handed out). Messages
 * name the group and row, never key material or payload bytes.
 *
 * <p>The rekey engine's one error root's branch for storage, with
 * {@link org.gkm.rekey.message.RekeyException.Reason#STORE}: the store's own {@link Failure} says
 * which of its failures (a disk, a database, an untrusted file) it was.
 */
public final class StoreException extends RekeyException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Failure {
        /** A write skips sequence numbers (or audit indexes): the next one is expected. */
        SEQUENCE_GAP,
        /** A write repeats a sequence number, audit index or segment that is already stored. */
        SEQUENCE_REPEAT,
        /** A change record for a group the store holds no snapshot of. */
        UNKNOWN_GROUP,
        /** Compaction asked to remove records the latest snapshot does not cover. */
        NOT_COVERED_BY_SNAPSHOT,
        /** Stored rows have a hole: a change record (or audit entry) between two others is gone. */
        RECORD_MISSING,
        /** A stored row does not authenticate or parse: edited, truncated, moved or swapped. */
        RECORD_CORRUPT,
        /** The group's key check does not verify under the master key given. */
        WRONG_MASTER_KEY,
        /** A row names a barrier segment whose key record is not in the store. */
        KEY_RECORD_MISSING,
        /** A barrier key record does not unwrap, parse or match its segment. */
        KEY_RECORD_CORRUPT,
        /** The file is not a gkm store, or of a schema version this code does not read. */
        SCHEMA,
        /** The database reports corruption (integrity check, damaged page, not a database). */
        STORAGE_CORRUPT,
        /** Another process (or another store object) has the store open. */
        LOCKED,
        /** Any other I/O or database failure. */
        IO
    }

    private final Failure failure;
    private final RecordKind kind;
    private final long position;

    /** A failure not tied to one row. */
    public StoreException(Failure failure, String message) {
        this(failure, null, -1, message, null);
    }

    /** A failure not tied to one row, with its cause. */
    public StoreException(Failure failure, String message, Throwable cause) {
        this(failure, null, -1, message, cause);
    }

    /**
     * A failure of one row.
     *
     * @param kind the row's kind
     * @param position its sequence number (change record, snapshot), index (audit entry) or segment
     */
    public StoreException(Failure failure, RecordKind kind, long position, String message) {
        this(failure, kind, position, message, null);
    }

    /** A failure of one row, with its cause. */
    public StoreException(Failure failure, RecordKind kind, long position, String message, Throwable cause) {
        super(Reason.STORE, message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.kind = kind;
        this.position = kind == null ? -1 : position;
    }

    /** Which of the store's failures this is (its {@link #reason()} is always {@code STORE}). */
    public Failure failure() {
        return failure;
    }

    /** The kind of the row at fault, if one is. */
    public Optional<RecordKind> kind() {
        return Optional.ofNullable(kind);
    }

    /** The sequence number, audit index or segment of the row at fault; -1 if none is. */
    public long position() {
        return position;
    }
}
