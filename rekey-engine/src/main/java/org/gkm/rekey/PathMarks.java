package org.gkm.rekey;

import java.util.Arrays;

/**
 * Batch LKH path marking for one tree: the union of the paths from a set of leaves to the root,
 * each node once, in a bitset over node ids (no set object, no boxing), and the marked nodes in
 * decreasing id order (bottom-up). The bitset is reused between rekeys and left clear after
 * {@link #takeDescending}. Not thread-safe; owned by one {@link GroupKeyServer}.
 */
final class PathMarks {
    private final KeyTree tree;
    private long[] mark = new long[0];

    PathMarks(KeyTree tree) {
        this.tree = tree;
    }

    /** Sizes the bitset for the tree as it is now (plus one level of growth by splits). */
    void ensure() {
        int words = (tree.nodeCount() + tree.degree() * 64 + 63) >>> 6;
        if (mark.length < words) {
            mark = new long[words + (words >>> 3) + 16];
        }
    }

    boolean marked(int v) {
        return v < mark.length * 64 && (mark[v >>> 6] & (1L << v)) != 0;
    }

    void set(int v) {
        if (v >= mark.length * 64) {
            mark = Arrays.copyOf(mark, (v >>> 6) + 16 + (mark.length >>> 3));
        }
        mark[v >>> 6] |= 1L << v;
    }

    /** Marks the ancestors of each leaf (not the leaves), stopping at the first already marked; adds new marks to {@code out}. */
    void markPaths(int[] leaves, IntList out) {
        for (int leaf : leaves) {
            for (int v = leaf; v > 0; ) {
                v = tree.parent(v);
                if (marked(v)) {
                    break;
                }
                set(v);
                out.add(v);
            }
        }
    }

    /**
     * The nodes of {@code marked} (all marked in the bitset) in decreasing id order, with their
     * marks cleared, by a sort: for marks that may lie beyond the tree's current nodes (a planned
     * batch marks the ancestors of leaves its splits will make).
     */
    int[] takeSortedDescending(IntList marked) {
        int[] s = marked.sortedDescending();
        for (int v : s) {
            mark[v >>> 6] &= ~(1L << v);
        }
        return s;
    }

    /**
     * The nodes of {@code marked} (all marked in the bitset) in decreasing id order, bottom-up,
     * with their marks cleared; with {@code liveOnly} only those that still hold members. A small
     * set is sorted; a large one (a batch marks ~3.5 nodes per leaver) is read off the bitset
     * from the top word down, which is linear and needs no sort.
     */
    int[] takeDescending(IntList marked, boolean liveOnly) {
        int m = marked.size();
        int words = (tree.nodeCount() + 63) >>> 6;
        int[] out;
        int k = 0;
        if (m < 256 || m < words >>> 5) {
            int[] s = marked.sortedDescending();
            for (int v : s) {
                mark[v >>> 6] &= ~(1L << v);
            }
            if (!liveOnly) {
                return s;
            }
            out = s;
            for (int v : s) {
                if (tree.nonEmpty(v)) {
                    out[k++] = v;
                }
            }
        } else {
            out = new int[m];
            int found = 0;
            for (int w = Math.min(words, mark.length) - 1; w >= 0; w--) {
                long bits = mark[w];
                if (bits == 0) {
                    continue;
                }
                mark[w] = 0;
                found += Long.bitCount(bits);
                while (bits != 0) {
                    int hi = 63 - Long.numberOfLeadingZeros(bits);
                    bits &= ~(1L << hi);
                    int v = (w << 6) + hi;
                    if (!liveOnly || tree.nonEmpty(v)) {
                        out[k++] = v;
                    }
                }
            }
            if (found != m) {
                throw new IllegalStateException("mark bitset and marked list disagree: " + found + " vs " + m);
            }
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }
}
