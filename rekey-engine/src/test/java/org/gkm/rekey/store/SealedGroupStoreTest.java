package org.gkm.rekey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.store.StoreException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The at-rest barrier against untrusted storage: payloads are not in the store in the clear, and
 * a wrong master key, an edited, truncated, moved or swapped row, a hole, or a reused or swapped
 * key record gives a typed error naming the row, never a partly loaded group.
 */
class SealedGroupStoreTest {
    private static final StoreGroupId A = StoreGroupId.of("group-a");
    private static final StoreGroupId B = StoreGroupId.of("group-b");

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private static SecretBytes key(int seed) {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        Arrays.fill(k, (byte) seed);
        k[0] = 0x5a;
        return SecretBytes.copyOf(k);
    }

    static byte[] payload(StoreGroupId g, long seq) {
        return ("secret change " + seq + " of " + new String(g.value(), StandardCharsets.UTF_8) + " with key bytes")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] message(long seq) {
        return ("rekey message " + seq).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] state(long seq) {
        return ("state at " + seq + ": tree keys and members").getBytes(StandardCharsets.UTF_8);
    }

    /** Snapshot at 0, records 1..n (with one audit entry each), for group g. */
    static void fill(GroupStore s, StoreGroupId g, int n) throws StoreException {
        s.writeSnapshot(new Snapshot(g, 7, 0, state(0)));
        for (int i = 1; i <= n; i++) {
            s.append(new ChangeRecord(g, 7, i, payload(g, i), message(i)),
                    List.of(new AuditEntry(g, i - 1, ("audit " + i).getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static SealedGroupStore sealed(GroupStore inner, CryptoProvider p, SecretBytes master) {
        return SealedGroupStore.open(inner, p, master, SealedGroupStore.Options.DEFAULT);
    }

    /** The loaded group with record {@code seq} replaced by what {@code edit} makes of it. */
    static UnaryOperator<LoadedGroup> editRecord(long seq, UnaryOperator<ChangeRecord> edit) {
        return g -> {
            List<ChangeRecord> rs = new ArrayList<>();
            for (ChangeRecord r : g.records()) {
                rs.add(r.sequence() == seq ? edit.apply(r) : r);
            }
            return new LoadedGroup(g.snapshot(), rs);
        };
    }

    static ChangeRecord withPayload(ChangeRecord r, byte[] payload) {
        return new ChangeRecord(r.group(), r.epoch(), r.sequence(), payload, r.rekeyMessage());
    }

    static StoreException loadFails(GroupStore s, StoreGroupId g) {
        return assertThrows(StoreException.class, () -> s.load(g));
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void roundTripsAndKeepsOnlyCiphertextAndPublicMessagesInTheStore(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 5);
            LoadedGroup g = s.load(A).orElseThrow();
            assertArrayEquals(state(0), g.snapshot().payload());
            assertEquals(7, g.snapshot().epoch());
            assertEquals(5, g.records().size());
            for (ChangeRecord r : g.records()) {
                assertArrayEquals(payload(A, r.sequence()), r.payload());
                assertArrayEquals(message(r.sequence()), r.rekeyMessage());
            }
            List<AuditEntry> audit = s.audit(A, 0, 100);
            assertEquals(5, audit.size());
            assertArrayEquals("audit 3".getBytes(StandardCharsets.UTF_8), audit.get(2).entry());

            // what the store holds: no plaintext payload, audit entry or state; the messages in the clear
            LoadedGroup raw = inner.rows.load(A).orElseThrow();
            assertFalse(contains(raw.snapshot().payload(), "state at".getBytes(StandardCharsets.UTF_8)));
            for (ChangeRecord r : raw.records()) {
                assertFalse(contains(r.payload(), "secret change".getBytes(StandardCharsets.UTF_8)));
                assertArrayEquals(message(r.sequence()), r.rekeyMessage());
            }
            for (AuditEntry e : inner.rows.audit(A, 0, 100)) {
                assertFalse(contains(e.entry(), "audit".getBytes(StandardCharsets.UTF_8)));
            }
            // resync is served from the clear messages
            MessagesSince.Messages m = (MessagesSince.Messages) s.messagesSince(A, 2, 10);
            assertEquals(List.of(3L, 4L, 5L), m.messages().stream().map(StoredMessage::sequence).toList());
            assertArrayEquals(message(4), m.messages().get(1).message());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theCallersMasterKeyMayBeDestroyedAfterOpen(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        SecretBytes master = key(1);
        try (SealedGroupStore s = sealed(inner, p, master)) {
            master.destroy();
            fill(s, A, 2);
            assertEquals(2, s.load(A).orElseThrow().records().size());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void wrongMasterKeyIsNamedOnReadAndWriteAndChangesNothing(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        SealedGroupStore s = sealed(inner, p, key(1));
        fill(s, A, 3);
        SealedGroupStore wrong = sealed(inner, p, key(2));
        StoreException e = loadFails(wrong, A);
        assertEquals(Failure.WRONG_MASTER_KEY, e.failure());
        assertTrue(e.getMessage().contains(A.hex()), e.getMessage());
        assertEquals(Failure.WRONG_MASTER_KEY,
                assertThrows(StoreException.class, () -> wrong.audit(A, 0, 10)).failure());
        GroupStatus before = inner.status(A).orElseThrow();
        assertEquals(Failure.WRONG_MASTER_KEY, assertThrows(StoreException.class,
                () -> wrong.append(new ChangeRecord(A, 7, 4, payload(A, 4), message(4)))).failure());
        assertEquals(Failure.WRONG_MASTER_KEY, assertThrows(StoreException.class,
                () -> wrong.writeSnapshot(new Snapshot(A, 7, 3, state(3)))).failure());
        assertEquals(before, inner.status(A).orElseThrow());
        assertEquals(3, s.load(A).orElseThrow().records().size());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyByteOfASealedRecordOrItsMessageFlippedIsATypedErrorNamingTheRecord(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 4);
            byte[] sealed = inner.rows.load(A).orElseThrow().records().get(2).payload();
            int corrupt = 0;
            for (int i = 0; i < sealed.length; i++) {
                for (int mask : new int[] {0x01, 0x80, 0xff}) {
                    byte[] edited = sealed.clone();
                    edited[i] ^= (byte) mask;
                    inner.onLoad = editRecord(3, r -> withPayload(r, edited));
                    StoreException e = loadFails(s, A);
                    assertTrue(e.getMessage().contains("change record 3 of group " + A.hex()), e.getMessage());
                    if (e.failure() == Failure.RECORD_CORRUPT) {
                        assertEquals(RecordKind.CHANGE, e.kind().orElseThrow());
                        assertEquals(3, e.position());
                        corrupt++;
                    } else {
                        // a flipped segment number names a segment without a key record
                        assertEquals(Failure.KEY_RECORD_MISSING, e.failure(), "byte " + i);
                        assertTrue(i >= 1 && i <= 8, "byte " + i);
                    }
                }
            }
            assertTrue(corrupt > 3 * (sealed.length - 8), "most flips authenticate-fail: " + corrupt);
            byte[] msg = message(3);
            for (int i = 0; i < msg.length; i++) {
                byte[] edited = msg.clone();
                edited[i] ^= 1;
                inner.onLoad = editRecord(3, r -> new ChangeRecord(r.group(), r.epoch(), r.sequence(), r.payload(), edited));
                StoreException e = loadFails(s, A);
                assertEquals(Failure.RECORD_CORRUPT, e.failure());
                assertEquals(3, e.position());
            }
            // edited epoch: bound in the associated data
            inner.onLoad = editRecord(3, r -> new ChangeRecord(r.group(), 8, r.sequence(), r.payload(), r.rekeyMessage()));
            assertEquals(Failure.RECORD_CORRUPT, loadFails(s, A).failure());
            inner.honest();
            assertEquals(4, s.load(A).orElseThrow().records().size());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyByteOfTheSnapshotOrAnAuditEntryFlippedIsATypedError(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 2);
            byte[] sealed = inner.rows.load(A).orElseThrow().snapshot().payload();
            for (int i = 0; i < sealed.length; i++) {
                byte[] edited = sealed.clone();
                edited[i] ^= 0x10;
                inner.onLoad = g -> new LoadedGroup(new Snapshot(A, 7, 0, edited), g.records());
                StoreException e = loadFails(s, A);
                assertTrue(e.getMessage().contains("snapshot 0 of group " + A.hex()), e.getMessage());
                assertTrue(e.failure() == Failure.RECORD_CORRUPT || e.failure() == Failure.KEY_RECORD_MISSING, e.failure().name());
            }
            inner.honest();
            byte[] entry = inner.rows.audit(A, 1, 1).get(0).entry();
            for (int i = 0; i < entry.length; i++) {
                byte[] edited = entry.clone();
                edited[i] ^= 0x10;
                inner.onAudit = l -> List.of(l.get(0), new AuditEntry(A, 1, edited));
                StoreException e = assertThrows(StoreException.class, () -> s.audit(A, 0, 10));
                assertTrue(e.getMessage().contains("audit entry 1 of group " + A.hex()), e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void truncatedPayloadsAreCorrupt(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 3);
            byte[] sealed = inner.rows.load(A).orElseThrow().records().get(1).payload();
            for (int len = 0; len < sealed.length; len++) {
                byte[] cut = Arrays.copyOf(sealed, len);
                inner.onLoad = editRecord(2, r -> withPayload(r, cut));
                StoreException e = loadFails(s, A);
                assertEquals(Failure.RECORD_CORRUPT, e.failure(), "length " + len);
                assertEquals(2, e.position());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void recordsSwappedBetweenSequencesKindsOrGroupsAreDetected(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 4);
            fill(s, B, 4);
            LoadedGroup rawA = inner.rows.load(A).orElseThrow();
            LoadedGroup rawB = inner.rows.load(B).orElseThrow();
            byte[] a2 = rawA.records().get(1).payload();
            byte[] a3 = rawA.records().get(2).payload();

            // two records' payloads swapped (their messages stay)
            inner.onLoad = editRecord(2, r -> withPayload(r, a3)).andThen(editRecord(3, r -> withPayload(r, a2)))::apply;
            StoreException e = loadFails(s, A);
            assertEquals(Failure.RECORD_CORRUPT, e.failure());
            assertEquals(2, e.position());
            // whole records (payload and message) swapped: the metadata sequence is bound too
            ChangeRecord r2 = rawA.records().get(1);
            ChangeRecord r3 = rawA.records().get(2);
            inner.onLoad = editRecord(2, r -> new ChangeRecord(A, 7, 2, r3.payload(), r3.rekeyMessage()))
                    .andThen(editRecord(3, r -> new ChangeRecord(A, 7, 3, r2.payload(), r2.rekeyMessage())))::apply;
            assertEquals(Failure.RECORD_CORRUPT, loadFails(s, A).failure());
            // a record replayed in place of a later one
            inner.onLoad = editRecord(4, r -> new ChangeRecord(A, 7, 4, r2.payload(), r2.rekeyMessage()));
            assertEquals(4, loadFails(s, A).position());

            // group B's record 2 (payload and message) in group A's place
            ChangeRecord b2 = rawB.records().get(1);
            inner.onLoad = editRecord(2, r -> new ChangeRecord(A, 7, 2, b2.payload(), b2.rekeyMessage()));
            e = loadFails(s, A);
            assertEquals(Failure.RECORD_CORRUPT, e.failure());
            assertEquals(2, e.position());

            // a change record's payload as the snapshot (kind is bound)
            inner.onLoad = g -> new LoadedGroup(new Snapshot(A, 7, 0, a2), g.records());
            e = loadFails(s, A);
            assertEquals(RecordKind.SNAPSHOT, e.kind().orElseThrow());
            // group B's rows and key records wholesale under A's name: B's key check fails under A's KEK
            inner.onLoad = g -> rebrand(rawB, A);
            inner.onKeys = l -> inner.rows.segmentKeys(B).stream()
                    .map(k -> new SegmentKey(A, k.segment(), k.material())).toList();
            assertEquals(Failure.WRONG_MASTER_KEY, loadFails(s, A).failure());
            inner.honest();
            assertEquals(4, s.load(A).orElseThrow().records().size());
            assertEquals(4, s.load(B).orElseThrow().records().size());
        }
    }

    private static LoadedGroup rebrand(LoadedGroup g, StoreGroupId to) {
        Snapshot sn = g.snapshot();
        return new LoadedGroup(new Snapshot(to, sn.epoch(), sn.sequence(), sn.payload()), g.records().stream()
                .map(r -> new ChangeRecord(to, r.epoch(), r.sequence(), r.payload(), r.rekeyMessage())).toList());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aRecordDeletedFromTheMiddleIsDetected(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 5);
            // record 3 dropped and the later ones renumbered to close the hole
            inner.onLoad = g -> {
                List<ChangeRecord> rs = new ArrayList<>();
                for (ChangeRecord r : g.records()) {
                    if (r.sequence() < 3) {
                        rs.add(r);
                    } else if (r.sequence() > 3) {
                        rs.add(new ChangeRecord(A, r.epoch(), r.sequence() - 1, r.payload(), r.rekeyMessage()));
                    }
                }
                return new LoadedGroup(g.snapshot(), rs);
            };
            StoreException e = loadFails(s, A);
            assertEquals(Failure.RECORD_CORRUPT, e.failure());
            assertEquals(3, e.position());
            // an audit entry dropped from the middle
            inner.onAudit = l -> List.of(l.get(0), l.get(2), l.get(3));
            e = assertThrows(StoreException.class, () -> s.audit(A, 0, 10));
            assertEquals(Failure.RECORD_MISSING, e.failure());
            assertEquals(RecordKind.AUDIT, e.kind().orElseThrow());
            assertEquals(1, e.position());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aReopenedBarrierNeverContinuesAnOldSegmentAndOldKeyRecordsCannotBeReused(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        SealedGroupStore first = sealed(inner, p, key(1));
        fill(first, A, 3);
        // a second barrier instance (a restart) on the same rows
        SealedGroupStore second = sealed(inner, p, key(1));
        for (int i = 4; i <= 6; i++) {
            second.append(new ChangeRecord(A, 7, i, payload(A, i), message(i)));
        }
        List<SegmentKey> keys = inner.rows.segmentKeys(A);
        assertEquals(List.of(0L, 1L, 2L), keys.stream().map(SegmentKey::segment).toList());
        assertNotEquals(ByteBuffer.wrap(keys.get(1).material()), ByteBuffer.wrap(keys.get(2).material()));
        // no (segment, message number) pair twice among all sealed rows, and the restart's records use segment 2
        Set<String> nonces = new HashSet<>();
        LoadedGroup raw = inner.rows.load(A).orElseThrow();
        nonces.add(nonce(raw.snapshot().payload()));
        for (ChangeRecord r : raw.records()) {
            assertTrue(nonces.add(nonce(r.payload())), "nonce reused: " + nonce(r.payload()));
            assertEquals(r.sequence() <= 3 ? 1 : 2, BarrierFormat.u64(r.payload(), 1));
        }
        for (AuditEntry e : inner.rows.audit(A, 0, 10)) {
            assertTrue(nonces.add(nonce(e.entry())));
        }
        assertEquals(6, second.load(A).orElseThrow().records().size());

        // segment 1's key record presented as segment 2's
        inner.onKeys = l -> List.of(l.get(0), l.get(1), new SegmentKey(A, 2, l.get(1).material()));
        StoreException e = loadFails(second, A);
        assertEquals(Failure.KEY_RECORD_CORRUPT, e.failure());
        assertEquals(RecordKind.SEGMENT_KEY, e.kind().orElseThrow());
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains("another segment's key"), e.getMessage());
        // segment 2's key record gone
        inner.onKeys = l -> List.of(l.get(0), l.get(1));
        e = loadFails(second, A);
        assertEquals(Failure.KEY_RECORD_MISSING, e.failure());
        assertEquals(2, e.position());
        assertTrue(e.getMessage().contains("change record 4"), e.getMessage());
        // the key check gone
        inner.onKeys = l -> l.subList(1, l.size());
        assertEquals(Failure.KEY_RECORD_MISSING, loadFails(second, A).failure());
        inner.honest();
        first.close();
        second.close();
    }

    private static String nonce(byte[] sealed) {
        return BarrierFormat.u64(sealed, 1) + "/" + BarrierFormat.u64(sealed, 9);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyByteOfAKeyRecordFlippedIsATypedError(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 2);
            List<SegmentKey> keys = inner.rows.segmentKeys(A);
            for (int which = 0; which < keys.size(); which++) {
                byte[] m = keys.get(which).material();
                for (int i = 0; i < m.length; i++) {
                    byte[] edited = m.clone();
                    edited[i] ^= 0x04;
                    int w = which;
                    inner.onKeys = l -> {
                        List<SegmentKey> out = new ArrayList<>(l);
                        out.set(w, new SegmentKey(A, l.get(w).segment(), edited));
                        return out;
                    };
                    StoreException e = loadFails(s, A);
                    assertEquals(keys.get(which).segment(), e.position());
                    if (which == 0) {
                        assertTrue(e.failure() == Failure.WRONG_MASTER_KEY || e.failure() == Failure.KEY_RECORD_CORRUPT);
                    } else {
                        assertEquals(Failure.KEY_RECORD_CORRUPT, e.failure(), "byte " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void segmentsRotateAfterTheConfiguredCountBytesAndEverySnapshot(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = SealedGroupStore.open(inner, p, key(1), new SealedGroupStore.Options(3, 1 << 20))) {
            s.writeSnapshot(new Snapshot(A, 0, 0, state(0))); // segment 1, message 1
            for (int i = 1; i <= 7; i++) {
                s.append(new ChangeRecord(A, 0, i, payload(A, i), message(i)));
            }
            List<String> sealedAs = inner.rows.load(A).orElseThrow().records().stream().map(r -> nonce(r.payload())).toList();
            assertEquals(List.of("1/2", "1/3", "2/1", "2/2", "2/3", "3/1", "3/2"), sealedAs);
            s.writeSnapshot(new Snapshot(A, 0, 7, state(7)));
            s.append(new ChangeRecord(A, 0, 8, payload(A, 8), message(8)));
            LoadedGroup raw = inner.rows.load(A).orElseThrow();
            assertEquals("4/1", nonce(raw.snapshot().payload()));
            assertEquals("4/2", nonce(raw.records().get(0).payload()));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), inner.rows.segmentKeys(A).stream().map(SegmentKey::segment).toList());
            LoadedGroup g = s.load(A).orElseThrow();
            assertArrayEquals(state(7), g.snapshot().payload());
            assertArrayEquals(payload(A, 8), g.records().get(0).payload());
        }
        // bytes per segment: 100-byte payloads, 250 bytes per segment: two per segment
        TamperingStore inner2 = new TamperingStore();
        try (SealedGroupStore s = SealedGroupStore.open(inner2, p, key(1), new SealedGroupStore.Options(1000, 250))) {
            s.writeSnapshot(new Snapshot(A, 0, 0, new byte[100]));
            for (int i = 1; i <= 5; i++) {
                s.append(new ChangeRecord(A, 0, i, new byte[100], message(i)));
            }
            List<Long> segments = inner2.rows.load(A).orElseThrow().records().stream()
                    .map(r -> BarrierFormat.u64(r.payload(), 1)).toList();
            assertEquals(List.of(1L, 2L, 2L, 3L, 3L), segments);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aRefusedWriteCommitsNothing(CryptoProvider p) throws Exception {
        TamperingStore inner = new TamperingStore();
        try (SealedGroupStore s = sealed(inner, p, key(1))) {
            fill(s, A, 2);
            GroupStatus before = s.status(A).orElseThrow();
            assertEquals(Failure.SEQUENCE_GAP, assertThrows(StoreException.class,
                    () -> s.append(new ChangeRecord(A, 7, 4, payload(A, 4), message(4)))).failure());
            assertEquals(Failure.SEQUENCE_REPEAT, assertThrows(StoreException.class,
                    () -> s.append(new ChangeRecord(A, 7, 2, payload(A, 9), message(9)))).failure());
            assertEquals(Failure.UNKNOWN_GROUP, assertThrows(StoreException.class,
                    () -> s.append(new ChangeRecord(B, 7, 1, payload(B, 1), message(1)))).failure());
            assertEquals(before, s.status(A).orElseThrow());
            LoadedGroup g = s.load(A).orElseThrow();
            assertArrayEquals(payload(A, 2), g.records().get(1).payload());
        }
    }

    @Test
    void refusesABadMasterKeyAndItsOwnKeyRecordsAndUseAfterClose() throws Exception {
        CryptoProvider p = TestProviders.java();
        assertThrows(IllegalArgumentException.class,
                () -> SealedGroupStore.open(new InMemoryGroupStore(), p, SecretBytes.copyOf(new byte[16])));
        SealedGroupStore s = SealedGroupStore.open(new InMemoryGroupStore(), p, key(1));
        assertThrows(UnsupportedOperationException.class, () -> s.putSegmentKey(new SegmentKey(A, 5, new byte[8])));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.load(A));
        assertThrows(IllegalStateException.class, () -> s.append(new ChangeRecord(A, 0, 1, new byte[1], new byte[1])));
        // no 4-byte window of the master key, in hex, appears (the inner store's identity hash may hold "5a")
        String keyHex = HexFormat.of().formatHex(key(1).toByteArray(InsecureSecretAccess.get()));
        for (int i = 0; i + 8 <= keyHex.length(); i += 2) {
            assertFalse(s.toString().toLowerCase(java.util.Locale.ROOT).contains(keyHex.substring(i, i + 8)), s.toString());
        }
    }
}
