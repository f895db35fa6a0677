package org.gkm.gcks.member;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gkm.gcks.server.ParentAccess;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;

/**
 * Where and how a {@link MemberAgent} runs.
 *
 * @param gcks the GCKS's frame transport: the first replica the agent tries
 * @param http the GCKS's HTTP posting (resync (c)), or null
 * @param group the GKMP group to join
 * @param controller the GKMP id of the group's controller (the GCKS)
 * @param policy the group's policy (tree degree and mode, signature algorithm)
 * @param resyncBackoff the upper bound of the random wait before a resync (RFC 4046 sec. 5.5)
 * @param tekGrace how long the previous TEK still decrypts after a rekey
 * @param timeout how long one answer from the GCKS may take
 * @param replicas the frame transports of every replica of the group, {@code gcks} first: the only
 *     addresses the agent connects to (a redirect to any other is not followed, since the frame
 *     transport is not authenticated)
 * @param reconnect how the agent moves between the replicas ({@link ReconnectPolicy#off()}: never)
 * @param parent the parent group this group is a delegated subtree of (claim 18), whose stream the
 *     agent follows for the group's TEK; null when the group is not delegated
 */
public record AgentConfig(InetSocketAddress gcks, URI http, GkmpGroupId group, EntityId controller, GroupPolicy policy,
        Duration resyncBackoff, Duration tekGrace, Duration timeout, List<InetSocketAddress> replicas, ReconnectPolicy reconnect,
        ParentAccess parent) {
    public AgentConfig {
        Objects.requireNonNull(gcks, "gcks");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reconnect, "reconnect");
        if (resyncBackoff.isNegative() || tekGrace.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be non-negative (timeout positive)");
        }
        replicas = List.copyOf(replicas); // also refuses null entries
        if (replicas.isEmpty() || !replicas.get(0).equals(gcks)) {
            throw new IllegalArgumentException("the replicas must begin with the GCKS address " + gcks + ": " + replicas);
        }
        Set<InetSocketAddress> seen = new HashSet<>();
        for (InetSocketAddress r : replicas) {
            if (!seen.add(r)) {
                throw new IllegalArgumentException("replica " + r + " is listed twice");
            }
        }
    }

    /** A group that is not a delegated subtree. */
    public AgentConfig(InetSocketAddress gcks, URI http, GkmpGroupId group, EntityId controller, GroupPolicy policy,
            Duration resyncBackoff, Duration tekGrace, Duration timeout, List<InetSocketAddress> replicas, ReconnectPolicy reconnect) {
        this(gcks, http, group, controller, policy, resyncBackoff, tekGrace, timeout, replicas, reconnect, null);
    }

    /** One GCKS, no failover (a GCKS that is not replicated). */
    public AgentConfig(InetSocketAddress gcks, URI http, GkmpGroupId group, EntityId controller, GroupPolicy policy,
            Duration resyncBackoff, Duration tekGrace, Duration timeout) {
        this(gcks, http, group, controller, policy, resyncBackoff, tekGrace, timeout, List.of(gcks), ReconnectPolicy.off());
    }

    /**
     * This configuration with the group's replicas (the first becomes {@link #gcks()}) and a
     * reconnect policy.
     *
     * @throws IllegalArgumentException no replica, or one listed twice
     */
    public AgentConfig withReplicas(List<InetSocketAddress> replicas, ReconnectPolicy reconnect) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("no replica");
        }
        return new AgentConfig(replicas.get(0), http, group, controller, policy, resyncBackoff, tekGrace, timeout, replicas, reconnect,
                parent);
    }

    /**
     * This configuration for a member of a delegated subtree: the agent also follows {@code parent}'s
     * stream, and the group's TEK is the parent's.
     */
    public AgentConfig withParent(ParentAccess parent) {
        Objects.requireNonNull(parent, "parent");
        if (parent.http().isEmpty()) {
            // the parent's keys are first obtained from its published path of the subtree's leaf
            throw new IllegalArgumentException("a parent needs an HTTP address (its published path of the subtree's leaf)");
        }
        return new AgentConfig(gcks, http, group, controller, policy, resyncBackoff, tekGrace, timeout, replicas, reconnect, parent);
    }

    /**
     * The configured replica {@code address} names (the same port and address, or the same host
     * string), or null: what a redirect may lead to.
     */
    public InetSocketAddress replicaAt(InetSocketAddress address) {
        for (InetSocketAddress r : replicas) {
            if (r.getPort() == address.getPort() && (r.equals(address) || r.getHostString().equalsIgnoreCase(address.getHostString()))) {
                return r;
            }
        }
        return null;
    }
}
