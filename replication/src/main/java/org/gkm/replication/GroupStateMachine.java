package org.gkm.replication;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.gkm.rekey.store.StoreLimits;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.Membership;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.PlannedRekey;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.RekeyPlan;
import org.gkm.rekey.ServerChange;
import org.gkm.rekey.ServerSnapshot;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;

/**
 * The Raft state machine of one replicated group: the group's {@link GroupKeyServer}, the GCKS
 * signing key, every committed rekey message by sequence number, and the group's latest committed
 * {@link Membership} with its version, built by applying the committed {@link ReplicatedEntry}s in
 * log order.
 *
 * <p><b>Apply.</b> A {@link ReplicatedEntry.Kind#GENESIS} entry installs the group from its server
 * snapshot (once); a {@link ReplicatedEntry.Kind#CHANGE} entry is applied only when its epoch is the
 * group's and its sequence the group's next, through the rekey engine's replay step
 * ({@link ServerChange#replay}, the same step a durable group's recovery uses: decode, then the
 * server's deterministic apply, no randomness). Any other entry is refused without a change, and
 * since the decision depends only on the entry and the state the log before it built, every replica
 * refuses it alike: a plan made on a stale state (a leader that had not yet applied its
 * predecessor's last entries) never takes a sequence number another change already took. A replay
 * that fails after those checks may have changed part of the tree: the replica then fails closed
 * (refuses every read and entry) until it is rebuilt from the log. A
 * {@link ReplicatedEntry.Kind#MEMBERSHIP} entry replaces the membership only when the group exists,
 * its epoch is the group's, its version (the entry's sequence) is exactly the replica's next
 * membership version and its payload decodes as a {@link Membership}; a replayed or rolled-back one
 * is refused as stale, alike on every replica. Membership versions are counted apart from rekey
 * sequence numbers: the GCKS saves the membership after the rekey that changed the tree, as its
 * own entry.
 *
 * <p><b>Plan.</b> {@link #propose} plans a rekey on the current state without changing it and seals
 * its messages, under this object's lock so no entry is applied meanwhile; the caller (the leader)
 * submits the entry and learns the outcome from its reply.
 *
 * <p>Thread-safe: Ratis applies entries on its own thread, the backend plans and reads on the
 * caller's; every state access holds this object's monitor. The committed messages are kept in
 * memory and in Ratis snapshots ({@link #takeSnapshot}): all of them by default, the newest
 * {@link #retainMessages n} when set (as {@code gkm serve} sets a group's {@code retainedMessages}),
 * so a replica that installs a snapshot from the leader serves resync over the same window.
 *
 * <p><b>Snapshots.</b> A snapshot is one file of Ratis' {@link SimpleStateMachineStorage} with its
 * MD5 file (a sealed {@link ReplicatedEntry.Kind#SNAPSHOT} entry: the server snapshot as payload,
 * the committed membership and messages in the message field, {@link #encodeCommitted}), which
 * Ratis also sends to a replica behind the leader's purged log; on install it
 * replaces the replica's state machine directory and {@link #reinitialize} loads it. A snapshot
 * that does not open under the master key, or is not this group's, is refused with an
 * {@link IOException} naming the file (the replica does not start). Secrets:
 * entries are sealed ({@link EntryBarrier}) before they reach Ratis, so its log segments, caches and
 * the replication traffic hold no key in the clear; an entry that does not open is refused before
 * it is decoded; opened bytes are zeroed after use.
 */
public final class GroupStateMachine extends BaseStateMachine {
    private final CryptoProvider provider;
    private final GroupId group;
    private final EngineRandom random;
    private final EntryBarrier barrier;

    private GroupKeyServer server;
    private KeyPair signing;
    private RekeyMessageSealer sealer;
    private final NavigableMap<Long, byte[]> messages = new TreeMap<>();
    /** How many of the newest committed messages are kept for resync (a local setting, as a store's retention). */
    private int retainedMessages = Integer.MAX_VALUE;
    /** The newest sequence whose message is no longer kept (0: none dropped). */
    private long compactedThrough;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** The latest committed membership, or null before the first membership entry. */
    private Membership membership;
    /** The version of {@link #membership}, 0 before the first membership entry. */
    private long membershipVersion;
    /** The sequence of the Ratis snapshot this replica last loaded, or -1. */
    private long loadedSnapshotSequence = -1;
    /** The membership version of the Ratis snapshot this replica last loaded, or -1. */
    private long loadedSnapshotMembershipVersion = -1;
    /** Why this replica's state is unusable, or null. */
    private String failure;
    private boolean closed;

