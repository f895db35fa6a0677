package org.gkm.gkmp;

/**
 * Grp ID (RFC 2093 sec. 3.3): a non-negative 64-bit number, unique on the network, chosen by the
 * group commander, so several groups coexist.
 */
public record GroupId(long value) implements Comparable<GroupId> {
    public GroupId {
        if (value < 0) {
            throw new IllegalArgumentException("group id must be non-negative");
        }
    }

    @Override
    public int compareTo(GroupId o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return "grp-" + value;
    }
}
