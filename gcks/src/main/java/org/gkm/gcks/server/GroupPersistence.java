package org.gkm.gcks.server;

import java.util.Objects;
import org.gkm.gkmp.log.LogStore;

/**
 * How a hosted group keeps what is not in its key server across restarts: its membership (restored
 * from, and saved to, a {@link MembershipStore}) and its GKMP controller's group log.
 *
 * @param restored the membership as last saved ({@link Membership#empty()} for a new group)
 * @param store where every change of the membership is saved before the requester hears of it
 * @param log the GKMP controller's log store, or null for the controller's in-memory default
 */
public record GroupPersistence(Membership restored, MembershipStore store, LogStore log) {
    public GroupPersistence {
        Objects.requireNonNull(restored, "restored");
        Objects.requireNonNull(store, "store");
    }

    /** Nothing survives a restart (the in-memory backend, tests). */
    public static GroupPersistence none() {
        return new GroupPersistence(Membership.empty(), MembershipStore.NONE, null);
    }
}
