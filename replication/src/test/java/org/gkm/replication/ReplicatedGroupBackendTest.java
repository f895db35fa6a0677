package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.CommittedRekey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas of one group on loopback: changes go through the leader only, every replica ends
 * in the same state with the same committed messages, a follower refuses writes naming the leader,
 * and after the leader's loss a new leader continues the sequence while the old replica, restarted
 * from its Raft storage, catches up.
 */
class ReplicatedGroupBackendTest {
    private static final GroupId GROUP = GroupId.of("replicated-7");
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

    private ReplicaCluster start(String provider) throws Exception {
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir);
        return cluster;
    }

    private static ClientKeys joiner(CryptoProvider p) {
        return ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
    }

    static List<StoredMessage> messages(ReplicatedGroupBackend r) {
        return assertInstanceOf(MessagesSince.Messages.class, r.messagesSince(0, 1000)).messages();
    }

    /** Every running replica holds the state and committed messages of {@code reference}. */
    static void assertSameState(ReplicatedGroupBackend reference, List<ReplicatedGroupBackend> replicas) {
        String fp = HexFormat.of().formatHex(reference.fingerprint());
        for (ReplicatedGroupBackend r : replicas) {
            assertEquals(reference.sequence(), r.sequence(), r.toString());
            assertEquals(fp, HexFormat.of().formatHex(r.fingerprint()), r + ": state fingerprint");
            assertEquals(reference.tekFingerprint(), r.tekFingerprint(), r.toString());
            assertArrayEquals(reference.memberIds(), r.memberIds(), r.toString());
            assertArrayEquals(reference.signingPublicKey().encoded(), r.signingPublicKey().encoded(), r.toString());
            assertEquals(messages(reference), messages(r), r + ": committed messages");
        }
    }

    static boolean anyFileContains(Path root, byte[] needle) throws java.io.IOException {
        List<Path> files;
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
            files = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "no Raft storage under " + root);
        for (Path f : files) {
            byte[] b = java.nio.file.Files.readAllBytes(f);
            outer:
            for (int i = 0; i + needle.length <= b.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (b[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Sequences 1..n, each once, and each committed message is the one its commit returned. */
    private static void assertSequenceOf(List<CommittedRekey> acked, ReplicatedGroupBackend r) {
        List<StoredMessage> stored = messages(r);
        assertEquals(acked.size(), stored.size());
        for (int i = 0; i < acked.size(); i++) {
            assertEquals(i + 1, acked.get(i).sequence(), "acknowledged sequence numbers are consecutive");
            assertEquals(i + 1, stored.get(i).sequence());
            assertArrayEquals(acked.get(i).multicast(), stored.get(i).message(), "message of sequence " + (i + 1));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyReplicaAppliesTheLeadersChangesInOrder(String provider) throws Exception {
        ReplicaCluster c = start(provider);
        CryptoProvider p = c.provider;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);

        List<CommittedRekey> acked = new ArrayList<>();
        ClientKeys watched = joiner(p);
        byte[] watchedKey = watched.clientKey().toByteArray(InsecureSecretAccess.get());
        acked.add(leader.join(watched));
        for (int i = 0; i < 4; i++) {
            acked.add(leader.join(joiner(p)));
        }
        int[] members = leader.memberIds();
        acked.add(leader.leave(members[1]));
        CommittedRekey batch = leader.batch(List.of(joiner(p), joiner(p)), new int[] {members[3]});
        acked.add(batch);
        assertEquals(2, batch.plan().joiners().length);
        acked.add(leader.changeTek());
        assertEquals(5 - 1 + 2 - 1, leader.memberIds().length);

        c.awaitSequence(acked.size());
        assertSequenceOf(acked, leader);
        assertSameState(leader, c.running());

        // a write on a follower is refused, names the leader, and changes nothing anywhere
        for (ReplicatedGroupBackend f : c.running()) {
            if (f == leader) {
                continue;
            }
            BackendException e = assertThrows(BackendException.class, f::changeTek);
            assertEquals(BackendException.Reason.NOT_LEADER, e.reason());
            assertTrue(e.getMessage().contains(leader.peerId().toString()), e.getMessage());
            BackendException j = assertThrows(BackendException.class, () -> f.join(joiner(p)));
            assertEquals(BackendException.Reason.NOT_LEADER, j.reason());
        }
        assertEquals(acked.size(), leader.sequence());
        assertSameState(leader, c.running());

        // the joiner's client key is in its change record, but in no file of any replica's Raft storage
        for (Path d : c.dirs) {
            assertFalse(anyFileContains(d, watchedKey), "a client key in the clear under " + d);
        }
        Path control = java.nio.file.Files.createDirectories(dir.resolve("control"));
        java.nio.file.Files.write(control.resolve("f"), watchedKey);
        assertTrue(anyFileContains(control, watchedKey), "the scan finds a key that is there");

        // a refused request changes nothing (member ids are reused, so ask for one never given out)
        assertEquals(BackendException.Reason.UNKNOWN_MEMBER,
                assertThrows(BackendException.class, () -> leader.leave(10_000)).reason());
        assertEquals(acked.size(), leader.sequence());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aNewLeaderContinuesTheSequenceAndARestartedReplicaCatchesUp(String provider) throws Exception {
        ReplicaCluster c = start(provider);
        CryptoProvider p = c.provider;
        ReplicatedGroupBackend old = c.awaitLeader();
        old.createGroup(POLICY, 1);
        List<CommittedRekey> acked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            acked.add(old.join(joiner(p)));
        }
        acked.add(old.changeTek());
        List<StoredMessage> before = messages(old);
        int oldIndex = c.indexOf(old);

        c.stop(oldIndex); // the leader's Raft server goes away
        ReplicatedGroupBackend next = c.awaitLeader();
        assertNotSame(old, next);
        // no acknowledged change is lost: the new leader holds every one, as acknowledged
        assertSequenceOf(acked, next);
        acked.add(next.leave(next.memberIds()[0]));
        acked.add(next.join(joiner(p)));
        acked.add(next.changeTek());
        assertSequenceOf(acked, next);
        assertEquals(before, messages(next).subList(0, before.size()));
        c.awaitSequence(acked.size());
        assertSameState(next, c.running());

        // the old replica, restarted on its storage directory, replays its log and catches up
        ReplicatedGroupBackend back = c.start(oldIndex);
        assertTrue(back.stateMachine().awaitSequence(acked.size(), 30_000), "restarted replica caught up");
        assertSameState(next, c.running());
        assertEquals(BackendException.Reason.NOT_LEADER,
                assertThrows(BackendException.class, back::changeTek).reason());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void withoutAMajorityAWriteIsNotConfirmedAndNothingDiverges(String provider) throws Exception {
        ReplicatedGroupBackend.Options quick = new ReplicatedGroupBackend.Options(ReplicaCluster.OPTIONS.electionTimeoutMin(),
                ReplicaCluster.OPTIONS.electionTimeoutMax(), java.time.Duration.ofSeconds(2));
        cluster = new ReplicaCluster(TestProviders.get(provider), GROUP, 3, dir, quick);
        ReplicaCluster c = cluster;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        long acked = leader.join(joiner(c.provider)).sequence();
        byte[] fp = leader.fingerprint();
        List<StoredMessage> before = messages(leader);
        int li = c.indexOf(leader);
        List<Integer> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (i != li) {
                followers.add(i);
                c.stop(i);
            }
        }

        // alone, the leader cannot commit: the write is refused with a typed error and changes nothing here
        BackendException e = assertThrows(BackendException.class, leader::changeTek);
        assertTrue(e.reason() == BackendException.Reason.NOT_CONFIRMED || e.reason() == BackendException.Reason.NOT_LEADER,
                e.reason() + ": " + e.getMessage());
        assertEquals(acked, leader.sequence());
        assertArrayEquals(fp, leader.fingerprint());

        // healed: one leader continues; the unconfirmed change is either committed everywhere or nowhere
        for (int i : followers) {
            c.start(i);
        }
        ReplicatedGroupBackend next = c.awaitLeader();
        long seq = next.changeTek().sequence();
        assertTrue(seq == acked + 1 || seq == acked + 2, "sequence " + seq + " after " + acked);
        c.awaitSequence(seq);
        assertSameState(next, c.running());
        assertEquals(before, messages(next).subList(0, before.size()), "acknowledged messages kept");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aReplicaRestartsFromItsSnapshotAndReplaysTheTail(String provider) throws Exception {
        ReplicaCluster c = start(provider);
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        for (int i = 0; i < 3; i++) {
            leader.join(joiner(c.provider));
        }
        c.awaitSequence(3);
        ReplicatedGroupBackend f = c.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
        assertTrue(f.snapshot() > 0, "a Ratis snapshot at the last applied index");
        leader.leave(leader.memberIds()[1]);
        int fi = c.indexOf(f);
        c.stop(fi);
        long head = leader.changeTek().sequence(); // committed by the other two while it is down
        assertEquals(5, head);

        ReplicatedGroupBackend back = c.start(fi);
        // the snapshot taken on request (3), or the one a stopping server takes (4, if it had applied the leave)
        long loaded = back.stateMachine().loadedSnapshotSequence();
        assertTrue(loaded == 3 || loaded == 4, "restarted from its snapshot, not sequence " + loaded);
        assertTrue(back.stateMachine().awaitSequence(head, 30_000), "replayed its tail and caught up");
        assertSameState(leader, c.running());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aReplicaKeepsTheNewestMessagesItIsToldToAcrossASnapshotRestart(String provider) throws Exception {
        ReplicaCluster c = start(provider);
        CryptoProvider p = c.provider;
        ReplicatedGroupBackend leader = c.awaitLeader();
        leader.createGroup(POLICY, 1);
        for (ReplicatedGroupBackend r : c.running()) {
            r.stateMachine().retainMessages(3);
        }
        List<CommittedRekey> acked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            acked.add(leader.join(joiner(p)));
        }
        c.awaitSequence(6);
        for (ReplicatedGroupBackend r : c.running()) {
            assertEquals(new MessagesSince.CompactedPast(3), r.messagesSince(0, 10), r + ": messages 1..3 no longer kept");
            assertEquals(new MessagesSince.CompactedPast(3), r.messagesSince(2, 10));
            List<StoredMessage> kept = assertInstanceOf(MessagesSince.Messages.class, r.messagesSince(3, 10)).messages();
            assertEquals(List.of(4L, 5L, 6L), kept.stream().map(StoredMessage::sequence).toList());
            assertArrayEquals(acked.get(5).multicast(), kept.get(2).message());
            assertEquals(List.of(), assertInstanceOf(MessagesSince.Messages.class, r.messagesSince(6, 10)).messages());
        }
        assertThrows(IllegalArgumentException.class, () -> leader.stateMachine().retainMessages(0));
        // a follower restarted from its snapshot keeps the same window
        ReplicatedGroupBackend follower = c.running().stream().filter(r -> r != leader).findFirst().orElseThrow();
        int i = c.indexOf(follower);
        follower.snapshot();
        c.stop(i);
        ReplicatedGroupBackend back = c.start(i);
        back.stateMachine().retainMessages(3);
        assertTrue(back.stateMachine().awaitSequence(6, 30_000));
        assertEquals(new MessagesSince.CompactedPast(3), back.messagesSince(0, 10));
        assertEquals(List.of(4L, 5L, 6L), assertInstanceOf(MessagesSince.Messages.class, back.messagesSince(3, 10)).messages()
                .stream().map(StoredMessage::sequence).toList());
    }
}
