package org.gkm.gcks.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.StoreMembership;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;

/**
 * What {@code gkm serve} keeps in its store, opened or created in two phases so that a start that
 * fails writes nothing: first every stored thing is read and checked (the server keys, and for each
 * group its key server, membership and GKMP log), then, only if all of it loaded, what is missing
 * is created (the keys at the first start, a configured group not yet in the store). Groups found
 * in the store but not in the configuration are hosted too (with default GKMP settings), so a
 * restart opens every group the store holds.
 *
 * <p>Store ids: {@code gkmp-<id>} the group's key server (snapshots + change records + sealed rekey
 * messages), {@code gkm-serve/members/<id>} its membership ({@link StoreMembership}),
 * {@code gkm-serve/log/<id>} its GKMP group log (audit entries, {@link GroupStoreLog}),
 * {@code gkm-serve/keys} the server keys ({@link ServerKeys}).
 */
final class ServeState {
    private static final String GROUP_PREFIX = "gkmp-";

    /** One group ready to host. */
    record Hosted(ServeConfig.GroupConfig config, DurableGroupBackend backend, GroupPersistence persistence, boolean created) {
    }

    /** Why the store cannot be used; the message names the cause for the operator. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    final ServerKeys keys;
    final List<Hosted> groups;

    private ServeState(ServerKeys keys, List<Hosted> groups) {
        this.keys = keys;
        this.groups = groups;
    }

    static StoreGroupId keyServerId(long group) {
        return new StoreGroupId(GroupId.of(GROUP_PREFIX + group).value());
    }

    static StoreGroupId logId(long group) {
        return StoreGroupId.of("gkm-serve/log/" + group);
    }

    /**
     * Opens (or at the first start creates) everything.
     *
     * @param smSeed the security manager's key from its key file, used only when the keys are created (may be null)
     * @throws RefusedException naming the cause; nothing was written unless every read succeeded
     */
    static ServeState open(GroupStore store, CryptoProvider p, ServeConfig c, SecretBytes smSeed) throws RefusedException {
        List<DurableGroupBackend> opened = new ArrayList<>();
        try {
            // phase 1: read and check everything stored
            Optional<ServerKeys> keys = ServerKeys.load(store, p);
            Map<Long, ServeConfig.GroupConfig> configs = new LinkedHashMap<>();
            for (ServeConfig.GroupConfig g : c.groups()) {
                configs.put(g.id(), g);
            }
            for (StoreGroupId sid : store.groups()) {
                String name = new String(sid.value(), StandardCharsets.UTF_8);
                if (name.startsWith(GROUP_PREFIX) && name.substring(GROUP_PREFIX.length()).matches("[0-9]{1,18}")) {
                    long id = Long.parseLong(name.substring(GROUP_PREFIX.length()));
                    configs.putIfAbsent(id, new ServeConfig.GroupConfig(id, null, null, null, null));
                }
            }
            SnapshotPolicy snapshots = SnapshotPolicy.every(c.snapshotEveryRecords());
            List<Hosted> out = new ArrayList<>();
            List<ServeConfig.GroupConfig> missing = new ArrayList<>();
            for (ServeConfig.GroupConfig g : configs.values()) {
                if (store.status(keyServerId(g.id())).isEmpty()) {
                    missing.add(g);
                    continue;
                }
                if (keys.isEmpty()) {
                    throw new RefusedException("the store holds group " + g.id() + " but not the server keys (" + ServerKeys.ID
                            + "): not a store this server wrote, or a damaged one", null);
                }
                DurableGroupBackend b = DurableGroupBackend.open(store, p, GroupId.of(GROUP_PREFIX + g.id()), snapshots);
                opened.add(b);
                StoreMembership.Loaded m = StoreMembership.open(store, g.id());
                GroupStoreLog log = GroupStoreLog.open(store, logId(g.id()));
                out.add(new Hosted(g, b, new GroupPersistence(m.membership().orElse(Membership.empty()), m.store(), log), false));
            }
            // phase 2: create what is missing
            ServerKeys k = keys.orElse(null);
            if (k == null) {
                k = ServerKeys.generate(p, smSeed);
                k.write(store);
            }
            for (ServeConfig.GroupConfig g : missing) {
                GroupPolicy policy = GroupPolicy.defaults().withDegree(g.degree())
                        .withTreeMode(g.tree().equals("hybrid") ? GroupPolicy.TreeMode.HYBRID : GroupPolicy.TreeMode.SYMMETRIC_ONLY);
                DurableGroupBackend b = DurableGroupBackend.create(store, p, policy, GroupId.of(GROUP_PREFIX + g.id()), 1, snapshots);
                opened.add(b);
                StoreMembership.Loaded m = StoreMembership.open(store, g.id());
                GroupStoreLog log = GroupStoreLog.open(store, logId(g.id()));
                out.add(new Hosted(g, b, new GroupPersistence(m.membership().orElse(Membership.empty()), m.store(), log), true));
            }
            return new ServeState(k, List.copyOf(out));
        } catch (StoreException e) {
            opened.forEach(DurableGroupBackend::close);
            throw new RefusedException(cause(e) + " (" + e.failure() + ": " + e.getMessage() + ")", e);
        } catch (MalformedSnapshotException | MalformedChangeException | MalformedMessageException e) {
            opened.forEach(DurableGroupBackend::close);
            throw new RefusedException("corrupted record: it authenticates but does not decode (" + e.getMessage() + ")", e);
        } catch (RefusedException | RuntimeException e) {
            opened.forEach(DurableGroupBackend::close);
            throw e;
        }
    }

    /** The operator's name for a store failure. */
    static String cause(StoreException e) {
        return switch (e.failure()) {
            case WRONG_MASTER_KEY -> "wrong master key";
            case RECORD_CORRUPT, KEY_RECORD_CORRUPT -> "corrupted record (edited, truncated, moved or swapped)";
            case RECORD_MISSING, KEY_RECORD_MISSING -> "missing record";
            case STORAGE_CORRUPT -> "corrupted database";
            case SCHEMA -> "not a gkm store (or an unknown schema version)";
            case LOCKED -> "the store is in use by another process";
            default -> "store failure";
        };
    }
}
