package org.gkm.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.bench.replication.LoopbackReplicas;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.server.BackendException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.replication.ReplicatedGroupBackend;

/**
 * Failover time of the replicated GCKS: three replicas on loopback; the leader is killed (its Raft
 * server closed, as a crash) and the clock runs until the first membership change is committed
 * by the new leader (a join, retried every millisecond on whichever replica leads while the
 * answer is NOT_LEADER or NOT_CONFIRMED). Prints each trial and the minimum, median and maximum.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.gkm.bench.ReplicationFailover \
 *     [trials=10] [provider=openssl] [electionMinMs=1000] [electionMaxMs=2000] [kill|handoff]
 * </pre>
 *
 * With {@code handoff} the leader is stopped cleanly instead: it hands the lead to a follower
 * ({@code transferLeadership}, as a {@code gkm serve} leader does on SIGTERM), then its server is
 * closed on another thread (as the stopping process would, on its own time); the clock runs from
 * the hand-off to the first commit by the new leader.
 *
 * The election timeouts default to the replication's defaults ({@code ReplicatedGroupBackend.Options.DEFAULT});
 * the failover time is bounded below by the minimum (a follower waits that long for a leader
 * before it stands). The Raft storage goes under {@code -Dgkm.bench.dir} (default {@code java.io.tmpdir}).
 */
public final class ReplicationFailover {
    private static final GroupPolicy POLICY = GroupPolicy.defaults();

    private ReplicationFailover() {
    }

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        CryptoProvider p = CryptoProviders.get(args.length > 1 ? args[1] : "openssl");
        ReplicatedGroupBackend.Options defaults = ReplicatedGroupBackend.Options.DEFAULT;
        Duration min = args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : defaults.electionTimeoutMin();
        Duration max = args.length > 3 ? Duration.ofMillis(Long.parseLong(args[3])) : defaults.electionTimeoutMax();
        ReplicatedGroupBackend.Options options = new ReplicatedGroupBackend.Options(min, max, defaults.requestTimeout());
        boolean handoff = args.length > 4 && args[4].equals("handoff");
        EngineRandom random = EngineRandom.of(p);
        double[] ms = new double[trials];
        System.out.printf("failover (leader %s -> first commit by the new leader), 3 replicas on loopback, %s,"
                + " election timeout %d..%d ms%n", handoff ? "hands off and stops" : "killed", p.name(), min.toMillis(),
                max.toMillis());
        for (int t = 0; t < trials; t++) {
            try (LoopbackReplicas replicas = new LoopbackReplicas(p, GroupId.of("gkm-failover-" + t), 3, options)) {
                ReplicatedGroupBackend leader = replicas.awaitLeader(Duration.ofSeconds(60));
                if (leader == null) {
                    throw new IllegalStateException("no leader elected within 60 s");
                }
                leader.createGroup(POLICY, 1);
                for (int i = 0; i < 20; i++) {
                    leader.join(ClientKeys.generate(random, POLICY.hybrid()));
                }
                long before = leader.sequence();
                int killed = replicas.indexOf(leader);
                long t0 = System.nanoTime();
                Thread stopping = null;
                if (handoff) {
                    if (!leader.transferLeadership(Duration.ofSeconds(3))) {
                        throw new IllegalStateException("the hand-off failed");
                    }
                    // the old leader's server shuts down on its own time, as a separate process would
                    ReplicatedGroupBackend old = replicas.detach(killed);
                    stopping = Thread.ofPlatform().name("stopping-old-leader").start(old::close);
                } else {
                    replicas.stop(killed);
                }
                long seq = firstCommit(replicas, random, t0);
                ms[t] = (System.nanoTime() - t0) / 1e6;
                if (stopping != null) {
                    stopping.join();
                }
                ReplicatedGroupBackend next = replicas.leaderNow();
                System.out.printf("trial %d: leader r%d %s at sequence %d; new leader %s committed sequence %d after %.1f ms%n",
                        t, killed, handoff ? "handed off" : "killed", before, next == null ? "?" : next.peerId(), seq, ms[t]);
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("failover over %d trials: min %.1f ms, median %.1f ms, max %.1f ms%n", trials, sorted[0],
                sorted[trials / 2], sorted[trials - 1]);
    }

    private static long firstCommit(LoopbackReplicas replicas, EngineRandom random, long t0) throws Exception {
        List<String> answers = new ArrayList<>();
        while (System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
            ReplicatedGroupBackend l = replicas.leaderNow();
            if (l != null) {
                try {
                    return l.join(ClientKeys.generate(random, POLICY.hybrid())).sequence();
                } catch (BackendException e) {
                    if (e.reason() != BackendException.Reason.NOT_LEADER && e.reason() != BackendException.Reason.NOT_CONFIRMED) {
                        throw e;
                    }
                    answers.add(e.reason().name());
                }
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("no commit within 60 s of the kill; answers " + answers);
    }
}
