package org.gkm.gcks.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;

/**
 * What a member of a delegated subtree needs to follow its parent group's stream (claim 18): where
 * the parent GCKS answers resync (frame transports for "messages since n", HTTP for the published
 * path of the subtree's leaf), the parent group's GKMP id, engine group id, policy and epoch, the
 * subtree's member id in the parent's tree, and the parent's rekey signing key (the only signer of
 * parent messages a member trusts). The subtree's GCKS learns the member id, epoch and signing key
 * from the parent's receipt, which is authenticated under the link key, and hands them to members
 * in their credentials.
 *
 * @param subtree the subtree's id at the parent
 * @param member the subtree's leaf member id in the parent's tree
 */
public record ParentAccess(List<InetSocketAddress> frames, List<URI> http, long group, GroupId engineGroup, GroupPolicy policy,
        int subtree, int member, long epoch, PublicKey signingKey) {
    public ParentAccess {
        frames = List.copyOf(frames);
        http = List.copyOf(http);
        Objects.requireNonNull(engineGroup, "engineGroup");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(signingKey, "signingKey");
        if (frames.isEmpty() || subtree < 0 || member < 0) {
            throw new IllegalArgumentException("a parent needs a frame address, and subtree and member ids >= 0");
        }
    }
}
