package org.gkm.gkmp;

/**
 * Grp ID (RFC 2093 sec. 3.3): a non-negative 64-bit number, unique on the network, chosen by the
 * group commander, so several groups coexist. Named apart from the rekey engine's
 * {@code org.gkm.rekey.message.GroupId} (a string id); {@code lkh.LkhBinding} maps one to the other.
 */
public record GkmpGroupId(long value) implements Comparable<GkmpGroupId> {
    public GkmpGroupId {
        if (value < 0) {
            throw new IllegalArgumentException("group id must be non-negative");
        }
    }

    @Override
    public int compareTo(GkmpGroupId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return "grp-" + value;
    }
}
