package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.cli.GkmCli;
import org.gkm.gcks.cli.ServeProcess;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.member.ReconnectPolicy;
import org.gkm.gcks.server.Refusal;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.MemberCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gkm serve} as a 3-replica GCKS in three separate processes on loopback: only the leader
 * registers (a follower refuses NOT_LEADER naming it, and members given every replica find the
 * leader); the leader's process is killed with SIGKILL while members follow it and three more
 * register; another replica takes over from the committed sequence, every member reconnects to it by
 * itself (back-off, registered again under its tree member id: nothing acknowledged is lost), the
 * registrations in flight all end registered, a new member's join rekeys them all to one TEK, the
 * tree holds exactly the registered members; the killed replica restarted on its data directory
 * catches up to the same state fingerprint.
 */
class ReplicatedServeProcessTest {
    private static final String PROVIDER = "openssl";
    private static final long GROUP = 1;
    /** A second group on the same replicas: its own Raft group, leader and log (multi-raft). */
    private static final long GROUP2 = 2;
    private static final String LEADS = "group " + GROUP + ": this replica leads";
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    private final ServeProcess[] procs = new ServeProcess[3];
    private final InetSocketAddress[] frames = new InetSocketAddress[3];
    private final int[] http = new int[3];
    private final List<MemberAgent> agents = new ArrayList<>();
    private CryptoProvider p;

    @AfterEach
    void stop() throws Exception {
        for (MemberAgent a : agents) {
            a.close();
        }
        for (ServeProcess s : procs) {
            if (s != null) {
                s.close();
            }
        }
    }

    private void configure() throws Exception {
        configure(500, 1000);
    }

