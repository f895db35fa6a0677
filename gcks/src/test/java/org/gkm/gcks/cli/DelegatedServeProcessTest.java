package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.MemberCredential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subtree delegation between three {@code gkm serve} processes on loopback (claim 18): a parent
 * GCKS whose group 1 delegates subtrees 0 and 1, and two subordinate GCKSs whose group 5 is one
 * subtree each, configured with the link key file the parent holds for it. Members register only
 * at the subordinates; the parent's tree keeps its two subtree leaves and takes every reported root
 * change ({@code gkm admin status} shows both sides). A subordinate killed with SIGKILL leaves the
 * parent unchanged while the other subtree goes on; restarted on its data directory it reconnects
 * under the same leaf. The parent killed and restarted on its data directory has the same subtrees
 * and takes the subordinates' next reports. A link key file that does not exist refuses the start.
 * The servers are child JVMs ({@link ServeProcess}); {@code gkm admin} and the member agents run
 * in-process.
 */
class DelegatedServeProcessTest {
    private static final String PROVIDER = "openssl";
    private static final long PARENT_GROUP = 1;
    private static final long SUB_GROUP = 5;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private CryptoProvider p;
    private ServeProcess parent;
    private final ServeProcess[] subs = new ServeProcess[2];
    private final List<MemberAgent> agents = new ArrayList<>();
    private int names;

