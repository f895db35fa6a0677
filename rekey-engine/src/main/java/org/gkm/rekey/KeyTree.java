package org.gkm.rekey;

import java.util.Arrays;

/**
 * The GCKS's d-ary key tree (seed 000's keying material infrastructure without the TEK) in flat
 * arrays: no object per node, no boxed map (DESIGN.md "Key tree layout").
 *
 * <p><b>Node ids.</b> Heap numbering: the root is 0, the children of node {@code v} are
 * {@code d*v+1 .. d*v+d}, the parent of {@code v > 0} is {@code (v-1)/d}. The tree is always a
 * prefix of the infinite complete d-ary tree: nodes {@code 0 .. cursor-1} are interior, nodes
 * {@code cursor .. d*cursor} are leaves (clients), so there are {@code d*cursor+1} nodes and
 * {@code (d-1)*cursor+1} leaf slots, and leaves sit at two adjacent depths at most. Growing the
 * tree splits the leaf {@code cursor} (the shallowest leaf): it becomes interior, its member moves
 * to its first child {@code d*cursor+1} (keeping its client key and generation), and the children
 * {@code d*cursor+1 .. d*cursor+d} are new leaves. A node id therefore never changes meaning from
 * leaf back to interior except by that split, which members detect (an entry or a derivation
 * targets their leaf id).
 *
 * <p><b>Arrays</b> (capacity {@code cap} nodes): {@code keys} 32 bytes per node (interior: KEK;
 * root: root KEK; leaf: client key), {@code generations} one int per node (bumped whenever the key
 * changes), {@code members} one int per node (the member at a leaf, -1 when empty or interior), a
 * bitset of non-empty subtrees, and in hybrid mode {@code privateKeys} and {@code publicKeys}, 32
 * bytes each per node (X25519; public keys are computed lazily from the private key and cached,
 * tracked by a second bitset), and a cache of AES-KW sub-keys ({@link Labels#nodeKek}) for the top
 * of the tree (see {@link #kekSpan()}). Members are dense int ids with {@code leafOfMember}; free leaf
 * slots and free member ids are int stacks. Growth is by 1/32 so that {@link #memoryBytes()} stays
 * close to the live size.
 *
 * <p>Not thread-safe; owned by one {@link GroupKeyServer}.
 */
public final class KeyTree {
    /** Size of every symmetric key (AES-256) and X25519 key. */
    public static final int KEY = 32;
    static final int NONE = -1;

    private final int d;
    private final boolean hybrid;
    private int cursor;
    private int capacity;
    byte[] keys;
    int[] generations;
    private int[] memberAt;
    private long[] nonEmpty;
    byte[] privateKeys;
    byte[] publicKeys;
    private long[] publicValid;
    /** Cached {@link Labels#nodeKek} of nodes {@code 0 .. kekSpan()-1}, valid where the bit is set. */
    private byte[] keks;
    private long[] kekValid;

    private int[] leafOfMember;
    private int memberIdLimit;
    private int memberCount;
    private int[] freeLeaves;
    private int freeLeafCount;
    private int[] freeIds;
    private int freeIdCount;

    /** First node id of each level: (d^k - 1) / (d - 1), while it fits an int. */
    private final long[] levelStart;

    private KeyTree(int d, boolean hybrid, int cursor, int capacity, int memberIdCapacity) {
        this.d = d;
        long[] ls = new long[40];
        int n = 0;
        for (long start = 0, width = 1; start <= Integer.MAX_VALUE && n < ls.length; start += width, width *= d) {
            ls[n++] = start;
        }
        this.levelStart = Arrays.copyOf(ls, n);
        this.hybrid = hybrid;
        this.cursor = cursor;
        this.capacity = capacity;
        keys = new byte[Math.multiplyExact(capacity, KEY)];
        generations = new int[capacity];
        memberAt = new int[capacity];
        Arrays.fill(memberAt, NONE);
        nonEmpty = new long[(capacity + 63) >>> 6];
        if (hybrid) {
            privateKeys = new byte[Math.multiplyExact(capacity, KEY)];
            publicKeys = new byte[Math.multiplyExact(capacity, KEY)];
            publicValid = new long[(capacity + 63) >>> 6];
        }
        int span = kekSpan();
        keks = new byte[Math.multiplyExact(span, KEY)];
        kekValid = new long[(span + 63) >>> 6];
        leafOfMember = new int[Math.max(1, memberIdCapacity)];
        freeLeaves = new int[0];
        freeIds = new int[0];
    }

