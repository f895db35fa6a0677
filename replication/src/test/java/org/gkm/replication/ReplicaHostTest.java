package org.gkm.replication;

import static org.gkm.replication.ReplicatedGroupBackendTest.assertSameState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multi-raft: three hosts (one Raft server, port and storage root each, as three GCKS processes)
 * serve two groups, each its own Raft group with its own leader. Both groups converge on every
 * host; closing one group's replica leaves the host's other group running; with one host stopped
 * both groups stay writable, and the host restarted on its storage catches up in both.
 */
class ReplicaHostTest {
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final List<GroupId> GROUPS = List.of(GroupId.of("hosted-a"), GroupId.of("hosted-b"));

    @TempDir
    Path dir;

    private CryptoProvider provider;
    private final List<RaftPeer> peers = new ArrayList<>();
    private final List<RaftGroup> raftGroups = new ArrayList<>();
    private final ReplicaHost[] hosts = new ReplicaHost[3];
    /** [group][host]; null when closed. */
    private final ReplicatedGroupBackend[][] replicas = new ReplicatedGroupBackend[GROUPS.size()][3];

    static List<String> providers() {
        return TestProviders.names();
    }

    @AfterEach
    void stopHosts() {
        for (ReplicaHost h : hosts) {
            if (h != null) {
                h.close();
            }
        }
    }

    private void startHost(int i) throws Exception {
        hosts[i] = ReplicaHost.start(provider, ReplicaCluster.MASTER, peers.get(i), dir.resolve("h" + i),
                ReplicaCluster.OPTIONS, GROUPS);
        for (int g = 0; g < GROUPS.size(); g++) {
            replicas[g][i] = hosts[i].open(GROUPS.get(g), raftGroups.get(g));
        }
    }

    private void stopHost(int i) {
        hosts[i].close();
        hosts[i] = null;
        for (ReplicatedGroupBackend[] r : replicas) {
            r[i] = null;
        }
    }

    private List<ReplicatedGroupBackend> running(int g) {
        return Arrays.stream(replicas[g]).filter(r -> r != null).toList();
    }

    private ReplicatedGroupBackend awaitLeader(int g) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ReplicatedGroupBackend r : running(g)) {
                if (r.isLeader()) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        return fail("no leader of " + GROUPS.get(g) + " within 30 s");
    }

    private void awaitSameState(int g, ReplicatedGroupBackend leader) throws InterruptedException {
        long seq = leader.sequence();
        for (ReplicatedGroupBackend r : running(g)) {
            assertTrue(r.stateMachine().awaitSequence(seq, 30_000), r + " did not reach " + seq);
        }
        assertSameState(leader, running(g));
    }

    private ClientKeys joiner() {
        return ClientKeys.generate(EngineRandom.of(provider), POLICY.hybrid());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void threeHostsServeTwoGroupsAndSurviveTheLossOfOne(String name) throws Exception {
        provider = TestProviders.get(name);
        for (int i = 0; i < 3; i++) {
            peers.add(RaftPeer.newBuilder().setId("h" + i).setAddress("127.0.0.1:" + ReplicaCluster.freePort()).build());
        }
        for (GroupId g : GROUPS) {
            raftGroups.add(ReplicatedGroupBackend.raftGroup(g, peers));
        }
        for (int i = 0; i < 3; i++) {
            startHost(i);
        }
        ReplicatedGroupBackend[] leaders = new ReplicatedGroupBackend[GROUPS.size()];
        for (int g = 0; g < GROUPS.size(); g++) {
            leaders[g] = awaitLeader(g);
            leaders[g].createGroup(POLICY, g + 1);
        }
        for (int i = 0; i < 4; i++) { // churn on both, interleaved
            for (int g = 0; g < GROUPS.size(); g++) {
                leaders[g].join(joiner());
            }
        }
        leaders[1].leave(leaders[1].memberIds()[1]);
        leaders[0].changeTek();
        for (int g = 0; g < GROUPS.size(); g++) {
            awaitSameState(g, leaders[g]);
        }
        assertFalse(Arrays.equals(leaders[0].fingerprint(), leaders[1].fingerprint()), "two groups, two states");
        assertEquals(GROUPS.get(1), leaders[1].group());

        // closing one group's replica on a host leaves that host's other group running
        int h = peers.indexOf(peers.stream().filter(p -> !p.getId().equals(leaders[1].peerId())).findFirst().orElseThrow());
        replicas[1][h].close();
        replicas[1][h] = null;
        leaders[0] = awaitLeader(0);
        leaders[0].join(joiner());
        awaitSameState(0, leaders[0]); // including host h's replica of group 0
        leaders[1].join(joiner()); // group 1 commits on its two other replicas
        replicas[1][h] = hosts[h].open(GROUPS.get(1), raftGroups.get(1)); // reopened from its storage
        awaitSameState(1, leaders[1]);

        // one host stopped (the leader of group 0's): both groups keep a majority and stay writable
        int down = peers.indexOf(peers.stream().filter(p -> p.getId().equals(leaders[0].peerId())).findFirst()
                .orElseThrow());
        stopHost(down);
        for (int g = 0; g < GROUPS.size(); g++) {
            leaders[g] = awaitLeader(g);
            leaders[g].join(joiner());
            leaders[g].changeTek();
        }

        // restarted on its storage root, the host catches up in both groups
        startHost(down);
        for (int g = 0; g < GROUPS.size(); g++) {
            leaders[g] = awaitLeader(g);
            leaders[g].join(joiner());
            awaitSameState(g, leaders[g]);
            assertEquals(3, running(g).size());
        }
    }
}
