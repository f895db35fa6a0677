package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.gkmp.engine.KeySchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/** Cooperative key creation (sec. 6.1.2, 6.1.3): both sides derive the same keys, and each key depends on both contributions and the transcript. */
class KeyScheduleTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void bothSidesAgreeAndNeitherAloneChoosesTheKey(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        KeySchedule ks = new KeySchedule(p);
        KeyPair ga = ks.share(), gb = ks.share(), ma = ks.share(), mb = ks.share(), other = ks.share();
        byte[] th = ks.hash("cgk1".getBytes(), "cgk2".getBytes());
        KeyId a = new KeyId(1), b = new KeyId(2);
        KeySchedule.GroupKeys gc = ks.groupKeys(ks.dh(ga.privateKey(), ma.publicKey().encoded(), Check.KEY_SHARE_INVALID),
                ks.dh(gb.privateKey(), mb.publicKey().encoded(), Check.KEY_SHARE_INVALID), th, World.G1, a, b);
        KeySchedule.GroupKeys member = ks.groupKeys(ks.dh(ma.privateKey(), ga.publicKey().encoded(), Check.KEY_SHARE_INVALID),
                ks.dh(mb.privateKey(), gb.publicKey().encoded(), Check.KEY_SHARE_INVALID), th, World.G1, a, b);
        assertEquals(ks.fingerprint(gc.gtek()), ks.fingerprint(member.gtek()));
        assertEquals(ks.fingerprint(gc.gkek()), ks.fingerprint(member.gkek()));
        assertEquals(ks.fingerprint(gc.negotiation()), ks.fingerprint(member.negotiation()));
        assertNotEquals(ks.fingerprint(gc.gtek()), ks.fingerprint(gc.gkek()));
        assertNotEquals(ks.fingerprint(gc.gtek()), ks.fingerprint(gc.negotiation()));
        // The member changing only its own GTEK share changes the GTEK: the GC alone does not choose it.
        KeySchedule.GroupKeys otherMember = ks.groupKeys(ks.dh(ga.privateKey(), other.publicKey().encoded(), Check.KEY_SHARE_INVALID),
                ks.dh(gb.privateKey(), mb.publicKey().encoded(), Check.KEY_SHARE_INVALID), th, World.G1, a, b);
        assertNotEquals(ks.fingerprint(gc.gtek()), ks.fingerprint(otherMember.gtek()));
        // A different transcript (other signed messages) gives other keys from the same shares.
        KeySchedule.GroupKeys otherTranscript = ks.groupKeys(ks.dh(ga.privateKey(), ma.publicKey().encoded(), Check.KEY_SHARE_INVALID),
                ks.dh(gb.privateKey(), mb.publicKey().encoded(), Check.KEY_SHARE_INVALID), ks.hash("x".getBytes()), World.G1, a, b);
        assertNotEquals(ks.fingerprint(gc.gtek()), ks.fingerprint(otherTranscript.gtek()));
        // A low-order share (all zero) is refused with the named check.
        assertEquals(Check.KEY_SHARE_INVALID, assertThrows(VerificationException.class,
                () -> ks.dh(ga.privateKey(), new byte[32], Check.KEY_SHARE_INVALID)).check());
    }
}
