package org.gkm.replication;

import static org.gkm.replication.GroupStateMachineTest.membership;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.Membership;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hosted group's membership replicated with its key tree: a save on the leader is on every
 * replica once it returns, a follower refuses saves, a new leader has the last acknowledged
 * membership and saves the next version, and a restart from storage or a snapshot install restores
 * it. Concurrent saves on the leader commit one after the other, the last one winning.
 */
class ReplicatedMembershipTest {
    private static final GroupId GROUP = GroupId.of("replicated-members");
    private static final GroupPolicy POLICY = GroupPolicy.defaults();

    @TempDir
    Path dir;

    private ReplicaCluster cluster;

    static List<String> providers() {
        return TestProviders.names();
    }

    @AfterEach
    void stopReplicas() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ClientKeys joiner(CryptoProvider p) {
        return ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
    }

    /** Every running replica has applied {@code version} and holds {@code expected}, encoded alike. */
    private static void assertEverywhere(ReplicaCluster c, long version, Membership expected) throws InterruptedException {
        for (ReplicatedGroupBackend r : c.running()) {
            assertTrue(r.stateMachine().awaitMembershipVersion(version, 30_000), r + " did not reach membership " + version);
            assertEquals(version, r.membershipVersion(), r.toString());
            assertEquals(expected, r.committedMembership(), r.toString());
            assertArrayEquals(expected.encode(), r.committedMembership().encode(), r.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aSaveOnTheLeaderIsOnEveryReplicaAndAFollowersSaveIsRefused(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir);
        ReplicaCluster c = cluster;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        for (ReplicatedGroupBackend r : c.running()) {
            assertTrue(r.stateMachine().awaitSequence(0, 30_000));
            assertEquals(Membership.empty(), r.committedMembership());
            assertEquals(0, r.membershipVersion());
        }
        leader.join(joiner(c.provider));
        leader.membershipStore().save(membership(1));
        assertEquals(1, leader.membershipVersion(), "committed and applied on the leader when save returns");
        assertEquals(membership(1), leader.committedMembership());
        assertEverywhere(c, 1, membership(1));
        assertEquals(1, leader.sequence(), "a membership save is no rekey");

        // a follower refuses, naming the leader, and nothing changes anywhere
        for (ReplicatedGroupBackend f : c.running()) {
            if (f == leader) {
                continue;
            }
            BackendException e = assertThrows(BackendException.class, () -> f.membershipStore().save(membership(9)));
            assertEquals(BackendException.Reason.NOT_LEADER, e.reason());
            assertTrue(e.getMessage().contains(leader.peerId().toString()), e.getMessage());
        }
        leader.membershipStore().save(membership(2));
        assertEverywhere(c, 2, membership(2));

        // concurrent saves on the leader: each takes the next version once, and the last committed wins
        Map<Long, Membership> byVersion = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int base = 10 * (t + 1);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        Membership m = membership(base + i);
                        byVersion.put(leader.commitMembership(m), m);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), new ArrayList<>(new TreeSet<>(byVersion.keySet())));
        assertEverywhere(c, 10, byVersion.get(10L));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aNewLeaderHasTheLastAcknowledgedMembershipAndARestartRestoresIt(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir);
        ReplicaCluster c = cluster;
        ReplicatedGroupBackend old = c.awaitLeader();
        old.createGroup(POLICY, 1);
        old.join(joiner(c.provider));
        old.membershipStore().save(membership(1));
        old.join(joiner(c.provider));
        old.membershipStore().save(membership(2));
        assertTrue(old.snapshot() > 0);
        int oldIndex = c.indexOf(old);

        c.stop(oldIndex);
        ReplicatedGroupBackend next = c.awaitLeader();
        assertNotSame(old, next);
        assertTrue(next.stateMachine().awaitMembershipVersion(2, 30_000));
        assertEquals(membership(2), next.committedMembership(), "the last acknowledged membership");
        assertEquals(3, next.commitMembership(membership(3)), "the new leader saves the next version");
        next.join(joiner(c.provider));
        next.membershipStore().save(membership(4));
        assertEverywhere(c, 4, membership(4));

        // the old leader, restarted on its storage: its snapshot has the membership it had, the log the rest
        ReplicatedGroupBackend back = c.start(oldIndex);
        assertEquals(2, back.stateMachine().loadedSnapshotMembershipVersion(), "the membership came with its snapshot");
        assertEverywhere(c, 4, membership(4));
        assertEquals(BackendException.Reason.NOT_LEADER,
                assertThrows(BackendException.class, () -> back.membershipStore().save(membership(8))).reason());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aWipedAndReAddedReplicaInstallsTheMembershipWithTheSnapshot(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir,
                ReplicaCluster.OPTIONS.withLogCompaction(8, ReplicatedGroupBackend.Options.MIN_LOG_SEGMENT_BYTES));
        ReplicaCluster c = cluster;
        ReplicatedGroupBackend leader = c.awaitLeader();
        int rounds = 16; // enough entries to close a few log segments, which are all a purge removes
        leader.createGroup(POLICY, 1);
        for (int i = 1; i <= rounds; i++) {
            leader.join(joiner(c.provider)); // as a GCKS does: the rekey, then the membership that names the joiner
            leader.membershipStore().save(membership(i));
        }
        assertTrue(leader.snapshot() > 0);
        assertEverywhere(c, rounds, membership(rounds));
        for (ReplicatedGroupBackend r : c.running()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (r.logStartIndex() <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(r.logStartIndex() > 0, r + " purged its log up to a snapshot");
        }

        ReplicatedGroupBackend wiped = c.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
        int wi = c.indexOf(wiped);
        c.stop(wi);
        c.wipe(wi);
        List<RaftPeer> all = c.raftGroup.getPeers().stream().toList();
        RaftPeerId lost = RaftPeerId.valueOf("r" + wi);
        leader.setReplicas(all.stream().filter(q -> !q.getId().equals(lost)).toList());
        leader.membershipStore().save(membership(rounds + 1));

        ReplicatedGroupBackend back = c.start(wi);
        leader.setReplicas(all);
        assertTrue(back.stateMachine().awaitMembershipVersion(rounds + 1, 30_000), "the re-added replica caught up");
        long installed = back.stateMachine().loadedSnapshotMembershipVersion();
        assertTrue(installed >= rounds && installed <= rounds + 1, "installed a snapshot with the membership (version " + installed + ")");
        assertEverywhere(c, rounds + 1, membership(rounds + 1));
        leader.membershipStore().save(membership(rounds + 2));
        assertEverywhere(c, rounds + 2, membership(rounds + 2));
    }
}
