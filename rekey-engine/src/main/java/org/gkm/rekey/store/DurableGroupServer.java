package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.InitiatorView;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.PlannedRekey;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.ServerChange;
import org.gkm.rekey.ServerSnapshot;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;

/**
 * A {@link GroupKeyServer} whose every rekey is durable before anyone hears of it: the GCKS's
 * state lives in a {@link GroupStore} as a {@link ServerSnapshot} plus one {@link ServerChange}
 * record per rekey, and survives a crash at any point.
 *
 * <p><b>The commit rule</b> (docs/rekey-engine.md, "Durable state"). Each operation
 * <ol>
 *   <li>plans the rekey (the engine's authorisation and checks: a refused request throws and
 *       changes nothing);
 *   <li>seals the rekey message (signed with the GCKS's signing key, which the snapshots carry, so
 *       it survives restarts) and the key downloads;
 *   <li>commits the change record with the sealed message in ONE store transaction
 *       ({@link GroupStore#append}, durable when it returns);
 *   <li>returns the {@link CommittedRekey}: only now may the caller acknowledge the requester, and
 *       then publish the messages.
 * </ol>
 * A crash before step 3 completes leaves the store at the old state (the transaction is atomic),
 * after it at the new one; nothing was acknowledged or published before the commit, so an
 * acknowledged change is never lost and members never see a message the store does not hold.
 *
 * <p>Every operation (joins, leaves, batches, TEK changes, and member-initiated removals and
 * additions) is planned by the engine without changing it ({@link GroupKeyServer#planJoin},
 * {@link GroupKeyServer#planLeaves}, {@link GroupKeyServer#planBatch},
 * {@link GroupKeyServer#planTekChange}, {@link GroupKeyServer#planIngestRemove},
 * {@link GroupKeyServer#planIngestAdd}) and applied only after
 * the append returned: if the commit throws, the server was never changed and is not reloaded. The
 * one case where memory and store can then differ is a store that committed and still reported
 * failure; the next operation compares the store's head sequence with the server's and reloads
 * from the store (snapshot + records, as {@link #open} does) only if they differ (until then reads
 * see the state before the failed append). If that reload fails, this object refuses every further
 * operation (fail closed); reopen it. Every {@link SnapshotPolicy#everyRecords()} records a snapshot is written
 * (with the signing key) and, by policy, the records before it compacted; a failing snapshot write
 * does not fail the committed rekey (it is retried after the next one and counted in
 * {@link #snapshotFailures()}).
 *
 * <p>Member-initiated operations (claims 13-15): {@link #signedRemovalView} and
 * {@link #signedJoinView} hand the initiating member the GCKS-signed {@link InitiatorView} it
 * builds its message on; {@link #ingestRemove} and {@link #ingestAdd} take that message with the
 * member's signing key, which the caller verified for the request (certificate and permission),
 * so no certification is stored. Their change records replay as any other.
 *
 * <p>The payloads hold every secret of the group in the clear: give this class a
 * {@link SealedGroupStore} (anything else is for tests). One writer: every method is synchronized.
 * The store is the caller's: {@link #close()} does not close it.
 */
public final class DurableGroupServer implements AutoCloseable {
    private final GroupStore store;
    private final CryptoProvider provider;
    private final EngineRandom random;
    private final GroupId group;
    private final StoreGroupId storeId;
    private final SnapshotPolicy snapshots;
    private GroupKeyServer server;
    private KeyPair signing;
    private RekeyMessageSealer sealer;
    private long snapshotSequence;
    private long snapshotFailures;
    private boolean failed;
    /** An append threw: the store may hold the change anyway; checked before the next operation. */
    private boolean appendUncertain;
    private boolean closed;

    private DurableGroupServer(GroupStore store, CryptoProvider provider, EngineRandom random, GroupId group,
            SnapshotPolicy snapshots, Restored restored) {
        this.store = store;
        this.provider = provider;
        this.random = random;
        this.group = group;
        this.storeId = storeId(group);
        this.snapshots = snapshots;
        install(restored);
    }

