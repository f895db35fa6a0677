package org.gkm.gcks.server;

import java.util.Arrays;
import java.util.Optional;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;

/**
 * A {@link MembershipStore} in a {@link GroupStore}, under its own store id: the first save is a
 * snapshot (sequence 0) of the encoded {@link Membership}, each later save a change record at the
 * next sequence whose payload is the whole membership (no rekey message: an empty one). A save is
 * thus one store transaction and, under a {@link org.gkm.rekey.store.SealedGroupStore}, sealed
 * under the master key with the id, sequence and kind bound in its associated data. Loading takes
 * the last record (or the snapshot). Every {@value #COMPACT_EVERY} saves a snapshot at the head is
 * written and the records before it compacted away. Not thread-safe: the group saves under its lock.
 */
public final class StoreMembership implements MembershipStore {
    static final int COMPACT_EVERY = 64;
    private final GroupStore store;
    private final StoreGroupId id;
    private long sequence;

    private StoreMembership(GroupStore store, StoreGroupId id, long sequence) {
        this.store = store;
        this.id = id;
        this.sequence = sequence;
    }

    /** The membership store of GKMP group {@code group}: {@code gkm-serve/members/<group>}. */
    public static StoreGroupId idOf(long group) {
        return StoreGroupId.of("gkm-serve/members/" + group);
    }

    /** The opened store and what it holds (empty for a group never saved). */
    public record Loaded(StoreMembership store, Optional<Membership> membership) {
    }

    /**
     * Opens the membership of {@code group} in {@code store}.
     *
     * @throws StoreException the store's failure (a wrong master key, an edited row)
     * @throws MalformedMessageException the stored membership does not decode
     */
    public static Loaded open(GroupStore store, long group) throws StoreException, MalformedMessageException {
        StoreGroupId id = idOf(group);
        Optional<LoadedGroup> l = store.load(id);
        if (l.isEmpty()) {
            return new Loaded(new StoreMembership(store, id, -1), Optional.empty());
        }
        LoadedGroup g = l.get();
        try {
            byte[] b = g.records().isEmpty() ? g.snapshot().payload() : g.records().getLast().payload();
            try {
                return new Loaded(new StoreMembership(store, id, g.headSequence()), Optional.of(Membership.decode(b)));
            } finally {
                Arrays.fill(b, (byte) 0);
            }
        } finally {
            g.destroy();
        }
    }

    @Override
    public void save(Membership m) throws BackendException {
        long next = sequence + 1;
        byte[] b = m.encode();
        try {
            if (next == 0) {
                writeSnapshot(0, b);
            } else {
                ChangeRecord r = new ChangeRecord(id, 0, next, b, new byte[0]);
                try {
                    store.append(r);
                } finally {
                    r.destroy();
                }
            }
        } catch (StoreException e) {
            throw new BackendException(BackendException.Reason.STORE, "saving the membership: " + e.failure() + ": "
                    + e.getMessage(), e);
        }
        sequence = next;
        if (next > 0 && next % COMPACT_EVERY == 0) {
            try {
                writeSnapshot(next, b);
                store.compact(id, next);
            } catch (StoreException e) {
                // the save is committed; compaction is retried at the next multiple
                System.getLogger(StoreMembership.class.getName()).log(System.Logger.Level.WARNING,
                        "compacting the membership store failed: {0}", e.failure());
            }
        }
    }

    private void writeSnapshot(long seq, byte[] b) throws StoreException {
        Snapshot s = new Snapshot(id, 0, seq, b);
        try {
            store.writeSnapshot(s);
        } finally {
            s.destroy();
        }
    }
}
