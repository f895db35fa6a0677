package org.gkm.gcks.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.gkm.rekey.delegation.SubtreeLink;

/**
 * Where a delegated subtree's group reports its root key changes (claim 18): the parent GCKS's
 * frame transports (every replica of a replicated parent; a report reaching a follower is sent on
 * to the leader it names, if that is one of these) and HTTP endpoints (handed to members, who read
 * the parent's published path there), the parent group, its policy (its tree mode decides the
 * reported keys; members need its degree), and the link (which names the subtree and holds the
 * pairwise key).
 */
public record ParentLink(List<InetSocketAddress> frames, List<java.net.URI> http, long group, org.gkm.rekey.GroupPolicy policy,
        SubtreeLink link) {
    public ParentLink {
        frames = List.copyOf(frames);
        http = List.copyOf(http);
        Objects.requireNonNull(policy, "policy");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a parent needs at least one frame address");
        }
        Objects.requireNonNull(link, "link");
    }

    /** Whether the parent's tree is hybrid (its leaves then carry a private key). */
    public boolean hybrid() {
        return policy.hybrid();
    }

    /** The subtree's id at the parent. */
    public int subtree() {
        return link.subtree();
    }
}
