package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStatus;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoreException.Failure;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of a commit: a separate JVM ({@link CrashWriterMain}) appends sealed records to a
 * SQLite store and says which commits returned; the test SIGKILLs it at a random moment (seed
 * printed; {@code -Dgkm.crash.seed=N} repeats a run), reopens the file and checks that every
 * acknowledged record is there, intact and decryptable, that at most the one commit in flight
 * beyond the acknowledged ones is present, and that the history (snapshot, records, messages,
 * audit log) is whole. Several rounds on the same file, each continuing where the last stopped.
 */
class SqliteStoreCrashTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesSigkillAndNothingIsPartial() throws Exception {
        long seed = Long.getLong("gkm.crash.seed", System.nanoTime());
        System.out.println("crash test seed " + seed + " (-Dgkm.crash.seed=" + seed + " repeats it)");
        SplittableRandom random = new SplittableRandom(seed);
        Path db = dir.resolve("crash.db");
        long head = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path stderr = dir.resolve("writer-" + round + ".err");
            Process writer = ChildJvm.start(CrashWriterMain.class, db, stderr);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> ChildJvm.readLines(writer, lines), "crash-writer-stdout");
            reader.setDaemon(true);
            reader.start();
            long killAfter = random.nextLong(20, 400);
            try {
                long ready = awaitReady(writer, lines, stderr);
                assertEquals(head, ready, "the writer resumes at the verified head");
                if (round == 0) {
                    // the writer holds the store: this process is locked out
                    GroupStoreContract.refused(Failure.LOCKED, () -> SqliteGroupStore.open(db));
                }
                Thread.sleep(killAfter);
                // SIGKILL on Linux. Through the ProcessHandle, which only signals: Process.destroyForcibly
                // also closes our end of the pipe on some JDKs, losing ACK lines still in it.
                assertTrue(writer.toHandle().destroyForcibly(), "kill refused");
                assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "writer did not die");
                reader.join(10_000);
            } finally {
                if (writer.isAlive()) {
                    writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(137, writer.exitValue(), "the writer ended by SIGKILL, not by itself: " + Files.readString(stderr));
            long acked = acknowledged(lines, head);
            long found = verify(db, acked);
            System.out.printf("round %d: killed after %d ms, resumed at %d, acknowledged through %d, stored head %d%n",
                    round, killAfter, head, acked, found);
            head = found;
        }
        assertTrue(head > 0, "no record was ever acknowledged");
    }

    private static long awaitReady(Process p, List<String> lines, Path stderr) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!lines.isEmpty()) {
                String first = lines.get(0);
                assertTrue(first.startsWith("READY "), first);
                return Long.parseLong(first.substring(6));
            }
            if (!p.isAlive()) {
                fail("writer exited " + p.exitValue() + " before READY: " + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        return fail("writer not ready within 60 s");
    }

    /** The last acknowledged sequence; the ACK lines run head+1, head+2, ... without a gap. */
    private static long acknowledged(List<String> lines, long head) {
        long expected = head + 1;
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith("ACK "), line);
            assertEquals(expected, Long.parseLong(line.substring(4)));
            expected++;
        }
        return expected - 1;
    }

    /** Reopens the store on every provider and checks it whole; returns its head. */
    private static long verify(Path db, long acked) throws Exception {
        long head = -1;
        for (CryptoProvider p : TestProviders.all()) {
            try (GroupStore s = SealedGroupStore.open(SqliteGroupStore.open(db), p, CrashWriterMain.masterKey(),
                    CrashWriterMain.OPTIONS)) {
                LoadedGroup g = s.load(CrashWriterMain.GROUP).orElseThrow();
                head = g.headSequence();
                assertTrue(head == acked || head == acked + 1,
                        "stored head " + head + " but acknowledged through " + acked + " (" + p.name() + ")");
                long snap = g.snapshot().sequence();
                assertTrue(snap % CrashWriterMain.SNAPSHOT_EVERY == 0, "snapshot " + snap);
                assertArrayEquals(CrashWriterMain.state(snap), g.snapshot().payload());
                for (ChangeRecord r : g.records()) {
                    assertArrayEquals(CrashWriterMain.payload(r.sequence()), r.payload(), "record " + r.sequence());
                    assertArrayEquals(CrashWriterMain.message(r.sequence()), r.rekeyMessage());
                }
                GroupStatus status = s.status(CrashWriterMain.GROUP).orElseThrow();
                assertEquals(head, status.headSequence());
                assertEquals(head, status.auditEntries(), "one audit entry per committed record");
                MessagesSince.Messages m = (MessagesSince.Messages) s.messagesSince(CrashWriterMain.GROUP,
                        status.compactedThrough(), Integer.MAX_VALUE);
                long seq = status.compactedThrough();
                for (StoredMessage sm : m.messages()) {
                    assertEquals(++seq, sm.sequence());
                    assertArrayEquals(CrashWriterMain.message(seq), sm.message());
                }
                assertEquals(head, seq);
                List<AuditEntry> audit = s.audit(CrashWriterMain.GROUP, 0, Integer.MAX_VALUE);
                assertEquals(head, audit.size());
                for (AuditEntry e : audit) {
                    assertArrayEquals(CrashWriterMain.audit(e.index() + 1), e.entry());
                }
            }
        }
        return head;
    }
}
