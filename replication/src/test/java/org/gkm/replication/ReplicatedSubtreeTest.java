package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.delegation.DelegatedSubtree;
import org.gkm.rekey.delegation.DelegatingParent;
import org.gkm.rekey.delegation.SubtreeLink;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subtree delegation (claim 18) with each subordinate key server its own Raft group: two subtrees,
 * each three replicas on loopback, under a parent key server. A subtree's report is computed from
 * its committed state, so every replica of it produces the same bytes; joins and leaves inside a
 * subtree reach the parent as one report each, which rekeys only the parent's upper path; the
 * subtree's leader killed, its new leader reports the same state identically (the parent refuses
 * the repeat as a replay, unchanged) and reports the next change; the other subtree is untouched
 * throughout and the parent's view (its subtrees, their leaves) stays whole.
 */
class ReplicatedSubtreeTest {
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final GroupId PARENT = GroupId.of("parent");

    @TempDir
    Path dir;

    private final List<ReplicaCluster> clusters = new ArrayList<>();
    private final List<SubtreeLink> links = new ArrayList<>();

    static List<String> providers() {
        return TestProviders.names();
    }

    @AfterEach
    void stop() {
        clusters.forEach(ReplicaCluster::close);
        links.forEach(SubtreeLink::destroy);
    }

    /** The report of {@code replica}'s committed subtree state under {@code link}. */
    private static byte[] report(ReplicatedGroupBackend replica, SubtreeLink link) {
        return replica.stateMachine().read((server, signing) ->
                new DelegatedSubtree(server, link, POLICY.hybrid()).report().encode());
    }

    /** Every running replica of {@code c} reports identical bytes; returns them. */
    private static byte[] reportEverywhere(ReplicaCluster c, SubtreeLink link, long sequence) throws InterruptedException {
        c.awaitSequence(sequence);
        byte[] first = null;
        for (ReplicatedGroupBackend r : c.running()) {
            byte[] b = report(r, link);
            if (first == null) {
                first = b;
            } else {
                assertArrayEquals(first, b, r + ": every replica of a subtree reports the same bytes");
            }
        }
        return first;
    }

    private static ClientKeys joiner(CryptoProvider p) {
        return ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void subordinateRaftGroupsReportToTheParentAndSurviveTheirLeadersLoss(String name) throws Exception {
        CryptoProvider p = TestProviders.get(name);
        DelegatingParent parent = new DelegatingParent(GroupKeyServer.create(p, POLICY, PARENT, EngineRandom.of(p), 0, 1));
        SecureRandom random = new SecureRandom();
        ReplicatedGroupBackend[] leaders = new ReplicatedGroupBackend[2];
        for (int s = 0; s < 2; s++) {
            ReplicaCluster c = new ReplicaCluster(p, GroupId.of("subtree-" + s), 3, dir.resolve("s" + s));
            clusters.add(c);
            byte[] k = new byte[SubtreeLink.KEY_BYTES];
            random.nextBytes(k);
            links.add(new SubtreeLink(PARENT, s, SecretBytes.copyOf(k)));
            Arrays.fill(k, (byte) 0);
            leaders[s] = c.awaitLeader();
            leaders[s].createGroup(POLICY, 1);
            for (int m = 0; m < 4; m++) {
                leaders[s].join(joiner(p));
            }
            parent.delegate(links.get(s), reportEverywhere(c, links.get(s), leaders[s].sequence()));
        }
        assertArrayEquals(new int[] {0, 1}, parent.subtrees());
        int leafOf0 = parent.memberOf(0);
        int leafOf1 = parent.memberOf(1);

        // a leave inside subtree 0: one report, the parent rekeys its upper path only
        leaders[0].leave(leaders[0].memberIds()[1]);
        byte[] before = parent.fingerprint();
        long parentSeq = parent.server().sequence();
        byte[] r0 = reportEverywhere(clusters.get(0), links.get(0), leaders[0].sequence());
        parent.accept(r0);
        assertFalse(Arrays.equals(before, parent.fingerprint()));
        assertEquals(parentSeq + 1, parent.server().sequence(), "one parent rekey per subtree report");
        assertEquals(leaders[0].sequence(), parent.lastSequence(0));
        assertEquals(leafOf0, parent.memberOf(0), "the subtree keeps its leaf at the parent");

        // subtree 0's leader is killed: a new leader continues; its report of the same state is the
        // same bytes, refused by the parent as a replay with nothing changed
        ReplicaCluster c0 = clusters.get(0);
        int down = c0.indexOf(leaders[0]);
        c0.stop(down);
        leaders[0] = c0.awaitLeader();
        byte[] again = report(leaders[0], links.get(0));
        assertArrayEquals(r0, again, "the new leader reports the committed state as the old one did");
        byte[] unchanged = parent.fingerprint();
        assertThrows(RejectedReportException.class, () -> parent.accept(again));
        assertArrayEquals(unchanged, parent.fingerprint());
        // the new leader's next change is reported and accepted; the restarted replica catches up
        leaders[0].join(joiner(p));
        parent.accept(reportEverywhere(c0, links.get(0), leaders[0].sequence()));
        c0.start(down);
        assertArrayEquals(report(leaders[0], links.get(0)), reportEverywhere(c0, links.get(0), leaders[0].sequence()));
        assertEquals(3, c0.running().size());

        // subtree 1 was untouched: its leaf and last report are as delegated; its next change goes up alone
        assertEquals(leafOf1, parent.memberOf(1));
        long last1 = parent.lastSequence(1);
        leaders[1].leave(leaders[1].memberIds()[0]);
        parent.accept(reportEverywhere(clusters.get(1), links.get(1), leaders[1].sequence()));
        assertTrue(parent.lastSequence(1) > last1);
        assertArrayEquals(new int[] {0, 1}, parent.subtrees());
        assertEquals(2, parent.server().tree().memberCount(), "the parent's members are its two subtrees");

        // a newer report of subtree 0 wrapped under a key that is not its link's is refused, nothing
        // changed; the same state reported under the right link is then accepted
        leaders[0].join(joiner(p));
        SubtreeLink forged = new SubtreeLink(PARENT, 0, SecretBytes.copyOf(new byte[SubtreeLink.KEY_BYTES]));
        links.add(forged);
        byte[] wrongKey = reportEverywhere(c0, forged, leaders[0].sequence());
        byte[] fp = parent.fingerprint();
        assertThrows(RejectedReportException.class, () -> parent.accept(wrongKey));
        assertArrayEquals(fp, parent.fingerprint());
        parent.accept(report(leaders[0], links.get(0)));
        assertEquals(leaders[0].sequence(), parent.lastSequence(0));
    }
}
