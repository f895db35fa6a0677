package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyLimits;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Large batch rekeys against the wire format's limits: a batch whose message fits is built and
 * opens at a member; one whose message could not fit is refused before any key changes.
 */
class BatchLimitsTest {
    static final GroupId GROUP = GroupId.of("batch-limits");

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private static int[] distinctMembers(int n, int count, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + r.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, count);
    }

    /**
     * Half the members of a binary hybrid tree of 2^17 leave in one batch: ~79k fresh key pairs,
     * more than 2^16 public-key updates in one message (a hybrid batch of 10^4 leaves at 10^6
     * members, d = 2, needs ~68k). A remaining member opens
     * the sealed message and holds the GCKS's new TEK.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void hybridBatchWithMoreThan65536PublicKeyUpdates(CryptoProvider p) throws Exception {
        int n = 1 << 17;
        GroupPolicy policy = GroupPolicy.defaults().withDegree(2).withTreeMode(GroupPolicy.TreeMode.HYBRID);
        SeededRandom random = new SeededRandom(17);
        GroupKeyServer gcks = GroupKeyServer.create(p, policy, GROUP, random, n, 1);
        KeyPair signing = p.keys().generate(KeyType.ED25519);
        RekeyMessageSealer sealer = new RekeyMessageSealer(p, policy.signatureAlgorithm(), signing.privateKey(), 0);
        int[] leavers = distinctMembers(n, n / 4, 5);
        int observer = 0;
        while (contains(leavers, observer)) {
            observer++;
        }
        MemberKeyState member = MemberKeyState.fromDownload(p, policy, GROUP, gcks.epoch(), observer,
                gcks.clientKeys(observer), gcks.authKey(), signing.publicKey(),
                sealer.seal(gcks.pathView(observer).toResyncMessage(), gcks.authKey()));

        Rekey r = gcks.batch(Requester.owner(), List.of(), leavers);

        int pubs = r.message().publicKeys().size();
        assertTrue(pubs > 1 << 16, "the batch must exercise more than 2^16 public-key updates, got " + pubs);
        assertTrue(pubs <= RekeyLimits.MAX_PUBLIC_KEY_UPDATES);
        assertEquals(MemberKeyState.Outcome.APPLIED, member.process(sealer.seal(r.message(), r.authKey())));
        assertEquals(gcks.tekId(), member.tekId());
        assertArrayEquals(gcks.tek().toByteArray(InsecureSecretAccess.get()), member.tek().toByteArray(InsecureSecretAccess.get()));
    }

    /**
     * A batch whose message could exceed 2^20 entries (half of a binary tree of 2^19 members
     * leaving at once) is refused with a typed exception, and the GCKS is exactly as before.
     */
    @Test
    void aBatchThatCannotFitIsRefusedBeforeAnythingChanges() throws Exception {
        CryptoProvider p = TestProviders.java();
        int n = 1 << 19;
        GroupPolicy policy = GroupPolicy.defaults().withDegree(2);
        GroupKeyServer gcks = GroupKeyServer.create(p, policy, GROUP, new SeededRandom(19), n, 1);
        String before = fingerprint(gcks);

        BatchTooLargeException e = assertThrows(BatchTooLargeException.class,
                () -> gcks.batch(Requester.owner(), List.of(), distinctMembers(n, n / 2, 7)));

        assertTrue(e.getMessage().contains("split it"), e.getMessage());
        assertEquals(before, fingerprint(gcks));
        // the same group still takes a batch that fits
        Rekey r = gcks.batch(Requester.owner(), List.of(), distinctMembers(n, 1000, 8));
        assertEquals(n - 1000, gcks.tree().memberCount());
        assertTrue(r.message().entries().size() > 1000);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** Keys, generations, membership, TEK, ids and counters: cheap enough for 2^20 nodes. */
    private static String fingerprint(GroupKeyServer g) {
        KeyTree t = g.tree();
        int[] gens = new int[t.nodeCount()];
        for (int v = 0; v < gens.length; v++) {
            gens[v] = t.generation(v);
        }
        return Arrays.hashCode(t.keys) + "|" + Arrays.hashCode(gens) + "|" + t.memberCount() + "|" + t.nodeCount()
                + "|" + Arrays.hashCode(g.tek().toByteArray(InsecureSecretAccess.get())) + "|" + g.tekId() + "|"
                + g.sequence() + "|" + g.stats().rekeys() + "|" + g.stats().wraps();
    }
}
