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
     * The sealed message the {@code i}-th joiner of this rekey installs its keys from: its
     * KEY_DOWNLOAD (a path from the leaf it ends in, also when a later joiner of the same batch split
     * the leaf it was placed in), or the rekey message when the rekey carries its keys itself.
     */
    public byte[] joinerKeys(int i) {
        byte[] d = downloads.get(plan.joiners()[i]);
        return d != null ? d.clone() : multicast();
    }

    @Override
    public String toString() {
        return "CommittedRekey[seq=" + sequence + ", " + multicast.length + " bytes, " + downloads.size() + " downloads]";
    }
}
