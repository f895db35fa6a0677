package org.gkm.rekey.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The {@link GroupStore} contract's ordering rules as checks, shared by every implementation so
 * they refuse the same writes with the same reasons. Each check takes the group's current
 * {@link GroupStatus} (null for a group without a snapshot) as read inside the caller's
 * transaction.
 */
public final class StoreRules {
    private StoreRules() {
    }

    /** The refusal of a change record (or compaction) for a group without a snapshot. */
    public static StoreException unknownGroup(StoreGroupId group) {
        return new StoreException(StoreException.Failure.UNKNOWN_GROUP, "no snapshot of group " + group.hex());
    }

    /** A change record must be the head + 1 of an existing group. */
    public static void checkAppend(StoreGroupId group, GroupStatus status, long sequence) throws StoreException {
        if (status == null) {
            throw unknownGroup(group);
        }
        long head = status.headSequence();
        if (sequence <= head) {
            throw new StoreException(StoreException.Failure.SEQUENCE_REPEAT, RecordKind.CHANGE, sequence,
                    "change record " + sequence + " of group " + group.hex() + " repeats: the head is " + head);
        }
        if (sequence != head + 1) {
            throw new StoreException(StoreException.Failure.SEQUENCE_GAP, RecordKind.CHANGE, sequence,
                    "change record " + sequence + " of group " + group.hex() + " leaves a gap: the next is " + (head + 1));
        }
    }

    /** A snapshot lies after the latest snapshot and at or before the head (any, for a new group). */
    public static void checkSnapshot(StoreGroupId group, GroupStatus status, long sequence) throws StoreException {
        if (status == null) {
            return;
        }
        if (sequence <= status.snapshotSequence()) {
            throw new StoreException(StoreException.Failure.SEQUENCE_REPEAT, RecordKind.SNAPSHOT, sequence,
                    "snapshot " + sequence + " of group " + group.hex() + " is not after the latest snapshot "
                            + status.snapshotSequence());
        }
        if (sequence > status.headSequence()) {
            throw new StoreException(StoreException.Failure.SEQUENCE_GAP, RecordKind.SNAPSHOT, sequence,
                    "snapshot " + sequence + " of group " + group.hex() + " is past the head " + status.headSequence());
        }
    }

    /** An audit entry's index must be the log's next. */
    public static void checkAuditIndex(AuditEntry entry, long next) throws StoreException {
        if (entry.index() == next) {
            return;
        }
        StoreException.Failure reason = entry.index() < next ? StoreException.Failure.SEQUENCE_REPEAT
                : StoreException.Failure.SEQUENCE_GAP;
        throw new StoreException(reason, RecordKind.AUDIT, entry.index(),
                "audit entry " + entry.index() + " of log " + entry.group().hex() + ": the next index is " + next);
    }

    /** Audit entries within one commit: the same log's indexes continue from one entry to the next. */
    public static void checkAuditBatch(List<AuditEntry> entries, ToLongFunction<StoreGroupId> next)
            throws StoreException {
        Map<StoreGroupId, Long> pending = new HashMap<>();
        for (AuditEntry e : entries) {
            Objects.requireNonNull(e, "audit entry");
            long n = pending.containsKey(e.group()) ? pending.get(e.group()) : next.applyAsLong(e.group());
            checkAuditIndex(e, n);
            pending.put(e.group(), n + 1);
        }
    }

    /** Compaction may not remove what the latest snapshot does not cover. */
    public static void checkCompact(StoreGroupId group, GroupStatus status, long through) throws StoreException {
        if (through < 0) {
            throw new IllegalArgumentException("through must be >= 0, got " + through);
        }
        if (status == null) {
            throw unknownGroup(group);
        }
        if (through > status.snapshotSequence()) {
            throw new StoreException(StoreException.Failure.NOT_COVERED_BY_SNAPSHOT,
                    "compacting group " + group.hex() + " through " + through + " passes its latest snapshot "
                            + status.snapshotSequence());
        }
    }

    /** Checks the arguments of {@link GroupStore#messagesSince}. */
    public static void checkMessagesSince(long after, int maxMessages) {
        if (after < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + after);
        }
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be >= 1, got " + maxMessages);
        }
    }

    /**
     * The answer to {@link GroupStore#messagesSince} that needs no messages read, or null when the
     * messages after {@code after} must be read from the store.
     */
    public static MessagesSince answerWithoutReading(GroupStatus status, long after) {
        if (status == null) {
            return new MessagesSince.UnknownGroup();
        }
        if (after < status.compactedThrough()) {
            return new MessagesSince.CompactedPast(status.compactedThrough());
        }
        if (after >= status.headSequence()) {
            return new MessagesSince.Messages(status.headSequence(), List.of());
        }
        return null;
    }

    /**
     * The status of a group from what is stored.
     *
     * @param latestSnapshot the latest snapshot's sequence
     * @param firstRecord the first stored change record's sequence, or -1 if none
     * @param lastRecord the last stored change record's sequence, or -1 if none
     * @param auditEntries the next audit index
     */
    public static GroupStatus status(long latestSnapshot, long firstRecord, long lastRecord, long auditEntries) {
        if (firstRecord < 0) {
            return new GroupStatus(latestSnapshot, latestSnapshot, latestSnapshot, auditEntries);
        }
        return new GroupStatus(latestSnapshot, Math.max(latestSnapshot, lastRecord), firstRecord - 1, auditEntries);
    }

    /** Checks the arguments of {@link GroupStore#audit}. */
    public static void checkAuditRead(long fromIndex, int maxEntries) {
        if (fromIndex < 0) {
            throw new IllegalArgumentException("fromIndex must be >= 0, got " + fromIndex);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
    }

    /** The refusal of rows read back with a hole: {@code found} where {@code expected} belongs. */
    public static StoreException missing(StoreGroupId group, RecordKind kind, long expected, long found) {
        return new StoreException(StoreException.Failure.RECORD_MISSING, kind, expected,
                kind.label() + " " + expected + " of group " + group.hex() + " is missing (found " + found + " next)");
    }
}
