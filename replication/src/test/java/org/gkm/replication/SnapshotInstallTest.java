package org.gkm.replication;

import static org.gkm.replication.ReplicatedGroupBackendTest.anyFileContains;
import static org.gkm.replication.ReplicatedGroupBackendTest.assertSameState;
import static org.gkm.replication.ReplicatedGroupBackendTest.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.MD5FileUtil;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
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
 * Log compaction: replicas snapshot (every few entries, and on request) and purge their logs, so
 * a replica wiped and re-added with the same peer id cannot catch up from the leader's log: it
 * installs the leader's snapshot, replays the tail and ends in the same state. A snapshot file
 * edited on disk is refused when the replica restarts.
 */
class SnapshotInstallTest {
    private static final GroupId GROUP = GroupId.of("replicated-snap");
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    /** Snapshots every 8 entries; segments as small as allowed so a few entries close one. */
    private static final ReplicatedGroupBackend.Options COMPACTING = ReplicaCluster.OPTIONS
            .withLogCompaction(8, ReplicatedGroupBackend.Options.MIN_LOG_SEGMENT_BYTES);

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

    private static void awaitPurged(ReplicatedGroupBackend r) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (r.logStartIndex() <= 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(r.logStartIndex() > 0, r + " purged its log up to a snapshot");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aWipedReplicaInstallsTheLeadersSnapshotAndReplaysTheTail(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir, COMPACTING);
        ReplicaCluster c = cluster;
        CryptoProvider p = c.provider;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        ClientKeys watched = joiner(p);
        byte[] watchedKey = watched.clientKey().toByteArray(InsecureSecretAccess.get());
        leader.join(watched);
        for (int i = 0; i < 11; i++) {
            leader.join(joiner(p));
        }
        int[] members = leader.memberIds();
        leader.leave(members[2]);
        leader.batch(List.of(joiner(p)), new int[] {members[5]});
        long seq = leader.changeTek().sequence();
        c.awaitSequence(seq);
        assertTrue(leader.snapshot() > 0, "a snapshot on request as well");
        for (ReplicatedGroupBackend r : c.running()) {
            awaitPurged(r); // the automatic snapshots purged every replica's log
        }

        ReplicatedGroupBackend wiped = c.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
        int wi = c.indexOf(wiped);
        c.stop(wi);
        c.wipe(wi);
        assertTrue(Files.notExists(c.dirs.get(wi)));
        List<RaftPeer> all = c.raftGroup.getPeers().stream().toList();
        RaftPeerId lost = RaftPeerId.valueOf("r" + wi);
        leader.setReplicas(all.stream().filter(q -> !q.getId().equals(lost)).toList()); // the lost replica leaves
        leader.join(joiner(p));
        long head = leader.leave(leader.memberIds()[0]).sequence();

        // the same peer id on an empty directory, formatted for the group and added again: the
        // leader's log no longer reaches back to the start, so it is sent the leader's snapshot
        ReplicatedGroupBackend back = c.start(wi);
        leader.setReplicas(all);
        assertTrue(back.stateMachine().awaitSequence(head, 30_000), "the re-added replica caught up");
        long installed = back.stateMachine().loadedSnapshotSequence();
        assertTrue(installed > 0 && installed <= head, "installed a snapshot (sequence " + installed + "), not a replay");
        assertTrue(back.logStartIndex() > 0, "its log starts after the snapshot");
        assertEquals(messages(leader), messages(back), "every committed message, those before the snapshot too");

        // it follows the log from there, and every replica agrees
        leader.join(joiner(p));
        long last = leader.changeTek().sequence();
        c.awaitSequence(last);
        assertSameState(leader, c.running());
        // snapshots, the installed one included, and logs hold the joiner's client key sealed only
        c.close(); // (stopped, so no snapshot is being written or retired during the scan)
        for (Path d : c.dirs) {
            assertFalse(anyFileContains(d, watchedKey), "a client key in the clear under " + d);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aSnapshotEditedOnDiskIsRefused(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir);
        ReplicaCluster c = cluster;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        for (int i = 0; i < 3; i++) {
            leader.join(joiner(c.provider));
        }
        c.awaitSequence(3);
        ReplicatedGroupBackend f = c.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
        f.snapshot();
        int fi = c.indexOf(f);
        c.stop(fi);

        // one bit flipped in the sealed body, and the MD5 file made to match: only the seal can tell
        Path snapshot;
        try (Stream<Path> walk = Files.walk(c.dirs.get(fi))) {
            snapshot = walk.filter(q -> q.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).reduce((a, b) -> b)
                    .orElseThrow();
        }
        byte[] b = Files.readAllBytes(snapshot);
        b[b.length / 2] ^= 1;
        Files.write(snapshot, b);
        MD5FileUtil.computeAndSaveMd5ForFile(snapshot.toFile());

        IOException e = assertThrows(IOException.class, () -> c.start(fi));
        assertTrue(chain(e).contains("does not open"), chain(e));
        assertTrue(c.replicas[fi] == null);
        // the others go on; the refused replica changed nothing
        assertEquals(4, leader.changeTek().sequence());
        c.awaitSequence(4);
        assertSameState(leader, c.running());
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            sb.append(x).append(" <- ");
        }
        return sb.toString();
    }
}
