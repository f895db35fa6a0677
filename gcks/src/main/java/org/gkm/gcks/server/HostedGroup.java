package org.gkm.gcks.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Session;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Outbound;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.lkh.PathBlob;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.JoinPolicy;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.wire.WireWriter;

/**
 * One group the GCKS hosts: its key server ({@link GroupBackend}), its GKMP controller (a
 * {@link GkmpNode} that authenticates members by their certificates and hands each its key-tree
 * path in Download_Grp_Keys), and its members' connections with their acknowledgement state.
 *
 * <p>Every change runs under one lock per group, in this order: the backend commits, the requester
 * is answered, then the rekey is published to every registered member (so pushes leave in sequence
 * order). A member joins the push set in the same locked step that tells it the head sequence, so
 * it misses nothing between its registration and its first push.
 */
final class HostedGroup {
    private static final System.Logger LOG = System.getLogger(HostedGroup.class.getName());
    /** One day: GKMP's own rekey interval is not used (the key tree rekeys). */
    private static final long GKMP_REKEY_INTERVAL_SECONDS = 86_400;
    static final byte[] DEREGISTER_LABEL = "gkm deregister v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** How publication reaches members; the server's transport. */
    interface Publisher {
        /** Queues {@code frame} to every registered member of {@code group}'s connection; returns how many. */
        int push(HostedGroup group, EncodedFrame frame);

        /** Sends {@code frame} to the multicast group, if multicast is on. */
        void multicast(EncodedFrame frame);
    }

    /** A registration whose join waits in a batch: its client keys, and the connection to answer. */
    private record Joiner(EntityId entity, Session session, ClientKeys keys) {
    }

    /**
     * Membership changes collected within one batch window (under the lock): committed as one rekey
     * when the window ends or the batch is full, whichever is first.
     */
    private static final class Batch {
        final List<Joiner> joiners = new ArrayList<>();
        final List<Leaver> leavers = new ArrayList<>();
        /** Counted down when the batch stops being the open one (committed, or dropped by a retirement). */
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        int size() {
            return joiners.size() + leavers.size();
        }
    }

    /**
     * A removal or de-registration waiting in a batch; its requester waits for {@code done}: the
     * batch rekey's sequence, -1 if the member left the tree meanwhile, or the commit's failure.
     */
    private record Leaver(EntityId entity, int memberId, boolean closeConnection, String why,
            java.util.concurrent.CompletableFuture<Long> done) {
    }

    /**
     * A confirmed registration waiting for its membership to be durable before it is answered
     * REGISTERED (with the head sequence of the step that confirmed it).
     */
    private record Ack(Session session, EntityId entity, int memberId, long senderId, long headSequence) {
    }

    /** A member whose key download was sent but not yet acknowledged. */
    private record Pending(Session session, int memberId, boolean newTreeMember) {
    }

    /** A registered member: its connection, ids and unacknowledged pushes. */
    static final class Member {
        final Session session;
        final EntityId entity;
        final int memberId;
        final long senderId;
        private final ArrayDeque<Long> unacked = new ArrayDeque<>();
        private boolean outOfSync;

        Member(Session session, EntityId entity, int memberId, long senderId) {
            this.session = session;
            this.entity = entity;
            this.memberId = memberId;
            this.senderId = senderId;
        }

        /** Notes a push; returns whether this push made the member out of sync. */
        synchronized boolean pushed(long sequence, int limit) {
            unacked.addLast(sequence);
            while (unacked.size() > limit + 1) {
                unacked.removeFirst();
            }
            if (!outOfSync && unacked.size() > limit) {
                outOfSync = true;
                return true;
            }
            return false;
        }

        /** An acknowledgement of every push up to {@code sequence}; one of the newest clears out of sync. */
        synchronized void acked(long sequence) {
            while (!unacked.isEmpty() && unacked.peekFirst() <= sequence) {
                unacked.removeFirst();
            }
            if (unacked.isEmpty()) {
                outOfSync = false;
            }
        }

        synchronized boolean outOfSync() {
            return outOfSync;
        }

        /** Pushes not acknowledged yet (at most the limit + 1). */
        synchronized int unackedCount() {
            return unacked.size();
        }
    }

    final GkmpGroupId id;
    final GroupBackend backend;
    /** Group commit of the membership and the GKMP log. */
    private final GroupCommit commits;
    /** Registrations confirmed in the current step, answered REGISTERED once their membership is durable (under the lock). */
    private List<Ack> stepAcks = new ArrayList<>();
    /** The controller's log as the group's store holds it (the audit export reads the whole chain there), or null. */
    private org.gkm.gkmp.log.GroupStoreLog storedLog;
    private final CryptoProvider provider;
    private final EngineRandom random;
    private final GcksMetrics metrics;
    private final Publisher publisher;
    private final ServerOptions options;
    /** The batch window in effect (the group's own, or the server's). */
    private final Duration batchWindow;
    /** Whether membership changes are batched ({@link #batchWindow} above zero and batches above one change). */
    private final boolean batching;
    /** The TEK lifetime in effect, in nanoseconds (zero: no scheduled TEK change). */
    private final long tekLifetimeNanos;
    private final EntityId founderId;
    private final EntityId controllerId;
    /** Authenticates member-initiated requests from the certificates they carry. */
    private final InitiatorCheck initiators;
    /** The CRL the controller holds (the setup's, then each one installed). */
    private volatile Crl crl;
    private GkmpNode controller;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<EntityId, Integer> treeIds = new HashMap<>();
    private final Map<Integer, EntityId> entities = new HashMap<>();
    private final Map<EntityId, Long> senderIds = new HashMap<>();
    /** Identities whose registration was confirmed (answered REGISTERED). */
    private final java.util.Set<EntityId> confirmed = new java.util.HashSet<>();
    private long nextSender = 1;
    /** GKMP controller key ids below this may have been issued (saved before any is). */
    private long keyIdReserved = 1;
    /** How many controller key ids are reserved ahead at a time. */
    static final long KEY_ID_BLOCK = 1 << 20;
    private final Map<EntityId, Pending> pending = new HashMap<>();
    /**
     * The links of the subtrees this group delegates to (claim 18), by subtree id; empty unless the
     * group is a delegating parent, whose members register at its subtrees' key servers. Set before
     * the group takes frames.
     */
    private volatile Map<Integer, org.gkm.rekey.delegation.SubtreeLink> links = Map.of();
    /** The delegated subtrees taken so far: their tree member ids and newest reports (under the lock). */
    private final java.util.SortedMap<Integer, Membership.Subtree> subtrees = new java.util.TreeMap<>();
    private final Map<EntityId, Member> registered = new ConcurrentHashMap<>();
    /** Entities the owner removed or the CRL revoked: their registrations are refused. */
    private final java.util.Set<EntityId> barred = ConcurrentHashMap.newKeySet();
    /** The session whose frame the controller is handling (read by the tree path source), under the lock. */
    private Session current;
    private final List<CommittedRekey> toPublish = new ArrayList<>();
    /** The batch collecting membership changes (batch window on), or null (under the lock). */
    private Batch open;
    /** Set by {@link #pathFor} when it opened {@link #open}, for the registering thread to wait out the window. */
    private Batch openedNow;
    /**
     * Tests only: run once, under the lock, right after the next member's path is taken (to commit
     * a rekey between a member's key download and its registration).
     */
    volatile Runnable afterPathHook;
    /** When the TEK last changed (every rekey changes it), for scheduled TEK changes. */
    private volatile long lastRekeyNanos = System.nanoTime();

    private HostedGroup(CryptoProvider provider, GroupSetup setup, GroupBackend backend, GcksMetrics metrics,
            Publisher publisher, ServerOptions options, GroupTiming timing, GroupPersistence persistence) {
        this.batchWindow = timing.batchWindow(options);
        this.batching = timing.batching(options);
        this.tekLifetimeNanos = timing.tekLifetime(options).toNanos();
        this.id = setup.id();
        this.backend = backend;
        this.provider = provider;
        this.random = EngineRandom.of(provider);
        this.metrics = metrics;
        this.publisher = publisher;
        this.options = options;
        this.founderId = setup.founder().id();
        this.controllerId = setup.controller().id();
        this.initiators = new InitiatorCheck(provider, setup.anchor(), setup.groupPermissions());
        this.commits = new GroupCommit(setup.id().toString(), persistence.store(), persistence.log());
        this.crl = setup.crl();
    }