    private void configure(long electionMin, long electionMax) throws Exception {
        // the replicas speak Raft over mutual TLS (certificates of one test CA)
        TestCertificates pki = new TestCertificates("gkm replicas");
        pki.writeTrust(dir.resolve("ca.crt"));
        for (int i = 0; i < 3; i++) {
            Path[] ck = pki.issue("r" + i, dir);
            Files.setPosixFilePermissions(ck[1], java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        SecureRandom r = new SecureRandom();
        byte[] k = new byte[32];
        r.nextBytes(k);
        ServeProcess.ownerOnly(dir.resolve("master.key"), k);
        r.nextBytes(k);
        ServeProcess.ownerOnly(dir.resolve("sm.key"), k);
        int[] raft = new int[3];
        for (int i = 0; i < 3; i++) {
            frames[i] = new InetSocketAddress("127.0.0.1", ReplicaCluster.freePort());
            raft[i] = ReplicaCluster.freePort();
            http[i] = ReplicaCluster.freePort();
        }
        StringBuilder replicas = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            replicas.append(i == 0 ? "" : ", ").append("{\"id\": \"r").append(i).append("\", \"raft\": \"127.0.0.1:").append(raft[i])
                    .append("\", \"frames\": \"127.0.0.1:").append(frames[i].getPort()).append("\"}");
        }
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("r" + i + ".json"), "{\"port\": " + frames[i].getPort() + ", \"httpPort\": " + http[i]
                    + ", \"dataDirectory\": \"data-r" + i + "\", \"masterKeyFile\": \"master.key\", \"securityManagerKeyFile\": \"sm.key\","
                    + " \"batchWindowMillis\": 0, \"groups\": [{\"id\": " + GROUP + ", \"degree\": 4}, {\"id\": " + GROUP2 + ", \"tree\": \"hybrid\"}],"
                    + " \"replication\": {\"self\": \"r" + i + "\", \"electionTimeoutMillis\": [" + electionMin + ", " + electionMax + "], \"replicas\": [" + replicas
                    + "], \"tls\": {\"certificateFile\": \"r" + i + ".crt\", \"privateKeyFile\": \"r" + i + ".key\", \"trustFile\": \"ca.crt\"}}}");
        }
    }

    private void start(int i) throws IOException {
        procs[i] = ServeProcess.start(dir.resolve("r" + i + ".json"), PROVIDER, dir.resolve("r" + i + ".err"));
    }

    /** The replica whose leads-line count rose above {@code before}, waiting up to 30 s. */
    private int awaitLeader(long[] before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 3; i++) {
                if (procs[i] != null && procs[i].alive() && procs[i].count(LEADS) > before[i]) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no replica came to lead; output: " + List.of(procs[0].lines, procs[1].lines, procs[2].lines));
    }

    private long[] leadCounts() {
        long[] c = new long[3];
        for (int i = 0; i < 3; i++) {
            c[i] = procs[i] == null ? 0 : procs[i].count(LEADS);
        }
        return c;
    }

    /** Runs {@code gkm admin ...} in this JVM; returns its standard output. */
    private static String admin(String... args) {
        return admin(0, args);
    }

    /** Runs {@code gkm admin ...} in this JVM, expecting exit status {@code expected}; returns its standard output, or error output on failure. */
    private static String admin(int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = GkmCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> a = new ArrayList<>(List.of("admin"));
        a.addAll(List.of(args));
        int rc = cli.execute(a.toArray(String[]::new));
        assertEquals(expected, rc, "gkm admin " + a + ": " + out + err);
        return rc == 0 ? out.toString() : err.toString();
    }

    private AdminApi.Status status(int i) throws IOException {
        return status(i, GROUP);
    }

    private AdminApi.Status status(int i, long group) throws IOException {
        return JSON.readValue(admin("status", "--group", "" + group, "--data", dir.resolve("data-r" + i).toString(), "--json"),
                AdminApi.Status.class);
    }

    private MemberCredential issue(String member, int atReplica) throws IOException {
        return issue(member, atReplica, GROUP);
    }

    private MemberCredential issue(String member, int atReplica, long group) throws IOException {
        Path f = dir.resolve(member + "-" + group + ".json");
        admin("issue", "--group", "" + group, "--member", member, "--out", f.toString(), "--data",
                dir.resolve("data-r" + atReplica).toString());
        return JSON.readValue(Files.readAllBytes(f), MemberCredential.class);
    }

    private MemberAgent agent(MemberCredential c, InetSocketAddress at) {
        return agent(c, at, null);
    }

    /** An agent over every replica the credential lists, reconnecting within 60 s ({@code http}: resync (c), or null). */
    private MemberAgent failover(MemberCredential c, java.net.URI http) {
        MemberAgent a = new MemberAgent(p, c.credentials(), c.anchor(), c.revocations(), new AgentConfig(c.gcksAddress(), http,
                c.groupId(), c.controllerId(), c.policy().toPolicy(), Duration.ofMillis(20), Duration.ofSeconds(2),
                Duration.ofSeconds(10)).withReplicas(c.gcksAddresses(), ReconnectPolicy.within(Duration.ofSeconds(60))));
        agents.add(a);
        return a;
    }

    /** An agent registering at {@code at} whose HTTP resync (c) goes to {@code http} (or nowhere). */
    private MemberAgent agent(MemberCredential c, InetSocketAddress at, java.net.URI http) {
        MemberAgent a = new MemberAgent(p, c.credentials(), c.anchor(), c.revocations(), new AgentConfig(at, http, c.groupId(),
                c.controllerId(), c.policy().toPolicy(), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(10)));
        agents.add(a);
        return a;
    }

    @Test
    void aKilledLeaderIsReplacedAndMembersAndTheRestartedReplicaConverge() throws Exception {
        p = CryptoProviders.get(PROVIDER);
        configure();
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        int leader = awaitLeader(new long[3]);
        int follower = (leader + 1) % 3;
        System.out.printf("replicated serve: r%d leads%n", leader);

        // credentials from any replica (one security manager key); a follower sends members to the leader
        List<MemberCredential> creds = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            creds.add(issue("m" + m, m % 3));
        }
        assertEquals(List.of(frames[0], frames[1], frames[2]), creds.get(0).gcksAddresses(),
                "a credential lists every replica, the issuing one first");
        assertEquals(frames[1], creds.get(1).gcksAddresses().get(0));
        AgentException refused = org.junit.jupiter.api.Assertions.assertThrows(AgentException.class,
                agent(creds.get(0), frames[follower])::register);
        assertEquals(Optional.of(Refusal.NOT_LEADER), refused.refusal());
        assertEquals(Optional.of(frames[leader]), Refusal.leaderIn(refused.getMessage().replaceFirst("^.*refused: ", "")),
                refused.getMessage());
        assertEquals(0, status(follower).sequence(), "a refused registration changes nothing");
        String notHere = admin(1, "remove", "--group", "" + GROUP, "--member", "m0", "--data",
                dir.resolve("data-r" + follower).toString());
        assertTrue(notHere.contains("421") && notHere.contains("leader 127.0.0.1:" + frames[leader].getPort()), notHere);

        Map<String, MemberAgent> members = new HashMap<>();
        Map<String, Integer> treeIds = new HashMap<>();
        for (MemberCredential c : creds) {
            // from the credential's replicas, the issuing one first (often a follower): redirected to the
            // leader; resync (c) from a follower's HTTP posting
            MemberAgent a = failover(c, java.net.URI.create("http://127.0.0.1:" + http[follower]));
            a.register();
            assertEquals(frames[leader], a.server(), c.member() + " registered with the leader");
            members.put(c.member(), a);
            treeIds.put(c.member(), a.memberId());
        }
        long head = status(leader).sequence();
        assertEquals(4, head, "one join rekey per registration (batch window off)");
        for (MemberAgent a : members.values()) {
            a.awaitSequence(head, Duration.ofSeconds(10));
        }
        String tek = status(leader).tekFingerprint();
        for (MemberAgent a : members.values()) {
            assertEquals(tek, a.tekFingerprint());
        }
        MemberAgent first = members.get("m0");
        first.resyncHttp(); // a refusal (404 from a replica that does not serve it) would throw
        first.resyncFromPath();
        assertEquals(tek, first.tekFingerprint(), "keys from the follower's published path and messages");

        // SIGKILL the leader while three more members register: each ends registered (with the old
        // leader before the kill, or with the new one)
        List<MemberCredential> burstCreds = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            burstCreds.add(issue("b" + b, follower));
        }
        List<MemberAgent> burst = new ArrayList<>();
        for (MemberCredential c : burstCreds) {
            burst.add(failover(c, null));
        }
        long[] before = leadCounts();
        int next;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(burst.size());
        try {
            List<java.util.concurrent.Future<?>> registering = new ArrayList<>();
            for (MemberAgent a : burst) {
                registering.add(pool.submit(() -> {
                    a.register();
                    return null;
                }));
            }
            procs[leader].kill();
            next = awaitLeader(before);
            for (java.util.concurrent.Future<?> f : registering) {
                f.get(90, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertNotEquals(leader, next);
        AdminApi.Status taken = status(next);
        assertTrue(taken.sequence() >= head, "the new leader continues from the committed sequence");
        assertEquals("leader", taken.role());
        InetSocketAddress nextFrames = frames[next];
        long atNewLeader = burst.stream().filter(a -> a.server().equals(nextFrames)).count();
        System.out.printf("replicated serve: r%d killed during 3 registrations (%d of them ended with the new leader), r%d leads"
                + " at sequence %d%n", leader, atNewLeader, next, taken.sequence());

        // a new member joins at the new leader; every member follows it by itself (reconnect with
        // back-off, registered again under its tree member id) and converges on the new TEK
        MemberAgent late = failover(issue("late", next), null);
        late.register();
        long newHead = status(next).sequence();
        List<MemberAgent> all = new ArrayList<>(members.values());
        all.addAll(burst);
        for (MemberAgent a : all) {
            a.awaitSequence(newHead, Duration.ofSeconds(60));
            assertEquals(late.tekFingerprint(), a.tekFingerprint());
            assertEquals(frames[next], a.server());
        }
        for (Map.Entry<String, MemberAgent> e : members.entrySet()) {
            assertEquals(treeIds.get(e.getKey()), e.getValue().memberId(), e.getKey() + ": an acknowledged registration survives");
            assertTrue(e.getValue().reconnects() >= 1, e.getKey() + " reconnected to another replica");
        }
        all.add(late);
        assertEquals(all.size(), all.stream().mapToInt(MemberAgent::memberId).distinct().count(), "one tree member id each");
        assertEquals(all.size(), status(next).treeMembers(), "no tree member left without a registered member");
        assertEquals(status(next).tekFingerprint(), late.tekFingerprint());

        // the killed replica restarts on its data directory and catches up
        start(leader);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        AdminApi.Status back = null;
        while (System.nanoTime() < deadline) {
            try {
                back = status(leader);
                if (back.sequence() == newHead) {
                    break;
                }
            } catch (AssertionError | IOException notYet) {
                // its admin endpoint is not up yet
            }
            Thread.sleep(200);
        }
        assertTrue(back != null && back.sequence() == newHead, "the restarted replica did not catch up: " + back);
        AdminApi.Status now = status(next);
        assertEquals(now.fingerprint(), back.fingerprint(), "identical state fingerprint after the restart");
        assertEquals(now.fingerprint(), status(3 - leader - next).fingerprint());
        assertEquals(all.size(), back.treeMembers());
        assertTrue(back.role().startsWith("follower"), back.role());
        System.out.printf("replicated serve: r%d restarted at sequence %d, fingerprint %s on all three%n", leader, back.sequence(),
                back.fingerprint().substring(0, 16));

        // the second group: its own Raft group on the same replicas, registered and identical everywhere
        MemberAgent other = failover(issue("g2", next, GROUP2), null);
        other.register();
        long head2 = other.sequence();
        assertTrue(head2 >= 1);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && status(leader, GROUP2).sequence() < head2) {
            Thread.sleep(100);
        }
        String fp2 = status(next, GROUP2).fingerprint();
        for (int i = 0; i < 3; i++) {
            AdminApi.Status s2 = status(i, GROUP2);
            assertEquals(head2, s2.sequence(), "r" + i + ", group " + GROUP2);
            assertEquals(fp2, s2.fingerprint(), "r" + i + ", group " + GROUP2);
            assertEquals("hybrid", s2.tree());
        }
        assertNotEquals(fp2, now.fingerprint(), "two groups, two states");
    }


    @Test
    void aLeaderStoppedCleanlyHandsTheLeadOverWithoutAnElection() throws Exception {
        p = CryptoProviders.get(PROVIDER);
        // elections only after 4-8 s of silence: a new leader sooner than that was handed the lead
        configure(4000, 8000);
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        int leader = awaitLeader(new long[3]);
        MemberAgent m = failover(issue("m", leader), null);
        m.register();
        long[] before = leadCounts();
        long t0 = System.nanoTime();
        procs[leader].process.toHandle().destroy(); // SIGTERM; the process ends after its hand-off and shutdown
        int next = awaitLeader(before);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        procs[leader].stop();
        System.out.printf("replicated serve: r%d stopped with SIGTERM, r%d leads after %d ms%n", leader, next, tookMillis);
        assertNotEquals(leader, next);
        assertTrue(tookMillis < 3500, "the lead was not handed over: a new leader only after " + tookMillis + " ms");
        MemberAgent late = failover(issue("late", next), null);
        late.register();
        long head = status(next).sequence();
        m.awaitSequence(head, Duration.ofSeconds(30));
        assertEquals(late.tekFingerprint(), m.tekFingerprint());
        assertEquals(frames[next], m.server());
    }
}
