package org.gkm.rekey.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 64-bit sliding window (RFC 4303 sec. 3.4.3) against a set-based reference model. */
class ReplayWindowTest {
    @Test
    void edgesOfTheWindow() throws Exception {
        ReplayWindow w = new ReplayWindow();
        w.check(1);
        w.accept(100);
        w.check(37); // offset 63: the oldest number inside the window
        assertThrows(StalePacketException.class, () -> w.check(36)); // offset 64: just outside
        w.accept(37);
        assertThrows(ReplayedPacketException.class, () -> w.check(37));
        assertThrows(ReplayedPacketException.class, () -> w.check(100));
        w.check(101);
        w.accept(164); // shifts by 64: only 164 remains marked
        assertEquals(1L, w.bitmap());
        assertThrows(StalePacketException.class, () -> w.check(100));
        w.check(101);
        w.accept(1000); // a jump beyond the width clears the bitmap
        assertEquals(1L, w.bitmap());
        assertEquals(1000, w.highest());
        w.check(Long.MAX_VALUE);
        w.accept(Long.MAX_VALUE);
        assertThrows(ReplayedPacketException.class, () -> w.check(Long.MAX_VALUE));
        assertThrows(StalePacketException.class, () -> w.check(1000));
    }

    @Test
    void matchesTheReferenceModelOnRandomArrivals() {
        long seed = Long.getLong("gkm.fuzz.seed", 0x3EB1A7L);
        Random rnd = new Random(seed);
        for (int round = 0; round < 20; round++) {
            ReplayWindow w = new ReplayWindow();
            Set<Long> accepted = new HashSet<>();
            long highest = 0;
            for (int i = 0; i < 5_000; i++) {
                // Mostly near the top (reordering, duplicates), sometimes far behind or far ahead.
                long seq = Math.max(1, highest + rnd.nextInt(80) - 70 + (rnd.nextInt(50) == 0 ? rnd.nextInt(500) : 0));
                String expected = seq > highest ? "ok" : highest - seq >= 64 ? "stale" : accepted.contains(seq) ? "replay" : "ok";
                String actual;
                try {
                    w.check(seq);
                    actual = "ok";
                } catch (StalePacketException e) {
                    actual = "stale";
                } catch (ReplayedPacketException e) {
                    actual = "replay";
                }
                if (!expected.equals(actual)) {
                    fail("seed " + seed + " round " + round + " step " + i + " seq " + seq + ": expected " + expected + ", got " + actual);
                }
                if (actual.equals("ok") && rnd.nextInt(10) != 0) { // sometimes the packet then fails authentication
                    w.accept(seq);
                    accepted.add(seq);
                    highest = Math.max(highest, seq);
                }
                assertEquals(highest, w.highest(), "seed " + seed);
            }
        }
    }
}
