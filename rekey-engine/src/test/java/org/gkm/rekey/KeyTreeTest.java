package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Placement, node ids, empty-subtree bookkeeping and the memory budget of the flat-array tree. */
class KeyTreeTest {
    /** Key values do not matter for structure and memory; a constant fill keeps 10^6-member trees fast. */
    private static final EngineRandom CONSTANT = (buf, off, len) -> Arrays.fill(buf, off, off + len, (byte) 0x5A);

    @Test
    void placementFillsFreeLeavesThenSplitsTheShallowestLeaf() {
        // d=3, 5 members: cursor 2, nodes 0..6, leaves 2..6 all taken
        KeyTree t = KeyTree.build(3, false, 5, CONSTANT);
        assertEquals(2, t.firstLeaf());
        assertEquals(7, t.nodeCount());
        assertEquals(2, t.leafOf(0));
        assertEquals(6, t.leafOf(4));
        int[] split = new int[1];
        int id = t.allocateMemberId();
        assertEquals(5, id);
        // no free leaf: leaf 2 splits, member 0 moves to 3*2+1 = 7, the joiner gets 8, leaf 9 is free
        assertEquals(8, t.place(id, split));
        assertEquals(2, split[0]);
        assertEquals(7, t.leafOf(0));
        assertEquals(3, t.firstLeaf());
        assertEquals(10, t.nodeCount());
        assertFalse(t.nonEmpty(9));
        // the next joiner takes the free leaf 9 without a split
        assertEquals(9, t.place(t.allocateMemberId(), split));
        assertEquals(KeyTree.NONE, split[0]);
        // removing members 0, 5 and the one at 9 empties node 2's subtree and frees their ids and leaves
        t.remove(0);
        t.remove(5);
        t.remove(6);
        assertFalse(t.nonEmpty(2));
        assertTrue(t.nonEmpty(0));
        assertEquals(4, t.memberCount());
        assertFalse(t.contains(0));
        assertEquals(6, t.allocateMemberId(), "freed ids are reused, last freed first");
    }

    @Test
    void nodeIdsAreHeapNumbered() {
        KeyTree t = KeyTree.build(4, false, 100, CONSTANT);
        for (int v = 1; v < t.nodeCount(); v++) {
            int p = t.parent(v);
            assertTrue(v >= t.firstChild(p) && v < t.firstChild(p) + 4);
        }
        assertEquals(t.nodeCount(), 4 * t.firstLeaf() + 1);
        int[] path = t.pathAbove(t.leafOf(99));
        assertEquals(0, path[path.length - 1]);
        assertEquals(t.depth(t.leafOf(99)), path.length);
    }

    @Test
    void memoryPerMemberAtAMillionMembersMeetsTheBudget() {
        // memory budget: <= 64 bytes per member symmetric-only, <= 160 hybrid, at 10^6 members and d = 4;
        // measured exactly (sum of the arrays), also after growth by 10^4 joins into a full tree
        for (boolean hybrid : new boolean[] {false, true}) {
            KeyTree t = KeyTree.build(4, hybrid, 1_000_000, CONSTANT);
            double perMember = (double) t.memoryBytes() / t.memberCount();
            int[] split = new int[1];
            for (int i = 0; i < 10_000; i++) {
                t.place(t.allocateMemberId(), split);
            }
            double afterGrowth = (double) t.memoryBytes() / t.memberCount();
            System.out.printf("tree bytes per member, d=4, %s: %.1f at 10^6, %.1f after 10^4 joins%n",
                    hybrid ? "hybrid" : "symmetric", perMember, afterGrowth);
            double budget = hybrid ? 160 : 64;
            assertTrue(perMember <= budget, perMember + " > " + budget);
            assertTrue(afterGrowth <= budget, afterGrowth + " > " + budget);
        }
    }

    @Test
    void removeZeroesTheDepartedMembersClientKeys() {
        // hybrid, d=4, 5 members: member 2's leaf holds its client key and client private key
        KeyTree t = KeyTree.build(4, true, 5, CONSTANT);
        int leaf = t.leafOf(2);
        byte[] pub = new byte[KeyTree.KEY];
        Arrays.fill(pub, (byte) 7);
        t.setPublic(leaf, pub, 0);
        assertEquals(leaf, t.remove(2));
        byte[] zero = new byte[KeyTree.KEY];
        byte[] key = new byte[KeyTree.KEY];
        t.copyKey(leaf, key, 0);
        assertTrue(Arrays.equals(zero, key), "the departed member's client key is still in the tree");
        t.copyPrivate(leaf, key, 0);
        assertTrue(Arrays.equals(zero, key), "the departed member's client private key is still in the tree");
        assertFalse(t.publicCached(leaf), "the vacated leaf still caches the departed member's public key");
        // the other members' client keys are untouched
        t.copyKey(t.leafOf(1), key, 0);
        assertFalse(Arrays.equals(zero, key));
    }
}
