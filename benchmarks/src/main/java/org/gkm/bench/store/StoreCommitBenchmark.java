package org.gkm.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.Snapshot;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commit latency of one change record on the GCKS's durable store: {@code GroupStore.append} of a
 * record and its sealed rekey message, through the at-rest barrier ({@code SealedGroupStore}: AES-GCM
 * seal of the payload) into {@code SqliteGroupStore} (WAL, {@code synchronous=FULL}: the call returns
 * after the WAL is fsynced), in microseconds per commit.
 *
 * <ul>
 *   <li>{@code commit}: one record per invocation, sized as a real rekey removing
 *       {@code leavesPerRecord} members of a {@code members}-member group of degree {@code degree}
 *       (the real change record and sealed message of that rekey, see {@link StoreBenchFixture}; the same
 *       record is appended again under each new sequence: the store does not read payloads).
 *       {@code leavesPerRecord = 1} is a single
 *       leave; larger values are one batch rekey, the only way the store SPI commits several
 *       membership changes in one transaction. Per membership change = score / leavesPerRecord.
 *       {@code store = plain} commits the same rows without the barrier.
 *   <li>{@code fsync}: the floor: one 4 KiB write and {@code FileChannel.force} on a file in the
 *       same directory kind, what a WAL commit cannot do without.
 * </ul>
 *
 * <p>The store lives in a fresh directory under {@code dir} (default: {@code java.io.tmpdir}); it
 * must be on the disk a GCKS would use, not a tmpfs, or fsync costs nothing. The group's first
 * snapshot is a small placeholder (the store does not read payloads); SQLite checkpoints the WAL
 * every 1000 pages by itself, inside the measured commits, as it would in service. Directories are
 * deleted at the end of the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class StoreCommitBenchmark {

    /** A sealed SQLite store with a group and the record to commit. */
    @State(Scope.Thread)
    public static class Commit {
        @Param({"openssl"})
        public String provider;

        @Param({"1000000"})
        public int members;

        @Param({"4"})
        public int degree;

        @Param({"1", "10", "100", "1000"})
        public int leavesPerRecord;

        @Param({"sealed"})
        public String store;

        @Param({""})
        public String dir;

        Path storeDir;
        GroupStore groupStore;
        byte[] payload;
        byte[] message;
        long sequence;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            CryptoProvider crypto = CryptoProviders.get(provider);
            StoreBenchFixture.Gcks g = StoreBenchFixture.gcks(crypto, "symmetric", degree, members);
            StoreBenchFixture.Measured m = StoreBenchFixture.removeMembers(g, leavesPerRecord, members,
                    new SplittableRandom(0x5eedL));
            System.out.println("gkm: change of " + leavesPerRecord + " leave(s) at " + members + " members, d=" + degree
                    + ": " + m.size().refreshedNodes() + " refreshed nodes, record " + m.size().recordBytes()
                    + " B, sealed message " + m.size().messageBytes() + " B");
            payload = m.changeRecord();
            message = m.sealedMessage();
            storeDir = StoreBenchFixture.newStoreDir(dir);
            groupStore = switch (store) {
                case "sealed" -> StoreBenchFixture.openStore(crypto, storeDir);
                case "plain" -> SqliteGroupStore.open(storeDir.resolve("gkm.db"));
                default -> throw new IllegalArgumentException("store must be sealed or plain: " + store);
            };
            groupStore.writeSnapshot(new Snapshot(StoreBenchFixture.STORE_GROUP, 1, 0, new byte[64]));
            sequence = 0;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            try {
                if (groupStore != null) {
                    System.out.println("gkm: " + sequence + " records committed; store files "
                            + StoreBenchFixture.StoreFiles.of(storeDir));
                    groupStore.close();
                }
            } finally {
                if (payload != null) {
                    Arrays.fill(payload, (byte) 0);
                }
                StoreBenchFixture.deleteDir(storeDir);
            }
        }
    }

    /** A file to fsync in a fresh directory under {@code dir}. */
    @State(Scope.Thread)
    public static class SyncFile {
        @Param({""})
        public String dir;

        Path fileDir;
        FileChannel channel;
        final ByteBuffer page = ByteBuffer.allocateDirect(4096);
        long position;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            fileDir = StoreBenchFixture.newStoreDir(dir);
            channel = FileChannel.open(fileDir.resolve("sync"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                channel.close();
            } finally {
                StoreBenchFixture.deleteDir(fileDir);
            }
        }
    }

    @Benchmark
    public long commit(Commit s) throws Exception {
        s.groupStore.append(new ChangeRecord(StoreBenchFixture.STORE_GROUP, 1, ++s.sequence, s.payload, s.message));
        return s.sequence;
    }

    @Benchmark
    public long fsync(SyncFile s) throws IOException {
        s.page.clear();
        s.channel.write(s.page, s.position);
        s.channel.force(false);
        // a WAL grows, then restarts at its beginning after a checkpoint: cycle over 4 MiB likewise
        s.position = (s.position + 4096) % (4 << 20);
        return s.position;
    }
}
