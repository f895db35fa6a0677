package org.gkm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gkm.bench.replication.LoopbackReplicas;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.CommittedRekey;
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.replication.ReplicatedGroupBackend;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A membership change committed by the replicated GCKS (three replicas on loopback, Apache Ratis,
 * {@link ReplicatedGroupBackend}: the leader plans, a majority commits, the leader applies and
 * answers) against the single-node durable GCKS ({@link DurableGroupBackend} over SQLite under the
 * at-rest barrier, {@code SealedGroupStore}), in one run so the two sit side by side.
 *
 * <ul>
 *   <li>{@code commitJoinLeave}: a join of a fresh member, then its leave: two commits (each a
 *       rekey: plan, seal, commit, apply), so the score is the latency of one committed membership
 *       change (average time per operation, {@code OperationsPerInvocation(2)}).
 *   <li>{@code batch64}: one batch rekey of 32 joins and 32 leaves (the oldest members), so the
 *       group size stays put; the score is membership changes per second
 *       ({@code OperationsPerInvocation(64)}).
 * </ul>
 *
 * <p>The group starts with {@code members} members (joined in batches in the setup). Ratis keeps its
 * log in a fresh directory under {@code -Dgkm.bench.dir} (default {@code java.io.tmpdir}), as does
 * SQLite; put it on the disk a GCKS would use. Ratis runs with the replication's default log
 * settings and election timing (and, for {@code replicated3wait10}, Ratis' own append wait); the replicas share this JVM and its cores, so the figure
 * includes three replicas' apply work on one machine. For leader failover time see
 * {@link ReplicationFailover}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class ReplicationBenchmark {
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final GroupId GROUP = GroupId.of("gkm-replication-bench");

    /**
     * {@code replicated3}: three Ratis replicas on loopback (no append wait, the replication's
     * default); {@code replicated3wait10}: the same with Ratis' own default append wait of 10 ms;
     * {@code durable}: one DurableGroupBackend on sealed SQLite.
     */
    @Param({"replicated3", "replicated3wait10", "durable"})
    public String backend;

    @Param({"openssl"})
    public String provider;

    @Param({"1000"})
    public int members;

    private CryptoProvider p;
    private EngineRandom random;
    private GroupBackend gcks;
    private LoopbackReplicas replicas;
    private GroupStore store;
    private Path storeDir;
    private SecretBytes master;
    /** Member ids, oldest first. */
    private final ArrayDeque<Integer> ids = new ArrayDeque<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        p = CryptoProviders.get(provider);
        random = EngineRandom.of(p);
        switch (backend) {
            case "replicated3", "replicated3wait10" -> {
                ReplicatedGroupBackend.Options options = backend.equals("replicated3") ? ReplicatedGroupBackend.Options.DEFAULT
                        : ReplicatedGroupBackend.Options.DEFAULT.withAppendWait(Duration.ofMillis(10));
                replicas = new LoopbackReplicas(p, GROUP, 3, options);
                ReplicatedGroupBackend leader = replicas.awaitLeader(Duration.ofSeconds(60));
                if (leader == null) {
                    throw new IllegalStateException("no leader elected within 60 s");
                }
                leader.createGroup(POLICY, 1);
                gcks = leader;
            }
            case "durable" -> {
                storeDir = Files.createTempDirectory(
                        Path.of(System.getProperty("gkm.bench.dir", System.getProperty("java.io.tmpdir"))), "gkm-durable-bench");
                master = SecretBytes.copyOf(new byte[32]);
                store = SealedGroupStore.open(SqliteGroupStore.open(storeDir.resolve("gkm.db")), p, master);
                gcks = DurableGroupBackend.create(store, p, POLICY, GROUP, 1, SnapshotPolicy.every(1000));
            }
            default -> throw new IllegalArgumentException("backend must be replicated3, replicated3wait10 or durable: " + backend);
        }
        for (int done = 0; done < members; done += 64) {
            List<ClientKeys> joiners = fresh(Math.min(64, members - done));
            for (int id : gcks.batch(joiners, new int[0]).plan().joiners()) {
                ids.addLast(id);
            }
        }
    }

    private List<ClientKeys> fresh(int n) {
        List<ClientKeys> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ClientKeys.generate(random, POLICY.hybrid()));
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (replicas != null) {
            replicas.close();
        }
        if (gcks != null && replicas == null) {
            gcks.close();
        }
        if (store != null) {
            store.close();
        }
        if (master != null) {
            master.destroy();
        }
        if (storeDir != null) {
            try (Stream<Path> walk = Files.walk(storeDir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(2)
    public long commitJoinLeave() throws BackendException {
        CommittedRekey joined = gcks.join(ClientKeys.generate(random, POLICY.hybrid()));
        return gcks.leave(joined.plan().joiners()[0]).sequence();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(64)
    public long batch64() throws BackendException {
        int[] leavers = new int[32];
        for (int i = 0; i < leavers.length; i++) {
            leavers[i] = ids.removeFirst();
        }
        CommittedRekey c = gcks.batch(fresh(32), leavers);
        for (int id : c.plan().joiners()) {
            ids.addLast(id);
        }
        return c.sequence();
    }
}
