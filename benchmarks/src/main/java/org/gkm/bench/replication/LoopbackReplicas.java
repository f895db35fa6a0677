package org.gkm.bench.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.replication.ReplicatedGroupBackend;
import org.gkm.rekey.message.GroupId;

/**
 * Replicas of one replicated group in this JVM on loopback, each with its own port and a storage
 * directory under a fresh temporary directory ({@code -Dgkm.bench.dir}, default
 * {@code java.io.tmpdir}: put it on the disk a GCKS would use). {@link #close()} stops every replica
 * and deletes the directory.
 */
public final class LoopbackReplicas implements AutoCloseable {
    private final CryptoProvider provider;
    private final GroupId group;
    private final SecretBytes master;
    private final ReplicatedGroupBackend.Options options;
    private final RaftGroup raftGroup;
    private final Path root;
    private final ReplicatedGroupBackend[] replicas;

    /** Starts {@code n} replicas of {@code group} with Raft timing {@code options}. */
    public LoopbackReplicas(CryptoProvider provider, GroupId group, int n, ReplicatedGroupBackend.Options options)
            throws IOException {
        this.provider = provider;
        this.group = group;
        this.options = options;
        this.master = SecretBytes.copyOf(new byte[32]); // a benchmark value, the same on every replica
        this.root = Files.createTempDirectory(Path.of(System.getProperty("gkm.bench.dir", System.getProperty("java.io.tmpdir"))),
                "gkm-replication-bench");
        List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(RaftPeer.newBuilder().setId("r" + i).setAddress("127.0.0.1:" + freePort()).build());
        }
        raftGroup = ReplicatedGroupBackend.raftGroup(group, peers);
        replicas = new ReplicatedGroupBackend[n];
        try {
            for (int i = 0; i < n; i++) {
                start(i);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Starts (or restarts on its storage directory) replica {@code i}. */
    public ReplicatedGroupBackend start(int i) throws IOException {
        replicas[i] = ReplicatedGroupBackend.start(provider, group, master, raftGroup, RaftPeerId.valueOf("r" + i),
                root.resolve("r" + i), options);
        return replicas[i];
    }

    /** Stops replica {@code i} as a crash would (its storage stays). */
    public void stop(int i) {
        ReplicatedGroupBackend r = replicas[i];
        replicas[i] = null;
        if (r != null) {
            r.close();
        }
    }

    /** Takes replica {@code i} out of this set without closing it (the caller closes it, e.g. on another thread). */
    public ReplicatedGroupBackend detach(int i) {
        ReplicatedGroupBackend r = replicas[i];
        replicas[i] = null;
        return r;
    }

    /** The index of {@code r}. */
    public int indexOf(ReplicatedGroupBackend r) {
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == r) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a replica here");
    }

    /** The running replica that leads, waiting at most {@code timeout}; null if none. */
    public ReplicatedGroupBackend awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ReplicatedGroupBackend l = leaderNow();
            if (l != null) {
                return l;
            }
            Thread.sleep(1);
        }
        return null;
    }

    /** The running replica that leads now, or null. */
    public ReplicatedGroupBackend leaderNow() {
        for (ReplicatedGroupBackend r : replicas) {
            if (r != null && r.isLeader()) {
                return r;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (int i = 0; i < replicas.length; i++) {
            try {
                stop(i);
            } catch (RuntimeException e) {
                System.err.println("stopping replica r" + i + ": " + e);
            }
        }
        master.destroy();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root, e);
        }
    }
}
