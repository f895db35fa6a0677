package org.gkm.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.BackendException;
import org.gkm.gcks.server.CommittedRekey;
import org.gkm.gcks.server.GroupBackend;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gcks.server.Membership;
import org.gkm.gcks.server.MembershipStore;
import org.gkm.rekey.AuthorizationException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.InitiatorView;
import org.gkm.rekey.KeyTree;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;

/**
 * A {@link GroupBackend} replicated by Apache Ratis: this object is one replica of a group whose
 * key server state is the {@link GroupStateMachine} every replica of the Raft group builds from the
 * same committed log.
 *
 * <p><b>Writes: only the leader plans.</b> A join, leave, batch, TEK change or member-initiated
 * change on the leader is planned on its committed state (the fresh keys come from the leader's
 * CSPRNG and never from a follower's), sealed with the GCKS signing key, encoded as a
 * {@link ReplicatedEntry} and submitted through a Raft client to the local server. The call returns
 * the {@link CommittedRekey} only after the entry is committed by a majority and applied here (the
 * Raft reply is sent after the leader's state machine applied the entry), which is the commit rule
 * of {@link GroupBackend}: acknowledge, then publish. An entry the state machine refuses as stale
 * (planned on a state the log had moved past: a new leader still applying its predecessor's tail)
 * changed nothing anywhere and is planned again on the now current state, at most
 * {@value #PLAN_ATTEMPTS} times. On a follower every write is refused with
 * {@link BackendException.Reason#NOT_LEADER} naming the leader's peer id and address; if the commit
 * is not confirmed within the request timeout (no majority reachable), the write fails with
 * {@link BackendException.Reason#NOT_CONFIRMED}: the entry may still commit.
 *
 * <p><b>Membership.</b> What the hosting GCKS knows beyond the key tree (its {@link Membership}:
 * who holds which tree member id, confirmed registrations, sender ids, barred identities, key ids
 * reserved) is replicated too, as versioned {@link ReplicatedEntry.Kind#MEMBERSHIP} entries:
 * {@link #membershipStore()} saves through Raft on the leader under the same commit rule, and
 * {@link #committedMembership()} reads the committed one on any replica, so a new leader knows
 * who holds which member id.
 *
 * <p><b>Reads</b> ({@link #messagesSince}, the path, views, fingerprint, sequence, membership) are
 * served by any replica from its committed state; a follower may lag the leader by the entries in
 * flight.
 *
 * <p><b>Storage and compaction.</b> Ratis keeps the log and snapshots under the replica's storage
 * directory; a replica restarted on it loads its latest snapshot, replays the log after it and
 * catches up from the leader. Every {@link Options#snapshotEvery} entries (and on
 * {@link #snapshot()}) a replica snapshots its state and purges its log up to the snapshot, so a
 * replica behind the leader's purged log is sent the leader's snapshot, installs it and replays the
 * tail; a replica whose storage was lost leaves and rejoins through {@link #setReplicas}. Entries
 * and snapshots are sealed ({@link EntryBarrier}). A process may host the replicas of several
 * groups on one Raft server ({@link ReplicaHost}); {@link #start} runs one group on a server of its
 * own.
 *
 * <p>Thread-safe as {@link GroupBackend} asks: writes are serialised by the caller's per-group lock
 * (and are safe without it: a concurrent plan that lost the race is planned again).
 */
public final class ReplicatedGroupBackend implements GroupBackend {
    /** How often a write is planned again after its entry was refused as stale. */
    static final int PLAN_ATTEMPTS = 3;
    private static final long READY_POLL_MILLIS = 10;

