package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;
import java.util.Random;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.member.ReconnectPolicy;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.data.DataSaKey;
import org.gkm.rekey.data.DataSaReceiver;
import org.gkm.rekey.data.DataSaSender;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Members of delegated subtrees follow their parent group's stream over loopback (claim 18): a
 * parent GCKS whose group's members are two subtrees, each the group of its own GCKS, with member
 * agents registered at both subordinates and configured with the parent's access. Checks that
 * every member ends on the parent's TEK after joins and leaves in either subtree, that a member
 * removed from a subtree cannot open the parent's later messages while the others move on, and
 * that a member that missed parent messages catches up through the parent's resync.
 */
class DelegatedMemberAgentTest {
    private static final GkmpGroupId PARENT = new GkmpGroupId(91);
    private static final GroupPolicy POLICY = DelegationFixture.POLICY;
    private static final Duration WAIT = DelegationFixture.WAIT;

    private DelegationFixture fx;
    private CryptoProvider p;
    private DelegationFixture.Parent parent;
    private final GcksFixture[] subs = new GcksFixture[2];

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** The parent (compacting its messages every 8 records), and the GCKSs of subtrees 0 and 1 reporting to it, each report taken. */
    private void start(String provider) throws Exception {
        start(provider, SnapshotPolicy.every(8));
    }

    private void start(String provider, SnapshotPolicy parentSnapshots) throws Exception {
        fx = new DelegationFixture(CryptoProviders.get(provider), PARENT);
        p = fx.p;
        parent = fx.parent(new InMemoryGroupStore(), new AtomicReference<>(Membership.empty()), true, parentSnapshots, 0, 1);
        for (int i = 0; i < 2; i++) {
            subs[i] = fx.subordinate(parent, i, new InMemoryGroupStore(), true, true);
        }
        awaitTaken(0);
        awaitTaken(1);
        for (int i = 0; i < 2; i++) {
            GcksServer sub = subs[i].server;
            // the parent took the report before its receipt reaches the subordinate
            DelegationFixture.await("subtree " + i + "'s GCKS holds the parent's receipt", () -> sub.parentAccess(GcksFixture.G).isPresent());
        }
    }

    /** What a member of subtree {@code i} needs to follow the parent, as its GCKS learned it, checked against the parent. */
    private ParentAccess access(int i) {
        ParentAccess a = subs[i].server.parentAccess(GcksFixture.G).orElseThrow();
        assertEquals(parent.subtree(i).memberId(), a.member());
        assertEquals(parent.backend.epoch(), a.epoch());
        assertEquals(parent.backend.signingPublicKey(), a.signingKey());
        assertEquals(parent.backend.group(), a.engineGroup());
        assertEquals(List.of(parent.server.address()), a.frames());
        assertEquals(List.of(parent.http()), a.http());
        return a;
    }

    /** Registers {@code id} at subtree {@code i}'s GCKS as a member that follows the parent. */
    private MemberAgent join(int i, String id) throws Exception {
        return join(i, id, subs[i].agentConfig());
    }

    private MemberAgent join(int i, String id, AgentConfig base) throws Exception {
        MemberAgent a = subs[i].agent(subs[i].enroll(id), base.withParent(access(i)));
        a.register();
        return a;
    }

    /** Waits until the parent took subtree {@code i}'s report of its GCKS's committed state. */
    private void awaitTaken(int i) throws InterruptedException {
        DelegationFixture.awaitTaken(parent, i, subs[i]);
    }

