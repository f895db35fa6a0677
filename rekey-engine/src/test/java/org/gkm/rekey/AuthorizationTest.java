package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Claim 15: the owner may do everything; a member only what its privileges allow. Every refusal
 * is a typed exception and leaves the GCKS exactly as it was (tree, TEK, sequence, counters).
 */
class AuthorizationTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    /** The GCKS's whole observable state: symmetric snapshot entries, TEK, ids and counters. */
    static String fingerprint(GroupKeyServer g) {
        List<KeyEntry> sym = new ArrayList<>();
        for (KeyEntry e : g.snapshot().entries()) {
            if (e.encryption() == Encryption.SYMMETRIC) {
                sym.add(e); // AES-KW is deterministic: equal entries <=> equal keys
            }
        }
        StringBuilder gens = new StringBuilder();
        for (int v = 0; v < g.tree().nodeCount(); v++) {
            gens.append(g.tree().generation(v)).append(',');
        }
        return sym + "|" + java.util.HexFormat.of().formatHex(g.tek().toByteArray(InsecureSecretAccess.get())) + "|"
                + g.tekId() + "|" + g.sequence() + "|" + g.tree().memberCount() + "|" + gens + "|" + g.tree().memoryBytes()
                + "|" + g.stats().rekeys();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void refusalsAreTypedAndChangeNothing(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);
        TestGroup g = new TestGroup(p, policy, 12, 21);
        GroupKeyServer s = g.gcks;
        String before = fingerprint(s);
        ClientKeys c = g.newClient();
        // members without privileges
        assertThrows(AuthorizationException.class, () -> s.join(Requester.member(3), c));
        assertThrows(AuthorizationException.class, () -> s.leave(Requester.member(3), 4));
        assertThrows(AuthorizationException.class, () -> s.changeTek(Requester.member(3)));
        assertThrows(AuthorizationException.class, () -> s.batch(Requester.member(3), List.of(c), new int[] {3}));
        // a privilege for one operation is not one for another
        assertThrows(AuthorizationException.class, () -> s.leave(Requester.member(3, Privilege.ADD_MEMBER), 4));
        // not a member at all
        assertThrows(AuthorizationException.class, () -> s.join(Requester.member(999, Privilege.ADD_MEMBER), c));
        // bad requests by the owner
        assertThrows(UnknownMemberException.class, () -> s.leave(Requester.owner(), 999));
        assertThrows(UnknownMemberException.class, () -> s.batch(Requester.owner(), List.of(), new int[] {2, 2}));
        assertThrows(UnknownMemberException.class, () -> s.batch(Requester.owner(), List.of(c), new int[] {1, 77}));
        // member-initiated messages without the privilege, or rekeying one's own departure
        MemberInitiator init = new MemberInitiator(p, g.random);
        RekeyMessage rm = init.remove(s, 3, g.members.get(3).heldKeys(InsecureSecretAccess.get()), 4);
        byte[] rmSealed = g.sealAs(3, rm);
        assertThrows(AuthorizationException.class, () -> s.ingestRemove(Requester.member(3), 4, rmSealed));
        assertThrows(AuthorizationException.class, () -> init.remove(s, 3, g.members.get(3).heldKeys(InsecureSecretAccess.get()), 3));
        assertEquals(before, fingerprint(s));

        // a member holding the privilege may; a tampered member message is refused without effect
        Requester remover = Requester.member(3, Privilege.REMOVE_MEMBER);
        List<KeyEntry> dropped = new ArrayList<>(rm.entries());
        dropped.remove(0);
        RekeyMessage missing = withEntries(rm, dropped);
        assertThrows(RejectedRekeyException.class, () -> s.ingestRemove(remover, 4, g.sealAs(3, missing)));
        List<KeyEntry> swapped = new ArrayList<>(rm.entries());
        KeyEntry e0 = swapped.get(0);
        byte[] ct = e0.ciphertext();
        ct[3] ^= 1;
        swapped.set(0, KeyEntry.symmetric(e0.target(), e0.content(), e0.lifetimeSeconds(), e0.encryptingKey(), ct));
        assertThrows(RejectedRekeyException.class, () -> s.ingestRemove(remover, 4, g.sealAs(3, withEntries(rm, swapped))));
        RekeyMessage stale = new RekeyMessage(rm.group(), rm.epoch(), rm.sequence() + 5, rm.type(), rm.tek(), rm.gkma(),
                rm.senderId(), rm.derived(), rm.entries(), rm.publicKeys());
        assertThrows(RejectedRekeyException.class, () -> s.ingestRemove(remover, 4, g.sealAs(3, stale)));
        assertThrows(RejectedRekeyException.class, () -> s.ingestRemove(remover, 5, rmSealed)); // message is for member 4
        assertEquals(before, fingerprint(s));

        Rekey ok = s.ingestRemove(remover, 4, rmSealed);
        g.deliverIngested(ok);
        g.assertConverged();
        // group policy can grant a privilege to every member
        TestGroup open = new TestGroup(p, policy.withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER)), 6, 3);
        ClientKeys j = open.newClient();
        PublicKey pub = p.keys().publicKey(PrivateKey.decode(KeyType.X25519, j.clientPrivateKey().toByteArray(InsecureSecretAccess.get())));
        RekeyMessage add = new MemberInitiator(p, open.random).add(open.gcks, 1, open.members.get(1).heldKeys(InsecureSecretAccess.get()), pub);
        Rekey added = open.gcks.ingestAdd(Requester.member(1), j, open.sealAs(1, add));
        byte[] sealed = open.deliverIngested(added);
        open.installJoiners(added, List.of(j), sealed);
        open.assertConverged();
    }

    private static RekeyMessage withEntries(RekeyMessage m, List<KeyEntry> entries) {
        return new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(), m.derived(),
                entries, m.publicKeys());
    }
}
