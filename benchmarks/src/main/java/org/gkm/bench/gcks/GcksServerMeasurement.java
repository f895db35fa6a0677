package org.gkm.bench.gcks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.gcks.server.GcksMetrics;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.GroupPersistence;
import org.gkm.gcks.server.GroupSetup;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.ServerOptions;
import org.gkm.gcks.server.StoreMembership;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.GroupCommander;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.store.sqlite.SqliteGroupStore;

/**
 * The GCKS server's two throughput figures, measured against a live {@link GcksServer} over real
 * loopback sockets, with in-process member agents ({@link MemberAgent}, one virtual thread each):
 * <ul>
 *   <li>{@code registrations}: N members register (the whole GKMP member-join exchange, the LKH join
 *       rekey, the commit, the confirmation), at most C at a time (a closed loop: a finished
 *       registration starts the next), against a durable group (sealed SQLite, as {@code gkm serve}
 *       keeps it: key server, membership and GKMP log in one store) and an in-memory one, with the
 *       batch window on and off. Reported: completed joins per second (N over the time from the
 *       first start to the last completion), the registration latency as the member sees it
 *       (p50/p90/p99), the process CPU time per join (server and members: they share the JVM),
 *       and, counted on the server's side only, the signatures it makes and verifies and the store
 *       write transactions (each one fsync: SQLite WAL, {@code synchronous=FULL}) per join.
 *   <li>{@code fanout}: M registered members connected; per round the owner's TEK change is timed
 *       from just before the call (so the commit is inside the figure) until the transport has
 *       written the rekey frame to the M-th member's socket (its frames-out counter advanced by M).
 *       The members do not read meanwhile: a socket write completes into the kernel's buffer, so
 *       this is the server's fan-out, not the members' processing.
 * </ul>
 * The server uses its own provider instance wrapped to count signature operations; the members use
 * the plain provider.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * org.gkm.bench.gcks.GcksServerMeasurement registrations [N] [C]} (defaults 1000, 128) and
 * {@code ... fanout [M] [rounds]} (defaults 1000, 200); {@code -Dgkm.bench.provider=openssl|java},
 * {@code -Dgkm.bench.dir=DIR} for the SQLite store's parent directory (default
 * {@code java.io.tmpdir}).
 */
public final class GcksServerMeasurement {
    private static final GkmpGroupId G = new GkmpGroupId(1);
    private static final EntityId GC = EntityId.of("gcks");
    private static final byte[] MASTER = new byte[32];

    static {
        Arrays.fill(MASTER, (byte) 0x5a);
    }

    private GcksServerMeasurement() {}

    /** Signature operations counted through the server's provider. */
    static final class CryptoCounts {
        final AtomicLong signs = new AtomicLong();
        final AtomicLong verifies = new AtomicLong();
    }

