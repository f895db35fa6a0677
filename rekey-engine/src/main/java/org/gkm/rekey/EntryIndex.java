package org.gkm.rekey;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;

/**
 * A verified rekey message with its entries indexed by target node id and its derived list by node
 * id, so a member finds the few entries and derivations on its path in O(log n) instead of
 * scanning, and with the largest node id the message names anywhere (entry targets and encrypting
 * keys, derived nodes, public-key updates), which a member checks against its tree's node-id space
 * in O(1); built once per message in O(n log n) and shareable (read-only) by every member that
 * receives it. Built only from an {@link OpenedRekeyMessage} (which
 * only the opener creates), so {@link MemberKeyState#accept} never sees an unchecked message.
 */
public final class EntryIndex {
    private final OpenedRekeyMessage opened;
    private final RekeyMessage message;
    private final int[] nodes;
    private final int[] positions;
    private final int[] derivedNodes;
    private final int[] derivedPositions;
    private final int maxNodeNamed;

    private EntryIndex(OpenedRekeyMessage opened, RekeyMessage message) {
        this.opened = opened;
        this.message = message;
        int max = 0;
        List<KeyEntry> entries = message.entries();
        int n = entries.size();
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            KeyEntry e = entries.get(i);
            int target = e.target().nodeId();
            max = Math.max(max, Math.max(target, e.encryptingKey().nodeId()));
            packed[i] = ((long) target << 32) | i; // node ids and positions are >= 0: the order is by node id
        }
        nodes = new int[n];
        positions = new int[n];
        unpack(packed, nodes, positions);
        List<KeyRef> derived = message.derived();
        int dn = derived.size();
        long[] packedDerived = new long[dn];
        for (int i = 0; i < dn; i++) {
            int node = derived.get(i).nodeId();
            max = Math.max(max, node);
            packedDerived[i] = ((long) node << 32) | i;
        }
        derivedNodes = new int[dn];
        derivedPositions = new int[dn];
        unpack(packedDerived, derivedNodes, derivedPositions);
        for (PublicKeyUpdate u : message.publicKeys()) {
            max = Math.max(max, u.node().nodeId());
        }
        maxNodeNamed = max;
    }

    /** Sorts (node id, position) pairs packed in longs and splits them into the two arrays. */
    private static void unpack(long[] packed, int[] nodes, int[] positions) {
        Arrays.sort(packed);
        for (int i = 0; i < packed.length; i++) {
            nodes[i] = (int) (packed[i] >>> 32);
            positions[i] = (int) packed[i];
        }
    }

    /** Indexes a message the opener verified. */
    public static EntryIndex of(OpenedRekeyMessage opened) {
        return new EntryIndex(Objects.requireNonNull(opened, "opened"), opened.message());
    }

    /** Indexes a message for the engine's own use (the GCKS's check, a member's rebuild): no origin attached. */
    static EntryIndex index(RekeyMessage message) {
        return new EntryIndex(null, message);
    }

    /** The opened message, or {@code null} for an {@link #index} of the engine's own. */
    OpenedRekeyMessage opened() {
        return opened;
    }

    public RekeyMessage message() {
        return message;
    }

    /** Index of the first entry targeting {@code node} in the sorted order, or -1. */
    int first(int node) {
        return firstOf(nodes, node);
    }

    /** First slot holding {@code node} in the sorted array {@code a}, or -1: O(log n) (binary search for the lower bound). */
    private static int firstOf(int[] a, int node) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < node) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < a.length && a[lo] == node ? lo : -1;
    }

    /** The largest node id the message names (entries, derived list, public-key updates), 0 if none. */
    int maxNodeNamed() {
        return maxNodeNamed;
    }

    /**
     * How many times the derived list names {@code node}: 0, 1, or 2 meaning "more than once"
     * (O(log n)).
     */
    int derivedCount(int node) {
        int i = firstOf(derivedNodes, node);
        if (i < 0) {
            return 0;
        }
        return i + 1 < derivedNodes.length && derivedNodes[i + 1] == node ? 2 : 1;
    }

    /** The derived-list reference naming {@code node} (the first one), or null. */
    KeyRef derived(int node) {
        int i = firstOf(derivedNodes, node);
        return i < 0 ? null : message.derived().get(derivedPositions[i]);
    }

    /** Whether sorted slot {@code i} still targets {@code node}. */
    boolean targets(int i, int node) {
        return i >= 0 && i < nodes.length && nodes[i] == node;
    }

    KeyEntry entry(int i) {
        return message.entries().get(positions[i]);
    }

    boolean hasTarget(int node) {
        return Arrays.binarySearch(nodes, node) >= 0;
    }
}
