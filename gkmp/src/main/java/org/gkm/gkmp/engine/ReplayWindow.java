package org.gkm.gkmp.engine;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of items already consumed (digests of signed content, key shares, nonces), so a
 * second copy is refused. It holds at most {@code capacity} items; when a new item would exceed that,
 * the oldest one is forgotten. Forgetting must not let a replay through, so each item carries a
 * stamp and the window keeps a floor: the highest stamp it has forgotten. Callers refuse anything
 * stamped at or below {@link #floor()} by their freshness rule, which is what makes a bounded window
 * sound:
 * <ul>
 *   <li>items with a sender time (join requests, deletes) are stamped with it; a forgotten item's
 *   copy is at or below the floor and refused as stale;</li>
 *   <li>items without one (frame digests, key shares) are stamped {@link #NO_STAMP} and rely on a
 *   freshness rule of their own (key ids, token versions, exchange binding, see docs/gkmp.md); the
 *   window only makes the common case cheap and exact.</li>
 * </ul>
 * Items are added only for authenticated input, never for input that failed a check, so no
 * unauthenticated sender can fill the window or raise its floor. Not thread-safe.
 */
final class ReplayWindow {
    /** Stamp of items that have no sender time; never raises the floor. */
    static final long NO_STAMP = Long.MIN_VALUE;

    private final int capacity;
    private final LinkedHashMap<ByteBuffer, Long> items = new LinkedHashMap<>();
    private long floor = NO_STAMP;

    ReplayWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay window capacity must be positive");
        }
        this.capacity = capacity;
    }

    private static ByteBuffer key(byte[] item) {
        return ByteBuffer.wrap(item.clone());
    }

    boolean contains(byte[] item) {
        return items.containsKey(key(item));
    }

    /** Highest stamp forgotten so far ({@link #NO_STAMP} while nothing stamped was forgotten). */
    long floor() {
        return floor;
    }

    /** Remembers {@code item}; forgets the oldest items beyond the capacity and raises the floor to their stamps. */
    void add(byte[] item, long stamp) {
        items.put(key(item), stamp);
        Iterator<Map.Entry<ByteBuffer, Long>> it = items.entrySet().iterator();
        while (items.size() > capacity) {
            Map.Entry<ByteBuffer, Long> oldest = it.next();
            floor = Math.max(floor, oldest.getValue());
            it.remove();
        }
    }

    void add(byte[] item) {
        add(item, NO_STAMP);
    }

    int size() {
        return items.size();
    }

    int capacity() {
        return capacity;
    }
}
