package org.gkm.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.NetUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;

/**
 * One Raft server of a GCKS process, hosting its replicas of several groups (Ratis multi-raft):
 * one port and one storage root (a subdirectory per Raft group) for every group the process
 * serves, each group its own Raft group with its own log, leader and {@link GroupStateMachine}.
 *
 * <p>The host knows which engine group each Raft group id stands for (the id is a hash of the
 * group id, see {@link ReplicatedGroupBackend#raftGroupId}): the groups named at {@link #start}
 * are recovered from the storage root when their directories exist, and {@link #open} adds a
 * group (recovering it, or formatting a new directory) and returns this host's replica of it.
 * Closing that replica removes the group from the server and keeps its storage, so the other
 * groups keep running and the group can be opened again; {@link #close()} stops the server and
 * every group on it.
 *
 * <p>Log compaction ({@link ReplicatedGroupBackend.Options#snapshotEvery}): a replica takes a
 * Ratis snapshot every so many entries and then purges its closed log segments up to it, without
 * waiting for slower replicas; a replica whose next entry is no longer in the leader's log (one
 * that was down long enough, or was wiped and re-added) is sent the leader's latest snapshot,
 * installs it and replays the log after it.
 *
 * <p>Thread-safe. The master key is copied and zeroed on {@link #close()}.
 */
public final class ReplicaHost implements AutoCloseable {
    private final CryptoProvider provider;
    private final SecretBytes masterKey;
    private final RaftPeer self;
    private final Path storageRoot;
    private final ReplicatedGroupBackend.Options options;
    private final RaftProperties properties;
    /** Mutual TLS of the Raft server and of this host's clients (empty parameters: plain gRPC). */
    private final Parameters parameters;
    private final Map<RaftGroupId, GroupId> groups = new ConcurrentHashMap<>();
    private final Map<RaftGroupId, ReplicatedGroupBackend> open = new ConcurrentHashMap<>();
    private final ClientId adminClient = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private RaftServer server;
    private boolean closed;

    private ReplicaHost(CryptoProvider provider, SecretBytes masterKey, RaftPeer self, Path storageRoot,
            ReplicatedGroupBackend.Options options, GrpcTlsConfig tls) {
        this.provider = provider;
        byte[] raw = masterKey.toByteArray(InsecureSecretAccess.get());
        try {
            this.masterKey = SecretBytes.copyOf(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        this.self = self;
        this.storageRoot = storageRoot;
        this.options = options;
        this.properties = properties(self, storageRoot, options);
        this.parameters = new Parameters();
        if (tls != null) {
            // the server port (Raft between replicas), and this host's Raft clients and admin calls
            GrpcConfigKeys.Server.setTlsConf(parameters, tls);
            GrpcConfigKeys.Client.setTlsConf(parameters, tls);
            GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
        }
    }

    /**
     * Starts the Raft server of peer {@code self} (listening on the port of its address, storage
     * under {@code storageRoot}) and recovers the replicas of {@code groups} found there. Log
     * entries and snapshots of every group are sealed under {@code masterKey}, the store barrier's
     * master key (copied; see {@link EntryBarrier}). Replicas are reached through {@link #open}.
     *
     * @throws IOException if the server cannot start (port, storage)
     */
    public static ReplicaHost start(CryptoProvider provider, SecretBytes masterKey, RaftPeer self, Path storageRoot,
            ReplicatedGroupBackend.Options options, Collection<GroupId> groups) throws IOException {
        return start(provider, masterKey, self, storageRoot, options, groups, null);
    }

    /**
     * As {@link #start(CryptoProvider, SecretBytes, RaftPeer, Path, ReplicatedGroupBackend.Options, Collection)},
     * with mutual TLS between replicas when {@code tls} is not null: the server presents its
     * certificate and accepts only peers whose certificates its trust store signed, and this
     * host's clients do the same towards the other replicas.
     */
    public static ReplicaHost start(CryptoProvider provider, SecretBytes masterKey, RaftPeer self, Path storageRoot,
            ReplicatedGroupBackend.Options options, Collection<GroupId> groups, GrpcTlsConfig tls) throws IOException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(storageRoot, "storageRoot");
        Objects.requireNonNull(options, "options");
        ReplicaHost host = new ReplicaHost(provider, Objects.requireNonNull(masterKey, "masterKey"), self, storageRoot,
                options, tls);
        for (GroupId g : groups) {
            host.register(g);
        }
        try {
            host.server = RaftServer.newBuilder().setServerId(self.getId()).setProperties(host.properties).setParameters(host.parameters)
                    .setStateMachineRegistry(host::newStateMachine).setOption(RaftStorage.StartupOption.RECOVER).build();
            host.server.start();
            return host;
        } catch (CompletionException e) {
            // Ratis recovers the groups found under the storage root in parallel, and reports a
            // group that does not recover (a snapshot that does not open) this way
            IOException io = new IOException("replica host " + self.getId() + " could not recover its groups: "
                    + (e.getCause() == null ? e : e.getCause().getMessage()), e.getCause() == null ? e : e.getCause());
            try {
                host.close();
            } catch (RuntimeException closing) {
                io.addSuppressed(closing);
            }
            throw io;
        } catch (IOException | RuntimeException e) {
            try {
                host.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static RaftProperties properties(RaftPeer self, Path storageRoot, ReplicatedGroupBackend.Options options) {
        InetSocketAddress address = NetUtils.createSocketAddr(self.getAddress());
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(storageRoot.toFile()));
        GrpcConfigKeys.Server.setHost(p, address.getHostString());
        GrpcConfigKeys.Server.setPort(p, address.getPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(options.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(options.electionTimeoutMax().toMillis()));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(options.requestTimeout().toMillis()));
        // Ratis waits 10 ms between appends by default, which was most of a commit's latency on
        // loopback (docs/performance-notes.md, "Replicated commit latency")
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, millis(options.appendWait().toMillis()));

        // Log compaction. Only closed segments are purged, hence the bounded segment size; the purge
        // gap of 1 purges on every snapshot; purging up to the snapshot does not wait for lagging
        // replicas, which the leader then brings up to date with its snapshot (Ratis sends the
        // files of GroupStateMachine's storage; installing snapshots is Ratis' default).
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(options.logSegmentBytes()));
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // a snapshot on request is taken whenever something was applied since the last one
        RaftServerConfigKeys.Snapshot.setCreationGap(p, 1);
        if (options.snapshotEvery() > 0) {
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, options.snapshotEvery());
        }
        return p;
    }

