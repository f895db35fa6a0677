package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.ExitUtils;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;

/**
 * Replicas of one group in this JVM on loopback, each with its own port and storage directory;
 * {@link #close()} stops every replica still running.
 */
final class ReplicaCluster implements AutoCloseable {
    /** Short Raft timeouts (fast failover) that still tolerate a loaded 2-core test machine. */
    static final ReplicatedGroupBackend.Options OPTIONS = new ReplicatedGroupBackend.Options(Duration.ofMillis(500),
            Duration.ofMillis(1000), Duration.ofSeconds(15));

    /** The store barrier's master key every replica holds (a test value). */
    static final SecretBytes MASTER = SecretBytes.copyOf(new byte[32]);

    final CryptoProvider provider;
    final ReplicatedGroupBackend.Options options;
    final GroupId group;
    final RaftGroup raftGroup;
    final List<Path> dirs = new ArrayList<>();
    /** By peer index; null when stopped. */
    final ReplicatedGroupBackend[] replicas;

    ReplicaCluster(CryptoProvider provider, GroupId group, int n, Path root) throws IOException {
        this(provider, group, n, root, OPTIONS);
    }

    ReplicaCluster(CryptoProvider provider, GroupId group, int n, Path root, ReplicatedGroupBackend.Options options)
            throws IOException {
        this.provider = provider;
        this.options = options;
        this.group = group;
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(RaftPeer.newBuilder().setId("r" + i).setAddress("127.0.0.1:" + freePort()).build());
            dirs.add(root.resolve("r" + i));
        }
        raftGroup = ReplicatedGroupBackend.raftGroup(group, peers);
        replicas = new ReplicatedGroupBackend[n];
        for (int i = 0; i < n; i++) {
            start(i);
        }
    }

    static {
        // a Ratis server that cannot bind its port terminates the JVM by default; here it fails the test
        ExitUtils.disableSystemExit();
    }

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free now, below Linux' ephemeral range (32768 and up): a stopped replica's
     * port must stay free until it restarts, and an ephemeral port could meanwhile become the local
     * end of some outgoing connection. Never the same port twice in this JVM.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            if (!GIVEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        throw new IOException("no free loopback port found in [20000, 32000)");
    }

    /** Starts (or restarts, on its storage directory) replica {@code i}. */
    ReplicatedGroupBackend start(int i) throws IOException {
        replicas[i] = ReplicatedGroupBackend.start(provider, group, MASTER, raftGroup, RaftPeerId.valueOf("r" + i), dirs.get(i),
                options);
        return replicas[i];
    }

    /** Stops replica {@code i} (its Raft server: as a crash of the process, the storage stays). */
    void stop(int i) {
        replicas[i].close();
        replicas[i] = null;
    }

    /** Deletes the storage directory of stopped replica {@code i} (a disk lost with the machine). */
    void wipe(int i) throws IOException {
        if (replicas[i] != null) {
            throw new IllegalStateException("replica " + i + " is running");
        }
        if (!Files.exists(dirs.get(i))) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dirs.get(i))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    int indexOf(ReplicatedGroupBackend r) {
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == r) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a replica of this cluster");
    }

    /** The running replicas. */
    List<ReplicatedGroupBackend> running() {
        List<ReplicatedGroupBackend> out = new ArrayList<>();
        for (ReplicatedGroupBackend r : replicas) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The leader among the running replicas, once one leads and the others know it. */
    ReplicatedGroupBackend awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ReplicatedGroupBackend r : running()) {
                if (r.isLeader()) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        return fail("no leader elected within 30 s");
    }

    /** Waits until every running replica applied {@code sequence}. */
    void awaitSequence(long sequence) throws InterruptedException {
        for (ReplicatedGroupBackend r : running()) {
            assertTrue(r.stateMachine().awaitSequence(sequence, 30_000), r + " did not reach sequence " + sequence);
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] != null) {
                try {
                    stop(i);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
