package org.gkm.rekey.store;

/**
 * When a {@link DurableGroupServer} writes a snapshot: after every {@code everyRecords} change
 * records, and then, with {@code compact}, removes the change records (and older snapshots) the new
 * snapshot covers. Compaction bounds the store and the restart time; its price is that members more
 * than {@code everyRecords} messages behind can no longer resync from the stored messages
 * ({@link MessagesSince.CompactedPast}) and re-register or read the published infrastructure.
 *
 * @param everyRecords change records between snapshots, at least 1
 * @param compact whether records before the new snapshot are removed
 */
public record SnapshotPolicy(int everyRecords, boolean compact) {
    /** Every 1,000 records, compacting. */
    public static final SnapshotPolicy DEFAULT = new SnapshotPolicy(1_000, true);

    public SnapshotPolicy {
        if (everyRecords < 1) {
            throw new IllegalArgumentException("everyRecords must be >= 1, got " + everyRecords);
        }
    }

    /** A snapshot every {@code k} records, compacting. */
    public static SnapshotPolicy every(int k) {
        return new SnapshotPolicy(k, true);
    }
}
