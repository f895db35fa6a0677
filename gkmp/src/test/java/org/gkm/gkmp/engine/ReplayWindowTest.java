package org.gkm.gkmp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounded replay memory: never more than its capacity, and forgetting raises the floor. */
class ReplayWindowTest {
    static byte[] item(int i) {
        return new byte[] {(byte) (i >> 8), (byte) i};
    }

    @Test
    void holdsAtMostItsCapacityAndForgetsTheOldestFirst() {
        ReplayWindow w = new ReplayWindow(3);
        for (int i = 0; i < 1000; i++) {
            w.add(item(i));
            assertTrue(w.size() <= 3);
        }
        assertEquals(3, w.size());
        assertTrue(w.contains(item(999)) && w.contains(item(998)) && w.contains(item(997)));
        assertFalse(w.contains(item(996)));
        assertEquals(ReplayWindow.NO_STAMP, w.floor(), "unstamped items never raise the floor");
    }

    @Test
    void forgettingAStampedItemRaisesTheFloorToItsStamp() {
        ReplayWindow w = new ReplayWindow(3);
        for (int i = 1; i <= 10; i++) {
            w.add(item(i), 100 + i);
        }
        // items 1..7 were forgotten: anything stamped 107 or earlier may be one of them
        assertEquals(107, w.floor());
        assertFalse(w.contains(item(7)));
        assertTrue(w.contains(item(8)));
        // an out-of-order stamp forgotten later cannot lower the floor
        w.add(item(11), 50);
        w.add(item(12), 200);
        w.add(item(13), 201);
        assertEquals(110, w.floor());
    }

    @Test
    void aCopyIsStillACopy() {
        ReplayWindow w = new ReplayWindow(2);
        byte[] a = item(1);
        w.add(a);
        a[0] ^= 1; // the caller's array changing afterwards does not change what was remembered
        assertTrue(w.contains(item(1)));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(0));
    }
}
