package org.gkm.gcks.cli;

import java.util.Arrays;
import java.util.Optional;
import org.gkm.gcks.server.GroupTiming;
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
 * @param timing the group's own batch window and TEK lifetime (absent fields: the server's)
 */
record GroupSettings(int maxMembers, GroupTiming timing) {
    /** Version 1 held maxMembers only; version 2 adds the timing (i64 milliseconds and seconds, -1: the server's). */
    private static final int VERSION = 2;

    GroupSettings {
        if (maxMembers < 1 || maxMembers > 0xFFFF) {
            throw new IllegalArgumentException("maxMembers must be 1..65535");
        }
        java.util.Objects.requireNonNull(timing, "timing");
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
            int version = r.u8("group settings version");
            if (version != 1 && version != VERSION) {
                throw new MalformedMessageException("group settings: unknown version " + version);
            }
            int max = r.u16("maxMembers");
            long window = version == 1 ? -1 : r.i64("batchWindowMillis");
            long lifetime = version == 1 ? -1 : r.i64("tekLifetimeSeconds");
            r.finish("group settings");
            if (max < 1) {
                throw new MalformedMessageException("group settings: maxMembers 0");
            }
            try {
                return Optional.of(new GroupSettings(max, GroupTiming.of(window == -1 ? null : window, lifetime == -1 ? null : lifetime)));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new MalformedMessageException("group settings: " + e.getMessage());
            }
        } finally {
            g.destroy();
        }
    }

    /** Saves these settings for {@code group} in one store transaction (replacing any saved before). */
    void save(GroupStore store, long group) throws StoreException {
        StoreGroupId id = idOf(group);
        byte[] b = WireWriter.growable().u8(VERSION).u16(maxMembers)
                .i64(timing.batchWindow() == null ? -1 : timing.batchWindow().toMillis())
                .i64(timing.tekLifetime() == null ? -1 : timing.tekLifetime().toSeconds()).toByteArray();
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
