package org.gkm.gcks.server;

import java.util.Map;
import java.util.Objects;
import org.gkm.rekey.RekeyPlan;

/**
 * A rekey the backend has committed (for a durable backend: its change record and sealed message
 * are in the store, in one transaction) and that may now be acknowledged and published.
 *
 * @param sequence the rekey message's sequence number
 * @param multicast the sealed rekey message for every member (public: it protects itself)
 * @param downloads the sealed KEY_DOWNLOAD of each joiner, by tree member id (secret only in the sense
 *     that it is addressed; it is sealed like the multicast)
 * @param plan what the rekey changed (joiners, leavers)
 */
public record CommittedRekey(long sequence, byte[] multicast, Map<Integer, byte[]> downloads, RekeyPlan plan) {
    public CommittedRekey {
        Objects.requireNonNull(multicast, "multicast");
        Objects.requireNonNull(plan, "plan");
        multicast = multicast.clone();
        downloads = Map.copyOf(downloads);
    }

    @Override
    public byte[] multicast() {
        return multicast.clone();
    }

    /**
     * Whether the {@code i}-th joiner of this rekey was moved by a leaf split of a later joiner of
     * the same batch: its leaf in the plan became interior, so its KEY_DOWNLOAD (a path from that
     * leaf) does not open under its client key; such a joiner gets its published path
     * ({@link GroupBackend#sealedPath}) instead.
     */
    public boolean joinerMoved(int i) {
        int leaf = plan.joinerLeaves()[i];
        for (int s : plan.splits()) {
            if (s == leaf) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sealed message the {@code i}-th joiner installs its keys from: its KEY_DOWNLOAD, the rekey
     * message when the rekey carries its keys itself, or its published path if it was moved
     * ({@link #joinerMoved}).
     */
    public byte[] joinerKeys(int i, GroupBackend backend) throws BackendException {
        int id = plan.joiners()[i];
        if (joinerMoved(i)) {
            return backend.sealedPath(id);
        }
        byte[] d = downloads.get(id);
        return d != null ? d.clone() : multicast();
    }

    @Override
    public String toString() {
        return "CommittedRekey[seq=" + sequence + ", " + multicast.length + " bytes, " + downloads.size() + " downloads]";
    }
}
