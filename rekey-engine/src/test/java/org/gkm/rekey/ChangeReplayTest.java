package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Change records: over a seeded random churn (joins, leaves, batches with splits, TEK changes and,
 * hybrid X25519, member-initiated operations), a replica restored from a snapshot taken before the
 * churn and fed the change record of every rekey has the original's fingerprint and sequence after
 * each one; the members that followed the original then follow the replica's next rekeys. Every
 * truncation, bit flip, oversized count and out-of-order record is a
 * {@link MalformedChangeException} that leaves the replica as it was.
 */
class ChangeReplayTest {
    private static final GroupPolicy SYMMETRIC = GroupPolicy.defaults();
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
    private static final GroupPolicy HYBRID_RSA = HYBRID.withRootKeyType(KeyType.RSA_3072).withDegree(3)
            .withTekChange(GroupPolicy.TekChangeMode.VERSION);
    private static final GroupPolicy SYMMETRIC_VERSION = SYMMETRIC.withDegree(2).withTekChange(GroupPolicy.TekChangeMode.VERSION);

    static Stream<Arguments> cases() {
        long seed = System.nanoTime();
        System.out.println("ChangeReplayTest seed " + seed);
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC, 40, seed));
            out.add(Arguments.of(p, "symmetric-d2-version", SYMMETRIC_VERSION, 40, seed + 1));
            out.add(Arguments.of(p, "hybrid", HYBRID, 40, seed + 2));
            out.add(Arguments.of(p, "hybrid-rsa", HYBRID_RSA, 10, seed + 3));
        }
        return out.stream();
    }

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest(name = "{0} {1} seed {4}")
    @MethodSource("cases")
    void replayedChangesReachTheOriginalStateAndMembersFollowTheReplica(CryptoProvider p, String name, GroupPolicy policy,
            int ops, long seed) throws Exception {
        TestGroup g = new TestGroup(p, policy, 7, seed);
        boolean initiators = policy.hybrid() && policy.rootKeyType() == KeyType.X25519;
        if (initiators) {
            g.memberSealer(0);
            g.memberSealer(1);
        }
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(seed ^ 1),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < ops; i++) {
            Rekey rekey = randomOp(g, r, initiators);
            byte[] record = ServerChange.write(g.gcks, rekey, InsecureSecretAccess.get());
            ServerChange.replay(replica, record);
            assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint(), "op " + i + " " + rekey.plan() + ", seed " + seed);
            assertEquals(g.gcks.sequence(), replica.sequence());
        }
        g.assertConverged();
        // the replica takes over; the members that followed the original follow it
        long sequence = g.gcks.sequence();
        g.gcks = replica;
        g.apply(g.gcks.leave(Requester.owner(), g.members.keySet().iterator().next()), List.of());
        ClientKeys c = g.newClient();
        g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
        List<ClientKeys> joiners = List.of(g.newClient(), g.newClient());
        g.apply(g.gcks.batch(Requester.owner(), joiners, new int[] {g.members.keySet().iterator().next()}), joiners);
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.assertConverged();
        assertEquals(sequence + 4, g.gcks.sequence());
    }

    /** One random operation on the original, delivered to its members. */
    private static Rekey randomOp(TestGroup g, SplittableRandom r, boolean initiators) throws Exception {
        int members = g.members.size();
        int kind = r.nextInt(initiators ? 6 : 4);
        if (members < 4 && kind != 0) {
            kind = 0; // keep a group to leave from
        }
        switch (kind) {
            case 0 -> {
                ClientKeys c = g.newClient();
                return g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
            }
            case 1 -> {
                return g.apply(g.gcks.leave(Requester.owner(), pick(g, r)), List.of());
            }
            case 2 -> {
                List<ClientKeys> joiners = new ArrayList<>();
                for (int j = r.nextInt(3); j > 0; j--) {
                    joiners.add(g.newClient());
                }
                int first = pick(g, r);
                int second = pick(g, r);
                int[] leavers = first == second || r.nextBoolean() ? new int[] {first} : new int[] {first, second};
                return g.apply(g.gcks.batch(Requester.owner(), joiners, leavers), joiners);
            }
            case 3 -> {
                Rekey rk = g.gcks.changeTek(Requester.owner());
                g.deliver(rk);
                return rk;
            }
            default -> {
                int initiator = certifiedMember(g);
                if (initiator < 0) {
                    ClientKeys c = g.newClient();
                    return g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
                }
                MemberInitiator init = new MemberInitiator(g.provider, g.random);
                if (kind == 4) {
                    int target = pick(g, r);
                    while (target == initiator) {
                        target = pick(g, r);
                    }
                    RekeyMessage m = init.remove(g.gcks, initiator,
                            g.members.get(initiator).heldKeys(InsecureSecretAccess.get()), target);
                    Rekey rk = g.gcks.ingestRemove(Requester.member(initiator), target, g.sealAs(initiator, m));
                    g.deliverIngested(rk);
                    return rk;
                }
                ClientKeys c = g.newClient();
                RekeyMessage a = init.add(g.gcks, initiator, g.members.get(initiator).heldKeys(InsecureSecretAccess.get()),
                        MemberInitiatedTest.clientPublic(g.provider, c));
                Rekey rk = g.gcks.ingestAdd(Requester.member(initiator), c, g.sealAs(initiator, a));
                g.installJoiners(rk, List.of(c), g.deliverIngested(rk));
                return rk;
            }
        }
    }

    private static int pick(TestGroup g, SplittableRandom r) {
        Integer[] ids = g.members.keySet().toArray(new Integer[0]);
        Arrays.sort(ids);
        return ids[r.nextInt(ids.length)];
    }

    private static int certifiedMember(TestGroup g) {
        for (int m : g.members.keySet()) {
            if (g.gcks.isCertifiedInitiator(m)) {
                return m;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void badRecordsAreTypedErrorsAndChangeNothing(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, HYBRID, 6, 5);
        GroupKeyServer replica = ServerSnapshot.read(p, new SeededRandom(6),
                ServerSnapshot.write(g.gcks, InsecureSecretAccess.get())).server();
        List<ClientKeys> joiners = List.of(g.newClient());
        byte[] first = ServerChange.write(g.gcks, g.apply(g.gcks.batch(Requester.owner(), joiners, new int[] {2}), joiners),
                InsecureSecretAccess.get());
        ClientKeys c = g.newClient();
        byte[] second = ServerChange.write(g.gcks, g.apply(g.gcks.join(Requester.owner(), c), List.of(c)),
                InsecureSecretAccess.get());
        byte[] before = replica.fingerprint();

        for (int len = 0; len < first.length; len++) {
            byte[] cut = Arrays.copyOf(first, len);
            assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, cut), "length " + len);
        }
        assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, Arrays.copyOf(first, first.length + 1)));
        for (int i = 0; i < first.length; i++) {
            byte[] flipped = first.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, flipped), "byte " + i);
        }
        // a count far past the bytes, with a valid checksum: refused before anything is allocated
        byte[] huge = first.clone();
        int countAt = 4 + 2 + 8 + 8 + 1;
        huge[countAt] = 0x7F;
        rechecksum(huge);
        MalformedChangeException e = assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, huge));
        assertTrue(e.getMessage().contains("leaver count"), e.getMessage());
        // out of order: the second record before the first
        assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, second));
        assertArrayEquals(before, replica.fingerprint(), "a refused record changed the replica");

        ServerChange.replay(replica, first);
        // the same record again (replayed twice) is refused, the state stays
        byte[] afterFirst = replica.fingerprint();
        assertThrows(MalformedChangeException.class, () -> ServerChange.replay(replica, first));
        assertArrayEquals(afterFirst, replica.fingerprint());
        ServerChange.replay(replica, second);
        assertArrayEquals(g.gcks.fingerprint(), replica.fingerprint());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aRecordIsOnlyWrittenForTheLatestRekey(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, SYMMETRIC, 4, 8);
        Rekey older = g.gcks.leave(Requester.owner(), 1);
        g.gcks.leave(Requester.owner(), 2);
        assertThrows(IllegalArgumentException.class, () -> ServerChange.write(g.gcks, older, InsecureSecretAccess.get()));
    }

    static void rechecksum(byte[] record) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(record, record.length - 32));
        System.arraycopy(sum, 0, record, record.length - 32, 32);
    }
}