    /**
     * A new group of {@code initialMembers} members ({@link GroupKeyServer#create}) with a fresh GCKS
     * signing key of the policy's signature algorithm, written to the store as its first snapshot
     * (sequence 0).
     *
     * @throws StoreException if the store refuses the snapshot (e.g. {@code SEQUENCE_REPEAT}: the
     *     group exists) or fails; nothing is created
     */
    public static DurableGroupServer create(GroupStore store, CryptoProvider provider, GroupPolicy policy, GroupId group,
            EngineRandom random, int initialMembers, long epoch, SnapshotPolicy snapshots) throws StoreException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(snapshots, "snapshots");
        GroupKeyServer server = GroupKeyServer.create(provider, policy, group, random, initialMembers, epoch);
        KeyPair signing = provider.keys().generate(policy.signatureAlgorithm().keyType());
        byte[] bytes = ServerSnapshot.write(server, signing.privateKey(), InsecureSecretAccess.get());
        Snapshot snapshot = new Snapshot(storeId(group), epoch, server.sequence(), bytes);
        Arrays.fill(bytes, (byte) 0);
        try {
            store.writeSnapshot(snapshot);
        } finally {
            snapshot.destroy();
        }
        return new DurableGroupServer(store, provider, random, group, snapshots, new Restored(server, signing, 0));
    }

    /**
     * Opens a group from the store: its latest snapshot with every change record after it replayed
     * in order. Fails closed: on any error nothing is returned.
     *
     * @throws StoreException {@code UNKNOWN_GROUP} if the store holds no such group, or the store's
     *     or barrier's failure (a row edited, truncated, moved or reordered under a
     *     {@link SealedGroupStore} is {@code RECORD_CORRUPT}, a wrong master key
     *     {@code WRONG_MASTER_KEY}, a hole {@code RECORD_MISSING})
     * @throws MalformedSnapshotException if the snapshot does not decode, is of another group or
     *     lacks the signing key
     * @throws MalformedChangeException if a change record does not decode or does not follow
     */
    public static DurableGroupServer open(GroupStore store, CryptoProvider provider, GroupId group, EngineRandom random,
            SnapshotPolicy snapshots) throws StoreException, MalformedSnapshotException, MalformedChangeException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(snapshots, "snapshots");
        Restored r = restore(store, provider, group, random);
        return new DurableGroupServer(store, provider, random, group, snapshots, r);
    }

    private record Restored(GroupKeyServer server, KeyPair signing, long snapshotSequence) {
    }

    private static Restored restore(GroupStore store, CryptoProvider provider, GroupId group, EngineRandom random)
            throws StoreException, MalformedSnapshotException, MalformedChangeException {
        StoreGroupId id = storeId(group);
        Optional<LoadedGroup> loaded = store.load(id);
        if (loaded.isEmpty()) {
            throw new StoreException(StoreException.Failure.UNKNOWN_GROUP, "the store holds no group " + id.hex());
        }
        LoadedGroup g = loaded.get();
        try {
            byte[] bytes = g.snapshot().payload();
            ServerSnapshot s;
            try {
                s = ServerSnapshot.read(provider, random, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            GroupKeyServer server = s.server();
            if (!server.group().equals(group) || server.sequence() != g.snapshot().sequence()
                    || server.epoch() != g.snapshot().epoch()) {
                throw new MalformedSnapshotException("snapshot holds group " + server.group() + " at sequence "
                        + server.sequence() + ", stored as " + id.hex() + " at " + g.snapshot().sequence());
            }
            KeyPair signing = s.signingKey().orElseThrow(
                    () -> new MalformedSnapshotException("snapshot of a durable group lacks the GCKS signing key"));
            for (ChangeRecord rec : g.records()) {
                if (rec.epoch() != server.epoch()) {
                    throw new MalformedChangeException("change record " + rec.sequence() + " of epoch " + rec.epoch()
                            + " in a group at epoch " + server.epoch());
                }
                byte[] payload = rec.payload();
                try {
                    ServerChange.replay(server, payload);
                } finally {
                    Arrays.fill(payload, (byte) 0);
                }
                if (server.sequence() != rec.sequence()) {
                    throw new MalformedChangeException("change record stored as " + rec.sequence()
                            + " replays to sequence " + server.sequence());
                }
            }
            return new Restored(server, signing, g.snapshot().sequence());
        } finally {
            g.destroy();
        }
    }

    private void install(Restored r) {
        server = r.server();
        signing = r.signing();
        snapshotSequence = r.snapshotSequence();
        sealer = new RekeyMessageSealer(provider, server.policy().signatureAlgorithm(), signing.privateKey(),
                GroupKeyServer.GCKS_SENDER);
    }

    private static StoreGroupId storeId(GroupId group) {
        return new StoreGroupId(group.value());
    }

    // ---------------------------------------------------------------- operations

    /** A join ({@link GroupKeyServer#join}), committed. */
    public synchronized CommittedRekey join(Requester requester, ClientKeys joiner) throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planJoin(requester, joiner));
    }

    /** A leave or removal ({@link GroupKeyServer#leave}), committed. */
    public synchronized CommittedRekey leave(Requester requester, int member) throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planLeaves(requester, new int[] {member}));
    }

    /** Joins and leaves as one rekey ({@link GroupKeyServer#batch}), committed. */
    public synchronized CommittedRekey batch(Requester requester, List<ClientKeys> joiners, int[] leavers)
            throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planBatch(requester, joiners, leavers));
    }

    /** A TEK change ({@link GroupKeyServer#changeTek}), committed. */
    public synchronized CommittedRekey changeTek(Requester requester) throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planTekChange(requester));
    }

    /**
     * A member-initiated removal ({@link GroupKeyServer#planIngestRemove(Requester, PublicKey, int, byte[])}):
     * {@code sealed} is the requester's MEMBER_REKEY message, signed by {@code initiatorKey}, which the
     * caller verified for this request (the member's X.509 identity and permission certificate); the
     * engine checks it, and the GCKS's re-issue is committed and sealed as every rekey.
     */
    public synchronized CommittedRekey ingestRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planIngestRemove(requester, initiatorKey, target, sealed));
    }

    /** A member-initiated addition ({@link GroupKeyServer#planIngestAdd(Requester, PublicKey, ClientKeys, byte[])}); as {@link #ingestRemove}. */
    public synchronized CommittedRekey ingestAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws RekeyEngineException, StoreException {
        return commitPlanned(s -> s.planIngestAdd(requester, initiatorKey, joiner, sealed));
    }

    @FunctionalInterface
    private interface Planner {
        PlannedRekey plan(GroupKeyServer server) throws RekeyEngineException;
    }

    /**
     * The commit rule: plan (the engine changes nothing), seal, append, and only after the append
     * returned apply the plan. A refusal, a failure while
     * planning or sealing, and a failed append leave the server untouched, so nothing is reloaded;
     * a failed append only marks that the store may have committed despite the error, which the
     * next operation checks ({@link #reconcile}).
     */
    private CommittedRekey commitPlanned(Planner op) throws RekeyEngineException, StoreException {
        requireUsable();
        reconcile();
        PlannedRekey planned = op.plan(server); // a refused request throws here; the server is untouched
        Rekey rekey = planned.rekey();
        long sequence = planned.sequence();
        byte[] message;
        Map<Integer, byte[]> downloads = new HashMap<>();
        ChangeRecord record = null;
        boolean appending = false;
        try {
            message = sealer.seal(rekey.message(), rekey.authKey());
            for (Rekey.Download d : rekey.downloads()) {
                downloads.put(d.memberId(), sealer.seal(d.message(), rekey.authKey()));
            }
            byte[] payload = planned.changeRecord(InsecureSecretAccess.get());
            try {
                record = new ChangeRecord(storeId, server.epoch(), sequence, payload, message);
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
            appending = true;
            store.append(record);
        } catch (StoreException | RuntimeException e) {
            planned.destroy();
            appendUncertain |= appending;
            throw e;
        } finally {
            rekey.authKey().destroy();
            if (record != null) {
                record.destroy();
            }
        }
        try {
            server.apply(planned); // the store holds the change: the server follows it
        } catch (RuntimeException e) {
            recover(e);
            throw e;
        }
        maybeSnapshot();
        return new CommittedRekey(sequence, message, downloads, rekey.plan());
    }

    /**
     * After an append that threw, before the next operation: if the store's head is past the
     * server's sequence, the store committed despite the error and the server is reloaded from it
     * (fail closed if that fails); if the head is the server's sequence, nothing was committed and
     * nothing is done. If the store cannot say, the operation throws and the check is repeated.
     */
    private void reconcile() throws StoreException {
        if (!appendUncertain) {
            return;
        }
        long head = store.status(storeId).orElseThrow(() -> new StoreException(StoreException.Failure.UNKNOWN_GROUP,
                "the store holds no group " + storeId.hex())).headSequence();
        if (head != server.sequence()) {
            StoreException e = new StoreException(StoreException.Failure.IO, "the store is at sequence " + head
                    + " after a failed append, the server at " + server.sequence() + ": reloaded");
            recover(e);
            if (failed) {
                throw e;
            }
        }
        appendUncertain = false;
    }

    /**
     * When memory and store may differ (a store that committed despite its error, an apply that
     * failed after the commit): the server becomes the store's state again, or this object fails
     * closed.
     */
    private void recover(Exception cause) {
        try {
            install(restore(store, provider, group, random));
            appendUncertain = false;
        } catch (StoreException | MalformedSnapshotException | MalformedChangeException | RuntimeException e) {
            failed = true;
            cause.addSuppressed(e);
        }
    }

    private void maybeSnapshot() {
        long seq = server.sequence();
        if (seq - snapshotSequence < snapshots.everyRecords()) {
            return;
        }
        byte[] bytes = ServerSnapshot.write(server, signing.privateKey(), InsecureSecretAccess.get());
        Snapshot snapshot = new Snapshot(storeId, server.epoch(), seq, bytes);
        Arrays.fill(bytes, (byte) 0);
        try {
            store.writeSnapshot(snapshot);
            snapshotSequence = seq;
            if (snapshots.compact()) {
                store.compact(storeId, seq);
            }
        } catch (StoreException e) {
            // the rekey is committed and stays so; the snapshot is retried after the next rekey
            snapshotFailures++;
        } finally {
            snapshot.destroy();
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The server, for reads (fingerprint, sequence, TEK id, path views, client keys, the group
     * authentication key, public keys, statistics). Do not mutate it (no join, leave, batch,
     * changeTek, ingest or certifyInitiator on it): a change made there is not durable and breaks
     * the next change record. Ask again after an operation failed: a failed commit replaces the
     * server by the one reloaded from the store. The server is not thread-safe: read it while no
     * operation runs, e.g. inside {@code synchronized (durable) { ... }} (every method of this class
     * holds that lock).
     */
    public synchronized GroupKeyServer view() {
        requireUsable();
        return server;
    }

    /** The GCKS's signing key (public half), the one members trust for this group's rekey messages. */
    public synchronized PublicKey signingKey() {
        return signing.publicKey();
    }

    /**
     * Member {@code member}'s path view ({@link GroupKeyServer#pathView(int)} as a resync message)
     * sealed by the GCKS under the current group authentication key: what registration and a
     * resync by the published infrastructure hand a member, who opens it with
     * {@link org.gkm.rekey.MemberKeyState#fromDownload}. Changes nothing.
     */
    public synchronized byte[] sealedPathView(int member) throws UnknownMemberException {
        requireUsable();
        GroupAuthKey key = server.authKey();
        try {
            return sealer.seal(server.pathView(member).toResyncMessage(), key);
        } finally {
            key.destroy();
        }
    }

    /**
     * The {@link InitiatorView} for removing {@code target}, signed with the GCKS signing key and the
     * policy's algorithm: what a member needs to build its removal message. Changes nothing.
     */
    public synchronized byte[] signedRemovalView(int target) throws UnknownMemberException {
        requireUsable();
        return InitiatorView.forRemoval(server, target).sign(provider, server.policy().signatureAlgorithm(),
                signing.privateKey());
    }

    /** The {@link InitiatorView} for adding one joiner, signed as {@link #signedRemovalView}. Changes nothing. */
    public synchronized byte[] signedJoinView() {
        requireUsable();
        return InitiatorView.forJoin(server).sign(provider, server.policy().signatureAlgorithm(), signing.privateKey());
    }

    /** The committed rekey messages after sequence {@code after} (at most {@code max}): a resync answer. */
    public synchronized MessagesSince messagesSince(long after, int max) throws StoreException {
        requireOpen();
        return store.messagesSince(storeId, after, max);
    }

    /** Snapshot writes that failed (each retried after the next rekey). */
    public synchronized long snapshotFailures() {
        return snapshotFailures;
    }

    /** The sequence of the latest snapshot this object wrote or loaded. */
    public synchronized long snapshotSequence() {
        return snapshotSequence;
    }

    /** Drops the server and the signing key; the store stays open (it is the caller's). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        server = null;
        sealer = null;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("durable group server is closed");
        }
    }

    private void requireUsable() {
        requireOpen();
        if (failed) {
            throw new IllegalStateException("a commit failed and the state could not be reloaded from the store: reopen");
        }
    }

    @Override
    public synchronized String toString() {
        return "DurableGroupServer[" + storeId.hex() + (closed ? ", closed" : ", seq=" + server.sequence()) + "]";
    }
}