    @AfterEach
    void stop() throws Exception {
        for (MemberAgent a : agents) {
            try {
                a.close();
            } catch (IOException e) {
                // its server is gone; the agent's keys are destroyed regardless
            }
        }
        for (ServeProcess s : new ServeProcess[] {subs[0], subs[1], parent}) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** The directory of the parent ("parent") or of subordinate {@code i} ("sub-i"). */
    private Path home(String name) {
        return dir.resolve(name);
    }

    private Path data(String name) {
        return home(name).resolve("data");
    }

    /** Writes the three configurations, each GCKS in its own directory with its own master key and ports. */
    private void configure() throws IOException {
        SecureRandom r = new SecureRandom();
        int[] parentPorts = ServeProcess.freePorts();
        Files.createDirectories(home("parent"));
        StringBuilder subtrees = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            byte[] link = new byte[32];
            r.nextBytes(link);
            ServeProcess.ownerOnly(home("parent").resolve("link-" + i + ".key"), link);
            Path h = Files.createDirectories(home("sub-" + i));
            ServeProcess.ownerOnly(h.resolve("link.key"), link);
            byte[] master = new byte[32];
            r.nextBytes(master);
            ServeProcess.ownerOnly(h.resolve("master.key"), master);
            int[] ports = ServeProcess.freePorts();
            Files.writeString(h.resolve("gkm.json"), """
                    {"port": %d, "httpPort": %d, "dataDirectory": "data", "masterKeyFile": "master.key", "batchWindowMillis": 0,
                     "groups": [{"id": %d, "parent": {"frames": ["127.0.0.1:%d"], "http": ["http://127.0.0.1:%d"], "group": %d,
                                 "subtree": %d, "linkKeyFile": "link.key"}}]}
                    """.formatted(ports[0], ports[1], SUB_GROUP, parentPorts[0], parentPorts[1], PARENT_GROUP, i));
            subtrees.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"linkKeyFile\": \"link-").append(i)
                    .append(".key\"}");
        }
        byte[] master = new byte[32];
        r.nextBytes(master);
        ServeProcess.ownerOnly(home("parent").resolve("master.key"), master);
        Files.writeString(home("parent").resolve("gkm.json"), """
                {"port": %d, "httpPort": %d, "dataDirectory": "data", "masterKeyFile": "master.key", "batchWindowMillis": 0,
                 "groups": [{"id": %d, "subtrees": [%s]}]}
                """.formatted(parentPorts[0], parentPorts[1], PARENT_GROUP, subtrees));
    }

    private ServeProcess start(String name) throws Exception {
        Path err = home(name).resolve("serve.err");
        ServeProcess s = ServeProcess.start(home(name).resolve("gkm.json"), PROVIDER, err);
        if (!s.awaitLine("frames on", 60_000)) {
            s.close();
            throw new AssertionError(name + ": gkm serve did not come up: " + s.lines + "\n" + Files.readString(err));
        }
        return s;
    }

    private AdminApi.Status status(String name, long group) throws IOException {
        CliRun r = CliRun.of("admin", "status", "--data", data(name).toString(), "--group", Long.toString(group), "--json");
        assertEquals(0, r.status(), name + ": " + r.err());
        return AdminClient.JSON.readValue(r.out().strip(), AdminApi.Status.class);
    }

    private AdminApi.Status parentStatus() throws IOException {
        return status("parent", PARENT_GROUP);
    }

    private AdminApi.Status subStatus(int i) throws IOException {
        return status("sub-" + i, SUB_GROUP);
    }

    private static AdminApi.Subtree subtree(AdminApi.Status s, int id) {
        return s.subtrees().stream().filter(t -> t.subtree() == id).findFirst().orElse(null);
    }

    /** Polls {@code status} until {@code done} holds of it; fails with the last status after {@link #WAIT}. */
    private static AdminApi.Status await(String what, StatusSource status, Predicate<AdminApi.Status> done) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        AdminApi.Status last = null;
        while (System.nanoTime() < end) {
            last = status.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting until " + what + "; last status " + last);
    }

    /** A status read that may throw (an admin call). */
    @FunctionalInterface
    private interface StatusSource {
        AdminApi.Status get() throws IOException;
    }

    /**
     * Waits until the parent took subordinate {@code i}'s report of its current committed state
     * and the subordinate holds the parent's receipt for it; returns the parent's status then.
     */
    private AdminApi.Status awaitTaken(int i) throws Exception {
        AdminApi.Status sub = subStatus(i);
        long seq = sub.sequence();
        AdminApi.Status parentNow = await("the parent took subtree " + i + "'s report of sequence " + seq, this::parentStatus, s -> {
            AdminApi.Subtree t = subtree(s, i);
            return t != null && t.lastReport() == seq;
        });
        AdminApi.Status confirmed = await("subordinate " + i + " holds the receipt of report " + seq, () -> subStatus(i),
                s -> s.parent() != null && s.parent().confirmedReport() == seq);
        assertEquals(seq, confirmed.sequence(), "subordinate " + i + " changed while nothing was asked of it");
        assertEquals(subtree(parentNow, i).memberId(), confirmed.parent().parentMember(),
                "the receipt names the subtree's leaf at the parent");
        assertEquals(PARENT_GROUP, confirmed.parent().group());
        assertEquals(i, confirmed.parent().subtree());
        assertEquals(2, parentNow.treeMembers(), "the parent's tree members are its two subtrees");
        assertEquals(0, parentNow.registered(), "nobody registers in the parent's group itself");
        return parentNow;
    }

    /** A member registered at a subordinate. */
    private record Joined(String member, MemberAgent agent) {
    }

    /** Registers a new member at subordinate {@code i} (a credential from its admin endpoint). */
    private Joined join(int i) throws IOException, org.gkm.gcks.member.AgentException {
        String member = "m" + (++names) + "-at-" + i;
        Path f = dir.resolve(member + ".cred");
        CliRun r = CliRun.of("admin", "issue", "--data", data("sub-" + i).toString(), "--group", Long.toString(SUB_GROUP), "--member",
                member, "--out", f.toString());
        assertEquals(0, r.status(), r.err());
        MemberCredential c = AdminClient.JSON.readValue(Files.readAllBytes(f), MemberCredential.class);
        MemberAgent a = new MemberAgent(p, c.credentials(), c.anchor(), c.revocations(), new AgentConfig(c.gcksAddress(), c.httpUri(),
                c.groupId(), c.controllerId(), c.policy().toPolicy(), Duration.ofMillis(20), Duration.ofSeconds(2), WAIT)
                .withParent(c.parentAccess().orElseThrow(() -> new AssertionError("a subordinate's credential names its parent"))));
        agents.add(a);
        a.register();
        return new Joined(member, a);
    }

    @Test
    // a hung exchange fails the test (in its own thread, so @AfterEach still stops the servers)
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void subordinatesReportTheirRootChangesToTheParentAcrossKillsAndRestarts() throws Exception {
        p = CryptoProviders.get(PROVIDER);
        configure();
        parent = start("parent");
        subs[0] = start("sub-0");
        subs[1] = start("sub-1");

        // both subtrees are delegated: the parent took each subordinate's report of its (empty) group
        awaitTaken(0);
        AdminApi.Status first = awaitTaken(1);
        List<Integer> leaves = first.subtrees().stream().map(AdminApi.Subtree::subtree).toList();
        assertEquals(List.of(0, 1), leaves.stream().sorted().toList());
        int leaf0 = subtree(first, 0).memberId();
        int leaf1 = subtree(first, 1).memberId();
        assertFalse(leaf0 == leaf1, "one leaf each");
        assertEquals(PARENT_GROUP, first.group());
        assertEquals(null, first.parent(), "the parent reports to nobody");
        assertTrue(subStatus(0).subtrees().isEmpty(), "a subordinate delegates nothing");

        // members register at subordinate 0: each of its root changes reaches the parent, under the same leaf
        List<Joined> at0 = new ArrayList<>();
        for (int m = 0; m < 2; m++) {
            long parentBefore = parentStatus().sequence();
            Joined j = join(0);
            at0.add(j);
            assertEquals(j.agent().sequence(), subStatus(0).sequence());
            AdminApi.Status now = awaitTaken(0);
            assertEquals(leaf0, subtree(now, 0).memberId(), "a report replaces the subtree's leaf keys in place");
            assertEquals(parentBefore + 1, now.sequence(), "one parent rekey for the one report of a join");
        }
        // a removal at subordinate 0 (gkm admin remove): one report, one parent rekey
        String removed = at0.get(1).member();
        AdminApi.Status beforeRemoval = parentStatus();
        long subBefore = subStatus(0).sequence();
        CliRun rm = CliRun.of("admin", "remove", "--data", data("sub-0").toString(), "--group", Long.toString(SUB_GROUP), "--member",
                removed);
        assertEquals(0, rm.status(), rm.err());
        AdminApi.Status afterRemoval = awaitTaken(0);
        assertEquals(subBefore + 1, subStatus(0).sequence(), "one leave rekey at the subordinate");
        assertEquals(beforeRemoval.sequence() + 1, afterRemoval.sequence(), "a leave in a subtree costs the parent one rekey");
        assertEquals(subtree(beforeRemoval, 1), subtree(afterRemoval, 1), "subtree 1 untouched");
        // the remaining member follows the parent's rekey (relayed by its subordinate) to the group's TEK;
        // the removed one does not
        MemberAgent kept = at0.get(0).agent();
        kept.awaitParentSequence(afterRemoval.sequence(), WAIT);
        assertEquals(afterRemoval.tekFingerprint(), kept.tekFingerprint(), "a subtree's member holds the parent's TEK");
        assertNotEquals(afterRemoval.tekFingerprint(), at0.get(1).agent().tekFingerprint(), "the removed member lost the group");

        // subordinate 0 is killed: the parent does not change, and goes on taking subtree 1's reports
        subs[0].kill();
        AdminApi.Status atKill = parentStatus();
        Thread.sleep(500);
        AdminApi.Status quiet = parentStatus();
        assertEquals(atKill.fingerprint(), quiet.fingerprint(), "a dead subordinate changes nothing at the parent");
        assertEquals(atKill.subtrees(), quiet.subtrees());
        join(1);
        AdminApi.Status withOne = awaitTaken(1);
        assertEquals(subtree(atKill, 0), subtree(withOne, 0), "subtree 0's leaf and last report are kept");
        assertEquals(leaf1, subtree(withOne, 1).memberId());
        assertEquals(atKill.sequence() + 1, withOne.sequence());

        // subordinate 0 restarts on its data directory: it reports again (a state already taken, or a newer one) under the same leaf
        subs[0] = start("sub-0");
        AdminApi.Status back = awaitTaken(0);
        assertEquals(leaf0, subtree(back, 0).memberId(), "the restarted subordinate keeps its leaf at the parent");
        assertTrue(subtree(back, 0).lastReport() >= subtree(atKill, 0).lastReport());
        join(0);
        AdminApi.Status afterRestartJoin = awaitTaken(0);
        assertTrue(subtree(afterRestartJoin, 0).lastReport() > subtree(back, 0).lastReport());
        assertEquals(leaf0, subtree(afterRestartJoin, 0).memberId());

        // the parent is killed and restarted on its data directory: the same subtrees come back, and it takes new reports
        AdminApi.Status parentAtKill = parentStatus();
        parent.kill();
        parent = start("parent");
        AdminApi.Status parentBack = parentStatus();
        assertEquals(parentAtKill.subtrees(), parentBack.subtrees(), "ids, leaves and last reports survive the parent's restart");
        assertEquals(parentAtKill.sequence(), parentBack.sequence());
        assertEquals(parentAtKill.fingerprint(), parentBack.fingerprint());
        assertEquals(2, parentBack.treeMembers());
        List<MemberAgent> last = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            last.add(join(i).agent());
            AdminApi.Status taken = awaitTaken(i);
            assertEquals(i == 0 ? leaf0 : leaf1, subtree(taken, i).memberId());
        }
        AdminApi.Status end = parentStatus();
        assertEquals(parentBack.sequence() + 2, end.sequence(), "one parent rekey per subtree's report");
        // members of both subtrees, registered at different GCKSs, hold the one group TEK (gkm member's path:
        // the credential's parent section)
        for (MemberAgent a : last) {
            a.awaitParentSequence(end.sequence(), WAIT);
            assertEquals(end.tekFingerprint(), a.tekFingerprint());
        }
    }

    @Test
    void aMissingLinkKeyFileRefusesTheStart() throws Exception {
        configure();
        Files.delete(home("parent").resolve("link-1.key"));
        Path err = home("parent").resolve("serve.err");
        ServeProcess s = ServeProcess.start(home("parent").resolve("gkm.json"), PROVIDER, err);
        parent = s;
        assertTrue(s.process.waitFor(60, TimeUnit.SECONDS), "gkm serve did not exit");
        String message = Files.readString(err);
        assertEquals(1, s.process.exitValue(), message);
        assertTrue(message.contains("refusing to start") && message.contains("link key file")
                && message.contains("link-1.key") && message.contains("does not exist"), message);
        assertFalse(s.lines.stream().anyMatch(l -> l.contains("frames on")), s.lines.toString());
        assertFalse(Files.exists(data("parent")), "a refused start creates no store");
    }
}
