package org.gkm.gcks.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.StoreMembership;
import org.gkm.gcks.server.admin.GroupExistsException;
import org.gkm.gcks.server.admin.GroupFactory;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;

/**
 * What {@code gkm serve} keeps in its store, opened or created in two phases so that a start that
 * fails writes nothing: first every stored thing is read and checked (the server keys, and for each
 * group its key server, membership, GKMP log and settings), then, only if all of it loaded, what is
 * missing is created (the keys at the first start, a configured group not yet in the store). Groups
 * found in the store but not in the configuration (created at run time with {@code gkm admin
 * create-group}, or dropped from the configuration) are hosted too, with the settings stored with
 * them ({@link GroupSettings}), so a restart opens every group the store holds. Groups are opened
 * and created through {@link StoreGroups}, which is also the admin endpoint's group factory.
 *
 * <p>Store ids: {@code gkmp-<id>} the group's key server (snapshots + change records + sealed rekey
 * messages; its snapshot holds the group's policy), {@code gkm-serve/members/<id>} its membership
 * ({@link StoreMembership}), {@code gkm-serve/log/<id>} its GKMP group log (audit entries,
 * {@link GroupStoreLog}), {@code gkm-serve/groups/<id>} its GKMP settings ({@link GroupSettings}),
 * {@code gkm-serve/keys} the server keys ({@link ServerKeys}).
 */
final class ServeState {
    /** One group ready to host. */
    record Hosted(ServeConfig.GroupConfig config, GroupBackend backend, GroupPersistence persistence, boolean created) {
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
    /** Opens and creates the store's groups (the admin endpoint creates run-time groups with it). */
    final StoreGroups factory;

    private ServeState(ServerKeys keys, List<Hosted> groups, StoreGroups factory) {
        this.keys = keys;
        this.groups = groups;
        this.factory = factory;
    }

    static StoreGroupId keyServerId(long group) {
        return new StoreGroupId(StoreGroups.keyServerGroup(group).value());
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
        List<GroupBackend> opened = new ArrayList<>();
        StoreGroups factory = new StoreGroups(store, p, SnapshotPolicy.every(c.snapshotEveryRecords()));
        try {
            // phase 1: read and check everything stored
            Optional<ServerKeys> keys = ServerKeys.load(store, p);
            Map<Long, ServeConfig.GroupConfig> configs = new LinkedHashMap<>();
            for (ServeConfig.GroupConfig g : c.groups()) {
                configs.put(g.id(), g);
            }
            List<Long> stored = new ArrayList<>();
            for (StoreGroupId sid : store.groups()) {
                long id = StoreGroups.groupOf(new String(sid.value(), StandardCharsets.UTF_8));
                if (id >= 0) {
                    stored.add(id);
                }
            }
            stored.sort(null);
            for (long id : stored) {
                if (!configs.containsKey(id)) {
                    Optional<GroupSettings> settings = GroupSettings.load(store, id);
                    GroupTiming t = settings.map(GroupSettings::timing).orElse(GroupTiming.SERVER);
                    configs.put(id, new ServeConfig.GroupConfig(id, null, null, settings.map(GroupSettings::maxMembers).orElse(null), null,
                            t.batchWindow() == null ? null : t.batchWindow().toMillis(),
                            t.tekLifetime() == null ? null : t.tekLifetime().toSeconds(), null, null));
                }
            }
            List<Hosted> out = new ArrayList<>();
            List<ServeConfig.GroupConfig> missing = new ArrayList<>();
            for (ServeConfig.GroupConfig g : configs.values()) {
                if (!factory.exists(g.id())) {
                    missing.add(g);
                    continue;
                }
                if (keys.isEmpty()) {
                    throw new RefusedException("the store holds group " + g.id() + " but not the server keys (" + ServerKeys.ID
                            + "): not a store this server wrote, or a damaged one", null);
                }
                GroupFactory.Created made = factory.open(g.id());
                opened.add(made.backend());
                out.add(new Hosted(g, made.backend(), made.persistence(), false));
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
                GroupFactory.Created made = factory.create(new GkmpGroupId(g.id()), policy, g.maxMembers(), g.retainedMessages(),
                        g.timing());
                opened.add(made.backend());
                out.add(new Hosted(g, made.backend(), made.persistence(), true));
            }
            return new ServeState(k, List.copyOf(out), factory);
        } catch (StoreException e) {
            opened.forEach(GroupBackend::close);
            throw new RefusedException(cause(e) + " (" + e.failure() + ": " + e.getMessage() + ")", e);
        } catch (MalformedSnapshotException | MalformedChangeException | MalformedMessageException e) {
            opened.forEach(GroupBackend::close);
            throw new RefusedException("corrupted record: it authenticates but does not decode (" + e.getMessage() + ")", e);
        } catch (GroupExistsException e) {
            // phase 1 found no key server of this group; only a store changed under the process gets here
            opened.forEach(GroupBackend::close);
            throw new RefusedException(e.getMessage() + ", though it was not there when the store was read", e);
        } catch (RefusedException | RuntimeException e) {
            opened.forEach(GroupBackend::close);
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
