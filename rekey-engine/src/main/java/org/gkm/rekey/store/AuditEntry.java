package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a group's audit log: the encoding of a group management log record (hash-chained by
 * its writer; the store keeps it opaque) and its index. Indexes run 0, 1, 2, ... per group with no
 * gap, the log's own sequence numbers. The array is copied in and out.
 *
 * @param group the group (or the log's owner: any id the caller chooses for the log)
 * @param index the entry's position in the log, at least 0
 * @param entry the encoded entry, at most {@link StoreLimits#MAX_PAYLOAD} bytes
 */
public record AuditEntry(StoreGroupId group, long index, byte[] entry) {
    public AuditEntry {
        Objects.requireNonNull(group, "group");
        if (index < 0) {
            throw new IllegalArgumentException("audit index must be >= 0, got " + index);
        }
        entry = StoreLimits.checkedCopy(entry, "entry", StoreLimits.MAX_PAYLOAD);
    }

    /** The entry (a copy). */
    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEntry a && a.group.equals(group) && a.index == index && Arrays.equals(a.entry, entry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, index, Arrays.hashCode(entry));
    }

    @Override
    public String toString() {
        return "AuditEntry[" + group.hex() + ", index=" + index + ", " + entry.length + " bytes]";
    }
}