    /**
     * Raft timing and log compaction.
     *
     * @param electionTimeoutMin a follower that hears no leader for a random time in [min, max]
     *     stands for election
     * @param electionTimeoutMax see {@code electionTimeoutMin}
     * @param requestTimeout how long a write waits for its commit before {@code NOT_CONFIRMED}
     * @param snapshotEvery a replica takes a Ratis snapshot after this many applied entries and
     *     then purges its log up to it; 0: only when asked ({@link ReplicatedGroupBackend#snapshot})
     *     or when the server stops (a snapshot taken on request purges the log all the same)
     * @param logSegmentBytes the size at which a Ratis log segment is closed; only closed segments
     *     are purged, so this bounds the log a snapshot leaves behind
     * @param appendWait the least time the leader leaves between two appends to a follower (Ratis'
     *     {@code raft.server.log.appender.wait-time.min}); zero (the default here) sends each entry
     *     at once, so a commit costs a round trip and a sync, not a wait; Ratis' own default of
     *     10 ms batches more entries per append at the price of that latency
     */
    public record Options(Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout,
            long snapshotEvery, long logSegmentBytes, Duration appendWait) {
        /** A snapshot every 1024 entries, in log segments of 1 MiB. */
        public static final long DEFAULT_SNAPSHOT_EVERY = 1024;
        /** See {@link #DEFAULT_SNAPSHOT_EVERY}. */
        public static final long DEFAULT_LOG_SEGMENT_BYTES = 1 << 20;
        /** The smallest segment size accepted (Ratis' write buffer must fit an entry). */
        public static final long MIN_LOG_SEGMENT_BYTES = 8 << 10;

        /** Elections after 1 to 2 s of silence; a write waits up to 10 s for its commit. */
        public static final Options DEFAULT = new Options(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(10));

        public Options {
            Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
            Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero()
                    || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0 || requestTimeout.isNegative()
                    || requestTimeout.isZero()) {
                throw new IllegalArgumentException("need 0 < electionTimeoutMin < electionTimeoutMax and a positive requestTimeout");
            }
            if (snapshotEvery < 0 || logSegmentBytes < MIN_LOG_SEGMENT_BYTES) {
                throw new IllegalArgumentException("need snapshotEvery >= 0 and logSegmentBytes >= " + MIN_LOG_SEGMENT_BYTES);
            }
            Objects.requireNonNull(appendWait, "appendWait");
            if (appendWait.isNegative() || appendWait.compareTo(electionTimeoutMin) >= 0) {
                throw new IllegalArgumentException("need 0 <= appendWait < electionTimeoutMin");
            }
        }

        /** These timeouts with the default snapshot and segment sizes, and no append wait. */
        public Options(Duration electionTimeoutMin, Duration electionTimeoutMax, Duration requestTimeout) {
            this(electionTimeoutMin, electionTimeoutMax, requestTimeout, DEFAULT_SNAPSHOT_EVERY, DEFAULT_LOG_SEGMENT_BYTES,
                    Duration.ZERO);
        }

        /** These options with another snapshot interval and segment size. */
        public Options withLogCompaction(long snapshotEvery, long logSegmentBytes) {
            return new Options(electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotEvery, logSegmentBytes, appendWait);
        }

