package org.gkm.rekey;

/**
 * The structure of one member-initiated join or leave, computed from the public {@link TreeView}
 * alone, identically by the initiator (to build the message) and by the GCKS (to check and ingest
 * it): the leaf concerned, a split if the joiner needs one, the nodes that get fresh keys
 * (bottom-up) and, for each, the children whose keys will encrypt its new key (those holding
 * members after the change), with the generations those child keys will have.
 */
final class SingleChange {
    final boolean join;
    final int leaf;
    final int split;
    final int[] refreshed;
    final int[][] children;
    final int[][] childGens;
    final int[] newGens;

    private SingleChange(boolean join, int leaf, int split, int[] refreshed, int[][] children, int[][] childGens, int[] newGens) {
        this.join = join;
        this.leaf = leaf;
        this.split = split;
        this.refreshed = refreshed;
        this.children = children;
        this.childGens = childGens;
        this.newGens = newGens;
    }

    /** The member at {@code leaf} leaves: ancestors that still hold members get fresh keys. */
    static SingleChange leave(TreeView t, int leaf) {
        int d = t.policy().degree();
        int depth = depth(leaf, d);
        int[] refreshed = new int[depth];
        int[][] children = new int[depth][];
        int[][] childGens = new int[depth][];
        int[] newGens = new int[depth];
        int n = 0;
        int pathChild = leaf;
        boolean pathChildAlive = false;
        boolean pathChildRefreshed = false;
        int pathChildNewGen = 0;
        while (pathChild > 0) {
            int v = (pathChild - 1) / d;
            int first = d * v + 1;
            IntList cs = new IntList();
            IntList gs = new IntList();
            for (int c = first; c < first + d; c++) {
                if (c == pathChild ? pathChildAlive : t.nonEmpty(c)) {
                    cs.add(c);
                    gs.add(c == pathChild && pathChildRefreshed ? pathChildNewGen : t.generation(c));
                }
            }
            boolean alive = cs.size() > 0;
            if (alive) {
                refreshed[n] = v;
                children[n] = cs.toArray();
                childGens[n] = gs.toArray();
                newGens[n] = t.generation(v) + 1;
                pathChildNewGen = newGens[n];
                n++;
            }
            pathChildAlive = alive;
            pathChildRefreshed = alive;
            pathChild = v;
        }
        return new SingleChange(false, leaf, KeyTree.NONE, trim(refreshed, n), trim(children, n), trim(childGens, n),
                trim(newGens, n));
    }

    /** A joiner goes to {@link TreeView#nextJoinLeaf()}: every ancestor gets a fresh key. */
    static SingleChange join(TreeView t) {
        int d = t.policy().degree();
        int leaf = t.nextJoinLeaf();
        boolean split = leaf >= t.nodeCount();
        int splitNode = split ? (leaf - 1) / d : KeyTree.NONE;
        int depth = depth(leaf, d);
        int[] refreshed = new int[depth];
        int[][] children = new int[depth][];
        int[][] childGens = new int[depth][];
        int[] newGens = new int[depth];
        int pathChild = leaf;
        int pathChildGen = split ? 1 : t.generation(leaf) + 1;
        for (int i = 0; i < depth; i++) {
            int v = (pathChild - 1) / d;
            int first = d * v + 1;
            IntList cs = new IntList();
            IntList gs = new IntList();
            if (v == splitNode) {
                cs.add(first); // the split leaf's member, moved down with its client key and generation
                gs.add(t.generation(v));
                cs.add(leaf);
                gs.add(pathChildGen);
            } else {
                for (int c = first; c < first + d; c++) {
                    if (c == pathChild || t.nonEmpty(c)) {
                        cs.add(c);
                        gs.add(c == pathChild ? pathChildGen : t.generation(c));
                    }
                }
            }
            refreshed[i] = v;
            children[i] = cs.toArray();
            childGens[i] = gs.toArray();
            newGens[i] = t.generation(v) + 1;
            pathChildGen = newGens[i];
            pathChild = v;
        }
        return new SingleChange(true, leaf, splitNode, refreshed, children, childGens, newGens);
    }

    /** Index of {@code node} in {@link #refreshed}, or -1. */
    int indexOf(int node) {
        for (int i = 0; i < refreshed.length; i++) {
            if (refreshed[i] == node) {
                return i;
            }
        }
        return -1;
    }

    private static int depth(int node, int d) {
        int depth = 0;
        while (node > 0) {
            node = (node - 1) / d;
            depth++;
        }
        return depth;
    }

    private static int[] trim(int[] a, int n) {
        return java.util.Arrays.copyOf(a, n);
    }

    private static int[][] trim(int[][] a, int n) {
        return java.util.Arrays.copyOf(a, n);
    }
}
