package org.gkm.bench.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.ServerSnapshot;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.DurableGroupServer;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.SnapshotPolicy;

/**
 * A GCKS restart from its store, timed: a group's server snapshot is written through the at-rest
 * barrier into a SQLite file, then {@code -Dgkm.bench.records=N} real change records after it (single
 * leaves, each planned, recorded with its sealed message and applied, as {@code DurableGroupServer}
 * commits them), the store is closed (SQLite checkpoints the WAL into the database), and then, per
 * round, the two steps of a restart are timed:
 * <ol>
 *   <li>{@code open}: {@code SqliteGroupStore.open} (lock, schema checks, {@code PRAGMA quick_check}
 *       over the whole file) and the barrier on top;
 *   <li>{@code group}: {@code DurableGroupServer.open}: the snapshot row and the change records read
 *       and decrypted (AES-256-GCM), the snapshot decoded into a server (checksum, strict decode, the
 *       key tree rebuilt), every record decoded and replayed in order.
 * </ol>
 * Outside the timed part, the first round's restored server is checked: its fingerprint and
 * sequence must equal those the original reached after its last record, else the run fails.
 *
 * <p>Store size: the database file after the checkpoint and the WAL file if one is left, per member.
 * The file is read from the page cache (it was just written): a restart after a reboot adds the
 * disk read of the file.
 *
 * <p>Usage: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar org.gkm.bench.store.StoreRestoreMeasurement
 * [members] [rounds] [tree...]} (defaults 1000000, 3, symmetric hybrid; degree 4;
 * {@code -Dgkm.bench.provider=openssl|java}, {@code -Dgkm.bench.dir=DIR} for the store's parent
 * directory, default {@code java.io.tmpdir}). The store directory is deleted afterwards.
 *
 * <p>A restart is a new process, with a cold JIT and a heap not yet backed by memory; to time that,
 * write once and restore in fresh JVMs: {@code ... StoreRestoreMeasurement write DIR [members] [tree]}
 * writes the store into the new directory {@code DIR} with the expected fingerprint and sequence
 * beside it (file {@code expected}: a comparison value, not a secret), then each
 * {@code ... StoreRestoreMeasurement restore DIR} times one restore and checks it; delete
 * {@code DIR} afterwards.
 */
public final class StoreRestoreMeasurement {
    private StoreRestoreMeasurement() {}

    /** Snapshots are never taken while restoring: the measurement replays what was written. */
    private static final SnapshotPolicy NO_SNAPSHOTS = new SnapshotPolicy(Integer.MAX_VALUE, false);

    /**
     * A group written to a fresh store.
     *
     * @param members the group's members when the snapshot was taken
     * @param snapshotBytes the server snapshot's plaintext size
     * @param files the store's files after it was closed
     * @param fingerprint the server's fingerprint after the last change record
     * @param sequence the server's sequence after the last change record
     * @param records change records stored after the snapshot
     */
    public record Written(int members, int snapshotBytes, StoreBenchFixture.StoreFiles files, byte[] fingerprint,
            long sequence, int records) {}

    /**
     * One timed restore: per step the elapsed time and the restoring thread's CPU time (user and
     * system; on a shared machine the difference is time spent waiting for a core or the disk), in
     * nanoseconds, and the server it restored (close it).
     *
     * @param open opening the SQLite store (with its integrity check) and the barrier
     * @param group loading, decrypting and decoding the snapshot and replaying the records
     * @param restored the restored group
     */
    public record Timing(Step open, Step group, DurableGroupServer restored) {
        /** Elapsed nanoseconds of the two steps. */
        public long totalNanos() {
            return open.nanos() + group.nanos();
        }

        /** CPU nanoseconds of the two steps. */
        public long totalCpuNanos() {
            return open.cpuNanos() + group.cpuNanos();
        }
    }

