package org.gkm.gcks.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.gkm.gkmp.GkmpGroupId;

/**
 * This process's replica of a group whose key server is replicated ({@link ReplicaHosting}). Every
 * replica serves resync from its committed state; only the replica that leads registers members and
 * rekeys, so the GCKS hosts the group ({@link GcksServer#follow}) only while {@link #readyToLead}
 * holds, and elsewhere answers {@link Refusal#NOT_LEADER} naming {@link #leaderFrames}.
 *
 * <p>Implementations are safe to call from any thread.
 */
public interface ReplicatedGroup {
    GkmpGroupId id();

    /**
     * The replica's key server: reads from its committed state on any replica; changes are accepted
     * only while it leads (elsewhere {@link BackendException.Reason#NOT_LEADER}).
     */
    GroupBackend backend();

    /**
     * Whether this replica leads the group and has applied every entry committed before its term,
     * so a GCKS may plan on its state; the first leader creates the group here (its genesis entry).
     * A replica may lose the lead at any time after this returns: its writes then fail.
     */
    boolean readyToLead();

    /**
     * Whether this replica still leads (checked while the GCKS hosts the group; unlike
     * {@link #readyToLead} it does not wait for entries being applied).
     */
    boolean leads();

    /**
     * Hands the lead to another replica, if this one leads (a clean stop: the group gets a new
     * leader without waiting out an election timeout).
     *
     * @return whether another replica took over within {@code timeout}
     */
    boolean handOff(java.time.Duration timeout);

    /** The frame transport of the replica that leads now, if one is known (this one's included). */
    Optional<InetSocketAddress> leaderFrames();

    /** The group's membership as committed (what a new leader restores and reconciles). */
    Membership committedMembership();

    /** Saves membership changes through the replicated log (leader only). */
    MembershipStore membershipStore();
}
