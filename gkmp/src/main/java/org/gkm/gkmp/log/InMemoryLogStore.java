package org.gkm.gkmp.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link LogStore} in memory with a fixed capacity: it keeps the newest {@code capacity} records
 * handed to it and counts the older ones it dropped. It checks that every batch continues the chain
 * (sequence numbers and links), so a log that skipped or reordered records fails loudly. For tests
 * and for nodes that keep no durable log; a group controller that needs the whole history puts a
 * durable store behind {@link GroupLog} instead. Not thread-safe.
 */
public final class InMemoryLogStore implements LogStore {
    private final int capacity;
    private final ArrayDeque<LogEntry> records = new ArrayDeque<>();
    private long received;
    private long nextSeq = -1;
    private byte[] lastHash;

    public InMemoryLogStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    @Override
    public void append(List<LogEntry> batch) {
        for (LogEntry e : batch) {
            if (nextSeq >= 0 && (e.seq() != nextSeq || !Arrays.equals(e.prevHash(), lastHash))) {
                throw new IllegalStateException("record " + e.seq() + " does not continue the stored chain at " + nextSeq);
            }
            nextSeq = e.seq() + 1;
            lastHash = e.hash();
        }
        for (LogEntry e : batch) {
            records.addLast(e);
            received++;
            if (records.size() > capacity) {
                records.removeFirst();
            }
        }
    }

    /** The records kept, oldest first. */
    public List<LogEntry> records() {
        return new ArrayList<>(records);
    }

    /** Records handed over in total. */
    public long received() {
        return received;
    }

    /** Records dropped because the store was full. */
    public long dropped() {
        return received - records.size();
    }

    public int capacity() {
        return capacity;
    }
}
