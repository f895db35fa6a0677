package org.gkm.rekey.store;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of groups' key-server state: the storage SPI of a GCKS. A group's state is its
 * latest {@link Snapshot} with the {@link ChangeRecord}s after it applied in sequence order; each
 * change record carries the sealed rekey message that announced it, so resync requests are
 * answered from the store. Payloads are opaque here: the engine defines what they contain, and the
 * at-rest barrier ({@link SealedGroupStore}) encrypts them before an implementation sees them.
 *
 * <p>Contract (every implementation; {@code GroupStoreContract} in the tests checks it):
 * <ul>
 *   <li><b>Groups begin with a snapshot.</b> {@link #writeSnapshot} for a new group creates it at the
 *       snapshot's sequence (any, usually 0). A change record for a group without a snapshot is
 *       refused ({@link StoreException.Failure#UNKNOWN_GROUP}).
 *   <li><b>Sequences rise by exactly one.</b> A change record's sequence is the group's head + 1 (the
 *       head is the latest record's sequence, or the latest snapshot's if it is later); a lower or
 *       equal one is refused as {@link StoreException.Failure#SEQUENCE_REPEAT}, a higher one as
 *       {@link StoreException.Failure#SEQUENCE_GAP}. A snapshot's sequence lies after the latest
 *       snapshot's and at or before the head (a new group: any). Audit indexes run 0, 1, 2, ... per
 *       group likewise, and a segment key is written once.
 *   <li><b>Atomic commits.</b> {@link #append} commits the change record, its rekey message and the
 *       audit entries given with it in one transaction: after a crash at any point the store holds
 *       all of them or none. When {@code append} returns, the commit is durable (a durable store:
 *       synced to stable storage), so the caller may then acknowledge the requester and publish the
 *       message. Every method that throws changed nothing.
 *   <li><b>All or nothing reads.</b> {@link #load} returns the latest snapshot and every record after
 *       it, in order and without a hole, or throws; it never returns part of a group.
 *   <li><b>Compaction.</b> {@link #compact} removes records (and older snapshots) at or before a
 *       sequence the latest snapshot covers; afterwards {@link #messagesSince} answers
 *       {@link MessagesSince.CompactedPast} for members behind it.
 *   <li><b>Untrusted storage.</b> A durable store keeps what it is given; it does not hide or
 *       authenticate anything. Confidentiality and integrity against whoever can read or edit the
 *       files come from {@link SealedGroupStore} on top.
 * </ul>
 *
 * <p>Implementations are thread-safe. After {@link #close()} every method throws
 * {@link IllegalStateException}. Arguments that violate a documented precondition (null, a
 * negative sequence) are caller bugs and throw {@link IllegalArgumentException} or
 * {@link NullPointerException}.
 */
public interface GroupStore extends AutoCloseable {
    /** Every group holding a snapshot, in no particular order. */
    List<StoreGroupId> groups() throws StoreException;

    /** Where the group's history stands, or empty if the store holds no snapshot of it. */
    Optional<GroupStatus> status(StoreGroupId group) throws StoreException;

    /**
     * Stores a snapshot: creates the group if new, else its sequence must lie after the latest
     * snapshot's and at or before the head.
     *
     * @throws StoreException {@code SEQUENCE_REPEAT} (at or before the latest snapshot),
     *     {@code SEQUENCE_GAP} (past the head), or a storage failure
     */
    void writeSnapshot(Snapshot snapshot) throws StoreException;

    /** {@link #append(ChangeRecord, List)} with no audit entries. */
    default void append(ChangeRecord record) throws StoreException {
        append(record, List.of());
    }

    /**
     * Commits a change record with its rekey message, and the given audit entries, in one durable
     * transaction. The record's sequence must be the head + 1; each audit entry's index the group's
     * next (in list order; the entries may be of the record's group or of another log).
     *
     * @throws StoreException {@code UNKNOWN_GROUP}, {@code SEQUENCE_GAP}, {@code SEQUENCE_REPEAT}, or a
     *     storage failure; nothing is committed
     */
    void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException;

    /**
     * The latest snapshot and every change record after it, in order, or empty if the store holds no
     * snapshot of the group.
     *
     * @throws StoreException {@code RECORD_MISSING} if the stored records have a hole, or a storage
     *     or barrier failure; nothing is returned
     */
    Optional<LoadedGroup> load(StoreGroupId group) throws StoreException;

    /**
     * The committed rekey messages with sequence numbers after {@code after}, in order, at most
     * {@code maxMessages} of them: the answer to a member's resync request (the messages protect
     * themselves, so they are served as stored, without the master key).
     *
     * @param after the last sequence the member holds, at least 0
     * @param maxMessages the most messages to return, at least 1
     * @return the messages; {@link MessagesSince.CompactedPast} if the ones right after {@code after}
     *     were compacted; {@link MessagesSince.UnknownGroup} if there is no such group
     */
    MessagesSince messagesSince(StoreGroupId group, long after, int maxMessages) throws StoreException;

    /**
     * Removes every change record with sequence at or before {@code through}, and every snapshot at
     * or before it except the latest. {@code through} must not be past the latest snapshot.
     *
     * @return the number of change records removed
     * @throws StoreException {@code UNKNOWN_GROUP}, {@code NOT_COVERED_BY_SNAPSHOT} (past the latest
     *     snapshot), or a storage failure
     */
    int compact(StoreGroupId group, long through) throws StoreException;

    /** {@link #compact(StoreGroupId, long)} through the latest snapshot. */
    default int compact(StoreGroupId group) throws StoreException {
        GroupStatus status = status(group).orElseThrow(() -> StoreRules.unknownGroup(group));
        return compact(group, status.snapshotSequence());
    }

    /** Appends one audit entry (its index must be the log's next) in its own durable transaction. */
    void appendAudit(AuditEntry entry) throws StoreException;

    /**
     * Appends audit entries in order (each one's index its log's next, counting the ones before it
     * in the list) in ONE durable transaction: all of them or, if one is refused or the store
     * fails, none. Stores override this; the default appends them one by one, each in its own
     * transaction, so a failure there can leave a prefix appended.
     */
    default void appendAudit(java.util.List<AuditEntry> entries) throws StoreException {
        for (AuditEntry e : entries) {
            appendAudit(e);
        }
    }

    /**
     * Audit entries with index {@code fromIndex} and on, in order, at most {@code maxEntries}.
     *
     * @throws StoreException {@code RECORD_MISSING} if the stored entries have a hole, or a storage
     *     or barrier failure
     */
    List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) throws StoreException;

    /**
     * Stores a barrier key record; each (group, segment) is written once. For
     * {@link SealedGroupStore}'s own use: the rows a caller above the barrier reads and writes never
     * need one.
     *
     * @throws StoreException {@code SEQUENCE_REPEAT} if the segment exists, or a storage failure
     */
    void putSegmentKey(SegmentKey key) throws StoreException;

    /** The group's barrier key records, by ascending segment. */
    List<SegmentKey> segmentKeys(StoreGroupId group) throws StoreException;

    /** Releases the store (files, locks; the barrier also zeroes its keys). Idempotent. */
    @Override
    void close() throws StoreException;
}