    /**
     * A tree for {@code members} members 0..members-1 in leaves {@code cursor ..}, with the
     * smallest cursor that fits them (at least 1, so the root is always interior). All keys (and
     * private keys) are filled from {@code random} in one call each; the caller must set the
     * members' client keys it registered, or take these as the registered ones.
     */
    static KeyTree build(int d, boolean hybrid, int members, EngineRandom random) {
        if (members < 0) {
            throw new IllegalArgumentException("members must be >= 0");
        }
        int cursor = Math.max(1, (members - 1 + d - 2) / (d - 1)); // smallest c with (d-1)c+1 >= members
        int nodes = Math.addExact(Math.multiplyExact(d, cursor), 1);
        KeyTree t = new KeyTree(d, hybrid, cursor, nodes, members);
        random.fill(t.keys, 0, t.keys.length);
        if (hybrid) {
            random.fill(t.privateKeys, 0, t.privateKeys.length);
        }
        for (int m = 0; m < members; m++) {
            int leaf = cursor + m;
            t.memberAt[leaf] = m;
            t.leafOfMember[m] = leaf;
            t.markNonEmptyUp(leaf);
        }
        t.memberIdLimit = members;
        t.memberCount = members;
        int free = nodes - cursor - members;
        t.freeLeaves = new int[Math.max(4, free)];
        for (int leaf = nodes - 1; leaf >= cursor + members; leaf--) {
            t.freeLeaves[t.freeLeafCount++] = leaf; // popped in increasing id order
        }
        return t;
    }

    public int degree() {
        return d;
    }

    public boolean hybrid() {
        return hybrid;
    }

    /** Number of nodes {@code d*cursor+1}; ids are {@code 0 .. nodeCount()-1}. */
    public int nodeCount() {
        return d * cursor + 1;
    }

    /** First leaf id; nodes below it are interior. */
    public int firstLeaf() {
        return cursor;
    }

    public int memberCount() {
        return memberCount;
    }

    /** One past the largest member id ever allocated. */
    public int memberIdLimit() {
        return memberIdLimit;
    }

    public boolean isLeaf(int node) {
        return node >= cursor;
    }

    public int parent(int node) {
        return (node - 1) / d;
    }

    public int firstChild(int node) {
        return d * node + 1;
    }

    /** Depth of {@code node} (root 0): the last level whose first id is &lt;= node (no division). */
    public int depth(int node) {
        int k = 0;
        while (k + 1 < levelStart.length && levelStart[k + 1] <= node) {
            k++;
        }
        return k;
    }

    public int generation(int node) {
        return generations[node];
    }

    /** The member at leaf {@code node}, or -1. */
    public int memberAt(int node) {
        return memberAt[node];
    }

    /** Whether {@code member} is a current member. */
    public boolean contains(int member) {
        return member >= 0 && member < memberIdLimit && leafOfMember[member] != NONE && memberAt[leafOfMember[member]] == member;
    }

    /** The leaf of a current member. */
    public int leafOf(int member) {
        return leafOfMember[member];
    }

    /** Whether some member sits in the subtree of {@code node}. */
    public boolean nonEmpty(int node) {
        return node < nodeCount() && (nonEmpty[node >>> 6] & (1L << node)) != 0;
    }

    /** Exact heap size of the tree's arrays in bytes (array payloads, not headers). */
    public long memoryBytes() {
        long b = (long) keys.length + 4L * generations.length + 4L * memberAt.length + 8L * nonEmpty.length
                + 4L * leafOfMember.length + 4L * freeLeaves.length + 4L * freeIds.length + keks.length
                + 8L * kekValid.length;
        if (hybrid) {
            b += (long) privateKeys.length + publicKeys.length + 8L * publicValid.length;
        }
        return b;
    }

    // ---- package-private mutation, driven by GroupKeyServer ----

    /** Copies node {@code v}'s key into {@code dst} at {@code off}. */
    void copyKey(int v, byte[] dst, int off) {
        System.arraycopy(keys, v * KEY, dst, off, KEY);
    }

