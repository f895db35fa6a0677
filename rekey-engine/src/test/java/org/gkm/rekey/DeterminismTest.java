package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageCodec;
import org.junit.jupiter.api.Test;
import org.gkm.crypto.testing.TestProviders;

/**
 * Both providers produce the same plans and byte-identical sealed messages from the same seed
 * (deterministic {@link EngineRandom}; Ed25519 signatures are deterministic). With only the
 * pure-Java provider present (portable build) the run is compared with a second run of itself.
 */
class DeterminismTest {

    /** One scripted run: plans and sealed messages, in order. */
    private static List<Object> run(CryptoProvider p, GroupPolicy policy, long seed) throws Exception {
        List<Object> out = new ArrayList<>();
        TestGroup g = new TestGroup(p, policy, 40, seed);
        SplittableRandom r = new SplittableRandom(seed);
        MemberInitiator init = new MemberInitiator(p, g.random);
        for (int i = 0; i < 25; i++) {
            int op = r.nextInt(policy.hybrid() ? 6 : 4);
            List<Integer> ids = new ArrayList<>(g.members.keySet());
            java.util.Collections.sort(ids);
            Rekey rk;
            List<ClientKeys> joiners = new ArrayList<>();
            byte[] sealed;
            if (op == 0) {
                joiners.add(g.newClient());
                rk = g.gcks.join(Requester.owner(), joiners.get(0));
                sealed = g.seal(rk);
            } else if (op == 1) {
                rk = g.gcks.leave(Requester.owner(), ids.get(r.nextInt(ids.size())));
                sealed = g.seal(rk);
            } else if (op == 2) {
                joiners.add(g.newClient());
                joiners.add(g.newClient());
                rk = g.gcks.batch(Requester.owner(), joiners, new int[] {ids.get(0), ids.get(ids.size() - 1)});
                sealed = g.seal(rk);
            } else if (op == 3) {
                rk = g.gcks.changeTek(Requester.owner());
                sealed = g.seal(rk);
            } else {
                int who = ids.get(r.nextInt(ids.size()));
                RekeyMessage m;
                if (op == 4) {
                    joiners.add(g.newClient());
                    PublicKey pub = p.keys().publicKey(PrivateKey.decode(KeyType.X25519,
                            joiners.get(0).clientPrivateKey().toByteArray(InsecureSecretAccess.get())));
                    m = init.add(g.gcks, who, g.members.get(who).heldKeys(InsecureSecretAccess.get()), pub);
                    rk = g.gcks.ingestAdd(Requester.member(who, Privilege.ADD_MEMBER), joiners.get(0), g.sealAs(who, m));
                } else {
                    int target = ids.get((ids.indexOf(who) + 1) % ids.size());
                    m = init.remove(g.gcks, who, g.members.get(who).heldKeys(InsecureSecretAccess.get()), target);
                    rk = g.gcks.ingestRemove(Requester.member(who, Privilege.REMOVE_MEMBER), target, g.sealAs(who, m));
                }
                sealed = g.seal(rk); // the GCKS's re-issue
            }
            g.deliverSealed(rk, sealed);
            g.installJoiners(rk, joiners, sealed);
            g.assertConverged();
            out.add(rk.plan());
            out.add(java.util.HexFormat.of().formatHex(RekeyMessageCodec.encode(rk.message())));
            out.add(java.util.HexFormat.of().formatHex(sealed));
            for (Rekey.Download d : rk.downloads()) {
                out.add(java.util.HexFormat.of().formatHex(g.seal(d.message())));
            }
        }
        return out;
    }

    @Test
    void providersProduceIdenticalPlansAndMessages() throws Exception {
        List<CryptoProvider> ps = TestProviders.all();
        CryptoProvider a = ps.get(0);
        CryptoProvider b = ps.get(ps.size() - 1);
        for (GroupPolicy policy : new GroupPolicy[] {GroupPolicy.defaults(),
                GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID).withDegree(3)
                        .withTekChange(GroupPolicy.TekChangeMode.VERSION)}) {
            List<Object> ra = run(a, policy, 77);
            List<Object> rb = run(b, policy, 77);
            assertEquals(ra.size(), rb.size());
            for (int i = 0; i < ra.size(); i++) {
                assertEquals(ra.get(i), rb.get(i), a.name() + " vs " + b.name() + " differ at item " + i);
            }
            assertTrue(ra.size() > 75);
        }
        // a different seed gives different messages (the comparison above is not vacuous)
        assertTrue(!run(a, GroupPolicy.defaults(), 77).get(1).equals(run(a, GroupPolicy.defaults(), 78).get(1)));
    }
}
