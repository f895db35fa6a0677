package org.gkm.rekey;

/**
 * A dry run of joiner placement: the member ids and leaves the tree WILL give the joiners of a
 * batch after its leavers are removed, and the leaves it will split, computed from the tree's
 * free-id and free-leaf stacks without changing them. It follows {@link KeyTree}'s rules exactly:
 * a removal pushes the leaver's id and leaf; a joiner pops the last pushed id (then the tree's
 * stack, then a new id) and the last pushed leaf (then the tree's stack); when no leaf is free the
 * leaf at the cursor is split, its member moving to its first child, the joiner taking the second
 * child and the others pushed. The apply step checks every placement against the tree.
 */
final class PlacementView {
    final int[] ids;
    final int[] leaves;
    /** The split nodes, in split order. */
    final int[] splits;
    /** Per joiner, the leaf its placement split (its own leaf is that node's second child), or -1. */
    final int[] joinerSplits;
    /**
     * Per joiner, the leaf it holds after the whole batch: its placement leaf, or, when a later
     * split of the batch took that leaf, the split's first child (where the member moves).
     */
    final int[] finalLeaves;
    /** Whether a split moved a joiner of this batch (its leaf then changes after placement). */
    final boolean splitMovesJoiner;

    private PlacementView(int degree, int[] ids, int[] leaves, int[] splits, int[] joinerSplits, boolean splitMovesJoiner) {
        this.ids = ids;
        this.leaves = leaves;
        this.splits = splits;
        this.joinerSplits = joinerSplits;
        this.splitMovesJoiner = splitMovesJoiner;
        this.finalLeaves = leaves.clone();
        if (splitMovesJoiner) {
            int[] split = splits.clone();
            java.util.Arrays.sort(split);
            for (int j = 0; j < finalLeaves.length; j++) {
                // a joiner's leaf is split only after the joiner took it (a split takes an occupied leaf)
                while (java.util.Arrays.binarySearch(split, finalLeaves[j]) >= 0) {
                    finalLeaves[j] = degree * finalLeaves[j] + 1;
                }
            }
        }
    }

    static PlacementView of(KeyTree tree, int[] leavers, int[] leaverLeaves, int joiners) {
        int d = tree.degree();
        int[] pushedIds = leavers.clone();
        int idTop = pushedIds.length;
        int treeIdTop = tree.freeIdCount();
        int nextId = tree.memberIdLimit();
        int[] pushedLeaves = new int[leaverLeaves.length + joiners * d];
        System.arraycopy(leaverLeaves, 0, pushedLeaves, 0, leaverLeaves.length);
        int leafTop = leaverLeaves.length;
        int treeLeafTop = tree.freeLeafCount();
        int cursor = tree.firstLeaf();
        int[] ids = new int[joiners];
        int[] leaves = new int[joiners];
        int[] joinerSplits = new int[joiners];
        IntList splits = new IntList();
        boolean movesJoiner = false;
        for (int j = 0; j < joiners; j++) {
            joinerSplits[j] = KeyTree.NONE;
            ids[j] = idTop > 0 ? pushedIds[--idTop] : treeIdTop > 0 ? tree.freeIdAt(--treeIdTop) : nextId++;
            if (leafTop > 0) {
                leaves[j] = pushedLeaves[--leafTop];
            } else if (treeLeafTop > 0) {
                leaves[j] = tree.freeLeafAt(--treeLeafTop);
            } else {
                int c = cursor++;
                for (int k = 0; k < j; k++) {
                    movesJoiner |= leaves[k] == c;
                }
                splits.add(c);
                joinerSplits[j] = c;
                leaves[j] = d * c + 2;
                for (int k = d; k >= 3; k--) {
                    pushedLeaves[leafTop++] = d * c + k;
                }
            }
        }
        return new PlacementView(d, ids, leaves, splits.toArray(), joinerSplits, movesJoiner);
    }
}
