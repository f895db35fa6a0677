package org.gkm.rekey.store;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Untrusted storage for barrier tests: a store that keeps rows in an {@link InMemoryGroupStore} and
 * hands back whatever the test's hooks make of them (edited, truncated, swapped, dropped rows), as
 * someone with write access to the files could.
 */
final class TamperingStore implements GroupStore {
    final InMemoryGroupStore rows = new InMemoryGroupStore();
    UnaryOperator<LoadedGroup> onLoad = UnaryOperator.identity();
    UnaryOperator<List<SegmentKey>> onKeys = UnaryOperator.identity();
    UnaryOperator<List<AuditEntry>> onAudit = UnaryOperator.identity();

    /** Stops tampering. */
    void honest() {
        onLoad = UnaryOperator.identity();
        onKeys = UnaryOperator.identity();
        onAudit = UnaryOperator.identity();
    }

    @Override
    public List<StoreGroupId> groups() {
        return rows.groups();
    }

    @Override
    public Optional<GroupStatus> status(StoreGroupId group) {
        return rows.status(group);
    }

    @Override
    public void writeSnapshot(Snapshot snapshot) throws StoreException {
        rows.writeSnapshot(snapshot);
    }

    @Override
    public void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException {
        rows.append(record, auditEntries);
    }

    @Override
    public Optional<LoadedGroup> load(StoreGroupId group) {
        return rows.load(group).map(onLoad);
    }

    @Override
    public MessagesSince messagesSince(StoreGroupId group, long after, int maxMessages) {
        return rows.messagesSince(group, after, maxMessages);
    }

    @Override
    public int compact(StoreGroupId group, long through) throws StoreException {
        return rows.compact(group, through);
    }

    @Override
    public void appendAudit(AuditEntry entry) throws StoreException {
        rows.appendAudit(entry);
    }

    @Override
    public List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) {
        return onAudit.apply(rows.audit(group, fromIndex, maxEntries));
    }

    @Override
    public void putSegmentKey(SegmentKey key) throws StoreException {
        rows.putSegmentKey(key);
    }

    @Override
    public List<SegmentKey> segmentKeys(StoreGroupId group) {
        return onKeys.apply(rows.segmentKeys(group));
    }

    @Override
    public void close() {
        rows.close();
    }
}
