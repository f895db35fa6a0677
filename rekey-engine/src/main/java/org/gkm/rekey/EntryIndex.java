package org.gkm.rekey;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.RekeyMessage;

/**
 * A verified rekey message with its entries indexed by target node id, so a member finds the few
 * entries on its path in O(log entries) instead of scanning; built once per message and shareable
 * (read-only) by every member that receives it. Built only from an {@link OpenedRekeyMessage} (which
 * only the opener creates), so {@link MemberKeyState#accept} never sees an unchecked message.
 */
public final class EntryIndex {
    private final OpenedRekeyMessage opened;
    private final RekeyMessage message;
    private final int[] nodes;
    private final int[] positions;

    private EntryIndex(OpenedRekeyMessage opened, RekeyMessage message) {
        this.opened = opened;
        this.message = message;
        List<KeyEntry> entries = message.entries();
        int n = entries.size();
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) entries.get(i).target().nodeId() << 32) | i;
        }
        Arrays.sort(packed);
        nodes = new int[n];
        positions = new int[n];
        for (int i = 0; i < n; i++) {
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
        int i = Arrays.binarySearch(nodes, node);
        if (i < 0) {
            return -1;
        }
        while (i > 0 && nodes[i - 1] == node) {
            i--;
        }
        return i;
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
