package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.MessageSignatureException;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.message.UnknownSignerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * MemberKeyState rejects tampered, truncated, extended, replayed, reordered, foreign-signed,
 * foreign-group and undecryptable messages with a typed exception, and its state is exactly as
 * before (DESIGN.md "Data flow": anything wrong: typed error, state untouched). The envelope's own
 * byte-level tests are in {@code RekeyMessageEnvelopeTest} and {@code RekeyMessageFuzzTest}; here
 * the point is the member's state.
 */
class MemberStateRejectionTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    /** Everything the member holds, as text, to compare before and after. */
    static String fingerprint(MemberKeyState s) {
        MemberKeyState.HeldKeys h = s.heldKeys(InsecureSecretAccess.get());
        HexFormat x = HexFormat.of();
        return Arrays.toString(h.nodes()) + Arrays.toString(h.generations()) + x.formatHex(h.keys())
                + (h.privateKeys() == null ? "" : x.formatHex(h.privateKeys()))
                + (h.rootPrivateKey() == null ? "" : x.formatHex(h.rootPrivateKey())) + x.formatHex(h.tek()) + h.tekId()
                + "/" + s.sequence();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyRejectedInputLeavesTheStateUnchanged(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID), 20, 11);
        MemberKeyState victim = g.members.get(7);
        Rekey r1 = g.gcks.leave(Requester.owner(), 3);
        RekeyMessage m1 = r1.message();
        GroupAuthKey auth1 = r1.authKey(); // the key the members hold; the leave carries the next one
        byte[] s1 = g.seal(r1);
        RekeyMessage m2 = g.gcks.changeTek(Requester.owner()).message();
        byte[] s2 = g.seal(m2);
        RekeyMessage m3 = g.gcks.changeTek(Requester.owner()).message();
        byte[] s3 = g.seal(m3);

        String before = fingerprint(victim);
        // every byte flipped in turn: MAC, signature or decoding fails; a flipped auth key generation
        // (bytes 1..4, here 0) names a newer key: out of sync, nothing changed
        for (int i = 0; i < s1.length; i++) {
            byte[] t = s1.clone();
            t[i] ^= 0x01;
            Class<? extends Exception> expected = i >= 1 && i <= 4 ? OutOfSyncException.class : RekeyMessageException.class;
            assertThrows(expected, () -> victim.process(t), "flip at " + i);
        }
        assertEquals(before, fingerprint(victim));
        // truncations and extensions
        for (int len : new int[] {0, 1, 10, s1.length / 2, s1.length - 1}) {
            byte[] t = Arrays.copyOf(s1, len);
            assertThrows(RekeyMessageException.class, () -> victim.process(t));
        }
        byte[] longer = Arrays.copyOf(s1, s1.length + 1);
        assertThrows(RekeyMessageException.class, () -> victim.process(longer));
        assertEquals(before, fingerprint(victim));
        // reordered: message 2 first is under the auth key message 1 delivers: out of sync from message 1 on
        OutOfSyncException missed = assertThrows(OutOfSyncException.class, () -> victim.process(s2));
        assertEquals(m1.sequence(), missed.firstMissing());
        assertEquals(-1, missed.lastMissing());
        assertEquals(before, fingerprint(victim));
        // foreign signer: an id nobody trusts, and a trusted id with the wrong key
        byte[] sk = new byte[32];
        g.random.fill(sk, 0, 32);
        PrivateKey other = PrivateKey.decode(KeyType.ED25519, sk);
        byte[] unknown = new RekeyMessageSealer(p, g.policy.signatureAlgorithm(), other, 99).seal(m1, auth1);
        assertThrows(UnknownSignerException.class, () -> victim.process(unknown));
        byte[] forged = new RekeyMessageSealer(p, g.policy.signatureAlgorithm(), other, 0).seal(m1, auth1);
        assertThrows(MessageSignatureException.class, () -> victim.process(forged));
        assertEquals(before, fingerprint(victim));
        // a certified initiator's key (signer id 6 = member 5): members trust the GCKS's key only
        byte[] impersonation = g.memberSealer(5).seal(m1, auth1);
        assertThrows(UnknownSignerException.class, () -> victim.process(impersonation));
        assertEquals(before, fingerprint(victim));
        // validly sealed, but for another group
        RekeyMessage foreign = new RekeyMessage(GroupId.of("other"), m1.epoch(), m1.sequence(), m1.type(), m1.tek(), m1.gkma(),
                m1.senderId(), m1.derived(), m1.entries(), m1.publicKeys());
        assertThrows(KeyUnavailableException.class, () -> victim.process(g.sealer.seal(foreign, auth1)));
        // validly sealed by the GCKS, but every ciphertext corrupted: the member cannot open its entries
        List<KeyEntry> bad = new ArrayList<>();
        for (KeyEntry e : m1.entries()) {
            byte[] ct = e.ciphertext();
            ct[ct.length - 1] ^= 0x55;
            bad.add(KeyEntry.symmetric(e.target(), e.content(), e.lifetimeSeconds(), e.encryptingKey(), ct));
        }
        assertThrows(KeyUnavailableException.class, () -> victim.process(g.sealer.seal(withEntries(m1, bad), auth1)));
        // validly sealed, entries missing: the path node and TEK are not obtainable
        assertThrows(KeyUnavailableException.class, () -> victim.process(g.sealer.seal(withEntries(m1, List.of()), auth1)));
        assertEquals(before, fingerprint(victim));

        // the real messages still apply, in order; a replay is a duplicate (also once its auth key is retired)
        assertEquals(MemberKeyState.Outcome.APPLIED, victim.process(s1));
        String after1 = fingerprint(victim);
        assertEquals(MemberKeyState.Outcome.DUPLICATE, victim.process(s1));
        assertEquals(after1, fingerprint(victim));
        // a sequence gap under one auth key: message 3 first is a gap of exactly message 2
        OutOfSyncException gap = assertThrows(OutOfSyncException.class, () -> victim.process(s3));
        assertEquals(m2.sequence(), gap.firstMissing());
        assertEquals(m2.sequence(), gap.lastMissing());
        assertEquals(after1, fingerprint(victim));
        assertEquals(MemberKeyState.Outcome.APPLIED, victim.process(s2));
        assertEquals(MemberKeyState.Outcome.APPLIED, victim.process(s3));
        String after3 = fingerprint(victim);
        assertEquals(MemberKeyState.Outcome.DUPLICATE, victim.process(s1));
        assertEquals(MemberKeyState.Outcome.DUPLICATE, victim.process(s2));
        assertEquals(after3, fingerprint(victim));
        assertEquals(g.gcks.tekId(), victim.tekId());
    }

    private static RekeyMessage withEntries(RekeyMessage m, List<KeyEntry> entries) {
        return new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(), m.derived(),
                entries, m.publicKeys());
    }
}
