package org.gkm.rekey.store;

import java.util.List;
import java.util.Optional;

/**
 * A store that hands every call to an {@link InMemoryGroupStore} ({@link #rows}): the base of the
 * test stores that fail or tamper with some calls, which override just those.
 */
abstract class ForwardingStore implements GroupStore {
    final InMemoryGroupStore rows = new InMemoryGroupStore();

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
    public Optional<LoadedGroup> load(StoreGroupId group) throws StoreException {
        return rows.load(group);
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
    public List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) throws StoreException {
        return rows.audit(group, fromIndex, maxEntries);
    }

    @Override
    public void putSegmentKey(SegmentKey key) throws StoreException {
        rows.putSegmentKey(key);
    }

    @Override
    public List<SegmentKey> segmentKeys(StoreGroupId group) throws StoreException {
        return rows.segmentKeys(group);
    }

    @Override
    public void close() {
        rows.close();
    }
}
