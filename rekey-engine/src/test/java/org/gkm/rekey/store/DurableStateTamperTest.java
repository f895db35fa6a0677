package org.gkm.rekey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A durable group read back from untrusted storage: records edited, truncated, swapped, reordered
 * or replayed under the at-rest barrier, or a wrong master key, give a typed error and no server;
 * without the barrier, a record or snapshot that does not decode or does not follow is a
 * {@link MalformedChangeException} / {@link MalformedSnapshotException}. After every refusal the
 * honest store still opens to the original state.
 */
class DurableStateTamperTest {
    private static final GroupPolicy POLICY = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tamperedRecordsUnderTheBarrierAreTypedErrors(CryptoProvider p) throws Exception {
        TamperingStore untrusted = new TamperingStore();
        GroupStore store = SealedGroupStore.open(untrusted, p, DurableFixture.masterKey(3));
        DurableGroupServer d = DurableGroupServer.create(store, p, POLICY, DurableFixture.GROUP, DurableFixture.seeded(1), 6, 2,
                SnapshotPolicy.every(100));
        DurableFixture f = new DurableFixture(p, POLICY, d, DurableFixture.seeded(2));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 5; i++) {
            f.randomOp(r);
        }
        byte[] fingerprint = d.view().fingerprint();

        List<UnaryOperator<LoadedGroup>> edits = List.of(
                g -> withRecords(g, rs -> rs.set(1, edit(rs.get(1), rs.get(1).payload(), rs.get(1).payloadLength() - 1))),
                g -> withRecords(g, rs -> rs.set(2, new ChangeRecord(rs.get(2).group(), rs.get(2).epoch(), rs.get(2).sequence(),
                        Arrays.copyOf(rs.get(2).payload(), rs.get(2).payloadLength() - 1), rs.get(2).rekeyMessage()))),
                g -> withRecords(g, rs -> { // record 3's sealed payload stored as record 2 and the other way round
                    ChangeRecord a = rs.get(1);
                    ChangeRecord b = rs.get(2);
                    rs.set(1, new ChangeRecord(a.group(), a.epoch(), a.sequence(), b.payload(), b.rekeyMessage()));
                    rs.set(2, new ChangeRecord(b.group(), b.epoch(), b.sequence(), a.payload(), a.rekeyMessage()));
                }),
                g -> withRecords(g, rs -> { // record 1 replayed in place of record 4
                    ChangeRecord a = rs.get(0);
                    ChangeRecord b = rs.get(3);
                    rs.set(3, new ChangeRecord(b.group(), b.epoch(), b.sequence(), a.payload(), a.rekeyMessage()));
                }),
                g -> new LoadedGroup(new Snapshot(g.snapshot().group(), g.snapshot().epoch(), g.snapshot().sequence(),
                        flip(g.snapshot().payload(), 40)), g.records()));
        for (int i = 0; i < edits.size(); i++) {
            untrusted.onLoad = edits.get(i);
            StoreException e = assertThrows(StoreException.class, () -> DurableGroupServer.open(store, p, DurableFixture.GROUP,
                    DurableFixture.seeded(4), SnapshotPolicy.DEFAULT), "edit " + i);
            assertEquals(StoreException.Failure.RECORD_CORRUPT, e.failure(), "edit " + i + ": " + e.getMessage());
        }
        untrusted.honest();
        StoreException wrongKey = assertThrows(StoreException.class, () -> DurableGroupServer.open(
                SealedGroupStore.open(untrusted, p, DurableFixture.masterKey(4)), p, DurableFixture.GROUP,
                DurableFixture.seeded(4), SnapshotPolicy.DEFAULT));
        assertEquals(StoreException.Failure.WRONG_MASTER_KEY, wrongKey.failure());
        assertArrayEquals(fingerprint, DurableGroupServer.open(store, p, DurableFixture.GROUP, DurableFixture.seeded(4),
                SnapshotPolicy.DEFAULT).view().fingerprint());
    }

    /**
     * Without the barrier (what a bug above it, or a store written by other code, could hand over):
     * the decoders and the apply step's checks refuse, typed.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void undecodableOrOutOfOrderContentIsATypedError(CryptoProvider p) throws Exception {
        TamperingStore raw = new TamperingStore();
        DurableGroupServer d = DurableGroupServer.create(raw, p, POLICY, DurableFixture.GROUP, DurableFixture.seeded(1), 6, 2,
                SnapshotPolicy.every(100));
        DurableFixture f = new DurableFixture(p, POLICY, d, DurableFixture.seeded(2));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            f.randomOp(r);
        }
        byte[] fingerprint = d.view().fingerprint();
        raw.onLoad = g -> withRecords(g, rs -> rs.set(1, edit(rs.get(1), flip(rs.get(1).payload(), 30), 0)));
        assertThrows(MalformedChangeException.class, () -> DurableGroupServer.open(raw, p, DurableFixture.GROUP,
                DurableFixture.seeded(4), SnapshotPolicy.DEFAULT));
        raw.onLoad = g -> withRecords(g, rs -> { // well-formed payloads in the wrong order
            ChangeRecord a = rs.get(1);
            ChangeRecord b = rs.get(2);
            rs.set(1, new ChangeRecord(a.group(), a.epoch(), a.sequence(), b.payload(), b.rekeyMessage()));
            rs.set(2, new ChangeRecord(b.group(), b.epoch(), b.sequence(), a.payload(), a.rekeyMessage()));
        });
        assertThrows(MalformedChangeException.class, () -> DurableGroupServer.open(raw, p, DurableFixture.GROUP,
                DurableFixture.seeded(4), SnapshotPolicy.DEFAULT));
        raw.onLoad = g -> new LoadedGroup(new Snapshot(g.snapshot().group(), g.snapshot().epoch(), g.snapshot().sequence(),
                flip(g.snapshot().payload(), 12)), g.records());
        assertThrows(MalformedSnapshotException.class, () -> DurableGroupServer.open(raw, p, DurableFixture.GROUP,
                DurableFixture.seeded(4), SnapshotPolicy.DEFAULT));
        raw.honest();
        assertArrayEquals(fingerprint, DurableGroupServer.open(raw, p, DurableFixture.GROUP, DurableFixture.seeded(4),
                SnapshotPolicy.DEFAULT).view().fingerprint());
    }

    private static LoadedGroup withRecords(LoadedGroup g, java.util.function.Consumer<List<ChangeRecord>> edit) {
        List<ChangeRecord> rs = new ArrayList<>(g.records());
        edit.accept(rs);
        return new LoadedGroup(g.snapshot(), rs);
    }

    private static ChangeRecord edit(ChangeRecord c, byte[] payload, int flipAt) {
        return new ChangeRecord(c.group(), c.epoch(), c.sequence(), flipAt > 0 ? flip(payload, flipAt) : payload,
                c.rekeyMessage());
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] out = b.clone();
        out[at] ^= 0x10;
        return out;
    }
}
