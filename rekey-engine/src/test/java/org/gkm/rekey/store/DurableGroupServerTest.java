package org.gkm.rekey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.AuthorizationException;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Privilege;
import org.gkm.rekey.Requester;
import org.gkm.rekey.UnknownMemberException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DurableGroupServer}: a seeded churn committed through the at-rest barrier, reopened from
 * snapshot + records, has the same fingerprint, sequence and signing key, and its next rekeys open
 * for the members that followed the original; snapshots every K records with compaction; a failed
 * append of any operation (joins included) changes nothing, reloads nothing, and the next
 * operation succeeds; a failed snapshot write does not fail the committed rekey.
 */
class DurableGroupServerTest {
    private static final GroupPolicy SYMMETRIC = GroupPolicy.defaults();
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER)).withTekChange(GroupPolicy.TekChangeMode.VERSION);
    private static final GroupPolicy HYBRID_RSA = HYBRID.withRootKeyType(KeyType.RSA_3072).withDegree(3);

    static Stream<Arguments> cases() {
        long seed = System.nanoTime();
        System.out.println("DurableGroupServerTest seed " + seed);
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC, 15, seed));
            out.add(Arguments.of(p, "hybrid", HYBRID, 15, seed + 1));
            out.add(Arguments.of(p, "hybrid-rsa", HYBRID_RSA, 6, seed + 2));
        }
        return out.stream();
    }

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest(name = "{0} {1} seed {4}")
    @MethodSource("cases")
    void reopenedServerIsTheSameAndMembersFollowIt(CryptoProvider p, String name, GroupPolicy policy, int ops, long seed)
            throws Exception {
        GroupStore store = SealedGroupStore.open(new InMemoryGroupStore(), p, DurableFixture.masterKey(1));
        DurableGroupServer d = DurableGroupServer.create(store, p, policy, DurableFixture.GROUP, DurableFixture.seeded(seed), 6,
                3, SnapshotPolicy.every(4));
        DurableFixture f = new DurableFixture(p, policy, d, DurableFixture.seeded(seed + 7));
        SplittableRandom r = new SplittableRandom(seed);
        List<CommittedRekey> committed = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            CommittedRekey c = f.randomOp(r);
            assertEquals(i + 1, c.sequence());
            committed.add(c);
        }
        f.assertConverged();
        byte[] fingerprint = d.view().fingerprint();
        long snapshotAt = ops / 4 * 4;
        GroupStatus status = store.status(new StoreGroupId(DurableFixture.GROUP.value())).orElseThrow();
        assertEquals(snapshotAt, status.snapshotSequence());
        assertEquals(ops, status.headSequence());
        assertEquals(snapshotAt, d.snapshotSequence());
        d.close();
        assertThrows(IllegalStateException.class, d::view);

        DurableGroupServer again = DurableGroupServer.open(store, p, DurableFixture.GROUP, DurableFixture.seeded(seed + 3),
                SnapshotPolicy.every(4));
        assertArrayEquals(fingerprint, again.view().fingerprint(), "snapshot + replayed records");
        assertEquals(ops, again.view().sequence());
        assertEquals(f.server.signingKey(), again.signingKey(), "the signing key survives the restart");
        // compaction: the messages before the snapshot are gone, the ones after are served as committed
        assertEquals(new MessagesSince.CompactedPast(snapshotAt), again.messagesSince(0, 100));
        MessagesSince.Messages tail = assertInstanceOf(MessagesSince.Messages.class, again.messagesSince(snapshotAt, 100));
        assertEquals(ops - snapshotAt, tail.messages().size());
        for (StoredMessage m : tail.messages()) {
            assertArrayEquals(committed.get((int) m.sequence() - 1).message(), m.message());
        }
        // the next rekeys continue the sequence and open for the members that followed the original
        f.server = again;
        for (int i = 0; i < 3; i++) {
            assertEquals(ops + 1 + i, f.randomOp(r).sequence());
        }
        f.server.view().fingerprint();
        f.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aFailedAppendChangesNothingAndTheNextOperationSucceeds(CryptoProvider p) throws Exception {
        for (GroupPolicy policy : List.of(SYMMETRIC, HYBRID)) {
            FaultyStore faulty = new FaultyStore();
            GroupStore store = SealedGroupStore.open(faulty, p, DurableFixture.masterKey(2));
            DurableGroupServer d = DurableGroupServer.create(store, p, policy, DurableFixture.GROUP, DurableFixture.seeded(4),
                    5, 0, SnapshotPolicy.every(3));
            DurableFixture f = new DurableFixture(p, policy, d, DurableFixture.seeded(5));
            SplittableRandom r = new SplittableRandom(6);
            f.randomOp(r);
            f.randomOp(r);
            byte[] before = d.view().fingerprint();
            long sequence = d.view().sequence();
            org.gkm.rekey.KeyTree t = d.view().tree();
            assertTrue(t.nodeCount() - t.firstLeaf() - t.memberCount() < 8, "a batch of eight joiners splits leaves");
            for (int op = 0; op < 6; op++) {
                faulty.failAppends = 1;
                int loads = faulty.loads;
                StoreException e = assertThrows(StoreException.class, switch (op) {
                    case 0 -> () -> d.leave(Requester.owner(), f.pick(r));
                    case 1 -> () -> d.join(Requester.owner(), f.newClient());
                    case 2 -> () -> d.batch(Requester.owner(), List.of(f.newClient()), new int[] {f.pick(r)});
                    case 3 -> () -> d.batch(Requester.owner(), List.of(), new int[] {f.pick(r)});
                    // joiners only, more than the free leaves: the tree would split leaves
                    case 4 -> () -> d.batch(Requester.owner(), List.of(f.newClient(), f.newClient(), f.newClient(),
                            f.newClient(), f.newClient(), f.newClient(), f.newClient(), f.newClient()), new int[0]);
                    default -> () -> d.changeTek(Requester.owner());
                });
                assertEquals(StoreException.Failure.IO, e.failure());
                // every operation is planned and applied only after the append: nothing to undo, no reload
                assertEquals(loads, faulty.loads, "op " + op + " reloaded");
                assertArrayEquals(before, d.view().fingerprint(), "op " + op + " changed the state");
                assertEquals(sequence, d.view().sequence());
            }
            // a refused request reaches neither the engine's state nor the store
            assertThrows(AuthorizationException.class, () -> d.leave(Requester.member(99), 0));
            assertArrayEquals(before, d.view().fingerprint());
            // the next operation succeeds and the members (who received nothing) follow it
            assertEquals(sequence + 1, f.randomOp(r).sequence());
            f.randomOp(r);
            f.assertConverged();
            // a failed snapshot write does not fail the committed rekey; the next rekey writes it
            faulty.failSnapshots = 1;
            long snapshotBefore = d.snapshotSequence();
            while (d.snapshotFailures() == 0) {
                f.randomOp(r);
            }
            assertEquals(snapshotBefore, d.snapshotSequence());
            f.randomOp(r);
            assertTrue(d.snapshotSequence() > snapshotBefore);
            f.assertConverged();
            byte[] now = d.view().fingerprint();
            DurableGroupServer again = DurableGroupServer.open(store, p, DurableFixture.GROUP, DurableFixture.seeded(8),
                    SnapshotPolicy.every(3));
            assertArrayEquals(now, again.view().fingerprint());
        }
    }

    /**
     * A store that commits the record and then reports failure: the planned operation throws
     * without touching the server; the next operation finds the store's head past the server's
     * sequence, reloads once (the committed change becomes the state) and continues from there.
     * When the store's head did not move, the check costs no reload.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void anAppendThatCommittedDespiteItsErrorIsReloadedByTheNextOperation(CryptoProvider p) throws Exception {
        FaultyStore faulty = new FaultyStore();
        DurableGroupServer d = DurableGroupServer.create(faulty, p, SYMMETRIC, DurableFixture.GROUP, DurableFixture.seeded(1), 6,
                0, SnapshotPolicy.DEFAULT);
        d.leave(Requester.owner(), 1);
        byte[] before = d.view().fingerprint();
        faulty.commitThenFailAppends = 1;
        int loads = faulty.loads;
        assertThrows(StoreException.class, () -> d.leave(Requester.owner(), 2));
        assertArrayEquals(before, d.view().fingerprint(), "the server was not changed by the failed commit");
        assertEquals(1, d.view().sequence());
        assertEquals(loads, faulty.loads);
        assertEquals(3, d.changeTek(Requester.owner()).sequence(), "the committed leave is the state now");
        assertEquals(loads + 1, faulty.loads, "one reload, at the next operation");
        assertThrows(UnknownMemberException.class, () -> d.leave(Requester.owner(), 2));
        DurableGroupServer reopened = DurableGroupServer.open(faulty, p, DurableFixture.GROUP, DurableFixture.seeded(2),
                SnapshotPolicy.DEFAULT);
        assertArrayEquals(d.view().fingerprint(), reopened.view().fingerprint());
        // an append that failed without committing: the check finds the head where it was, no reload
        faulty.failAppends = 1;
        assertThrows(StoreException.class, () -> d.changeTek(Requester.owner()));
        loads = faulty.loads;
        assertEquals(4, d.changeTek(Requester.owner()).sequence());
        assertEquals(loads, faulty.loads);
    }

    @Test
    void committedRekeyCopiesAndHidesItsBytesAndAGroupIsCreatedOnce() throws Exception {
        CryptoProvider p = TestProviders.all().get(0);
        InMemoryGroupStore store = new InMemoryGroupStore();
        DurableGroupServer d = DurableGroupServer.create(store, p, SYMMETRIC, DurableFixture.GROUP, DurableFixture.seeded(1), 3,
                0, SnapshotPolicy.DEFAULT);
        CommittedRekey c = d.join(Requester.owner(), org.gkm.rekey.ClientKeys.generate(DurableFixture.seeded(2), false));
        byte[] m = c.message();
        m[0] ^= 1;
        assertFalse(java.util.Arrays.equals(m, c.message()), "the record hands out copies");
        assertEquals(1, c.downloads().size());
        assertFalse(c.toString().matches(".*[0-9a-fA-F]{16}.*"), c.toString());
        StoreException e = assertThrows(StoreException.class, () -> DurableGroupServer.create(store, p, SYMMETRIC,
                DurableFixture.GROUP, DurableFixture.seeded(1), 3, 0, SnapshotPolicy.DEFAULT));
        assertEquals(StoreException.Failure.SEQUENCE_REPEAT, e.failure());
        StoreException unknown = assertThrows(StoreException.class, () -> DurableGroupServer.open(store, p,
                org.gkm.rekey.message.GroupId.of("no-such-group"), DurableFixture.seeded(1), SnapshotPolicy.DEFAULT));
        assertEquals(StoreException.Failure.UNKNOWN_GROUP, unknown.failure());
    }

    /**
     * When a store committed a join despite reporting failure and cannot be read back either, the
     * object fails closed: the failed join changed nothing in memory, the next operation finds
     * the store's head past the server, its reload fails and it throws (with the reload failure
     * attached); every later operation is refused, and a reopen from the store gives the committed
     * state, the join included.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void aCommittedJoinWhoseReloadFailsClosesTheServer(CryptoProvider p) throws Exception {
        FaultyStore faulty = new FaultyStore();
        DurableGroupServer d = DurableGroupServer.create(faulty, p, SYMMETRIC, DurableFixture.GROUP, DurableFixture.seeded(1), 5,
                0, SnapshotPolicy.DEFAULT);
        d.leave(Requester.owner(), 1);
        byte[] committed = d.view().fingerprint();
        faulty.commitThenFailAppends = 1;
        int loads = faulty.loads;
        assertThrows(StoreException.class, () -> d.join(Requester.owner(),
                org.gkm.rekey.ClientKeys.generate(DurableFixture.seeded(3), false)));
        assertArrayEquals(committed, d.view().fingerprint(), "the failed join changed nothing in memory");
        assertEquals(loads, faulty.loads, "and reloaded nothing");
        faulty.failLoads = 1;
        StoreException e = assertThrows(StoreException.class, () -> d.changeTek(Requester.owner()));
        assertEquals(1, e.getSuppressed().length, "the reload failure is attached");
        assertThrows(IllegalStateException.class, d::view);
        assertThrows(IllegalStateException.class, () -> d.changeTek(Requester.owner()));
        DurableGroupServer reopened = DurableGroupServer.open(faulty, p, DurableFixture.GROUP, DurableFixture.seeded(2),
                SnapshotPolicy.DEFAULT);
        assertEquals(2, reopened.view().sequence(), "the join the store committed");
        assertEquals(5, reopened.view().tree().memberCount());
        assertEquals(3, reopened.changeTek(Requester.owner()).sequence());
    }
}
