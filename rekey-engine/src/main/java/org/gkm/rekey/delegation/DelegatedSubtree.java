package org.gkm.rekey.delegation;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupKeyServer;

/**
 * The subordinate side of subtree delegation: an ordinary {@link GroupKeyServer} that registers
 * and rekeys the subtree's members locally, and the {@link SubtreeLink} to its parent. After each
 * of its rekeys the caller asks {@link #reportIfRootChanged()}: a rekey that changed the subtree's
 * root key (any leave, any join; not a TEK change) yields the one report the parent needs, else
 * nothing goes upward.
 *
 * <p>A report is a function of the server's state (sequence, root generation, root key) and the
 * link key, so replicas of the subtree's server send identical bytes, and sending a report again
 * is harmless (the parent refuses it as a replay). Not thread-safe.
 */
public final class DelegatedSubtree {
    private final GroupKeyServer server;
    private final SubtreeLink link;
    private final boolean parentHybrid;
    private int reportedGeneration = -1;

    /**
     * @param server the subtree's key server (its root is the subtree root)
     * @param link the link to the parent (kept; destroyed by the caller)
     * @param parentHybrid whether the parent's tree is hybrid (its leaves then need a private key)
     */
    public DelegatedSubtree(GroupKeyServer server, SubtreeLink link, boolean parentHybrid) {
        this.server = Objects.requireNonNull(server, "server");
        this.link = Objects.requireNonNull(link, "link");
        this.parentHybrid = parentHybrid;
    }

    public GroupKeyServer server() {
        return server;
    }

    public int subtree() {
        return link.subtree();
    }

    /**
     * The report of the current root key (also what delegating the subtree hands the parent), at the
     * server's current sequence number and root generation.
     */
    public SubtreeReport report() {
        ClientKeys leaf = server.delegatedLeafKeys(parentHybrid);
        byte[] key = leaf.clientKey().toByteArray(InsecureSecretAccess.get());
        byte[] data = key;
        if (parentHybrid) {
            byte[] priv = leaf.clientPrivateKey().toByteArray(InsecureSecretAccess.get());
            data = new byte[2 * key.length];
            System.arraycopy(key, 0, data, 0, key.length);
            System.arraycopy(priv, 0, data, key.length, priv.length);
            Arrays.fill(priv, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
        leaf.destroy();
        try {
            int generation = server.generation(0);
            long sequence = server.sequence();
            SubtreeReport r = new SubtreeReport(link.subtree(), sequence, generation,
                    link.wrap(server.provider(), sequence, generation, data));
            reportedGeneration = generation;
            return r;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /** The report of the current root key if it changed since the last report made here, else empty. */
    public Optional<SubtreeReport> reportIfRootChanged() {
        if (server.generation(0) == reportedGeneration) {
            return Optional.empty();
        }
        return Optional.of(report());
    }

    @Override
    public String toString() {
        return "DelegatedSubtree[subtree=" + link.subtree() + ", " + server + "]";
    }
}
