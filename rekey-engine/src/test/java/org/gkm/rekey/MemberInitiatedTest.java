package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/** Member-initiated join and removal (claims 13, 14) in a hybrid tree: HPKE to copath public keys, GCKS ingests. */
class MemberInitiatedTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    static PublicKey clientPublic(CryptoProvider p, ClientKeys c) throws Exception {
        return p.keys().publicKey(PrivateKey.decode(KeyType.X25519, c.clientPrivateKey().toByteArray(InsecureSecretAccess.get())));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void memberRemovesAndAddsAndEveryoneConverges(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
                .withMemberPrivileges(java.util.EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
        TestGroup g = new TestGroup(p, policy, 13, 5); // d=4, 13 members: cursor 4, leaves 4..16 all taken
        MemberInitiator init = new MemberInitiator(p, g.random);
        // member 2 removes member 9
        RekeyMessage m = init.remove(g.gcks, 2, g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        assertTrue(m.entries().stream().anyMatch(e -> e.encryption() == Encryption.PUBLIC), "copath keys go by HPKE");
        Rekey r = g.gcks.ingestRemove(Requester.member(2), 9, g.sealAs(2, m));
        g.deliverIngested(r);
        g.assertConverged();
        // a message built for one joiner is refused for another registered joiner, nothing changed
        ClientKeys meant = g.newClient();
        ClientKeys other = g.newClient();
        RekeyMessage wrong = init.add(g.gcks, 4, g.members.get(4).heldKeys(InsecureSecretAccess.get()), clientPublic(p, meant));
        String before = AuthorizationTest.fingerprint(g.gcks);
        org.junit.jupiter.api.Assertions.assertThrows(RejectedRekeyException.class,
                () -> g.gcks.ingestAdd(Requester.member(4), other, g.sealAs(4, wrong)));
        org.junit.jupiter.api.Assertions.assertEquals(before, AuthorizationTest.fingerprint(g.gcks));
        // member 4 adds three joiners in turn: member 9's leaf is free again, then leaf 4 splits (no free leaf)
        for (int k = 0; k < 3; k++) {
            ClientKeys c = g.newClient();
            RekeyMessage a = init.add(g.gcks, 4, g.members.get(4).heldKeys(InsecureSecretAccess.get()), clientPublic(p, c));
            Rekey r2 = g.gcks.ingestAdd(Requester.member(4), c, g.sealAs(4, a));
            byte[] s2 = g.deliverIngested(r2);
            g.installJoiners(r2, List.of(c), s2);
            g.assertConverged();
        }
        // and the owner's operations still work on the ingested tree
        g.apply(g.gcks.leave(Requester.owner(), 4), List.of());
        g.assertConverged();
    }
}
