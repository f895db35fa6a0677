package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.wire.WireWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link InitiatorView}: a networked member removes and adds members from the GCKS-signed view
 * alone (its own held keys plus the verified view), the GCKS ingests with the key the caller
 * verified, and every other member follows the re-issue; the signed encoding refuses every hostile
 * variant with an {@link InvalidViewException} and nothing else; lookups outside the view are
 * typed.
 */
class InitiatorViewTest {
    private static final GroupPolicy BASE = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            for (int d : new int[] {2, 4}) {
                for (int n : new int[] {5, 8, 13}) {
                    out.add(Arguments.of(p, d, n));
                }
            }
        }
        return out;
    }

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    /** A member's initiator signing key pair, from the group's seeded randomness. */
    private record Initiator(int member, PublicKey key, RekeyMessageSealer sealer) {
        static Initiator of(TestGroup g, int member) throws Exception {
            byte[] sk = new byte[32];
            g.random.fill(sk, 0, 32);
            PrivateKey priv = PrivateKey.decode(g.policy.signatureAlgorithm().keyType(), sk);
            return new Initiator(member, g.provider.keys().publicKey(priv),
                    new RekeyMessageSealer(g.provider, g.policy.signatureAlgorithm(), priv, MemberInitiator.senderId(member)));
        }

        byte[] seal(TestGroup g, RekeyMessage m) {
            return sealer.seal(m, g.gcks.authKey());
        }
    }

    private static InitiatorView verified(TestGroup g, byte[] signed) throws Exception {
        return InitiatorView.verify(g.provider, g.policy, TestGroup.GROUP, g.gcksKey, signed);
    }

    private static byte[] signedRemoval(TestGroup g, int target) throws Exception {
        return g.gcks.initiatorView(target).sign(g.provider, g.policy.signatureAlgorithm(), g.signing);
    }

    private static byte[] signedJoin(TestGroup g) {
        return g.gcks.initiatorJoinView().sign(g.provider, g.policy.signatureAlgorithm(), g.signing);
    }

    /** Member {@code init} removes {@code target} on the verified view; the others follow, the removed one cannot. */
    private static void removeViaView(TestGroup g, Initiator init, int target) throws Exception {
        InitiatorView view = verified(g, signedRemoval(g, target));
        assertViewMatchesServer(g, view);
        RekeyMessage m = new MemberInitiator(g.provider, g.random).remove(view, init.member(),
                g.members.get(init.member()).heldKeys(InsecureSecretAccess.get()), target);
        MemberKeyState removed = g.members.get(target);
        Rekey r = g.gcks.ingestRemove(Requester.member(init.member()), init.key(), target, init.seal(g, m));
        byte[] sealed = g.deliverIngested(r);
        g.assertConverged();
        assertFalse(g.members.containsKey(target));
        assertThrows(RekeyEngineException.class, () -> removed.process(sealed), "the removed member follows the removal");
        assertFalse(Arrays.equals(g.gcks.tek().toByteArray(InsecureSecretAccess.get()),
                removed.tek().toByteArray(InsecureSecretAccess.get())), "the removed member holds the new TEK");
    }

    /** Member {@code init} adds a fresh joiner on the verified join view; everyone, the joiner included, converges. */
    private static boolean addViaView(TestGroup g, Initiator init) throws Exception {
        InitiatorView view = verified(g, signedJoin(g));
        assertViewMatchesServer(g, view);
        boolean splits = view.nextJoinLeaf() >= view.nodeCount();
        ClientKeys c = g.newClient();
        RekeyMessage m = new MemberInitiator(g.provider, g.random).add(view, init.member(),
                g.members.get(init.member()).heldKeys(InsecureSecretAccess.get()), MemberInitiatedTest.clientPublic(g.provider, c));
        Rekey r = g.gcks.ingestAdd(Requester.member(init.member()), init.key(), c, init.seal(g, m));
        byte[] sealed = g.deliverIngested(r);
        g.installJoiners(r, List.of(c), sealed);
        g.assertConverged();
        return splits;
    }

    /** Every node the view holds reads as in the server; the header fields too. */
    private static void assertViewMatchesServer(TestGroup g, InitiatorView v) {
        GroupKeyServer s = g.gcks;
        assertEquals(s.group(), v.group());
        assertEquals(s.epoch(), v.epoch());
        assertEquals(s.sequence(), v.sequence());
        assertEquals(s.tekId(), v.tekId());
        assertEquals(s.gkma(), v.gkma());
        assertEquals(s.nodeCount(), v.nodeCount());
        assertEquals(s.firstLeaf(), v.firstLeaf());
        assertEquals(s.nextJoinLeaf(), v.nextJoinLeaf());
        assertEquals(g.policy, v.policy());
        int held = 0;
        for (int node = 0; node < s.nodeCount(); node++) {
            if (v.holds(node)) {
                held++;
                assertEquals(s.generation(node), v.generation(node), "generation of " + node);
                assertEquals(s.nonEmpty(node), v.nonEmpty(node), "non-empty " + node);
                if (s.nonEmpty(node)) {
                    assertEquals(s.publicKey(node), v.publicKey(node), "public key of " + node);
                }
            } else {
                int n = node;
                assertThrows(InitiatorView.NodeOutsideViewException.class, () -> v.generation(n));
            }
        }
        assertTrue(held >= 1 && held <= InitiatorView.maxEntries(g.policy.degree()), held + " nodes");
    }

    @ParameterizedTest(name = "{0} d={1} n={2}")
    @MethodSource("cases")
    void membersRemoveAndAddFromTheVerifiedViewAndEveryoneConverges(CryptoProvider p, int d, int n) throws Exception {
        GroupPolicy policy = BASE.withDegree(d);
        TestGroup g = new TestGroup(p, policy, n, 31L * d + n);
        KeyTree tree = g.gcks.tree();
        int firstOccupied = g.gcks.firstLeaf();
        while (tree.memberAt(firstOccupied) < 0) {
            firstOccupied++;
        }
        int lastOccupied = g.gcks.nodeCount() - 1;
        while (tree.memberAt(lastOccupied) < 0) {
            lastOccupied--;
        }
        int parent = (lastOccupied - 1) / d;
        assertTrue((firstOccupied - 1) / d != parent, "initiator and targets under one parent");
        Initiator init = Initiator.of(g, tree.memberAt(firstOccupied));
        // every member under the last occupied leaf's parent: the last of them leaves with every sibling subtree empty
        List<Integer> targets = new ArrayList<>();
        for (int c = d * parent + d; c >= d * parent + 1; c--) {
            if (tree.memberAt(c) >= 0) {
                targets.add(tree.memberAt(c));
            }
        }
        for (int i = 0; i < targets.size(); i++) {
            int target = targets.get(i);
            if (i == targets.size() - 1) {
                int leaf = g.gcks.leafOf(target);
                for (int c = d * parent + 1; c <= d * parent + d; c++) {
                    assertTrue(c == leaf || !g.gcks.nonEmpty(c), "sibling subtree " + c + " is empty");
                }
            }
            removeViaView(g, init, target);
        }
        // joins refill the freed leaves, then split the first leaf
        boolean split = false;
        for (int k = 0; k < 64 && !split; k++) {
            split = addViaView(g, init);
        }
        assertTrue(split, "a join split a leaf");
        // a member other than the first initiator removes one of the joiners, and the owner still rekeys
        int joiner = g.members.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Initiator other = Initiator.of(g, g.members.keySet().stream().filter(m -> m != init.member() && m != joiner)
                .findFirst().orElseThrow());
        removeViaView(g, other, joiner);
        g.apply(g.gcks.changeTek(Requester.owner()), List.of());
        g.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theEncodingRoundTrips(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, BASE.withDegree(4), 13, 5);
        for (byte[] signed : List.of(signedRemoval(g, 9), signedJoin(g))) {
            InitiatorView v = verified(g, signed);
            // Ed25519 is deterministic: the verified view signs to the same bytes
            assertArrayEquals(signed, v.sign(p, g.policy.signatureAlgorithm(), g.signing));
            assertViewMatchesServer(g, v);
            assertFalse(v.toString().contains("PublicKey"), v.toString());
        }
        assertEquals(9, verified(g, signedRemoval(g, 9)).target());
        assertEquals(-1, verified(g, signedJoin(g)).target());
        // ECDSA (DER, randomized): the verified view reads as the server and a member builds on it
        TestGroup e = new TestGroup(p, BASE.withDegree(4).withSignatureAlgorithm(SignatureAlgorithm.ECDSA_P256_SHA256_DER), 13, 6);
        InitiatorView ev = verified(e, signedRemoval(e, 9));
        assertViewMatchesServer(e, ev);
        Initiator init = Initiator.of(e, 2);
        RekeyMessage m = new MemberInitiator(p, e.random).remove(ev, 2, e.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        e.deliverIngested(e.gcks.ingestRemove(Requester.member(2), init.key(), 9, init.seal(e, m)));
        e.assertConverged();
        assertThrows(InvalidViewException.class, () -> InitiatorView.verify(p, e.policy, TestGroup.GROUP, g.gcksKey,
                signedRemoval(e, 2)));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyHostileVariantIsAnInvalidView(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, BASE.withDegree(2), 3, 11);
        byte[] signed = signedRemoval(g, 2);
        verified(g, signed);
        for (int i = 0; i < signed.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] t = signed.clone();
                t[i] ^= (byte) bit;
                assertThrows(InvalidViewException.class, () -> verified(g, t), "flip " + bit + " at " + i);
            }
        }
        for (int len = 0; len < signed.length; len++) {
            byte[] t = Arrays.copyOf(signed, len);
            assertThrows(InvalidViewException.class, () -> verified(g, t), "truncated to " + len);
        }
        byte[] longer = Arrays.copyOf(signed, signed.length + 1);
        InvalidViewException trailing = assertThrows(InvalidViewException.class, () -> verified(g, longer));
        assertTrue(trailing.getMessage().contains("trailing"), trailing.getMessage());
        // another GCKS key, a key of another type, another group
        TestGroup other = new TestGroup(p, g.policy, 3, 12);
        assertThrows(InvalidViewException.class,
                () -> InitiatorView.verify(p, g.policy, TestGroup.GROUP, other.gcksKey, signed));
        PublicKey x25519 = g.gcks.publicKey(0);
        assertEquals(KeyType.X25519, x25519.type());
        assertThrows(InvalidViewException.class, () -> InitiatorView.verify(p, g.policy, TestGroup.GROUP, x25519, signed));
        InvalidViewException group = assertThrows(InvalidViewException.class,
                () -> InitiatorView.verify(p, g.policy, GroupId.of("another-group"), g.gcksKey, signed));
        assertTrue(group.getMessage().contains("group"), group.getMessage());
        // the policy's degree must be the view's
        assertThrows(InvalidViewException.class, () -> InitiatorView.verify(p, g.policy.withDegree(3), TestGroup.GROUP,
                g.gcksKey, signed));
    }

    /** A view body written field by field, as a hostile (or buggy) GCKS would, signed with the GCKS key. */
    private static final class Forged {
        int version = 1;
        int count = -1;
        int nodeCount;
        int firstLeaf;
        int nextJoinLeaf;
        int targetLeaf = -1;
        int[] ids;
        int[] flags;

        byte[] sign(TestGroup g) throws Exception {
            WireWriter w = WireWriter.growable();
            w.u8(version).bytes16(TestGroup.GROUP.value(), 64).i64(g.gcks.epoch()).i64(g.gcks.sequence());
            w.u32(g.gcks.tekId().version()).u32(g.gcks.tekId().revision());
            w.ascii8("LKH").u16(1).u16(g.policy.degree());
            w.u32(nodeCount).u32(firstLeaf).u32(nextJoinLeaf);
            if (targetLeaf < 0) {
                w.u8(0);
            } else {
                w.u8(1).u32(g.gcks.tree().memberAt(targetLeaf)).u32(targetLeaf);
            }
            w.u16(count >= 0 ? count : ids.length);
            for (int i = 0; i < ids.length; i++) {
                w.u32(ids[i] & 0xFFFFFFFFL).u8(flags[i]).u32(1);
                if ((flags[i] & 2) != 0) {
                    w.fixed(g.gcks.publicKey(ids[i]).encoded(), 32);
                }
            }
            byte[] body = w.toByteArray();
            byte[] label = "gkm initiator view v1\0".getBytes(StandardCharsets.US_ASCII);
            byte[] tbs = new byte[label.length + body.length];
            System.arraycopy(label, 0, tbs, 0, label.length);
            System.arraycopy(body, 0, tbs, label.length, body.length);
            byte[] sig = g.provider.signer().sign(g.policy.signatureAlgorithm(), g.signing, tbs);
            return WireWriter.growable().raw(body).bytes16(sig, 72).toByteArray();
        }
    }

    private static Forged honestRemoval(TestGroup g, int target) throws Exception {
        Forged f = new Forged();
        f.nodeCount = g.gcks.nodeCount();
        f.firstLeaf = g.gcks.firstLeaf();
        f.nextJoinLeaf = g.gcks.nextJoinLeaf();
        f.targetLeaf = g.gcks.leafOf(target);
        InitiatorView v = g.gcks.initiatorView(target);
        List<Integer> ids = new ArrayList<>();
        for (int node = 0; node < g.gcks.nodeCount(); node++) {
            if (v.holds(node)) {
                ids.add(node);
            }
        }
        f.ids = ids.stream().mapToInt(Integer::intValue).toArray();
        f.flags = new int[f.ids.length];
        for (int i = 0; i < f.ids.length; i++) {
            f.flags[i] = g.gcks.nonEmpty(f.ids[i]) ? 3 : 0;
        }
        return f;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void signedButMalformedViewsAreRefusedByTheirBounds(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, BASE.withDegree(2), 6, 13);
        int target = g.gcks.tree().memberAt(g.gcks.nodeCount() - 1);
        // the forger writes what the GCKS writes (generations aside): the check below is not vacuous
        Forged honest = honestRemoval(g, target);
        verified(g, honest.sign(g));
        int bound = InitiatorView.maxEntries(2);
        Forged tooMany = honestRemoval(g, target);
        tooMany.count = bound + 1;
        tooMany.ids = new int[bound + 1];
        tooMany.flags = new int[bound + 1];
        for (int i = 0; i < tooMany.ids.length; i++) {
            tooMany.ids[i] = i;
        }
        assertRefused(g, tooMany, "entry count");
        Forged lyingCount = honestRemoval(g, target);
        lyingCount.count = bound; // more than the bytes that follow
        assertRefused(g, lyingCount, "entry count");
        Forged outsideSpace = honestRemoval(g, target);
        outsideSpace.ids[outsideSpace.ids.length - 1] = -1; // 2^32 - 1
        outsideSpace.flags[outsideSpace.flags.length - 1] = 0;
        assertRefused(g, outsideSpace, "id space");
        Forged notIncreasing = honestRemoval(g, target);
        int[] ids = notIncreasing.ids;
        int tmp = ids[1];
        ids[1] = ids[2];
        ids[2] = tmp;
        assertRefused(g, notIncreasing, "increasing");
        Forged missingNode = honestRemoval(g, target);
        missingNode.ids = Arrays.copyOf(missingNode.ids, missingNode.ids.length - 1);
        missingNode.flags = Arrays.copyOf(missingNode.flags, missingNode.flags.length - 1);
        assertRefused(g, missingNode, "reads");
        Forged missingKey = honestRemoval(g, target);
        missingKey.flags[0] = 1;
        assertRefused(g, missingKey, "public key");
        Forged badFlags = honestRemoval(g, target);
        badFlags.flags[0] = 7;
        assertRefused(g, badFlags, "flags");
        Forged badShape = honestRemoval(g, target);
        badShape.nodeCount++;
        assertRefused(g, badShape, "node count");
        Forged badJoinLeaf = honestRemoval(g, target);
        badJoinLeaf.nextJoinLeaf = badJoinLeaf.nodeCount + 5;
        assertRefused(g, badJoinLeaf, "next join leaf");
        Forged badVersion = honestRemoval(g, target);
        badVersion.version = 2;
        assertRefused(g, badVersion, "version");
    }

    private static void assertRefused(TestGroup g, Forged f, String naming) throws Exception {
        byte[] signed = f.sign(g);
        InvalidViewException e = assertThrows(InvalidViewException.class, () -> verified(g, signed));
        assertTrue(e.getMessage().contains(naming), "expected '" + naming + "' in: " + e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void lookupsOutsideTheViewAreTyped(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, BASE.withDegree(2), 8, 17); // leaves 7..14 all taken
        Initiator init = Initiator.of(g, 3);
        g.apply(g.gcks.leave(Requester.owner(), g.gcks.tree().memberAt(7)), List.of()); // leaf 7 is the next join leaf
        assertEquals(7, g.gcks.nextJoinLeaf());
        int target = g.gcks.tree().memberAt(14);
        InitiatorView removal = verified(g, signedRemoval(g, target));
        MemberKeyState.HeldKeys keys = g.members.get(init.member()).heldKeys(InsecureSecretAccess.get());
        MemberInitiator mi = new MemberInitiator(p, g.random);
        // node 3 (the join path's parent of leaf 7) is not on the removal's path nor a child of it
        assertThrows(InitiatorView.NodeOutsideViewException.class, () -> removal.generation(3));
        assertThrows(InitiatorView.NodeOutsideViewException.class, () -> removal.nonEmpty(8));
        assertThrows(InitiatorView.NodeOutsideViewException.class, () -> removal.publicKey(Integer.MAX_VALUE));
        assertThrows(UnknownMemberException.class, () -> removal.leafOf(init.member()));
        ClientKeys c = g.newClient();
        KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                () -> mi.add(removal, init.member(), keys, MemberInitiatedTest.clientPublic(p, c)));
        assertTrue(e.getMessage().contains("view"), e.getMessage());
        InitiatorView join = verified(g, signedJoin(g));
        assertThrows(UnknownMemberException.class, () -> mi.remove(join, init.member(), keys, target));
        // the right view for each works
        mi.remove(removal, init.member(), keys, target);
        mi.add(join, init.member(), keys, MemberInitiatedTest.clientPublic(p, c));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void explicitKeyIngestRefusalsChangeNothing(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, BASE.withDegree(4), 13, 19);
        Initiator init = Initiator.of(g, 2);
        Initiator impostor = Initiator.of(g, 2); // same member id, another key
        MemberInitiator mi = new MemberInitiator(p, g.random);
        InitiatorView view = verified(g, signedRemoval(g, 9));
        RekeyMessage m = mi.remove(view, 2, g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        byte[] fingerprint = g.gcks.fingerprint();
        long sequence = g.gcks.sequence();
        // signed by another key than the one the caller verified
        assertThrows(RejectedRekeyException.class,
                () -> g.gcks.planIngestRemove(Requester.member(2), init.key(), 9, impostor.seal(g, m)));
        assertThrows(RejectedRekeyException.class,
                () -> g.gcks.ingestRemove(Requester.member(2), init.key(), 9, impostor.seal(g, m)));
        assertUnchanged(g, fingerprint, sequence);
        // a key of another type than the policy's signatures
        assertThrows(AuthorizationException.class,
                () -> g.gcks.planIngestRemove(Requester.member(2), g.gcks.publicKey(0), 9, init.seal(g, m)));
        assertUnchanged(g, fingerprint, sequence);
        // a requester without the privilege
        TestGroup plain = new TestGroup(p, BASE.withDegree(4).withMemberPrivileges(EnumSet.noneOf(Privilege.class)), 13, 19);
        Initiator pinit = Initiator.of(plain, 2);
        RekeyMessage pm = mi.remove(verified(plain, signedRemoval(plain, 9)), 2,
                plain.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        byte[] pfp = plain.gcks.fingerprint();
        long pseq = plain.gcks.sequence();
        assertThrows(AuthorizationException.class,
                () -> plain.gcks.planIngestRemove(Requester.member(2), pinit.key(), 9, pinit.seal(plain, pm)));
        ClientKeys c = plain.newClient();
        RekeyMessage pa = mi.add(verified(plain, signedJoin(plain)), 2, plain.members.get(2).heldKeys(InsecureSecretAccess.get()),
                MemberInitiatedTest.clientPublic(p, c));
        assertThrows(AuthorizationException.class,
                () -> plain.gcks.ingestAdd(Requester.member(2), pinit.key(), c, pinit.seal(plain, pa)));
        assertUnchanged(plain, pfp, pseq);
        // the same message with the verified key is accepted
        g.deliverIngested(g.gcks.ingestRemove(Requester.member(2), init.key(), 9, init.seal(g, m)));
        g.assertConverged();
        // and with the privilege granted in the request, the unprivileged group's member may remove
        plain.deliverIngested(plain.gcks.ingestRemove(Requester.member(2, Privilege.REMOVE_MEMBER), pinit.key(), 9,
                pinit.seal(plain, pm)));
        plain.assertConverged();
    }

    private static void assertUnchanged(TestGroup g, byte[] fingerprint, long sequence) {
        assertArrayEquals(fingerprint, g.gcks.fingerprint());
        assertEquals(sequence, g.gcks.sequence());
    }
}
