package org.gkm.gcks.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.ServerOptions;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.GkmpGroupId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin endpoint on a live GCKS over loopback: the token file, refusal of unauthenticated
 * requests (state unchanged), group creation and its refusals, credential issue that a member agent
 * registers with, status, removal and the audit export's verification.
 */
class AdminEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private GcksServer server;
    private AdminEndpoint admin;
    private AdminToken token;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<MemberAgent> agents = new java.util.ArrayList<>();

    private void start(String provider) throws Exception {
        CryptoProvider p = CryptoProviders.get(provider);
        server = GcksServer.start(p, ServerOptions.defaults(), new GcksMetrics());
        LocalAuthority authority = LocalAuthority.create(p, System.currentTimeMillis());
        admin = AdminEndpoint.start(p, server, authority, GroupFactory.inMemory(p), dir, 0);
        server.closeWith(admin);
        token = AdminToken.read(dir.resolve(AdminToken.FILE_NAME));
    }

    @AfterEach
    void stop() throws Exception {
        for (MemberAgent a : agents) {
            try {
                a.close();
            } catch (java.io.IOException e) {
                // the GCKS closed it already (removed)
            }
        }
        if (server != null) {
            server.close();
            assertTrue(server.isTerminated() && admin.isTerminated(), "every thread ended");
            assertFalse(Files.exists(dir.resolve(AdminToken.FILE_NAME)), "the token file goes with the server");
        }
    }

    private record Answer(int status, String body) {
    }

    private Answer call(String method, String path, Object body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(token.url() + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body());
    }

    private Answer call(String method, String path, Object body) throws Exception {
        return call(method, path, body, token.token());
    }

    private static AdminApi.CreateGroup group(long id, String tree, Long batch, Long tek) {
        return new AdminApi.CreateGroup(id, 4, tree, "ed25519", 100, 100, batch, tek);
    }

    @Test
    void theTokenFileIsOwnerOnlyAndRequestsWithoutTheTokenAreRefusedAndChangeNothing() throws Exception {
        start("java");
        Path f = dir.resolve(AdminToken.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(token.url().startsWith("http://127.0.0.1:"), token.url());
        assertEquals(64, token.token().length());
        String wrong = token.token().substring(0, 63) + (token.token().endsWith("0") ? "1" : "0");
        for (String bearer : new String[] {null, "", wrong, token.token() + "0"}) {
            Answer a = call("POST", "/admin/v1/groups", group(5, "symmetric", null, null), bearer);
            assertEquals(401, a.status(), a.body());
            assertEquals(401, call("GET", "/admin/v1/groups", null, bearer).status());
        }
        assertEquals(List.of(), server.groupIds(), "no group was created");
        assertEquals(200, call("GET", "/admin/v1/groups", null).status());
    }

    @Test
    void groupCreationChecksItsInput() throws Exception {
        start("java");
        Answer a = call("POST", "/admin/v1/groups", group(5, "hybrid", null, null));
        assertEquals(201, a.status(), a.body());
        AdminApi.Status s = JSON.readValue(a.body(), AdminApi.Status.class);
        assertEquals("hybrid", s.tree());
        assertEquals(server.options().batchWindow().toMillis(), s.batchWindowMillis(), "the server's batch window");
        assertEquals(0, s.tekLifetimeSeconds(), "the server's TEK lifetime (none)");
        assertEquals(List.of(new GkmpGroupId(5)), server.groupIds());
        assertEquals(409, call("POST", "/admin/v1/groups", group(5, "symmetric", null, null)).status());
        Answer batch = call("POST", "/admin/v1/groups", group(6, "symmetric", server.options().gkmpTimeout().toMillis(), null));
        assertEquals(400, batch.status());
        assertTrue(batch.body().contains("batchWindow must be shorter than the GKMP timeout"), batch.body());
        assertEquals(400, call("POST", "/admin/v1/groups", group(6, "symmetric", -1L, null)).status());
        Answer tek = call("POST", "/admin/v1/groups", group(6, "symmetric", null, -60L));
        assertEquals(400, tek.status());
        assertTrue(tek.body().contains("tekLifetime"), tek.body());
        assertEquals(400, call("POST", "/admin/v1/groups", group(6, "pyramid", null, null)).status());
        assertEquals(400, call("POST", "/admin/v1/groups", java.util.Map.of("id", 6, "colour", "red")).status());
        assertEquals(404, call("GET", "/admin/v1/groups/99", null).status());
        assertEquals(405, call("PUT", "/admin/v1/groups", null).status());
        assertEquals(List.of(new GkmpGroupId(5)), server.groupIds(), "refused requests created nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void anIssuedCredentialRegistersAndTheOwnerSeesAndRemovesTheMember(String provider) throws Exception {
        start(provider);
        CryptoProvider p = CryptoProviders.get(provider);
        assertEquals(201, call("POST", "/admin/v1/groups", new AdminApi.CreateGroup(3L, 2, "symmetric", "ecdsa-p256", null, null, null,
                null)).status());
        MemberAgent alice = agent(p, issue(3, "alice"));
        MemberAgent bob = agent(p, issue(3, "bob"));
        Answer dup = call("POST", "/admin/v1/groups/3/members", new AdminApi.Issue("alice"));
        assertEquals(409, dup.status(), dup.body());
        assertEquals(400, call("POST", "/admin/v1/groups/3/members", new AdminApi.Issue("not an id!")).status());

        alice.register();
        bob.register();
        long head = server.status(new GkmpGroupId(3)).sequence();
        alice.awaitSequence(head, WAIT);
        bob.awaitSequence(head, WAIT);
        AdminApi.Status s = JSON.readValue(call("GET", "/admin/v1/groups/3", null).body(), AdminApi.Status.class);
        assertEquals(2, s.registered());
        assertEquals(2, s.connected());
        assertEquals(head, s.sequence());
        assertEquals("ECDSA_P256_SHA256_DER", s.signatureAlgorithm());
        assertEquals(List.of("alice", "bob"), s.members().stream().map(AdminApi.Member::entity).sorted().toList());

        Answer r = call("DELETE", "/admin/v1/groups/3/members/alice", null);
        assertEquals(200, r.status(), r.body());
        long leave = JSON.readValue(r.body(), AdminApi.Removed.class).sequence();
        bob.awaitSequence(leave, WAIT);
        assertEquals(server.backend(new GkmpGroupId(3)).tekFingerprint(), bob.tekFingerprint());
        assertThrows(AgentException.class, () -> alice.pump(Duration.ofSeconds(2)));
        assertTrue(alice.removed(), "alice learns she was removed");
        assertEquals(404, call("DELETE", "/admin/v1/groups/3/members/alice", null).status(), "not a member any more");
        AdminApi.Status after = JSON.readValue(call("GET", "/admin/v1/groups/3", null).body(), AdminApi.Status.class);
        assertEquals(1, after.treeMembers());
        assertEquals(List.of("bob"), after.members().stream().map(AdminApi.Member::entity).toList());
    }

    @Test
    void theAuditExportVerifiesUnderTheAnchorAndAnEditIsFound() throws Exception {
        start("java");
        CryptoProvider p = CryptoProviders.get("java");
        assertEquals(201, call("POST", "/admin/v1/groups", group(4, "symmetric", null, null)).status());
        MemberCredential carol = issue(4, "carol");
        agent(p, carol).register();
        AuditExport e = JSON.readValue(call("GET", "/admin/v1/groups/4/audit", null).body(), AuditExport.class);
        assertTrue(e.entries().size() >= 2, "creation, join and the checkpoint are logged: " + e.entries().size());
        AuditExport.Verified v = e.verify(p, carol.anchor(), System.currentTimeMillis());
        assertEquals(e.entries().size(), v.records());
        assertEquals(v.records(), v.signedRecords(), "the export ends in a signed checkpoint");

        List<AuditExport.Entry> edited = new java.util.ArrayList<>(e.entries());
        AuditExport.Entry first = edited.get(0);
        edited.set(0, new AuditExport.Entry(first.seq(), first.timeMillis(), first.actor(), first.group(), first.action(),
                first.detail() + " (edited)", first.prevHash(), first.signature(), first.hash()));
        AuditExport tampered = new AuditExport(e.group(), e.controller(), e.controllerCertificate(), e.firstSeq(), edited);
        assertThrows(LogVerificationException.class, () -> tampered.verify(p, carol.anchor(), System.currentTimeMillis()));

        LocalAuthority other = LocalAuthority.create(p, System.currentTimeMillis());
        assertThrows(VerificationException.class, () -> e.verify(p, other.anchor(), System.currentTimeMillis()),
                "another security manager's anchor does not vouch for this controller");
    }

    /**
     * A group's own batch window and TEK lifetime apply to it alone: two registrations at once are one
     * rekey under a long window and two without one, and a one-second TEK lifetime brings scheduled
     * TEK changes while the server's default has none.
     */
    @Test
    void aGroupsOwnBatchWindowAndTekLifetimeApplyToIt() throws Exception {
        start("java");
        CryptoProvider p = CryptoProviders.get("java");
        assertEquals(201, call("POST", "/admin/v1/groups", group(1, "symmetric", 2000L, null)).status());
        assertEquals(201, call("POST", "/admin/v1/groups", group(2, "symmetric", 0L, 1L)).status());
        AdminApi.Status two = JSON.readValue(call("GET", "/admin/v1/groups/2", null).body(), AdminApi.Status.class);
        assertEquals(0, two.batchWindowMillis());
        assertEquals(1, two.tekLifetimeSeconds());
        for (long g : new long[] {1, 2}) {
            List<MemberAgent> pair = List.of(agent(p, issue(g, "a" + g)), agent(p, issue(g, "b" + g)));
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (MemberAgent m : pair) {
                    done.add(pool.submit(() -> {
                        m.register();
                        return null;
                    }));
                }
                for (var f : done) {
                    f.get();
                }
            }
        }
        assertEquals(1, server.backend(new GkmpGroupId(1)).sequence(), "both joins in one batch rekey (2 s window)");
        long afterJoins = server.backend(new GkmpGroupId(2)).sequence();
        assertTrue(afterJoins >= 2, "without a window each join is a rekey: " + afterJoins);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.backend(new GkmpGroupId(2)).sequence() == afterJoins && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(server.backend(new GkmpGroupId(2)).sequence() > afterJoins, "a scheduled TEK change after 1 s");
        assertEquals(1, server.backend(new GkmpGroupId(1)).sequence(), "the server's default schedules none");
    }

    private MemberCredential issue(long group, String member) throws Exception {
        Answer a = call("POST", "/admin/v1/groups/" + group + "/members", new AdminApi.Issue(member));
        assertEquals(200, a.status(), a.body());
        MemberCredential c = JSON.readValue(a.body(), MemberCredential.class);
        assertEquals(server.address().getPort(), c.gcksAddress().getPort());
        assertFalse(c.toString().contains(c.privateKey()), "toString shows no key");
        return c;
    }

    private MemberAgent agent(CryptoProvider p, MemberCredential c) {
        AgentConfig config = new AgentConfig(c.gcksAddress(), c.httpUri(), c.groupId(), c.controllerId(), c.policy().toPolicy(),
                Duration.ofMillis(20), Duration.ofSeconds(2), WAIT);
        MemberAgent a = new MemberAgent(p, c.credentials(), c.anchor(), c.revocations(), config);
        agents.add(a);
        return a;
    }
}