    /** {@code base}'s implementation behind a proxy that counts signs and verifies. */
    static CryptoProvider counting(String provider, CryptoCounts counts) throws Exception {
        CryptoSpi spi = switch (provider) {
            case "openssl" -> (CryptoSpi) Class.forName("org.gkm.crypto.openssl.OpenSslProvider").getConstructor().newInstance();
            case "java" -> (CryptoSpi) Class.forName("org.gkm.crypto.java.PureJavaProvider").getConstructor().newInstance();
            default -> throw new IllegalArgumentException(provider);
        };
        CryptoSpi proxy = (CryptoSpi) Proxy.newProxyInstance(CryptoSpi.class.getClassLoader(), new Class<?>[] {CryptoSpi.class},
                (p, m, args) -> {
                    String n = m.getName();
                    if (n.endsWith("Verify")) {
                        counts.verifies.incrementAndGet();
                    } else if (n.endsWith("Sign")) {
                        counts.signs.incrementAndGet();
                    }
                    try {
                        return m.invoke(spi, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return CryptoProvider.of(proxy);
    }

    /** A store whose write transactions are counted (each one commit, one fsync of the WAL). */
    static GroupStore countingWrites(GroupStore rows, AtomicLong writes) {
        Set<String> writing = Set.of("append", "appendAudit", "writeSnapshot", "compact", "putSegmentKey");
        return (GroupStore) Proxy.newProxyInstance(GroupStore.class.getClassLoader(), new Class<?>[] {GroupStore.class},
                (p, m, args) -> {
                    if (writing.contains(m.getName())) { // a default method runs on the store itself: counted once
                        writes.incrementAndGet();
                    }
                    try {
                        return m.invoke(rows, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A live server hosting one group, its security manager, and what it counts. */
    static final class Live implements AutoCloseable {
        final CryptoProvider members;
        final CryptoCounts counts = new CryptoCounts();
        final AtomicLong storeWrites = new AtomicLong();
        final long t0 = System.currentTimeMillis();
        final SecurityManagerAuthority sm;
        final GroupPolicy policy = GroupPolicy.defaults();
        final GcksServer server;
        final GroupBackend backend;
        private GroupStore store;
        private Path dir;
        /** Every agent made, closed with the server. */
        private final List<MemberAgent> agents = new ArrayList<>();

        Live(String provider, boolean durable, ServerOptions options, int maxMembers) throws Exception {
            members = CryptoProviders.get(provider);
            CryptoProvider p = counting(provider, counts);
            sm = new SecurityManagerAuthority(members, EntityId.of("sm"), SignatureAlgorithm.ED25519, t0);
            Credentials gc = sm.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(3, "ops", "intel"), t0);
            Credentials cmd = sm.enroll(EntityId.of("commander"), SignatureAlgorithm.ED25519, Role.CONTROLLER,
                    Permissions.of(9, "ops", "intel"), t0);
            Credentials founder = sm.enroll(EntityId.of("founder"), SignatureAlgorithm.ED25519, Role.MEMBER,
                    Permissions.of(3, "ops", "intel"), t0);
            server = GcksServer.start(p, options, new GcksMetrics());
            try {
                backend = host(p, durable, gc, cmd, founder, maxMembers);
            } catch (Exception | Error e) {
                close(); // what was started before the failure: the server, the store, the directory
                throw e;
            }
        }

        private GroupBackend host(CryptoProvider p, boolean durable, Credentials gc, Credentials cmd, Credentials founder,
                int maxMembers) throws Exception {
            GroupBackend backend;
            GroupPersistence persistence = GroupPersistence.none();
            GroupId group = GroupId.of("gkmp-" + G.value());
            if (durable) {
                dir = Files.createTempDirectory(Path.of(System.getProperty("gkm.bench.dir", System.getProperty("java.io.tmpdir"))),
                        "gkm-gcks-bench");
                store = SealedGroupStore.open(countingWrites(SqliteGroupStore.open(dir.resolve("gkm.db")), storeWrites), p,
                        SecretBytes.copyOf(MASTER));
                backend = DurableGroupBackend.create(store, p, policy, group, 1, SnapshotPolicy.every(1000));
                persistence = new GroupPersistence(Membership.empty(), StoreMembership.open(store, G.value()).store(),
                        GroupStoreLog.open(store, StoreGroupId.of("bench/log/" + G.value())));
            } else {
                backend = InMemoryGroupBackend.create(p, policy, group, 1, 1000);
            }
            try {
                server.host(new GroupSetup(G, sm.anchor(), sm.crl(), gc, new GroupCommander(p, cmd), founder,
                        Permissions.of(2, "ops"), maxMembers), backend, persistence);
            } catch (RuntimeException e) {
                backend.close(); // the server owns a backend only once it hosts it
                throw e;
            }
            return backend;
        }

        MemberAgent agent(int i) {
            Credentials c = sm.enroll(EntityId.of("m" + i), SignatureAlgorithm.ED25519, Role.MEMBER,
                    Permissions.of(3, "ops", "intel"), t0);
            URI http = server.httpAddress() == null ? null
                    : URI.create("http://" + server.httpAddress().getHostString() + ":" + server.httpAddress().getPort());
            MemberAgent a = new MemberAgent(members, c, sm.anchor(), sm.crl(), new AgentConfig(server.address(), http, G, GC,
                    policy, Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(60)));
            agents.add(a);
            return a;
        }

        /** Sessions the server closed on its side (overflow, deadlines, failures): none in a valid run. */
        long serverClosedSessions() {
            long n = 0;
            for (org.gkm.gcks.net.CloseReason r : org.gkm.gcks.net.CloseReason.values()) {
                if (r != org.gkm.gcks.net.CloseReason.PEER_CLOSED) {
                    n += server.transport().stats().closed(r);
                }
            }
            return n;
        }

        @Override
        public void close() throws Exception {
            for (MemberAgent a : agents) {
                try {
                    a.close();
                } catch (java.io.IOException e) {
                    // the connection is gone already; the agent's keys are zeroed all the same
                }
            }
            server.close();
            if (store != null) {
                store.close();
            }
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
    }

    private static ServerOptions options(Duration window, int concurrent, int members) {
        ServerConfig net = ServerConfig.defaults().withMaxConcurrentRegistrations(concurrent)
                .withMaxConnections(members + 64).withIdleDeadline(Duration.ofMinutes(30));
        return ServerOptions.defaults().withNet(net).withUnacked(1_000_000, false)
                .withBatch(window, ServerOptions.DEFAULT_BATCH_MAX);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /**
     * One registrations run.
     *
     * @param joinsPerSecond completed joins over the run's elapsed time
     * @param rekeys rekeys committed during the run
     * @param verifiesPerJoin signature verifications by the server, per join
     * @param storeWritesPerJoin store write transactions (fsyncs), per join
     */
    record RegistrationRun(double joinsPerSecond, long rekeys, double verifiesPerJoin, double storeWritesPerJoin,
            long serverClosedSessions) {}

    /**
     * The fan-out figures, in milliseconds, and the sessions the server closed during the rounds
     * (a member dropped mid-run would make the figures meaningless).
     */
    record FanOut(double p50, double p90, double p99, double max, long serverClosedSessions) {}

    static RegistrationRun registrations(String provider, boolean durable, Duration window, int n, int concurrency)
            throws Exception {
        try (Live live = new Live(provider, durable, options(window, concurrency, n), Math.min(65_535, n + 16))) {
            List<MemberAgent> agents = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                agents.add(live.agent(i)); // enrolment (the security manager's work) is not timed
            }
            long[] latency = new long[n];
            Semaphore slots = new Semaphore(concurrency);
            long signs0 = live.counts.signs.get();
            long verifies0 = live.counts.verifies.get();
            long writes0 = live.storeWrites.get();
            long seq0 = live.backend.sequence();
            long cpu0 = cpuNanos();
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>(n);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    int k = i;
                    slots.acquire();
                    done.add(pool.submit(() -> {
                        try {
                            long t = System.nanoTime();
                            agents.get(k).register();
                            latency[k] = System.nanoTime() - t;
                        } finally {
                            slots.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            long elapsed = System.nanoTime() - start;
            long cpu = cpuNanos() - cpu0;
            long rekeys = live.backend.sequence() - seq0;
            Arrays.sort(latency);
            System.out.printf(Locale.ROOT,
                    "registrations %s %-7s window=%-4s n=%d c=%d: %.0f joins/s (%.2f s); latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f;"
                            + " rekeys %d (%.1f joins each); CPU %.2f ms/join (process); server per join: %.2f signs,"
                            + " %.2f verifies, %.2f store writes; load %.1f%n",
                    provider, durable ? "durable" : "memory", window.toMillis() + "ms", n, concurrency, n / (elapsed / 1e9),
                    elapsed / 1e9, pct(latency, 0.5), pct(latency, 0.9), pct(latency, 0.99), latency[n - 1] / 1e6, rekeys,
                    (double) n / Math.max(1, rekeys), cpu / 1e6 / n, (live.counts.signs.get() - signs0) / (double) n,
                    (live.counts.verifies.get() - verifies0) / (double) n, (live.storeWrites.get() - writes0) / (double) n,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            long dropped = live.serverClosedSessions();
            if (dropped > 0) {
                System.out.printf(Locale.ROOT, "registrations: the server closed %d session(s) during the run: %s%n", dropped,
                        live.server.transport().stats());
            }
            return new RegistrationRun(n / (elapsed / 1e9), rekeys, (live.counts.verifies.get() - verifies0) / (double) n,
                    (live.storeWrites.get() - writes0) / (double) n, dropped);
        }
    }

    static FanOut fanout(String provider, int members, int rounds) throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive");
        }
        try (Live live = new Live(provider, false, options(ServerOptions.DEFAULT_BATCH_WINDOW, 256, members),
                Math.min(65_535, members + 16))) {
            List<MemberAgent> agents = new ArrayList<>(members);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Semaphore slots = new Semaphore(128);
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    MemberAgent a = live.agent(i);
                    agents.add(a);
                    slots.acquire();
                    done.add(pool.submit(() -> {
                        try {
                            a.register();
                        } finally {
                            slots.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            if (live.server.members(G).size() != members) {
                throw new IllegalStateException("only " + live.server.members(G).size() + " members registered");
            }
            long[] t = new long[rounds];
            int warmup = Math.max(3, Math.min(20, rounds / 5));
            awaitQuiet(live); // the joins' pushes drained: the frames counted below are the rounds' own
            long dropped0 = live.serverClosedSessions();
            for (int r = -warmup; r < rounds; r++) {
                long out0 = live.server.transport().stats().framesOut();
                long s = System.nanoTime();
                live.server.changeTek(G);
                while (live.server.transport().stats().framesOut() - out0 < members) {
                    LockSupport.parkNanos(20_000);
                    if (System.nanoTime() - s > 10_000_000_000L) {
                        throw new IllegalStateException("fan-out did not complete in 10 s");
                    }
                }
                long e = System.nanoTime() - s;
                if (r >= 0) {
                    t[r] = e;
                }
                Thread.sleep(20);
            }
            Arrays.sort(t);
            System.out.printf(Locale.ROOT,
                    "fanout %s members=%d rounds=%d: commit to last socket write ms p50 %.2f p90 %.2f p99 %.2f max %.2f; load %.1f%n",
                    provider, members, rounds, pct(t, 0.5), pct(t, 0.9), pct(t, 0.99), t[rounds - 1] / 1e6,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return new FanOut(pct(t, 0.5), pct(t, 0.9), pct(t, 0.99), t[rounds - 1] / 1e6, live.serverClosedSessions() - dropped0);
        }
    }

    /** Waits until the server has written no frame for 100 ms (at most 30 s). */
    private static void awaitQuiet(Live live) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = live.server.transport().stats().framesOut();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(100);
        }
    }

    public static void main(String[] args) throws Exception {
        String provider = System.getProperty("gkm.bench.provider", "openssl");
        String mode = args.length > 0 ? args[0] : "registrations";
        switch (mode) {
            case "registrations" -> {
                int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
                int c = args.length > 2 ? Integer.parseInt(args[2]) : 128;
                registrations(provider, false, Duration.ZERO, Math.min(n, 200), c); // warm-up, not reported
                for (boolean durable : new boolean[] {true, false}) {
                    for (Duration w : List.of(Duration.ZERO, ServerOptions.DEFAULT_BATCH_WINDOW)) {
                        registrations(provider, durable, w, n, c);
                    }
                }
            }
            case "fanout" -> fanout(provider, args.length > 1 ? Integer.parseInt(args[1]) : 1000,
                    args.length > 2 ? Integer.parseInt(args[2]) : 200);
            default -> throw new IllegalArgumentException("mode: registrations | fanout");
        }
    }
}
