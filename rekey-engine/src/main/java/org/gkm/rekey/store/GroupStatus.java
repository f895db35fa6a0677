package org.gkm.rekey.store;

/**
 * Where a group's stored history stands.
 *
 * @param snapshotSequence sequence of the latest snapshot
 * @param headSequence sequence of the latest change record, or of the latest snapshot if later
 * @param compactedThrough rekey messages up to and including this sequence are gone: resync
 *     requests from members older than this get {@link MessagesSince.CompactedPast}
 * @param auditEntries number of audit-log entries (the next index)
 */
public record GroupStatus(long snapshotSequence, long headSequence, long compactedThrough, long auditEntries) {
}