        /** These options with another append wait ({@link #appendWait()}). */
        public Options withAppendWait(Duration appendWait) {
            return new Options(electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotEvery, logSegmentBytes, appendWait);
        }
    }

    private final CryptoProvider provider;
    private final GroupId group;
    private final RaftGroup raftGroup;
    private final RaftPeerId self;
    private final ReplicaHost host;
    private final boolean ownsHost;
    private final RaftServer server;
    private final RaftClient client;
    private final AtomicBoolean clientClosed = new AtomicBoolean();
    private final GroupStateMachine machine;
    private final Duration requestTimeout;
    /** Serialises this replica's membership saves: each is versioned on the committed state and waits for its commit. */
    private final Object membershipLock = new Object();
    private final MembershipStore membershipStore = this::commitMembership;

    private ReplicatedGroupBackend(CryptoProvider provider, GroupId group, RaftGroup raftGroup, ReplicaHost host,
            boolean ownsHost, RaftClient client, GroupStateMachine machine, Duration requestTimeout) {
        this.provider = provider;
        this.group = group;
        this.raftGroup = raftGroup;
        this.self = host.peerId();
        this.host = host;
        this.ownsHost = ownsHost;
        this.server = host.server();
        this.client = client;
        this.machine = machine;
        this.requestTimeout = requestTimeout;
    }

    /** The replica of {@code group} on {@code host}, whose server runs its Raft group already. */
    static ReplicatedGroupBackend onHost(CryptoProvider provider, GroupId group, RaftGroup raftGroup, ReplicaHost host,
            GroupStateMachine machine, Options options, boolean ownsHost) {
        // the local server only: a plan is made on this replica's state and submitted here; on a
        // lost leadership the request fails (NotLeaderException) instead of following the leader
        RaftClient client = RaftClient.newBuilder().setProperties(host.properties()).setParameters(host.parameters())
                .setRaftGroup(raftGroup)
                .setLeaderId(host.peerId()).setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry())
                .build();
        return new ReplicatedGroupBackend(provider, group, raftGroup, host, ownsHost, client, machine,
                options.requestTimeout());
    }

    /**
     * The Raft group id of engine group {@code group}: a name-based UUID of its id bytes (an
     * identifier, not a secret or a security boundary).
     */
    public static RaftGroupId raftGroupId(GroupId group) {
        byte[] label = "gkm replicated group v1:".getBytes(StandardCharsets.US_ASCII);
        byte[] id = group.value();
        byte[] name = Arrays.copyOf(label, label.length + id.length);
        System.arraycopy(id, 0, name, label.length, id.length);
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name));
    }

    /** The Raft group of {@code group} over {@code peers}. */
    public static RaftGroup raftGroup(GroupId group, List<RaftPeer> peers) {
        return RaftGroup.valueOf(raftGroupId(group), peers);
    }

    /**
     * Starts replica {@code self} of {@code raftGroup} on a Raft server of its own (a
     * {@link ReplicaHost} of this one group, which closing the replica stops): it listens on the
     * port of its peer address and keeps its log and snapshots under {@code storageDir} (created
     * if new, recovered if it holds this peer's log, formatted for the group if empty). Log
     * entries and snapshots are sealed under {@code masterKey}, the store barrier's master key,
     * which every replica of the group holds ({@link EntryBarrier}; copied). The group itself
     * exists once a leader {@link #createGroup}s it (or the recovered log holds its genesis).
     * Several groups share one server through {@link ReplicaHost#open}.
     *
     * @throws IOException if the server cannot start (port, storage)
     */
    public static ReplicatedGroupBackend start(CryptoProvider provider, GroupId group, SecretBytes masterKey,
            RaftGroup raftGroup, RaftPeerId self, Path storageDir, Options options) throws IOException {
        Objects.requireNonNull(group, "group");
        RaftPeer me = raftGroup.getPeer(self);
        if (me == null) {
            throw new IllegalArgumentException("peer " + self + " is not in " + raftGroup.getGroupId());
        }
        if (!raftGroup.getGroupId().equals(raftGroupId(group))) {
            throw new IllegalArgumentException("Raft group " + raftGroup.getGroupId() + " is not the group of " + group);
        }
        ReplicaHost host = ReplicaHost.start(provider, masterKey, me, storageDir, options, List.of(group));
        try {
            return host.open(group, raftGroup, true);
        } catch (IOException | RuntimeException e) {
            try {
                host.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- replica and leadership

    /** This replica's peer id. */
    public RaftPeerId peerId() {
        return self;
    }

    /** The state machine (committed state) of this replica. */
    public GroupStateMachine stateMachine() {
        return machine;
    }

    private DivisionInfo info() {
        try {
            return server.getDivision(raftGroup.getGroupId()).getInfo();
        } catch (IOException e) {
            throw new UncheckedIOException("Raft group " + raftGroup.getGroupId() + " is not served here", e);
        }
    }

    /** Whether this replica is its Raft group's leader now (it may lose that at any time). */
    public boolean isLeader() {
        return info().isLeader();
    }

    /**
     * Whether this replica leads, is ready (its first entry of the term committed) and has applied
     * everything committed: its state then includes every entry of earlier terms, so a GCKS may
     * plan and restore the membership on it.
     */
    public boolean isReadyLeader() {
        try {
            RaftServer.Division d = server.getDivision(raftGroup.getGroupId());
            DivisionInfo info = d.getInfo();
            return info.isLeader() && info.isLeaderReady()
                    && info.getLastAppliedIndex() >= d.getRaftLog().getLastCommittedIndex();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Hands the lead to another replica (a leader stopping cleanly): Ratis brings the chosen
     * follower up to date and has it stand for election at once, so the group has a new leader
     * without waiting out an election timeout. Tries the other replicas in turn.
     *
     * @return whether another replica leads now; false if this one did not lead or none took over within {@code timeout} each
     */
    public boolean transferLeadership(Duration timeout) {
        DivisionInfo info = info();
        if (!info.isLeader()) {
            return false;
        }
        // the followers heard from most recently first: a replica that is down would cost a timeout
        List<RaftPeerId> followers = new java.util.ArrayList<>();
        java.util.Map<RaftPeerId, Long> elapsed = new java.util.HashMap<>();
        RaftProtos.RoleInfoProto role = info.getRoleInfoProto();
        if (role.hasLeaderInfo()) {
            for (RaftProtos.ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                elapsed.put(RaftPeerId.valueOf(f.getId().getId()), f.getLastRpcElapsedTimeMs());
            }
        }
        for (RaftPeer p : raftGroup.getPeers()) {
            if (!p.getId().equals(self)) {
                followers.add(p.getId());
            }
        }
        followers.sort(java.util.Comparator.comparingLong(id -> elapsed.getOrDefault(id, Long.MAX_VALUE)));
        for (RaftPeerId f : followers) {
            try {
                if (client.admin().transferLeadership(f, timeout.toMillis()).isSuccess()) {
                    return true;
                }
            } catch (IOException e) {
                // that follower could not take over (down, behind): the next one may
            }
        }
        return false;
    }

    /** The leader this replica knows of, or null. */
    public RaftPeerId leaderId() {
        return info().getLeaderId();
    }

    /**
     * Returns when this replica leads and is ready (its first entry of the term is committed), waiting
     * for readiness at most the request timeout.
     */
    private void requireLeader() throws BackendException {
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        while (true) {
            DivisionInfo info = info();
            if (!info.isLeader()) {
                throw notLeader(info.getLeaderId());
            }
            if (info.isLeaderReady()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw notConfirmed("the leader did not become ready", null);
            }
            try {
                Thread.sleep(READY_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw notConfirmed("interrupted", e);
            }
        }
    }

    private BackendException notLeader(RaftPeerId leader) {
        String where;
        if (leader == null || leader.equals(self)) {
            where = "no leader is known yet";
        } else {
            RaftPeer p = raftGroup.getPeer(leader);
            where = "the leader is " + leader + (p != null && p.getAddress() != null ? " at " + p.getAddress() : "");
        }
        return new BackendException(BackendException.Reason.NOT_LEADER,
                "replica " + self + " of group " + group + " is not the leader: " + where, null);
    }

    /**
     * Takes a Ratis snapshot of this replica's committed state ({@link GroupStateMachine#takeSnapshot})
     * through Ratis, and purges the log up to it (closed segments only); a restart then replays
     * only the log after it, and a replica that needs the purged entries is sent the snapshot.
     *
     * @return the log index the snapshot covers
     * @throws IOException if Ratis refuses or fails
     */
    public long snapshot() throws IOException {
        RaftClientReply reply = client.getSnapshotManagementApi(self).create(true, requestTimeout.toMillis());
        if (!reply.isSuccess()) {
            throw new IOException("snapshot of replica " + self + " failed", reply.getException());
        }
        return reply.getLogIndex();
    }

    /**
     * The first index in this replica's Raft log (0 before any purge): entries before it are only
     * in the snapshot, so a replica that needs them is sent the snapshot.
     */
    long logStartIndex() {
        try {
            return server.getDivision(raftGroup.getGroupId()).getRaftLog().getStartIndex();
        } catch (IOException e) {
            throw new UncheckedIOException("Raft group " + raftGroup.getGroupId() + " is not served here", e);
        }
    }

    /**
     * Changes the group's replicas to {@code peers} (leader only; Raft's joint consensus, through
     * Ratis). Returns once the new configuration is committed; a peer added is brought up to date
     * first, from the leader's log or, when that is purged, by installing the leader's snapshot.
     *
     * <p>A replica whose storage was lost must be removed this way before it returns on empty
     * storage, and added again after: Raft assumes a replica keeps what it acknowledged, so the
     * leader would go on sending a wiped replica only what follows its old match index, and a
     * wiped voter could help elect a leader that misses committed entries.
     *
     * @throws BackendException {@code NOT_LEADER} if this replica does not lead (nothing sent), or
     *     {@code NOT_CONFIRMED} if the change was not committed in time or leadership was lost
     *     meanwhile (it may still be)
     */
    public void setReplicas(List<RaftPeer> peers) throws BackendException {
        requireLeader();
        RaftClientReply reply;
        try {
            reply = client.admin().setConfiguration(List.copyOf(peers));
        } catch (NotLeaderException e) {
            throw lostLeadership(e);
        } catch (IOException e) {
            throw notConfirmed("reconfiguration: " + e.getClass().getSimpleName(), e);
        }
        if (reply.getNotLeaderException() != null) {
            throw lostLeadership(reply.getNotLeaderException());
        }
        if (!reply.isSuccess()) {
            throw notConfirmed("reconfiguration: " + (reply.getException() == null ? "failed"
                    : reply.getException().getClass().getSimpleName()), reply.getException());
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates the group (leader only): a new empty key server and GCKS signing key, made here with
     * this replica's CSPRNG, replicated as the log's genesis entry. Returns once committed and
     * applied here.
     *
     * @throws BackendException {@code NOT_LEADER}; {@code REFUSED} if the group exists;
     *     {@code NOT_CONFIRMED} if the commit was not confirmed in time
     */
    public void createGroup(GroupPolicy policy, long epoch) throws BackendException {
        requireLeader();
        byte[] bytes = machine.genesisEntry(policy, epoch);
        ApplyOutcome outcome = submit(bytes);
        if (!outcome.applied()) {
            throw new BackendException(BackendException.Reason.REFUSED, "group " + group + ": " + outcome.reason(), null);
        }
    }

    /** Submits entry bytes (zeroed here) and waits for the local state machine's outcome. */
    private ApplyOutcome submit(byte[] entry) throws BackendException {
        RaftClientReply reply;
        try {
            Message m = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry.clone()));
            Arrays.fill(entry, (byte) 0);
            reply = client.async().send(m).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notConfirmed("interrupted", e);
        } catch (TimeoutException e) {
            throw notConfirmed("no commit within " + requestTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            NotLeaderException nle = cause(e, NotLeaderException.class);
            if (nle != null) {
                throw lostLeadership(nle);
            }
            if (cause(e, LeaderNotReadyException.class) != null) {
                // refused before it was appended: nothing committed
                throw new BackendException(BackendException.Reason.NOT_LEADER,
                        "replica " + self + " of group " + group + " leads but is not ready yet", e);
            }
            throw notConfirmed(e.getCause() == null ? e.toString() : e.getCause().getClass().getSimpleName(), e);
        }
        if (reply.getNotLeaderException() != null) {
            throw lostLeadership(reply.getNotLeaderException());
        }
        if (!reply.isSuccess()) {
            throw notConfirmed(reply.getException() == null ? "request failed"
                    : reply.getException().getClass().getSimpleName(), reply.getException());
        }
        try {
            return ApplyOutcome.decode(reply.getMessage().getContent().toByteArray());
        } catch (MalformedChangeException e) {
            throw notConfirmed("unreadable apply outcome", e);
        }
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /**
     * Ratis answers NotLeaderException also to requests its server had appended before it stepped
     * down, and such an entry may still commit under the next leader: after submission this is
     * {@code NOT_CONFIRMED}, never {@code NOT_LEADER} (which promises that nothing committed).
     */
    private BackendException lostLeadership(NotLeaderException e) {
        RaftPeer suggested = e.getSuggestedLeader();
        return notConfirmed("replica " + self + " is no longer the leader"
                + (suggested == null ? "" : "; the leader is " + suggested.getId() + " at " + suggested.getAddress()), e);
    }

    private BackendException notConfirmed(String why, Throwable cause) {
        return new BackendException(BackendException.Reason.NOT_CONFIRMED,
                "group " + group + ": the commit was not confirmed (" + why + "); it may still commit", cause);
    }

    /** The commit rule on the leader: plan, submit, and return once applied; replan a stale plan. */
    private CommittedRekey commit(GroupStateMachine.Planner op) throws BackendException {
        for (int attempt = 1; ; attempt++) {
            requireLeader();
            GroupStateMachine.Proposal p;
            try {
                p = machine.propose(op);
            } catch (UnknownMemberException e) {
                throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
            } catch (AuthorizationException e) {
                throw new BackendException(BackendException.Reason.NOT_AUTHORIZED, e.getMessage(), e);
            } catch (RekeyEngineException e) {
                throw new BackendException(BackendException.Reason.REFUSED, e.getMessage(), e);
            }
            ApplyOutcome outcome = submit(p.entry());
            if (outcome.applied() && outcome.sequence() == p.sequence()) {
                return new CommittedRekey(p.sequence(), p.message(), p.downloads(), p.plan());
            }
            if (attempt == PLAN_ATTEMPTS) {
                throw new BackendException(BackendException.Reason.REFUSED,
                        "group " + group + ": entry " + p.sequence() + " refused: " + outcome.reason(), null);
            }
        }
    }

    // ---------------------------------------------------------------- membership

    /**
     * The group's membership store, replicated: {@link MembershipStore#save} replaces the group's
     * membership through Raft and returns once the entry is committed by a majority and applied
     * here, as the rekey writes do ({@code NOT_LEADER} on a follower, {@code NOT_CONFIRMED} if the
     * commit is not confirmed in time: it may still commit). For a hosted group:
     * {@code new GroupPersistence(backend.committedMembership(), backend.membershipStore(), log)}.
     *
     * <p>Concurrent saves: a save is versioned on the committed state (the committed version + 1)
     * and saves on this replica are serialised, each waiting for its commit, so they commit in the
     * order they took the lock and the last one wins. A save whose version the log had already
     * given away (a new leader still applying its predecessor's tail) is refused as stale on every
     * replica, changes nothing, and is versioned again on the now current state, at most
     * {@value #PLAN_ATTEMPTS} times; it then replaces the predecessor's membership, as the later
     * save.
     */
    public MembershipStore membershipStore() {
        return membershipStore;
    }

    /**
     * This replica's committed membership ({@link Membership#empty()} before the first save); any
     * replica, which may lag the leader by the entries in flight.
     */
    public Membership committedMembership() {
        return machine.membership();
    }

    /** The version of this replica's committed membership, 0 before the first save. */
    public long membershipVersion() {
        return machine.membershipVersion();
    }

    /**
     * Saves {@code m} as the group's membership (leader only) and returns the version it committed
     * at; see {@link #membershipStore()}.
     */
    long commitMembership(Membership m) throws BackendException {
        Objects.requireNonNull(m, "membership");
        synchronized (membershipLock) {
            for (int attempt = 1; ; attempt++) {
                requireLeader();
                GroupStateMachine.MembershipProposal p;
                try {
                    p = machine.proposeMembership(m);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new BackendException(BackendException.Reason.REFUSED,
                            "group " + group + ": membership not saved: " + e.getMessage(), e);
                }
                ApplyOutcome outcome = submit(p.entry());
                if (outcome.applied() && outcome.sequence() == p.version()) {
                    return p.version();
                }
                if (attempt == PLAN_ATTEMPTS) {
                    throw new BackendException(BackendException.Reason.REFUSED,
                            "group " + group + ": membership version " + p.version() + " refused: " + outcome.reason(), null);
                }
            }
        }
    }

    @Override
    public CommittedRekey join(ClientKeys joiner) throws BackendException {
        return commit(s -> s.planJoin(Requester.owner(), joiner));
    }

    @Override
    public CommittedRekey leave(int memberId) throws BackendException {
        return commit(s -> s.planLeaves(Requester.owner(), new int[] {memberId}));
    }

    @Override
    public CommittedRekey batch(List<ClientKeys> joiners, int[] leavers) throws BackendException {
        if (joiners.isEmpty() && leavers.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        List<ClientKeys> js = List.copyOf(joiners);
        int[] ls = leavers.clone();
        return commit(s -> s.planBatch(Requester.owner(), js, ls));
    }

    @Override
    public CommittedRekey changeTek() throws BackendException {
        return commit(s -> s.planTekChange(Requester.owner()));
    }

    @Override
    public CommittedRekey memberRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws BackendException {
        byte[] m = sealed.clone();
        return commit(s -> s.planIngestRemove(requester, initiatorKey, target, m));
    }

    @Override
    public CommittedRekey memberAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws BackendException {
        byte[] m = sealed.clone();
        return commit(s -> s.planIngestAdd(requester, initiatorKey, joiner, m));
    }

    // ---------------------------------------------------------------- reads (any replica)

    @Override
    public GroupId group() {
        return group;
    }

    @Override
    public GroupPolicy policy() {
        return machine.read((s, k) -> s.policy());
    }

    @Override
    public byte[] removalView(int memberId) throws BackendException {
        try {
            return machine.read((s, k) -> InitiatorView.forRemoval(s, memberId).sign(provider,
                    s.policy().signatureAlgorithm(), k.privateKey()));
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public byte[] joinView() {
        return machine.read((s, k) -> InitiatorView.forJoin(s).sign(provider, s.policy().signatureAlgorithm(),
                k.privateKey()));
    }

    @Override
    public MessagesSince messagesSince(long after, int max) {
        return machine.messagesSince(after, max);
    }

    @Override
    public byte[] sealedPath(int memberId) throws BackendException {
        try {
            return machine.sealedPath(memberId);
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public ClientKeys clientKeys(int memberId) throws BackendException {
        try {
            return machine.read((s, k) -> s.clientKeys(memberId));
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public org.gkm.rekey.delegation.SubtreeReport subtreeReport(org.gkm.rekey.delegation.SubtreeLink link, boolean parentHybrid) {
        return machine.read((s, k) -> new org.gkm.rekey.delegation.DelegatedSubtree(s, link, parentHybrid).report());
    }

    @Override
    public GroupAuthKey authKey() {
        return machine.read((s, k) -> s.authKey());
    }

    @Override
    public long sequence() {
        return machine.read((s, k) -> s.sequence());
    }

    @Override
    public long epoch() {
        return machine.read((s, k) -> s.epoch());
    }

    @Override
    public byte[] fingerprint() {
        return machine.read((s, k) -> s.fingerprint());
    }

    @Override
    public PublicKey signingPublicKey() {
        return machine.read((s, k) -> k.publicKey());
    }

    @Override
    public String tekFingerprint() {
        SecretBytes tek = machine.read((s, k) -> s.tek());
        try {
            return InMemoryGroupBackend.tekFingerprint(tek);
        } finally {
            tek.destroy();
        }
    }

    @Override
    public int[] memberIds() {
        return machine.read((s, k) -> memberIds(s.tree()));
    }

    private static int[] memberIds(KeyTree tree) {
        int[] out = new int[tree.memberCount()];
        int n = 0;
        for (int node = tree.firstLeaf(); node < tree.nodeCount() && n < out.length; node++) {
            int m = tree.memberAt(node);
            if (m >= 0) {
                out[n++] = m;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * Stops this replica: its Raft client, and its group on the host's server (the storage stays).
     * A replica {@link #start}ed on a server of its own stops that server; one opened on a shared
     * {@link ReplicaHost} leaves the host's other groups running. Idempotent.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            closeClient();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            host.release(raftGroup.getGroupId(), ownsHost);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes the Raft client (once; the host closes it too when it stops). */
    void closeClient() {
        if (!clientClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Raft client of replica " + self, e);
        }
    }

    @Override
    public String toString() {
        return "ReplicatedGroupBackend[" + group + ", peer " + self + ", " + machine + "]";
    }
}
