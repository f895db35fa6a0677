package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.CloseReason;
import org.gkm.gcks.net.ControlFrames;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a live GCKS while a registered member keeps being served: each gets a typed
 * refusal or a closed connection, and the group's fingerprint and sequence do not move. One
 * provider (network tests; the crypto paths run on both in {@link GcksServerTest}).
 */
class BadInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private GcksFixture fx;
    private MemberAgent good;
    private byte[] fingerprint;
    private long sequence;

    @BeforeEach
    void setUp() throws Exception {
        fx = new GcksFixture("openssl");
        good = fx.member("good");
        fingerprint = fx.backend.fingerprint();
        sequence = fx.backend.sequence();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** The group did not move, and the registered member still gets the next rekey. */
    private void assertUnchangedAndServing() throws Exception {
        assertArrayEquals(fingerprint, fx.backend.fingerprint(), "group state changed");
        assertEquals(sequence, fx.backend.sequence());
        long next = fx.server.changeTek(GcksFixture.G);
        good.awaitSequence(next, WAIT);
        assertEquals(fx.serverTek(), good.tekFingerprint());
    }

    private static Payloads.Refused registerRefusal(MemberConnection c) throws Exception {
        while (true) {
            Frame f = c.receive(WAIT);
            if (f.type() == FrameType.REGISTER_REPLY) {
                Payloads.RegisterReply r = Payloads.registerReply(f);
                if (r.refused() != null) {
                    return r.refused();
                }
            }
        }
    }

    @Test
    void garbageFramesCloseOnlyTheirConnection() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket(fx.server.address().getAddress(), fx.server.address().getPort())) {
                s.setSoTimeout(5000);
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                junk[0] = 0; // a length prefix below the limit: the frame's own bytes are what is wrong
                OutputStream out = s.getOutputStream();
                out.write(junk);
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // until the GCKS closes
                }
            }
        }
        // a well-formed frame with a malformed payload: a goodbye naming it
        try (MemberConnection c = MemberConnection.connect(fx.server.address())) {
            c.send(FrameType.REGISTER, new byte[] {1, 2, 3});
            Frame f = c.receive(WAIT);
            assertEquals(FrameType.GOODBYE, f.type());
            assertEquals(CloseReason.MALFORMED_FRAME, ControlFrames.goodbye(f).reason().orElseThrow());
        }
        assertUnchangedAndServing();
    }

    @Test
    void aReplayedRegistrationFrameIsRefused() throws Exception {
        Credentials m = fx.enroll("m-replayed");
        GkmpNode node = GkmpNode.builder(fx.p, m, fx.sm.anchor(), fx.sm.crl()).build();
        Result join = node.requestJoin(GcksFixture.G, GcksFixture.GC, System.currentTimeMillis());
        byte[] frame = join.outbound().get(0).frame();
        try (MemberConnection first = MemberConnection.connect(fx.server.address());
                MemberConnection replay = MemberConnection.connect(fx.server.address())) {
            first.send(Payloads.register(GcksFixture.G.value(), frame));
            Payloads.RegisterReply answer = Payloads.registerReply(first.receive(WAIT));
            assertTrue(answer.gkmpFrame() != null, "the original starts an exchange");
            replay.send(Payloads.register(GcksFixture.G.value(), frame));
            Payloads.Refused refused = registerRefusal(replay);
            assertEquals(Refusal.NOT_AUTHENTICATED, refused.refusal().orElseThrow(), refused.detail());
        }
        assertUnchangedAndServing();
    }

    /**
     * A member whose permission certificate does not meet the group's (one of another group): an
     * honest member's own GKMP node ends the exchange when it reads the group's terms (RFC 2093 sec.
     * 5.6); the controller checks it again on Negotiate_Session_Keys_2 (gkmp's negative-check tests). No
     * key download, so no join.
     */
    @Test
    void aPermissionCertificateForOtherPermissionsGetsNoKeys() throws Exception {
        MemberAgent other = fx.agent(fx.enroll("m-intel", Permissions.of(1, "intel")));
        AgentException e = assertThrows(AgentException.class, other::register);
        assertTrue(e.getMessage().contains("LOCAL_PERMISSIONS"), e.getMessage());
        assertEquals(1, fx.server.treeMembers(GcksFixture.G));
        assertUnchangedAndServing();
    }

    @Test
    void aCertificateOfAnotherSecurityManagerIsRefused() throws Exception {
        SecurityManagerAuthority rogue = new SecurityManagerAuthority(fx.p, EntityId.of("sm"), SignatureAlgorithm.ED25519, fx.t0);
        Credentials forged = rogue.enroll(EntityId.of("m-rogue"), SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops", "intel"), fx.t0);
        MemberAgent other = new MemberAgent(fx.p, forged, fx.sm.anchor(), fx.sm.crl(), fx.agentConfig());
        try (other) {
            AgentException e = assertThrows(AgentException.class, other::register);
            assertEquals(Refusal.NOT_AUTHENTICATED, e.refusal().orElse(null), e.getMessage());
        }
        assertUnchangedAndServing();
    }

    @Test
    void aRevokedCertificateIsRefusedAndARegisteredRevokedMemberRemoved() throws Exception {
        Credentials revoked = fx.enroll("m-revoked");
        MemberAgent victim = fx.member("m-later-revoked");
        good.awaitSequence(fx.backend.sequence(), WAIT);
        fingerprint = fx.backend.fingerprint();
        sequence = fx.backend.sequence();
        fx.sm.revoke(System.currentTimeMillis(), EntityId.of("m-revoked"));
        assertEquals(java.util.List.of(), fx.server.installCrl(GcksFixture.G, fx.sm.crl(), GcksFixture.SM));
        MemberAgent m = fx.agent(revoked);
        AgentException e = assertThrows(AgentException.class, m::register);
        assertEquals(Refusal.NOT_AUTHENTICATED, e.refusal().orElse(null), e.getMessage());
        assertUnchangedAndServing();

        fx.sm.revoke(System.currentTimeMillis(), EntityId.of("m-later-revoked"));
        assertEquals(java.util.List.of(EntityId.of("m-later-revoked")),
                fx.server.installCrl(GcksFixture.G, fx.sm.crl(), GcksFixture.SM));
        good.awaitSequence(fx.backend.sequence(), WAIT);
        assertEquals(fx.serverTek(), good.tekFingerprint());
        assertThrows(AgentException.class, () -> victim.pump(WAIT));
    }

    @Test
    void resyncForAnUnknownGroupOrANegativeSequenceIsRefused() throws Exception {
        try (MemberConnection c = MemberConnection.connect(fx.server.address())) {
            c.send(Payloads.resyncRequest(999, 0, 10));
            Payloads.ResyncReply r = Payloads.resyncReply(c.receive(WAIT));
            assertEquals(Refusal.UNKNOWN_GROUP, r.refused().refusal().orElseThrow());
            c.send(Payloads.resyncRequest(GcksFixture.G.value(), -1, 10));
            r = Payloads.resyncReply(c.receive(WAIT));
            assertEquals(Refusal.BAD_SEQUENCE, r.refused().refusal().orElseThrow());
            // the connection still answers a good request
            c.send(Payloads.resyncRequest(GcksFixture.G.value(), 0, 10));
            r = Payloads.resyncReply(c.receive(WAIT));
            assertEquals(sequence, r.head());
        }
        String base = "http://" + fx.server.httpAddress().getHostString() + ":" + fx.server.httpAddress().getPort();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(404, get(http, base + "/groups/999/messages?after=0").statusCode());
            assertEquals(400, get(http, base + "/groups/7/messages?after=-1").statusCode());
            assertEquals(400, get(http, base + "/groups/7/messages?after=x").statusCode());
            assertEquals(404, get(http, base + "/groups/7/path/12345").statusCode());
            assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/groups/7/messages?after=0")).timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode());
            HttpResponse<byte[]> ok = get(http, base + "/groups/7/messages?after=0");
            assertEquals(200, ok.statusCode());
            assertEquals(sequence, Payloads.readResyncReply(ok.body()).head());
            HttpResponse<byte[]> metrics = get(http, base + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(new String(metrics.body(), java.nio.charset.StandardCharsets.UTF_8).contains("gkm_resync_requests"));
        }
        assertUnchangedAndServing();
    }

    private static HttpResponse<byte[]> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
