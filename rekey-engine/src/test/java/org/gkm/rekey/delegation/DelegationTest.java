package org.gkm.rekey.delegation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.KeyUnavailableException;
import org.gkm.rekey.Labels;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.MessageAuthenticationException;
import org.gkm.rekey.message.RekeyException;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Subtree delegation end to end, on both providers, symmetric and hybrid trees: joins and leaves
 * inside subtrees converge every member of every subtree on the parent's TEK; a departed member
 * opens nothing sent after its departure and a joiner nothing sent before its join; a subtree's key
 * server, holding every key of its subtree and the parent path above it, opens no parent wrap off
 * that path and nothing of another subtree (actual unwrap attempts, each failing with a typed
 * exception); a subtree whose server stops reporting leaves the other subtrees and the parent's view
 * as they were; a tampered, replayed or out-of-order report is refused with the parent unchanged.
 */
class DelegationTest {
    private static final GroupPolicy SYMMETRIC = GroupPolicy.defaults().withDegree(2);
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID).withDegree(3);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(Arguments.of(p, "symmetric", SYMMETRIC));
            out.add(Arguments.of(p, "hybrid", HYBRID));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void joinsAndLeavesInsideSubtreesConverge(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {5, 7, 4, 6});
        d.assertConverged();
        List<Deployment.Step> steps = new ArrayList<>();
        d.leave(0, 2, steps);
        d.assertConverged();
        d.join(1, steps);
        d.assertConverged();
        d.leave(2, 0, steps);
        d.join(0, steps);
        d.leave(1, 3, steps);
        d.join(3, steps);
        d.leave(3, 5, steps);
        d.assertConverged();
        // the parent's per-leave work is its upper path: S = 4 subtrees, not the whole group
        for (Deployment.Step s : steps) {
            assertEquals(1, s.parentRekey().plan().leavers().length);
            assertEquals(1, s.parentRekey().plan().joiners().length);
            assertTrue(s.parentRekey().plan().refreshed().length <= 3, Arrays.toString(s.parentRekey().plan().refreshed()));
        }
        assertArrayEquals(new int[] {0, 1, 2, 3}, d.parent.subtrees());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void departedMembersAndJoinersOpenNothingOutsideTheirTime(CryptoProvider p, String name, GroupPolicy policy)
            throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {5, 6, 4});
        List<Deployment.Step> steps = new ArrayList<>();
        d.leave(2, 1, steps); // earlier traffic
        DelegatedMember gone = d.leave(1, 3, steps);
        List<byte[]> goneKeys = held(gone);
        Deployment.Step departure = steps.get(1);
        // the departure's own messages and everything after: no entry opens under any key it held
        assertNothingOpens(p, goneKeys, departure.subRekey().message(), e -> true);
        assertNothingOpens(p, goneKeys, departure.parentRekey().message(), e -> true);
        d.leave(0, 0, steps);
        int joiner = d.join(1, steps);
        Deployment.Step later = steps.get(2);
        assertNothingOpens(p, goneKeys, later.parentRekey().message(), e -> true);
        assertThrows(KeyUnavailableException.class, () -> gone.processSubtree(departure.subSealed()));
        assertThrows(KeyUnavailableException.class, () -> gone.processParent(departure.parentSealed()));
        // a joiner: nothing sent before its join opens under the keys it holds
        List<byte[]> joinerKeys = held(d.subs.get(1).members.get(joiner));
        for (Deployment.Step s : steps.subList(0, 3)) {
            assertNothingOpens(p, joinerKeys, s.subRekey().message(), e -> true);
            assertNothingOpens(p, joinerKeys, s.parentRekey().message(), e -> true);
        }
        // control: the same check finds the entries a holder can open
        assertTrue(opens(p, joinerKeys, steps.get(3).parentRekey().message()) > 0);
        d.assertConverged();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void theLastMemberOfASubtreeLeavesTheGroup(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        // a departure that empties a subtree still renews its root, so the parent replaces the leaf
        // the last member could derive, and that member opens nothing the parent sends from then on
        Deployment d = new Deployment(p, policy, new int[] {1, 3});
        List<Deployment.Step> steps = new ArrayList<>();
        DelegatedMember last = d.leave(0, 0, steps);
        List<byte[]> lastKeys = held(last);
        assertEquals(0, d.subs.get(0).server().tree().memberCount());
        assertNothingOpens(p, lastKeys, steps.get(0).parentRekey().message(), e -> true);
        d.leave(1, 1, steps);
        assertNothingOpens(p, lastKeys, steps.get(1).parentRekey().message(), e -> true);
        assertThrows(KeyUnavailableException.class, () -> last.processParent(steps.get(0).parentSealed()));
        int back = d.join(0, steps); // the subtree fills again: its new member follows the parent
        assertTrue(d.subs.get(0).members.containsKey(back));
        d.assertConverged();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aSubtreeServerReadsNothingOutsideItsSubtreeAndPath(CryptoProvider p, String name, GroupPolicy policy)
            throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {4, 5, 6, 3});
        List<Deployment.Step> steps = new ArrayList<>();
        d.leave(1, 2, steps);
        d.leave(3, 0, steps);
        // subtree 0's server: every key of its tree (its members' client keys included) and, like any
        // of its members, the parent path above its leaf and the TEK
        Deployment.Sub own = d.subs.get(0);
        List<byte[]> view = new ArrayList<>();
        GroupKeyServer server = own.server();
        for (int m : own.members.keySet()) {
            view.addAll(split(server.memberKeys(m, InsecureSecretAccess.get())));
        }
        DelegatedMember any = own.members.values().iterator().next();
        MemberKeyState.HeldKeys parentPath = any.parentState().heldKeys(InsecureSecretAccess.get());
        view.addAll(split(parentPath));
        List<Integer> onPath = Arrays.stream(parentPath.nodes()).boxed().toList();
        for (Deployment.Step s : steps) {
            // the parent's wraps under nodes off its path (another subtree's leaf, other upper nodes)
            int offPath = assertNothingOpens(p, view, s.parentRekey().message(),
                    e -> !onPath.contains(e.encryptingKey().nodeId()));
            assertTrue(offPath > 0, "the replacement has wraps off subtree 0's path");
            // another subtree's messages: no entry opens, and the MAC does not verify under its own auth key
            assertNothingOpens(p, view, s.subRekey().message(), e -> true);
            GroupAuthKey ownAuth = server.authKey();
            Deployment.Sub other = d.subs.stream().filter(x -> x.group.equals(s.subRekey().message().group()))
                    .findFirst().orElseThrow();
            assertThrows(MessageAuthenticationException.class, () -> new RekeyMessageOpener(p).open(s.subSealed(),
                    GroupAuthKey.of(s.subRekey().authKey().generation(), ownAuth.key()), Map.of(0L, other.key)));
        }
        // control: the path's entries do open under the same view
        assertTrue(opens(p, view, steps.get(1).parentRekey().message()) > 0);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aFailedSubtreeServerLeavesTheOthersWorking(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {5, 4, 6});
        List<Deployment.Step> steps = new ArrayList<>();
        d.leave(0, 1, steps);
        int[] subtrees = d.parent.subtrees();
        int member2 = d.parent.memberOf(2);
        long last2 = d.parent.lastSequence(2);
        // subtree 2's server removes a member, then is gone before its report reaches the parent
        byte[] parentBefore = d.parent.fingerprint();
        Deployment.Sub failed = d.subs.get(2);
        Rekey local = failed.server().leave(Requester.owner(), 4);
        DelegatedMember departed = failed.members.remove(4);
        byte[] sealed = failed.seal(local);
        for (DelegatedMember m : failed.members.values()) {
            m.processSubtree(sealed);
        }
        assertTrue(failed.subtree.reportIfRootChanged().isPresent()); // never delivered
        assertArrayEquals(parentBefore, d.parent.fingerprint());
        // the other subtrees keep joining and leaving
        d.leave(1, 2, steps);
        d.join(0, steps);
        d.leave(0, 3, steps);
        d.assertConverged(); // subtree 2's members too: their parent leaf is unchanged
        assertArrayEquals(subtrees, d.parent.subtrees());
        assertEquals(member2, d.parent.memberOf(2));
        assertEquals(last2, d.parent.lastSequence(2));
        assertEquals(3, d.parent.server().tree().memberCount());
        // until then the departed member of the silent subtree still follows the parent (what the trust
        // model says): the parent's remedy is to retire the subtree
        assertEquals(MemberKeyState.Outcome.APPLIED, departed.processParent(steps.get(1).parentSealed()));
        Rekey retired = d.parent.retire(2);
        byte[] rs = d.parentSealer.seal(retired.message(), retired.authKey());
        for (DelegatedMember m : failed.members.values()) {
            assertThrows(KeyUnavailableException.class, () -> m.processParent(rs));
        }
        d.subs.remove(2);
        for (Deployment.Sub s : d.subs) {
            for (DelegatedMember m : s.members.values()) {
                assertEquals(MemberKeyState.Outcome.APPLIED, m.processParent(rs));
            }
        }
        assertEquals(2, d.parent.server().tree().memberCount());
        byte[] tek = d.parent.server().tek().toByteArray(InsecureSecretAccess.get());
        for (Deployment.Sub s : d.subs) {
            for (DelegatedMember m : s.members.values()) {
                assertArrayEquals(tek, m.tek().toByteArray(InsecureSecretAccess.get()));
            }
        }
        assertNothingOpens(p, held(departed), retired.message(), e -> true);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void badReportsAreRefusedAndChangeNothing(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {5, 4});
        Deployment.Sub sub = d.subs.get(0);
        List<byte[]> reports = new ArrayList<>();
        for (int m : new int[] {1, 3}) {
            Rekey r = sub.server().leave(Requester.owner(), m);
            sub.members.remove(m);
            byte[] sealed = sub.seal(r);
            for (DelegatedMember x : sub.members.values()) {
                x.processSubtree(sealed);
            }
            reports.add(sub.subtree.reportIfRootChanged().orElseThrow().encode());
        }
        byte[] first = reports.get(0);
        byte[] latest = reports.get(1);
        List<byte[]> bad = new ArrayList<>();
        bad.add(flip(latest, latest.length - 1)); // the wrapped keys
        bad.add(flip(latest, 4)); // subtree 0 -> 1: the other subtree's link
        bad.add(flip(latest, 12)); // sequence
        bad.add(flip(latest, 16)); // root generation
        bad.add(flip(latest, 0)); // version
        bad.add(Arrays.copyOf(latest, latest.length - 1));
        bad.add(Arrays.copyOf(latest, latest.length + 1));
        bad.add(new byte[0]);
        bad.add(new SubtreeReport(9, 5, 2, new byte[policy.hybrid() ? 72 : 40]).encode()); // not delegated
        // subtree 0's keys under a link key the parent does not hold
        SubtreeLink stranger = new SubtreeLink(Deployment.PARENT, 0, SecretBytes.copyOf(new byte[32]));
        bad.add(new DelegatedSubtree(sub.server(), stranger, policy.hybrid()).report().encode());
        byte[] before = d.parent.fingerprint();
        for (byte[] b : bad) {
            assertThrows(RejectedReportException.class, () -> d.parent.accept(b));
            assertArrayEquals(before, d.parent.fingerprint());
        }
        // the latest report first: accepted; then the older one (out of order) and the latest again (replay)
        Rekey pr = d.parent.accept(latest);
        d.deliverParent(pr);
        d.assertConverged();
        byte[] after = d.parent.fingerprint();
        assertFalse(Arrays.equals(before, after));
        for (byte[] b : List.of(first, latest)) {
            RejectedReportException e = assertThrows(RejectedReportException.class, () -> d.parent.accept(b));
            assertEquals(RekeyException.Reason.REJECTED_REPORT, e.reason());
            assertArrayEquals(after, d.parent.fingerprint());
        }
        d.assertConverged();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }

    /**
     * A member whose subtree state is rebuilt (a registration again) or resynced in place while it
     * missed a root change follows it: the new parent leaf keys become pending and the parent's
     * replacement of the leaf opens under them; a parent state rebuilt from the parent's path is
     * taken as it is; a state of another member or leaf is refused with nothing changed.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aSubtreeStateReplacedOrResyncedInPlaceIsFollowed(CryptoProvider p, String name, GroupPolicy policy) throws Exception {
        Deployment d = new Deployment(p, policy, new int[] {5, 3});
        Deployment.Sub sub = d.subs.get(0);
        List<Deployment.Step> steps = new ArrayList<>();

        // member 1 misses a leave in its subtree and the parent's replacement; it registers again (a new subtree state)
        DelegatedMember away = sub.members.remove(1);
        d.leave(0, 2, steps);
        MemberKeyState other = fresh(d, sub, 3);
        assertThrows(IllegalArgumentException.class, () -> away.rebaseSubtree(other));
        assertFalse(away.replacementPending(), "a refused state changes nothing");
        other.destroy();
        away.rebaseSubtree(fresh(d, sub, 1));
        assertTrue(away.replacementPending(), "the new subtree root's leaf keys wait for the parent's replacement");
        assertEquals(MemberKeyState.Outcome.APPLIED, away.processParent(steps.get(0).parentSealed()));
        assertFalse(away.replacementPending());
        sub.members.put(1, away);
        d.assertConverged();

        // member 4 misses another leave and resyncs its subtree state in place
        DelegatedMember behind = sub.members.remove(4);
        d.leave(0, 0, steps);
        behind.subtreeState().resync(sub.sealer.seal(sub.server().pathView(4).toResyncMessage(), sub.server().authKey()));
        assertFalse(behind.replacementPending(), "not noticed until told");
        behind.subtreeChanged();
        assertTrue(behind.replacementPending());
        assertEquals(MemberKeyState.Outcome.APPLIED, behind.processParent(steps.get(1).parentSealed()));
        sub.members.put(4, behind);
        d.assertConverged();

        // member 3 misses a leave and the parent's replacement: it rebuilds both states from the paths
        DelegatedMember rebuilt = sub.members.remove(3);
        d.leave(0, 1, steps);
        rebuilt.subtreeState().resync(sub.sealer.seal(sub.server().pathView(3).toResyncMessage(), sub.server().authKey()));
        rebuilt.subtreeChanged();
        MemberKeyState parentState = d.parentState(sub, rebuilt.subtreeState(),
                d.parentSealer.seal(d.parent.server().pathView(d.parent.memberOf(0)).toResyncMessage(), d.parent.server().authKey()),
                d.parent.server().authKey());
        MemberKeyState wrongLeaf = d.parentState(d.subs.get(1), d.subs.get(1).members.values().iterator().next().subtreeState(),
                d.parentSealer.seal(d.parent.server().pathView(d.parent.memberOf(1)).toResyncMessage(), d.parent.server().authKey()),
                d.parent.server().authKey());
        assertThrows(IllegalArgumentException.class, () -> rebuilt.replaceParent(wrongLeaf));
        assertTrue(rebuilt.replacementPending(), "a refused state changes nothing");
        wrongLeaf.destroy();
        rebuilt.replaceParent(parentState);
        assertFalse(rebuilt.replacementPending());
        sub.members.put(3, rebuilt);
        d.assertConverged();
        d.join(0, steps);
        d.assertConverged();
    }

    /** Member {@code m}'s state in {@code sub} rebuilt from its subtree's path, as a registration again gives it. */
    private static MemberKeyState fresh(Deployment d, Deployment.Sub sub, int m) throws Exception {
        org.gkm.rekey.ClientKeys c = sub.server().clientKeys(m);
        try {
            return MemberKeyState.fromDownload(d.provider, d.policy, sub.group, 3, m, c, sub.server().authKey(), sub.key,
                    sub.sealer.seal(sub.server().pathView(m).toResyncMessage(), sub.server().authKey()));
        } finally {
            c.destroy();
        }
    }

    /** Every key a member holds: both states' path keys, private keys and TEKs. */
    private static List<byte[]> held(DelegatedMember m) {
        List<byte[]> keys = new ArrayList<>(split(m.subtreeState().heldKeys(InsecureSecretAccess.get())));
        keys.addAll(split(m.parentState().heldKeys(InsecureSecretAccess.get())));
        return keys;
    }

    private static List<byte[]> split(MemberKeyState.HeldKeys h) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < h.nodes().length; i++) {
            out.add(Arrays.copyOfRange(h.keys(), i * 32, i * 32 + 32));
            if (h.privateKeys() != null) {
                out.add(Arrays.copyOfRange(h.privateKeys(), i * 32, i * 32 + 32));
            }
        }
        out.add(h.tek());
        return out;
    }

    /** The AES-KW keys a holder of {@code keys} can form: each key's node sub-key and TEK sub-key. */
    private static List<SecretBytes> keks(CryptoProvider p, List<byte[]> keys) {
        List<SecretBytes> keks = new ArrayList<>();
        for (byte[] k : keys) {
            keks.add(SecretBytes.copyOf(Labels.nodeKek(p, k)));
            keks.add(SecretBytes.copyOf(Labels.tekKek(p, k)));
        }
        return keks;
    }

    /**
     * Tries every symmetric entry of {@code m} that {@code which} selects under every key-wrap key the
     * holder of {@code keys} can form; each attempt must fail with InvalidCiphertextException. Returns
     * the number of entries tried.
     */
    private static int assertNothingOpens(CryptoProvider p, List<byte[]> keys, RekeyMessage m, Predicate<KeyEntry> which)
            throws CryptoException {
        List<SecretBytes> keks = keks(p, keys);
        int tried = 0;
        for (KeyEntry e : m.entries()) {
            if (e.encryption() != Encryption.SYMMETRIC || !which.test(e)) {
                continue;
            }
            tried++;
            KeyWrapAlgorithm alg = e.ciphertext().length == 40 ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            for (SecretBytes kek : keks) {
                assertThrows(InvalidCiphertextException.class, () -> p.keyWrap().unwrap(alg, kek, e.ciphertext()),
                        "entry " + e.target() + " under " + e.encryptingKey() + " opened");
            }
        }
        return tried;
    }

    /** How many symmetric entries of {@code m} open under some key-wrap key of {@code keys}. */
    private static int opens(CryptoProvider p, List<byte[]> keys, RekeyMessage m) {
        List<SecretBytes> keks = keks(p, keys);
        int opened = 0;
        for (KeyEntry e : m.entries()) {
            if (e.encryption() != Encryption.SYMMETRIC || e.ciphertext().length != 40) {
                continue;
            }
            for (SecretBytes kek : keks) {
                try {
                    p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, kek, e.ciphertext());
                    opened++;
                    break;
                } catch (CryptoException expected) {
                    // not this key: the next one
                }
            }
        }
        return opened;
    }
}
