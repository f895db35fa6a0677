package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.api.Test;

/**
 * When a rekey regenerates a path's key pairs, the engine derives all the new X25519
 * public keys in one {@code x25519PublicKeys} batch call, not one provider call per node. The
 * provider here is the pure-Java one (found through ServiceLoader) behind a proxy that counts single and batch derivations; the
 * published keys are also checked against the single-key derivation of the private keys the GCKS
 * holds (convergence and cross-provider equality are covered by the other engine tests).
 */
class PublicKeyBatchingTest {
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
            .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));

    /** Counts X25519 public-key derivations, one call at a time and in batches (keys per batch too). */
    static final class Counting {
        final AtomicInteger singles = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger batchedKeys = new AtomicInteger();
        final CryptoProvider provider;

        Counting() {
            CryptoSpi real = CryptoProviders.discover().stream().filter(s -> s.name().equals(CryptoProviders.JAVA))
                    .findFirst().orElseThrow();
            provider = CryptoProvider.of((CryptoSpi) Proxy.newProxyInstance(CryptoSpi.class.getClassLoader(),
                    new Class<?>[] {CryptoSpi.class}, (proxy, m, args) -> {
                        if (m.getName().equals("x25519PublicKey")) {
                            singles.incrementAndGet();
                        } else if (m.getName().equals("x25519PublicKeys")) {
                            batches.incrementAndGet();
                            batchedKeys.addAndGet((Integer) args[4]);
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
        }

        void reset() {
            singles.set(0);
            batches.set(0);
            batchedKeys.set(0);
        }
    }

    /** Each published X25519 key equals the single-call public key of the private key the GCKS holds for that node. */
    private static void assertPublishedKeysMatch(CryptoProvider p, GroupKeyServer g, int member, RekeyMessage m)
            throws Exception {
        MemberKeyState.HeldKeys held = g.memberKeys(member, InsecureSecretAccess.get());
        int checked = 0;
        for (PublicKeyUpdate u : m.publicKeys()) {
            for (int i = 0; i < held.nodes().length; i++) {
                if (held.nodes()[i] == u.node().nodeId()) {
                    byte[] sk = Arrays.copyOfRange(held.privateKeys(), i * 32, i * 32 + 32);
                    byte[] expected = p.keys().publicKey(PrivateKey.decode(KeyType.X25519, sk)).encoded();
                    assertTrue(Arrays.equals(expected, u.publicKey()), "public key of node " + u.node());
                    checked++;
                }
            }
        }
        assertTrue(checked > 1, "no published key was on member " + member + "'s path");
    }

    @Test
    void gcksLeaveJoinAndSnapshotDeriveInOneBatch() throws Exception {
        Counting c = new Counting();
        GroupKeyServer g = GroupKeyServer.create(c.provider, HYBRID, TestGroup.GROUP, new SeededRandom(44), 200, 1);
        c.reset();
        Rekey leave = g.leave(Requester.owner(), 17);
        int refreshed = leave.plan().refreshed().length;
        assertTrue(refreshed >= 3, "a path of at least 3 nodes");
        assertEquals(refreshed, leave.message().publicKeys().size());
        assertEquals(1, c.batches.get(), "one batch for the leave's whole path");
        assertEquals(refreshed, c.batchedKeys.get());
        assertEquals(0, c.singles.get(), "no per-node derivation left");
        assertPublishedKeysMatch(c.provider, g, 16, leave.message());

        c.reset();
        Rekey join = g.join(Requester.owner(), ClientKeys.generate(new SeededRandom(45), true));
        assertEquals(1, c.batches.get(), "one batch for the join's path and the joiner's leaf");
        assertEquals(join.message().publicKeys().size(), c.batchedKeys.get());
        assertEquals(0, c.singles.get(), "the key download's path keys come from the cache");
        assertPublishedKeysMatch(c.provider, g, join.plan().joiners()[0], join.message());

        c.reset();
        g.snapshot();
        assertEquals(1, c.batches.get(), "one batch for every uncached node key");
        assertTrue(c.batchedKeys.get() > 200, "the snapshot derived " + c.batchedKeys.get() + " keys");
        c.reset();
        g.snapshot();
        assertEquals(0, c.batches.get() + c.batchedKeys.get(), "everything cached the second time");
    }

    @Test
    void memberInitiatedRemoveDerivesItsPathInOneBatchAndTheGcksChecksInOne() throws Exception {
        Counting c = new Counting();
        TestGroup g = new TestGroup(c.provider, HYBRID, 40, 46);
        g.gcks.snapshot(); // every published public key cached: only the rekey's own derivations count below
        MemberInitiator init = new MemberInitiator(c.provider, g.random);
        c.reset();
        RekeyMessage m = init.remove(g.gcks, 3, g.members.get(3).heldKeys(InsecureSecretAccess.get()), 30);
        long hpke = m.entries().stream().filter(e -> e.encryption() == Encryption.PUBLIC).count();
        assertTrue(hpke > 0, "copath keys go by HPKE");
        assertEquals(1, c.batches.get(), "one batch for the initiator's fresh path key pairs");
        assertEquals(m.publicKeys().size(), c.batchedKeys.get());
        assertEquals(hpke, c.singles.get(), "the only single derivations are the HPKE ephemerals");
        c.reset();
        byte[] sealed = g.sealAs(3, m);
        c.reset(); // sealing may derive the initiator key's public key
        Rekey r = g.gcks.ingestRemove(Requester.member(3), 30, sealed);
        assertEquals(1, c.batches.get(), "the GCKS checks all the new public keys in one batch");
        assertEquals(m.publicKeys().size(), c.batchedKeys.get());
        g.deliverIngested(r);
        g.assertConverged();
    }
}
