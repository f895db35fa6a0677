package org.gkm.gcks.member;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;

/**
 * Where and how a {@link MemberAgent} runs.
 *
 * @param gcks the GCKS's frame transport
 * @param http the GCKS's HTTP posting (resync (c)), or null
 * @param group the GKMP group to join
 * @param controller the GKMP id of the group's controller (the GCKS)
 * @param policy the group's policy (tree degree and mode, signature algorithm)
 * @param resyncBackoff the upper bound of the random wait before a resync (RFC 4046 sec. 5.5)
 * @param tekGrace how long the previous TEK still decrypts after a rekey
 * @param timeout how long one answer from the GCKS may take
 */
public record AgentConfig(InetSocketAddress gcks, URI http, GkmpGroupId group, EntityId controller, GroupPolicy policy,
        Duration resyncBackoff, Duration tekGrace, Duration timeout) {
    public AgentConfig {
        Objects.requireNonNull(gcks, "gcks");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(policy, "policy");
        if (resyncBackoff.isNegative() || tekGrace.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be non-negative (timeout positive)");
        }
    }
}