    /**
     * A state machine for {@code group}; replayed servers compute with {@code provider} and, once
     * this replica leads, draw fresh keys from {@code provider}'s CSPRNG. Entries are sealed and
     * opened under {@code masterKey} (the store barrier's master key, the same on every replica;
     * copied, see {@link EntryBarrier}).
     */
    public GroupStateMachine(CryptoProvider provider, GroupId group, SecretBytes masterKey) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.group = Objects.requireNonNull(group, "group");
        this.random = EngineRandom.of(provider);
        this.barrier = new EntryBarrier(provider, group, masterKey);
    }

    /** The engine group this state machine replicates. */
    public GroupId group() {
        return group;
    }

    // ---------------------------------------------------------------- Ratis snapshots

    @Override
    public void initialize(RaftServer raftServer, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(raftServer, groupId, raftStorage);
            storage.init(raftStorage);
            loadLatestSnapshot();
        }, IOException.class);
    }

    /** Before Ratis installs a snapshot from the leader (then {@link #reinitialize}). */
    @Override
    public synchronized void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After a snapshot was installed from the leader: the state becomes that snapshot's. */
    @Override
    public synchronized void reinitialize() throws IOException {
        loadLatestSnapshot();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * Writes the committed state as a Ratis snapshot file: the server snapshot (GCKS snapshot
     * format, with the signing key) and the committed messages, sealed as a
     * {@link ReplicatedEntry.Kind#SNAPSHOT} entry, at the last applied term and index. Ratis replays
     * only the entries after it on restart.
     */
    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (server == null || last == null) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        byte[] payload = ServerSnapshot.write(server, signing.privateKey(), InsecureSecretAccess.get());
        ReplicatedEntry entry = new ReplicatedEntry(ReplicatedEntry.Kind.SNAPSHOT, server.epoch(), server.sequence(), payload,
                encodeCommitted(membershipVersion, membership, messages));
        Arrays.fill(payload, (byte) 0);
        byte[] sealed;
        try {
            sealed = barrier.seal(entry);
        } finally {
            entry.destroy();
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(sealed));
            ch.force(true);
        }
        Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        return last.getIndex();
    }

    private synchronized void loadLatestSnapshot() throws IOException {
        SingleFileSnapshotInfo info = storage.loadLatestSnapshot();
        if (info == null) {
            return;
        }
        Path path = info.getFile().getPath();
        if (info.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), info.getFile().getFileDigest());
        }
        ReplicatedEntry e;
        try {
            e = barrier.open(Files.readAllBytes(path));
        } catch (MalformedChangeException ex) {
            throw new IOException("snapshot " + path.getFileName() + " does not open", ex);
        }
        byte[] payload = e.payload();
        try {
            if (e.kind() != ReplicatedEntry.Kind.SNAPSHOT) {
                throw new IOException("snapshot " + path.getFileName() + " holds a " + e.kind() + " entry");
            }
            ServerSnapshot s = ServerSnapshot.read(provider, random, payload);
            GroupKeyServer restored = s.server();
            if (!restored.group().equals(group) || restored.sequence() != e.sequence() || restored.epoch() != e.epoch()
                    || s.signingKey().isEmpty()) {
                throw new IOException("snapshot " + path.getFileName() + " is not of group " + group + " at its sequence");
            }
            Committed committed = decodeCommitted(e.rekeyMessage());
            server = restored;
            signing = s.signingKey().get();
            sealer = new RekeyMessageSealer(provider, restored.policy().signatureAlgorithm(), signing.privateKey(),
                    GroupKeyServer.GCKS_SENDER);
            messages.clear();
            messages.putAll(committed.messages());
            compactedThrough = messages.isEmpty() ? restored.sequence() : messages.firstKey() - 1;
            pruneMessages();
            membership = committed.membership();
            membershipVersion = committed.membershipVersion();
            failure = null;
            loadedSnapshotSequence = restored.sequence();
            loadedSnapshotMembershipVersion = membershipVersion;
            updateLastAppliedTermIndex(info.getTermIndex());
            notifyAll();
        } catch (MalformedSnapshotException | MalformedChangeException | MalformedMessageException ex) {
            throw new IOException("snapshot " + path.getFileName() + " does not decode", ex);
        } finally {
            Arrays.fill(payload, (byte) 0);
            e.destroy();
        }
    }

    /** The sequence of the Ratis snapshot this replica last loaded (restart or install), or -1. */
    public synchronized long loadedSnapshotSequence() {
        return loadedSnapshotSequence;
    }

    /** The membership version of the Ratis snapshot this replica last loaded (restart or install), or -1. */
    public synchronized long loadedSnapshotMembershipVersion() {
        return loadedSnapshotMembershipVersion;
    }

    /** The layout of a snapshot's committed state besides the key server. */
    static final int SNAPSHOT_LAYOUT = 2;

    /**
     * What a snapshot holds besides the key server (its rekey message field).
     *
     * @param membershipVersion the membership's version, 0 for none
     * @param membership the committed membership, null when the version is 0
     * @param messages the committed rekey messages by sequence
     */
    record Committed(long membershipVersion, Membership membership, NavigableMap<Long, byte[]> messages) {
    }

    /**
     * <pre>
     * committed = u8 layout(2) || u64 membership version || u32 length || membership (empty for version 0)
     *             || u32 count || (u64 sequence || u32 length || message)*   (ascending sequences)
     * </pre>
     * Layout 1 (no layout byte and no membership: the message table alone) is no longer read.
     */
    static byte[] encodeCommitted(long membershipVersion, Membership membership, NavigableMap<Long, byte[]> m) {
        byte[] members = membership == null ? new byte[0] : membership.encode();
        WireWriter w = WireWriter.growable().u8(SNAPSHOT_LAYOUT).i64(membershipVersion)
                .bytes32(members, StoreLimits.MAX_PAYLOAD).u32(m.size());
        for (Map.Entry<Long, byte[]> e : m.entrySet()) {
            w.i64(e.getKey()).bytes32(e.getValue(), StoreLimits.MAX_PAYLOAD);
        }
        return w.toByteArray();
    }

    /** Decodes {@link #encodeCommitted}'s output; strict (layout, version 0 iff no membership, order, no trailing bytes). */
    static Committed decodeCommitted(byte[] bytes) throws MalformedChangeException, MalformedMessageException {
        WireReader<MalformedChangeException> r = new WireReader<>(bytes, MalformedChangeException::new);
        int layout = r.u8("snapshot layout");
        if (layout != SNAPSHOT_LAYOUT) {
            throw new MalformedChangeException("snapshot layout " + layout + ", this code reads " + SNAPSHOT_LAYOUT);
        }
        long version = r.nonNegativeLong("membership version");
        byte[] members = r.bytes32(0, StoreLimits.MAX_PAYLOAD, "membership");
        if ((version == 0) != (members.length == 0)) {
            throw new MalformedChangeException("snapshot membership of version " + version + " with " + members.length
                    + " bytes");
        }
        Membership membership = version == 0 ? null : Membership.decode(members);
        int n = r.count32(Integer.MAX_VALUE, 8 + 4, "message count");
        NavigableMap<Long, byte[]> out = new TreeMap<>();
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long seq = r.nonNegativeLong("message sequence");
            if (seq <= previous) {
                throw new MalformedChangeException("snapshot messages out of order at sequence " + seq);
            }
            out.put(seq, r.bytes32(1, StoreLimits.MAX_PAYLOAD, "message"));
            previous = seq;
        }
        r.finish("snapshot messages");
        return new Committed(version, membership, out);
    }

    // ---------------------------------------------------------------- apply (Ratis' thread)

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        ApplyOutcome outcome;
        synchronized (this) {
            try {
                outcome = applyEntry(data);
            } finally {
                Arrays.fill(data, (byte) 0);
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            }
        }
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(outcome.encode())));
    }

    /**
     * Applies one committed entry's bytes to the state, or refuses it unchanged (the input is only
     * read). Ratis calls it in log order through {@link #applyTransaction}.
     */
    synchronized ApplyOutcome applyEntry(byte[] data) {
        try {
            return apply(data);
        } finally {
            notifyAll();
        }
    }

    private ApplyOutcome apply(byte[] data) {
        ReplicatedEntry e;
        try {
            e = barrier.open(data);
        } catch (MalformedChangeException ex) {
            return ApplyOutcome.refused(-1, "refused entry: " + ex.getMessage());
        }
        try {
            if (failure != null) {
                return ApplyOutcome.refused(e.sequence(), "replica failed: " + failure);
            }
            return switch (e.kind()) {
                case GENESIS -> genesis(e);
                case CHANGE -> change(e);
                case MEMBERSHIP -> membership(e);
                case SNAPSHOT -> ApplyOutcome.refused(e.sequence(), "a snapshot is not a log entry");
            };
        } finally {
            e.destroy();
        }
    }

    private ApplyOutcome genesis(ReplicatedEntry e) {
        if (server != null) {
            return ApplyOutcome.refused(e.sequence(), "the group exists");
        }
        byte[] payload = e.payload();
        ServerSnapshot s;
        try {
            s = ServerSnapshot.read(provider, random, payload);
        } catch (MalformedSnapshotException ex) {
            return ApplyOutcome.refused(e.sequence(), "genesis snapshot: " + ex.getMessage());
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        GroupKeyServer restored = s.server();
        if (!restored.group().equals(group) || restored.sequence() != 0 || restored.epoch() != e.epoch()
                || s.signingKey().isEmpty()) {
            return ApplyOutcome.refused(e.sequence(), "genesis snapshot is not group " + group
                    + " at sequence 0 of epoch " + e.epoch() + " with a signing key");
        }
        server = restored;
        signing = s.signingKey().get();
        sealer = new RekeyMessageSealer(provider, restored.policy().signatureAlgorithm(), signing.privateKey(),
                GroupKeyServer.GCKS_SENDER);
        return ApplyOutcome.applied(0);
    }

    private ApplyOutcome change(ReplicatedEntry e) {
        if (server == null) {
            return ApplyOutcome.refused(e.sequence(), "no group yet");
        }
        if (e.epoch() != server.epoch()) {
            return ApplyOutcome.refused(e.sequence(), "entry of epoch " + e.epoch() + " in a group at epoch " + server.epoch());
        }
        if (e.sequence() != server.sequence() + 1) {
            return ApplyOutcome.refused(e.sequence(), "stale: entry of sequence " + e.sequence() + ", the group is at "
                    + server.sequence());
        }
        byte[] payload = e.payload();
        try {
            ServerChange.replay(server, payload);
        } catch (MalformedChangeException | RuntimeException ex) {
            failClosed("change " + e.sequence() + " did not replay: " + ex.getMessage());
            return ApplyOutcome.refused(e.sequence(), failure);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        if (server.sequence() != e.sequence()) {
            failClosed("change " + e.sequence() + " replayed to sequence " + server.sequence());
            return ApplyOutcome.refused(e.sequence(), failure);
        }
        messages.put(e.sequence(), e.rekeyMessage());
        pruneMessages();
        return ApplyOutcome.applied(e.sequence());
    }

    private ApplyOutcome membership(ReplicatedEntry e) {
        if (server == null) {
            return ApplyOutcome.refused(e.sequence(), "no group yet");
        }
        if (e.epoch() != server.epoch()) {
            return ApplyOutcome.refused(e.sequence(), "membership of epoch " + e.epoch() + " in a group at epoch "
                    + server.epoch());
        }
        if (e.sequence() != membershipVersion + 1) {
            return ApplyOutcome.refused(e.sequence(), "stale: membership version " + e.sequence() + ", the group's is "
                    + membershipVersion);
        }
        byte[] payload = e.payload();
        try {
            membership = Membership.decode(payload);
        } catch (MalformedMessageException ex) {
            return ApplyOutcome.refused(e.sequence(), "membership does not decode: " + ex.getMessage());
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        membershipVersion = e.sequence();
        return ApplyOutcome.applied(e.sequence());
    }

    private void failClosed(String why) {
        failure = why;
        server = null;
        sealer = null;
    }

    // ---------------------------------------------------------------- plan (the leader's thread)

    /**
     * The genesis entry of a new group: an empty key server and a fresh GCKS signing key, made with
     * the provider's CSPRNG (on the leader), as a sealed {@link ReplicatedEntry}. Changes nothing.
     */
    public byte[] genesisEntry(GroupPolicy policy, long epoch) {
        GroupKeyServer fresh = GroupKeyServer.create(provider, policy, group, EngineRandom.of(provider), 0, epoch);
        KeyPair signing = provider.keys().generate(policy.signatureAlgorithm().keyType());
        byte[] snapshot = ServerSnapshot.write(fresh, signing.privateKey(), InsecureSecretAccess.get());
        ReplicatedEntry entry = new ReplicatedEntry(ReplicatedEntry.Kind.GENESIS, epoch, 0, snapshot, new byte[0]);
        Arrays.fill(snapshot, (byte) 0);
        try {
            return barrier.seal(entry);
        } finally {
            entry.destroy();
        }
    }

    /** Plans a rekey on a server without changing it (one of the engine's {@code plan...} methods). */
    @FunctionalInterface
    public interface Planner {
        PlannedRekey plan(GroupKeyServer server) throws RekeyEngineException;
    }

    /**
     * A planned, sealed rekey and its log entry, not yet submitted.
     *
     * @param sequence the sequence the rekey takes if its entry is applied
     * @param entry the sealed {@link ReplicatedEntry} ({@link EntryBarrier})
     * @param message the sealed multicast rekey message
     * @param downloads the sealed key downloads by member id
     * @param plan what the rekey changes
     */
    @SuppressWarnings("ArrayRecordComponent") // arrays are handed out as copies; proposals are never compared
    public record Proposal(long sequence, byte[] entry, byte[] message, Map<Integer, byte[]> downloads, RekeyPlan plan) {
        /** The sealed entry (a copy). */
        @Override
        public byte[] entry() {
            return entry.clone();
        }

        /** The sealed rekey message (a copy). */
        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public String toString() {
            return "Proposal[seq=" + sequence + ", entry=" + entry.length + " bytes]";
        }
    }

    /**
     * Plans with {@code op} on the current committed state, seals the rekey message and downloads
     * with the GCKS signing key, and encodes the change entry. Changes nothing: the state moves
     * only when the entry is committed and applied.
     *
     * @throws RekeyEngineException if the engine refuses the request
     * @throws IllegalStateException if there is no group yet, or the replica failed or is closed
     */
    public synchronized Proposal propose(Planner op) throws RekeyEngineException {
        requireGroup();
        PlannedRekey planned = op.plan(server);
        Rekey rekey = planned.rekey();
        try {
            byte[] message = sealer.seal(rekey.message(), rekey.authKey());
            Map<Integer, byte[]> downloads = new HashMap<>();
            for (Rekey.Download d : rekey.downloads()) {
                downloads.put(d.memberId(), sealer.seal(d.message(), rekey.authKey()));
            }
            byte[] payload = planned.changeRecord(InsecureSecretAccess.get());
            ReplicatedEntry entry = new ReplicatedEntry(ReplicatedEntry.Kind.CHANGE, server.epoch(), planned.sequence(),
                    payload, message);
            Arrays.fill(payload, (byte) 0);
            try {
                return new Proposal(planned.sequence(), barrier.seal(entry), message, downloads, rekey.plan());
            } finally {
                entry.destroy();
            }
        } finally {
            planned.destroy();
            rekey.authKey().destroy();
        }
    }

    /**
     * A membership entry, not yet submitted.
     *
     * @param version the membership version it takes if applied
     * @param entry the sealed {@link ReplicatedEntry.Kind#MEMBERSHIP} entry
     */
    @SuppressWarnings("ArrayRecordComponent") // handed out as a copy; never compared
    public record MembershipProposal(long version, byte[] entry) {
        /** The sealed entry (a copy). */
        @Override
        public byte[] entry() {
            return entry.clone();
        }

        @Override
        public String toString() {
            return "MembershipProposal[version=" + version + ", entry=" + entry.length + " bytes]";
        }
    }

    /**
     * Seals {@code m} as the next membership version of the committed state (the group's epoch,
     * the committed version + 1). Changes nothing: the membership moves only when the entry is
     * committed and applied.
     *
     * @throws IllegalStateException if there is no group yet, or the replica failed or is closed
     * @throws IllegalArgumentException if the encoded membership exceeds an entry's payload limit
     */
    public synchronized MembershipProposal proposeMembership(Membership m) {
        requireGroup();
        byte[] payload = m.encode();
        ReplicatedEntry entry;
        try {
            entry = new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, server.epoch(), membershipVersion + 1, payload,
                    new byte[0]);
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        try {
            return new MembershipProposal(entry.sequence(), barrier.seal(entry));
        } finally {
            entry.destroy();
        }
    }

    // ---------------------------------------------------------------- reads (any thread)

    /** The latest committed membership, or {@link Membership#empty()} before the first membership entry. */
    public synchronized Membership membership() {
        requireUsable();
        return membership == null ? Membership.empty() : membership;
    }

    /** The version of the latest committed membership, 0 before the first membership entry. */
    public synchronized long membershipVersion() {
        return membershipVersion;
    }

    /**
     * Waits until this replica has applied membership version {@code version} (or later).
     *
     * @return whether it had within {@code timeoutMillis}
     */
    public synchronized boolean awaitMembershipVersion(long version, long timeoutMillis) throws InterruptedException {
        return awaitUntil(() -> membershipVersion >= version, timeoutMillis);
    }

    /** A read of the committed state that may fail with a checked exception. */
    @FunctionalInterface
    public interface Read<T, E extends Exception> {
        T read(GroupKeyServer server, KeyPair signing) throws E;
    }

    /**
     * Runs {@code read} on the committed state under the lock. The server must not be changed or
     * kept past the call.
     *
     * @throws IllegalStateException if there is no group yet, or the replica failed or is closed
     */
    public synchronized <T, E extends Exception> T read(Read<T, E> read) throws E {
        requireGroup();
        return read.read(server, signing);
    }

    /**
     * Member {@code member}'s path view as a RESYNC message sealed under the current group
     * authentication key (what registration and a resync by the published infrastructure hand a
     * member). Changes nothing.
     */
    public synchronized byte[] sealedPath(int member) throws UnknownMemberException {
        requireGroup();
        GroupAuthKey key = server.authKey();
        try {
            return sealer.seal(server.pathView(member).toResyncMessage(), key);
        } finally {
            key.destroy();
        }
    }

    /** Whether the group's genesis entry has been applied here (and the replica has not failed). */
    public synchronized boolean hasGroup() {
        return server != null && !closed;
    }

    /** The latest applied sequence, or -1 before the genesis entry. */
    public synchronized long sequence() {
        return server == null ? -1 : server.sequence();
    }

    /**
     * Keeps only the newest {@code n} committed rekey messages for resync from now on (older ones are
     * dropped here and from the next snapshot; a member behind them registers again). Not part of the
     * replicated state: each replica applies its own setting, as a store applies its retention.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public synchronized void retainMessages(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one message is retained");
        }
        retainedMessages = n;
        pruneMessages();
    }

    private void pruneMessages() {
        while (messages.size() > retainedMessages) {
            compactedThrough = messages.pollFirstEntry().getKey();
        }
    }

    /**
     * The committed rekey messages after {@code after}, at most {@code max};
     * {@link MessagesSince.CompactedPast} when messages after {@code after} are no longer kept
     * ({@link #retainMessages}); {@link MessagesSince.UnknownGroup} before the genesis.
     */
    public synchronized MessagesSince messagesSince(long after, int max) {
        if (after < 0 || max < 1) {
            throw new IllegalArgumentException("after must be >= 0 and max positive");
        }
        if (server == null) {
            requireUsable();
            return new MessagesSince.UnknownGroup();
        }
        if (after < server.sequence() && after < compactedThrough) {
            return new MessagesSince.CompactedPast(compactedThrough);
        }
        List<StoredMessage> out = new ArrayList<>();
        for (Map.Entry<Long, byte[]> m : messages.tailMap(after, false).entrySet()) {
            if (out.size() == max) {
                break;
            }
            out.add(new StoredMessage(m.getKey(), m.getValue()));
        }
        return new MessagesSince.Messages(server.sequence(), out);
    }

    /**
     * Waits until this replica has applied sequence {@code sequence} (or later).
     *
     * @return whether it had within {@code timeoutMillis}
     */
    public synchronized boolean awaitSequence(long sequence, long timeoutMillis) throws InterruptedException {
        return awaitUntil(() -> sequence() >= sequence, timeoutMillis);
    }

    /** Waits (holding the monitor, which apply notifies) until {@code reached}; false on timeout, failure or close. */
    private boolean awaitUntil(java.util.function.BooleanSupplier reached, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!reached.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || failure != null || closed) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void requireUsable() {
        if (closed) {
            throw new IllegalStateException("state machine is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("replica failed closed: " + failure);
        }
    }

    private void requireGroup() {
        requireUsable();
        if (server == null) {
            throw new IllegalStateException("group " + group + " has no committed genesis on this replica");
        }
    }

    /** Drops the state (keys become unreachable; the engine's tree zeroes nothing on its own). */
    @Override
    public synchronized void close() {
        closed = true;
        barrier.close();
        server = null;
        sealer = null;
        signing = null;
        messages.clear();
        membership = null;
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return "GroupStateMachine[" + group + ", seq=" + sequence() + (failure != null ? ", failed" : "") + "]";
    }
}
