package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.gkm.rekey.RekeyPlan;

/**
 * A rekey a {@link DurableGroupServer} has committed: durable in the store with its change record, so
 * it may be acknowledged to the requester and published. The messages are sealed (signed by the
 * GCKS, MACed under the group authentication key the members hold when they receive them) and
 * public; the plan names the members and nodes concerned. Arrays are copied in and out;
 * {@code toString} shows sizes, no bytes.
 *
 * @param sequence the rekey's sequence number
 * @param message the sealed multicast rekey message, as stored
 * @param downloads the sealed key downloads of one-way joins, by the joiner's member id (empty for
 *     other rekeys: their joiners read the multicast with their client keys)
 * @param plan what the rekey did
 */
public record CommittedRekey(long sequence, byte[] message, Map<Integer, byte[]> downloads, RekeyPlan plan) {
    public CommittedRekey {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(downloads, "downloads");
        Objects.requireNonNull(plan, "plan");
        message = message.clone();
        downloads = copy(downloads);
    }

    /** The sealed multicast message (a copy). */
    @Override
    public byte[] message() {
        return message.clone();
    }

    /** The sealed key downloads by member id (copies). */
    @Override
    public Map<Integer, byte[]> downloads() {
        return copy(downloads);
    }

    private static Map<Integer, byte[]> copy(Map<Integer, byte[]> m) {
        Map<Integer, byte[]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(Objects.requireNonNull(k, "member id"), v.clone()));
        return Map.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CommittedRekey c) || c.sequence != sequence || !Arrays.equals(c.message, message)
                || !c.plan.equals(plan) || !c.downloads.keySet().equals(downloads.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : downloads.entrySet()) {
            if (!Arrays.equals(e.getValue(), c.downloads.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, Arrays.hashCode(message), plan);
    }

    @Override
    public String toString() {
        return "CommittedRekey[seq=" + sequence + ", message=" + message.length + " bytes, downloads=" + downloads.size()
                + ", " + plan + "]";
    }
}
