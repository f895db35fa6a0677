package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStatus;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.RecordKind;
import org.gkm.rekey.store.SegmentKey;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreException.Failure;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link GroupStore} contract, run against every implementation (and the barrier over each):
 * groups begin with a snapshot, sequences and audit indexes rise by exactly one, refused writes
 * change nothing, load is the latest snapshot plus every later record in order, compaction and the
 * resync answers, copies in and out. Subclasses say how to make a store and, for a durable one,
 * how to reopen it.
 */
abstract class GroupStoreContract {
    static final StoreGroupId A = StoreGroupId.of("group-a");
    static final StoreGroupId B = StoreGroupId.of("group-b");

    GroupStore store;

    /** A new, empty store. */
    abstract GroupStore newStore() throws Exception;

    /** The same store closed and opened again, or null for a store that is not durable. */
    abstract GroupStore reopen(GroupStore closed) throws Exception;

    /** True for a barrier, which refuses key records from its callers (it writes its own). */
    boolean keyRecordsBelongToABarrier() {
        return false;
    }

    @BeforeEach
    void create() throws Exception {
        store = newStore();
    }

    @AfterEach
    void release() throws Exception {
        store.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ChangeRecord record(StoreGroupId g, long seq) {
        return new ChangeRecord(g, 3, seq, bytes("change " + seq + " of " + g.hex()), bytes("message " + seq));
    }

    static Snapshot snapshot(StoreGroupId g, long seq) {
        return new Snapshot(g, 3, seq, bytes("state " + seq + " of " + g.hex()));
    }

    static StoreException refused(Failure reason, StoreAction action) {
        StoreException e = assertThrows(StoreException.class, action::run);
        assertEquals(reason, e.failure(), e.getMessage());
        return e;
    }

    /** A store call that may throw. */
    @FunctionalInterface
    interface StoreAction {
        void run() throws Exception;
    }

    void fill(StoreGroupId g, int records) throws StoreException {
        store.writeSnapshot(snapshot(g, 0));
        for (int i = 1; i <= records; i++) {
            store.append(record(g, i));
        }
    }

    static List<Long> sequences(MessagesSince m) {
        return assertInstanceOf(MessagesSince.Messages.class, m).messages().stream().map(StoredMessage::sequence).toList();
    }

    @Test
    void anEmptyStoreKnowsNoGroup() throws Exception {
        assertEquals(List.of(), store.groups());
        assertTrue(store.status(A).isEmpty());
        assertTrue(store.load(A).isEmpty());
        assertInstanceOf(MessagesSince.UnknownGroup.class, store.messagesSince(A, 0, 10));
        assertEquals(List.of(), store.audit(A, 0, 10));
        assertEquals(List.of(), store.segmentKeys(A));
        refused(Failure.UNKNOWN_GROUP, () -> store.compact(A, 0));
    }

    @Test
    void aGroupBeginsWithASnapshotAndSequencesRiseByOne() throws Exception {
        StoreException e = refused(Failure.UNKNOWN_GROUP, () -> store.append(record(A, 1)));
        assertTrue(e.getMessage().contains(A.hex()), e.getMessage());
        store.writeSnapshot(snapshot(A, 0));
        assertEquals(List.of(A), store.groups());
        store.append(record(A, 1));
        store.append(record(A, 2));
        e = refused(Failure.SEQUENCE_GAP, () -> store.append(record(A, 4)));
        assertEquals(RecordKind.CHANGE, e.kind().orElseThrow());
        assertEquals(4, e.position());
        refused(Failure.SEQUENCE_REPEAT, () -> store.append(record(A, 2)));
        refused(Failure.SEQUENCE_REPEAT, () -> store.append(record(A, 1)));
        store.append(record(A, 3));
        assertEquals(new GroupStatus(0, 3, 0, 0), store.status(A).orElseThrow());
        // a group may begin at any sequence (a restored or migrated group)
        store.writeSnapshot(snapshot(B, 40));
        refused(Failure.SEQUENCE_REPEAT, () -> store.append(record(B, 40)));
        store.append(record(B, 41));
        assertEquals(Set.of(A, B), Set.copyOf(store.groups()));
    }

    @Test
    void snapshotsLieAfterTheLatestSnapshotAndAtOrBeforeTheHead() throws Exception {
        fill(A, 4);
        refused(Failure.SEQUENCE_REPEAT, () -> store.writeSnapshot(snapshot(A, 0)));
        refused(Failure.SEQUENCE_GAP, () -> store.writeSnapshot(snapshot(A, 5)));
        store.writeSnapshot(snapshot(A, 2));
        refused(Failure.SEQUENCE_REPEAT, () -> store.writeSnapshot(snapshot(A, 2)));
        LoadedGroup g = store.load(A).orElseThrow();
        assertEquals(snapshot(A, 2), g.snapshot());
        assertEquals(List.of(record(A, 3), record(A, 4)), g.records());
        assertEquals(4, g.headSequence());
        store.writeSnapshot(snapshot(A, 4));
        g = store.load(A).orElseThrow();
        assertEquals(snapshot(A, 4), g.snapshot());
        assertEquals(List.of(), g.records());
        assertEquals(new GroupStatus(4, 4, 0, 0), store.status(A).orElseThrow());
    }

    @Test
    void loadReturnsTheLatestSnapshotAndEveryLaterRecordAsCommitted() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        store.writeSnapshot(snapshot(A, 0));
        byte[][] payloads = new byte[21][];
        for (int i = 1; i <= 20; i++) {
            payloads[i] = new byte[r.nextInt(0, 5000)];
            r.nextBytes(payloads[i]);
            store.append(new ChangeRecord(A, i / 7, i, payloads[i], bytes("m" + i)));
        }
        fill(B, 2);
        LoadedGroup g = store.load(A).orElseThrow();
        assertEquals(20, g.records().size());
        for (ChangeRecord c : g.records()) {
            assertEquals(A, c.group());
            assertEquals(c.sequence() / 7, c.epoch());
            assertArrayEquals(payloads[(int) c.sequence()], c.payload());
            assertArrayEquals(bytes("m" + c.sequence()), c.rekeyMessage());
        }
        assertEquals(List.of(record(B, 1), record(B, 2)), store.load(B).orElseThrow().records());
    }

