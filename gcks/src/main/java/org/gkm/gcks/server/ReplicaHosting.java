package org.gkm.gcks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;

/**
 * The consensus a replicated {@code gkm serve} runs on, seen from the GCKS: one process's replica
 * host, serving every replicated group it is given as a {@link ReplicatedGroup}. The GCKS module
 * defines this boundary and the {@code replication} module implements it (on Apache Ratis, one Raft
 * group per GKMP group), found with {@link ServiceLoader} so the GCKS does not depend on Ratis.
 */
public interface ReplicaHosting extends AutoCloseable {
    /**
     * One replica of the process group.
     *
     * @param id its Raft peer id (letters, digits, '-', '_')
     * @param raft where its replicas talk Raft to each other
     * @param frames its GCKS frame transport (where members are sent when it leads)
     */
    record Replica(String id, InetSocketAddress raft, InetSocketAddress frames) {
        public Replica {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(raft, "raft");
            Objects.requireNonNull(frames, "frames");
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("replica id " + id + ": 1-64 of letters, digits, '-', '_'");
            }
        }
    }

    /**
     * Mutual TLS between replicas (Raft traffic and the replicas' own Raft clients): PEM files of this
     * replica's certificate chain, its PKCS#8 private key, and the certificates it trusts (the
     * replicas' CA). Every replica presents its certificate and accepts only peers whose certificate
     * chains to a trusted one; certificates name the replica's Raft host (subject alternative name).
     */
    record Tls(Path certificate, Path privateKey, Path trust) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(trust, "trust");
        }
    }

    /**
     * How this process takes part.
     *
     * @param self this process's replica id (one of {@code replicas})
     * @param replicas every replica of the process's groups (the same list on every replica)
     * @param storage where this replica keeps its logs and snapshots
     * @param electionTimeoutMin the shortest election timeout (a leader's silence before a follower stands)
     * @param electionTimeoutMax the longest (randomised between the two)
     * @param tls mutual TLS between replicas, or null (plain gRPC: entries stay sealed under the master
     *     key, but anyone who reaches a Raft port can speak Raft to it)
     */
    record Settings(String self, List<Replica> replicas, Path storage, Duration electionTimeoutMin,
            Duration electionTimeoutMax, Tls tls) {
        /** Settings without TLS between replicas. */
        public Settings(String self, List<Replica> replicas, Path storage, Duration electionTimeoutMin, Duration electionTimeoutMax) {
            this(self, replicas, storage, electionTimeoutMin, electionTimeoutMax, null);
        }

        public Settings {
            Objects.requireNonNull(self, "self");
            replicas = List.copyOf(replicas);
            Objects.requireNonNull(storage, "storage");
            if (replicas.stream().noneMatch(r -> r.id().equals(self))) {
                throw new IllegalArgumentException("replica " + self + " is not among the replicas");
            }
            if (replicas.stream().map(Replica::id).distinct().count() != replicas.size()) {
                throw new IllegalArgumentException("replica ids must be distinct");
            }
            if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero() || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
                throw new IllegalArgumentException("election timeouts: 0 < min < max");
            }
        }

        /** This process's replica. */
        public Replica me() {
            return replicas.stream().filter(r -> r.id().equals(self)).findFirst().orElseThrow();
        }
    }

    /** Starts replica hosts; implemented by the replication module. */
    interface Factory {
        /**
         * Starts this process's replica host and recovers the replicas of {@code groups} found in
         * its storage. Entries and snapshots are sealed under {@code masterKey} (copied), which every
         * replica holds.
         *
         * @throws IOException the host cannot start (port, storage, a replica that does not recover)
         */
        ReplicaHosting start(CryptoProvider provider, SecretBytes masterKey, Settings settings, Collection<GkmpGroupId> groups)
                throws IOException;
    }

    /**
     * This host's replica of {@code id} over every configured replica, created with {@code policy}
     * by its first leader if the replicated log does not hold it yet, keeping the newest
     * {@code retainedMessages} rekey messages for resync.
     *
     * @throws IOException the replica cannot be opened
     */
    ReplicatedGroup open(GkmpGroupId id, GroupPolicy policy, int retainedMessages) throws IOException;

    /** Stops the host and every replica on it (storage kept). */
    @Override
    void close();

    /** The replication implementation on the class path, if there is one. */
    static Optional<Factory> find() {
        return ServiceLoader.load(Factory.class, ReplicaHosting.class.getClassLoader()).findFirst();
    }
}
