package org.gkm.gkmp.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An insertion-ordered set holding at most {@code capacity} elements: adding to a full set forgets
 * the oldest element. Used for the replay, key-share and nonce memories, so that they stay bounded
 * however long a node runs; an element older than the last {@code capacity} insertions is no longer
 * recognised (the checks that do not depend on this memory still apply to it).
 */
final class BoundedSet<T> {
    private final int capacity;
    private final LinkedHashMap<T, Boolean> map;

    BoundedSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > BoundedSet.this.capacity;
            }
        };
    }

    boolean contains(T t) {
        return map.containsKey(t);
    }

    void add(T t) {
        map.put(t, Boolean.TRUE);
    }

    int size() {
        return map.size();
    }
}
