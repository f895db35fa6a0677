package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.server.Payloads;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of {@code gkm serve}: a separate server process is SIGKILLed {@value #KILLS} times at
 * random points while in-process member agents register and de-register over loopback, and
 * restarted on the same data directory each time. Kill points: a random delay into a burst of
 * registrations; a short random delay after a de-registration is sent (around its commit and
 * acknowledgement); the moment an observing member receives a push (during fan-out); and just
 * after the sequence reaches the record before a snapshot, while the next change (which writes the
 * snapshot, {@code snapshotEveryRecords} = {@value #SNAPSHOT_EVERY}) is in flight.
 *
 * <p>Checked after every restart: every acknowledged joiner is still a member (re-registration
 * gives it its old tree member id, not a fresh join) and every live member converges by resync (b)
 * on the TEK of a member that just joined; the head sequence never goes back; every sealed message
 * seen at a sequence (pushed or polled over HTTP) keeps its bytes. At the end every acknowledged
 * leaver's TEK is none of the TEKs the live members held after its leave. The figures are printed;
 * {@code -Dgkm.crash.seed=N} repeats a run.
 */
class ServeCrashTest {
    private static final int KILLS = 20;
    private static final int SNAPSHOT_EVERY = 4;
    private static final long GROUP = 1;

    @TempDir
    Path dir;

    private final CryptoProvider p = CryptoProviders.get("java");
    private final List<MemberAgent> toClose = new ArrayList<>();
    private ServeProcess serve;
    private Thread worker;
    private Thread observerThread;
    private Thread poller;

    @AfterEach
    void stopEverything() throws Exception {
        for (Thread t : new Thread[] {worker, observerThread, poller}) {
            if (t != null) {
                t.interrupt();
            }
        }
        if (serve != null) {
            serve.close();
        }
        Path err = dir.resolve("serve.err");
        if (Files.exists(err)) {
            List<String> l = Files.readAllLines(err);
            System.out.println("gkm serve stderr (last 40 lines):");
            l.subList(Math.max(0, l.size() - 40), l.size()).forEach(x -> System.out.println("  " + x));
        }
        for (Thread t : new Thread[] {worker, observerThread, poller}) {
            if (t != null) {
                t.join(30_000);
                assertFalse(t.isAlive(), t.getName() + " still running");
            }
        }
        for (MemberAgent a : toClose) {
            try {
                a.close();
            } catch (IOException e) {
                // the server is gone; the agent's keys are destroyed regardless (close's finally)
            }
        }
    }

    private record Leaver(MemberAgent agent, long leaveSequence) {
    }

    private enum KillPoint { REGISTRATION, DEREGISTRATION_COMMIT, FANOUT, SNAPSHOT }

    @Test
    void twentySigkillsLoseNoAcknowledgedChange() throws Exception {
        long seed = Long.getLong("gkm.crash.seed", System.nanoTime());
        System.out.println("ServeCrashTest seed " + seed + " (repeat with -Dgkm.crash.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int[] ports = ServeProcess.freePorts();
        byte[] masterKey = new byte[32];
        rnd.nextBytes(masterKey);
        ServeProcess.ownerOnly(dir.resolve("master.key"), masterKey);
        KeyPair smKey = p.keys().generate(ServerKeys.ALGORITHM.keyType());
        ServeProcess.ownerOnly(dir.resolve("sm.key"), smKey.privateKey().encoded(InsecureSecretAccess.get()));
        Path config = Files.writeString(dir.resolve("gkm.json"), """
                {"port": %d, "httpPort": %d, "dataDirectory": "data", "masterKeyFile": "master.key",
                 "securityManagerKeyFile": "sm.key", "unackedLimit": 1000, "snapshotEveryRecords": %d,
                 "groups": [{"id": %d, "degree": 4}]}
                """.formatted(ports[0], ports[1], SNAPSHOT_EVERY, GROUP));
        long now = System.currentTimeMillis();
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, ServeCommand.SECURITY_MANAGER, ServerKeys.ALGORITHM, smKey,
                now);
        AgentConfig agentConfig = new AgentConfig(new InetSocketAddress("127.0.0.1", ports[0]),
                URI.create("http://127.0.0.1:" + ports[1]), new GkmpGroupId(GROUP), ServeCommand.CONTROLLER,
                GroupPolicy.defaults().withDegree(4), Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(15));
        AtomicLong names = new AtomicLong();
        java.util.function.Supplier<MemberAgent> newAgent = () -> {
            MemberAgent a = new MemberAgent(p, sm.enroll(EntityId.of("m" + names.incrementAndGet()), ServerKeys.ALGORITHM, Role.MEMBER,
                    Permissions.of(1, "members"), now), sm.anchor(), sm.crl(), agentConfig);
            synchronized (toClose) {
                toClose.add(a);
            }
            return a;
        };

        List<MemberAgent> live = new ArrayList<>();
        Map<MemberAgent, Integer> ids = new HashMap<>();
        List<Leaver> leavers = new ArrayList<>();
        Map<Long, byte[]> seen = new ConcurrentHashMap<>();
        AtomicLong contentMismatches = new AtomicLong();
        AtomicLong maxSeen = new AtomicLong();
        Map<Long, String> tekAt = new HashMap<>(); // the converged TEK fingerprint at each checked head
        int ackJoins = 0;
        int ackLeaves = 0;
        int unacked = 0;
        int lostJoins = 0;
        int sequenceBack = 0;
        int converged = 0;
        int checks = 0;
        int compactedPolls = 0;
        Map<KillPoint, Integer> kills = new HashMap<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long started = System.nanoTime();

        serve = start(config, 0);
        MemberAgent observer = newAgent.get();
        observer.register();
        ackJoins++;
        ids.put(observer, observer.memberId());
        live.add(observer);

        for (int round = 0; round < KILLS; round++) {
            // the worker's operations: registrations of new agents and de-registrations of live ones
            List<MemberAgent> candidates = new ArrayList<>(live);
            candidates.remove(observer);
            KillPoint point = KillPoint.values()[rnd.nextInt(KillPoint.values().length)];
            if (point == KillPoint.DEREGISTRATION_COMMIT && candidates.isEmpty()) {
                point = KillPoint.REGISTRATION;
            }
            kills.merge(point, 1, Integer::sum);
            List<Runnable> ops = new ArrayList<>();
            List<MemberAgent> joined = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Leaver> left = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong failedOps = new AtomicLong();
            int regs = 1 + rnd.nextInt(4);
            for (int i = 0; i < regs; i++) {
                ops.add(() -> {
                    MemberAgent a = newAgent.get();
                    try {
                        a.register();
                        joined.add(a);
                    } catch (IOException | AgentException | RuntimeException e) {
                        failedOps.incrementAndGet();
                    }
                });
            }
            if (!candidates.isEmpty() && (point == KillPoint.DEREGISTRATION_COMMIT || rnd.nextBoolean())) {
                MemberAgent leaving = candidates.get(rnd.nextInt(candidates.size()));
                live.remove(leaving);
                ops.add(point == KillPoint.DEREGISTRATION_COMMIT ? 0 : ops.size(), () -> {
                    try {
                        long seq = leaving.deregister();
                        left.add(new Leaver(leaving, seq));
                    } catch (IOException | AgentException | RuntimeException e) {
                        failedOps.incrementAndGet();
                    }
                });
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong completed = new AtomicLong();
            worker = Thread.ofPlatform().name("crash-worker").start(() -> {
                for (Runnable op : ops) {
                    op.run();
                    completed.incrementAndGet();
                }
                done.set(true);
            });
            // the observer pumps pushes and records the sequence it reaches; the poller records messages over HTTP
            AtomicLong observed = new AtomicLong(observer.sequence());
            AtomicBoolean stop = new AtomicBoolean();
            observerThread = Thread.ofPlatform().name("crash-observer").start(() -> {
                try {
                    while (!stop.get()) {
                        observer.pump(Duration.ofMillis(2));
                        observed.set(observer.sequence());
                    }
                } catch (IOException | AgentException e) {
                    // the server was killed under it: expected
                }
            });
            AtomicLong compacted = new AtomicLong();
            poller = Thread.ofPlatform().name("crash-poller").start(() -> {
                while (!stop.get()) {
                    try {
                        pollMessages(http, ports[1], seen, contentMismatches, maxSeen, compacted);
                        Thread.sleep(5);
                    } catch (IOException | InterruptedException e) {
                        return; // killed server, or the test ends
                    }
                }
            });
            // let a random number of the operations complete first, then wait for the kill point
            int firstDone = rnd.nextInt(ops.size());
            awaitTrue(() -> completed.get() >= firstDone, 20_000);
            long before = observed.get();
            switch (point) {
                case REGISTRATION -> Thread.sleep(rnd.nextInt(400));
                case DEREGISTRATION_COMMIT -> Thread.sleep(rnd.nextInt(25));
                case FANOUT -> awaitTrue(() -> observed.get() > before || done.get(), 5000);
                case SNAPSHOT -> {
                    awaitTrue(() -> (observed.get() + 1) % SNAPSHOT_EVERY == 0 && observed.get() > before || done.get(), 5000);
                    Thread.sleep(rnd.nextInt(10));
                }
                default -> throw new IllegalStateException();
            }
            serve.kill();
            stop.set(true);
            worker.join(30_000);
            observerThread.join(30_000);
            poller.join(30_000);
            assertFalse(worker.isAlive() || observerThread.isAlive() || poller.isAlive(), "a test thread hangs");
            compactedPolls += (int) compacted.get();
            maxSeen.accumulateAndGet(observed.get(), Math::max);
            for (MemberAgent a : joined) {
                ackJoins++;
                live.add(a);
                ids.put(a, a.memberId());
                maxSeen.accumulateAndGet(a.sequence(), Math::max);
            }
            for (Leaver l : left) {
                ackLeaves++;
                leavers.add(l);
                maxSeen.accumulateAndGet(l.leaveSequence(), Math::max);
            }
            unacked += (int) failedOps.get();

            // restart on the same data directory
            serve = start(config, round + 1);
            long head = head(http, ports[1]);
            AtomicLong compactedAfter = new AtomicLong();
            pollMessages(http, ports[1], seen, contentMismatches, new AtomicLong(), compactedAfter);
            compactedPolls += (int) compactedAfter.get();
            if (head < maxSeen.get()) {
                sequenceBack++;
            }
            // every acknowledged joiner is a member: it resyncs to the head, and re-registering keeps its tree member id
            for (MemberAgent a : live) {
                a.reconnect();
                a.resyncTcp();
                a.register();
                if (a.memberId() != ids.get(a)) {
                    lostJoins++;
                }
            }
            // a new member's keys come from the GCKS: every live member converges on its TEK
            MemberAgent probe = newAgent.get();
            probe.register();
            ackJoins++;
            ids.put(probe, probe.memberId());
            for (MemberAgent a : live) {
                checks++;
                a.awaitSequence(probe.sequence(), Duration.ofSeconds(10));
                if (a.sequence() == probe.sequence() && a.tekFingerprint().equals(probe.tekFingerprint())) {
                    converged++;
                }
            }
            live.add(probe);
            tekAt.put(probe.sequence(), probe.tekFingerprint());
            maxSeen.accumulateAndGet(probe.sequence(), Math::max);
            assertEquals(0, lostJoins, "an acknowledged joiner is not a member after restart " + (round + 1));
        }

        // every acknowledged leaver tries to rebuild its keys from its leaf's posted path (resync (c); unlike the
        // other resyncs it never falls back to a new registration): its leaf is gone or another member's, so it is
        // refused, and it holds none of the TEKs the group had after its leave
        int leaverOpenedLaterTek = 0;
        int leaverResyncRefused = 0;
        int leaverRejoined = 0;
        for (Leaver l : leavers) {
            long reRegistrations = l.agent().reRegistrations();
            try {
                l.agent().resyncFromPath();
            } catch (IOException | AgentException | RuntimeException e) {
                leaverResyncRefused++;
            }
            if (l.agent().reRegistrations() > reRegistrations) {
                leaverRejoined++; // resync fell back to a new registration: a legitimate new member, not the leaver's old keys
                continue;
            }
            String tek = l.agent().tekFingerprint();
            for (Map.Entry<Long, String> e : tekAt.entrySet()) {
                if (e.getKey() >= l.leaveSequence() && e.getValue().equals(tek)) {
                    leaverOpenedLaterTek++;
                }
            }
        }
        // the GKMP group log, written through every kill, verifies offline (chain and checkpoint signatures)
        serve.kill();
        long logRecords;
        long logCovered;
        try (org.gkm.rekey.store.GroupStore store = org.gkm.rekey.store.SealedGroupStore.open(
                org.gkm.store.sqlite.SqliteGroupStore.open(dir.resolve("data").resolve("gkm.db")), p,
                org.gkm.crypto.SecretBytes.copyOf(masterKey)); ServerKeys keys = ServerKeys.load(store, p).orElseThrow()) {
            logRecords = org.gkm.gkmp.log.GroupStoreLog.read(store, ServeState.logId(GROUP)).size();
            logCovered = org.gkm.gkmp.log.GroupStoreLog.verify(p,
                    new org.gkm.gkmp.pki.VerifyingKey(keys.controller().publicKey(), ServerKeys.ALGORITHM), store, ServeState.logId(GROUP));
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        Set<Long> heads = new HashSet<>(tekAt.keySet());
        System.out.printf("ServeCrashTest figures (seed %d): %d SIGKILLs of gkm serve %s, %d restarts, %d s%n", seed, KILLS, kills,
                KILLS, seconds);
        System.out.printf("  acknowledged joins %d, acknowledged leaves %d, operations cut by a kill (unacknowledged) %d%n", ackJoins,
                ackLeaves, unacked);
        System.out.printf("  lost: %d (joiners not members after a restart %d, leavers holding a later TEK %d)%n",
                lostJoins + leaverOpenedLaterTek, lostJoins, leaverOpenedLaterTek);
        System.out.printf("  leavers' path resyncs at the end: %d refused of %d (%d re-registered)%n", leaverResyncRefused,
                leavers.size(), leaverRejoined);
        System.out.printf("  sealed messages compared by sequence %d, same sequence with other bytes %d, head went back %d,"
                + " polls answered compacted %d%n", seen.size(), contentMismatches.get(), sequenceBack, compactedPolls);
        System.out.printf("  member convergences on the GCKS's TEK after restarts %d (of %d checks), final sequence %d, %d heads%n",
                converged, checks, maxSeen.get(), heads.size());
        System.out.printf("  GKMP group log in the store: %d records, verified offline (chain, checkpoints through %d)%n", logRecords,
                logCovered);
        assertEquals(checks, converged, "a live member did not converge on the GCKS's TEK");
        assertEquals(0, leaverOpenedLaterTek, "a leaver holds a TEK of after its leave");
        assertEquals(leavers.size(), leaverResyncRefused, "a leaver rebuilt keys from its leaf's posted path");
        assertEquals(0, leaverRejoined);
        assertEquals(0, contentMismatches.get(), "a sequence number repeats with other bytes");
        assertEquals(0, sequenceBack, "the head sequence went back after a restart");
        assertTrue(ackLeaves > 0 && ackJoins > KILLS, "the run exercised joins and leaves");
        assertTrue(logRecords > KILLS, "the GKMP log holds the records of every start");
    }

    private ServeProcess start(Path config, int n) throws Exception {
        // alternate providers across restarts when OpenSSL is available: the store is read by the other one
        String provider = n % 2 == 0 ? "java" : "auto";
        ServeProcess s = ServeProcess.start(config, provider, dir.resolve("serve.err"));
        if (!s.awaitLine("frames on", 60_000)) {
            s.close();
            throw new AssertionError("gkm serve (start " + n + ") did not come up: " + s.lines + "\n"
                    + Files.readString(dir.resolve("serve.err")));
        }
        return s;
    }

    /** The head sequence (messages after a sequence past it: an empty answer naming the head). */
    private static long head(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/groups/" + GROUP
                + "/messages?after=" + (Long.MAX_VALUE / 2))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        try {
            return Payloads.readResyncReply(r.body()).head();
        } catch (org.gkm.gcks.net.FrameException e) {
            throw new AssertionError("malformed resync answer", e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * Fetches the messages after the highest sequence seen (resync (c), HTTP), compares any sequence
     * seen before byte for byte, and returns the head. A compacted answer is counted.
     */
    private static long pollMessages(HttpClient http, int port, Map<Long, byte[]> seen, AtomicLong mismatches, AtomicLong maxSeen,
            AtomicLong compacted) throws IOException, InterruptedException {
        long after = seen.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        // also ask again from a little earlier, so already seen sequences are compared after a restart
        after = Math.max(0, after - 2);
        while (true) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/groups/" + GROUP
                    + "/messages?after=" + after + "&max=64")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 410) {
                compacted.incrementAndGet(); // continue after the compaction point
                try {
                    after = Payloads.readResyncReply(r.body()).compactedThrough();
                } catch (org.gkm.gcks.net.FrameException e) {
                    throw new AssertionError("malformed compacted answer", e);
                }
                continue;
            }
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            Payloads.ResyncReply reply;
            try {
                reply = Payloads.readResyncReply(r.body());
            } catch (org.gkm.gcks.net.FrameException e) {
                throw new AssertionError("malformed resync answer", e);
            }
            for (StoredMessage m : reply.messages()) {
                byte[] old = seen.putIfAbsent(m.sequence(), m.message());
                if (old != null && !java.util.Arrays.equals(old, m.message())) {
                    mismatches.incrementAndGet();
                }
                after = Math.max(after, m.sequence());
            }
            maxSeen.accumulateAndGet(reply.head(), Math::max);
            if (reply.messages().isEmpty() || after >= reply.head()) {
                return reply.head();
            }
        }
    }
}