    /** Every one of {@code members} reaches the parent's head and holds the parent's TEK. */
    private void assertAllOnParentTek(List<MemberAgent> members) throws Exception {
        long head = parent.backend.sequence();
        for (MemberAgent m : members) {
            m.awaitParentSequence(head, WAIT);
        }
        String tek = parent.backend.tekFingerprint();
        for (MemberAgent m : members) {
            assertEquals(head, m.parentSequence(), "member " + m.memberId() + " at the parent's head");
            assertEquals(tek, m.tekFingerprint(), "member " + m.memberId() + " holds the parent's TEK");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void membersOfBothSubtreesEndOnTheParentsTekThroughJoinsAndLeaves(String provider) throws Exception {
        start(provider);
        List<MemberAgent> live = new ArrayList<>();
        List<List<String>> names = List.of(new ArrayList<>(), new ArrayList<>());
        Map<String, MemberAgent> byName = new HashMap<>();
        for (String id : List.of("a0", "b0")) {
            MemberAgent a = join(0, id);
            live.add(a);
            byName.put(id, a);
            names.get(0).add(id);
        }
        for (String id : List.of("c1", "d1")) {
            MemberAgent a = join(1, id);
            live.add(a);
            byName.put(id, a);
            names.get(1).add(id);
        }
        awaitTaken(0);
        awaitTaken(1);
        assertAllOnParentTek(live);
        // the group's Data SA is the parent's: data a member of subtree 0 seals opens at a member of subtree 1
        assertEquals(byName.get("a0").tekId(), byName.get("d1").tekId());
        DataSaKey k0 = byName.get("a0").dataKey();
        DataSaKey k1 = byName.get("c1").dataKey();
        DataSaSender sender = new DataSaSender(p, k0, byName.get("a0").senderId());
        DataSaReceiver receiver = new DataSaReceiver(p, k1);
        byte[] data = "across subtrees".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(data, receiver.open(sender.seal(data)));
        sender.destroy();
        k0.destroy();
        k1.destroy();

        long seed = Long.getLong("gkm.delegation.seed", System.nanoTime()); // -Dgkm.delegation.seed=... replays a run
        System.out.println("DelegatedMemberAgentTest seed " + seed);
        Random rnd = new Random(seed);
        int joined = 0;
        for (int step = 0; step < 6; step++) {
            int i = rnd.nextInt(2);
            boolean leave = names.get(i).size() > 1 && rnd.nextBoolean();
            if (leave) {
                String id = names.get(i).remove(rnd.nextInt(names.get(i).size()));
                MemberAgent gone = byName.remove(id);
                live.remove(gone);
                subs[i].server.remove(GcksFixture.G, EntityId.of(id));
            } else {
                String id = "j" + (joined++) + "s" + i;
                MemberAgent a = join(i, id);
                live.add(a);
                byName.put(id, a);
                names.get(i).add(id);
            }
            awaitTaken(i);
            assertAllOnParentTek(live);
        }
        long relayed = live.stream().mapToLong(MemberAgent::relayedParentRekeys).sum();
        assertTrue(relayed > 0, "the subordinates relayed parent rekeys to their members");
        System.out.println("relayed parent rekeys " + relayed + ", parent resyncs "
                + live.stream().mapToLong(MemberAgent::parentResyncs).sum() + ", rebuilds from the path "
                + live.stream().mapToLong(MemberAgent::parentRebuilds).sum() + " over " + live.size() + " members");
        for (MemberAgent m : live) {
            assertEquals(0, m.rejectedParentRekeys(), "member " + m.memberId() + " refused no relayed parent rekey");
        }
    }

    @Test
    void aMemberRemovedFromASubtreeCannotOpenTheParentsNextMessage() throws Exception {
        start("openssl");
        MemberAgent a = join(0, "alice");
        MemberAgent b = join(0, "bob");
        MemberAgent c = join(1, "carol");
        awaitTaken(0);
        awaitTaken(1);
        assertAllOnParentTek(List.of(a, b, c));
        String before = b.tekFingerprint();
        long parentBefore = b.parentSequence();

        subs[0].server.remove(GcksFixture.G, EntityId.of("bob"));
        awaitTaken(0);
        assertTrue(parent.backend.sequence() > parentBefore, "the leave in subtree 0 rekeyed the parent");
        assertAllOnParentTek(List.of(a, c));
        // bob's GCKS closed his connection; nothing he holds opens the parent's later messages
        assertThrows(AgentException.class, () -> b.pump(WAIT));
        assertTrue(b.removed());
        AgentException e = assertThrows(AgentException.class, b::resyncParent);
        assertTrue(e.getMessage().contains("not under this subtree's keys"), e.getMessage());
        assertEquals(parentBefore, b.parentSequence());
        assertEquals(before, b.tekFingerprint());
        assertNotEquals(parent.backend.tekFingerprint(), b.tekFingerprint());

        // the others move on with the parent
        subs[1].server.changeTek(GcksFixture.G); // inside subtree 1 only: the parent does not change
        join(1, "dave");
        awaitTaken(1);
        assertAllOnParentTek(List.of(a, c));
        assertEquals(before, b.tekFingerprint());
    }

    @Test
    void aParentPathNotSignedByTheNamedParentKeyIsRefused() throws Exception {
        start("openssl");
        MemberAgent a = join(0, "alice");
        ParentAccess real = access(0);
        // the same parent, but a signing key that is not the parent's
        org.gkm.crypto.KeyPair other = p.keys().generate(SignatureAlgorithm.ED25519.keyType());
        ParentAccess forged = new ParentAccess(real.frames(), real.http(), real.group(), real.engineGroup(), real.policy(),
                real.subtree(), real.member(), real.epoch(), other.publicKey());
        AgentConfig c = subs[0].agentConfig();
        AgentConfig quick = new AgentConfig(c.gcks(), c.http(), c.group(), c.controller(), c.policy(), c.resyncBackoff(),
                c.tekGrace(), Duration.ofSeconds(2)).withParent(forged);
        MemberAgent mallory = subs[0].agent(subs[0].enroll("mallory"), quick);
        AgentException e = assertThrows(AgentException.class, mallory::register);
        assertTrue(e.getMessage().contains("parent group's keys were not obtained"), e.getMessage());
        assertTrue(e.getMessage().contains("not the parent's message"), e.getMessage());
        assertTrue(e.getCause().getCause() instanceof org.gkm.rekey.message.MessageSignatureException, String.valueOf(e.getCause()));
        assertEquals(-1, mallory.parentSequence());
        assertThrows(IllegalStateException.class, mallory::tekFingerprint, "no group TEK without the parent's keys");
        // the others are not disturbed
        awaitTaken(0);
        assertAllOnParentTek(List.of(a));
    }

    /**
     * With {@code compacting}, the parent snapshots and drops its messages every 8 records, so the
     * ones missed may be gone: the agent then rebuilds from the parent's path; otherwise the missed
     * messages (one replacing subtree 0's leaf, opened with the keys its new root derives) come from
     * the parent's resync alone.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMemberThatMissedParentMessagesCatchesUpThroughTheParentsResync(boolean compacting) throws Exception {
        start("openssl", compacting ? SnapshotPolicy.every(8) : new SnapshotPolicy(1_000, false));
        MemberAgent a = join(0, "alice");
        AgentConfig failover = subs[0].agentConfig()
                .withReplicas(List.of(subs[0].server.address()), ReconnectPolicy.within(WAIT));
        MemberAgent x = join(0, "xavier", failover);
        MemberAgent c = join(1, "carol");
        awaitTaken(0);
        awaitTaken(1);
        assertAllOnParentTek(List.of(a, x, c));

        // xavier goes away; subtree 1 changes twice and subtree 0 once (its root, so the parent replaces its leaf)
        long missedFrom = x.parentSequence();
        long resyncs = x.parentResyncs();
        long rebuilds = x.parentRebuilds();
        x.disconnect();
        join(1, "dave");
        awaitTaken(1);
        join(1, "erin");
        awaitTaken(1);
        join(0, "bob");
        awaitTaken(0);
        assertAllOnParentTek(List.of(a, c));
        assertTrue(parent.backend.sequence() >= missedFrom + 3, "xavier missed at least three parent messages");
        assertTrue(x.parentSequence() < parent.backend.sequence());

        // pumped: the lost connection is followed (registered again), and the parent's stream caught up from the parent
        x.pump(Duration.ofSeconds(2));
        assertEquals(1, x.reconnects());
        assertTrue(x.parentResyncs() > resyncs, "the parent's messages came from a parent resync");
        assertEquals(parent.backend.sequence(), x.parentSequence());
        assertEquals(parent.backend.tekFingerprint(), x.tekFingerprint());
        if (!compacting) {
            assertEquals(rebuilds, x.parentRebuilds(), "no rebuild from the parent's path: every missed message applied");
        }
        assertEquals(0, x.rejectedParentRekeys());
    }
}