    /** Replaces node {@code v}'s key; its cached sub-key, if any, is zeroed and dropped. */
    void setKey(int v, byte[] src, int off) {
        System.arraycopy(src, off, keys, v * KEY, KEY);
        dropKek(v);
    }

    /**
     * Number of nodes whose AES-KW sub-key ({@link Labels#nodeKek}) the tree caches: ids
     * {@code 0 .. kekSpan()-1}, {@code firstLeaf()/d} of them (at least the root), the interior
     * nodes above the deepest interior level. Their sub-keys are the KEKs that rekeys need again and
     * again (a node's sub-key wraps its parent's new key whenever a change below the parent
     * refreshes it); lower nodes are the children of a few refreshed nodes per rekey, and caching
     * them as well would cost 32 bytes per node, about 43 bytes per member at d = 4, over the
     * memory budget. A cached sub-key is zeroed when its node key is replaced.
     */
    int kekSpan() {
        return Math.max(1, cursor / d);
    }

    /** Whether node {@code v}'s sub-key is cached (then {@link #copyKek} reads it). */
    boolean kekCached(int v) {
        return v < kekSpan() && (kekValid[v >>> 6] & (1L << v)) != 0;
    }

    void copyKek(int v, byte[] dst, int off) {
        System.arraycopy(keks, v * KEY, dst, off, KEY);
    }

    /** Caches {@code src[off..+32)} as the sub-key of node {@code v}'s current key; {@code v < kekSpan()}. */
    void setKek(int v, byte[] src, int off) {
        if (v >= kekSpan()) {
            throw new IllegalArgumentException("node " + v + " is outside the sub-key cache");
        }
        System.arraycopy(src, off, keks, v * KEY, KEY);
        kekValid[v >>> 6] |= 1L << v;
    }

    private void dropKek(int v) {
        if (kekCached(v)) {
            kekValid[v >>> 6] &= ~(1L << v);
            Arrays.fill(keks, v * KEY, v * KEY + KEY, (byte) 0);
        }
    }

    /** Grows the sub-key cache to the current {@link #kekSpan()} (by 1/32 steps), zeroing the old array. */
    private void ensureKekCapacity() {
        int span = kekSpan();
        if (span * KEY <= keks.length) {
            return;
        }
        int n = Math.max(span, grow(keks.length / KEY));
        byte[] old = keks;
        keks = Arrays.copyOf(old, Math.multiplyExact(n, KEY));
        Arrays.fill(old, (byte) 0);
        kekValid = Arrays.copyOf(kekValid, (n + 63) >>> 6);
    }

    void copyPrivate(int v, byte[] dst, int off) {
        System.arraycopy(privateKeys, v * KEY, dst, off, KEY);
    }

    void setPrivate(int v, byte[] src, int off) {
        System.arraycopy(src, off, privateKeys, v * KEY, KEY);
        publicValid[v >>> 6] &= ~(1L << v);
    }

    boolean publicCached(int v) {
        return (publicValid[v >>> 6] & (1L << v)) != 0;
    }

    void setPublic(int v, byte[] src, int off) {
        System.arraycopy(src, off, publicKeys, v * KEY, KEY);
        publicValid[v >>> 6] |= 1L << v;
    }

    void bumpGeneration(int v) {
        generations[v]++;
    }

    /** Allocates a member id (reusing freed ids first). */
    int allocateMemberId() {
        if (freeIdCount > 0) {
            return freeIds[--freeIdCount];
        }
        if (memberIdLimit == leafOfMember.length) {
            int n = grow(leafOfMember.length);
            leafOfMember = Arrays.copyOf(leafOfMember, n);
        }
        leafOfMember[memberIdLimit] = NONE;
        return memberIdLimit++;
    }

    /**
     * Places {@code member} in a free leaf, splitting the shallowest leaf when none is free.
     *
     * @return the leaf, and in {@code splitOut[0]} the split node (or -1)
     */
    int place(int member, int[] splitOut) {
        splitOut[0] = NONE;
        int leaf;
        if (freeLeafCount > 0) {
            leaf = freeLeaves[--freeLeafCount];
        } else {
            int c = split();
            splitOut[0] = c;
            leaf = d * c + 2;
        }
        memberAt[leaf] = member;
        leafOfMember[member] = leaf;
        markNonEmptyUp(leaf);
        memberCount++;
        return leaf;
    }

