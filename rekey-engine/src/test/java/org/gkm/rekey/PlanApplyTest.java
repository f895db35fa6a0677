package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.testing.TestProviders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan/apply split: planning a leave, a batch of leaves or a TEK change (each policy's
 * variant) leaves the server's fingerprint and sequence as they were, however many plans are made
 * and dropped; applying a plan gives the rekey the members follow and the change record a replica
 * replays to the same state; a stale plan, a plan applied twice and another server's plan are
 * refused without a change.
 */
class PlanApplyTest {
    private static final GroupPolicy SYMMETRIC = GroupPolicy.defaults();
    private static final GroupPolicy SYMMETRIC_VERSION = SYMMETRIC.withDegree(2).withTekChange(GroupPolicy.TekChangeMode.VERSION);
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withTekChange(GroupPolicy.TekChangeMode.VERSION);
    private static final GroupPolicy HYBRID_RSA = HYBRID.withRootKeyType(KeyType.RSA_3072).withDegree(3);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC));
            out.add(Arguments.of(p, "symmetric-d2-version", SYMMETRIC_VERSION));
            out.add(Arguments.of(p, "hybrid", HYBRID));
            out.add(Arguments.of(p, "hybrid-rsa", HYBRID_RSA));
        }
        return out.stream();
    }

    private interface Plan {
        PlannedRekey make(GroupKeyServer s) throws Exception;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aPlanChangesNothingUntilApplied(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        TestGroup g = new TestGroup(p, policy, 11, 41);
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(43),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        List<ClientKeys> two = List.of(g.newClient(), g.newClient());
        List<ClientKeys> seven = new ArrayList<>();
        for (int j = 0; j < 7; j++) {
            seven.add(g.newClient());
        }
        List<Plan> ops = List.of(
                s -> s.planLeaves(Requester.owner(), new int[] {3}),
                s -> s.planLeaves(Requester.owner(), new int[] {5, 7, 9}),
                s -> s.planTekChange(Requester.owner()),
                // leavers and joiners: the joiners take the leavers' leaves and ids, then the tree's free slots
                s -> s.planBatch(Requester.owner(), two, new int[] {6}).orElseThrow(),
                // more joiners than free leaves: leaf splits
                s -> s.planBatch(Requester.owner(), seven, new int[] {8}).orElseThrow(),
                // several members at once: nodes that end empty get no key
                s -> s.planLeaves(Requester.owner(), new int[] {1, 2, 4}));
        for (int i = 0; i < ops.size(); i++) {
            byte[] before = g.gcks.fingerprint();
            long sequence = g.gcks.sequence();
            PlannedRekey dropped = ops.get(i).make(g.gcks);
            assertArrayEquals(before, g.gcks.fingerprint(), "op " + i + ": planning changed the state");
            assertEquals(sequence, g.gcks.sequence());
            assertEquals(sequence + 1, dropped.sequence());
            dropped.destroy();
            assertFalse(dropped.pending());
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(dropped));
            assertThrows(IllegalStateException.class, () -> dropped.changeRecord(InsecureSecretAccess.get()));
            assertArrayEquals(before, g.gcks.fingerprint());
            // the plan that is applied: members follow it, and its record replays on the replica
            PlannedRekey planned = ops.get(i).make(g.gcks);
            PlannedRekey stale = ops.get(i).make(g.gcks);
            assertArrayEquals(before, g.gcks.fingerprint(), "op " + i + ": two plans changed the state");
            byte[] record = planned.changeRecord(InsecureSecretAccess.get());
            Rekey rekey = g.gcks.apply(planned);
            assertEquals(sequence + 1, g.gcks.sequence());
            assertFalse(planned.pending());
            if (rekey.plan().joiners().length == seven.size()) {
                assertTrue(rekey.plan().splits().length > 0, "the batch of seven splits leaves");
            }
            g.apply(rekey, rekey.plan().joiners().length == 2 ? two : rekey.plan().joiners().length == 7 ? seven : List.of());
            ServerChange.replay(replica, record);
            assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint(), "op " + i + ": replica");
            assertArrayEquals(ServerChange.write(g.gcks, rekey, InsecureSecretAccess.get()), record,
                    "op " + i + ": the plan's record is the one read off the server");
            // a plan made before the server moved on is refused and changes nothing
            byte[] after = g.gcks.fingerprint();
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(stale));
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(planned));
            assertArrayEquals(after, g.gcks.fingerprint());
        }
        // a plan of another server (here the replica, at the same state) is refused
        PlannedRekey foreign = replica.planTekChange(Requester.owner());
        byte[] now = g.gcks.fingerprint();
        assertThrows(IllegalArgumentException.class, () -> g.gcks.apply(foreign));
        assertArrayEquals(now, g.gcks.fingerprint());
        assertTrue(foreign.pending());
        foreign.destroy();
        // refused requests plan nothing
        assertThrows(UnknownMemberException.class, () -> g.gcks.planLeaves(Requester.owner(), new int[] {1000}));
        assertThrows(AuthorizationException.class, () -> g.gcks.planTekChange(Requester.member(6)));
        assertArrayEquals(now, g.gcks.fingerprint());
        g.assertConverged();
    }

    /**
     * The case the planner leaves to the tree: a split of the leaf a joiner of the same batch just
     * took (degree 2, full tree, the leaver at the cursor leaf). Planning it gives nothing and
     * changes nothing; the batch itself still runs, and the members follow it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aSplitThatMovesItsOwnJoinerIsLeftToTheTree(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        TestGroup g = new TestGroup(p, policy.withDegree(2), 4, 47);
        assertEquals(0, g.gcks.tree().memberAt(g.gcks.tree().firstLeaf()));
        List<ClientKeys> joiners = List.of(g.newClient(), g.newClient());
        byte[] before = g.gcks.fingerprint();
        assertTrue(g.gcks.planBatch(Requester.owner(), joiners, new int[] {0}).isEmpty());
        assertArrayEquals(before, g.gcks.fingerprint());
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(49),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        Rekey r = g.gcks.batch(Requester.owner(), joiners, new int[] {0});
        assertEquals(1, r.plan().splits().length);
        // the record names the moved joiner by the leaf it was placed in; its key is read where it is now
        ServerChange.replay(replica, ServerChange.write(g.gcks, r, InsecureSecretAccess.get()));
        assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint());
        g.apply(r, joiners);
        g.assertConverged();
    }
}