    /**
     * Creates the GKMP group (the commander's create command to the controller, the controller's
     * create exchange with the in-process founder) and returns the group ready for member joins.
     *
     * @throws IllegalStateException if GKMP refused the set-up (credentials, permissions)
     */
    static HostedGroup create(CryptoProvider provider, GroupSetup setup, GroupBackend backend, GcksMetrics metrics,
            Publisher publisher, ServerOptions options, GroupTiming timing, GroupPersistence persistence) {
        timing.check(options);
        HostedGroup h = new HostedGroup(provider, setup, backend, metrics, publisher, options, timing, persistence);
        try {
            h.restore(persistence.restored());
        } catch (BackendException e) {
            throw new IllegalStateException("restoring the membership of " + setup.id() + " failed: " + e.getMessage(), e);
        }
        long timeout = options.gkmpTimeout().toMillis();
        GkmpNode.Builder cb = GkmpNode.builder(provider, setup.controller(), setup.anchor(), setup.crl()).timeoutMillis(timeout)
                .treePaths(h::pathFor).firstKeyId(persistence.restored().keyIdReserved());
        if (persistence.log() != null) {
            cb.logStore(persistence.log());
            h.storedLog = persistence.log() instanceof org.gkm.gkmp.log.GroupStoreLog stored ? stored : null;
        }
        GkmpNode ctl = cb.build();
        GkmpNode founder = GkmpNode.builder(provider, setup.founder(), setup.anchor(), setup.crl()).timeoutMillis(timeout).build();
        GroupToken token = setup.commander().token(setup.id(), ctl.id(), GroupAction.CREATE, setup.groupPermissions(),
                GKMP_REKEY_INTERVAL_SECONDS, 1, List.of(ctl.id(), founder.id()), JoinPolicy.OPEN, setup.maxMembers());
        long now = System.currentTimeMillis();
        ArrayDeque<Outbound> queue = new ArrayDeque<>();
        queue.add(new Outbound(ctl.id(), setup.id(), Codec.encode(new Header(MessageType.COMMAND_CREATE_GROUP, setup.id(),
                setup.commander().id(), ctl.id()), new Messages.CommandCreateGroup(token))));
        int steps = 0;
        while (!queue.isEmpty()) {
            if (++steps > 64) {
                throw new IllegalStateException("group creation of " + setup.id() + " does not end");
            }
            Outbound o = queue.poll();
            GkmpNode to = o.to() == null ? null : o.to().equals(ctl.id()) ? ctl : o.to().equals(founder.id()) ? founder : null;
            if (to == null) {
                continue;
            }
            Result r;
            try {
                r = to.receive(o.frame(), now);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("group creation produced a malformed frame", e);
            }
            if (!r.reports().isEmpty() || !r.rejections().isEmpty()) {
                throw new IllegalStateException("GKMP refused the creation of " + setup.id() + ": " + r.reports() + r.rejections());
            }
            queue.addAll(r.outbound());
        }
        if (ctl.keyFingerprint(setup.id()) == null) {
            throw new IllegalStateException("GKMP created no keys for " + setup.id());
        }
        h.controller = ctl;
        h.flushLog();
        h.writeStaged();
        return h;
    }

    /**
     * Takes over a saved membership and reconciles it with the key tree, which may be one committed
     * rekey ahead (the membership is saved after each commit, before anyone hears of it): an entry
     * whose member id is no longer in the tree is dropped (its leave was committed); a tree member
     * that no confirmed entry names (a join committed before the save, or a registration that had
     * not been confirmed) was never acknowledged and leaves the tree (a leave rekey, kept for
     * resync). Then the reconciled membership is saved.
     */
    private void restore(Membership m) throws BackendException {
        java.util.Set<Integer> inTree = new java.util.TreeSet<>();
        for (int i : backend.memberIds()) {
            inTree.add(i);
        }
        for (Map.Entry<EntityId, Integer> e : m.treeIds().entrySet()) {
            int mid = e.getValue();
            if (m.confirmed().contains(e.getKey()) && inTree.contains(mid) && !entities.containsKey(mid)) {
                treeIds.put(e.getKey(), mid);
                entities.put(mid, e.getKey());
                confirmed.add(e.getKey());
            }
        }
        java.util.Set<Integer> subtreeLeaves = new java.util.HashSet<>();
        for (Map.Entry<Integer, Membership.Subtree> e : m.subtrees().entrySet()) {
            int mid = e.getValue().memberId();
            if (e.getValue().retired()) {
                subtrees.put(e.getKey(), e.getValue()); // stays retired; its leaf left the tree
            } else if (inTree.contains(mid) && !entities.containsKey(mid) && subtreeLeaves.add(mid)) {
                subtrees.put(e.getKey(), e.getValue());
            }
        }
        senderIds.putAll(m.senderIds());
        nextSender = m.nextSender();
        keyIdReserved = m.keyIdReserved() + KEY_ID_BLOCK; // the controller starts at m.keyIdReserved()
        barred.addAll(m.barred());
        int orphans = 0;
        for (int mid : inTree) {
            if (!entities.containsKey(mid) && !subtreeLeaves.contains(mid)) {
                commit(() -> backend.leave(mid));
                orphans++;
            }
        }
        if (orphans > 0) {
            LOG.log(System.Logger.Level.INFO, "{0}: {1} tree member(s) without a confirmed registration removed at restart", id,
                    orphans);
        }
        saveMembership();
    }

    /** The membership as it stands (under the lock). */
    Membership membership() {
        return new Membership(new HashMap<>(treeIds), new java.util.HashSet<>(confirmed), new HashMap<>(senderIds), nextSender,
                new java.util.HashSet<>(barred), keyIdReserved, new HashMap<>(subtrees));
    }

    /**
     * Keeps the saved key id reserve at least half a block above the controller's next key id, so
     * a restarted controller never reissues an id. The check runs before a controller's answer
     * leaves; a step issues a handful of ids, far less than half a block.
     */
    private boolean reserveKeyIds() {
        long next = controller.nextControllerKeyId();
        if (next <= keyIdReserved - KEY_ID_BLOCK / 2) {
            return true;
        }
        long old = keyIdReserved;
        keyIdReserved = next + KEY_ID_BLOCK;
        try {
            saveMembership();
            return true;
        } catch (BackendException e) {
            keyIdReserved = old;
            LOG.log(System.Logger.Level.ERROR, "saving the key id reserve of " + id + " failed", e);
            return false;
        }
    }

    /**
     * Makes the membership as it stands durable (with every log record and membership staged
     * before it, in one group commit) before the caller goes on (under the lock).
     */
    private void saveMembership() throws BackendException {
        commits.awaitDurable(commits.stage(membership(), drainLog()));
    }

    /** The controller's log records not yet staged, when they go to a store (else they stay in its log). */
    private List<org.gkm.gkmp.log.LogEntry> drainLog() {
        return controller != null && commits.logsDurably() ? controller.log().drain() : List.of();
    }

    // ------------------------------------------------------------------ registration