    /** The leaf the next {@link #place} will use (a split's second child when no leaf is free). */
    int peekPlacement() {
        return freeLeafCount > 0 ? freeLeaves[freeLeafCount - 1] : d * cursor + 2;
    }

    /** Splits leaf {@code cursor}: its member (there is one, no leaf is free) moves to its first child. */
    private int split() {
        int c = cursor;
        int first = d * c + 1;
        ensureCapacity(first + d);
        int moved = memberAt[c];
        memberAt[c] = NONE;
        // the moved member keeps its client key and generation under its new node id
        System.arraycopy(keys, c * KEY, keys, first * KEY, KEY);
        dropKek(first);
        generations[first] = generations[c];
        if (hybrid) {
            System.arraycopy(privateKeys, c * KEY, privateKeys, first * KEY, KEY);
            publicValid[first >>> 6] &= ~(1L << first);
            if (publicCached(c)) {
                setPublic(first, publicKeys, c * KEY);
            }
        }
        memberAt[first] = moved;
        if (moved != NONE) {
            leafOfMember[moved] = first;
            nonEmpty[first >>> 6] |= 1L << first;
        }
        cursor = c + 1;
        ensureKekCapacity();
        for (int k = d; k >= 3; k--) {
            pushFreeLeaf(d * c + k);
        }
        return c;
    }

    /**
     * Removes a current member; its leaf becomes free and its client key (and client key pair) is
     * zeroed: the tree keeps no key of a departed member.
     */
    int remove(int member) {
        int leaf = leafOfMember[member];
        memberAt[leaf] = NONE;
        Arrays.fill(keys, leaf * KEY, leaf * KEY + KEY, (byte) 0);
        dropKek(leaf);
        if (hybrid) {
            Arrays.fill(privateKeys, leaf * KEY, leaf * KEY + KEY, (byte) 0);
            Arrays.fill(publicKeys, leaf * KEY, leaf * KEY + KEY, (byte) 0);
            publicValid[leaf >>> 6] &= ~(1L << leaf);
        }
        leafOfMember[member] = NONE;
        memberCount--;
        if (freeIds.length == freeIdCount) {
            freeIds = Arrays.copyOf(freeIds, grow(freeIds.length));
        }
        freeIds[freeIdCount++] = member;
        pushFreeLeaf(leaf);
        // clear non-empty bits upwards while the whole subtree is empty
        int v = leaf;
        nonEmpty[v >>> 6] &= ~(1L << v);
        while (v > 0) {
            int p = (v - 1) / d;
            int first = d * p + 1;
            boolean any = false;
            for (int k = 0; k < d && !any; k++) {
                any = nonEmpty(first + k);
            }
            if (any) {
                break;
            }
            nonEmpty[p >>> 6] &= ~(1L << p);
            v = p;
        }
        return leaf;
    }

    /** The free leaves in stack order (the last is the next {@link #place} takes): what a snapshot keeps. */
    int[] freeLeafStack() {
        return Arrays.copyOf(freeLeaves, freeLeafCount);
    }

    /** Number of free leaves (read without a copy by a placement dry-run). */
    int freeLeafCount() {
        return freeLeafCount;
    }

