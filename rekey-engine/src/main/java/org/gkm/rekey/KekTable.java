package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;

/**
 * The AES-KW keys of one batch of wrap jobs ({@link WrapJobs}), in one array the batch reads in
 * place: slot {@code i} is bytes {@code [32*i, 32*i+32)}. Node keys are never AES-KW keys
 * themselves ({@link Labels}): a job under a node names the slot of the node key's sub-key
 * {@link Labels#nodeKek}, which is copied from the tree's cache when it is there ({@link
 * KeyTree#kekSpan()}) and otherwise derived by {@link #resolve}, all missing sub-keys of the batch
 * in one pass, before the wrap batch runs. Each tree node gets one slot per batch (looked up in a
 * small hash map), so a node several jobs wrap under is derived once; derived sub-keys of nodes in
 * the tree's cache span are cached for later rekeys.
 *
 * <p>A slot's key must be final when the slot is asked for: a node key is read (staged) then, not
 * at {@link #resolve}. Staged keys and every sub-key are zeroed by {@link #clear()}, which the job
 * list runs after each batch. Not thread-safe.
 */
final class KekTable {
    private static final int K = KeyTree.KEY;

    private KeyTree tree;
    private byte[] keks = new byte[16 * K];
    private int count;
    /** Tree node of each slot, or -1 (sub-key given as bytes or derived from a key outside the tree). */
    private int[] slotNode = new int[16];

    /** Keys whose sub-keys {@link #resolve} derives, staged contiguously, and the slot of each. */
    private byte[] staged = new byte[16 * K];
    private int[] stagedSlot = new int[16];
    private int pending;
    private byte[] derived = new byte[16 * K];

    /** node + 1 -> slot, open addressing (0 = empty); {@code used} lists the filled cells for clearing. */
    private int[] mapNode = new int[64];
    private int[] mapSlot = new int[64];
    private int[] used = new int[32];
    private int usedCount;

    /** Starts an empty table whose {@link #node} slots read {@code tree} (null: no tree slots). */
    void reset(KeyTree tree) {
        clear();
        this.tree = tree;
    }

    int count() {
        return count;
    }

    /** The array of sub-keys, valid after {@link #resolve} (it may be replaced while slots are added). */
    byte[] array() {
        return keks;
    }

    /** The slot of tree node {@code v}'s sub-key: its cached copy, or derived from its current key at resolve. */
    int node(int v) {
        int cell = find(v);
        if (mapNode[cell] != 0) {
            return mapSlot[cell];
        }
        int slot = newSlot(v);
        if (tree.kekCached(v)) {
            tree.copyKek(v, keks, slot * K);
        } else {
            stage(slot);
            tree.copyKey(v, staged, (pending - 1) * K);
        }
        if (usedCount * 2 >= mapNode.length) {
            rehash(); // keeps the load at most 1/2; the cell moved
            cell = find(v);
        }
        mapNode[cell] = v + 1;
        mapSlot[cell] = slot;
        used = usedCount == used.length ? Arrays.copyOf(used, used.length * 2) : used;
        used[usedCount++] = cell;
        return slot;
    }

    /** The slot of the sub-key of the key at {@code key[off..+32)} (not a tree node's), derived at resolve. */
    int derive(byte[] key, int off) {
        int slot = newSlot(KeyTree.NONE);
        stage(slot);
        System.arraycopy(key, off, staged, (pending - 1) * K, K);
        return slot;
    }

    /** A slot holding {@code kek[off..+32)} as given (an AES-KW key that is not a node key's sub-key). */
    int copy(byte[] kek, int off) {
        int slot = newSlot(KeyTree.NONE);
        System.arraycopy(kek, off, keks, slot * K, K);
        return slot;
    }

    /**
     * Derives every staged sub-key into its slot in one pass and caches those of tree nodes in the
     * tree's cache span; counts them in {@code stats}.
     */
    void resolve(CryptoProvider provider, RekeyStats stats) {
        if (pending == 0) {
            return;
        }
        long t0 = System.nanoTime();
        if (derived.length < pending * K) {
            derived = new byte[staged.length];
        }
        Labels.nodeKeks(provider, staged, 0, pending, derived, 0);
        int span = tree == null ? 0 : tree.kekSpan();
        for (int i = 0; i < pending; i++) {
            int slot = stagedSlot[i];
            System.arraycopy(derived, i * K, keks, slot * K, K);
            int v = slotNode[slot];
            if (v != KeyTree.NONE && v < span) {
                tree.setKek(v, derived, i * K);
            }
        }
        Arrays.fill(derived, 0, pending * K, (byte) 0);
        Arrays.fill(staged, 0, pending * K, (byte) 0);
        stats.kekDerivations += pending;
        stats.kekNanos += System.nanoTime() - t0;
        pending = 0;
    }

    /** Zeroes every sub-key and staged key and forgets all slots. */
    void clear() {
        Arrays.fill(keks, 0, count * K, (byte) 0);
        Arrays.fill(staged, 0, pending * K, (byte) 0);
        for (int i = 0; i < usedCount; i++) {
            mapNode[used[i]] = 0;
        }
        usedCount = 0;
        count = 0;
        pending = 0;
    }

    private int newSlot(int node) {
        if (count * K == keks.length) {
            int n = count + Math.max(16, count >>> 1);
            byte[] old = keks;
            keks = Arrays.copyOf(old, n * K);
            Arrays.fill(old, (byte) 0);
            slotNode = Arrays.copyOf(slotNode, n);
        }
        slotNode[count] = node;
        return count++;
    }

    private void stage(int slot) {
        if (pending * K == staged.length) {
            int n = pending + Math.max(16, pending >>> 1);
            byte[] old = staged;
            staged = Arrays.copyOf(old, n * K);
            Arrays.fill(old, (byte) 0);
            stagedSlot = Arrays.copyOf(stagedSlot, n);
        }
        stagedSlot[pending++] = slot;
    }

    /** The cell of {@code v}: where it is, or the empty cell where it would go. */
    private int find(int v) {
        int mask = mapNode.length - 1;
        int cell = (v * 0x9E3779B1) >>> Integer.numberOfLeadingZeros(mask); // Fibonacci hashing: the top bits
        while (mapNode[cell] != 0 && mapNode[cell] != v + 1) {
            cell = (cell + 1) & mask;
        }
        return cell;
    }

    private void rehash() {
        int[] oldNode = mapNode;
        int[] oldSlot = mapSlot;
        int[] oldUsed = used;
        int n = usedCount;
        mapNode = new int[oldNode.length * 2];
        mapSlot = new int[oldNode.length * 2];
        used = new int[Math.max(32, oldUsed.length * 2)];
        usedCount = 0;
        for (int i = 0; i < n; i++) {
            int c = oldUsed[i];
            int cell = find(oldNode[c] - 1);
            mapNode[cell] = oldNode[c];
            mapSlot[cell] = oldSlot[c];
            used[usedCount++] = cell;
        }
    }
}
