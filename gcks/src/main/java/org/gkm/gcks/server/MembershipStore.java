package org.gkm.gcks.server;

/**
 * Where a hosted group keeps its {@link Membership} across restarts. {@link #save} is called under
 * the group's lock after every change of the membership and before the requester hears of it, so
 * the stored membership is at most one committed rekey behind the key tree (a restart reconciles
 * the two: {@link HostedGroup}).
 */
public interface MembershipStore {
    /** Keeps nothing (groups that do not survive a restart). */
    MembershipStore NONE = m -> {
    };

    /** Replaces the stored membership; durable when it returns. */
    void save(Membership membership) throws BackendException;
}
