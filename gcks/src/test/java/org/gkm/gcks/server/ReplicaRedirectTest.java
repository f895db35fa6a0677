package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.member.ReconnectPolicy;
import org.gkm.gkmp.EntityId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member among the replicas of a replicated GCKS: a replica that does not lead names the leader
 * and the member registers there, but only when the leader is one of its configured replicas; with
 * no leader it tries its replicas in turn with back-off until its budget is spent. Replicas that do
 * not lead are {@link NotLeaderReplica}s; the leader is a real GCKS.
 */
class ReplicaRedirectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Short waits, so a test of the budget takes about a second. */
    private static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), WAIT);

    private GcksFixture fx;
    private final List<NotLeaderReplica> replicas = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (NotLeaderReplica r : replicas) {
            r.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private NotLeaderReplica replica(InetSocketAddress leader) throws Exception {
        NotLeaderReplica r = new NotLeaderReplica(leader);
        replicas.add(r);
        return r;
    }

    private AgentConfig config(ReconnectPolicy policy, InetSocketAddress... replicas) {
        return fx.agentConfig().withReplicas(List.of(replicas), policy);
    }

    @Test
    void aFollowerNamesTheLeaderAndTheMemberRegistersThere() throws Exception {
        fx = new GcksFixture("java");
        NotLeaderReplica follower = replica(fx.server.address());
        MemberAgent m = fx.agent(fx.enroll("m1"), config(FAST, follower.address(), fx.server.address()));
        m.register();
        assertEquals(1, follower.registrations());
        assertEquals(fx.server.address(), m.server());
        assertEquals(0, m.reconnects(), "a redirect at registration is not a reconnect");
        assertEquals(1, fx.server.members(GcksFixture.G).size());
        m.awaitSequence(fx.backend.sequence(), WAIT);
        assertEquals(fx.serverTek(), m.tekFingerprint());
    }

    @Test
    void withNoLeaderKnownTheMemberTriesTheNextReplica() throws Exception {
        fx = new GcksFixture("java");
        NotLeaderReplica electing = replica(null);
        MemberAgent m = fx.agent(fx.enroll("m1"), config(FAST, electing.address(), fx.server.address()));
        m.register();
        assertEquals(1, electing.registrations());
        assertEquals(fx.server.address(), m.server());
        assertEquals(fx.serverTek(), m.tekFingerprint());
    }

    @Test
    void anUnreachableReplicaIsPassedOver() throws Exception {
        fx = new GcksFixture("java");
        InetSocketAddress dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        } // closed: a connect there is refused
        MemberAgent m = fx.agent(fx.enroll("m1"), config(FAST, dead, fx.server.address()));
        m.register();
        assertEquals(fx.server.address(), m.server());
        assertEquals(fx.serverTek(), m.tekFingerprint());
    }

    /**
     * The frame transport is not authenticated: a replica (or anyone on the path) naming a leader
     * the member was not configured with must not pull it there. The GCKS named is real and would
     * register the member, so a member that followed would succeed.
     */
    @Test
    void aRedirectToAnAddressNotConfiguredIsNotFollowedAndTheBudgetEndsInNotLeader() throws Exception {
        fx = new GcksFixture("java");
        NotLeaderReplica pointsAway = replica(fx.server.address());
        NotLeaderReplica electing = replica(null);
        long sequence = fx.backend.sequence();
        String tek = fx.serverTek();
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(1500));
        MemberAgent m = fx.agent(fx.enroll("m1"), config(policy, pointsAway.address(), electing.address()));
        long t0 = System.nanoTime();
        AgentException e = assertThrows(AgentException.class, m::register);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Refusal.NOT_LEADER, e.refusal().orElseThrow(), e.getMessage());
        assertTrue(e.getMessage().contains("no replica of group 7 registered this member within 1500 ms"), e.getMessage());
        assertTrue(tookMillis >= 1400 && tookMillis < 8000, "gave up after " + tookMillis + " ms");
        assertTrue(pointsAway.registrations() >= 2 && electing.registrations() >= 2,
                "tried both replicas in turn: " + pointsAway.registrations() + ", " + electing.registrations());
        // the real GCKS never heard of the member
        assertEquals(0, fx.server.transport().stats().accepted());
        assertEquals(0, fx.server.metrics().registrations());
        assertTrue(fx.server.members(GcksFixture.G).isEmpty());
        assertEquals(sequence, fx.backend.sequence());
        assertEquals(tek, fx.serverTek());
    }

    @Test
    void withFailoverOffANotLeaderRefusalIsTheAnswer() throws Exception {
        fx = new GcksFixture("java");
        NotLeaderReplica follower = replica(fx.server.address());
        MemberAgent m = fx.agent(fx.enroll("m1"), config(ReconnectPolicy.off(), follower.address(), fx.server.address()));
        AgentException e = assertThrows(AgentException.class, m::register);
        assertEquals(Refusal.NOT_LEADER, e.refusal().orElseThrow());
        assertEquals("registration refused: leader " + fx.server.address().getHostString() + ":" + fx.server.address().getPort(),
                e.getMessage());
        assertEquals(1, follower.registrations());
        assertEquals(0, fx.server.transport().stats().accepted());
    }

    /** A member the GCKS removed is told so and stays out: it does not reconnect, even with failover on. */
    @Test
    void aRemovedMemberDoesNotReconnect() throws Exception {
        fx = new GcksFixture("java");
        MemberAgent stays = fx.agent(fx.enroll("m1"), config(FAST, fx.server.address()));
        stays.register();
        MemberAgent removed = fx.agent(fx.enroll("m2"), config(FAST, fx.server.address()));
        removed.register();
        // the GCKS counts a registration just after answering it: wait for both
        long until = System.nanoTime() + WAIT.toNanos();
        while (fx.server.metrics().registrations() < 2 && System.nanoTime() - until < 0) {
            Thread.sleep(10);
        }
        long registrations = fx.server.metrics().registrations();
        assertEquals(2, registrations);
        long accepted = fx.server.transport().stats().accepted();
        long leave = fx.server.remove(GcksFixture.G, EntityId.of("m2"));
        stays.awaitSequence(leave, WAIT);
        AgentException e = assertThrows(AgentException.class, () -> removed.pump(WAIT));
        assertTrue(removed.removed(), e.getMessage());
        assertTrue(e.refusal().isEmpty(), "not a refused re-registration: " + e.getMessage());
        assertEquals(0, removed.reconnects());
        AgentException again = assertThrows(AgentException.class, () -> removed.awaitSequence(leave + 1, WAIT));
        assertTrue(again.getMessage().startsWith("removed from the group"), again.getMessage());
        assertEquals(0, removed.reconnects());
        assertEquals(registrations, fx.server.metrics().registrations());
        assertEquals(accepted, fx.server.transport().stats().accepted(), "no new connection");
        assertEquals(fx.serverTek(), stays.tekFingerprint());
    }
}
