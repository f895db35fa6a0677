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
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.Snapshot;

/**
 * A GCKS restart from its store, timed: a group's server snapshot is written through the at-rest
 * barrier into a SQLite file, the store is closed (SQLite checkpoints the WAL into the database),
 * and then, per round, the three steps of a restart are timed:
 * <ol>
 *   <li>{@code open}: {@code SqliteGroupStore.open} (lock, schema checks, {@code PRAGMA quick_check}
 *       over the whole file) and the barrier on top;
 *   <li>{@code load}: {@code GroupStore.load}: the snapshot row (and any change records after it)
 *       read and decrypted (AES-256-GCM), the key check verified, the plaintext copied out;
 *   <li>{@code restore}: {@code ServerSnapshot.read}: checksum, strict decode, the key tree rebuilt.
 * </ol>
 * Outside the timed part, the first round's restored server is checked: its fingerprint and
 * sequence must equal the original's, else the run fails. Change records written after the
 * snapshot ({@code -Dgkm.bench.records=N}: real single leaves, each stored with its sealed message
 * and an estimated payload as {@link StoreBenchFixture} describes) are loaded and decrypted but not
 * applied (the engine has no replay step yet), so the check compares the snapshot's state.
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

    /**
     * A group's snapshot written to a fresh store.
     *
     * @param members the group's members when the snapshot was taken
     * @param snapshotBytes the server snapshot's plaintext size
     * @param files the store's files after it was closed
     * @param fingerprint the server's fingerprint at the snapshot
     * @param sequence the server's sequence at the snapshot
     * @param records change records stored after the snapshot
     */
    public record Written(int members, int snapshotBytes, StoreBenchFixture.StoreFiles files, byte[] fingerprint,
            long sequence, int records) {}

    /**
     * One timed restore: per step the elapsed time and the restoring thread's CPU time (user and
     * system; on a shared machine the difference is time spent waiting for a core or the disk), in
     * nanoseconds, and the server it restored.
     *
     * @param open opening the SQLite store (with its integrity check) and the barrier
     * @param load reading and decrypting the snapshot and records, the plaintext copied out
     * @param restore decoding the snapshot into a server
     * @param restored the restored server
     */
    public record Timing(Step open, Step load, Step restore, ServerSnapshot restored) {
        /** Elapsed nanoseconds of the three steps. */
        public long totalNanos() {
            return open.nanos() + load.nanos() + restore.nanos();
        }

        /** CPU nanoseconds of the three steps. */
        public long totalCpuNanos() {
            return open.cpuNanos() + load.cpuNanos() + restore.cpuNanos();
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
        byte[] fingerprint = server.fingerprint();
        long sequence = server.sequence();
        int snapshotBytes;
        try (GroupStore store = StoreBenchFixture.openStore(g.provider(), dir)) {
            byte[] payload = ServerSnapshot.write(server, g.signing().privateKey(), InsecureSecretAccess.get());
            snapshotBytes = payload.length;
            try {
                store.writeSnapshot(new Snapshot(StoreBenchFixture.STORE_GROUP, server.epoch(), sequence, payload));
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
            SplittableRandom pick = new SplittableRandom(0x5eedL);
            SplittableRandom filler = new SplittableRandom(1);
            for (int i = 0; i < records; i++) {
                StoreBenchFixture.Measured m = StoreBenchFixture.removeMembers(g, 1, members, pick);
                byte[] change = new byte[m.size().recordBytes()];
                filler.nextBytes(change);
                store.append(new ChangeRecord(StoreBenchFixture.STORE_GROUP, server.epoch(), server.sequence(), change,
                        m.sealedMessage()));
            }
        }
        return new Written(members, snapshotBytes, StoreBenchFixture.StoreFiles.of(dir), fingerprint, sequence, records);
    }

    /** Opens the store in {@code dir}, loads and decrypts the group, restores its server; timed per step. */
    public static Timing restore(CryptoProvider provider, Path dir) throws Exception {
        Mark t0 = Mark.now();
        GroupStore store = StoreBenchFixture.openStore(provider, dir);
        try {
            Mark t1 = Mark.now();
            LoadedGroup loaded = store.load(StoreBenchFixture.STORE_GROUP).orElseThrow(
                    () -> new IllegalStateException("the store holds no snapshot of the group"));
            byte[] bytes = loaded.snapshot().payload();
            loaded.destroy();
            Mark t2 = Mark.now();
            ServerSnapshot restored;
            try {
                restored = ServerSnapshot.read(provider, EngineRandom.of(provider), bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            Mark t3 = Mark.now();
            return new Timing(t0.to(t1), t1.to(t2), t2.to(t3), restored);
        } finally {
            store.close();
        }
    }

    /** Throws unless {@code restored} has the fingerprint and sequence the snapshot was taken with. */
    public static void check(Written w, ServerSnapshot restored) {
        GroupKeyServer s = restored.server();
        if (!Arrays.equals(w.fingerprint(), s.fingerprint()) || w.sequence() != s.sequence()) {
            throw new IllegalStateException("restored server differs from the original (fingerprint or sequence "
                    + s.sequence() + " vs " + w.sequence() + ")");
        }
        if (restored.signingKey().isEmpty()) {
            throw new IllegalStateException("restored snapshot lost the signing key");
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
                    System.out.printf(Locale.ROOT, "gkm: %s, %d members, d=4, %s: built in %.0f ms, snapshot written in %.0f ms (%s)%n",
                            tree, w.members(), providerName, ms(b1 - b0), ms(b2 - b1), dir);
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
                    totals[r] = t.totalNanos();
                    cpu[r] = t.totalCpuNanos();
                    System.out.printf(Locale.ROOT, "gkm: %s round %d: open %s, load+decrypt %s, restore %s,"
                            + " total %.0f ms (cpu %.0f ms)%n", tree, r + 1, t.open(), t.load(), t.restore(),
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
        Written w = new Written(0, 0, StoreBenchFixture.StoreFiles.of(dir), HexFormat.of().parseHex(expected[0]),
                Long.parseLong(expected[1]), 0);
        check(w, t.restored());
        System.out.printf(Locale.ROOT, "gkm: fresh JVM: open %s, load+decrypt %s, restore %s, total %.0f ms (cpu %.0f ms);"
                + " fingerprint and sequence equal the original's%n", t.open(), t.load(), t.restore(), ms(t.totalNanos()),
                ms(t.totalCpuNanos()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
