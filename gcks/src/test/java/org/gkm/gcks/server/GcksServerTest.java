package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gkmp.EntityId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registration, rekey delivery and removal over real loopback sockets. */
class GcksServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private GcksFixture fx;

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void membersJoinOverTheNetworkAndALeaveKeysTheRemovedMemberOut(String provider) throws Exception {
        fx = new GcksFixture(provider);
        MemberAgent m1 = fx.member("m1");
        MemberAgent m2 = fx.member("m2");
        MemberAgent m3 = fx.member("m3");
        long head = fx.backend.sequence();
        for (MemberAgent m : List.of(m1, m2, m3)) {
            m.awaitSequence(head, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
        Set<Long> senders = new HashSet<>();
        for (MemberAgent m : List.of(m1, m2, m3)) {
            assertTrue(m.senderId() > 0);
            senders.add(m.senderId());
        }
        assertEquals(3, senders.size(), "Data SA sender ids are distinct");
        assertEquals(3, fx.server.members(GcksFixture.G).size());

        String before = fx.serverTek();
        long leave = fx.server.remove(GcksFixture.G, EntityId.of("m3"));
        assertEquals(head + 1, leave);
        for (MemberAgent m : List.of(m1, m2)) {
            m.awaitSequence(leave, WAIT);
            assertEquals(fx.serverTek(), m.tekFingerprint());
        }
        assertNotEquals(before, fx.serverTek());
        AgentException closed = assertThrows(AgentException.class, () -> m3.pump(Duration.ofSeconds(5)));
        assertTrue(m3.removed(), closed.getMessage());

        // The removed member reads the public messages (resync needs no registration) but cannot open the TEK.
        long tek = fx.server.changeTek(GcksFixture.G);
        m1.awaitSequence(tek, WAIT);
        m3.reconnect();
        assertThrows(AgentException.class, m3::resyncTcp);
        assertNotEquals(fx.serverTek(), m3.tekFingerprint());
        assertEquals(fx.serverTek(), m1.tekFingerprint());
        assertTrue(fx.server.metrics().registrations() >= 3);
        // ... and may not come back through registration.
        AgentException barred = assertThrows(AgentException.class, m3::register);
        assertEquals(Refusal.BARRED, barred.refusal().orElseThrow(), barred.getMessage());
        assertEquals(tek, fx.backend.sequence());
    }
}
