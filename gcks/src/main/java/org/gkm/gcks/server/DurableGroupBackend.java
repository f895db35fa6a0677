package org.gkm.gcks.server;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.AuthorizationException;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.KeyTree;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.MalformedSnapshotException;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.DurableGroupServer;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;

/**
 * A {@link GroupBackend} over the rekey engine's {@link DurableGroupServer}: every join, leave and
 * TEK change is committed to the store (change record and sealed message in one transaction)
 * before it returns, and the group survives a restart ({@link #open}). A thin adapter: the commit
 * rule, snapshots and compaction are the durable server's; this class maps its errors to
 * {@link BackendException} and reads its state under its lock (its {@code view()} is not
 * thread-safe and is fetched again for every read, since a failed commit replaces it).
 *
 * <p>The store is the caller's ({@link #close()} does not close it); give it a
 * {@link org.gkm.rekey.store.SealedGroupStore}.
 */
public final class DurableGroupBackend implements GroupBackend {
    private final DurableGroupServer durable;
    private final GroupId group;
    private final GroupPolicy policy;
    private final long epoch;

    private DurableGroupBackend(DurableGroupServer durable) {
        this.durable = durable;
        synchronized (durable) {
            GroupKeyServer s = durable.view();
            this.group = s.group();
            this.policy = s.policy();
            this.epoch = s.epoch();
        }
    }

    /**
     * A new, empty group written to {@code store} as its first snapshot.
     *
     * @throws StoreException if the store refuses (the group exists: {@code SEQUENCE_REPEAT}) or fails
     */
    public static DurableGroupBackend create(GroupStore store, CryptoProvider provider, GroupPolicy policy, GroupId group,
            long epoch, SnapshotPolicy snapshots) throws StoreException {
        return new DurableGroupBackend(DurableGroupServer.create(store, provider, policy, group, EngineRandom.of(provider), 0,
                epoch, snapshots));
    }

    /**
     * The group as {@code store} holds it (latest snapshot and the change records after it). Fails
     * closed: a store or decoding failure returns nothing.
     */
    public static DurableGroupBackend open(GroupStore store, CryptoProvider provider, GroupId group, SnapshotPolicy snapshots)
            throws StoreException, MalformedSnapshotException, MalformedChangeException {
        return new DurableGroupBackend(DurableGroupServer.open(store, provider, group, EngineRandom.of(provider), snapshots));
    }

    @Override
    public GroupId group() {
        return group;
    }

    @Override
    public GroupPolicy policy() {
        return policy;
    }

    private interface Change {
        org.gkm.rekey.store.CommittedRekey run() throws RekeyEngineException, StoreException;
    }

    private static CommittedRekey commit(Change change) throws BackendException {
        org.gkm.rekey.store.CommittedRekey c;
        try {
            c = change.run();
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        } catch (AuthorizationException e) {
            throw new BackendException(BackendException.Reason.NOT_AUTHORIZED, e.getMessage(), e);
        } catch (StoreException e) {
            throw new BackendException(BackendException.Reason.STORE, "store: " + e.failure() + ": " + e.getMessage(), e);
        } catch (RekeyEngineException e) {
            throw new BackendException(BackendException.Reason.REFUSED, e.getMessage(), e);
        }
        return new CommittedRekey(c.sequence(), c.message(), c.downloads(), c.plan());
    }

    @Override
    public CommittedRekey join(ClientKeys joiner) throws BackendException {
        return commit(() -> durable.join(Requester.owner(), joiner));
    }

    @Override
    public CommittedRekey leave(int memberId) throws BackendException {
        return commit(() -> durable.leave(Requester.owner(), memberId));
    }

    @Override
    public CommittedRekey batch(java.util.List<ClientKeys> joiners, int[] leavers) throws BackendException {
        if (joiners.isEmpty() && leavers.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        java.util.List<ClientKeys> js = java.util.List.copyOf(joiners);
        int[] ls = leavers.clone();
        return commit(() -> durable.batch(Requester.owner(), js, ls));
    }

    @Override
    public CommittedRekey changeTek() throws BackendException {
        return commit(() -> durable.changeTek(Requester.owner()));
    }

    @Override
    public byte[] removalView(int memberId) throws BackendException {
        try {
            return durable.signedRemovalView(memberId);
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public CommittedRekey memberRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws BackendException {
        return commit(() -> durable.ingestRemove(requester, initiatorKey, target, sealed));
    }

    @Override
    public byte[] joinView() {
        return durable.signedJoinView();
    }

    @Override
    public CommittedRekey memberAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws BackendException {
        return commit(() -> durable.ingestAdd(requester, initiatorKey, joiner, sealed));
    }

    @Override
    public MessagesSince messagesSince(long after, int max) throws BackendException {
        if (after < 0 || max < 1) {
            throw new IllegalArgumentException("after must be >= 0 and max positive");
        }
        try {
            return durable.messagesSince(after, max);
        } catch (StoreException e) {
            throw new BackendException(BackendException.Reason.STORE, "store: " + e.failure() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] sealedPath(int memberId) throws BackendException {
        try {
            return durable.sealedPathView(memberId);
        } catch (UnknownMemberException e) {
            throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
        }
    }

    @Override
    public ClientKeys clientKeys(int memberId) throws BackendException {
        synchronized (durable) {
            try {
                return durable.view().clientKeys(memberId);
            } catch (UnknownMemberException e) {
                throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
            }
        }
    }

    @Override
    public org.gkm.rekey.delegation.SubtreeReport subtreeReport(org.gkm.rekey.delegation.SubtreeLink link, boolean parentHybrid) {
        synchronized (durable) {
            return new org.gkm.rekey.delegation.DelegatedSubtree(durable.view(), link, parentHybrid).report();
        }
    }

    @Override
    public GroupAuthKey authKey() {
        synchronized (durable) {
            return durable.view().authKey();
        }
    }

    @Override
    public long sequence() {
        synchronized (durable) {
            return durable.view().sequence();
        }
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public byte[] fingerprint() {
        synchronized (durable) {
            return durable.view().fingerprint();
        }
    }

    @Override
    public PublicKey signingPublicKey() {
        return durable.signingKey();
    }

    @Override
    public String tekFingerprint() {
        SecretBytes tek;
        synchronized (durable) {
            tek = durable.view().tek();
        }
        try {
            return InMemoryGroupBackend.tekFingerprint(tek);
        } finally {
            tek.destroy();
        }
    }

    @Override
    public int[] memberIds() {
        synchronized (durable) {
            return memberIds(durable.view().tree());
        }
    }

    /** The member ids of {@code tree}'s occupied leaves, ascending by leaf. */
    static int[] memberIds(KeyTree tree) {
        int[] out = new int[tree.memberCount()];
        int n = 0;
        for (int node = tree.firstLeaf(); node < tree.nodeCount() && n < out.length; node++) {
            int m = tree.memberAt(node);
            if (m >= 0) {
                out[n++] = m;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Snapshot writes that failed so far (each retried after the next rekey). */
    public long snapshotFailures() {
        return durable.snapshotFailures();
    }

    /** The sequence of the latest snapshot written or loaded. */
    public long snapshotSequence() {
        return durable.snapshotSequence();
    }

    @Override
    public void close() {
        durable.close();
    }

    @Override
    public String toString() {
        return "DurableGroupBackend[" + Objects.toString(durable) + "]";
    }
}
