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
 * The plan/apply split: planning a join, a batch of joins (with and without leaf splits), a
 * leave, a batch of leaves, a member-initiated ingest or a TEK change (each policy's variant) leaves the server's fingerprint
 * and sequence (and, for joins, its free stacks and public-key cache) as they were, however many plans are made
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
                s -> s.planBatch(Requester.owner(), two, new int[] {6}),
                // more joiners than free leaves: leaf splits
                s -> s.planBatch(Requester.owner(), seven, new int[] {8}),
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
     * A split of the leaf a joiner of the same batch just took (degree 2, full tree, the leaver at
     * the cursor leaf): planned like any batch, changing nothing until applied; the record replays
     * and the members, the moved joiner among them, follow it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aSplitThatMovesItsOwnJoinerIsPlanned(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        TestGroup g = new TestGroup(p, policy.withDegree(2), 4, 47);
        assertEquals(0, g.gcks.tree().memberAt(g.gcks.tree().firstLeaf()));
        List<ClientKeys> joiners = List.of(g.newClient(), g.newClient());
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(49),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        TreeState before = new TreeState(g.gcks);
        PlannedRekey planned = g.gcks.planBatch(Requester.owner(), joiners, new int[] {0});
        before.assertUnchanged(g.gcks, "planning the batch");
        byte[] record = planned.changeRecord(InsecureSecretAccess.get());
        Rekey r = g.gcks.apply(planned);
        assertEquals(1, r.plan().splits().length);
        assertEquals(r.plan().splits()[0], r.plan().joinerLeaves()[0], "the split takes the first joiner's leaf");
        // the record names the moved joiner by the leaf it was placed in; its key is read where it is now
        assertArrayEquals(ServerChange.write(g.gcks, r, InsecureSecretAccess.get()), record);
        ServerChange.replay(replica, record);
        assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint());
        g.apply(r, joiners);
        g.assertConverged();
    }

    static Stream<Arguments> joinCases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC));
            out.add(Arguments.of(p, "symmetric-d2-version", SYMMETRIC_VERSION));
            out.add(Arguments.of(p, "hybrid", HYBRID));
            out.add(Arguments.of(p, "hybrid-d2", HYBRID.withDegree(2)));
            out.add(Arguments.of(p, "hybrid-rsa", HYBRID_RSA));
        }
        return out.stream();
    }

    /**
     * Joins without a leaver are plans too: a single join into a free leaf, a batch that fills the
     * free leaves, a single join and a batch that split leaves, and a batch whose second joiner
     * splits the leaf its first took (the cursor leaf a leaver freed). Planning (dropped or kept)
     * changes nothing: fingerprint, sequence, the free-leaf and free-id stacks and the public-key
     * cache; the applied plan's record is the one read off the server and replays on a replica;
     * the members and the joiners follow the rekey; a stale plan, a plan applied twice and another
     * server's plan are refused and change nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("joinCases")
    void aJoinPlanChangesNothingUntilApplied(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        TestGroup g = new TestGroup(p, policy, 11, 53);
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(59),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        for (int m = 5; g.gcks.tree().freeLeafCount() < 2; m++) {
            leave(g, replica, m); // a full tree (degree 2 and 3 at 11 members): free two leaves first
        }
        int step = 0;
        while (true) {
            KeyTree t = g.gcks.tree();
            int free = t.freeLeafCount();
            List<ClientKeys> joiners = new ArrayList<>();
            String what;
            if (step == 0) {
                assertTrue(free >= 2, "the group starts with free leaves");
                what = "one join into a free leaf";
                joiners.add(g.newClient());
            } else if (step == 1) {
                what = "a batch filling the free leaves";
                for (int j = 0; j < free; j++) {
                    joiners.add(g.newClient());
                }
            } else if (step == 2) {
                assertEquals(0, free);
                what = "one join that splits a leaf";
                joiners.add(g.newClient());
            } else if (step == 3) {
                what = "a batch of seven with splits";
                for (int j = 0; j < 7; j++) {
                    joiners.add(g.newClient());
                }
            } else if (free > 0) {
                what = "joins filling the free leaves";
                for (int j = 0; j < free; j++) {
                    joiners.add(g.newClient());
                }
            } else {
                // full: the cursor leaf's member leaves; the next batch's first joiner takes that
                // leaf, its second splits it
                leave(g, replica, t.memberAt(t.firstLeaf()));
                what = "a batch whose split moves its own first joiner";
                joiners.add(g.newClient());
                joiners.add(g.newClient());
            }
            boolean moving = what.startsWith("a batch whose split");
            TreeState before = new TreeState(g.gcks);
            PlannedRekey dropped = joiners.size() == 1 ? g.gcks.planJoin(Requester.owner(), joiners.get(0))
                    : g.gcks.planBatch(Requester.owner(), joiners, new int[0]);
            before.assertUnchanged(g.gcks, what + ": planning");
            assertEquals(before.sequence + 1, dropped.sequence());
            dropped.destroy();
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(dropped));
            before.assertUnchanged(g.gcks, what + ": a destroyed plan");
            PlannedRekey planned = joiners.size() == 1 ? g.gcks.planJoin(Requester.owner(), joiners.get(0))
                    : g.gcks.planBatch(Requester.owner(), joiners, new int[0]);
            PlannedRekey stale = g.gcks.planBatch(Requester.owner(), joiners, new int[0]);
            before.assertUnchanged(g.gcks, what + ": two plans");
            byte[] record = planned.changeRecord(InsecureSecretAccess.get());
            Rekey rekey = g.gcks.apply(planned);
            assertEquals(before.sequence + 1, g.gcks.sequence());
            assertEquals(org.gkm.rekey.message.MessageType.JOIN_NOTICE, rekey.message().type());
            assertEquals(joiners.size(), rekey.downloads().size());
            if (step >= 2 && !what.startsWith("joins filling")) {
                assertTrue(rekey.plan().splits().length > 0, what + " splits a leaf");
            } else {
                assertEquals(0, rekey.plan().splits().length, what);
            }
            if (moving) {
                assertEquals(rekey.plan().splits()[0], rekey.plan().joinerLeaves()[0], what);
            }
            assertArrayEquals(ServerChange.write(g.gcks, rekey, InsecureSecretAccess.get()), record,
                    what + ": the plan's record is the one read off the server");
            ServerChange.replay(replica, record);
            assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint(), what + ": replica");
            g.apply(rekey, joiners);
            g.assertConverged();
            byte[] after = g.gcks.fingerprint();
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(stale));
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(planned));
            assertArrayEquals(after, g.gcks.fingerprint(), what + ": refused plans");
            if (moving) {
                break;
            }
            step++;
        }
        // another server's join plan (the replica, at the same state) is refused and changes nothing
        PlannedRekey foreign = replica.planJoin(Requester.owner(), g.newClient());
        TreeState now = new TreeState(g.gcks);
        assertThrows(IllegalArgumentException.class, () -> g.gcks.apply(foreign));
        now.assertUnchanged(g.gcks, "a foreign plan");
        assertTrue(foreign.pending());
        foreign.destroy();
        // refused join requests plan nothing
        assertThrows(AuthorizationException.class, () -> g.gcks.planJoin(Requester.member(1), g.newClient()));
        assertThrows(IllegalArgumentException.class,
                () -> g.gcks.planJoin(Requester.owner(), ClientKeys.generate(g.random, !policy.hybrid())));
        now.assertUnchanged(g.gcks, "refused joins");
    }

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private interface IngestPlan {
        PlannedRekey make() throws Exception;
    }

    /**
     * Member-initiated operations (claims 13, 14) are plans too: the checked ingest of a removal, of
     * an addition into a free leaf and of an addition that splits a leaf changes nothing
     * (fingerprint, sequence, free stacks, public-key cache) until applied; the applied plan's
     * record is the one read off the server and replays; the members follow the re-issued
     * message; a stale plan and a plan applied twice are refused unchanged.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void anIngestPlanChangesNothingUntilApplied(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
                .withMemberPrivileges(java.util.EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
        TestGroup g = new TestGroup(p, policy, 13, 61); // d=4, 13 members: every leaf taken
        g.memberSealer(2);
        g.memberSealer(4);
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(67),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        MemberInitiator init = new MemberInitiator(p, g.random);
        for (int step = 0; step < 3; step++) {
            String what = step == 0 ? "member 2 removes member 9" : step == 1 ? "member 4 adds into the free leaf"
                    : "member 4 adds with a split";
            ClientKeys joiner = step == 0 ? null : g.newClient();
            byte[] sealed;
            IngestPlan plan;
            if (step == 0) {
                sealed = g.sealAs(2, init.remove(g.gcks, 2, g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9));
                plan = () -> g.gcks.planIngestRemove(Requester.member(2), 9, sealed);
            } else {
                sealed = g.sealAs(4, init.add(g.gcks, 4, g.members.get(4).heldKeys(InsecureSecretAccess.get()),
                        MemberInitiatedTest.clientPublic(p, joiner)));
                plan = () -> g.gcks.planIngestAdd(Requester.member(4), joiner, sealed);
            }
            TreeState before = new TreeState(g.gcks);
            PlannedRekey dropped = plan.make();
            before.assertUnchanged(g.gcks, what + ": planning");
            dropped.destroy();
            PlannedRekey planned = plan.make();
            PlannedRekey stale = plan.make();
            before.assertUnchanged(g.gcks, what + ": two plans");
            byte[] record = planned.changeRecord(InsecureSecretAccess.get());
            Rekey r = g.gcks.apply(planned);
            assertEquals(before.sequence + 1, g.gcks.sequence());
            assertEquals(step == 2 ? 1 : 0, r.plan().splits().length, what);
            assertArrayEquals(ServerChange.write(g.gcks, r, InsecureSecretAccess.get()), record, what + ": record");
            ServerChange.replay(replica, record);
            assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint(), what + ": replica");
            byte[] multicast = g.deliverIngested(r);
            if (joiner != null) {
                g.installJoiners(r, List.of(joiner), multicast);
            }
            g.assertConverged();
            byte[] after = g.gcks.fingerprint();
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(stale));
            assertThrows(IllegalStateException.class, () -> g.gcks.apply(planned));
            assertArrayEquals(after, g.gcks.fingerprint(), what + ": refused plans");
        }
    }

    private static void leave(TestGroup g, GroupKeyServer replica, int member) throws Exception {
        Rekey leave = g.gcks.leave(Requester.owner(), member);
        ServerChange.replay(replica, ServerChange.write(g.gcks, leave, InsecureSecretAccess.get()));
        g.apply(leave, List.of());
    }

    /** What planning must leave as it was: the state's fingerprint and sequence, the free stacks, the public-key cache. */
    private static final class TreeState {
        final byte[] fingerprint;
        final long sequence;
        final int[] freeLeaves;
        final int[] freeIds;
        final byte[] publicCache;

        TreeState(GroupKeyServer s) {
            fingerprint = s.fingerprint();
            sequence = s.sequence();
            freeLeaves = s.tree().freeLeafStack();
            freeIds = s.tree().freeIdStack();
            publicCache = publicCache(s.tree());
        }

        void assertUnchanged(GroupKeyServer s, String what) {
            assertArrayEquals(fingerprint, s.fingerprint(), what + ": fingerprint");
            assertEquals(sequence, s.sequence(), what + ": sequence");
            assertArrayEquals(freeLeaves, s.tree().freeLeafStack(), what + ": free leaves");
            assertArrayEquals(freeIds, s.tree().freeIdStack(), what + ": free ids");
            assertArrayEquals(publicCache, publicCache(s.tree()), what + ": public-key cache");
        }

        /** The cached X25519 public keys with their nodes (hybrid; empty for a symmetric tree). */
        private static byte[] publicCache(KeyTree t) {
            if (!t.hybrid()) {
                return new byte[0];
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int v = 0; v < t.nodeCount(); v++) {
                if (t.publicCached(v)) {
                    out.write(v >>> 24);
                    out.write(v >>> 16);
                    out.write(v >>> 8);
                    out.write(v);
                    out.write(t.publicKeys, v * KeyTree.KEY, KeyTree.KEY);
                }
            }
            return out.toByteArray();
        }
    }
}
