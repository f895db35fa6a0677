package org.gkm.rekey.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link GroupStore} in memory: <b>not durable</b> (everything is gone when the object is), for
 * unit tests and examples only. It keeps the whole contract otherwise (ordering rules, atomic
 * append, compaction), so tests of code above the SPI run against it unchanged. Rows are kept as
 * given: wrap it in a {@link SealedGroupStore} to test the barrier.
 */
public final class InMemoryGroupStore implements GroupStore {
    private final Map<StoreGroupId, History> groups = new HashMap<>();
    private final Map<StoreGroupId, List<AuditEntry>> audit = new HashMap<>();
    private final Map<StoreGroupId, NavigableMap<Long, SegmentKey>> keys = new HashMap<>();
    private boolean closed;

    /** One group's snapshots and change records. */
    private static final class History {
        final NavigableMap<Long, Snapshot> snapshots = new TreeMap<>();
        final NavigableMap<Long, ChangeRecord> records = new TreeMap<>();
    }

    @Override
    public synchronized List<StoreGroupId> groups() {
        open();
        return List.copyOf(groups.keySet());
    }

    @Override
    public synchronized Optional<GroupStatus> status(StoreGroupId group) {
        open();
        return Optional.ofNullable(statusOf(group));
    }

    private GroupStatus statusOf(StoreGroupId group) {
        History h = groups.get(group);
        if (h == null) {
            return null;
        }
        return StoreRules.status(h.snapshots.lastKey(), h.records.isEmpty() ? -1 : h.records.firstKey(),
                h.records.isEmpty() ? -1 : h.records.lastKey(), auditSize(group));
    }

    private long auditSize(StoreGroupId group) {
        List<AuditEntry> log = audit.get(group);
        return log == null ? 0 : log.size();
    }

    @Override
    public synchronized void writeSnapshot(Snapshot snapshot) throws StoreException {
        open();
        StoreRules.checkSnapshot(snapshot.group(), statusOf(snapshot.group()), snapshot.sequence());
        groups.computeIfAbsent(snapshot.group(), g -> new History()).snapshots.put(snapshot.sequence(), copy(snapshot));
    }

    @Override
    public synchronized void append(ChangeRecord record, List<AuditEntry> auditEntries) throws StoreException {
        open();
        List<AuditEntry> entries = List.copyOf(auditEntries);
        StoreRules.checkAppend(record.group(), statusOf(record.group()), record.sequence());
        StoreRules.checkAuditBatch(entries, this::auditSize);
        groups.get(record.group()).records.put(record.sequence(), copy(record));
        for (AuditEntry e : entries) {
            audit.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
    }

    @Override
    public synchronized Optional<LoadedGroup> load(StoreGroupId group) {
        open();
        History h = groups.get(group);
        if (h == null) {
            return Optional.empty();
        }
        Map.Entry<Long, Snapshot> latest = h.snapshots.lastEntry();
        List<ChangeRecord> after = new ArrayList<>();
        for (ChangeRecord r : h.records.tailMap(latest.getKey(), false).values()) {
            after.add(copy(r));
        }
        return Optional.of(new LoadedGroup(copy(latest.getValue()), after));
    }

    @Override
    public synchronized MessagesSince messagesSince(StoreGroupId group, long after, int maxMessages) {
        open();
        StoreRules.checkMessagesSince(after, maxMessages);
        GroupStatus status = statusOf(group);
        MessagesSince answer = StoreRules.answerWithoutReading(status, after);
        if (answer != null) {
            return answer;
        }
        List<StoredMessage> out = new ArrayList<>();
        for (ChangeRecord r : groups.get(group).records.tailMap(after, false).values()) {
            if (out.size() == maxMessages) {
                break;
            }
            out.add(new StoredMessage(r.sequence(), r.rekeyMessage()));
        }
        return new MessagesSince.Messages(status.headSequence(), out);
    }

    @Override
    public synchronized int compact(StoreGroupId group, long through) throws StoreException {
        open();
        StoreRules.checkCompact(group, statusOf(group), through);
        History h = groups.get(group);
        NavigableMap<Long, ChangeRecord> gone = h.records.headMap(through, true);
        int removed = gone.size();
        gone.clear();
        h.snapshots.headMap(Math.min(through + 1, h.snapshots.lastKey()), false).clear();
        return removed;
    }

    @Override
    public synchronized void appendAudit(AuditEntry entry) throws StoreException {
        open();
        StoreRules.checkAuditIndex(entry, auditSize(entry.group()));
        audit.computeIfAbsent(entry.group(), g -> new ArrayList<>()).add(entry);
    }

    @Override
    public synchronized void appendAudit(List<AuditEntry> auditEntries) throws StoreException {
        open();
        List<AuditEntry> entries = List.copyOf(auditEntries);
        StoreRules.checkAuditBatch(entries, this::auditSize); // all checked first: nothing is appended if one is refused
        for (AuditEntry e : entries) {
            audit.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
    }

    @Override
    public synchronized List<AuditEntry> audit(StoreGroupId group, long fromIndex, int maxEntries) {
        open();
        StoreRules.checkAuditRead(fromIndex, maxEntries);
        List<AuditEntry> log = audit.getOrDefault(group, List.of());
        if (fromIndex >= log.size()) {
            return List.of();
        }
        int from = (int) fromIndex;
        return List.copyOf(log.subList(from, (int) Math.min(log.size(), (long) from + maxEntries)));
    }

    @Override
    public synchronized void putSegmentKey(SegmentKey key) throws StoreException {
        open();
        NavigableMap<Long, SegmentKey> m = keys.computeIfAbsent(key.group(), g -> new TreeMap<>());
        if (m.containsKey(key.segment())) {
            throw new StoreException(StoreException.Failure.SEQUENCE_REPEAT, RecordKind.SEGMENT_KEY, key.segment(),
                    "segment " + key.segment() + " of group " + key.group().hex() + " already has a key record");
        }
        m.put(key.segment(), key);
    }

    @Override
    public synchronized List<SegmentKey> segmentKeys(StoreGroupId group) {
        open();
        NavigableMap<Long, SegmentKey> m = keys.get(group);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Drops every row, zeroing the payloads held. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (History h : groups.values()) {
            h.snapshots.values().forEach(Snapshot::destroy);
            h.records.values().forEach(ChangeRecord::destroy);
        }
        groups.clear();
        audit.clear();
        keys.clear();
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("store is closed");
        }
    }

    private static Snapshot copy(Snapshot s) {
        byte[] p = s.payload();
        try {
            return new Snapshot(s.group(), s.epoch(), s.sequence(), p);
        } finally {
            java.util.Arrays.fill(p, (byte) 0);
        }
    }

    private static ChangeRecord copy(ChangeRecord r) {
        byte[] p = r.payload();
        try {
            return new ChangeRecord(r.group(), r.epoch(), r.sequence(), p, r.rekeyMessage());
        } finally {
            java.util.Arrays.fill(p, (byte) 0);
        }
    }
}
