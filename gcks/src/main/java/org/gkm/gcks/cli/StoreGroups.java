package org.gkm.gcks.cli;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.StoreMembership;
import org.gkm.gcks.server.admin.GroupExistsException;
import org.gkm.gcks.server.admin.GroupFactory;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;

/**
 * The groups of {@code gkm serve}'s store: each one's key server ({@link DurableGroupBackend}),
 * membership ({@link StoreMembership}), GKMP log ({@link GroupStoreLog}) and settings
 * ({@link GroupSettings}), opened or created the same way whether the group is configured or
 * created at run time by the owner ({@link GroupFactory}, {@code gkm admin create-group}).
 *
 * <p>Creation writes the settings, then the key server's first snapshot: that snapshot is the
 * commit point (a restart opens every group whose key server is in the store). A crash before it
 * leaves at most settings, which the next creation of that id replaces. The membership and the log
 * are written when the group is hosted. Thread-safe as the store is; the admin endpoint creates one
 * group at a time.
 */
final class StoreGroups implements GroupFactory {
    private static final String KEY_SERVER_PREFIX = "gkmp-";

    private final GroupStore store;
    private final CryptoProvider provider;
    private final SnapshotPolicy snapshots;

    StoreGroups(GroupStore store, CryptoProvider provider, SnapshotPolicy snapshots) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    /** The engine's group id of GKMP group {@code group} (its key server's store id). */
    static GroupId keyServerGroup(long group) {
        return GroupId.of(KEY_SERVER_PREFIX + group);
    }

    /** The GKMP group id a key server's store id names, or -1 if it is not one. */
    static long groupOf(String storeName) {
        if (storeName.startsWith(KEY_SERVER_PREFIX) && storeName.substring(KEY_SERVER_PREFIX.length()).matches("[0-9]{1,18}")) {
            return Long.parseLong(storeName.substring(KEY_SERVER_PREFIX.length()));
        }
        return -1;
    }

    /** Whether the store holds group {@code group}'s key server. */
    boolean exists(long group) throws StoreException {
        return store.status(ServeState.keyServerId(group)).isPresent();
    }

    /**
     * Opens stored group {@code group}: its key server, membership and log.
     *
     * @throws StoreException the store's failure (a wrong master key, an edited or torn row)
     */
    GroupFactory.Created open(long group) throws StoreException, MalformedSnapshotException, MalformedChangeException,
            MalformedMessageException {
        DurableGroupBackend b = DurableGroupBackend.open(store, provider, keyServerGroup(group), snapshots);
        try {
            return new GroupFactory.Created(b, persistence(group), true);
        } catch (StoreException | MalformedMessageException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /**
     * Creates group {@code id} in the store (settings, then the key server's first snapshot).
     *
     * @throws GroupExistsException the store holds its key server already; nothing was written
     * @throws StoreException the store failed; the group is not in it unless its key server was written
     */
    @Override
    public GroupFactory.Created create(GkmpGroupId id, GroupPolicy policy, int maxMembers, int retainedMessages, GroupTiming timing)
            throws GroupExistsException, StoreException, MalformedMessageException {
        long g = id.value();
        if (exists(g)) {
            throw new GroupExistsException(id, "group " + g + " exists in the store");
        }
        new GroupSettings(maxMembers, timing).save(store, g);
        DurableGroupBackend b;
        try {
            b = DurableGroupBackend.create(store, provider, policy, keyServerGroup(g), 1, snapshots);
        } catch (StoreException e) {
            if (e.failure() == StoreException.Failure.SEQUENCE_REPEAT) {
                throw new GroupExistsException(id, "group " + g + " exists in the store");
            }
            throw e;
        }
        try {
            return new GroupFactory.Created(b, persistence(g), true);
        } catch (StoreException | MalformedMessageException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private GroupPersistence persistence(long group) throws StoreException, MalformedMessageException {
        StoreMembership.Loaded m = StoreMembership.open(store, group);
        GroupStoreLog log = GroupStoreLog.open(store, ServeState.logId(group));
        return new GroupPersistence(m.membership().orElse(Membership.empty()), m.store(), log);
    }
}
