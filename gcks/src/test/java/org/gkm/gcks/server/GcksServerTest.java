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
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.gcks.net.MulticastConfig;
import org.gkm.gcks.net.MulticastRekeyReceiver;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.lkh.LkhBinding;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.lkh.PathBlob;
import org.junit.jupiter.api.Test;
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

        m1.pump(Duration.ofMillis(200)); // idle: nothing arrives, the connection stays open
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
        String metrics = fx.server.metrics().scrape();
        for (String meter : List.of("gkm_registrations_total 3.0", "gkm_registration_latency_seconds_bucket", "gkm_rekeys_total",
                "gkm_rekey_bytes_sum", "gkm_fanout_latency_seconds_bucket", "gkm_connected_members",
                "gkm_resync_requests_total{method=\"tcp\"} 1.0", "gkm_store_commit_latency_seconds_bucket")) {
            assertTrue(metrics.contains(meter), meter + " missing from\n" + metrics);
        }
        // ... and may not come back through registration.
        AgentException barred = assertThrows(AgentException.class, m3::register);
        assertEquals(Refusal.BARRED, barred.refusal().orElseThrow(), barred.getMessage());
        assertEquals(tek, fx.backend.sequence());
    }

    /**
     * The group token's membership limit counts the members the group has, not every member it ever
     * had: a member rekeyed out (de-registered or removed by the owner) frees its place.
     */
    @Test
    void membersThatLeftFreeTheirPlaceUnderTheMembershipLimit() throws Exception {
        fx = new GcksFixture("java", ServerOptions.defaults(), 4,
                (p, policy, group) -> InMemoryGroupBackend.create(p, policy, group, 1, 1000));
        List<MemberAgent> in = new java.util.ArrayList<>();
        AgentException full = null;
        for (int i = 0; i < 6 && full == null; i++) {
            MemberAgent a = fx.agent(fx.enroll("m" + i));
            try {
                a.register();
                in.add(a);
            } catch (AgentException e) {
                full = e;
            }
        }
        assertTrue(full != null, "a limit of 4 admitted 6 members");
        assertTrue(in.size() >= 2, "admitted " + in.size());
        in.get(0).deregister();
        fx.server.remove(GcksFixture.G, EntityId.of("m1"));
        for (String id : List.of("late0", "late1")) {
            MemberAgent late = fx.agent(fx.enroll(id));
            late.register(); // refused before: the controller still counted the members that had left
            late.awaitSequence(fx.backend.sequence(), WAIT);
            assertEquals(fx.serverTek(), late.tekFingerprint());
        }
        MemberAgent over = fx.agent(fx.enroll("over"));
        assertThrows(AgentException.class, over::register, "the limit still holds");
    }

    @Test
    void aMemberDeregistersWithProofOfPossessionAndAForgedProofChangesNothing() throws Exception {
        fx = new GcksFixture("openssl");
        MemberAgent m1 = fx.member("m1");
        MemberAgent m2 = fx.member("m2");
        m1.awaitSequence(fx.backend.sequence(), WAIT);
        byte[] fp = fx.backend.fingerprint();
        long seq = fx.backend.sequence();
        try (MemberConnection c = MemberConnection.connect(fx.server.address())) {
            c.send(Payloads.deregister(GcksFixture.G.value(), m1.memberId(), new byte[Payloads.PROOF_BYTES]));
            Payloads.DeregisterReply r = Payloads.deregisterReply(c.receive(WAIT));
            assertEquals(Refusal.BAD_PROOF, r.refused().refusal().orElseThrow());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(fp, fx.backend.fingerprint());
        assertEquals(seq, fx.backend.sequence());

        long leave = m2.deregister();
        assertEquals(seq + 1, leave);
        m1.awaitSequence(leave, WAIT);
        assertEquals(fx.serverTek(), m1.tekFingerprint());
        assertEquals(1, fx.server.treeMembers(GcksFixture.G));
    }

    @Test
    void committedRekeysAreAlsoMulticastWhenEnabled() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MulticastConfig mc = MulticastConfig.loopback(InetAddress.getByName("239.255.71.2"), port).withCopies(2)
                .withSpacing(Duration.ofMillis(5));
        try (MulticastRekeyReceiver rx = MulticastRekeyReceiver.open(mc, ServerConfig.DEFAULT_MAX_FRAME_BYTES)) {
            fx = new GcksFixture("openssl", ServerOptions.defaults().withMulticast(mc), 1000);
            fx.member("m1");
            long seq = fx.server.changeTek(GcksFixture.G);
            boolean seen = false;
            int copies = 0;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (copies < 2 && System.nanoTime() < deadline) {
                Frame f = rx.receive(WAIT);
                assertEquals(FrameType.REKEY, f.type());
                Payloads.Rekey r = Payloads.rekey(f);
                if (r.sequence() == seq) {
                    seen = true;
                    copies++;
                }
            }
            assertTrue(seen);
            assertEquals(2, copies, "retransmitted with the same sequence number");
        }
    }

    /** The path blob this server writes is the one gkmp's LKH binding reads (a member built on gkmp alone can join). */
    @Test
    void thePathBlobIsTheLkhBindingFormat() throws Exception {
        fx = new GcksFixture("java");
        org.gkm.rekey.ClientKeys ck = org.gkm.rekey.ClientKeys.generate(org.gkm.rekey.EngineRandom.of(fx.p), false);
        CommittedRekey c = fx.backend.join(ck);
        int id = c.plan().joiners()[0];
        byte[] blob = new PathBlob(id, fx.backend.epoch(), ck, fx.backend.authKey(), fx.policy.signatureAlgorithm(),
                fx.backend.signingPublicKey(), c.downloads().get(id)).encode();
        LkhBinding.Member m = LkhBinding.Member.open(fx.p, fx.policy, GcksFixture.G, SecretBytes.copyOf(blob));
        assertTrue(m.keys().gtek().length() == 32);
        PathBlob back = PathBlob.decode(SecretBytes.copyOf(blob));
        assertEquals(id, back.memberId());
        org.junit.jupiter.api.Assertions.assertArrayEquals(c.downloads().get(id), back.sealedPath());
        // a blob with one more byte is refused
        byte[] longer = java.util.Arrays.copyOf(blob, blob.length + 1);
        assertThrows(org.gkm.gkmp.MalformedMessageException.class, () -> PathBlob.decode(SecretBytes.copyOf(longer)));
    }
}