    /** Free leaf {@code i} of the stack ({@code freeLeafCount()-1} is the next {@link #place} takes). */
    int freeLeafAt(int i) {
        if (i >= freeLeafCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return freeLeaves[i];
    }

    /** Number of free member ids. */
    int freeIdCount() {
        return freeIdCount;
    }

    /** Free member id {@code i} of the stack ({@code freeIdCount()-1} is the next {@link #allocateMemberId}). */
    int freeIdAt(int i) {
        if (i >= freeIdCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return freeIds[i];
    }

    /** The free member ids in stack order (the last is the next {@link #allocateMemberId}). */
    int[] freeIdStack() {
        return Arrays.copyOf(freeIds, freeIdCount);
    }

    /**
     * A tree restored from a snapshot ({@link SnapshotCodec}), which has checked the invariants this
     * relies on: {@code d*cursor+1} nodes, {@code leafMembers[i]} the member at leaf {@code cursor+i}
     * or -1, each member id below {@code memberIdLimit} at most once, {@code freeLeaves} exactly the
     * empty leaves and {@code freeIds} exactly the ids below the limit that are not members, both in
     * stack order. The key arrays are copied (the caller zeroes its own); the public-key and
     * sub-key caches start empty and fill again on use (they are functions of the keys).
     */
    static KeyTree restore(int d, boolean hybrid, int cursor, int[] generations, byte[] keys, byte[] privateKeys,
            int[] leafMembers, int memberIdLimit, int[] freeLeaves, int[] freeIds) {
        int nodes = Math.addExact(Math.multiplyExact(d, cursor), 1);
        KeyTree t = new KeyTree(d, hybrid, cursor, nodes, memberIdLimit);
        System.arraycopy(generations, 0, t.generations, 0, nodes);
        System.arraycopy(keys, 0, t.keys, 0, nodes * KEY);
        if (hybrid) {
            System.arraycopy(privateKeys, 0, t.privateKeys, 0, nodes * KEY);
        }
        Arrays.fill(t.leafOfMember, NONE);
        for (int i = 0; i < leafMembers.length; i++) {
            int m = leafMembers[i];
            if (m != NONE) {
                int leaf = cursor + i;
                t.memberAt[leaf] = m;
                t.leafOfMember[m] = leaf;
                t.markNonEmptyUp(leaf);
                t.memberCount++;
            }
        }
        t.memberIdLimit = memberIdLimit;
        t.freeLeaves = Arrays.copyOf(freeLeaves, Math.max(4, freeLeaves.length));
        t.freeLeafCount = freeLeaves.length;
        t.freeIds = Arrays.copyOf(freeIds, Math.max(4, freeIds.length));
        t.freeIdCount = freeIds.length;
        return t;
    }

    /** Undoes the free-slot bookkeeping of a leaf given to a member in this batch. */
    private void pushFreeLeaf(int leaf) {
        if (freeLeaves.length == freeLeafCount) {
            freeLeaves = Arrays.copyOf(freeLeaves, grow(freeLeaves.length));
        }
        freeLeaves[freeLeafCount++] = leaf;
    }

    private void markNonEmptyUp(int v) {
        while (true) {
            long bit = 1L << v;
            if ((nonEmpty[v >>> 6] & bit) != 0 && memberAt[v] == NONE && v < cursor) {
                return; // interior and already marked: ancestors are too
            }
            nonEmpty[v >>> 6] |= bit;
            if (v == 0) {
                return;
            }
            v = (v - 1) / d;
        }
    }

    private void ensureCapacity(int nodes) {
        if (nodes <= capacity) {
            return;
        }
        int n = Math.max(nodes, grow(capacity));
        byte[] oldKeys = keys;
        keys = Arrays.copyOf(oldKeys, Math.multiplyExact(n, KEY));
        Arrays.fill(oldKeys, (byte) 0); // the copy holds the keys now
        generations = Arrays.copyOf(generations, n);
        int old = memberAt.length;
        memberAt = Arrays.copyOf(memberAt, n);
        Arrays.fill(memberAt, old, n, NONE);
        nonEmpty = Arrays.copyOf(nonEmpty, (n + 63) >>> 6);
        if (hybrid) {
            byte[] oldPrivate = privateKeys;
            privateKeys = Arrays.copyOf(oldPrivate, Math.multiplyExact(n, KEY));
            Arrays.fill(oldPrivate, (byte) 0);
            publicKeys = Arrays.copyOf(publicKeys, Math.multiplyExact(n, KEY));
            publicValid = Arrays.copyOf(publicValid, (n + 63) >>> 6);
        }
        capacity = n;
    }

    private static int grow(int n) {
        return Math.addExact(n, Math.max(64, n >>> 5));
    }

    /** The ids of {@code leaf}'s ancestors, parent first, root last. */
    int[] pathAbove(int leaf) {
        int[] p = new int[depth(leaf)];
        int v = leaf;
        for (int i = 0; i < p.length; i++) {
            v = (v - 1) / d;
            p[i] = v;
        }
        return p;
    }

    @Override
    public String toString() {
        return "KeyTree[d=" + d + ", hybrid=" + hybrid + ", members=" + memberCount + ", nodes=" + nodeCount() + "]";
    }
}
