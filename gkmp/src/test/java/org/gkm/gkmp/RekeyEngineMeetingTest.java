package org.gkm.gkmp;

import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M1;
import static org.gkm.gkmp.World.M2;
import static org.gkm.gkmp.World.M3;
import static org.gkm.gkmp.World.M4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.lkh.LkhBinding;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * GKMP under the rekey engine (LKH binding): the GTEK and the GKEK are sub-keys of the engine's TEK
 * and root KEK. A GKMP group is
 * rekeyed by the engine's LKH messages (a leave keys a member out without GKMP messages) and by
 * GKMP's own Rekey_Multicast (under the GKEK from the engine's root KEK); a member admitted through GKMP join gets
 * its key-tree path in Download_Grp_Keys. Both providers.
 */
class RekeyEngineMeetingTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void lkhAndGkmpRekeysOnOneGroup(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupPolicy policy = GroupPolicy.defaults();
        World w = new World(p);
        AtomicReference<LkhBinding> tree = new AtomicReference<>();
        w.treePaths.put(GC, (g, m) -> tree.get() == null ? new byte[0] : tree.get().pathFor(g, m));
        w.start();
        GroupToken t = w.createG1();

        // The GC puts the group under an LKH tree and hands every member its path in Download_Grp_Keys.
        tree.set(LkhBinding.create(p, policy, G1, List.of(M1, M2, M3), 7));
        Map<EntityId, LkhBinding.Member> members = new HashMap<>();
        for (EntityId m : List.of(M1, M2, M3)) {
            w.net.post(GC, w.node(GC).redistribute(G1, m, w.net.now));
            w.net.run();
            members.put(m, openPath(w, p, policy, m));
        }
        adopt(w, GC, tree.get().keys());
        for (EntityId m : members.keySet()) {
            adopt(w, m, members.get(m).keys());
        }
        w.assertHolds(G1, GC, M1, M2, M3);

        // At scale: the engine's LKH leave removes m3; only the remaining members can apply it.
        String m3Before = w.node(M3).keyFingerprint(G1);
        byte[] leave = tree.get().leave(M3);
        for (EntityId m : List.of(M1, M2)) {
            assertTrue(members.get(m).process(leave));
            adopt(w, m, members.get(m).keys());
        }
        adopt(w, GC, tree.get().keys());
        w.assertHolds(G1, GC, M1, M2);
        assertNotEquals(m3Before, w.node(GC).keyFingerprint(G1));

        // A GKMP member initiated join: m4's Download_Grp_Keys carries its tree path; the engine's
        // join message reaches the tree members; everyone adopts the engine's keys.
        w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
        w.net.run();
        LkhBinding.Member m4 = openPath(w, p, policy, M4);
        for (byte[] lkh : tree.get().takeMulticasts()) {
            for (EntityId m : List.of(M1, M2)) {
                assertTrue(members.get(m).process(lkh));
            }
        }
        adopt(w, M4, m4.keys());
        for (EntityId m : List.of(M1, M2)) {
            adopt(w, m, members.get(m).keys());
        }
        adopt(w, GC, tree.get().keys());
        w.assertHolds(G1, GC, M1, M2, M4);

        // GKMP's own Rekey_Multicast, sealed under the GKEK from the engine's root KEK: the members
        // of the tree get the new keys; m3 (keyed out by LKH) cannot decrypt it.
        w.command(w.commander.next(t, GroupAction.REKEY, 2));
        w.assertHolds(G1, GC, M1, M2, M4);
        assertEquals(m3Before, w.node(M3).keyFingerprint(G1));
        // Anyone could send a frame m3 cannot open: counted, not an ended exchange.
        assertEquals(List.of(), w.net.reports(M3));
        assertEquals(List.of(Check.DECRYPTION), w.net.rejections(M3).stream().map(r -> r.check()).toList());
        assertEquals(1, w.seen(MessageType.REKEY_MULTICAST).stream().map(java.util.Arrays::toString).distinct().count());
        w.assertLogsVerify();
    }

    static LkhBinding.Member openPath(World w, CryptoProvider p, GroupPolicy policy, EntityId m) throws Exception {
        List<Event.TreePathReceived> paths = w.net.events(m, Event.TreePathReceived.class);
        assertTrue(!paths.isEmpty(), m + " got no tree path");
        return LkhBinding.Member.open(p, policy, G1, paths.get(paths.size() - 1).path());
    }

    static void adopt(World w, EntityId id, LkhBinding.EngineKeys k) {
        GkmpNode n = w.node(id);
        w.net.post(id, n.adoptKeys(G1, k.gtekId(), k.gtek(), k.gkekId(), k.gkek(), w.net.now));
    }
}
