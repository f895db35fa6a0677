package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Rekey cost equals the LKH formulas. Model (docs/rekey-engine.md, "Operations (claims 10-16)
 * and their cost"): the
 * root node 0 holds the root KEK; the TEK is a separate key of the root portion wrapped under the
 * root KEK (claims 1, 6). So in a full tree of height h (all d^h leaves at depth h) a single leave
 * refreshes the h ancestors of the leaver: the parent gets d-1 wraps (its remaining children) and
 * each of the h-1 higher nodes d wraps (the refreshed child and d-1 siblings): (d-1) + d(h-1) =
 * d*h - 1 node-key wraps, plus ONE TEK wrap counted separately, d*h entries in all.
 */
class CostTest {
    private static final CryptoProvider P = TestProviders.java();

    private static GroupKeyServer full(int d, int h, GroupPolicy.TreeMode mode) {
        int n = (int) Math.pow(d, h);
        return GroupKeyServer.create(P, GroupPolicy.defaults().withDegree(d).withTreeMode(mode), TestGroup.GROUP,
                new SeededRandom(d * 100 + h), n, 1);
    }

    @ParameterizedTest(name = "d={0} h={1}: {2} node-key wraps + 1 TEK wrap + 1 auth key wrap")
    // expected node-key wraps written out by hand: d*h - 1
    @CsvSource({"2,1,1", "2,3,5", "2,6,11", "3,2,5", "4,1,3", "4,2,7", "4,3,11", "4,5,19", "8,2,15", "8,3,23"})
    void singleLeaveInFullTreeCostsDhMinusOneWraps(int d, int h, int nodeKeyWraps) throws Exception {
        GroupKeyServer g = full(d, h, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        assertEquals(h, g.tree().depth(g.tree().firstLeaf()), "all leaves at depth h");
        assertEquals(h, g.tree().depth(g.tree().nodeCount() - 1));
        for (int member : new int[] {0, (int) Math.pow(d, h) - 1}) {
            Rekey r = g.leave(Requester.owner(), member);
            long nodeKeys = r.message().entries().stream().filter(e -> e.content() == KeyContent.NODE_KEY).count();
            long teks = r.message().entries().stream().filter(e -> e.content() == KeyContent.TEK).count();
            long auth = r.message().entries().stream().filter(e -> e.content() == KeyContent.GROUP_AUTH_KEY).count();
            assertEquals(nodeKeyWraps, nodeKeys);
            assertEquals(1, teks);
            assertEquals(1, auth, "a departure rotates the group authentication key");
            assertEquals(nodeKeyWraps + 2, r.plan().wraps());
            assertEquals(h, r.plan().refreshed().length);
            // put the tree back to full for the second leaver
            g.join(Requester.owner(), ClientKeys.generate(new SeededRandom(member), false));
        }
    }

    @Test
    void hybridLeaveAddsOnePrivateKeyWrapPerPathNodeAndPublicKeys() throws Exception {
        // d=4, h=2: 7 node-key wraps + 1 TEK + node 1's private key under node 1's key
        // + the root private key under the TEK (claim 3) + the next auth key = 11 wraps; 2 new public keys
        GroupKeyServer g = full(4, 2, GroupPolicy.TreeMode.HYBRID);
        Rekey r = g.leave(Requester.owner(), 0);
        assertEquals(11, r.plan().wraps());
        assertEquals(11, r.message().entries().size());
        assertEquals(2, r.message().publicKeys().size());
        assertEquals(2, g.stats().keyPairsGenerated());
    }

    @Test
    void leaveMessageSizeMatchesTheFormula() throws Exception {
        GroupKeyServer g = full(4, 2, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        RekeyMessage m = g.leave(Requester.owner(), 0).message();
        // body = 43 fixed header bytes (version, type, group id length, epoch, sequence, TEK id, GKMA
        // "LKH" with its length, version and degree, sender) + 10 ("test-group") + 3 counts x 4
        // + 9 entries (7 node keys, TEK, auth key) x (29 fixed + 40 AES-KW bytes) = 53 + 12 + 621 = 686
        assertEquals(686, RekeyMessageCodec.encode(m).length);
        assertEquals(686, RekeyMessageCodec.encodedSize(m));
    }

    @Test
    void batchLeavesOfSiblingsFollowTheMarkingAlgorithm() throws Exception {
        // d=2, 8 members at leaves 7..14. Members 0 and 1 (leaves 7, 8, both children of node 3) leave:
        // node 3 is now empty and is not refreshed; node 1 keeps only child 4 -> 1 wrap; root keeps
        // children 1 and 2 -> 2 wraps; + TEK + auth key = 5 wraps (two single leaves would cost 2 x 7 = 14).
        GroupKeyServer g = full(2, 3, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        Rekey r = g.batch(Requester.owner(), List.of(), new int[] {0, 1});
        assertEquals(5, r.plan().wraps());
        assertArrayEquals(new int[] {1, 0}, r.plan().refreshed());
        assertArrayEquals(new int[] {7, 8}, r.plan().leaverLeaves());
    }

    @Test
    void batchLeavesOnOppositeSides() throws Exception {
        // d=2, 8 members; members 0 and 7 (leaves 7 and 14) leave. Refreshed: 3 (child 8 left) 1 wrap,
        // 6 (child 13) 1, 1 (children 3, 4) 2, 2 (children 5, 6) 2, 0 (children 1, 2) 2 = 8 + TEK + auth key = 10.
        GroupKeyServer g = full(2, 3, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        Rekey r = g.batch(Requester.owner(), List.of(), new int[] {0, 7});
        assertEquals(10, r.plan().wraps());
        assertArrayEquals(new int[] {6, 3, 2, 1, 0}, r.plan().refreshed());
    }

    @Test
    void mixedBatchRefreshesEachMarkedNodeOnce() throws Exception {
        // d=4, 16 members (leaves 5..20). Members 0 (leaf 5) and 5 (leaf 10) leave, two join: the
        // freed leaves are reused (last freed first: 10, then 5). Marked: node 1 (4 children), node 2
        // (4 children), root (4 children): 12 node-key wraps + TEK + auth key = 14, each node refreshed once.
        GroupKeyServer g = full(4, 2, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        SeededRandom rnd = new SeededRandom(9);
        Rekey r = g.batch(Requester.owner(), List.of(ClientKeys.generate(rnd, false), ClientKeys.generate(rnd, false)),
                new int[] {0, 5});
        assertEquals(14, r.plan().wraps());
        assertArrayEquals(new int[] {2, 1, 0}, r.plan().refreshed());
        assertArrayEquals(new int[] {10, 5}, r.plan().joinerLeaves());
        assertEquals(16, g.tree().memberCount());
    }

    @Test
    void joinsIntoAFullTreeSplitTheShallowestLeafAndDeriveThePath() throws Exception {
        // d=4, 16 members, full. Joiner 1: no free leaf -> leaf 5 (node 5 = first leaf) splits, its
        // member moves to 21, the joiner takes 22; leaves 23, 24 become free. Joiners 2 and 3 take 23
        // and 24. Path of each: 5, 1, 0 -> derived by the one-way function (claim 16), no multicast
        // entry; each key download = 3 path keys + TEK + the current auth key = 5 wraps, 15 in all.
        GroupKeyServer g = full(4, 2, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        SeededRandom rnd = new SeededRandom(3);
        Rekey r = g.batch(Requester.owner(), List.of(ClientKeys.generate(rnd, false), ClientKeys.generate(rnd, false),
                ClientKeys.generate(rnd, false)), new int[0]);
        assertArrayEquals(new int[] {5}, r.plan().splits());
        assertArrayEquals(new int[] {22, 23, 24}, r.plan().joinerLeaves());
        assertArrayEquals(new int[] {5, 1, 0}, r.plan().derived());
        assertEquals(0, r.message().entries().size());
        assertEquals(3, r.message().derived().size());
        assertEquals(15, r.plan().wraps());
        assertEquals(3, r.downloads().size());
        assertEquals(21, g.tree().leafOf(0), "the split leaf's member moved to its first child");
        assertEquals(6, g.tree().firstLeaf());
        for (Rekey.Download d : r.downloads()) {
            assertEquals(5, d.message().entries().size());
        }
    }

    @Test
    void tekChangeCosts() throws Exception {
        // revision: one-way, no ciphertext at all; version: one wrap under the root KEK
        GroupKeyServer rev = full(4, 2, GroupPolicy.TreeMode.SYMMETRIC_ONLY);
        Rekey r = rev.changeTek(Requester.owner());
        assertEquals(0, r.message().entries().size());
        assertEquals(1, r.message().tek().revision());
        GroupKeyServer ver = GroupKeyServer.create(P, GroupPolicy.defaults().withTekChange(GroupPolicy.TekChangeMode.VERSION),
                TestGroup.GROUP, new SeededRandom(1), 16, 1);
        Rekey v = ver.changeTek(Requester.owner());
        assertEquals(1, v.message().entries().size());
        KeyEntry e = v.message().entries().get(0);
        assertEquals(KeyContent.TEK, e.content());
        assertEquals(2, v.message().tek().version());
        assertTrue(v.plan().wraps() == 1);
    }
}
