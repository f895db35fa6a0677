package org.gkm.gcks.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameHandler;
import org.gkm.gcks.net.FrameServer;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.net.Session;
import org.gkm.gcks.server.Payloads;
import org.gkm.gcks.server.Refusal;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.api.Test;

/**
 * A GCKS that answers a registration with a reply to a request the member never made (a resync
 * answer, a de-registration answer) before its real answer: the member drops the strays and takes
 * the real answer, instead of taking the stray back from its buffer over and over.
 */
class StrayReplyTest {
    @Test
    void strayRepliesDuringARegistrationAreDropped() throws Exception {
        CryptoProvider p = CryptoProviders.get("java");
        long t0 = System.currentTimeMillis();
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, EntityId.of("sm"), SignatureAlgorithm.ED25519, t0);
        Credentials c = sm.enroll(EntityId.of("alice"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), t0);
        FrameHandler strays = new FrameHandler() {
            @Override
            public void onFrame(Session session, Frame frame) throws FrameException {
                session.send(Payloads.resyncReplyFrame(Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "stray")));
                session.send(Payloads.deregistered(3));
                session.registrationDone();
                session.send(Payloads.registerRefused(Refusal.UNKNOWN_GROUP, "no such group"));
            }
        };
        try (FrameServer server = FrameServer.start(ServerConfig.defaults(), strays)) {
            MemberAgent a = new MemberAgent(p, c, sm.anchor(), sm.crl(), new AgentConfig(server.address(), null, new GkmpGroupId(1),
                    EntityId.of("gcks"), GroupPolicy.defaults(), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10)));
            try {
                AgentException refused = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(AgentException.class, a::register));
                assertEquals(Refusal.UNKNOWN_GROUP, refused.refusal().orElseThrow());
            } finally {
                a.close();
            }
        }
    }
}
