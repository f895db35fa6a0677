package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Member-initiated removal and join over the network (claims 13-15): a registered member holding
 * the {@code remove-member} right removes another member of a hybrid tree with its own MEMBER_REKEY
 * message; every other member converges on the GCKS's new TEK, the removed one is told and cannot
 * follow. One holding {@code add-member} adds a joiner the same way; the joiner registers and
 * converges with everyone. Without the right, with a replayed, tampered or foreign request, the GCKS
 * refuses with a typed reason and the group (fingerprint, sequence) is unchanged. Both providers;
 * the in-memory backend under the forward/backward audits and the durable backend on SQLite
 * (reopened after).
 */
class MemberInitiatedExchangeTest {
    private static final GroupPolicy HYBRID = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID);
    private static final Permissions REMOVER = Permissions.of(3, "intel", "ops", "remove-member");
    private static final Permissions ADDER = Permissions.of(3, "add-member", "intel", "ops");
    private static final byte[] MASTER = new byte[32];

    @TempDir
    Path dir;
    private GcksFixture fx;
    private GroupStore store;
    private AuditedBackend audited;

    @AfterEach
    void close() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void start(String provider, String backend, GroupPolicy policy) throws Exception {
        fx = new GcksFixture(provider, ServerOptions.defaults(), policy, 1000, (p, pol, group) -> switch (backend) {
            case "memory" -> audited = new AuditedBackend(p, InMemoryGroupBackend.create(p, pol, group, 1, 1000));
            case "durable" -> {
                store = SealedGroupStore.open(SqliteGroupStore.open(dir.resolve("gkm.db")), CryptoProviders.get("java"),
                        SecretBytes.copyOf(MASTER));
                yield DurableGroupBackend.create(store, p, pol, group, 1, SnapshotPolicy.every(1000));
            }
            default -> throw new IllegalArgumentException(backend);
        });
    }

    private MemberAgent remover(String id) throws Exception {
        MemberAgent a = fx.agent(fx.enroll(id, REMOVER));
        a.register();
        return a;
    }

    /** Every agent applies every push up to the server's head. */
    private void converge(MemberAgent... agents) throws Exception {
        long head = fx.backend.sequence();
        for (MemberAgent a : agents) {
            a.awaitSequence(head, Duration.ofSeconds(10));
            assertEquals(fx.serverTek(), a.tekFingerprint(), "member at the GCKS's TEK");
        }
    }

    @ParameterizedTest
    @CsvSource({"openssl,memory", "java,memory", "openssl,durable", "java,durable"})
    void aMemberWithTheRightRemovesAnother(String provider, String backend) throws Exception {
        start(provider, backend, HYBRID);
        MemberAgent alice = remover("alice");
        MemberAgent bob = fx.member("bob");
        MemberAgent carol = fx.member("carol");
        MemberAgent dave = fx.member("dave");
        converge(alice, bob, carol, dave);
        long before = fx.backend.sequence();
        String oldTek = fx.serverTek();

        long seq = alice.removeMember(EntityId.of("bob"));

        assertEquals(before + 1, seq, "one rekey");
        assertNotEquals(oldTek, fx.serverTek());
        converge(alice, carol, dave);
        AgentException told = assertThrows(AgentException.class, () -> bob.pump(Duration.ofSeconds(5)));
        assertTrue(bob.removed(), "the removed member is told: " + told.getMessage());
        assertNotEquals(fx.serverTek(), bob.tekFingerprint());
        assertEquals(3, fx.server.treeMembers(GcksFixture.G));
        assertTrue(fx.server.members(GcksFixture.G).stream().noneMatch(m -> m.entity().equals(EntityId.of("bob"))));
        // removed means barred, as the owner's removal
        AgentException again = assertThrows(AgentException.class, () -> fx.agent(fx.enroll("bob")).register());
        assertEquals(Optional.of(Refusal.BARRED), again.refusal());
        // the group goes on: a later owner-side rekey reaches everyone left
        fx.server.changeTek(GcksFixture.G);
        converge(alice, carol, dave);
        if (audited != null) {
            assertEquals(1, audited.departedAudited());
            assertEquals(0, audited.forwardViolations(), "the removed member's keys read no later message");
        }
        if (store != null) {
            assertReopensAsItWas(provider, "the removal replays from the store");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void withoutTheRightTheRemovalIsRefusedAndNothingChanges(String provider) throws Exception {
        start(provider, "memory", HYBRID);
        MemberAgent carol = fx.member("carol");
        MemberAgent dave = fx.member("dave");
        converge(carol, dave);
        byte[] fingerprint = fx.backend.fingerprint();
        long seq = fx.backend.sequence();

        AgentException e = assertThrows(AgentException.class, () -> carol.removeMember(EntityId.of("dave")));

        assertEquals(Optional.of(Refusal.NOT_AUTHORIZED), e.refusal(), e.getMessage());
        assertUnchanged(fingerprint, seq);
        assertEquals(2, fx.server.treeMembers(GcksFixture.G));
        fx.server.changeTek(GcksFixture.G); // both still members
        converge(carol, dave);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void aReplayedTamperedOrForeignRequestIsRefusedAndNothingChanges(String provider) throws Exception {
        start(provider, "memory", HYBRID);
        MemberAgent alice = remover("alice");
        Credentials erinCreds = fx.enroll("erin", REMOVER);
        MemberAgent erin = fx.agent(erinCreds);
        erin.register();
        MemberAgent bob = fx.member("bob");
        MemberAgent carol = fx.member("carol");
        converge(alice, erin, bob, carol);

        InitiatorPayloads.MemberRequest request = alice.prepareRemoval(EntityId.of("bob"));
        byte[] fingerprint = fx.backend.fingerprint();
        long seq = fx.backend.sequence();
        // one byte of the sealed message flipped: does not open
        byte[] tampered = request.sealed();
        tampered[tampered.length / 2] ^= 0x01;
        refused(Refusal.REKEY_REJECTED, alice, new InitiatorPayloads.MemberRequest(request.group(), request.target(),
                request.identityCertificate(), request.permissionCertificate(), tampered));
        // another member's certificates with alice's message: the certificate is not the connection's entity
        refused(Refusal.NOT_AUTHORIZED, alice, new InitiatorPayloads.MemberRequest(request.group(), request.target(),
                erinCreds.certificate(), erinCreds.permissions().encode(), request.sealed()));
        // alice's message sent by erin with alice's certificates: not erin's identity
        refused(Refusal.NOT_AUTHORIZED, erin, request);
        // erin's own certificates with alice's message: signed by another key than erin's
        refused(Refusal.REKEY_REJECTED, erin, new InitiatorPayloads.MemberRequest(request.group(), request.target(),
                erinCreds.certificate(), erinCreds.permissions().encode(), request.sealed()));
        // a removal of oneself is not a member-initiated removal
        refused(Refusal.NOT_AUTHORIZED, alice, new InitiatorPayloads.MemberRequest(request.group(), EntityId.of("alice"),
                request.identityCertificate(), request.permissionCertificate(), request.sealed()));
        assertUnchanged(fingerprint, seq);

        long done = alice.submitRemoval(request);
        assertEquals(seq + 1, done);
        converge(alice, erin, carol);
        byte[] after = fx.backend.fingerprint();
        // the same request again: bob is gone
        refused(Refusal.UNKNOWN_MEMBER, alice, request);
        // the same message for another target: built on an older sequence
        refused(Refusal.REKEY_REJECTED, alice, new InitiatorPayloads.MemberRequest(request.group(), EntityId.of("carol"),
                request.identityCertificate(), request.permissionCertificate(), request.sealed()));
        assertUnchanged(after, done);
        assertEquals(0, audited.forwardViolations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void aSymmetricTreeRefusesMemberInitiatedRemoval(String provider) throws Exception {
        start(provider, "memory", GroupPolicy.defaults());
        MemberAgent alice = remover("alice");
        fx.member("bob");
        byte[] fingerprint = fx.backend.fingerprint();
        long seq = fx.backend.sequence();
        AgentException e = assertThrows(AgentException.class, () -> alice.removeMember(EntityId.of("bob")));
        assertEquals(Optional.of(Refusal.NOT_AUTHORIZED), e.refusal(), e.getMessage());
        assertTrue(e.getMessage().contains("hybrid"), e.getMessage());
        assertUnchanged(fingerprint, seq);
    }

    @ParameterizedTest
    @CsvSource({"openssl,memory", "java,memory", "openssl,durable", "java,durable"})
    void aMemberWithTheRightAddsAJoinerWhoThenRegisters(String provider, String backend) throws Exception {
        start(provider, backend, HYBRID);
        MemberAgent alice = fx.agent(fx.enroll("alice", ADDER));
        alice.register();
        MemberAgent bob = fx.member("bob");
        MemberAgent carol = fx.member("carol");
        converge(alice, bob, carol);
        long before = fx.backend.sequence();
        String oldTek = fx.serverTek();

        long seq = alice.addMember(EntityId.of("joe"));

        assertEquals(before + 1, seq, "one rekey");
        assertNotEquals(oldTek, fx.serverTek(), "the TEK moves to its next revision");
        converge(alice, bob, carol);
        assertEquals(4, fx.server.treeMembers(GcksFixture.G), "joe is in the tree before it registers");
        // a second addition of joe: already a member
        AgentException twice = assertThrows(AgentException.class, () -> alice.addMember(EntityId.of("joe")));
        assertEquals(Optional.of(Refusal.ALREADY_MEMBER), twice.refusal());
        // joe registers with its own certificates and receives its path: it is at the group's TEK
        MemberAgent joe = fx.member("joe");
        converge(alice, bob, carol, joe);
        assertEquals(4, fx.server.treeMembers(GcksFixture.G), "registering put joe in no second leaf");
        fx.server.changeTek(GcksFixture.G);
        converge(alice, bob, carol, joe);
        if (audited != null) {
            assertEquals(0, audited.backwardViolations(), "the joiner reads no earlier message");
            assertTrue(audited.joinersAudited() >= 1);
        }
        if (store != null) {
            assertReopensAsItWas(provider, "the join replays from the store");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void aJoinWithoutTheRightOrWithoutItsViewIsRefusedAndNothingChanges(String provider) throws Exception {
        start(provider, "memory", HYBRID);
        MemberAgent alice = fx.agent(fx.enroll("alice", ADDER));
        alice.register();
        MemberAgent bob = fx.member("bob");
        converge(alice, bob);
        byte[] fingerprint = fx.backend.fingerprint();
        long seq = fx.backend.sequence();
        AgentException e = assertThrows(AgentException.class, () -> bob.addMember(EntityId.of("joe")));
        assertEquals(Optional.of(Refusal.NOT_AUTHORIZED), e.refusal(), e.getMessage());
        assertUnchanged(fingerprint, seq);

        InitiatorPayloads.MemberRequest request = alice.prepareAddition(EntityId.of("joe"));
        // a later view for another joiner replaces the one the request was built on
        alice.prepareAddition(EntityId.of("kim"));
        refused(Refusal.REKEY_REJECTED, alice::submitAddition, request);
        // the request for kim, tampered
        InitiatorPayloads.MemberRequest kim = alice.prepareAddition(EntityId.of("kim"));
        byte[] tampered = kim.sealed();
        tampered[tampered.length / 3] ^= 0x40;
        refused(Refusal.REKEY_REJECTED, alice::submitAddition, new InitiatorPayloads.MemberRequest(kim.group(), kim.target(),
                kim.identityCertificate(), kim.permissionCertificate(), tampered));
        // bob sends alice's request: not bob's certificates
        refused(Refusal.NOT_AUTHORIZED, bob::submitAddition, kim);
        assertUnchanged(fingerprint, seq);
        // removed identities cannot be added back
        fx.server.remove(GcksFixture.G, EntityId.of("bob"));
        AgentException barred = assertThrows(AgentException.class, () -> alice.addMember(EntityId.of("bob")));
        assertEquals(Optional.of(Refusal.BARRED), barred.refusal());
    }

    private interface Submit {
        long submit(InitiatorPayloads.MemberRequest request) throws Exception;
    }

    private static void refused(Refusal expected, Submit from, InitiatorPayloads.MemberRequest request) {
        AgentException e = assertThrows(AgentException.class, () -> from.submit(request));
        assertEquals(Optional.of(expected), e.refusal(), e.getMessage());
    }

    /** Stops the server, reopens the durable group from its store: same sequence and fingerprint. */
    private void assertReopensAsItWas(String provider, String what) throws Exception {
        byte[] fingerprint = fx.backend.fingerprint();
        long head = fx.backend.sequence();
        fx.close();
        fx = null;
        try (DurableGroupBackend reopened = DurableGroupBackend.open(store, CryptoProviders.get(provider),
                org.gkm.rekey.message.GroupId.of("gkmp-" + GcksFixture.G.value()), SnapshotPolicy.every(1000))) {
            assertEquals(head, reopened.sequence());
            assertArrayEquals(fingerprint, reopened.fingerprint(), what);
        }
    }

    private static void refused(Refusal expected, MemberAgent from, InitiatorPayloads.MemberRequest request) throws Exception {
        AgentException e = assertThrows(AgentException.class, () -> from.submitRemoval(request));
        assertEquals(Optional.of(expected), e.refusal(), e.getMessage());
    }

    private void assertUnchanged(byte[] fingerprint, long sequence) {
        assertArrayEquals(fingerprint, fx.backend.fingerprint(), "group state unchanged");
        assertEquals(sequence, fx.backend.sequence(), "no rekey");
    }
}