    private static TimeDuration millis(long ms) {
        return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
    }

    /** The Ratis parameters (TLS) this host's server and its replicas' clients use. */
    Parameters parameters() {
        return parameters;
    }

    /** The Ratis properties this host's server and its replicas' clients use. */
    RaftProperties properties() {
        return properties;
    }

    private void register(GroupId group) {
        RaftGroupId id = ReplicatedGroupBackend.raftGroupId(group);
        GroupId known = groups.putIfAbsent(id, group);
        if (known != null && !known.equals(group)) {
            throw new IllegalArgumentException("Raft group " + id + " is already group " + known);
        }
    }

    /** Ratis' state machine registry: one state machine per hosted Raft group, made on demand. */
    private GroupStateMachine newStateMachine(RaftGroupId id) {
        GroupId group = groups.get(id);
        if (group == null) {
            throw new IllegalArgumentException("Raft group " + id + " is not hosted by " + self.getId());
        }
        return new GroupStateMachine(provider, group, masterKey);
    }

    /** This host's peer id. */
    public RaftPeerId peerId() {
        return self.getId();
    }

    /** The Raft server (every hosted group's division). */
    RaftServer server() {
        return server;
    }

    /**
     * This host's replica of {@code group} in {@code raftGroup} (which must name this host's
     * peer): the group is recovered from its directory under the storage root, or added with a
     * new one. The group itself exists once a leader {@link ReplicatedGroupBackend#createGroup}s
     * it (or the recovered log holds its genesis).
     *
     * @throws IllegalStateException if the group is open already or the host is closed
     * @throws IOException if Ratis cannot add the group
     */
    public synchronized ReplicatedGroupBackend open(GroupId group, RaftGroup raftGroup) throws IOException {
        return open(group, raftGroup, false);
    }

    synchronized ReplicatedGroupBackend open(GroupId group, RaftGroup raftGroup, boolean ownsHost) throws IOException {
        if (closed) {
            throw new IllegalStateException("replica host " + self.getId() + " is closed");
        }
        Objects.requireNonNull(group, "group");
        RaftGroupId id = raftGroup.getGroupId();
        if (!id.equals(ReplicatedGroupBackend.raftGroupId(group))) {
            throw new IllegalArgumentException("Raft group " + id + " is not the group of " + group);
        }
        RaftPeer me = raftGroup.getPeer(self.getId());
        if (me == null || !Objects.equals(me.getAddress(), self.getAddress())) {
            throw new IllegalArgumentException("peer " + self + " is not in " + id);
        }
        if (open.containsKey(id)) {
            throw new IllegalStateException("group " + group + " is open on " + self.getId());
        }
        register(group);
        boolean hosted = false;
        for (RaftGroupId g : server.getGroupIds()) {
            hosted |= g.equals(id);
        }
        if (!hosted) {
            boolean format = !Files.isDirectory(storageRoot.resolve(id.getUuid().toString()));
            RaftClientReply reply = server.groupManagement(
                    GroupManagementRequest.newAdd(adminClient, self.getId(), callIds.incrementAndGet(), raftGroup, format));
            if (!reply.isSuccess()) {
                throw new IOException("adding group " + group + " to " + self.getId() + " failed", reply.getException());
            }
        }
        GroupStateMachine machine = (GroupStateMachine) server.getDivision(id).getStateMachine();
        ReplicatedGroupBackend backend = ReplicatedGroupBackend.onHost(provider, group, raftGroup, this, machine, options,
                ownsHost);
        open.put(id, backend);
        return backend;
    }

    /**
     * Called by a closing replica: removes its group from the server (storage kept), or with
     * {@code stopHost} stops the whole host.
     */
    void release(RaftGroupId id, boolean stopHost) {
        if (stopHost) {
            open.remove(id);
            close();
            return;
        }
        synchronized (this) {
            if (open.remove(id) == null || closed) {
                return;
            }
            try {
                RaftClientReply reply = server.groupManagement(GroupManagementRequest.newRemove(adminClient, self.getId(),
                        callIds.incrementAndGet(), id, false, false));
                if (!reply.isSuccess()) {
                    throw new UncheckedIOException(new IOException("removing Raft group " + id + " from " + self.getId()
                            + " failed", reply.getException()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("removing Raft group " + id + " from " + self.getId(), e);
            }
        }
    }

    /** Stops the server, and so every hosted replica (storage kept); zeroes the master key. Idempotent. */
    @Override
    public void close() {
        List<ReplicatedGroupBackend> replicas;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            replicas = new ArrayList<>(open.values());
            open.clear();
        }
        RuntimeException failure = null;
        for (ReplicatedGroupBackend r : replicas) {
            try {
                r.closeClient();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            UncheckedIOException u = new UncheckedIOException("closing replica host " + self.getId(), e);
            if (failure != null) {
                u.addSuppressed(failure);
            }
            failure = u;
        } finally {
            masterKey.destroy();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ReplicaHost[" + self.getId() + ", groups " + groups.values() + "]";
    }
}
