package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.AdminToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's quick start, step by step: {@code gkm serve} (a child process) with a configuration and
 * an owner-only master key on an embedded SQLite data directory; {@code gkm admin issue} twice;
 * {@code gkm member} twice as child processes (one {@code --recv}, one {@code --send}) talking Data SA
 * over loopback UDP; {@code gkm admin remove} of the receiver. The removed member goes deaf (it cannot
 * decrypt what is sent under the new TEK) and exits non-zero; the other keeps receiving rekeys, moves
 * to the new TEK and acknowledges the head. The child processes run the same entry point as
 * {@code ./gkm} ({@link GkmCli}, on the test class path; the script would build the jar first), and
 * the ports are free ones instead of README's fixed UDP port. Every process is stopped after.
 */
class QuickStartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Child> children = new ArrayList<>();

    /** A child JVM running GkmCli with its output collected line by line. */
    private static final class Child {
        final String name;
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
            collect(process.getInputStream(), out);
            collect(process.getErrorStream(), err);
        }

        private static void collect(InputStream in, List<String> lines) {
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("READ FAILED " + e);
                }
            });
        }

        /** Waits until a line of stdout matches; fails with both outputs otherwise. */
        String await(Predicate<String> p, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String l : out) {
                    if (p.test(l)) {
                        return l;
                    }
                }
                if (!process.isAlive() && out.stream().noneMatch(p)) {
                    break;
                }
                Thread.sleep(50);
            }
            throw new AssertionError(name + ": no line " + what + "\nstdout: " + out + "\nstderr: " + err);
        }

        long count(Predicate<String> p) {
            return out.stream().filter(p).count();
        }

        @Override
        public String toString() {
            return name + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Child gkm(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GkmCli.class.getName());
        cmd.addAll(List.of(args));
        Child c = new Child(name, new ProcessBuilder(cmd).directory(dir.toFile()).start());
        children.add(c);
        return c;
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Child c : children) {
            c.process.destroy();
        }
        for (Child c : children) {
            if (!c.process.waitFor(20, TimeUnit.SECONDS)) {
                c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertFalse(c.process.isAlive(), c.name + " stopped");
        }
    }

    @Test
    void twoMembersTalkAndTheRemovedOneGoesDeafAndExitsNonZero() throws Exception {
        // mkdir demo; 32 random bytes, owner-only; a configuration with one group
        Path demo = demo("{\"id\": 1}");
        int udp;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp = s.getLocalPort();
        }
        String data = "127.0.0.1:" + udp;

        // ./gkm serve --config demo/gkm.json &
        Child serve = gkm("serve", "serve", "--config", "demo/gkm.json");
        serve.await(l -> l.startsWith("gkm serve: admin endpoint"), "about the admin endpoint");
        Path dataDir = demo.resolve("data");
        assertTrue(Files.exists(dataDir.resolve("gkm.db")), "the SQLite store is in the data directory");
        assertTrue(Files.exists(dataDir.resolve(AdminToken.FILE_NAME)));

        // ./gkm admin issue --data demo/data --group 1 --member alice --out demo/alice.cred (and bob)
        for (String m : List.of("alice", "bob")) {
            CliRun r = CliRun.of("admin", "issue", "--data", dataDir.toString(), "--group", "1", "--member", m, "--out",
                    demo.resolve(m + ".cred").toString());
            assertEquals(0, r.status(), r.err());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(demo.resolve(m + ".cred"))));
        }

        // ./gkm member --credential demo/alice.cred --recv 127.0.0.1:7460 &
        // ./gkm member --credential demo/bob.cred --send 127.0.0.1:7460 &
        Child alice = gkm("alice", "member", "--credential", "demo/alice.cred", "--recv", data);
        alice.await(l -> l.contains("receiving on"), "saying alice receives");
        Child bob = gkm("bob", "member", "--credential", "demo/bob.cred", "--send", data, "--interval-ms", "200");
        bob.await(l -> l.contains("registered in group 1"), "saying bob registered");
        alice.await(l -> l.startsWith("recv [") && l.endsWith("from bob"), "with a message from bob");

        // ./gkm admin remove --data demo/data --group 1 --member alice
        CliRun removed = CliRun.of("admin", "remove", "--data", dataDir.toString(), "--group", "1", "--member", "alice", "--json");
        assertEquals(0, removed.status(), removed.err());
        AdminApi.Removed rm = new ObjectMapper().readValue(removed.out().strip(), AdminApi.Removed.class);

        // alice: deaf, then out with a non-zero status and a clear message
        assertTrue(alice.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), alice.toString());
        assertEquals(MemberCommand.REMOVED, alice.process.exitValue(), alice.toString());
        assertTrue(alice.err.stream().anyMatch(l -> l.startsWith("gkm member: removed from group 1")), alice.toString());
        int removedAt = indexOf(alice.out, l -> l.contains("removed; listening"));
        assertTrue(removedAt >= 0, alice.toString());
        assertTrue(alice.out.subList(removedAt, alice.out.size()).stream()
                .anyMatch(l -> l.startsWith("deaf: cannot decrypt") && l.contains("UnknownTekException")),
                "after removal alice cannot decrypt bob's traffic: " + alice);
        assertTrue(alice.out.subList(removedAt, alice.out.size()).stream().noneMatch(l -> l.startsWith("recv [")),
                "nothing decrypts under the TEK after the leave: " + alice);

        // bob keeps receiving rekeys: it moves to the new TEK, sends under it and acknowledges the head
        String change = bob.await(l -> l.contains("TEK ") && l.contains("(sequence " + rm.sequence() + ")"), "with the leave's TEK change");
        String newTek = change.substring(change.indexOf("-> ") + 3, change.indexOf(" (sequence"));
        bob.await(l -> l.contains("under TEK " + newTek), "sending under the new TEK");
        AdminApi.Status s = awaitStatus(dataDir, st -> st.sequence() == rm.sequence() && st.behind() == 0 && st.registered() == 1);
        assertEquals("bob", s.members().get(0).entity());
        assertTrue(s.members().get(0).connected());
        assertTrue(bob.process.isAlive(), bob.toString());

        // the log of it all verifies offline under the security manager's anchor
        Path audit = demo.resolve("audit.json");
        CliRun ex = CliRun.of("admin", "audit-export", "--data", dataDir.toString(), "--group", "1", "--out", audit.toString());
        assertEquals(0, ex.status(), ex.err());
        CliRun v = CliRun.of("admin", "audit-verify", "--file", audit.toString(), "--credential", demo.resolve("bob.cred").toString(), "--json");
        assertEquals(0, v.status(), v.err());
        assertTrue(v.out().contains("\"verified\":true"), v.out());

        // stop: members and server end; the token file goes with the server
        bob.process.destroy();
        serve.process.destroy();
        assertTrue(serve.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), serve.toString());
        assertFalse(Files.exists(dataDir.resolve(AdminToken.FILE_NAME)), serve.toString());
    }

    /**
     * A member holding the {@code remove-member} right removes another from the command line
     * (member-initiated removal of a hybrid tree): the remover exits 0 naming the removal's sequence,
     * the removed member is told and exits with status 3, and a member without the right is refused
     * (exit 1, not authorised) with nothing changed. With {@code add-member} it adds an identity,
     * which then registers with its own credential at the join's sequence.
     */
    @Test
    void membersWithRightsRemoveAndAddMembersFromTheCommandLine() throws Exception {
        Path demo = demo("{\"id\": 1, \"tree\": \"hybrid\"}");
        Child serve = gkm("serve", "serve", "--config", "demo/gkm.json");
        serve.await(l -> l.startsWith("gkm serve: admin endpoint"), "about the admin endpoint");
        Path dataDir = demo.resolve("data");
        for (String m : List.of("carol", "dave", "erin", "fred")) {
            List<String> args = new ArrayList<>(List.of("admin", "issue", "--data", dataDir.toString(), "--group", "1",
                    "--member", m, "--out", demo.resolve(m + ".cred").toString()));
            if (m.equals("carol")) {
                args.addAll(List.of("--right", "remove-member", "--right", "add-member"));
            }
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.status(), r.err());
        }
        Child dave = gkm("dave", "member", "--credential", "demo/dave.cred");
        dave.await(l -> l.contains("registered in group 1"), "saying dave registered");

        // erin has no right: refused, dave stays
        Child erin = gkm("erin", "member", "--credential", "demo/erin.cred", "--remove-member", "dave");
        assertTrue(erin.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), erin.toString());
        assertEquals(1, erin.process.exitValue(), erin.toString());
        assertTrue(erin.err.stream().anyMatch(l -> l.contains("removal refused") && l.contains("NOT_AUTHORIZED")), erin.toString());
        assertTrue(dave.process.isAlive(), dave.toString());

        Child carol = gkm("carol", "member", "--credential", "demo/carol.cred", "--remove-member", "dave");
        assertTrue(carol.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), carol.toString());
        assertEquals(0, carol.process.exitValue(), carol.toString());
        String line = carol.await(l -> l.contains("removed dave from the group"), "naming the removal");
        long seq = Long.parseLong(line.replaceAll(".*\\(sequence (\\d+),.*", "$1"));
        assertTrue(dave.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), dave.toString());
        assertEquals(MemberCommand.REMOVED, dave.process.exitValue(), dave.toString());
        assertTrue(dave.err.stream().anyMatch(l -> l.startsWith("gkm member: removed from group 1")), dave.toString());
        AdminApi.Status s = awaitStatus(dataDir, st -> st.sequence() == seq);
        assertEquals(2, s.treeMembers(), "carol and erin are left: " + s);

        // carol adds fred, who then registers with its own credential and follows the group
        Child adds = gkm("carol-adds", "member", "--credential", "demo/carol.cred", "--add-member", "fred");
        assertTrue(adds.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), adds.toString());
        assertEquals(0, adds.process.exitValue(), adds.toString());
        String added = adds.await(l -> l.contains("added fred to the group"), "naming the join");
        long joinSeq = Long.parseLong(added.replaceAll(".*\\(sequence (\\d+),.*", "$1"));
        assertEquals(3, awaitStatus(dataDir, st -> st.sequence() == joinSeq).treeMembers(), "fred is in the tree");
        Child fred = gkm("fred", "member", "--credential", "demo/fred.cred");
        fred.await(l -> l.contains("registered in group 1") && l.contains("sequence " + joinSeq), "saying fred registered at the join");
        AdminApi.Status withFred = awaitStatus(dataDir, st -> st.registered() == 1 && st.behind() == 0);
        assertEquals("fred", withFred.members().get(0).entity());
        assertEquals(3, withFred.treeMembers(), "registering put fred in no second leaf");
        serve.process.destroy();
        assertTrue(serve.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), serve.toString());
    }

    /**
     * {@code gkm member --server} with a list of replicas: the member passes over one that is down
     * and registers with the GCKS; when that GCKS stops and starts again on the same state and port,
     * the member reconnects with back-off (one line saying so) and follows the group again; removed
     * afterwards, it exits 3 without reconnecting.
     */
    @Test
    void aMemberGivenReplicasReconnectsWhenItsGcksComesBack() throws Exception {
        int[] ports = ServeProcess.freePorts();
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = s.getLocalPort();
        } // closed: connects there are refused
        Path demo = demo("{\"id\": 1}");
        Files.writeString(demo.resolve("gkm.json"), "{\"port\": " + ports[0] + ", \"httpPort\": " + ports[1]
                + ", \"dataDirectory\": \"data\", \"masterKeyFile\": \"master.key\", \"groups\": [{\"id\": 1}]}");
        Child serve = gkm("serve", "serve", "--config", "demo/gkm.json");
        serve.await(l -> l.startsWith("gkm serve: admin endpoint"), "about the admin endpoint");
        Path dataDir = demo.resolve("data");
        CliRun issued = CliRun.of("admin", "issue", "--data", dataDir.toString(), "--group", "1", "--member", "alice", "--out",
                demo.resolve("alice.cred").toString());
        assertEquals(0, issued.status(), issued.err());

        String gcks = "127.0.0.1:" + ports[0];
        Child alice = gkm("alice", "member", "--credential", "demo/alice.cred", "--server", "127.0.0.1:" + down + "," + gcks,
                "--reconnect-seconds", "40");
        alice.await(l -> l.contains("registered in group 1"), "saying alice registered");

        serve.process.destroy();
        assertTrue(serve.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), serve.toString());
        Child again = gkm("serve-again", "serve", "--config", "demo/gkm.json");
        again.await(l -> l.startsWith("gkm serve: admin endpoint"), "about the admin endpoint after the restart");
        String line = alice.await(l -> l.startsWith("member alice: reconnected to " + gcks + ", sequence "), "saying alice reconnected");
        long seq = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        AdminApi.Status s = awaitStatus(dataDir, st -> st.connected() == 1 && st.behind() == 0);
        assertEquals(seq, s.sequence(), "alice is at the restarted GCKS's head");
        assertEquals("alice", s.members().get(0).entity());

        CliRun removed = CliRun.of("admin", "remove", "--data", dataDir.toString(), "--group", "1", "--member", "alice", "--json");
        assertEquals(0, removed.status(), removed.err());
        assertTrue(alice.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), alice.toString());
        assertEquals(MemberCommand.REMOVED, alice.process.exitValue(), alice.toString());
        assertEquals(1, alice.count(l -> l.contains("reconnected to")), alice.toString());
        again.process.destroy();
        assertTrue(again.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), again.toString());
    }

    /** README's demo directory: a random owner-only master key and a configuration hosting {@code group} on free ports. */
    private Path demo(String group) throws IOException {
        Path demo = Files.createDirectory(dir.resolve("demo"));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.write(demo.resolve("master.key"), key);
        Files.setPosixFilePermissions(demo.resolve("master.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(demo.resolve("gkm.json"), "{\"port\": 0, \"httpPort\": 0, \"dataDirectory\": \"data\","
                + " \"masterKeyFile\": \"master.key\", \"groups\": [" + group + "]}");
        return demo;
    }

    private AdminApi.Status awaitStatus(Path dataDir, Predicate<AdminApi.Status> p) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        AdminApi.Status last = null;
        while (System.nanoTime() < deadline) {
            CliRun r = CliRun.of("admin", "status", "--data", dataDir.toString(), "--group", "1", "--json");
            assertEquals(0, r.status(), r.err());
            last = new ObjectMapper().readValue(r.out().strip(), AdminApi.Status.class);
            if (p.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("status never matched: " + last);
    }

    private static int indexOf(List<String> lines, Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
