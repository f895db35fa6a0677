package org.gkm.store.sqlite;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStatus;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreGroupId;

/**
 * The process {@link SqliteStoreCrashTest} kills: opens the sealed SQLite store, prints
 * {@code READY <head>}, then appends change records (each with one audit entry) in a loop and prints
 * {@code ACK <sequence>} after each append has returned, i.e. after its commit is durable; every
 * {@value #SNAPSHOT_EVERY} records it writes a snapshot and compacts through the previous one.
 * Payloads are functions of the sequence so the test can check every byte. Exits by itself after
 * the deadline (argument 2, epoch millis) so it cannot outlive a crashed test run.
 */
final class CrashWriterMain {
    static final StoreGroupId GROUP = StoreGroupId.of("crash-group");
    static final int SNAPSHOT_EVERY = 25;
    static final SealedGroupStore.Options OPTIONS = new SealedGroupStore.Options(16, 1 << 20);

    private CrashWriterMain() {
    }

    static SecretBytes masterKey() {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        new SplittableRandom(0x5eed).nextBytes(k);
        return SecretBytes.copyOf(k);
    }

    static byte[] payload(long seq) {
        SplittableRandom r = new SplittableRandom(seq);
        byte[] b = new byte[r.nextInt(16, 6000)];
        r.nextBytes(b);
        return b;
    }

    static byte[] message(long seq) {
        return ("rekey message " + seq).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] state(long seq) {
        return ("group state after " + seq).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] audit(long seq) {
        return ("audit of rekey " + seq).getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        long deadline = Long.parseLong(args[1]);
        PrintStream out = System.out;
        try (GroupStore s = SealedGroupStore.open(SqliteGroupStore.open(db), CryptoProviders.get(CryptoProviders.JAVA),
                masterKey(), OPTIONS)) {
            long head = s.status(GROUP).map(GroupStatus::headSequence).orElse(-1L);
            if (head < 0) {
                s.writeSnapshot(new Snapshot(GROUP, 0, 0, state(0)));
                head = 0;
            }
            out.println("READY " + head);
            out.flush();
            for (long seq = head + 1; System.currentTimeMillis() < deadline; seq++) {
                s.append(new ChangeRecord(GROUP, 0, seq, payload(seq), message(seq)),
                        List.of(new AuditEntry(GROUP, seq - 1, audit(seq))));
                out.println("ACK " + seq);
                out.flush();
                if (seq % SNAPSHOT_EVERY == 0) {
                    long previous = s.status(GROUP).orElseThrow().snapshotSequence();
                    s.writeSnapshot(new Snapshot(GROUP, 0, seq, state(seq)));
                    s.compact(GROUP, previous);
                }
            }
        }
    }
}
