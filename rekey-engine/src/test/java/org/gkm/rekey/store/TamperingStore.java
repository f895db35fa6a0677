package org.gkm.rekey.store;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Untrusted storage for barrier tests: a store that keeps rows in an {@link InMemoryGroupStore} and
 * hands back whatever the test's hooks make of them (edited, truncated, swapped, dropped rows), as
 * someone with write access to the files could.
 */
final class TamperingStore extends ForwardingStore {
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
    public Optional<LoadedGroup> load(StoreGroupId group) {
        return rows.load(group).map(onLoad);
    }

    @Override
    public List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) {
        return onAudit.apply(rows.audit(group, fromIndex, maxEntries));
    }

    @Override
    public List<SegmentKey> segmentKeys(StoreGroupId group) {
        return onKeys.apply(rows.segmentKeys(group));
    }
}
