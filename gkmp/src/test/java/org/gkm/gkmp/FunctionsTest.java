package org.gkm.gkmp;

import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.G2;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M1;
import static org.gkm.gkmp.World.M2;
import static org.gkm.gkmp.World.M3;
import static org.gkm.gkmp.World.M4;
import static org.gkm.gkmp.World.M5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.Report;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.JoinPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/** Every function of RFC 2093 section 6, end to end over the in-memory transport, with both providers. */
class FunctionsTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void groupCreationDistributesCooperativelyCreatedKeysToAllMembers(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.createG1();
        // Sec. 6.1: command (state 1), create keys with the first member (states 2-4), distribute
        // to the others (5-9): each message type appears, each distribution was acknowledged.
        for (MessageType t : List.of(MessageType.COMMAND_CREATE_GROUP, MessageType.CREATE_GRP_KEYS_1, MessageType.CREATE_GRP_KEYS_2,
                MessageType.NEGOTIATE_GRP_KEYS_1, MessageType.NEGOTIATE_GRP_KEYS_2, MessageType.CREATE_SESSION_KEK_1,
                MessageType.CREATE_SESSION_KEK_2, MessageType.NEGOTIATE_SESSION_KEYS_1, MessageType.NEGOTIATE_SESSION_KEYS_2,
                MessageType.DOWNLOAD_GRP_KEYS, MessageType.KEY_DOWNLOAD_ACK)) {
            assertFalse(w.seen(t).isEmpty(), t + " never sent");
        }
        assertEquals(2, w.seen(MessageType.KEY_DOWNLOAD_ACK).size());
        assertEquals(Set.of(M1, M2, M3), w.node(GC).members(G1));
        assertNull(w.node(M4).keyFingerprint(G1), "an unlisted entity got the keys");
        for (EntityId id : List.of(GC, M1, M2, M3)) {
            assertEquals(0, w.node(id).openExchanges(), id + " left an exchange open");
            assertTrue(w.node(id).log().entries().stream().anyMatch(e -> e.action().startsWith("KEYS_") || e.action().equals("MEMBER_CONFIRMED")));
        }
        w.assertLogsVerify();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rekeyCreatesNewKeysWithFirstMemberAndMulticastsThemUnderTheOldGkek(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        GroupToken t1 = w.createG1();
        String before = w.node(GC).keyFingerprint(G1);
        w.command(w.commander.next(t1, GroupAction.REKEY, 2));
        assertEquals(List.of(), w.net.allReports());
        // One multicast message (sec. 6.2.2), delivered to each of m1, m2, m3.
        assertEquals(3, w.seen(MessageType.REKEY_MULTICAST).size());
        assertEquals(1, w.seen(MessageType.REKEY_MULTICAST).stream().map(java.util.Arrays::toString).distinct().count());
        w.assertHolds(G1, GC, M1, M2, M3);
        assertNotEquals(before, w.node(GC).keyFingerprint(G1));
        assertEquals(2, w.node(M3).keyTable().get(G1).orElseThrow().token().version());
        // A second rekey works from the new keys.
        w.command(w.commander.next(t1, GroupAction.REKEY, 3));
        assertEquals(List.of(), w.net.allReports());
        w.assertHolds(G1, GC, M1, M2, M3);
        w.assertLogsVerify();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void memberInitiatedJoinWithinLimitsAndLists(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        GroupToken t = w.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M2, M4), JoinPolicy.LISTED, 3);
        w.command(t);
        w.assertHolds(G1, GC, M1, M2, M4);
        // m4 was listed but is already a member: re-join is served (keys redistributed).
        // m3 is not on the membership list: ignored with a report (state 11).
        w.net.post(M3, w.node(M3).requestJoin(G1, GC, w.net.now));
        w.net.run();
        // The request is signed by m3 and fresh (nonce, time stamp): an authenticated refusal,
        // reported and logged, not a counted rejection; no exchange was open to end.
        assertEquals(List.of(), w.net.rejections(GC));
        List<Report> r = w.net.reports(GC);
        assertEquals(1, r.size());
        assertEquals(Check.JOIN_NOT_AVAILABLE, r.get(0).check());
        assertEquals(11, r.get(0).state());
        assertNull(w.node(M3).keyFingerprint(G1));

        // An open group with a limit of 4 members: m3 joins (4th), m5 is refused.
        World w2 = new World(TestProviders.get(provider)).start();
        w2.command(w2.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M2), JoinPolicy.OPEN, 3));
        w2.net.post(M3, w2.node(M3).requestJoin(G1, GC, w2.net.now));
        w2.net.run();
        assertEquals(List.of(), w2.net.allReports());
        w2.assertHolds(G1, GC, M1, M2, M3);
        assertEquals(Set.of(M1, M2, M3), w2.node(GC).members(G1));
        assertTrue(w2.seen(MessageType.REQUEST_GROUP_JOIN).size() == 1);
        w2.net.post(M5, w2.node(M5).requestJoin(G1, GC, w2.net.now));
        w2.net.run();
        assertEquals(Check.JOIN_NOT_AVAILABLE, w2.net.reports(GC).get(0).check());
        assertNull(w2.node(M5).keyFingerprint(G1));
        // The joined member takes part in the next rekey.
        w2.command(w2.commander.next(w2.node(GC).keyTable().get(G1).orElseThrow().token(), GroupAction.REKEY, 2));
        w2.assertHolds(G1, GC, M1, M2, M3);
        w2.assertLogsVerify();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void cooperativeDeletionRemovesTheListedMemberOnly(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.createG1();
        w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
        w.net.run();
        assertEquals(List.of(), w.net.allReports());
        assertNull(w.node(M3).keyFingerprint(G1), "m3 still holds the group keys");
        w.assertHolds(G1, GC, M1, M2);
        assertEquals(Set.of(M1, M2), w.node(GC).members(G1));
        assertEquals(1, w.net.events(GC, Event.MemberDeleted.class).size());
        assertEquals(1, w.seen(MessageType.GRP_KEYS_DELETED_ACK).size());
        // The next rekey leaves m3 out.
        w.command(w.commander.next(w.node(GC).keyTable().get(G1).orElseThrow().token(), GroupAction.REKEY, 2));
        w.assertHolds(G1, GC, M1, M2);
        assertNull(w.node(M3).keyFingerprint(G1));
        w.assertLogsVerify();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void hostileDeletionCreatesANewGroupWithoutTheCompromisedMemberAndCancelsTheOld(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        GroupToken t = w.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M2, M3, M4), JoinPolicy.CLOSED, 5);
        w.command(t);
        w.assertHolds(G1, GC, M1, M2, M3, M4);
        // m4 is compromised: the security manager revokes it; the GC learns the CRL first.
        w.sm.revoke(w.net.now, M4);
        w.net.inject(World.SM, GC, crlFrame(w, GC));
        w.net.run();
        assertEquals(1, w.node(GC).crlVersion());
        // Sec. 6.4.2: a new group without m4 (members fetch the newer CRL when the GC announces it).
        w.command(w.token(G2, GroupAction.CREATE, 1, List.of(GC, M1, M2, M3, M4), JoinPolicy.CLOSED, 5));
        w.assertHolds(G2, GC, M1, M2, M3);
        assertNull(w.node(M4).keyFingerprint(G2), "the compromised member got the new group");
        assertEquals(1, w.node(M1).crlVersion(), "first member fetched the CRL");
        assertFalse(w.seen(MessageType.CRL_UPDATE).isEmpty());
        // The old group is cancelled by several multicasts of Delete_Group.
        w.net.post(GC, w.node(GC).hostileDelete(G1, G2, 3, w.net.now));
        w.net.run();
        for (EntityId m : List.of(M1, M2, M3)) {
            assertNull(w.node(m).keyFingerprint(G1), m + " kept the old group");
            assertEquals(List.of(new Event.OperationsSwitched(G1, G2)), w.net.events(m, Event.OperationsSwitched.class));
            assertEquals(List.of(), w.net.reports(m), m + " reported on repeated deletes");
            assertEquals(List.of(), w.net.rejections(m), m + " rejected a repeated delete");
        }
        w.assertHolds(G2, GC, M1, M2, M3);
        // m4 holds no alternative: it reports state 13's check; its ack is refused unauthenticated
        // (a revoked key authenticates nothing), so nothing at the GC is terminated.
        assertEquals(Check.ALTERNATIVE_KEY, w.net.reports(M4).get(0).check());
        assertEquals(Check.CRL_SOURCE, w.net.rejections(GC).get(0).check());
        assertEquals(List.of(), w.net.reports(GC));
        assertEquals(Set.of(M4), w.node(GC).members(G1));
        w.net.post(GC, w.node(GC).retireGroup(G1, w.net.now));
        assertNull(w.node(GC).keyFingerprint(G1));
        w.assertLogsVerify();
    }

    static byte[] crlFrame(World w, EntityId to) {
        return org.gkm.gkmp.message.Codec.encode(
                new org.gkm.gkmp.message.Header(MessageType.CRL_UPDATE, G1, World.SM, to),
                new org.gkm.gkmp.message.Messages.CrlUpdate(w.sm.crl()));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void timeoutEndsTheExchangeWithAReportAndNoKey(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.intercept((from, to, frame) -> to.equals(M2) && org.gkm.gkmp.message.Codec.decode(frame).header().type()
                == MessageType.DOWNLOAD_GRP_KEYS ? null : frame);
        w.command(w.createToken(G1));
        assertNull(w.node(M2).keyFingerprint(G1));
        w.net.tick(w.net.now + 60_000);
        Report gc = w.net.reports(GC).get(0);
        Report m2 = w.net.reports(M2).get(0);
        assertEquals(Check.TIMEOUT, gc.check());
        assertEquals(Check.TIMEOUT, m2.check());
        assertEquals(0, w.node(M2).openExchanges());
        assertEquals(0, w.node(GC).openExchanges());
        assertNull(w.node(M2).keyFingerprint(G1));
        assertEquals(Set.of(M1, M3), w.node(GC).members(G1));
        assertTrue(w.node(M2).log().entries().stream().anyMatch(e -> e.detail().contains("TIMEOUT")));
        // The rekey interval (sec. 3.2) expired long ago in this clock: a RekeyDue event.
        w.net.tick(w.net.now + 3_600_000);
        assertFalse(w.net.events(GC, Event.RekeyDue.class).isEmpty());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anUnansweredJoinRequestExpires(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.createG1();
        w.intercept((from, to, frame) -> org.gkm.gkmp.message.Codec.decode(frame).header().type()
                == MessageType.REQUEST_GROUP_JOIN ? null : frame);
        w.net.post(M5, w.node(M5).requestJoin(G1, GC, w.net.now));
        w.net.run();
        assertTrue(w.node(M5).stateFingerprint().contains("join:{grp-101=gc}"), w.node(M5).stateFingerprint());
        w.net.tick(w.net.now + 60_000);
        assertTrue(w.node(M5).stateFingerprint().contains("join:{}"), w.node(M5).stateFingerprint());
        assertTrue(w.node(M5).log().entries().stream().anyMatch(e -> e.action().equals("JOIN_EXPIRED")));
        assertNull(w.node(M5).keyFingerprint(G1));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void eachNodeKeepsABoundedLogInMemoryAndHandsTheRestToItsStore(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.logInMemory = 8;
        w.start();
        w.runAllFunctions();
        boolean flushed = false;
        for (org.gkm.gkmp.engine.GkmpNode n : w.net.nodes.values()) {
            assertTrue(n.log().size() <= 8, n.id() + " keeps " + n.log().size() + " records in memory");
            flushed |= w.stores.get(n.id()).received() > 0;
        }
        assertTrue(flushed, "no node wrote more than 8 records");
        w.assertLogsVerify();
    }
}
