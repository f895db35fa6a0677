package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.store.DurableGroupServer;
import org.gkm.rekey.store.GroupStatus;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the commit rule: a separate JVM ({@link DurableServerCrashMain}) runs a
 * {@link DurableGroupServer} over a sealed SQLite store and prints each acknowledged rekey; the test
 * SIGKILLs it at a random moment (seed printed; {@code -Dgkm.crash.seed=N} repeats the kill times),
 * then opens the store itself on every provider: {@code open} succeeds, the sequence is the last
 * acknowledged one or the one commit in flight after it, the fingerprint of the state rebuilt from
 * snapshot + records equals the one the killed process reached at that sequence, and every
 * acknowledged rekey message not compacted away is stored byte for byte. The next round restarts the
 * process on the same file, which must resume at that state. Five rounds.
 */
class DurableServerCrashTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRekeyIsLostAndRestartsResumeTheSameState() throws Exception {
        long seed = Long.getLong("gkm.crash.seed", System.nanoTime());
        System.out.println("durable crash test seed " + seed + " (-Dgkm.crash.seed=" + seed + " repeats it)");
        SplittableRandom random = new SplittableRandom(seed);
        Path db = dir.resolve("durable.db");
        long head = -1;
        String headFingerprint = null;
        Map<Long, String> fingerprints = new HashMap<>();
        Map<Long, String> messages = new HashMap<>();
        long totalAcked = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path stderr = dir.resolve("server-" + round + ".err");
            Process server = ChildJvm.start(DurableServerCrashMain.class, db, stderr);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> ChildJvm.readLines(server, lines), "durable-crash-stdout");
            reader.setDaemon(true);
            reader.start();
            long killAfter = random.nextLong(100, 1500);
            try {
                String[] ready = awaitReady(server, lines, stderr);
                if (round > 0) {
                    assertEquals(head, Long.parseLong(ready[1]), "the restarted server resumes at the verified head");
                    assertEquals(headFingerprint, ready[2], "the restarted server resumes the verified state");
                }
                Thread.sleep(killAfter);
                assertTrue(server.toHandle().destroyForcibly(), "kill refused");
                assertTrue(server.waitFor(10, TimeUnit.SECONDS), "server did not die");
                reader.join(10_000);
            } finally {
                if (server.isAlive()) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(137, server.exitValue(), "the server ended by SIGKILL, not by itself: " + Files.readString(stderr));
            String[] ready = lines.get(0).split(" ");
            long start = Long.parseLong(ready[1]);
            fingerprints.put(start, ready[2]);
            long acked = start;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(" ");
                assertEquals("ACK", f[0], line);
                long seq = Long.parseLong(f[1]);
                assertEquals(acked + 1, seq, "acknowledged sequences run without a gap");
                acked = seq;
                fingerprints.put(seq, f[2]);
                messages.put(seq, f[3]);
            }
            totalAcked += acked - start;
            head = verify(db, acked, fingerprints, messages);
            headFingerprint = fingerprints.get(head);
            System.out.printf("round %d: killed after %d ms, resumed at %d, acknowledged through %d, reopened at %d%n",
                    round, killAfter, start, acked, head);
        }
        assertTrue(totalAcked > 0, "no rekey was ever acknowledged");
    }

    private static String[] awaitReady(Process p, List<String> lines, Path stderr) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!lines.isEmpty()) {
                String first = lines.get(0);
                assertTrue(first.startsWith("READY "), first);
                return first.split(" ");
            }
            if (!p.isAlive()) {
                fail("server exited " + p.exitValue() + " before READY: " + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        return fail("server not ready within 60 s");
    }

    /**
     * Opens the durable group on every provider; checks sequence, fingerprint and stored messages;
     * returns the sequence it opened at.
     */
    private static long verify(Path db, long acked, Map<Long, String> fingerprints, Map<Long, String> messages)
            throws Exception {
        long head = -1;
        String seen = null;
        for (CryptoProvider p : TestProviders.all()) {
            try (GroupStore s = SealedGroupStore.open(SqliteGroupStore.open(db), p, CrashWriterMain.masterKey(),
                    CrashWriterMain.OPTIONS)) {
                DurableGroupServer d = DurableGroupServer.open(s, p, DurableServerCrashMain.GROUP, EngineRandom.of(p),
                        DurableServerCrashMain.SNAPSHOTS);
                head = d.view().sequence();
                assertTrue(head == acked || head == acked + 1,
                        "reopened at " + head + " but acknowledged through " + acked + " (" + p.name() + ")");
                String fingerprint = HexFormat.of().formatHex(d.view().fingerprint());
                if (fingerprints.containsKey(head)) {
                    assertEquals(fingerprints.get(head), fingerprint, "state at " + head + " (" + p.name() + ")");
                }
                if (seen != null) {
                    assertEquals(seen, fingerprint, "providers rebuild the same state");
                }
                seen = fingerprint;
                fingerprints.putIfAbsent(head, fingerprint); // the commit in flight: the next round resumes it
                GroupStatus status = s.status(DurableServerCrashMain.STORE_GROUP).orElseThrow();
                MessagesSince.Messages m = (MessagesSince.Messages) d.messagesSince(status.compactedThrough(),
                        Integer.MAX_VALUE);
                long seq = status.compactedThrough();
                for (StoredMessage sm : m.messages()) {
                    assertEquals(++seq, sm.sequence());
                    if (messages.containsKey(seq)) {
                        assertEquals(messages.get(seq),
                                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sm.message())),
                                "stored message " + seq);
                    }
                }
                assertEquals(head, seq);
                // The commit in flight may have been followed by its snapshot and compaction before the kill.
                assertTrue(status.compactedThrough() <= head,
                        "compacted through " + status.compactedThrough() + " past the head " + head);
                d.close();
            }
        }
        return head;
    }
}
