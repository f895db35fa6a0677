package org.gkm.crypto.java;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.testing.KeyWrapBatchRace;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java provider uses a {@link KeyWrapBatch}'s arrays in place too, so another thread can
 * change them during a call: it must read each job's layout once, check what it read and use only
 * that. {@link KeyWrapBatchRace} races a writer thread against its wrap and unwrap batches: each
 * call is refused with a typed error and nothing written, or has every job done with one instant's
 * values (references from the provider's single-job wrap, which reads no batch arrays).
 */
class KeyWrapBatchRaceTest {
    @Test
    void concurrentChangesToTheJobArraysNeverEscapeTheValidatedValues() throws Exception {
        CryptoProvider p = CryptoProvider.of(new PureJavaProvider());
        KeyWrapBatchRace race = new KeyWrapBatchRace(p);
        for (boolean unwrap : new boolean[] {false, true}) {
            System.out.println(race.race(p, "java", unwrap));
        }
    }
}
