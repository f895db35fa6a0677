package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replicated group as the GCKS follows it ({@link GcksServer#follow}), over a replica whose
 * leadership the test switches: while it does not lead, registrations are refused NOT_LEADER naming
 * the leader and change nothing, and resync is served; when it comes to lead, the group is hosted
 * from the committed membership; when it loses the lead, members' connections end with a goodbye;
 * when it leads again, members registered before are known (same tree member id, no rekey).
 */
class FollowedGroupTest {
    private static final EntityId SM = EntityId.of("sm");
    private static final EntityId GC = EntityId.of("gcks");
    private static final GkmpGroupId G = new GkmpGroupId(11);
    private static final InetSocketAddress ELSEWHERE = new InetSocketAddress("127.0.0.1", 4999);

    /** A replica whose leadership the test sets; its membership "commits" to a field. */
    private static final class SwitchedReplica implements ReplicatedGroup {
        final GroupBackend backend;
        volatile boolean leading;
        volatile InetSocketAddress leader = ELSEWHERE;
        volatile Membership committed = Membership.empty();
        final AtomicInteger saves = new AtomicInteger();
        final AtomicInteger handOffs = new AtomicInteger();

        SwitchedReplica(GroupBackend backend) {
            this.backend = backend;
        }

        @Override
        public GkmpGroupId id() {
            return G;
        }

        @Override
        public GroupBackend backend() {
            return backend;
        }

        @Override
        public boolean readyToLead() {
            return leading;
        }

        @Override
        public boolean leads() {
            return leading;
        }

        @Override
        public boolean handOff(Duration timeout) {
            handOffs.incrementAndGet();
            boolean was = leading;
            leading = false;
            return was;
        }

        @Override
        public Optional<InetSocketAddress> leaderFrames() {
            return Optional.ofNullable(leader);
        }

        @Override
        public Membership committedMembership() {
            return committed;
        }

        @Override
        public MembershipStore membershipStore() {
            return m -> {
                if (!leading) {
                    throw new BackendException(BackendException.Reason.NOT_LEADER, "not the leader", null);
                }
                committed = m;
                saves.incrementAndGet();
            };
        }
    }

    private CryptoProvider p;
    private SecurityManagerAuthority sm;
    private GcksServer server;
    private SwitchedReplica replica;
    private final List<MemberAgent> agents = new ArrayList<>();
    private long t0;

    private void start(String provider) throws Exception {
        p = CryptoProviders.get(provider);
        t0 = System.currentTimeMillis();
        sm = new SecurityManagerAuthority(p, SM, SignatureAlgorithm.ED25519, t0);
        Credentials gc = sm.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops", "intel"), t0);
        Credentials cmd = sm.enroll(EntityId.of("commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                Permissions.of(9, "ops", "intel"), t0);
        Credentials founder = sm.enroll(EntityId.of("founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops", "intel"), t0);
        server = GcksServer.start(p, ServerOptions.defaults(), new GcksMetrics());
        replica = new SwitchedReplica(InMemoryGroupBackend.create(p, GroupPolicy.defaults(), GroupId.of("gkmp-" + G.value()), 1, 100));
        server.follow(replica, () -> new GroupSetup(G, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder,
                Permissions.of(2, "ops"), 100), null, GroupTiming.SERVER);
    }

    @AfterEach
    void stop() throws Exception {
        for (MemberAgent a : agents) {
            a.close();
        }
        if (server != null) {
            server.close();
            assertTrue(server.isTerminated(), "server threads still running");
        }
    }

    private MemberAgent agent(String id) {
        Credentials c = sm.enroll(EntityId.of(id), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops", "intel"), t0);
        MemberAgent a = new MemberAgent(p, c, sm.anchor(), sm.crl(), new AgentConfig(server.address(), null, G, GC,
                GroupPolicy.defaults(), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        agents.add(a);
        return a;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void hostsTheGroupOnlyWhileItsReplicaLeads(String provider) throws Exception {
        start(provider);
        // 1. a follower: refused with the leader's address, nothing changes; resync is served
        Thread.sleep(3 * GcksServer.LEADERSHIP_POLL_MILLIS);
        assertFalse(server.hosts(G));
        byte[] before = replica.backend.fingerprint();
        MemberAgent a = agent("a");
        AgentException refused = assertThrows(AgentException.class, a::register);
        assertEquals(Optional.of(Refusal.NOT_LEADER), refused.refusal());
        assertTrue(refused.getMessage().contains("leader 127.0.0.1:4999"), refused.getMessage());
        replica.leader = null;
        AgentException noLeader = assertThrows(AgentException.class, agent("a2")::register);
        assertTrue(noLeader.getMessage().contains(Refusal.NO_LEADER), noLeader.getMessage());
        assertEquals(0, replica.backend.sequence());
        assertTrue(java.util.Arrays.equals(before, replica.backend.fingerprint()), "a refused registration changed the key server");
        assertEquals(0, replica.saves.get());
        assertEquals(List.of(G), server.groupIds());
        GroupStatus follower = server.status(G);
        assertEquals("follower; no leader", follower.role());
        assertEquals(0, follower.members().size());
        assertThrows(GcksServer.NotLeaderException.class, () -> server.changeTek(G));
        try (org.gkm.gcks.net.MemberConnection conn = org.gkm.gcks.net.MemberConnection.connect(server.address())) {
            conn.send(Payloads.resyncRequest(G.value(), 0, 10));
            Payloads.ResyncReply resync = Payloads.resyncReply(conn.receive(Duration.ofSeconds(5)));
            assertEquals(null, resync.refused(), "resync on a follower is answered from its committed state");
            assertEquals(0, resync.head());
        }

        // 2. it comes to lead: hosted, members register, the membership is committed through the replica
        replica.leading = true;
        await(() -> server.hosts(G), "hosting after the replica leads");
        assertEquals(GroupStatus.LEADER, server.status(G).role());
        MemberAgent b = agent("b");
        b.register();
        MemberAgent c = agent("c");
        c.register();
        c.awaitSequence(replica.backend.sequence(), Duration.ofSeconds(5));
        b.awaitSequence(replica.backend.sequence(), Duration.ofSeconds(5));
        assertEquals(replica.backend.tekFingerprint(), b.tekFingerprint());
        assertTrue(replica.committed.treeIds().containsKey(EntityId.of("b")) && replica.committed.confirmed().contains(EntityId.of("c")));
        int bId = b.memberId();
        long seqAtLoss = replica.backend.sequence();

        // 3. it loses the lead: connections end with a goodbye, registrations are refused again
        replica.leading = false;
        replica.leader = ELSEWHERE;
        await(() -> !server.hosts(G), "hosting to end after the lead is lost");
        AgentException gone = assertThrows(AgentException.class, () -> b.pump(Duration.ofSeconds(5)));
        assertTrue(gone.getMessage().contains("no longer leads"), gone.getMessage());
        AgentException d = assertThrows(AgentException.class, agent("d")::register);
        assertEquals(Optional.of(Refusal.NOT_LEADER), d.refusal());
        assertEquals(seqAtLoss, replica.backend.sequence());

        // 4. it leads again: the committed membership is restored; b re-registers as the same tree member
        replica.leading = true;
        await(() -> server.hosts(G), "hosting after the replica leads again");
        b.reconnect();
        b.register();
        assertEquals(bId, b.memberId(), "a confirmed member keeps its tree member id under the new leader");
        assertEquals(seqAtLoss, replica.backend.sequence(), "re-registration of a known member is no rekey");
        MemberAgent e = agent("e");
        e.register();
        b.awaitSequence(replica.backend.sequence(), Duration.ofSeconds(5));
        assertNotEquals(seqAtLoss, replica.backend.sequence());
        assertEquals(replica.backend.tekFingerprint(), b.tekFingerprint());
        assertEquals(replica.backend.tekFingerprint(), e.tekFingerprint());
        assertEquals(2, server.metrics().leaderships());

        // a clean stop of the leading replica hands the lead over first
        server.close();
        assertEquals(1, replica.handOffs.get());
        assertFalse(replica.leading);
    }
}
