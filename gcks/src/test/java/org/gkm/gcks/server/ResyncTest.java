package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members that missed rekeys catch up by each resync method (RFC 4046 sec. 5.3); the GCKS tracks
 * acknowledgements and marks (or ejects) members that stop acknowledging. One provider: the
 * provider paths are covered by {@link GcksServerTest}.
 */
class ResyncTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private GcksFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** m2 drops its connection, the group rekeys {@code n} times, m2 comes back unregistered. */
    private long missRekeys(MemberAgent stays, MemberAgent away, int n) throws Exception {
        away.disconnect();
        long seq = -1;
        for (int i = 0; i < n; i++) {
            seq = fx.server.changeTek(GcksFixture.G);
        }
        stays.awaitSequence(seq, WAIT);
        away.reconnect();
        assertTrue(away.sequence() < seq);
        return seq;
    }

    @Test
    void aMemberThatMissedRekeysResyncsOverTcp() throws Exception {
        fx = new GcksFixture("openssl");
        MemberAgent m1 = fx.member("m1");
        MemberAgent m2 = fx.member("m2");
        long head = missRekeys(m1, m2, 3);
        m2.resyncTcp();
        assertEquals(head, m2.sequence());
        assertEquals(fx.serverTek(), m2.tekFingerprint());
        assertTrue(m2.previousDataKey().isPresent(), "the previous TEK is kept for the grace window");
        assertEquals(1, fx.server.metrics().resyncs(GcksMetrics.ResyncMethod.TCP));
    }

    @Test
    void aMemberThatMissedRekeysResyncsOverHttpByMessagesOrByItsPostedPath() throws Exception {
        fx = new GcksFixture("openssl");
        MemberAgent m1 = fx.member("m1");
        MemberAgent m2 = fx.member("m2");
        MemberAgent m3 = fx.member("m3");
        m2.awaitSequence(fx.backend.sequence(), WAIT);
        long head = missRekeys(m1, m2, 2);
        m2.resyncHttp();
        assertEquals(head, m2.sequence());
        assertEquals(fx.serverTek(), m2.tekFingerprint());

        head = missRekeys(m1, m3, 2);
        m3.resyncFromPath();
        assertEquals(head, m3.sequence());
        assertEquals(fx.serverTek(), m3.tekFingerprint());
        assertEquals(2, fx.server.metrics().resyncs(GcksMetrics.ResyncMethod.HTTP));
    }

    @Test
    void compactedPastFallsBackToReRegistration() throws Exception {
        fx = new GcksFixture("openssl", ServerOptions.defaults(), 2);
        MemberAgent m1 = fx.member("m1");
        MemberAgent m2 = fx.member("m2");
        long head = missRekeys(m1, m2, 4);
        m2.resyncTcp();
        assertEquals(1, m2.reRegistrations());
        assertEquals(1, fx.server.metrics().resyncs(GcksMetrics.ResyncMethod.REREGISTRATION));
        m2.awaitSequence(head, WAIT);
        assertEquals(fx.serverTek(), m2.tekFingerprint());
        // registered again: pushes reach it
        long next = fx.server.changeTek(GcksFixture.G);
        m2.awaitSequence(next, WAIT);
        assertEquals(fx.serverTek(), m2.tekFingerprint());
    }

    @Test
    void membersThatLeaveRekeysUnacknowledgedAreMarkedOutOfSync() throws Exception {
        fx = new GcksFixture("openssl", ServerOptions.defaults().withUnacked(2, false), 1000);
        MemberAgent quiet = fx.member("quiet");
        MemberAgent busy = fx.member("busy");
        quiet.awaitSequence(fx.backend.sequence(), WAIT); // acknowledges busy's join, then stops reading
        Thread.sleep(100);
        long seq = 0;
        for (int i = 0; i < 2; i++) {
            seq = fx.server.changeTek(GcksFixture.G);
            busy.awaitSequence(seq, WAIT);
        }
        Thread.sleep(100); // the last acknowledgement in flight
        assertFalse(status("quiet").outOfSync(), "two unacknowledged rekeys are within the limit");
        seq = fx.server.changeTek(GcksFixture.G);
        busy.awaitSequence(seq, WAIT);
        assertTrue(status("quiet").outOfSync());
        assertFalse(status("busy").outOfSync());
        // the quiet member catches up (reads and acknowledges): in sync again
        quiet.awaitSequence(seq, WAIT);
        Thread.sleep(100);
        assertFalse(status("quiet").outOfSync());
    }

    @Test
    void byPolicyUnacknowledgingMembersAreEjected() throws Exception {
        fx = new GcksFixture("openssl", ServerOptions.defaults().withUnacked(2, true), 1000);
        MemberAgent quiet = fx.member("quiet");
        MemberAgent busy = fx.member("busy");
        quiet.awaitSequence(fx.backend.sequence(), WAIT); // acknowledges busy's join, then stops reading
        Thread.sleep(100);
        long seq = 0;
        for (int i = 0; i < 3; i++) {
            seq = fx.server.changeTek(GcksFixture.G);
            busy.awaitSequence(seq, WAIT);
            Thread.sleep(100); // busy's acknowledgement reaches the GCKS before the next rekey
        }
        busy.awaitSequence(seq + 1, WAIT); // the ejection's leave rekey
        assertEquals(1, fx.server.treeMembers(GcksFixture.G));
        assertEquals(List.of("busy"), fx.server.members(GcksFixture.G).stream().map(m -> m.entity().value()).toList());
        assertEquals(fx.serverTek(), busy.tekFingerprint());
        assertThrows(AgentException.class, () -> quiet.pump(WAIT));
    }

    private GcksServer.MemberStatus status(String id) {
        return fx.server.members(GcksFixture.G).stream().filter(m -> m.entity().value().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aTekOlderThanItsLifetimeIsChangedOnSchedule() throws Exception {
        fx = new GcksFixture("openssl", ServerOptions.defaults().withTekLifetime(Duration.ofMillis(300)), 1000);
        MemberAgent m1 = fx.member("m1");
        long joined = fx.backend.sequence();
        String tek = fx.serverTek();
        m1.awaitSequence(joined + 1, WAIT); // no membership change: the schedule rekeyed
        assertTrue(fx.backend.sequence() > joined);
        assertEquals(fx.serverTek(), m1.tekFingerprint());
        assertTrue(!tek.equals(m1.tekFingerprint()));
    }

    /**
     * A rekey committed between a member's key download and its registration is not pushed to it:
     * the member sees from the registration's head sequence that it is behind and resyncs by itself.
     */
    @Test
    void aMemberBehindTheHeadAtRegistrationDetectsTheGapAndResyncs() throws Exception {
        fx = new GcksFixture("openssl");
        MemberAgent m1 = fx.member("m1");
        HostedGroup g = fx.server.group(GcksFixture.G.value());
        g.afterPathHook = () -> {
            try {
                g.commitTekChangeLocked();
            } catch (BackendException e) {
                throw new IllegalStateException(e);
            }
        };
        MemberAgent m2 = fx.member("m2");
        assertEquals(1, m2.resyncs(), "the gap was found at registration");
        assertEquals(fx.backend.sequence(), m2.sequence());
        assertEquals(fx.serverTek(), m2.tekFingerprint());
        m1.awaitSequence(fx.backend.sequence(), WAIT);
        assertEquals(fx.serverTek(), m1.tekFingerprint());
    }
}
