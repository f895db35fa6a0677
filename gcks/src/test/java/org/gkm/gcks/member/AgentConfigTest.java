package org.gkm.gcks.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.api.Test;

/** The replicas and reconnect policy of an agent's configuration, and the back-off they give. */
class AgentConfigTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 7001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 7002);

    private static AgentConfig single() {
        return new AgentConfig(A, null, new GkmpGroupId(1), EntityId.of("gcks"), GroupPolicy.defaults(), Duration.ofMillis(20),
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void theSingleServerConstructorHasOneReplicaAndNoFailover() {
        AgentConfig c = single();
        assertEquals(List.of(A), c.replicas());
        assertFalse(c.reconnect().enabled());
    }

    @Test
    void replicasBeginWithTheGcksAndAreListedOnce() {
        AgentConfig c = single().withReplicas(List.of(B, A), ReconnectPolicy.defaults());
        assertEquals(B, c.gcks());
        assertEquals(List.of(B, A), c.replicas());
        assertTrue(c.reconnect().enabled());
        assertThrows(IllegalArgumentException.class, () -> single().withReplicas(List.of(), ReconnectPolicy.defaults()));
        assertThrows(IllegalArgumentException.class, () -> single().withReplicas(List.of(A, B, A), ReconnectPolicy.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new AgentConfig(A, null, new GkmpGroupId(1), EntityId.of("gcks"),
                GroupPolicy.defaults(), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1), List.of(B), ReconnectPolicy.off()));
    }

    private static org.gkm.gcks.server.ParentAccess parent(List<java.net.URI> http) {
        org.gkm.crypto.CryptoProvider p = org.gkm.crypto.CryptoProviders.get("java");
        org.gkm.crypto.PublicKey key = p.keys().generate(org.gkm.crypto.SignatureAlgorithm.ED25519.keyType()).publicKey();
        return new org.gkm.gcks.server.ParentAccess(List.of(B), http, 90, org.gkm.rekey.message.GroupId.of("parent"),
                GroupPolicy.defaults(), 0, 0, 1, key);
    }

    @Test
    void aParentIsKeptAcrossReplicasAndNeedsAnHttpAddress() {
        assertNull(single().parent(), "not delegated unless told");
        org.gkm.gcks.server.ParentAccess pa = parent(List.of(java.net.URI.create("http://127.0.0.1:7080")));
        AgentConfig c = single().withParent(pa);
        assertSame(pa, c.parent());
        assertEquals(single().replicas(), c.replicas());
        assertSame(pa, c.withReplicas(List.of(B, A), ReconnectPolicy.defaults()).parent());
        assertThrows(NullPointerException.class, () -> single().withParent(null));
        // the parent's keys are first built from its published path: no HTTP address, no parent
        assertThrows(IllegalArgumentException.class, () -> single().withParent(parent(List.of())));
    }

    @Test
    void aRedirectMatchesOnlyAConfiguredReplica() {
        AgentConfig c = single().withReplicas(List.of(A, B), ReconnectPolicy.defaults());
        assertSame(B, c.replicaAt(new InetSocketAddress("127.0.0.1", 7002)));
        assertNull(c.replicaAt(new InetSocketAddress("127.0.0.1", 7003)));
        assertNull(c.replicaAt(new InetSocketAddress("127.0.0.2", 7001)));
    }

    @Test
    void theBackOffDoublesToItsCapWithFullJitter() {
        ReconnectPolicy rp = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(60));
        SplittableRandom r = new SplittableRandom(1);
        long[] maxSeen = new long[10];
        for (int i = 0; i < 2000; i++) {
            for (int attempt = 0; attempt < maxSeen.length; attempt++) {
                long d = rp.delay(attempt, r).toMillis();
                assertTrue(d >= 0 && d < Math.min(5000, 100L << attempt), "attempt " + attempt + ": " + d);
                maxSeen[attempt] = Math.max(maxSeen[attempt], d);
            }
        }
        assertTrue(maxSeen[0] > 80, "the first bound is used: " + maxSeen[0]);
        assertTrue(maxSeen[3] > 700, "doubled three times: " + maxSeen[3]);
        assertTrue(maxSeen[9] > 4500, "capped, not cut short: " + maxSeen[9]);
        assertTrue(rp.delay(Integer.MAX_VALUE, r).toMillis() < 5000, "no overflow far out");
    }

    @Test
    void aPolicyRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofSeconds(-1)));
        assertFalse(ReconnectPolicy.off().enabled());
        assertFalse(ReconnectPolicy.within(Duration.ZERO).enabled());
        assertEquals(Duration.ofSeconds(60), ReconnectPolicy.defaults().budget());
    }
}
