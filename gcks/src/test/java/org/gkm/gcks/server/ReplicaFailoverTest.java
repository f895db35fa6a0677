package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.member.ReconnectPolicy;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member follows the group to another GCKS when its own fails: server A hosts the group on a
 * durable store and is closed; server B opens the same committed state on another port only after
 * a delay, so the member's first attempts (at A and at B) fail and it backs off; it then registers
 * at B again, keeps its place in the tree, and follows a rekey committed at B. A member without
 * failover sees the connection end, as before.
 */
class ReplicaFailoverTest {
    private static final GkmpGroupId G = new GkmpGroupId(7);
    private static final EntityId GC = EntityId.of("gcks");
    private static final GroupId KEY_SERVER = GroupId.of("gkmp-" + G.value());
    private static final SnapshotPolicy SNAPSHOTS = SnapshotPolicy.every(64);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long B stays down after A closed: longer than the first back-offs, so they meet no GCKS. */
    private static final long B_DELAY_MILLIS = 800;

    @TempDir
    Path dir;

    private final CryptoProvider p = CryptoProviders.get("java");
    private final long t0 = System.currentTimeMillis();
    private final SecurityManagerAuthority sm = new SecurityManagerAuthority(p, EntityId.of("sm"), SignatureAlgorithm.ED25519, t0);
    private final List<MemberAgent> agents = new ArrayList<>();
    private GroupStore store;
    private GcksServer a;
    private volatile GcksServer b;
    private Thread starter;

    @AfterEach
    void tearDown() throws Exception {
        if (starter != null) {
            starter.join(30_000);
            assertFalse(starter.isAlive(), "B's starter still running");
        }
        for (MemberAgent m : agents) {
            try {
                m.close();
            } catch (IOException e) {
                // a member of a closed server cannot say goodbye; close still destroys its keys
            }
        }
        for (GcksServer s : new GcksServer[] {a, b}) {
            if (s != null) {
                s.close();
                assertTrue(s.isTerminated(), "server threads still running");
            }
        }
        if (store != null) {
            store.close();
        }
    }

    private GroupPersistence persistence() throws Exception {
        StoreMembership.Loaded m = StoreMembership.open(store, G.value());
        GroupStoreLog log = GroupStoreLog.open(store, StoreGroupId.of("gkm-serve/log/" + G.value()));
        return new GroupPersistence(m.membership().orElse(Membership.empty()), m.store(), log);
    }

    private MemberAgent agent(String id, AgentConfig config) {
        Credentials c = sm.enroll(EntityId.of(id), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops", "intel"), t0);
        MemberAgent m = new MemberAgent(p, c, sm.anchor(), sm.crl(), config);
        agents.add(m);
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aMemberReconnectsToTheNextReplicaWithBackOffAndFollowsItsRekeys() throws Exception {
        byte[] master = new byte[32];
        for (int i = 0; i < master.length; i++) {
            master[i] = (byte) (i * 13 + 5);
        }
        store = SealedGroupStore.open(SqliteGroupStore.open(dir.resolve("gkm.db")), p, SecretBytes.copyOf(master));
        GroupPolicy policy = GroupPolicy.defaults();
        Credentials gc = sm.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops", "intel"), t0);
        Credentials cmd = sm.enroll(EntityId.of("commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                Permissions.of(9, "ops", "intel"), t0);
        Credentials founder = sm.enroll(EntityId.of("founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops", "intel"), t0);
        GroupSetup setup = new GroupSetup(G, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder,
                Permissions.of(2, "ops"), 1000);

        a = GcksServer.start(p, ServerOptions.defaults(), new GcksMetrics());
        a.host(setup, DurableGroupBackend.create(store, p, policy, KEY_SERVER, 1, SNAPSHOTS), persistence());
        InetSocketAddress bAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        AgentConfig single = new AgentConfig(a.address(), null, G, GC, policy, Duration.ofMillis(20), Duration.ofSeconds(2), WAIT);
        AgentConfig replicated = single.withReplicas(List.of(a.address(), bAddress),
                new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(20)));

        MemberAgent follower = agent("m1", replicated);
        follower.register();
        MemberAgent stayer = agent("m2", single);
        stayer.register();
        MemberAgent resyncer = agent("m3", replicated);
        resyncer.register();
        follower.awaitSequence(a.backend(G).sequence(), WAIT);
        int treeId = follower.memberId();
        long before = follower.sequence();
        assertEquals(a.address(), follower.server());

        a.close();
        AtomicReference<Throwable> startFailure = new AtomicReference<>();
        long closedAt = System.nanoTime();
        starter = Thread.ofPlatform().name("start-b").start(() -> {
            try {
                Thread.sleep(B_DELAY_MILLIS);
                GcksServer s = GcksServer.start(p, ServerOptions.defaults().withNet(ServerConfig.defaults().withBind(bAddress)),
                        new GcksMetrics());
                b = s;
                s.host(setup, DurableGroupBackend.open(store, p, KEY_SERVER, SNAPSHOTS), persistence());
            } catch (Throwable t) {
                startFailure.set(t);
            }
        });

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (follower.reconnects() == 0 && System.nanoTime() - deadline < 0) {
            follower.pump(Duration.ofMillis(100));
        }
        long tookMillis = (System.nanoTime() - closedAt) / 1_000_000;
        starter.join(30_000);
        assertNull(startFailure.get(), () -> "B did not start: " + startFailure.get());
        assertEquals(1, follower.reconnects());
        assertTrue(tookMillis >= B_DELAY_MILLIS, "reconnected after " + tookMillis + " ms, before B was up");
        assertEquals(bAddress, follower.server());
        assertEquals(treeId, follower.memberId(), "B kept the member's place in the tree");

        GroupBackend keys = b.backend(G);
        assertTrue(follower.sequence() >= before);
        assertEquals(keys.sequence(), follower.sequence(), "at B's head after registering again");
        assertEquals(keys.tekFingerprint(), follower.tekFingerprint());
        long rekey = b.changeTek(G);
        follower.awaitSequence(rekey, WAIT);
        assertEquals(keys.tekFingerprint(), follower.tekFingerprint());
        assertTrue(b.members(G).stream().anyMatch(s -> s.entity().equals(EntityId.of("m1")) && s.connected()), b.members(G).toString());

        // a member whose resync finds its connection gone follows it to B too, at B's head
        resyncer.resyncTcp();
        assertEquals(1, resyncer.reconnects());
        assertEquals(bAddress, resyncer.server());
        assertEquals(keys.sequence(), resyncer.sequence());
        assertEquals(keys.tekFingerprint(), resyncer.tekFingerprint());

        // without failover the member is told its connection ended, and stays away
        AgentException lost = assertThrows(AgentException.class, () -> stayer.pump(WAIT));
        assertTrue(lost.connectionLost(), lost.getMessage());
        assertFalse(stayer.removed());
        assertEquals(0, stayer.reconnects());
        assertEquals(a.address(), stayer.server());
    }
}
