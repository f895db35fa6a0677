package org.gkm.simulator.audit;

import java.util.SplittableRandom;
import org.gkm.rekey.EngineRandom;

/**
 * Deterministic {@link EngineRandom} for tests only: the same seed gives the same bytes on every
 * provider. A copy of rekey-engine's test helper of the same name (test classes do not cross modules).
 */
final class SeededRandom implements EngineRandom {
    private final SplittableRandom r;

    SeededRandom(long seed) {
        r = new SplittableRandom(seed);
    }

    @Override
    public void fill(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            buf[off + i] = (byte) r.nextInt(256);
        }
    }
}
