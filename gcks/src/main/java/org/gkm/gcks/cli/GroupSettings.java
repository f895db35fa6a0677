package org.gkm.gcks.cli;

import java.util.Arrays;
import java.util.Optional;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * What {@code gkm serve} keeps of a group beside its key server (whose snapshot holds the group's
 * {@link org.gkm.rekey.GroupPolicy}): the GKMP settings the policy does not cover, so that a group
 * that is not in the configuration (created with {@code gkm admin create-group}) is hosted at a
 * restart as it was created. Stored under {@code gkm-serve/groups/<id>}: the first save a snapshot
 * at sequence 0, a later one a change record at the next sequence (the last one counts), sealed
 * like every row.
 *
 * @param maxMembers GKMP's membership limit, 1..65535
 */
record GroupSettings(int maxMembers) {
    private static final int VERSION = 1;

    GroupSettings {
        if (maxMembers < 1 || maxMembers > 0xFFFF) {
            throw new IllegalArgumentException("maxMembers must be 1..65535");
        }
    }

    static StoreGroupId idOf(long group) {
        return StoreGroupId.of("gkm-serve/groups/" + group);
    }

    /**
     * The settings stored for {@code group}, if any.
     *
     * @throws StoreException the store's failure (a wrong master key, an edited row)
     * @throws MalformedMessageException the stored settings do not decode
     */
    static Optional<GroupSettings> load(GroupStore store, long group) throws StoreException, MalformedMessageException {
        Optional<LoadedGroup> l = store.load(idOf(group));
        if (l.isEmpty()) {
            return Optional.empty();
        }
        LoadedGroup g = l.get();
        try {
            byte[] b = g.records().isEmpty() ? g.snapshot().payload() : g.records().getLast().payload();
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            if (r.u8("group settings version") != VERSION) {
                throw new MalformedMessageException("group settings: unknown version");
            }
            int max = r.u16("maxMembers");
            r.finish("group settings");
            if (max < 1) {
                throw new MalformedMessageException("group settings: maxMembers 0");
            }
            return Optional.of(new GroupSettings(max));
        } finally {
            g.destroy();
        }
    }

    /** Saves these settings for {@code group} in one store transaction (replacing any saved before). */
    void save(GroupStore store, long group) throws StoreException {
        StoreGroupId id = idOf(group);
        byte[] b = WireWriter.growable().u8(VERSION).u16(maxMembers).toByteArray();
        Optional<org.gkm.rekey.store.GroupStatus> status = store.status(id);
        if (status.isEmpty()) {
            Snapshot s = new Snapshot(id, 0, 0, b);
            try {
                store.writeSnapshot(s);
            } finally {
                s.destroy();
            }
        } else {
            ChangeRecord r = new ChangeRecord(id, 0, status.get().headSequence() + 1, b, new byte[0]);
            try {
                store.append(r);
            } finally {
                r.destroy();
            }
        }
        Arrays.fill(b, (byte) 0);
    }
}
