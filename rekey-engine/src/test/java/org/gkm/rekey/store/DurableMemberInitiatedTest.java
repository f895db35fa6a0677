package org.gkm.rekey.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.AuthorizationException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.InitiatorView;
import org.gkm.rekey.MemberInitiator;
import org.gkm.rekey.Privilege;
import org.gkm.rekey.RejectedRekeyException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Member-initiated removals and additions through {@link DurableGroupServer}: a member builds its
 * message on the signed {@link InitiatorView}, the server commits the ingest with the key the
 * caller verified, members follow the committed message, a refused ingest appends nothing, and the
 * group reopened from the store (snapshot + records, ingests among the replayed records) has the
 * same fingerprint and sequence and continues it.
 */
class DurableMemberInitiatedTest {
    private static final GroupPolicy POLICY = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withDegree(2).withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, 100)); // every ingest is a replayed record
            out.add(Arguments.of(p, 3)); // some are in the snapshot, some replayed after it
        }
        return out;
    }

    /** A member's initiator signing key (the caller verified its certificate) and sealer. */
    private record Initiator(int member, PublicKey key, RekeyMessageSealer sealer) {
    }

    private static Initiator initiator(DurableFixture f, int member) throws Exception {
        byte[] sk = new byte[32];
        f.random.fill(sk, 0, 32);
        PrivateKey priv = PrivateKey.decode(KeyType.ED25519, sk);
        return new Initiator(member, f.provider.keys().publicKey(priv),
                new RekeyMessageSealer(f.provider, POLICY.signatureAlgorithm(), priv, MemberInitiator.senderId(member)));
    }

    private static byte[] seal(DurableFixture f, Initiator i, RekeyMessage m) {
        return i.sealer().seal(m, f.server.view().authKey());
    }

    private static RekeyMessage removal(DurableFixture f, Initiator i, int target) throws Exception {
        InitiatorView view = InitiatorView.verify(f.provider, POLICY, DurableFixture.GROUP, f.server.signingKey(),
                f.server.signedRemovalView(target));
        return new MemberInitiator(f.provider, f.random).remove(view, i.member(),
                f.members.get(i.member()).heldKeys(InsecureSecretAccess.get()), target);
    }

    private static CommittedRekey remove(DurableFixture f, Initiator i, int target) throws Exception {
        GroupAuthKey before = f.server.view().authKey();
        CommittedRekey c = f.server.ingestRemove(Requester.member(i.member()), i.key(), target, seal(f, i, removal(f, i, target)));
        f.follow(c, List.of(), before);
        before.destroy();
        f.assertConverged();
        return c;
    }

    private static CommittedRekey add(DurableFixture f, Initiator i) throws Exception {
        InitiatorView view = InitiatorView.verify(f.provider, POLICY, DurableFixture.GROUP, f.server.signingKey(),
                f.server.signedJoinView());
        ClientKeys joiner = f.newClient();
        PublicKey joinerPublic = f.provider.keys().publicKey(PrivateKey.decode(KeyType.X25519,
                joiner.clientPrivateKey().toByteArray(InsecureSecretAccess.get())));
        RekeyMessage m = new MemberInitiator(f.provider, f.random).add(view, i.member(),
                f.members.get(i.member()).heldKeys(InsecureSecretAccess.get()), joinerPublic);
        GroupAuthKey before = f.server.view().authKey();
        CommittedRekey c = f.server.ingestAdd(Requester.member(i.member()), i.key(), joiner, seal(f, i, m));
        f.follow(c, List.of(joiner), before);
        before.destroy();
        f.assertConverged();
        return c;
    }

    @ParameterizedTest(name = "{0} snapshot every {1}")
    @MethodSource("cases")
    void ingestsCommitRefusalsAppendNothingAndTheReopenedGroupContinues(CryptoProvider p, int every) throws Exception {
        GroupStore store = SealedGroupStore.open(new InMemoryGroupStore(), p, DurableFixture.masterKey(3));
        DurableGroupServer d = DurableGroupServer.create(store, p, POLICY, DurableFixture.GROUP, DurableFixture.seeded(21), 8,
                2, SnapshotPolicy.every(every));
        DurableFixture f = new DurableFixture(p, POLICY, d, DurableFixture.seeded(22));
        Initiator a = initiator(f, 0);
        Initiator b = initiator(f, 1);
        long seq = 0;
        assertEquals(++seq, remove(f, a, 7).sequence());
        assertEquals(++seq, add(f, b).sequence()); // takes the freed leaf
        assertTrue(d.view().nextJoinLeaf() >= d.view().nodeCount(), "no free leaf: the next join splits one");
        assertEquals(++seq, add(f, a).sequence());
        assertEquals(++seq, remove(f, b, 6).sequence());
        GroupAuthKey current = d.view().authKey();
        CommittedRekey tek = d.changeTek(Requester.owner());
        assertEquals(++seq, tek.sequence());
        f.follow(tek, List.of(), current);
        current.destroy();
        // refusals: another key than the verified one, a requester who is not a member
        StoreGroupId id = new StoreGroupId(DurableFixture.GROUP.value());
        byte[] fingerprint = d.view().fingerprint();
        long head = store.status(id).orElseThrow().headSequence();
        Initiator impostor = initiator(f, 0);
        byte[] forged = seal(f, impostor, removal(f, a, 5));
        assertThrows(RejectedRekeyException.class, () -> d.ingestRemove(Requester.member(0), a.key(), 5, forged));
        assertThrows(AuthorizationException.class, () -> d.ingestRemove(Requester.member(99), a.key(), 5, forged));
        assertArrayEquals(fingerprint, d.view().fingerprint());
        assertEquals(head, store.status(id).orElseThrow().headSequence(), "a refused ingest appended");
        assertEquals(seq, d.view().sequence());
        // reopened: snapshot + records (the ingests among them) give the same state
        d.close();
        DurableGroupServer again = DurableGroupServer.open(store, p, DurableFixture.GROUP, DurableFixture.seeded(23),
                SnapshotPolicy.every(every));
        assertArrayEquals(fingerprint, again.view().fingerprint(), "snapshot + replayed ingests");
        assertEquals(seq, again.view().sequence());
        f.server = again;
        // members keep following: one more ingest on the reopened server, then owner rekeys
        assertEquals(seq + 1, remove(f, a, 5).sequence());
        SplittableRandom r = new SplittableRandom(every);
        assertEquals(seq + 2, f.randomOp(r).sequence());
        f.assertConverged();
    }
}
