package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Missed messages and the published infrastructure (claim 18): a member that missed k messages
 * detects the gap and rebuilds its whole path and the current TEK from its path view with its
 * client key alone; the root portion's claim 3 and 4 entries open as the claims say.
 */
class ResyncTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void memberThatMissedMessagesRecoversFromItsPathView(CryptoProvider p) throws Exception {
        for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
            long seed = 42;
            TestGroup g = new TestGroup(p, GroupPolicy.defaults().withTreeMode(mode).withDegree(3), 30, seed);
            MemberKeyState late = g.members.remove(4); // stops receiving
            SplittableRandom r = new SplittableRandom(seed);
            int missed = 0;
            for (int i = 0; i < 12; i++) {
                int op = r.nextInt(3);
                if (op == 0) {
                    ClientKeys c = g.newClient();
                    g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
                } else if (op == 1) {
                    List<Integer> ids = new ArrayList<>(g.members.keySet());
                    g.apply(g.gcks.leave(Requester.owner(), ids.get(r.nextInt(ids.size()))), List.of());
                } else {
                    g.apply(g.gcks.changeTek(Requester.owner()), List.of());
                }
                missed++;
            }
            // the next message reveals the gap, with its exact range; state unchanged
            long seqBefore = late.sequence();
            byte[] next = g.deliver(g.gcks.changeTek(Requester.owner()));
            OutOfSyncException gap = assertThrows(OutOfSyncException.class, () -> late.process(next));
            assertEquals(seqBefore + 1, gap.firstMissing());
            assertEquals(seqBefore + missed, gap.lastMissing());
            assertEquals(seqBefore, late.sequence());
            // resync from the published infrastructure: the path view, sealed like any message
            late.resync(g.seal(g.gcks.pathView(4).toResyncMessage()));
            g.members.put(4, late);
            g.assertConverged();
            // and it follows the next rekeys normally
            g.apply(g.gcks.leave(Requester.owner(), 0), List.of());
            g.assertConverged();
        }
    }

    @Test
    void rootPortionEntriesOpenAsClaims3And4Say() throws Exception {
        CryptoProvider p = TestProviders.java();
        for (KeyType root : new KeyType[] {KeyType.X25519, KeyType.RSA_3072}) {
            GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID).withRootKeyType(root);
            TestGroup g = new TestGroup(p, policy, 10, 5);
            g.apply(g.gcks.leave(Requester.owner(), 2), List.of());
            PublishedInfrastructure view = g.gcks.pathView(0);
            byte[] tek = g.gcks.tek().toByteArray(InsecureSecretAccess.get());
            byte[] rootPrivate = null;
            KeyEntry sealedTek = null;
            for (KeyEntry e : view.entries()) {
                if (e.content() == KeyContent.ROOT_PRIVATE_KEY) { // claim 3: under the TEK (its key-wrap sub-key)
                    rootPrivate = p.keyWrap().unwrap(root == KeyType.X25519 ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP,
                            SecretBytes.copyOf(Labels.tekKek(p, tek)), e.ciphertext());
                }
                if (e.content() == KeyContent.TEK && e.encryption() == Encryption.PUBLIC) {
                    sealedTek = e;
                }
            }
            PrivateKey sk = PrivateKey.decode(root, rootPrivate);
            assertEquals(g.gcks.publicKey(0), p.keys().publicKey(sk));
            // claim 4: the TEK under the root public key opens with the root private key
            byte[] info = KeyEntry.hpkeInfo(view.group(), view.epoch(), sealedTek.target(), KeyContent.TEK);
            byte[] opened = root == KeyType.X25519
                    ? HpkeEntries.open(p, sk, sealedTek.encapsulation(), info, sealedTek.ciphertext())
                    : p.keyTransport().decrypt(sk, sealedTek.ciphertext(), info);
            assertArrayEquals(tek, opened);
            g.assertConverged();
        }
    }

    @Test
    void snapshotHoldsEveryNonEmptyNodeUnderEachNonEmptyChild() throws Exception {
        // d=2, 8 members, member 0 removed: nodes 0..6 interior; node 3 keeps only leaf 8.
        // Wrapped node keys: node 3 -> 1, nodes 4, 5, 6 -> 2 each, nodes 1, 2, 0 -> 2 each = 13, + TEK + auth key = 15.
        GroupKeyServer g = GroupKeyServer.create(TestProviders.java(), GroupPolicy.defaults().withDegree(2), TestGroup.GROUP,
                new SeededRandom(1), 8, 1);
        g.leave(Requester.owner(), 0);
        PublishedInfrastructure s = g.snapshot();
        assertEquals(15, s.entries().size());
        assertEquals(7, s.leaves().size());
    }
}