    @Test
    void aLargePayloadRoundTrips() throws Exception {
        byte[] big = new byte[3 << 20];
        new SplittableRandom(9).nextBytes(big);
        store.writeSnapshot(new Snapshot(A, 0, 0, big));
        store.append(new ChangeRecord(A, 0, 1, big, big));
        LoadedGroup g = store.load(A).orElseThrow();
        assertArrayEquals(big, g.snapshot().payload());
        assertArrayEquals(big, g.records().get(0).payload());
        assertArrayEquals(big, g.records().get(0).rekeyMessage());
    }

    @Test
    void valuesAreCopiedInAndOut() throws Exception {
        byte[] payload = bytes("payload");
        ChangeRecord rec = new ChangeRecord(A, 0, 1, payload, bytes("msg"));
        store.writeSnapshot(snapshot(A, 0));
        store.append(rec);
        payload[0] = 'X';
        rec.destroy();
        LoadedGroup g = store.load(A).orElseThrow();
        assertArrayEquals(bytes("payload"), g.records().get(0).payload());
        g.destroy();
        assertArrayEquals(bytes("payload"), store.load(A).orElseThrow().records().get(0).payload());
    }

    @Test
    void messagesSinceAnswersPagesCompactionAndUnknownGroups() throws Exception {
        fill(A, 10);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), sequences(store.messagesSince(A, 0, 100)));
        MessagesSince.Messages page = (MessagesSince.Messages) store.messagesSince(A, 3, 4);
        assertEquals(10, page.headSequence());
        assertEquals(List.of(4L, 5L, 6L, 7L), page.messages().stream().map(StoredMessage::sequence).toList());
        assertArrayEquals(bytes("message 5"), page.messages().get(1).message());
        assertEquals(List.of(), sequences(store.messagesSince(A, 10, 5)));
        // a member claiming to be ahead of the store sees the store's head
        MessagesSince.Messages ahead = (MessagesSince.Messages) store.messagesSince(A, 12, 5);
        assertEquals(10, ahead.headSequence());
        assertEquals(List.of(), ahead.messages());
        assertInstanceOf(MessagesSince.UnknownGroup.class, store.messagesSince(B, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> store.messagesSince(A, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> store.messagesSince(A, 0, 0));

        store.writeSnapshot(snapshot(A, 6));
        assertEquals(4, store.compact(A, 4));
        assertEquals(new MessagesSince.CompactedPast(4), store.messagesSince(A, 3, 5));
        assertEquals(List.of(5L, 6L, 7L), sequences(store.messagesSince(A, 4, 3)));
        assertEquals(new GroupStatus(6, 10, 4, 0), store.status(A).orElseThrow());
    }

    @Test
    void compactionRemovesOnlyWhatTheLatestSnapshotCovers() throws Exception {
        fill(A, 8);
        store.writeSnapshot(snapshot(A, 3));
        store.writeSnapshot(snapshot(A, 5));
        StoreException e = refused(Failure.NOT_COVERED_BY_SNAPSHOT, () -> store.compact(A, 6));
        assertTrue(e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.compact(A, -1));
        LoadedGroup before = store.load(A).orElseThrow();
        assertEquals(5, store.compact(A));
        assertEquals(before, store.load(A).orElseThrow());
        assertEquals(new GroupStatus(5, 8, 5, 0), store.status(A).orElseThrow());
        assertEquals(0, store.compact(A));
        assertEquals(new MessagesSince.CompactedPast(5), store.messagesSince(A, 0, 10));
        // the group goes on: records after the head, a later snapshot, compaction to the head
        store.append(record(A, 9));
        store.writeSnapshot(snapshot(A, 9));
        assertEquals(4, store.compact(A, 9));
        assertEquals(new GroupStatus(9, 9, 9, 0), store.status(A).orElseThrow());
        assertEquals(snapshot(A, 9), store.load(A).orElseThrow().snapshot());
        assertEquals(List.of(), sequences(store.messagesSince(A, 9, 10)));
        store.append(record(A, 10));
        assertEquals(List.of(10L), sequences(store.messagesSince(A, 9, 10)));
    }

    @Test
    void auditEntriesAppendedTogetherCommitAllOrNone() throws Exception {
        store.appendAudit(List.of(new AuditEntry(A, 0, bytes("a")), new AuditEntry(A, 1, bytes("b")), new AuditEntry(B, 0, bytes("c"))));
        assertEquals(List.of(new AuditEntry(A, 0, bytes("a")), new AuditEntry(A, 1, bytes("b"))), store.audit(A, 0, 10));
        // the third entry leaves a gap: none of the three is appended
        refused(Failure.SEQUENCE_GAP, () -> store.appendAudit(List.of(new AuditEntry(A, 2, bytes("d")), new AuditEntry(A, 3,
                bytes("e")), new AuditEntry(A, 5, bytes("gap")))));
        refused(Failure.SEQUENCE_REPEAT, () -> store.appendAudit(List.of(new AuditEntry(A, 2, bytes("d")), new AuditEntry(A, 2,
                bytes("again")))));
        assertEquals(2, store.audit(A, 0, 10).size(), "nothing of a refused batch is appended");
        assertEquals(List.of(new AuditEntry(B, 0, bytes("c"))), store.audit(B, 0, 10));
        store.appendAudit(List.of());
        store.appendAudit(List.of(new AuditEntry(A, 2, bytes("d"))));
        assertEquals(3, store.audit(A, 0, 10).size());
    }

    @Test
    void auditIndexesRiseByOneAndCommitWithTheirRecord() throws Exception {
        store.appendAudit(new AuditEntry(A, 0, bytes("created")));
        refused(Failure.SEQUENCE_GAP, () -> store.appendAudit(new AuditEntry(A, 2, bytes("x"))));
        StoreException e = refused(Failure.SEQUENCE_REPEAT, () -> store.appendAudit(new AuditEntry(A, 0, bytes("x"))));
        assertEquals(RecordKind.AUDIT, e.kind().orElseThrow());
        fill(A, 1);
        store.append(record(A, 2), List.of(new AuditEntry(A, 1, bytes("join")), new AuditEntry(A, 2, bytes("rekey"))));
        // the record refused: its audit entry is not committed either, and the reverse
        refused(Failure.SEQUENCE_GAP, () -> store.append(record(A, 9), List.of(new AuditEntry(A, 3, bytes("lost")))));
        refused(Failure.SEQUENCE_GAP, () -> store.append(record(A, 3), List.of(new AuditEntry(A, 4, bytes("gap")))));
        refused(Failure.SEQUENCE_REPEAT, () -> store.append(record(A, 3),
                List.of(new AuditEntry(A, 3, bytes("a")), new AuditEntry(A, 3, bytes("b")))));
        assertEquals(new GroupStatus(0, 2, 0, 3), store.status(A).orElseThrow());
        assertEquals(List.of(new AuditEntry(A, 0, bytes("created")), new AuditEntry(A, 1, bytes("join")),
                new AuditEntry(A, 2, bytes("rekey"))), store.audit(A, 0, 10));
        assertEquals(List.of(new AuditEntry(A, 1, bytes("join"))), store.audit(A, 1, 1));
        assertEquals(List.of(), store.audit(A, 3, 10));
        // another log in the same commit
        store.append(record(A, 3), List.of(new AuditEntry(B, 0, bytes("other log"))));
        assertEquals(List.of(new AuditEntry(B, 0, bytes("other log"))), store.audit(B, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> store.audit(A, -1, 10));
    }

    @Test
    void segmentKeysAreWrittenOncePerGroupAndListedInOrder() throws Exception {
        if (keyRecordsBelongToABarrier()) {
            assertThrows(UnsupportedOperationException.class, () -> store.putSegmentKey(new SegmentKey(A, 9, bytes("k"))));
            fill(A, 1);
            List<Long> segments = store.segmentKeys(A).stream().map(SegmentKey::segment).toList();
            assertEquals(List.of(0L, 1L), segments);
            return;
        }
        store.putSegmentKey(new SegmentKey(A, 2, bytes("k2")));
        store.putSegmentKey(new SegmentKey(A, 0, bytes("k0")));
        store.putSegmentKey(new SegmentKey(B, 0, bytes("b0")));
        StoreException e = refused(Failure.SEQUENCE_REPEAT, () -> store.putSegmentKey(new SegmentKey(A, 2, bytes("other"))));
        assertEquals(RecordKind.SEGMENT_KEY, e.kind().orElseThrow());
        assertEquals(List.of(new SegmentKey(A, 0, bytes("k0")), new SegmentKey(A, 2, bytes("k2"))), store.segmentKeys(A));
        assertEquals(List.of(new SegmentKey(B, 0, bytes("b0"))), store.segmentKeys(B));
    }

    @Test
    void everythingCommittedSurvivesReopening() throws Exception {
        fill(A, 5);
        store.writeSnapshot(snapshot(A, 3));
        store.append(record(A, 6), List.of(new AuditEntry(A, 0, bytes("six"))));
        List<SegmentKey> keys = store.segmentKeys(A);
        LoadedGroup before = store.load(A).orElseThrow();
        GroupStore again = reopen(store);
        if (again == null) {
            return; // not durable: nothing to check
        }
        store = again;
        assertEquals(before, store.load(A).orElseThrow());
        assertEquals(new GroupStatus(3, 6, 0, 1), store.status(A).orElseThrow());
        assertEquals(List.of(new AuditEntry(A, 0, bytes("six"))), store.audit(A, 0, 5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sequences(store.messagesSince(A, 0, 10)));
        assertEquals(keys, store.segmentKeys(A));
        store.append(record(A, 7));
        refused(Failure.SEQUENCE_REPEAT, () -> store.append(record(A, 7)));
    }

    @Test
    void closeIsIdempotentAndLaterCallsAreRefused() throws Exception {
        fill(A, 1);
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.load(A));
        assertThrows(IllegalStateException.class, () -> store.append(record(A, 2)));
        assertThrows(IllegalStateException.class, () -> store.status(A));
    }
}