    /** The tree path for {@code member}'s Download_Grp_Keys: joins it to the tree first if it is new. */
    private byte[] pathFor(GkmpGroupId g, EntityId member) {
        if (current == null || member.equals(founderId)) {
            return new byte[0];
        }
        try {
            Integer memberId = treeIds.get(member);
            boolean fresh = memberId == null;
            ClientKeys ck;
            byte[] sealed;
            if (fresh && batching) {
                return deferJoin(member);
            }
            if (fresh) {
                ClientKeys joiner = ClientKeys.generate(random, backend.policy().hybrid());
                ck = joiner;
                CommittedRekey c = commit(() -> backend.join(joiner));
                memberId = c.plan().joiners()[0];
                sealed = joinerPath(c, 0, memberId);
                treeIds.put(member, memberId);
                entities.put(memberId, member);
                toPublish.add(c);
                saveMembership(); // before the member holds its keys: an unsaved joiner is removed at restart
            } else {
                ck = backend.clientKeys(memberId);
                sealed = backend.sealedPath(memberId);
            }
            GroupAuthKey auth = backend.authKey();
            try {
                pending.put(member, new Pending(current, memberId, fresh));
                Runnable hook = afterPathHook;
                afterPathHook = null;
                if (hook != null) {
                    hook.run();
                }
                return new PathBlob(memberId, backend.epoch(), ck, auth, backend.policy().signatureAlgorithm(),
                        backend.signingPublicKey(), sealed).encode();
            } finally {
                auth.destroy();
                ck.destroy(); // a copy: the key server holds the member's client keys
            }
        } catch (BackendException e) {
            throw new IllegalStateException("key server refused the join of " + member + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts a new member's join into the open batch (opening one if there is none) and defers its
     * path: the controller's exchange waits until the batch is committed ({@link #commitBatch}). A
     * member already waiting in the batch (a new exchange replaced its old one) is queued once.
     */
    private byte[] deferJoin(EntityId member) {
        if (open == null) {
            open = new Batch();
            openedNow = open;
        }
        open.joiners.removeIf(j -> {
            if (j.entity().equals(member)) {
                j.keys().destroy();
                return true;
            }
            return false;
        });
        open.joiners.add(new Joiner(member, current, ClientKeys.generate(random, backend.policy().hybrid())));
        return null;
    }

    /**
     * Waits out the batch window of {@code b} (opened by this thread's step), then commits it; returns
     * as soon as it is committed because it filled up, so that the opener's own exchange is not held
     * for the rest of the window.
     */
    private void flushAfterWindow(Batch b) {
        try {
            if (b.closed.await(batchWindow.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // commit now: the batch's requesters wait for it
        }
        lock.lock();
        try {
            if (open != b) {
                return;
            }
            toPublish.clear();
            commitOpenBatch();
            publishAll();
        } finally {
            lock.unlock();
        }
    }

    /** Commits the open batch, if any (under the lock; the caller publishes). */
    private void commitOpenBatch() {
        Batch b = open;
        open = null;
        if (b != null) {
            b.closed.countDown();
            commitBatch(b);
        }
    }

    /**
     * The commit rule for one batch: every join whose exchange still waits goes into one rekey,
     * committed once; then each requester gets its own key download (its member id and its download
     * from that rekey); the rekey itself is queued to publish once. A failed commit refuses every
     * request of the batch (each exchange ends, SERVER_ERROR) and changes nothing.
     */
    private void commitBatch(Batch b) {
        try {
            commitAndDeliver(b);
        } finally {
            for (Joiner j : b.joiners) {
                j.keys().destroy(); // the key server holds its own copies; the downloads are sent
            }
        }
    }

    private void commitAndDeliver(Batch b) {
        long now = System.currentTimeMillis();
        List<Leaver> leaving = new ArrayList<>(b.leavers.size());
        for (Leaver l : b.leavers) {
            Integer mid = treeIds.get(l.entity());
            if (mid == null || mid != l.memberId()) {
                l.done().complete(-1L); // left the tree meanwhile (ejected, revoked)
            } else {
                leaving.add(l);
            }
        }
        int[] leaverIds = new int[leaving.size()];
        for (int i = 0; i < leaverIds.length; i++) {
            leaverIds[i] = leaving.get(i).memberId();
        }
        List<Joiner> live = new ArrayList<>(b.size());
        for (Joiner j : b.joiners) {
            if (barred.contains(j.entity()) || treeIds.containsKey(j.entity())) {
                // removed or revoked during the window, or added meanwhile by a member-initiated join
                refusePath(j, "no longer admitted");
                refuse(j.session(), barred.contains(j.entity()) ? Refusal.BARRED : Refusal.ALREADY_MEMBER, "not admitted");
            } else if (controller.awaitsPath(id, j.entity()) && j.session().isOpen()) {
                live.add(j);
            } else {
                refusePath(j, "connection closed");
            }
        }
        if (live.isEmpty() && leaving.isEmpty()) {
            return;
        }
        List<ClientKeys> keys = new ArrayList<>(live.size());
        for (Joiner j : live) {
            keys.add(j.keys());
        }
        CommittedRekey c;
        try {
            c = commit(() -> backend.batch(keys, leaverIds));
        } catch (BackendException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "committing a batch of " + live.size() + " joins and " + leaving.size()
                    + " leaves in " + id + " failed", e);
            for (Joiner j : live) {
                refusePath(j, "the key server could not commit the join");
                refuseFailed(j.session(), e);
            }
            BackendException why = e instanceof BackendException be ? be
                    : new BackendException(BackendException.Reason.STORE, "batch commit failed: " + e.getMessage(), e);
            for (Leaver l : leaving) {
                l.done().completeExceptionally(why);
            }
            return;
        }
        metrics.batched(live.size() + leaving.size());
        toPublish.add(c); // committed: published even if saving the membership fails
        for (Leaver l : leaving) {
            leftTree(l.entity(), l.memberId(), l.closeConnection(), l.why());
        }
        int[] memberIds = c.plan().joiners();
        for (int i = 0; i < live.size(); i++) {
            treeIds.put(live.get(i).entity(), memberIds[i]);
            entities.put(memberIds[i], live.get(i).entity());
        }
        try {
            saveMembership(); // before any requester hears of it: an unsaved joiner is removed at restart
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "saving the membership of " + id + " after a batch failed", e);
            for (Joiner j : live) {
                refusePath(j, "the membership could not be saved");
                refuseFailed(j.session(), e);
            }
            for (Leaver l : leaving) {
                l.done().completeExceptionally(e);
            }
            return;
        }
        for (Leaver l : leaving) {
            l.done().complete(c.sequence());
        }
        GroupAuthKey auth = backend.authKey();
        try {
            for (int i = 0; i < live.size(); i++) {
                Joiner j = live.get(i);
                int memberId = memberIds[i];
                pending.put(j.entity(), new Pending(j.session(), memberId, true));
                Result r;
                try {
                    byte[] sealed = joinerPath(c, i, memberId);
                    Runnable hook = afterPathHook;
                    afterPathHook = null;
                    if (hook != null) {
                        hook.run();
                    }
                    byte[] blob = new PathBlob(memberId, backend.epoch(), j.keys(), auth, backend.policy().signatureAlgorithm(),
                            backend.signingPublicKey(), sealed).encode();
                    r = controller.deliverPath(id, j.entity(), blob, now);
                } catch (BackendException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "key download to " + j.entity() + " in " + id + " failed", e);
                    refusePath(j, "key download failed"); // ends the exchange now, not at its deadline
                    refuse(j.session(), Refusal.SERVER_ERROR, "registration failed");
                    rollback(j.entity());
                    continue;
                }
                for (Outbound o : r.outbound()) {
                    if (!o.isMulticast() && o.to().equals(j.entity())) {
                        j.session().send(Payloads.registerGkmp(o.frame()));
                    }
                }
            }
        } finally {
            auth.destroy();
        }
    }

    /**
     * The sealed path a joiner's key download carries: its own KEY_DOWNLOAD from rekey {@code c},
     * or the rekey message itself when that carries the joiner's keys (a batch with leaves) and fits
     * a path blob; a larger one (a big mixed batch) is replaced by the joiner's path view (a RESYNC
     * message of its leaf's path in the tree as it stands, under the lock: at the rekey's sequence
     * or a rollback after it), which any member builds its keys from.
     */
    private byte[] joinerPath(CommittedRekey c, int i, int memberId) throws BackendException {
        byte[] sealed = c.joinerKeys(i);
        return sealed.length <= PathBlob.MAX_SEALED_PATH ? sealed : backend.sealedPath(memberId);
    }

    /** Ends {@code j}'s exchange that waits for its path, if it still does. */
    private void refusePath(Joiner j, String why) {
        controller.refusePath(id, j.entity(), why, System.currentTimeMillis());
    }

    private interface Commit {
        CommittedRekey run() throws BackendException;
    }

    private CommittedRekey commit(Commit c) throws BackendException {
        long t0 = System.nanoTime();
        CommittedRekey r = c.run();
        metrics.committed(Duration.ofNanos(System.nanoTime() - t0));
        return r;
    }

    /** One REGISTER frame from {@code s}: through the controller, then the replies, then publication. */
    void register(Session s, ConnState cs, byte[] gkmpFrame) {
        Header h;
        try {
            h = Codec.decode(gkmpFrame).header();
        } catch (MalformedMessageException e) {
            refuse(s, Refusal.BAD_REGISTRATION, "not a GKMP frame: " + e.getMessage());
            return;
        }
        if (h.group().value() != id.value()) {
            refuse(s, Refusal.BAD_REGISTRATION, "GKMP frame for another group");
            return;
        }
        EntityId bound = cs.entity;
        if (bound != null && !bound.equals(h.sender())) {
            refuse(s, Refusal.BAD_REGISTRATION, "this connection registers another sender");
            return;
        }
        if (barred.contains(h.sender())) {
            refuse(s, Refusal.BARRED, "removed from the group by its owner");
            return;
        }
        if (!links.isEmpty()) {
            refuse(s, Refusal.DELEGATED, "this group's members register at its subtrees' key servers");
            return;
        }
        if (cs.registrationStartNanos == 0) {
            cs.registrationStartNanos = System.nanoTime();
        }
        Batch opened = null;
        List<Ack> acks = null;
        long ackStage = 0;
        lock.lock();
        try {
            registerStep(s, cs, h, gkmpFrame);
        } finally {
            // also when the step returned early or threw: a batch it opened needs its thread, confirmed members their answer
            opened = takeOpened();
            if (!stepAcks.isEmpty()) {
                acks = stepAcks;
                stepAcks = new ArrayList<>();
                ackStage = commits.stage(membership(), drainLog());
            }
            lock.unlock();
        }
        if (acks != null) {
            answer(acks, ackStage);
        }
        if (opened != null) {
            flushAfterWindow(opened);
        }
    }

    /** One registration step under the lock: the controller's answer, refusals, confirmations, a full batch's commit. */
    private void registerStep(Session s, ConnState cs, Header h, byte[] gkmpFrame) {
        if (h.type() == MessageType.REQUEST_GROUP_JOIN && treeIds.containsKey(h.sender()) && senderIds.containsKey(h.sender())) {
            metrics.resync(GcksMetrics.ResyncMethod.REREGISTRATION); // a tree member joining again
        }
        toPublish.clear();
        Result r;
        current = s;
        openedNow = null;
        try {
            r = controller.receive(gkmpFrame, System.currentTimeMillis());
        } catch (MalformedMessageException e) {
            refuse(s, Refusal.BAD_REGISTRATION, "not a GKMP frame: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "registration in " + id + " failed", e);
            refuse(s, Refusal.SERVER_ERROR, "registration failed");
            publishAll();
            return;
        } finally {
            current = null;
        }
        if (!reserveKeyIds()) {
            refuse(s, Refusal.SERVER_ERROR, "store failed");
            publishAll();
            return;
        }
        boolean answered = false;
        for (Outbound o : r.outbound()) {
            if (!o.isMulticast() && o.to().equals(h.sender())) {
                s.send(Payloads.registerGkmp(o.frame()));
                answered = true;
            }
        }
        if (answered) {
            cs.entity = h.sender();
            cs.group = this;
        }
        for (Event e : r.events()) {
            if (e instanceof Event.Rejected rej) {
                refuse(s, Refusal.NOT_AUTHENTICATED, rej.report().check() + ": " + rej.report().detail());
            } else if (e instanceof Event.Terminated t) {
                refuse(s, Refusal.EXCHANGE_TERMINATED, t.report().check() + ": " + t.report().detail());
                rollback(t.report().peer());
            } else if (e instanceof Event.MemberConfirmed mc) {
                confirm(mc.member());
            }
        }
        if (open != null && open.size() >= options.batchMax()) {
            commitOpenBatch(); // full: committed now; later joins wait for the next batch
        }
        publishAll();
    }

    /**
     * Answers confirmed registrations REGISTERED once the stage holding their membership is durable
     * (outside the lock: registrations confirmed meanwhile share the write); if it cannot be
     * written, each is undone and refused.
     */
    private void answer(List<Ack> acks, long stage) {
        try {
            commits.awaitDurable(stage);
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "saving " + acks.size() + " registration(s) in " + id + " failed", e);
            lock.lock();
            try {
                for (Ack a : acks) {
                    Member m = registered.get(a.entity());
                    if (m != null && m.session == a.session()) {
                        registered.remove(a.entity());
                        ((ConnState) a.session().attachment()).registered = false;
                        confirmed.remove(a.entity());
                    }
                }
                commits.stage(membership(), drainLog());
            } finally {
                lock.unlock();
            }
            for (Ack a : acks) {
                refuse(a.session(), Refusal.SERVER_ERROR, "store failed");
            }
            return;
        }
        for (Ack a : acks) {
            a.session().send(Payloads.registered(new Payloads.Registered(id.value(), a.memberId(), a.senderId(), a.headSequence())));
            a.session().registrationDone();
            ConnState cs = (ConnState) a.session().attachment();
            long started = cs.registrationStartNanos;
            cs.registrationStartNanos = 0;
            metrics.registered(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Refuses a registration whose change could not be committed: {@link Refusal#NOT_LEADER} when
     * the replica lost the lead (the member tries the new leader), else a server error.
     */
    private void refuseFailed(Session s, Throwable e) {
        if (e instanceof BackendException be && be.reason() == BackendException.Reason.NOT_LEADER) {
            refuse(s, Refusal.NOT_LEADER, Refusal.NO_LEADER);
        } else {
            refuse(s, Refusal.SERVER_ERROR, "store failed");
        }
    }

    private void refuse(Session s, Refusal why, String detail) {
        metrics.refused();
        s.send(Payloads.registerRefused(why, detail));
        s.registrationDone();
    }

    /**
     * The member acknowledged its key download: it joins the push set now, in the locked step that
     * fixes the head sequence it will be told, and is answered REGISTERED with that head once its
     * membership is durable ({@link #answer}, after the step). Pushes queued meanwhile reach it
     * before the answer; the agent keeps them until it has its keys.
     */
    private void confirm(EntityId member) {
        Pending p = pending.remove(member);
        if (p == null) {
            return;
        }
        long sender = senderIds.computeIfAbsent(member, k -> nextSender++);
        confirmed.add(member);
        Member m = new Member(p.session(), member, p.memberId(), sender);
        Member old = registered.put(member, m);
        if (old != null && old.session != p.session()) {
            old.session.close("registered again on another connection");
        }
        ((ConnState) p.session().attachment()).registered = true;
        stepAcks.add(new Ack(p.session(), member, p.memberId(), sender, backend.sequence()));
    }

    /** An exchange ended before the member confirmed: a member this exchange put in the tree leaves it again. */
    private void rollback(EntityId member) {
        Pending p = pending.remove(member);
        if (p == null || !p.newTreeMember()) {
            return;
        }
        treeIds.remove(member);
        entities.remove(p.memberId());
        try {
            toPublish.add(commit(() -> backend.leave(p.memberId())));
            saveMembership();
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "rolling back the join of tree member " + p.memberId() + " in " + id + " failed", e);
        }
    }

    /** Ends exchanges whose GKMP deadline passed; changes a TEK older than the lifetime (policy). */
    void tick(long nowMillis) {
        lock.lock();
        try {
            toPublish.clear();
            if (tekLifetimeNanos > 0 && System.nanoTime() - lastRekeyNanos > tekLifetimeNanos && !treeIds.isEmpty()) {
                try {
                    toPublish.add(commit(backend::changeTek));
                } catch (BackendException e) {
                    LOG.log(System.Logger.Level.ERROR, "scheduled TEK change of " + id + " failed", e);
                }
            }
            Result r = controller.tick(nowMillis);
            for (Event e : r.events()) {
                if (e instanceof Event.Terminated t) {
                    Pending p = pending.get(t.report().peer());
                    if (p != null) {
                        refuse(p.session(), Refusal.EXCHANGE_TERMINATED, t.report().check() + ": " + t.report().detail());
                    }
                    rollback(t.report().peer());
                }
            }
            publishAll();
        } finally {
            lock.unlock();
        }
        writeStaged(); // log records of quiet periods reach the store within a tick
    }

    /**
     * This process stops hosting the group (its replica lost the lead): every member connection and
     * registration in progress is closed with a goodbye naming {@code why}, so members reconnect and
     * find the new leader. Nothing is committed here: the new leader reconciles the committed
     * membership (a join committed whose registration was not confirmed leaves the tree there).
     */
    void retire(String why) {
        lock.lock();
        try {
            for (Pending p : pending.values()) {
                p.session().close(why);
            }
            pending.clear();
            for (Member m : registered.values()) {
                m.session.close(why);
            }
            registered.clear();
            if (open != null) {
                Batch b = open;
                open = null;
                b.closed.countDown();
                for (Leaver l : b.leavers) {
                    l.done().completeExceptionally(new BackendException(BackendException.Reason.NOT_LEADER, why, null));
                }
                for (Joiner j : b.joiners) {
                    j.session().close(why);
                    j.keys().destroy();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A connection closed: a registration in progress on it is rolled back; a registered member is no longer pushed to. */
    void closed(Session s, ConnState cs) {
        SponsoredJoin sp = cs.sponsored;
        cs.sponsored = null;
        if (sp != null) {
            sp.destroy();
        }
        EntityId e = cs.entity;
        if (e == null) {
            return;
        }
        lock.lock();
        try {
            toPublish.clear();
            Pending p = pending.get(e);
            if (p != null && p.session() == s) {
                rollback(e);
            }
            Member m = registered.get(e);
            if (m != null && m.session == s) {
                registered.remove(e);
            }
            publishAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ subtree delegation (claim 18)

    /** Makes this group a delegating parent of the subtrees of {@code byId} (before it takes frames). */
    void delegateTo(Map<Integer, org.gkm.rekey.delegation.SubtreeLink> byId) {
        links = Map.copyOf(byId);
    }

    /** Whether this group delegates its members to subtrees. */
    boolean delegating() {
        return !links.isEmpty();
    }

    /** The delegated subtrees taken so far, by subtree id (a copy). */
    java.util.SortedMap<Integer, Membership.Subtree> subtrees() {
        lock.lock();
        try {
            return new java.util.TreeMap<>(subtrees);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A subtree's report ({@link org.gkm.rekey.delegation.SubtreeReport}): checked (it decodes, its
     * subtree is delegated here, its keys unwrap under that subtree's link with its header bound in)
     * before anything changes, then taken by a rekey, committed and published before the receipt
     * answers it. The subtree's first report joins its leaf to the tree; a newer one replaces the
     * leaf's keys (a batch of the leaf leaving and the new keys joining at the same member id and
     * leaf: the path above it gets fresh keys, TEK and group authentication key). A report not newer
     * than the last one taken, or one whose keys the leaf holds already (taken before a restart that
     * lost the record of it), changes nothing and is answered {@code ALREADY_ACCEPTED}.
     *
     * @return the answer: a receipt tagged under the link, or an (unauthenticated) refusal
     */
    EncodedFrame subtreeReport(byte[] encoded) {
        Map<Integer, org.gkm.rekey.delegation.SubtreeLink> byId = links;
        if (byId.isEmpty()) {
            return refuseReport(Refusal.UNKNOWN_MEMBER, "group " + id.value() + " delegates no subtree");
        }
        org.gkm.rekey.delegation.SubtreeReport r;
        try {
            r = org.gkm.rekey.delegation.SubtreeReport.decode(encoded);
        } catch (org.gkm.rekey.RejectedReportException e) {
            return refuseReport(Refusal.NOT_AUTHENTICATED, e.getMessage());
        }
        org.gkm.rekey.delegation.SubtreeLink link = byId.get(r.subtree());
        if (link == null) {
            return refuseReport(Refusal.UNKNOWN_MEMBER, "subtree " + r.subtree() + " is not delegated here");
        }
        ClientKeys keys;
        try {
            keys = link.open(provider, r, backend.policy().hybrid());
        } catch (org.gkm.rekey.RejectedReportException e) {
            return refuseReport(Refusal.NOT_AUTHENTICATED, e.getMessage());
        }
        org.gkm.rekey.delegation.SubtreeReceipt receipt;
        lock.lock();
        try {
            toPublish.clear();
            receipt = takeReport(link, r, keys);
            publishAll();
            if (receipt == null) {
                return refuseReport(Refusal.BARRED, "subtree " + r.subtree() + " was retired by the group's owner");
            }
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "taking a report of subtree " + r.subtree() + " in " + id + " failed", e);
            return refuseReport(Refusal.SERVER_ERROR, "store failed");
        } finally {
            keys.destroy();
            lock.unlock();
        }
        metrics.subtreeReport(receipt.fields().status() == org.gkm.rekey.delegation.SubtreeReceipt.Status.ACCEPTED
                ? GcksMetrics.SubtreeReportOutcome.TAKEN : GcksMetrics.SubtreeReportOutcome.ALREADY_TAKEN);
        return DelegationPayloads.receipt(receipt);
    }

    private EncodedFrame refuseReport(Refusal why, String detail) {
        metrics.subtreeReport(GcksMetrics.SubtreeReportOutcome.REFUSED);
        return DelegationPayloads.refused(why, detail);
    }

    /** Takes an authentic report (under the lock); see {@link #subtreeReport}. */
    private org.gkm.rekey.delegation.SubtreeReceipt takeReport(org.gkm.rekey.delegation.SubtreeLink link,
            org.gkm.rekey.delegation.SubtreeReport r, ClientKeys keys) throws BackendException {
        int subtree = r.subtree();
        Membership.Subtree known = subtrees.get(subtree);
        if (known != null && known.retired()) {
            return null;
        }
        org.gkm.rekey.delegation.SubtreeReceipt.Status status = org.gkm.rekey.delegation.SubtreeReceipt.Status.ACCEPTED;
        long parentSequence;
        if (known != null && r.sequence() <= known.lastReport()) {
            status = org.gkm.rekey.delegation.SubtreeReceipt.Status.ALREADY_ACCEPTED;
            parentSequence = backend.sequence();
        } else if (known != null && holds(known.memberId(), keys)) {
            status = org.gkm.rekey.delegation.SubtreeReceipt.Status.ALREADY_ACCEPTED;
            parentSequence = backend.sequence();
            known = new Membership.Subtree(known.memberId(), r.sequence(), false);
            subtrees.put(subtree, known);
            saveMembership();
        } else if (known == null) {
            CommittedRekey c = commit(() -> backend.join(keys));
            toPublish.add(c);
            known = new Membership.Subtree(c.plan().joiners()[0], r.sequence(), false);
            subtrees.put(subtree, known);
            parentSequence = c.sequence();
            saveMembership(); // before the subtree hears of it: an unsaved leaf leaves the tree at restart
            LOG.log(System.Logger.Level.INFO, "{0}: subtree {1} delegated at member {2}", id, subtree, known.memberId());
        } else {
            int member = known.memberId();
            CommittedRekey c = commit(() -> backend.batch(List.of(keys), new int[] {member}));
            toPublish.add(c);
            org.gkm.rekey.RekeyPlan plan = c.plan();
            if (plan.joiners().length != 1 || plan.joiners()[0] != member || plan.splits().length != 0
                    || plan.joinerLeaves()[0] != plan.leaverLeaves()[0]) {
                // the engine gives a lone joiner the lone leaver's id and leaf; members of the subtree could not follow otherwise
                throw new IllegalStateException("the replacement of subtree " + subtree + "'s keys moved its leaf");
            }
            known = new Membership.Subtree(member, r.sequence(), false);
            subtrees.put(subtree, known);
            parentSequence = c.sequence();
            saveMembership();
        }
        return org.gkm.rekey.delegation.SubtreeReceipt.issue(provider, link, new org.gkm.rekey.delegation.SubtreeReceipt.Fields(
                status, r.sequence(), known.lastReport(), parentSequence, known.memberId(), backend.epoch(),
                backend.signingPublicKey(), backend.group()));
    }

    /**
     * Relays a committed rekey message of this group's parent (this group is a delegated subtree)
     * to every registered member: they follow the parent's stream beside this group's. Not tracked
     * for acknowledgement (a member that misses one resyncs from the parent).
     */
    void relayParent(long parentSequence, byte[] sealed) {
        EncodedFrame f = DelegationPayloads.parentRekey(id.value(), parentSequence, sealed);
        for (Member m : registered.values()) {
            m.session.send(f);
        }
    }

    /**
     * Retires a delegated subtree (the owner's remedy for a subordinate that stopped reporting, or
     * one no longer trusted): its leaf leaves the tree (a departure rekey: every key on its path is
     * renewed, so nobody who holds only the subtree's keys follows the group past it), and its later
     * reports are refused {@link Refusal#BARRED}, after a restart too.
     *
     * @return the leave rekey's sequence, or -1 if the subtree is not delegated here or retired already
     */
    long retireSubtree(int subtree) throws BackendException {
        lock.lock();
        try {
            Membership.Subtree known = subtrees.get(subtree);
            if (known == null || known.retired()) {
                return -1;
            }
            toPublish.clear();
            CommittedRekey c = commit(() -> backend.leave(known.memberId()));
            toPublish.add(c);
            subtrees.put(subtree, new Membership.Subtree(known.memberId(), known.lastReport(), true));
            saveMembership(); // before the owner hears of it
            publishAll();
            LOG.log(System.Logger.Level.INFO, "{0}: subtree {1} retired (member {2} left the tree)", id, subtree, known.memberId());
            return c.sequence();
        } finally {
            lock.unlock();
        }
    }

    /** Whether tree member {@code member}'s client keys are {@code keys} (constant-time). */
    private boolean holds(int member, ClientKeys keys) throws BackendException {
        ClientKeys held = backend.clientKeys(member);
        try {
            boolean same = held.clientKey().equalsConstantTime(keys.clientKey());
            if (held.clientPrivateKey() != null && keys.clientPrivateKey() != null) {
                same &= held.clientPrivateKey().equalsConstantTime(keys.clientPrivateKey());
            }
            return same;
        } finally {
            held.destroy();
        }
    }

    // ------------------------------------------------------------------ changes and publication

    /** Publishes every committed rekey in order, including those publication itself commits (ejections). */
    private void publishAll() {
        boolean any = !toPublish.isEmpty();
        while (!toPublish.isEmpty()) {
            publish(toPublish.removeFirst());
        }
        flushLog();
        if (any) {
            afterPublish.run();
        }
    }

    /** Run after a step published rekeys (a delegated subtree's reporter looks at the new state at once). */
    private volatile Runnable afterPublish = () -> { };

    /** Sets what runs after a step published rekeys (before the group takes frames). */
    void afterPublish(Runnable r) {
        afterPublish = java.util.Objects.requireNonNull(r);
    }

    /**
     * Stages the controller's GKMP log records of this step for the group's store (an in-memory
     * group keeps its log in memory, where the admin export reads it). They are written by the
     * next group commit: a registration's, a membership save's or the tick's.
     */
    private void flushLog() {
        if (commits.logsDurably()) {
            commits.stage(null, drainLog());
        }
    }

    /** Writes what is staged (the log records of quiet periods), outside the lock. */
    private void writeStaged() {
        try {
            commits.awaitDurable(commits.stage(null, List.of()));
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.ERROR, "saving the membership of " + id + " failed; retried with the next write", e);
        }
    }

    /** Pushes a committed rekey to every registered member and the multicast group; tracks acknowledgements. */
    private void publish(CommittedRekey c) {
        long t0 = System.nanoTime();
        lastRekeyNanos = t0;
        byte[] sealed = c.multicast();
        EncodedFrame f = Payloads.rekey(id.value(), c.sequence(), sealed);
        publisher.push(this, f);
        List<Member> ejected = new ArrayList<>();
        for (Member m : registered.values()) {
            if (m.pushed(c.sequence(), options.unackedLimit())) {
                LOG.log(System.Logger.Level.INFO, "{0}: member {1} left {2} rekeys unacknowledged: out of sync", id, m.entity,
                        options.unackedLimit());
                if (options.ejectUnacked()) {
                    ejected.add(m);
                }
            }
        }
        publisher.multicast(f);
        metrics.published(sealed.length, Duration.ofNanos(System.nanoTime() - t0));
        for (Member m : ejected) {
            try {
                removeLocked(m.entity, true, "ejected: rekeys unacknowledged");
            } catch (BackendException e) {
                LOG.log(System.Logger.Level.ERROR, "ejecting " + m.entity + " from " + id + " failed", e);
            }
        }
    }

    /** Whether {@code s} is the connection of a registered member of this group (the push set). */
    boolean pushesTo(Session s) {
        Object a = s.attachment();
        if (!(a instanceof ConnState cs) || cs.group != this || !cs.registered || cs.entity == null) {
            return false;
        }
        Member m = registered.get(cs.entity);
        return m != null && m.session == s;
    }

    /**
     * Removes {@code member} from the group (owner's removal): a leave rekey, committed then
     * published; with the batch window on, the leave goes into the open batch and this waits for
     * that batch's commit.
     *
     * @return the leave rekey's sequence, or -1 if {@code member} is not in the tree
     */
    long remove(EntityId member, boolean closeConnection, String why) throws BackendException {
        Leaver queued;
        Batch opened;
        lock.lock();
        try {
            barred.add(member);
            queued = queueLeave(member, closeConnection, why);
            if (queued == null) {
                return removeNow(member, closeConnection, why);
            }
            opened = takeOpened();
        } finally {
            lock.unlock();
        }
        return awaitLeave(queued, opened);
    }

    /** {@link #remove} without batching (under the lock). */
    private long removeNow(EntityId member, boolean closeConnection, String why) throws BackendException {
        toPublish.clear();
        try {
            long seq = removeLocked(member, closeConnection, why);
            if (seq < 0) {
                saveMembership(); // not in the tree, but barred from now on
            }
            return seq;
        } finally {
            publishAll();
        }
    }

    /**
     * With the batch window on, puts the leave of tree member {@code member} into the open batch
     * (opening one if there is none; once per member) and returns it; a full batch is committed at
     * once. Null when batching is off or {@code member} is not in the tree (under the lock).
     */
    private Leaver queueLeave(EntityId member, boolean closeConnection, String why) {
        Integer memberId = treeIds.get(member);
        if (!batching || memberId == null) {
            return null;
        }
        if (open == null) {
            open = new Batch();
            openedNow = open;
        }
        for (Leaver l : open.leavers) {
            if (l.entity().equals(member)) {
                return l;
            }
        }
        Leaver l = new Leaver(member, memberId, closeConnection, why, new java.util.concurrent.CompletableFuture<>());
        open.leavers.add(l);
        if (open.size() >= options.batchMax()) {
            toPublish.clear();
            commitOpenBatch();
            publishAll();
        }
        return l;
    }

    /** The batch this thread's step opened (it waits out the window), if any; clears the mark. */
    private Batch takeOpened() {
        Batch b = openedNow;
        openedNow = null;
        return b;
    }

    /** Waits for a queued leave's batch (committing it after the window if this thread opened it). */
    private long awaitLeave(Leaver l, Batch opened) throws BackendException {
        if (opened != null) {
            flushAfterWindow(opened);
        }
        try {
            return l.done().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof BackendException be) {
                throw be;
            }
            throw new IllegalStateException("batch commit failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the leave's batch", e);
        }
    }

    private long removeLocked(EntityId member, boolean closeConnection, String why) throws BackendException {
        Integer memberId = treeIds.get(member);
        if (memberId == null) {
            return -1;
        }
        int leaver = memberId;
        CommittedRekey c = commit(() -> backend.leave(leaver));
        toPublish.add(c); // committed: published even if saving the membership fails
        leftTree(member, memberId, closeConnection, why);
        saveMembership(); // before the requester hears of the leave
        return c.sequence();
    }

    /** A committed leave of {@code member}: out of the membership and the push set (under the lock; the caller saves). */
    private void leftTree(EntityId member, int memberId, boolean closeConnection, String why) {
        controller.memberRekeyedOut(id, member, System.currentTimeMillis()); // frees its place under the token's limit
        treeIds.remove(member);
        entities.remove(memberId);
        confirmed.remove(member);
        pending.remove(member);
        Member m = registered.remove(member);
        if (m != null) {
            ((ConnState) m.session.attachment()).registered = false;
            if (closeConnection) {
                m.session.close(why);
            }
        }
    }

    /** Commits a TEK change to publish with the current step (called under the lock). */
    void commitTekChangeLocked() throws BackendException {
        toPublish.add(commit(backend::changeTek));
    }

    /** A scheduled TEK change. */
    long changeTek() throws BackendException {
        lock.lock();
        try {
            toPublish.clear();
            toPublish.add(commit(backend::changeTek));
            long seq = toPublish.get(0).sequence();
            publishAll();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A de-registration with proof of possession of the member's client key:
     * HMAC-SHA256(client key, "gkm deregister v1" || group u64 || member id u32).
     *
     * @return the leave rekey's sequence
     * @throws RefusedException unknown member or a proof that does not verify (nothing changed)
     */
    long deregister(int memberId, byte[] proof) throws RefusedException, BackendException {
        Leaver queued;
        Batch opened;
        lock.lock();
        try {
            EntityId e = entities.get(memberId);
            if (e == null) {
                throw new RefusedException(Refusal.BAD_PROOF, "no such member");
            }
            ClientKeys ck = backend.clientKeys(memberId);
            try {
                provider.mac().verify(ck.clientKey(), deregisterMessage(id.value(), memberId), proof);
            } catch (InvalidSignatureException ex) {
                throw new RefusedException(Refusal.BAD_PROOF, "proof of possession does not verify");
            }
            queued = queueLeave(e, false, "de-registered");
            if (queued == null) {
                toPublish.clear();
                try {
                    return removeLocked(e, false, "de-registered");
                } finally {
                    publishAll();
                }
            }
            opened = takeOpened();
        } finally {
            lock.unlock();
        }
        return awaitLeave(queued, opened);
    }

    static byte[] deregisterMessage(long group, int memberId) {
        return WireWriter.growable().raw(DEREGISTER_LABEL).i64(group).u32(memberId).toByteArray();
    }

    /** Installs a newer CRL in the controller and removes every tree member it revokes. */
    List<EntityId> installCrl(Crl crl, EntityId securityManager) throws BackendException {
        lock.lock();
        try {
            byte[] frame = Codec.encode(new Header(MessageType.CRL_UPDATE, id, securityManager, controllerId),
                    new Messages.CrlUpdate(crl));
            Result r;
            try {
                r = controller.receive(frame, System.currentTimeMillis());
            } catch (MalformedMessageException e) {
                throw new IllegalArgumentException("CRL does not encode", e);
            }
            if (r.events().stream().noneMatch(e -> e instanceof Event.CrlInstalled)) {
                throw new IllegalArgumentException("the controller did not install the CRL: " + r.events());
            }
            this.crl = crl;
            List<EntityId> removed = new ArrayList<>();
            toPublish.clear();
            for (EntityId e : new ArrayList<>(treeIds.keySet())) {
                if (crl.isRevoked(e)) {
                    barred.add(e);
                    try {
                        removeLocked(e, true, "certificate revoked");
                    } catch (BackendException ex) {
                        publishAll();
                        throw ex;
                    }
                    removed.add(e);
                }
            }
            publishAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ member-initiated removal (claims 13-15)

    /**
     * The signed view the registered member on {@code cs} needs to build the removal of
     * {@code target} ({@link InitiatorPayloads}); public material (shape, generations, public keys),
     * handed to registered members only.
     */
    EncodedFrame initiatorView(ConnState cs, EntityId target) {
        if (!registeredHere(cs)) {
            return InitiatorPayloads.viewRefused(Refusal.NOT_REGISTERED, "register first");
        }
        if (!backend.policy().hybrid()) {
            return InitiatorPayloads.viewRefused(Refusal.NOT_AUTHORIZED, "member-initiated removal needs a hybrid tree");
        }
        lock.lock();
        try {
            Integer tid = confirmed.contains(target) ? treeIds.get(target) : null;
            if (tid == null) {
                return InitiatorPayloads.viewRefused(Refusal.UNKNOWN_MEMBER, "no such member");
            }
            return InitiatorPayloads.view(id.value(), tid, backend.removalView(tid));
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.WARNING, "initiator view in " + id + " failed: {0}", e.getMessage());
            return InitiatorPayloads.viewRefused(Refusal.SERVER_ERROR, "view failed");
        } finally {
            lock.unlock();
        }
    }

    /**
     * A member-initiated removal from the registered member on {@code s} (claims 13-15): its
     * certificates are verified now ({@link InitiatorCheck}), the key server checks its privilege and
     * its MEMBER_REKEY message and commits the re-issue; then, as for the owner's removal, the
     * requester is answered, the target's connection is closed with a goodbye, it is barred, and
     * the rekey is published. A refusal changes nothing.
     */
    void memberRemove(Session s, ConnState cs, InitiatorPayloads.MemberRequest req) {
        InitiatorCheck.Initiator ini;
        try {
            ini = authenticate(cs, req);
        } catch (RefusedException e) {
            s.send(InitiatorPayloads.removeRefused(e.refusal, e.getMessage()));
            return;
        }
        EntityId who = ini.entity();
        lock.lock();
        try {
            toPublish.clear();
            Integer me = treeIds.get(who);
            Integer tid = confirmed.contains(req.target()) ? treeIds.get(req.target()) : null;
            if (me == null) {
                s.send(InitiatorPayloads.removeRefused(Refusal.NOT_REGISTERED, "not a member"));
                return;
            }
            if (tid == null) {
                s.send(InitiatorPayloads.removeRefused(Refusal.UNKNOWN_MEMBER, "no such member"));
                return;
            }
            if (req.target().equals(who)) {
                s.send(InitiatorPayloads.removeRefused(Refusal.NOT_AUTHORIZED, "a member cannot rekey its own departure; de-register"));
                return;
            }
            int target = tid;
            org.gkm.rekey.Requester requester = new org.gkm.rekey.Requester(me, ini.grants());
            CommittedRekey c;
            try {
                c = commit(() -> backend.memberRemove(requester, ini.key(), target, req.sealed()));
            } catch (BackendException e) {
                Refusal why = refusalOf(e, "member-initiated removal");
                s.send(InitiatorPayloads.removeRefused(why, why == Refusal.SERVER_ERROR ? "store failed" : e.getMessage()));
                return;
            }
            toPublish.add(c); // committed: published even if saving the membership fails
            barred.add(req.target());
            leftTree(req.target(), target, true, "removed from the group by " + who);
            try {
                saveMembership(); // before the requester hears of the removal
            } catch (BackendException e) {
                LOG.log(System.Logger.Level.ERROR, "saving the membership of " + id + " after a member's removal failed", e);
                s.send(InitiatorPayloads.removeRefused(Refusal.SERVER_ERROR, "membership could not be saved"));
                return;
            }
            s.send(InitiatorPayloads.removed(c.sequence()));
        } finally {
            publishAll();
            lock.unlock();
        }
    }

    /** The refusal for a key server's refusal of a member-initiated change (a store failure is logged). */
    private Refusal refusalOf(BackendException e, String what) {
        Refusal why = switch (e.reason()) {
            case NOT_AUTHORIZED -> Refusal.NOT_AUTHORIZED;
            case UNKNOWN_MEMBER -> Refusal.UNKNOWN_MEMBER;
            case REFUSED -> Refusal.REKEY_REJECTED;
            case NOT_LEADER -> Refusal.NOT_LEADER;
            case STORE, NOT_CONFIRMED -> Refusal.SERVER_ERROR;
        };
        if (why == Refusal.SERVER_ERROR) {
            LOG.log(System.Logger.Level.ERROR, what + " in " + id + " failed", e);
        }
        return why;
    }

    /**
     * The signed join view and a fresh client key pair's public half for the registered member on
     * {@code cs} to add {@code joiner} itself. The GCKS keeps the client keys with the connection
     * until the member's MEMBER_ADD (or the next view, or the connection's end).
     */
    EncodedFrame joinView(ConnState cs, EntityId joiner) {
        if (!registeredHere(cs)) {
            return InitiatorPayloads.joinViewRefused(Refusal.NOT_REGISTERED, "register first");
        }
        if (!backend.policy().hybrid()) {
            return InitiatorPayloads.joinViewRefused(Refusal.NOT_AUTHORIZED, "member-initiated join needs a hybrid tree");
        }
        if (barred.contains(joiner)) {
            return InitiatorPayloads.joinViewRefused(Refusal.BARRED, "removed from the group: may not join again");
        }
        lock.lock();
        try {
            if (treeIds.containsKey(joiner) || joiner.equals(founderId) || joiner.equals(controllerId)) {
                return InitiatorPayloads.joinViewRefused(Refusal.ALREADY_MEMBER, "already in the group");
            }
            byte[] view = backend.joinView();
            SponsoredJoin fresh = SponsoredJoin.draw(provider, random, joiner);
            SponsoredJoin old = cs.sponsored;
            cs.sponsored = fresh;
            if (old != null) {
                old.destroy();
            }
            return InitiatorPayloads.joinView(id.value(), fresh.publicKey(), view);
        } catch (BackendException e) {
            LOG.log(System.Logger.Level.WARNING, "join view in " + id + " failed: {0}", e.getMessage());
            return InitiatorPayloads.joinViewRefused(Refusal.SERVER_ERROR, "view failed");
        } finally {
            lock.unlock();
        }
    }

    /**
     * A member-initiated join from the registered member on {@code s} (claims 13-15): authenticated
     * as {@link #memberRemove}; the key server checks the message against the client keys drawn for
     * the joiner with the connection's last join view and commits the re-issue. The joiner is then a
     * tree member with an acknowledged place (saved as confirmed, so a restart keeps it); it receives
     * its keys by registering (its path, as any tree member that registers again). A refusal changes
     * nothing.
     */
    void memberAdd(Session s, ConnState cs, InitiatorPayloads.MemberRequest req) {
        InitiatorCheck.Initiator ini;
        try {
            ini = authenticate(cs, req);
        } catch (RefusedException e) {
            s.send(InitiatorPayloads.addRefused(e.refusal, e.getMessage()));
            return;
        }
        EntityId who = ini.entity();
        lock.lock();
        try {
            toPublish.clear();
            Integer me = treeIds.get(who);
            SponsoredJoin sp = cs.sponsored;
            if (me == null) {
                s.send(InitiatorPayloads.addRefused(Refusal.NOT_REGISTERED, "not a member"));
                return;
            }
            if (sp == null || !sp.joiner().equals(req.target())) {
                s.send(InitiatorPayloads.addRefused(Refusal.REKEY_REJECTED, "no join view for " + req.target() + " on this connection"));
                return;
            }
            if (barred.contains(req.target())) {
                s.send(InitiatorPayloads.addRefused(Refusal.BARRED, "removed from the group: may not join again"));
                return;
            }
            if (treeIds.containsKey(req.target())) {
                s.send(InitiatorPayloads.addRefused(Refusal.ALREADY_MEMBER, "already in the group"));
                return;
            }
            org.gkm.rekey.Requester requester = new org.gkm.rekey.Requester(me, ini.grants());
            CommittedRekey c;
            try {
                c = commit(() -> backend.memberAdd(requester, ini.key(), sp.keys(), req.sealed()));
            } catch (BackendException e) {
                Refusal why = refusalOf(e, "member-initiated join");
                s.send(InitiatorPayloads.addRefused(why, why == Refusal.SERVER_ERROR ? "store failed" : e.getMessage()));
                return;
            }
            toPublish.add(c); // committed: published even if saving the membership fails
            cs.sponsored = null;
            sp.destroy(); // the key server holds its own copy
            int joinerId = c.plan().joiners()[0];
            treeIds.put(req.target(), joinerId);
            entities.put(joinerId, req.target());
            confirmed.add(req.target()); // acknowledged to the initiator: a restart keeps it
            try {
                saveMembership(); // before the requester hears of the join
            } catch (BackendException e) {
                LOG.log(System.Logger.Level.ERROR, "saving the membership of " + id + " after a member's join failed", e);
                s.send(InitiatorPayloads.addRefused(Refusal.SERVER_ERROR, "membership could not be saved"));
                return;
            }
            s.send(InitiatorPayloads.added(c.sequence(), joinerId));
        } finally {
            publishAll();
            lock.unlock();
        }
    }

    /**
     * The initiator of a member-initiated request on {@code cs}: a registered member whose
     * certificates in the request verify now ({@link InitiatorCheck}).
     *
     * @throws RefusedException not registered, or not authorised
     */
    private InitiatorCheck.Initiator authenticate(ConnState cs, InitiatorPayloads.MemberRequest req) throws RefusedException {
        if (!registeredHere(cs)) {
            throw new RefusedException(Refusal.NOT_REGISTERED, "register first");
        }
        return initiators.verify(cs.entity, req.identityCertificate(), req.permissionCertificate(), crl,
                backend.policy().signatureAlgorithm(), System.currentTimeMillis());
    }

    private boolean registeredHere(ConnState cs) {
        return cs.registered && cs.group == this && cs.entity != null;
    }

    /** A REKEY_ACK from {@code s}'s member. */
    void acked(ConnState cs, long sequence) {
        EntityId e = cs.entity;
        Member m = e == null ? null : registered.get(e);
        if (m != null) {
            m.acked(sequence);
        }
    }

    // ------------------------------------------------------------------ resync

    /** The body of a resync answer (messages after {@code after}, at most {@code max} and {@code maxBytes}). */
    byte[] resyncBody(long after, int max, int maxBytes) {
        return Resync.body(id.value(), backend, after, max, maxBytes);
    }

    // ------------------------------------------------------------------ status

    List<Member> members() {
        return List.copyOf(registered.values());
    }

    /**
     * The controller's group management log (RFC 2093 sec. 5.9) for export, ending in a checkpoint
     * signed now so that every record is covered by a signature. With a log in the group's store,
     * every record since the group's creation ({@link AuditTrail}; the store is read outside the
     * group's lock); otherwise the records still in memory.
     *
     * @throws BackendException the stored log cannot be read
     */
    List<org.gkm.gkmp.log.LogEntry> auditLog() throws BackendException {
        List<org.gkm.gkmp.log.LogEntry> memory;
        long end;
        lock.lock();
        try {
            controller.log().checkpoint(System.currentTimeMillis());
            flushLog();
            writeStaged(); // under the lock: the export's checkpoint is the last record
            memory = new ArrayList<>(commits.unwrittenLog()); // what a failed write left staged, then the log's memory
            memory.addAll(controller.log().entries());
            end = controller.log().length();
        } finally {
            lock.unlock();
        }
        return storedLog == null ? memory : AuditTrail.whole(id, storedLog, end, memory);
    }

    /** The batch window in effect. */
    java.time.Duration batchWindow() {
        return batchWindow;
    }

    /** The TEK lifetime in effect (zero: none). */
    java.time.Duration tekLifetime() {
        return java.time.Duration.ofNanos(tekLifetimeNanos);
    }

    int treeMembers() {
        lock.lock();
        try {
            return treeIds.size() + (int) subtrees.values().stream().filter(t -> !t.retired()).count();
        } finally {
            lock.unlock();
        }
    }

    /** A refused request: the refusal to answer with. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }
    }
}
