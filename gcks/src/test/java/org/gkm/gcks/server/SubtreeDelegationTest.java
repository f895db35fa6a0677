package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.delegation.SubtreeLink;
import org.gkm.rekey.delegation.SubtreeReceipt;
import org.gkm.rekey.delegation.SubtreeReport;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subtree delegation between GCKS processes over loopback (claim 18; RFC 4046 sec. 7): a parent
 * GCKS whose group's members are two delegated subtrees, each the group of its own GCKS that
 * registers members and reports its committed root key changes over the frame transport. Checks
 * that joins and leaves inside a subtree reach the parent as reports taken by parent rekeys, that
 * the parent's leaf of a subtree holds exactly the keys the subtree's committed root derives (its
 * published path opens under them), that bad reports are refused with the parent unchanged, and
 * that a stopped subordinate, a restarted one and a restarted parent change nothing that should
 * not change.
 */
class SubtreeDelegationTest {
    private static final GkmpGroupId PARENT = new GkmpGroupId(90);
    private static final GroupPolicy POLICY = DelegationFixture.POLICY;

    private DelegationFixture fx;
    private CryptoProvider p;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private void start(String provider) {
        fx = new DelegationFixture(CryptoProviders.get(provider), PARENT);
        p = fx.p;
    }

    private DelegationFixture.Parent parent(InMemoryGroupStore store, AtomicReference<Membership> saved, boolean create, int... subtrees)
            throws Exception {
        return fx.parent(store, saved, create, SnapshotPolicy.every(8), subtrees);
    }

    private GcksFixture subordinate(DelegationFixture.Parent parent, int subtree, InMemoryGroupStore store, boolean create)
            throws Exception {
        return fx.subordinate(parent, subtree, store, create, false);
    }

    private SubtreeLink link(int subtree) {
        return fx.link(subtree);
    }

    private SubtreeLink forgedLink(int subtree) {
        return fx.forgedLink(subtree);
    }

    /** The parent's leaf keys of subtree {@code id} are the ones the subordinate's committed root derives. */
    private void assertLeafMatches(DelegationFixture.Parent parent, int id, GcksFixture sub) throws Exception {
        SubtreeLink link = link(id);
        ClientKeys derived = link.open(p, sub.backend.subtreeReport(link, POLICY.hybrid()), POLICY.hybrid());
        ClientKeys held = parent.backend.clientKeys(parent.subtree(id).memberId());
        try {
            assertTrue(held.clientKey().equalsConstantTime(derived.clientKey()), "the parent's leaf holds the subtree's derived key");
            // the parent's published path of that leaf opens under the derived keys, to the parent's TEK
            MemberKeyState s = MemberKeyState.fromDownload(p, POLICY, parent.backend.group(), parent.backend.epoch(),
                    parent.subtree(id).memberId(), derived, parent.backend.authKey(), parent.backend.signingPublicKey(),
                    parent.backend.sealedPath(parent.subtree(id).memberId()));
            SecretBytes tek = s.tek();
            assertEquals(parent.backend.tekFingerprint(), InMemoryGroupBackend.tekFingerprint(tek));
            assertEquals(parent.backend.sequence(), s.sequence());
            tek.destroy();
            s.destroy();
        } finally {
            derived.destroy();
            held.destroy();
        }
    }

