package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.AuditExport;
import org.gkm.gcks.server.admin.MemberCredential;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.pki.VerifyingKey;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group the owner creates at run time ({@code gkm admin create-group}) under {@code gkm serve} is
 * durable like a configured one: a second creation of its id is refused and changes nothing; after
 * a SIGKILL and a restart on the same data directory (with the other crypto provider) it is listed
 * with its policy, the same sequence and state fingerprint, its registered member keeps its tree
 * member id and converges with a new joiner on the GCKS's TEK. Its audit export then holds the
 * whole GKMP log since the group's creation, the records from before the restart included, and
 * verifies offline ({@code gkm admin audit-verify}); an edited record of it fails, named; the chain
 * in the store verifies with {@link GroupStoreLog#verify}. The server is a child JVM
 * ({@link ServeProcess}); {@code gkm admin} and the member agents run in-process.
 */
class ServeAdminRestartTest {
    private static final long CREATED = 7;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private ServeProcess serve;
    private final List<MemberAgent> agents = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (MemberAgent a : agents) {
            try {
                a.close();
            } catch (IOException e) {
                // the server is gone; the agent's keys are destroyed regardless
            }
        }
        if (serve != null) {
            serve.close();
        }
    }

    private <T> T adminJson(Class<T> type, String... args) throws IOException {
        CliRun r = CliRun.of("admin", args);
        assertEquals(0, r.status(), String.join(" ", args) + ": " + r.err());
        return AdminClient.JSON.readValue(r.out().strip(), type);
    }

    private AdminApi.Status status(Path data) throws IOException {
        return adminJson(AdminApi.Status.class, "status", "--data", data.toString(), "--group", Long.toString(CREATED), "--json");
    }

    private ServeProcess start(Path config, String provider) throws Exception {
        ServeProcess s = ServeProcess.start(config, provider, dir.resolve("serve.err"));
        if (!s.awaitLine("frames on", 60_000)) {
            s.close();
            throw new AssertionError("gkm serve did not come up: " + s.lines + "\n" + Files.readString(dir.resolve("serve.err")));
        }
        return s;
    }

    /** An agent of the member a credential file names (as {@code gkm member} builds it). */
    private MemberAgent agent(CryptoProvider p, Path credentialFile) throws IOException {
        MemberCredential c = AdminClient.JSON.readValue(Files.readAllBytes(credentialFile), MemberCredential.class);
        MemberAgent a = new MemberAgent(p, c.credentials(), c.anchor(), c.revocations(), new AgentConfig(c.gcksAddress(), c.httpUri(),
                c.groupId(), c.controllerId(), c.policy().toPolicy(), Duration.ofMillis(20), Duration.ofSeconds(2), WAIT));
        agents.add(a);
        return a;
    }

    private Path issue(Path data, String member) {
        Path f = dir.resolve(member + ".cred");
        CliRun r = CliRun.of("admin", "issue", "--data", data.toString(), "--group", Long.toString(CREATED), "--member", member, "--out", f.toString());
        assertEquals(0, r.status(), r.err());
        return f;
    }

    private AuditExport export(Path data, Path file) throws IOException {
        CliRun r = CliRun.of("admin", "audit-export", "--data", data.toString(), "--group", Long.toString(CREATED), "--out", file.toString());
        assertEquals(0, r.status(), r.err());
        return AdminClient.JSON.readValue(Files.readAllBytes(file), AuditExport.class);
    }

    @ParameterizedTest(name = "first start {0}, restart the other provider")
    @ValueSource(strings = {"java", "auto"})
    void aGroupCreatedAtRunTimeSurvivesARestartAndItsWholeLogVerifies(String first) throws Exception {
        String second = first.equals("java") ? "auto" : "java";
        CryptoProvider p = CryptoProviders.select(ProviderChoice.of(first).mode()).provider();
        int[] ports = ServeProcess.freePorts();
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        ServeProcess.ownerOnly(dir.resolve("master.key"), masterKey);
        Path config = Files.writeString(dir.resolve("gkm.json"), """
                {"port": %d, "httpPort": %d, "dataDirectory": "data", "masterKeyFile": "master.key", "groups": [{"id": 1}]}
                """.formatted(ports[0], ports[1]));
        Path data = dir.resolve("data");
        serve = start(config, first);

        // create a group the configuration does not name, with a policy other than the defaults
        AdminApi.Status made = adminJson(AdminApi.Status.class, "create-group", "--data", data.toString(), "--id",
                Long.toString(CREATED), "--degree", "8", "--signature", "ecdsa-p256", "--max-members", "50",
                "--batch-window-ms", "7", "--tek-lifetime-s", "86400", "--json");
        assertEquals(8, made.degree());
        assertEquals(7, made.batchWindowMillis(), "the group's own batch window");
        assertEquals(86400, made.tekLifetimeSeconds(), "the group's own TEK lifetime");
        assertEquals("ECDSA_P256_SHA256_DER", made.signatureAlgorithm());
        assertEquals(0, made.sequence());

        // a second creation of that id, or of the configured one, is refused and changes nothing
        for (String id : new String[] {Long.toString(CREATED), "1"}) {
            CliRun again = CliRun.of("admin", "create-group", "--data", data.toString(), "--id", id, "--degree", "4");
            assertEquals(1, again.status(), again.out());
            assertTrue(again.err().contains("exists") && again.err().contains("HTTP 409"), again.err());
        }
        AdminApi.Status unchanged = status(data);
        assertEquals(made.fingerprint(), unchanged.fingerprint());
        assertEquals(8, unchanged.degree());

        // a member registers; the GCKS's TEK is the member's
        Path aliceCred = issue(data, "alice");
        MemberAgent alice = agent(p, aliceCred);
        alice.register();
        int aliceId = alice.memberId();
        AdminApi.Status before = status(data);
        assertEquals(1, before.treeMembers());
        assertEquals(alice.sequence(), before.sequence());
        assertEquals(alice.tekFingerprint(), before.tekFingerprint());
        AuditExport early = export(data, dir.resolve("audit-before.json"));

        // SIGKILL, restart on the same data directory with the other provider
        serve.kill();
        serve = start(config, second);
        assertTrue(serve.lines.stream().anyMatch(l -> l.contains("group " + CREATED + " opened at sequence " + before.sequence())),
                serve.lines.toString());
        AdminApi.Group listed = null;
        for (AdminApi.Group g : adminJson(GroupList.class, "groups", "--data", data.toString(), "--json").groups()) {
            if (g.id() == CREATED) {
                listed = g;
            }
        }
        assertTrue(listed != null, "gkm admin groups lists the created group after the restart");
        assertEquals(8, listed.degree());
        assertEquals("ECDSA_P256_SHA256_DER", listed.signatureAlgorithm());
        AdminApi.Status after = status(data);
        assertEquals(before.sequence(), after.sequence());
        assertEquals(before.fingerprint(), after.fingerprint());
        assertEquals(before.tekFingerprint(), after.tekFingerprint());
        assertEquals(1, after.treeMembers());
        assertEquals(7, after.batchWindowMillis(), "the restart keeps the group's batch window");
        assertEquals(86400, after.tekLifetimeSeconds(), "and its TEK lifetime");

        // the member is still one (its tree member id), and converges with a new joiner on the GCKS's TEK
        alice.reconnect();
        alice.resyncTcp();
        alice.register();
        assertEquals(aliceId, alice.memberId(), "re-registration keeps the tree member id: no new join");
        MemberAgent bob = agent(p, issue(data, "bob"));
        bob.register();
        alice.awaitSequence(bob.sequence(), WAIT);
        AdminApi.Status now = status(data);
        assertEquals(2, now.treeMembers());
        assertEquals(bob.sequence(), now.sequence());
        assertEquals(now.tekFingerprint(), bob.tekFingerprint());
        assertEquals(now.tekFingerprint(), alice.tekFingerprint());

        // the export holds the whole log since creation: every record exported before the restart, then more
        Path file = dir.resolve("audit.json");
        AuditExport whole = export(data, file);
        assertEquals(0, whole.firstSeq());
        assertEquals(0, early.firstSeq(), "the export before the restart is the whole log too");
        assertTrue(whole.entries().size() > early.entries().size(), whole.entries().size() + " records");
        for (AuditExport.Entry e : early.entries()) {
            assertEquals(e, whole.entries().get((int) e.seq()), "record " + e.seq() + " of before the restart");
        }
        CliRun verified = CliRun.of("admin", "audit-verify", "--file", file.toString(), "--credential", aliceCred.toString(), "--json");
        assertEquals(0, verified.status(), verified.err());
        assertTrue(verified.out().contains("\"verified\":true") && verified.out().contains("\"records\":" + whole.entries().size())
                && verified.out().contains("\"firstSeq\":0"), verified.out());

        // a record from before the restart edited in the export: verification fails and names it
        int edited = 2;
        ObjectNode tree = (ObjectNode) AdminClient.JSON.readTree(file.toFile());
        ObjectNode entry = (ObjectNode) tree.withArray("entries").get(edited);
        entry.put("timeMillis", entry.get("timeMillis").asLong() + 1);
        Path tampered = dir.resolve("audit-edited.json");
        AdminClient.JSON.writeValue(tampered.toFile(), tree);
        CliRun refused = CliRun.of("admin", "audit-verify", "--file", tampered.toString(), "--credential", aliceCred.toString());
        assertEquals(1, refused.status(), refused.out());
        assertTrue(refused.err().contains("verification failed") && refused.err().contains("log record " + edited + ":"), refused.err());

        // offline: the chain in the store verifies under the controller's key, and the export is its prefix
        serve.kill();
        try (GroupStore store = SealedGroupStore.open(SqliteGroupStore.open(data.resolve("gkm.db")), p, SecretBytes.copyOf(masterKey));
                ServerKeys keys = ServerKeys.load(store, p).orElseThrow()) {
            List<LogEntry> stored = GroupStoreLog.read(store, ServeState.logId(CREATED));
            long covered = GroupStoreLog.verify(p, new VerifyingKey(keys.controller().publicKey(), ServerKeys.ALGORITHM), store,
                    ServeState.logId(CREATED));
            assertTrue(stored.size() >= whole.entries().size());
            assertTrue(covered >= whole.entries().size(), "the export's closing checkpoint is stored: " + covered);
            for (int i = 0; i < whole.entries().size(); i++) {
                assertEquals(whole.entries().get(i).hash(), Base64.getEncoder().encodeToString(stored.get(i).hash()), "record " + i);
            }
        }
    }

    /** {@code gkm admin groups --json}. */
    record GroupList(List<AdminApi.Group> groups) {
    }
}
