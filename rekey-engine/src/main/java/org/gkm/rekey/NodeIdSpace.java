package org.gkm.rekey;

/**
 * The node ids a d-ary key tree can have: what a member knows of the tree's shape without the
 * GCKS's tree. {@link KeyTree} numbers nodes as a heap (children of {@code v} are
 * {@code d*v+1 .. d*v+d}) and holds {@code d*c+1} nodes, an int, where {@code c} is the first
 * leaf; so no tree of degree {@code d} has a node above {@link #maxNode()} =
 * {@code d * floor((2^31 - 2) / d)} nor one deeper than {@link #maxDepth()} (30 for d = 2, 16 for
 * d = 4, 6 for d = 64), and a leaf {@code v} can be split (its member moved to {@code d*v+1}) only
 * while the grown tree's node count {@code d*(v+1)+1} is still an int.
 *
 * <p>All arithmetic here is in {@code long} against these explicit bounds: a node id read from a
 * message never wraps. Immutable.
 */
final class NodeIdSpace {
    private final int degree;
    private final int maxNode;
    private final int maxDepth;

    NodeIdSpace(int degree) {
        if (degree < GroupPolicy.MIN_DEGREE || degree > GroupPolicy.MAX_DEGREE) {
            throw new IllegalArgumentException("degree " + degree + " outside " + GroupPolicy.MIN_DEGREE + ".."
                    + GroupPolicy.MAX_DEGREE);
        }
        this.degree = degree;
        long maxFirstLeaf = (Integer.MAX_VALUE - 1L) / degree; // d*c + 1 <= 2^31 - 1
        this.maxNode = Math.toIntExact(Math.multiplyExact(degree, maxFirstLeaf));
        this.maxDepth = depthOf(maxNode);
    }

    int degree() {
        return degree;
    }

    /** The largest node id of any tree of this degree. */
    int maxNode() {
        return maxNode;
    }

    /** The depth of {@link #maxNode()}: no node of a tree of this degree is deeper. */
    int maxDepth() {
        return maxDepth;
    }

    /** Whether {@code node} can be a node of a tree of this degree. */
    boolean contains(long node) {
        return node >= 0 && node <= maxNode;
    }

    /**
     * The first child of leaf {@code leaf}, where a split moves its member, or -1 if no tree of this
     * degree can split that leaf (the grown tree's {@code d*(leaf+1)+1} nodes would exceed an int).
     */
    int splitChild(int leaf) {
        if (leaf < 0) {
            return -1;
        }
        long grownNodes = Math.addExact(Math.multiplyExact((long) degree, leaf + 1L), 1L);
        if (grownNodes > Integer.MAX_VALUE) {
            return -1;
        }
        return Math.toIntExact(Math.addExact(Math.multiplyExact((long) degree, leaf), 1L));
    }

    /** Depth of {@code node} (root 0): at most {@link #maxDepth()} steps for a node this space contains. */
    int depthOf(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node id " + node);
        }
        int depth = 0;
        for (int v = node; v > 0; v = (v - 1) / degree) {
            depth++;
        }
        return depth;
    }
}