    /** Sends {@code payload} as a SUBTREE_REPORT to the parent; returns the answer. */
    private static DelegationPayloads.Reply send(DelegationFixture.Parent parent, long group, byte[] report) throws Exception {
        try (MemberConnection c = MemberConnection.connect(parent.server.address())) {
            c.send(DelegationPayloads.report(group, report));
            Frame f = c.receive(Duration.ofSeconds(5));
            assertEquals(FrameType.SUBTREE_REPORT_REPLY, f.type());
            return DelegationPayloads.reply(f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void joinsAndLeavesInsideSubtreesReachTheParentAsReports(String provider) throws Exception {
        start(provider);
        AtomicReference<Membership> saved = new AtomicReference<>(Membership.empty());
        DelegationFixture.Parent parent = parent(new InMemoryGroupStore(), saved, true, 0, 1);
        GcksFixture s0 = subordinate(parent, 0, new InMemoryGroupStore(), true);
        GcksFixture s1 = subordinate(parent, 1, new InMemoryGroupStore(), true);
        DelegationFixture.awaitTaken(parent, 0, s0);
        DelegationFixture.awaitTaken(parent, 1, s1);
        assertEquals(2, parent.status().treeMembers(), "the parent's members are its two subtrees");
        int leaf0 = parent.subtree(0).memberId();
        int leaf1 = parent.subtree(1).memberId();
        assertLeafMatches(parent, 0, s0);

        // members register at subtree 0's GCKS; each change of its root reaches the parent as a report
        long parentBefore = parent.backend.sequence();
        long subBefore = s0.backend.sequence();
        MemberAgent a = s0.member("alice");
        MemberAgent b = s0.member("bob");
        DelegationFixture.awaitTaken(parent, 0, s0);
        long reports = parent.backend.sequence() - parentBefore;
        assertTrue(reports >= 1 && reports <= s0.backend.sequence() - subBefore,
                "one parent rekey per report, at most one per subtree rekey: " + reports);
        assertLeafMatches(parent, 0, s0);
        assertEquals(leaf0, parent.subtree(0).memberId(), "a report replaces the subtree's leaf keys in place");
        // the parent takes a report before its receipt reaches the subordinate
        DelegationFixture.await("subtree 0's GCKS has the receipt",
                () -> s0.server.parentStatus(GcksFixture.G).orElseThrow().confirmedReport() == s0.backend.sequence());
        GroupStatus.Parent confirmed = s0.server.parentStatus(GcksFixture.G).orElseThrow();
        assertEquals(leaf0, confirmed.parentMember());

        // a leave inside subtree 0: one report, one parent rekey; subtree 1 untouched
        long last1 = parent.subtree(1).lastReport();
        parentBefore = parent.backend.sequence();
        s0.server.remove(GcksFixture.G, EntityId.of("bob"));
        DelegationFixture.awaitTaken(parent, 0, s0);
        assertEquals(parentBefore + 1, parent.backend.sequence(), "a leave in a subtree costs the parent one rekey");
        assertLeafMatches(parent, 0, s0);
        assertEquals(last1, parent.subtree(1).lastReport());
        assertEquals(leaf1, parent.subtree(1).memberId());
        assertLeafMatches(parent, 1, s1);
        a.awaitSequence(s0.backend.sequence(), DelegationFixture.WAIT);

        // the subordinate relays the parent's messages to its members, and knows (from the receipts,
        // authenticated under the link) what they need to follow the parent
        DelegationFixture.await("subtree 0's GCKS relayed the parent's messages", () ->
                s0.server.parentStatus(GcksFixture.G).orElseThrow().relayedThrough() == parent.backend.sequence());
        ParentAccess access = s0.server.parentAccess(GcksFixture.G).orElseThrow();
        assertEquals(leaf0, access.member());
        assertEquals(parent.backend.epoch(), access.epoch());
        assertEquals(parent.backend.signingPublicKey(), access.signingKey());
        assertEquals(parent.backend.group(), access.engineGroup());
        assertEquals(0, access.subtree());

        // a TEK change inside a subtree leaves its root alone: nothing goes upward
        parentBefore = parent.backend.sequence();
        s0.server.changeTek(GcksFixture.G);
        Thread.sleep(4 * GcksServer.LEADERSHIP_POLL_MILLIS);
        assertEquals(parentBefore, parent.backend.sequence());

        // nobody registers in the parent's group itself
        Credentials c = parent.sm.enroll(EntityId.of("direct"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"),
                System.currentTimeMillis());
        MemberAgent direct = new MemberAgent(p, c, parent.sm.anchor(), parent.sm.crl(),
                new org.gkm.gcks.member.AgentConfig(parent.server.address(), null, PARENT, EntityId.of("parent-gcks"), POLICY,
                        Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        try {
            AgentException refused = assertThrows(AgentException.class, direct::register);
            assertEquals(Refusal.DELEGATED, refused.refusal().orElseThrow());
        } finally {
            direct.close();
        }
        assertEquals(2, parent.status().treeMembers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void badReportsAreRefusedAndChangeNothing(String provider) throws Exception {
        start(provider);
        DelegationFixture.Parent parent = parent(new InMemoryGroupStore(), new AtomicReference<>(Membership.empty()), true, 0);
        GcksFixture s0 = subordinate(parent, 0, new InMemoryGroupStore(), true);
        s0.member("alice");
        DelegationFixture.awaitTaken(parent, 0, s0);
        SubtreeReport current = s0.backend.subtreeReport(link(0), POLICY.hybrid());
        SubtreeLink forged = forgedLink(0);
        byte[] forgedKeys = s0.backend.subtreeReport(forged, POLICY.hybrid()).wrapped();
        s0.server.close(); // the subordinate stops: from here only this test talks to the parent
        byte[] fingerprint = parent.backend.fingerprint();
        GroupStatus.Subtree before = parent.subtree(0);

        // the report the parent took, sent again: "already accepted", under the link, nothing changed
        DelegationPayloads.Reply again = send(parent, PARENT.value(), current.encode());
        assertNull(again.refused());
        assertTrue(again.receipt().verify(p, link(0), current.sequence()));
        assertEquals(SubtreeReceipt.Status.ALREADY_ACCEPTED, again.receipt().fields().status());
        assertFalse(again.receipt().verify(p, forgedLink(0), current.sequence()), "a receipt verifies under its link only");

        // a newer report under another key than the link's; of a subtree not delegated; truncated; for another group
        SubtreeReport newer = new SubtreeReport(0, current.sequence() + 5, current.rootGeneration() + 1, forgedKeys);
        assertEquals(Refusal.NOT_AUTHENTICATED, send(parent, PARENT.value(), newer.encode()).refused().refusal().orElseThrow());
        SubtreeReport elsewhere = new SubtreeReport(3, current.sequence(), current.rootGeneration(), current.wrapped());
        assertEquals(Refusal.UNKNOWN_MEMBER, send(parent, PARENT.value(), elsewhere.encode()).refused().refusal().orElseThrow());
        byte[] enc = current.encode();
        assertEquals(Refusal.NOT_AUTHENTICATED,
                send(parent, PARENT.value(), Arrays.copyOf(enc, enc.length - 1)).refused().refusal().orElseThrow());
        byte[] tampered = enc.clone();
        tampered[8] ^= 1; // the sequence: the unwrap key changes with it
        assertEquals(Refusal.NOT_AUTHENTICATED, send(parent, PARENT.value(), tampered).refused().refusal().orElseThrow());
        assertEquals(Refusal.UNKNOWN_GROUP, send(parent, 12345, enc).refused().refusal().orElseThrow());

        assertArrayEquals(fingerprint, parent.backend.fingerprint(), "no refused report changed the parent");
        // four reached the group (the one for another group was refused before)
        assertEquals(4, parent.server.metrics().subtreeReports(GcksMetrics.SubtreeReportOutcome.REFUSED));
        assertTrue(parent.server.metrics().subtreeReports(GcksMetrics.SubtreeReportOutcome.ALREADY_TAKEN) >= 1);
        assertTrue(parent.server.metrics().scrape().contains("gkm_subtree_reports_total{outcome=\"refused\"} 4.0"));
        assertEquals(before, parent.subtree(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "openssl"})
    void stoppedAndRestartedSubordinatesAndARestartedParent(String provider) throws Exception {
        start(provider);
        InMemoryGroupStore parentStore = new InMemoryGroupStore();
        AtomicReference<Membership> saved = new AtomicReference<>(Membership.empty());
        DelegationFixture.Parent parent = parent(parentStore, saved, true, 0, 1);
        InMemoryGroupStore store0 = new InMemoryGroupStore();
        GcksFixture s0 = subordinate(parent, 0, store0, true);
        GcksFixture s1 = subordinate(parent, 1, new InMemoryGroupStore(), true);
        s0.member("alice");
        s1.member("carol");
        DelegationFixture.awaitTaken(parent, 0, s0);
        DelegationFixture.awaitTaken(parent, 1, s1);

        // subtree 0's GCKS stops: the parent keeps its leaf and goes on taking subtree 1's reports
        GroupStatus.Subtree kept = parent.subtree(0);
        s0.close();
        s1.member("dave");
        DelegationFixture.awaitTaken(parent, 1, s1);
        assertEquals(kept, parent.subtree(0));

        // it restarts on its data (no membership kept here: alice, unconfirmed, leaves the tree); the
        // parent takes the report of that leave
        GcksFixture again = subordinate(parent, 0, store0, false);
        DelegationFixture.awaitTaken(parent, 0, again);
        assertTrue(parent.subtree(0).lastReport() > kept.lastReport());
        assertEquals(kept.memberId(), parent.subtree(0).memberId());
        assertLeafMatches(parent, 0, again);
        again.close();

        // restarted again on the same state: its report is answered "already accepted", nothing changes
        byte[] fingerprint = parent.backend.fingerprint();
        GroupStatus.Subtree taken = parent.subtree(0);
        GcksFixture third = subordinate(parent, 0, store0, false);
        DelegationFixture.await("the restarted subordinate's report is confirmed",
                () -> third.server.parentStatus(GcksFixture.G).orElseThrow().confirmedReport() == third.backend.sequence());
        assertArrayEquals(fingerprint, parent.backend.fingerprint(), "a report of a state already taken changes nothing");
        assertEquals(taken, parent.subtree(0));
        third.member("erin");
        DelegationFixture.awaitTaken(parent, 0, third);
        assertLeafMatches(parent, 0, third);

        // the owner retires subtree 1: its leaf leaves the parent's tree (one rekey); its GCKS's next
        // report is refused, nothing changes
        long beforeRetire = parent.backend.sequence();
        assertTrue(parent.server.retireSubtree(PARENT, 1) > beforeRetire);
        assertEquals(beforeRetire + 1, parent.backend.sequence());
        assertTrue(parent.subtree(1).retired());
        assertEquals(1, parent.status().treeMembers());
        assertEquals(-1, parent.server.retireSubtree(PARENT, 1), "retired already");
        assertEquals(-1, parent.server.retireSubtree(PARENT, 7), "not delegated");
        byte[] retiredFp = parent.backend.fingerprint();
        s1.member("frank");
        SubtreeReport fromRetired = s1.backend.subtreeReport(link(1), POLICY.hybrid());
        assertEquals(Refusal.BARRED, send(parent, PARENT.value(), fromRetired.encode()).refused().refusal().orElseThrow());
        Thread.sleep(4 * GcksServer.LEADERSHIP_POLL_MILLIS); // the subordinate's own attempts are refused too
        assertArrayEquals(retiredFp, parent.backend.fingerprint());
        assertNotEquals(s1.backend.sequence(), s1.server.parentStatus(GcksFixture.G).orElseThrow().confirmedReport(),
                "the retired subtree's report is not confirmed");

        // the parent restarts on its data: the same subtrees, leaves and report sequences; a replay is still refused
        List<GroupStatus.Subtree> view = parent.status().subtrees();
        SubtreeReport last = third.backend.subtreeReport(link(0), POLICY.hybrid());
        third.server.close();
        s1.server.close();
        parent.close();
        parent.backend.close();
        DelegationFixture.Parent restarted = parent(parentStore, saved, false, 0, 1);
        assertEquals(view, restarted.status().subtrees());
        byte[] fp = restarted.backend.fingerprint();
        DelegationPayloads.Reply r = send(restarted, PARENT.value(), last.encode());
        assertNotNull(r.receipt());
        assertEquals(SubtreeReceipt.Status.ALREADY_ACCEPTED, r.receipt().fields().status());
        assertEquals(Refusal.BARRED, send(restarted, PARENT.value(), fromRetired.encode()).refused().refusal().orElseThrow(),
                "a retired subtree stays retired across a restart");
        assertArrayEquals(fp, restarted.backend.fingerprint());
    }
}
