package org.gkm.rekey.store;

import java.util.List;
import java.util.Objects;

/**
 * What {@link GroupStore#load} returns: the latest snapshot and every change record after it, in
 * sequence order with no gap ({@code records.get(i).sequence() == snapshot.sequence() + 1 + i}).
 * The group's state is the snapshot with the records applied in order.
 *
 * @param snapshot the latest snapshot
 * @param records the change records after it, in order (an unmodifiable copy)
 */
public record LoadedGroup(Snapshot snapshot, List<ChangeRecord> records) {
    public LoadedGroup {
        Objects.requireNonNull(snapshot, "snapshot");
        records = List.copyOf(records);
        long expected = snapshot.sequence() + 1;
        for (ChangeRecord r : records) {
            if (!r.group().equals(snapshot.group())) {
                throw new IllegalArgumentException("record of another group: " + r);
            }
            if (r.sequence() != expected) {
                throw new IllegalArgumentException("record " + r.sequence() + " where " + expected + " belongs");
            }
            expected++;
        }
    }

    /** The group. */
    public StoreGroupId group() {
        return snapshot.group();
    }

    /** The sequence number of the loaded state: the last record's, or the snapshot's if none. */
    public long headSequence() {
        return records.isEmpty() ? snapshot.sequence() : records.get(records.size() - 1).sequence();
    }

    /** Zeroes the payloads of the snapshot and every record (the caller has applied them). */
    public void destroy() {
        snapshot.destroy();
        records.forEach(ChangeRecord::destroy);
    }
}