    /** One step's elapsed and CPU time in nanoseconds. */
    public record Step(long nanos, long cpuNanos) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f ms (cpu %.0f ms)", nanos / 1e6, cpuNanos / 1e6);
        }
    }

    /** A clock reading: elapsed and this thread's CPU time. */
    private record Mark(long nanos, long cpuNanos) {
        static Mark now() {
            return new Mark(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
        }

        Step to(Mark end) {
            return new Step(end.nanos - nanos, end.cpuNanos - cpuNanos);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * Writes {@code g}'s snapshot (with its signing key; {@code g} built with {@code members}
     * members and unchanged since) into a new sealed store in {@code dir}, then {@code records} real
     * single leaves as change records after it, and closes the store.
     */
    public static Written write(StoreBenchFixture.Gcks g, int members, Path dir, int records) throws Exception {
        GroupKeyServer server = g.server();
        int snapshotBytes;
        try (GroupStore store = StoreBenchFixture.openStore(g.provider(), dir)) {
            byte[] payload = ServerSnapshot.write(server, g.signing().privateKey(), InsecureSecretAccess.get());
            snapshotBytes = payload.length;
            try {
                store.writeSnapshot(new Snapshot(StoreBenchFixture.STORE_GROUP, server.epoch(), server.sequence(),
                        payload));
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
            SplittableRandom pick = new SplittableRandom(0x5eedL);
            for (int i = 0; i < records; i++) {
                StoreBenchFixture.Measured m = StoreBenchFixture.removeMembers(g, 1, members, pick);
                try {
                    store.append(new ChangeRecord(StoreBenchFixture.STORE_GROUP, server.epoch(), server.sequence(),
                            m.changeRecord(), m.sealedMessage()));
                } finally {
                    Arrays.fill(m.changeRecord(), (byte) 0);
                }
            }
        }
        return new Written(members, snapshotBytes, StoreBenchFixture.StoreFiles.of(dir), server.fingerprint(),
                server.sequence(), records);
    }

    /** Opens the store in {@code dir} and the group in it (snapshot + records replayed); timed per step. */
    public static Timing restore(CryptoProvider provider, Path dir) throws Exception {
        Mark t0 = Mark.now();
        GroupStore store = StoreBenchFixture.openStore(provider, dir);
        try {
            Mark t1 = Mark.now();
            DurableGroupServer restored = DurableGroupServer.open(store, provider, StoreBenchFixture.GROUP,
                    EngineRandom.of(provider), NO_SNAPSHOTS);
            Mark t2 = Mark.now();
            return new Timing(t0.to(t1), t1.to(t2), restored);
        } finally {
            store.close();
        }
    }

    /** Throws unless {@code restored} has the fingerprint and sequence the original reached. */
    public static void check(Written w, DurableGroupServer restored) {
        GroupKeyServer s = restored.view();
        if (!Arrays.equals(w.fingerprint(), s.fingerprint()) || w.sequence() != s.sequence()) {
            throw new IllegalStateException("restored server differs from the original (fingerprint or sequence "
                    + s.sequence() + " vs " + w.sequence() + ")");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("write")) {
            writeOnly(args);
            return;
        }
        if (args.length > 0 && args[0].equals("restore")) {
            restoreOnly(args);
            return;
        }
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> trees = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("symmetric", "hybrid");
        String providerName = System.getProperty("gkm.bench.provider", "openssl");
        int records = Integer.getInteger("gkm.bench.records", 0);
        String parent = System.getProperty("gkm.bench.dir", "");
        CryptoProvider provider = CryptoProviders.get(providerName);
        List<String> summary = new ArrayList<>();
        for (String tree : trees) {
            Path dir = StoreBenchFixture.newStoreDir(parent);
            try {
                Written w;
                {
                    long b0 = System.nanoTime();
                    StoreBenchFixture.Gcks g = StoreBenchFixture.gcks(provider, tree, 4, members);
                    long b1 = System.nanoTime();
                    w = write(g, members, dir, records);
                    long b2 = System.nanoTime();
                    System.out.printf(Locale.ROOT, "gkm: %s, %d members, d=4, %s: built in %.0f ms, snapshot and %d"
                            + " records written in %.0f ms (%s)%n", tree, w.members(), providerName, ms(b1 - b0),
                            records, ms(b2 - b1), dir);
                }
                System.gc();
                StoreBenchFixture.StoreFiles f = w.files();
                System.out.printf(Locale.ROOT, "gkm: %s: snapshot %d B (%.1f B/member); store files after close: db %d B,"
                        + " wal %d B, shm %d B: %.1f B/member on disk; %d change records after the snapshot%n",
                        tree, w.snapshotBytes(), (double) w.snapshotBytes() / w.members(), f.db(), f.wal(), f.shm(),
                        (double) f.total() / w.members(), w.records());
                long[] totals = new long[rounds];
                long[] cpu = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    Timing t = restore(provider, dir);
                    if (r == 0) {
                        check(w, t.restored());
                        System.out.println("gkm: " + tree + ": restored server's fingerprint and sequence equal the original's");
                    }
                    t.restored().close();
                    totals[r] = t.totalNanos();
                    cpu[r] = t.totalCpuNanos();
                    System.out.printf(Locale.ROOT, "gkm: %s round %d: open %s, group (load, decrypt, decode, replay) %s,"
                            + " total %.0f ms (cpu %.0f ms)%n", tree, r + 1, t.open(), t.group(),
                            ms(t.totalNanos()), ms(t.totalCpuNanos()));
                    t = null;
                    System.gc();
                }
                long[] sorted = totals.clone();
                Arrays.sort(sorted);
                Arrays.sort(cpu);
                summary.add(String.format(Locale.ROOT, "%s: restart median %.0f ms (min %.0f, max %.0f, %d rounds;"
                        + " restoring thread's cpu median %.0f ms); %.1f B/member on disk", tree,
                        ms(sorted[sorted.length / 2]), ms(sorted[0]), ms(sorted[sorted.length - 1]), rounds,
                        ms(cpu[cpu.length / 2]), (double) f.total() / w.members()));
            } finally {
                StoreBenchFixture.deleteDir(dir);
            }
        }
        summary.forEach(s -> System.out.println("gkm: " + s));
    }

    /** {@code write DIR [members] [tree]}: a store and its expected fingerprint and sequence in a new DIR. */
    private static void writeOnly(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        String tree = args.length > 3 ? args[3] : "symmetric";
        CryptoProvider provider = CryptoProviders.get(System.getProperty("gkm.bench.provider", "openssl"));
        Files.createDirectory(dir);
        Written w = write(StoreBenchFixture.gcks(provider, tree, 4, members), members, dir,
                Integer.getInteger("gkm.bench.records", 0));
        Files.writeString(dir.resolve("expected"), HexFormat.of().formatHex(w.fingerprint()) + " " + w.sequence() + "\n");
        StoreBenchFixture.StoreFiles f = w.files();
        System.out.printf(Locale.ROOT, "gkm: %s, %d members, d=4: snapshot %d B; db %d B, wal %d B: %.1f B/member on disk;"
                + " %d change records after the snapshot%n", tree, members, w.snapshotBytes(), f.db(), f.wal(),
                (double) f.total() / members, w.records());
    }

    /** {@code restore DIR}: one timed restore of the store {@code write} left in DIR, checked. */
    private static void restoreOnly(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String[] expected = Files.readString(dir.resolve("expected")).trim().split(" ");
        CryptoProvider provider = CryptoProviders.get(System.getProperty("gkm.bench.provider", "openssl"));
        Timing t = restore(provider, dir);
        try {
            Written w = new Written(0, 0, StoreBenchFixture.StoreFiles.of(dir), HexFormat.of().parseHex(expected[0]),
                    Long.parseLong(expected[1]), 0);
            check(w, t.restored());
        } finally {
            t.restored().close();
        }
        System.out.printf(Locale.ROOT, "gkm: fresh JVM: open %s, group (load, decrypt, decode, replay) %s,"
                + " total %.0f ms (cpu %.0f ms); fingerprint and sequence equal the original's%n", t.open(), t.group(),
                ms(t.totalNanos()), ms(t.totalCpuNanos()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
