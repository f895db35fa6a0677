package org.gkm.gcks.server.admin;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.GroupTiming;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;

/**
 * Makes the key server, and what persists beside it, of a group the owner creates at run time
 * ({@code gkm admin create-group}): in memory ({@link #inMemory}) or in the process's store, where
 * it survives a restart like a configured group ({@code gkm serve}).
 */
@FunctionalInterface
public interface GroupFactory {
    /**
     * A new group ready to host.
     *
     * @param durable whether the group is in a store (then it exists there from now on, hosted or not)
     */
    record Created(GroupBackend backend, GroupPersistence persistence, boolean durable) {
        public Created {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(persistence, "persistence");
        }
    }

    /**
     * A new, empty group.
     *
     * @param maxMembers GKMP's membership limit (kept with a durable group)
     * @param retainedMessages rekey messages an in-memory backend keeps for resync (a store keeps them until compaction)
     * @param timing the group's own batch window and TEK lifetime (kept with a durable group)
     * @throws GroupExistsException a group with that id exists already; nothing was changed
     * @throws Exception the group could not be created (the message is shown to the owner)
     */
    Created create(GkmpGroupId id, GroupPolicy policy, int maxMembers, int retainedMessages, GroupTiming timing) throws Exception;

    /** Groups held in memory only: lost when the process ends (tests, embedders without a store). */
    static GroupFactory inMemory(CryptoProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return (id, policy, maxMembers, retained, timing) -> new Created(
                InMemoryGroupBackend.create(provider, policy, GroupId.of("gkmp-" + id.value()), 1, retained), GroupPersistence.none(),
                false);
    }
}
