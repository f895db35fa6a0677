package org.gkm.replication;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.MembershipStore;
import org.gkm.gcks.server.ReplicaHosting;
import org.gkm.gcks.server.ReplicatedGroup;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;

/**
 * {@link ReplicaHosting} on Apache Ratis: one {@link ReplicaHost} (one Raft server, one port, one
 * storage root) per {@code gkm serve} process, and one Raft group per GKMP group over every
 * configured replica. GKMP group {@code n} is engine group {@code gkmp-n}, as in a single-node
 * store. Found by {@code gkm serve} through {@link java.util.ServiceLoader} ({@link Factory}).
 */
public final class RatisReplicaHosting implements ReplicaHosting {
    /** The {@link java.util.ServiceLoader} entry point. */
    public static final class Factory implements ReplicaHosting.Factory {
        @Override
        public ReplicaHosting start(CryptoProvider provider, SecretBytes masterKey, Settings settings,
                Collection<GkmpGroupId> groups) throws IOException {
            List<GroupId> engineGroups = groups.stream().map(RatisReplicaHosting::engineGroup).toList();
            ReplicatedGroupBackend.Options options = new ReplicatedGroupBackend.Options(settings.electionTimeoutMin(),
                    settings.electionTimeoutMax(), ReplicatedGroupBackend.Options.DEFAULT.requestTimeout());
            ReplicaHosting.Tls tls = settings.tls();
            ReplicaHost host = ReplicaHost.start(provider, masterKey, peer(settings.me()), settings.storage(), options,
                    engineGroups, tls == null ? null : new org.apache.ratis.grpc.GrpcTlsConfig(tls.privateKey().toFile(),
                            tls.certificate().toFile(), tls.trust().toFile(), true));
            return new RatisReplicaHosting(host, settings);
        }
    }

    private final ReplicaHost host;
    private final Settings settings;
    private final List<RaftPeer> peers;
    private final Map<GkmpGroupId, Replica> open = new ConcurrentHashMap<>();

    private RatisReplicaHosting(ReplicaHost host, Settings settings) {
        this.host = host;
        this.settings = settings;
        List<RaftPeer> ps = new ArrayList<>();
        for (ReplicaHosting.Replica r : settings.replicas()) {
            ps.add(peer(r));
        }
        this.peers = List.copyOf(ps);
    }

    static GroupId engineGroup(GkmpGroupId g) {
        return GroupId.of("gkmp-" + g.value());
    }

    private static RaftPeer peer(ReplicaHosting.Replica r) {
        return RaftPeer.newBuilder().setId(r.id()).setAddress(r.raft().getHostString() + ":" + r.raft().getPort()).build();
    }

    @Override
    public synchronized ReplicatedGroup open(GkmpGroupId id, GroupPolicy policy, int retainedMessages) throws IOException {
        Objects.requireNonNull(policy, "policy");
        if (open.containsKey(id)) {
            throw new IllegalStateException(id + " is open already");
        }
        GroupId g = engineGroup(id);
        RaftGroup raftGroup = ReplicatedGroupBackend.raftGroup(g, peers);
        ReplicatedGroupBackend backend = host.open(g, raftGroup);
        backend.stateMachine().retainMessages(retainedMessages);
        Replica r = new Replica(id, backend, policy);
        open.put(id, r);
        return r;
    }

    @Override
    public void close() {
        host.close();
    }

    @Override
    public String toString() {
        return "RatisReplicaHosting[" + settings.self() + ", " + open.size() + " group(s)]";
    }

    /** One GKMP group's replica on this host. */
    private final class Replica implements ReplicatedGroup {
        private final GkmpGroupId id;
        private final ReplicatedGroupBackend backend;
        private final GroupPolicy policy;

        Replica(GkmpGroupId id, ReplicatedGroupBackend backend, GroupPolicy policy) {
            this.id = id;
            this.backend = backend;
            this.policy = policy;
        }

        @Override
        public GkmpGroupId id() {
            return id;
        }

        @Override
        public GroupBackend backend() {
            return backend;
        }

        @Override
        public boolean readyToLead() {
            if (!backend.isReadyLeader()) {
                return false;
            }
            if (!backend.stateMachine().hasGroup()) {
                try {
                    backend.createGroup(policy, 1);
                } catch (BackendException e) {
                    // REFUSED: a predecessor's genesis committed meanwhile; anything else: not leading after all
                    if (e.reason() != BackendException.Reason.REFUSED || !backend.stateMachine().hasGroup()) {
                        return false;
                    }
                }
            }
            return backend.isReadyLeader();
        }

        @Override
        public boolean leads() {
            return backend.isLeader();
        }

        @Override
        public boolean handOff(java.time.Duration timeout) {
            return backend.transferLeadership(timeout);
        }

        @Override
        public Optional<InetSocketAddress> leaderFrames() {
            RaftPeerId leader = backend.leaderId();
            if (leader == null) {
                return Optional.empty();
            }
            return settings.replicas().stream().filter(r -> r.id().equals(leader.toString())).findFirst()
                    .map(ReplicaHosting.Replica::frames);
        }

        @Override
        public Membership committedMembership() {
            return backend.committedMembership();
        }

        @Override
        public MembershipStore membershipStore() {
            return backend.membershipStore();
        }
    }
}
