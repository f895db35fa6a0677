package org.gkm.gcks.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.gkm.rekey.delegation.SubtreeLink;

/**
 * Where a delegated subtree's group reports its root key changes (claim 18): the parent GCKS's
 * frame transports (every replica of a replicated parent; a report reaching a follower is sent on
 * to the leader it names, if that is one of these), the parent group, whether the parent's tree is
 * hybrid, and the link (which names the subtree and holds the pairwise key; the caller destroys it
 * after the server closed).
 */
public record ParentLink(List<InetSocketAddress> frames, long group, boolean hybrid, SubtreeLink link) {
    public ParentLink {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a parent needs at least one frame address");
        }
        Objects.requireNonNull(link, "link");
    }

    /** The subtree's id at the parent. */
    public int subtree() {
        return link.subtree();
    }
}
