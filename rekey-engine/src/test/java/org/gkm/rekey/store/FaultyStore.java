package org.gkm.rekey.store;

import java.util.List;
import java.util.Optional;

/**
 * A store that fails on demand: the next {@code failAppends} appends, {@code failSnapshots}
 * snapshot writes and {@code failLoads} loads throw an I/O {@link StoreException} and store nothing, as a full disk or a lost
 * database connection would; the next {@code commitThenFailAppends} appends store their record and
 * then throw (a commit whose acknowledgement was lost); everything else goes to an
 * {@link InMemoryGroupStore}. {@code loads} counts load calls.
 */
final class FaultyStore extends ForwardingStore {
    int failAppends;
    int failSnapshots;
    int failLoads;
    int commitThenFailAppends;
    int loads;

    @Override
    public void writeSnapshot(Snapshot snapshot) throws StoreException {
        if (failSnapshots > 0) {
            failSnapshots--;
            throw new StoreException(StoreException.Failure.IO, "injected snapshot failure");
        }
        rows.writeSnapshot(snapshot);
    }

    @Override
    public void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException {
        if (failAppends > 0) {
            failAppends--;
            throw new StoreException(StoreException.Failure.IO, "injected append failure");
        }
        rows.append(record, auditEntries);
        if (commitThenFailAppends > 0) {
            commitThenFailAppends--;
            throw new StoreException(StoreException.Failure.IO, "injected failure after the commit");
        }
    }

    @Override
    public Optional<LoadedGroup> load(StoreGroupId group) throws StoreException {
        loads++;
        if (failLoads > 0) {
            failLoads--;
            throw new StoreException(StoreException.Failure.IO, "injected load failure");
        }
        return rows.load(group);
    }
}
