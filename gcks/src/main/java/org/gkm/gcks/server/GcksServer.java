package org.gkm.gcks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameHandler;
import org.gkm.gcks.net.FrameServer;
import org.gkm.gcks.net.MulticastRekeySender;
import org.gkm.gcks.net.Session;
import org.gkm.gcks.net.CloseReason;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.pki.Crl;

/**
 * The GCKS process's core (RFC 4046 sec. 3-5): hosts groups over a {@link FrameServer}. Members
 * register through GKMP member join carried in {@code REGISTER} frames (their identity and
 * permission certificates checked by each group's GKMP controller against the security manager's
 * trust anchor and CRL); on success they receive their key-tree path and, in the final reply, their
 * tree member id, Data SA sender id and the head sequence. Every committed rekey is pushed to every
 * registered member's connection (encoded once) and, when configured, multicast; members acknowledge
 * rekeys, and one that leaves {@link ServerOptions#unackedLimit()} in a row unacknowledged is out of
 * sync (and ejected if configured). Resync: re-registration (a), "messages since n" over TCP without
 * authentication (b), and the HTTP posting (c) ({@link ResyncHttp}). Exchanges and what each bad input
 * gets: {@code docs/gcks.md}.
 *
 * <p>{@link #close()} stops the tick thread, the HTTP endpoint, the transport and the multicast
 * sender, and closes every backend; it returns when every thread the server started has ended.
 */
public final class GcksServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GcksServer.class.getName());

    private final CryptoProvider provider;
    private final ServerOptions options;
    private final GcksMetrics metrics;
    private final Map<Long, HostedGroup> groups = new ConcurrentHashMap<>();
    /** Replicated groups this process follows, hosted in {@link #groups} only while their replica leads. */
    private final Map<Long, Followed> followed = new ConcurrentHashMap<>();
    private final FrameServer net;
    private final MulticastRekeySender multicast;
    private final ResyncHttp http;
    private final ScheduledThreadPoolExecutor ticker;
    private boolean closed;
    private final List<AutoCloseable> attached = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The subtree links of delegating parent groups, by group id (claim 18). */
    private final Map<Long, Map<Integer, org.gkm.rekey.delegation.SubtreeLink>> delegations = new ConcurrentHashMap<>();
    /** The reporters of groups that are delegated subtrees of a parent GCKS, by group id. */
    private final Map<Long, SubtreeReporter> reporters = new ConcurrentHashMap<>();

    private GcksServer(CryptoProvider provider, ServerOptions options, GcksMetrics metrics) throws IOException {
        this.provider = provider;
        this.options = options;
        this.metrics = metrics;
        MulticastRekeySender mc = null;
        FrameServer fs = null;
        ResyncHttp h = null;
        try {
            mc = options.multicast() == null ? null : MulticastRekeySender.open(options.multicast());
            fs = FrameServer.start(options.net(), new Exchanges());
            h = options.http() == null ? null : ResyncHttp.start(options.http(), this, metrics);
        } catch (IOException | RuntimeException e) {
            if (fs != null) {
                fs.close();
            }
            if (mc != null) {
                mc.close();
            }
            throw e;
        }
        this.multicast = mc;
        this.net = fs;
        this.http = h;
        this.ticker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gcks-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        ticker.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::followLeadership, LEADERSHIP_POLL_MILLIS, LEADERSHIP_POLL_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** How long a stopping leader waits for each replica it tries to hand the lead to. */
    static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(3);

    /** How often a followed group's leadership is checked (a new leader starts serving within this). */
    static final long LEADERSHIP_POLL_MILLIS = 100;

    /** A replicated group this process follows: what hosting it takes each time its replica comes to lead. */
    private record Followed(ReplicatedGroup replica, java.util.function.Supplier<GroupSetup> setup,
            org.gkm.gkmp.log.LogStore log, GroupTiming timing) {
    }

    /** Starts the transport (and the HTTP endpoint and multicast sender when configured); no group yet. */
    public static GcksServer start(CryptoProvider provider, ServerOptions options, GcksMetrics metrics) throws IOException {
        return new GcksServer(Objects.requireNonNull(provider), Objects.requireNonNull(options), Objects.requireNonNull(metrics));
    }

    /**
     * Hosts a group: creates it in GKMP and serves member joins into {@code backend}'s key tree. The
     * server owns the backend from here on (closes it).
     *
     * @throws IllegalArgumentException a group with that id is hosted already
     * @throws IllegalStateException GKMP refused the set-up
     */
    public void host(GroupSetup setup, GroupBackend backend) {
        host(setup, backend, GroupPersistence.none());
    }

    /**
     * Hosts a group whose membership and GKMP log persist ({@link GroupPersistence}): the restored
     * membership is reconciled with the backend's key tree first (tree members without a confirmed
     * registration leave it), then the group is created in GKMP as {@link #host(GroupSetup, GroupBackend)} does.
     *
     * @throws IllegalStateException GKMP refused the set-up, or the membership could not be reconciled or saved
     */
    public void host(GroupSetup setup, GroupBackend backend, GroupPersistence persistence) {
        host(setup, backend, persistence, GroupTiming.SERVER);
    }

    /**
     * Hosts a group as {@link #host(GroupSetup, GroupBackend, GroupPersistence)} does, with its own
     * batch window and TEK lifetime where {@code timing} sets them.
     *
     * @throws IllegalArgumentException a group with that id is hosted already, or the timing does
     *     not fit the server's (a batch window not below the GKMP timeout)
     */
    public synchronized void host(GroupSetup setup, GroupBackend backend, GroupPersistence persistence, GroupTiming timing) {
        if (closed) {
            throw new IllegalStateException("server closed");
        }
        if (groups.containsKey(setup.id().value())) {
            throw new IllegalArgumentException(setup.id() + " is hosted already");
        }
        HostedGroup g = HostedGroup.create(provider, setup, backend, metrics, new Publisher(), options, timing, persistence);
        g.delegateTo(delegations.getOrDefault(setup.id().value(), Map.of()));
        g.afterPublish(() -> wakeReporter(setup.id().value()));
        groups.put(setup.id().value(), g);
    }

    /**
     * Makes group {@code group} a delegating parent (claim 18; RFC 4046 sec. 7 hierarchies): its
     * tree's members are the subtrees of {@code links} (by subtree id), whose key servers register
     * the members and report their subtree root keys here ({@code SUBTREE_REPORT}); registrations
     * in the group itself are refused {@link Refusal#DELEGATED}. Call before the group is hosted or
     * followed. The server owns the links from here on: {@link #close} destroys them.
     */
    public synchronized void delegate(GkmpGroupId group, Map<Integer, org.gkm.rekey.delegation.SubtreeLink> links) {
        if (groups.containsKey(group.value()) || followed.containsKey(group.value())) {
            throw new IllegalStateException(group + " is hosted already: delegate before hosting it");
        }
        for (Map.Entry<Integer, org.gkm.rekey.delegation.SubtreeLink> e : links.entrySet()) {
            if (e.getValue().subtree() != e.getKey()) {
                throw new IllegalArgumentException("the link of subtree " + e.getValue().subtree() + " given for " + e.getKey());
            }
        }
        delegations.put(group.value(), Map.copyOf(links));
    }

    /**
     * Makes group {@code group} a delegated subtree of a parent GCKS (claim 18): while this process
     * hosts it, every change of its committed root key is reported to {@code parent} until the
     * parent's receipt confirms it ({@link SubtreeReporter}). The server owns the parent's link
     * from here on: {@link #close} destroys it.
     */
    public synchronized void reportTo(GkmpGroupId group, ParentLink parent) {
        if (closed) {
            throw new IllegalStateException("server closed");
        }
        long id = group.value();
        if (reporters.containsKey(id)) {
            throw new IllegalArgumentException(group + " reports to a parent already");
        }
        SubtreeReporter r = new SubtreeReporter(provider, parent, () -> groups.get(id), Duration.ofMillis(LEADERSHIP_POLL_MILLIS), options.gkmpTimeout(), options.net().maxFrameBytes());
        reporters.put(id, r);
        r.start();
    }

    private void wakeReporter(long group) {
        SubtreeReporter r = reporters.get(group);
        if (r != null) {
            r.wake();
        }
    }

    /**
     * What a member of group {@code g} (a delegated subtree) needs to follow the parent's stream,
     * once the parent confirmed a report of it (empty before, or if {@code g} is not a subtree).
     */
    public java.util.Optional<ParentAccess> parentAccess(GkmpGroupId g) {
        SubtreeReporter r = reporters.get(g.value());
        SubtreeReporter.Confirmed c = r == null ? null : r.confirmed();
        if (c == null) {
            return java.util.Optional.empty();
        }
        ParentLink l = r.parent();
        return java.util.Optional.of(new ParentAccess(l.frames(), l.http(), l.group(), c.receipt().parentGroup(), l.policy(),
                l.subtree(), c.receipt().parentMember(), c.receipt().parentEpoch(), c.receipt().parentKey()));
    }

    /** What the parent last confirmed of group {@code g}'s reports, if it is a delegated subtree. */
    public java.util.Optional<GroupStatus.Parent> parentStatus(GkmpGroupId g) {
        SubtreeReporter r = reporters.get(g.value());
        return r == null ? java.util.Optional.empty() : java.util.Optional.of(GroupStatus.Parent.of(r));
    }

    /**
     * Follows a replicated group ({@link ReplicatedGroup}): from now on this process hosts it
     * whenever its replica is {@link ReplicatedGroup#readyToLead ready to lead} (a fresh GKMP
     * controller from {@code setup}, the committed membership restored and reconciled as a restart
     * does, {@code log} its controller's log here) and stops hosting it when the replica loses the
     * lead (every member connection of the group is closed with a goodbye, so members reconnect to
     * the new leader). While it does not lead, registrations and member requests are refused
     * {@link Refusal#NOT_LEADER} with the leader's frame address, and resync is served from the
     * replica's committed state. The server owns the replica's backend from here on (closes it).
     *
     * @throws IllegalArgumentException a group with that id is hosted or followed already, or the
     *     timing does not fit the server's
     */
    public synchronized void follow(ReplicatedGroup replica, java.util.function.Supplier<GroupSetup> setup,
            org.gkm.gkmp.log.LogStore log, GroupTiming timing) {
        if (closed) {
            throw new IllegalStateException("server closed");
        }
        long id = replica.id().value();
        if (groups.containsKey(id) || followed.containsKey(id)) {
            throw new IllegalArgumentException(replica.id() + " is hosted already");
        }
        timing.check(options);
        followed.put(id, new Followed(replica, Objects.requireNonNull(setup), log, timing));
    }

    /** Told when this process starts or stops hosting a followed group (on the tick thread). */
    @FunctionalInterface
    public interface LeadershipListener {
        /**
         * @param leads true: this replica leads and hosts {@code group} from now on; false: it stopped
         * @param sequence the group's committed sequence at the change
         */
        void changed(GkmpGroupId group, boolean leads, long sequence);
    }

    private volatile LeadershipListener leadershipListener = (g, leads, seq) -> { };

    /** Sets who is told of leadership changes of followed groups (replacing the previous one). */
    public void onLeadership(LeadershipListener listener) {
        this.leadershipListener = Objects.requireNonNull(listener);
    }

    private volatile List<InetSocketAddress> replicaFrames = List.of();

    /**
     * Names every replica's frame transport (a replicated GCKS): member credentials issued here list
     * them, so a member can reach any replica and find the leader.
     */
    public void advertiseReplicas(List<InetSocketAddress> frames) {
        this.replicaFrames = List.copyOf(frames);
    }

    /** Every replica's frame transport, as advertised (empty: not replicated). */
    public List<InetSocketAddress> replicaFrames() {
        return replicaFrames;
    }

    /** Whether this process hosts group {@code g} now (for a followed group: its replica leads). */
    public boolean hosts(GkmpGroupId g) {
        return groups.containsKey(g.value());
    }

    /**
     * Hosts every followed group whose replica came to lead, and stops hosting those whose replica
     * lost the lead. Runs on the tick thread; a group whose hosting fails (the lead lost while its
     * membership is reconciled) is tried again at the next poll.
     */
    private void followLeadership() {
        for (Map.Entry<Long, Followed> e : followed.entrySet()) {
            Followed f = e.getValue();
            HostedGroup hosted = groups.get(e.getKey());
            boolean leads;
            try {
                // to start hosting, the replica must have applied its predecessors' entries; to keep hosting, only lead
                leads = hosted == null ? f.replica().readyToLead() : f.replica().leads();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "leadership of {0}: {1}", f.replica().id(), ex.toString());
                leads = false;
            }
            if (leads && hosted == null) {
                lead(f);
            } else if (!leads && hosted != null) {
                synchronized (this) {
                    groups.remove(e.getKey(), hosted);
                }
                hosted.retire("this replica no longer leads the group");
                LOG.log(System.Logger.Level.INFO, "{0}: no longer the leader here; members are sent to the new one",
                        f.replica().id());
                leadershipListener.changed(f.replica().id(), false, f.replica().backend().sequence());
            }
        }
    }

    private void lead(Followed f) {
        GkmpGroupId id = f.replica().id();
        HostedGroup g;
        try {
            GroupPersistence persistence = new GroupPersistence(f.replica().committedMembership(), f.replica().membershipStore(),
                    f.log());
            g = HostedGroup.create(provider, f.setup().get(), f.replica().backend(), metrics, new Publisher(), options, f.timing(),
                    persistence);
            g.delegateTo(delegations.getOrDefault(id.value(), Map.of()));
            g.afterPublish(() -> wakeReporter(id.value()));
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "{0}: leads, but hosting it failed (tried again): {1}", id, ex.toString());
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            groups.put(id.value(), g);
        }
        metrics.leaderChange();
        LOG.log(System.Logger.Level.INFO, "{0}: this replica leads; serving registrations at sequence {1}", id,
                f.replica().backend().sequence());
        leadershipListener.changed(id, true, f.replica().backend().sequence());
    }

    /** The transport's address. */
    public InetSocketAddress address() {
        return net.address();
    }

    /** The HTTP endpoint's address (resync (c) and metrics), or null. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.address();
    }

    /** How this server runs (the defaults of every group's timing). */
    public ServerOptions options() {
        return options;
    }

    public GcksMetrics metrics() {
        return metrics;
    }

    public FrameServer transport() {
        return net;
    }

    HostedGroup group(long id) {
        return groups.get(id);
    }

    private HostedGroup require(GkmpGroupId g) {
        HostedGroup h = groups.get(g.value());
        if (h == null) {
            Followed f = followed.get(g.value());
            if (f != null) {
                throw new NotLeaderException(g, f.replica().leaderFrames().orElse(null));
            }
            throw new IllegalArgumentException("no group " + g + " here");
        }
        return h;
    }

    /** A change of a replicated group asked of a replica that does not lead it. */
    public static final class NotLeaderException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient InetSocketAddress leader;

        NotLeaderException(GkmpGroupId g, InetSocketAddress leader) {
            super("this replica does not lead " + g + ": " + Refusal.notLeaderDetail(leader));
            this.leader = leader;
        }

        /** The leader's frame transport, if one is known. */
        public java.util.Optional<InetSocketAddress> leader() {
            return java.util.Optional.ofNullable(leader);
        }
    }

    /** The group's key server (status reads: sequence, fingerprint, TEK fingerprint), on any replica of a followed group. */
    public GroupBackend backend(GkmpGroupId g) {
        GroupBackend b = backendOrNull(g.value());
        if (b == null) {
            throw new IllegalArgumentException("no group " + g + " here");
        }
        return b;
    }

    /** The key server of hosted or followed group {@code id}, or null. */
    GroupBackend backendOrNull(long id) {
        HostedGroup h = groups.get(id);
        if (h != null) {
            return h.backend;
        }
        Followed f = followed.get(id);
        return f == null ? null : f.replica().backend();
    }

    /**
     * The owner removes {@code member} (as {@code gkm admin remove}): a leave rekey, published; its
     * connection is closed with a goodbye.
     *
     * @return the leave rekey's sequence, or -1 if it is not a member
     */
    public long remove(GkmpGroupId g, EntityId member) throws BackendException {
        return require(g).remove(member, true, "removed from the group");
    }

    /**
     * Retires delegated subtree {@code subtree} of group {@code g} (a departure rekey of its leaf; its
     * reports are refused from now on); returns the rekey's sequence, or -1 if it is not delegated
     * here or retired already.
     */
    public long retireSubtree(GkmpGroupId g, int subtree) throws BackendException {
        return require(g).retireSubtree(subtree);
    }

    /** A TEK change of group {@code g}, published; returns its sequence. */
    public long changeTek(GkmpGroupId g) throws BackendException {
        return require(g).changeTek();
    }

    /** Installs a newer CRL of the security manager {@code sm} and removes the members it revokes. */
    public List<EntityId> installCrl(GkmpGroupId g, Crl crl, EntityId sm) throws BackendException {
        return require(g).installCrl(crl, sm);
    }

    /** A member's state as the GCKS sees it. */
    public record MemberStatus(EntityId entity, int memberId, long senderId, boolean connected, boolean outOfSync) {
    }

    /** The registered members of {@code g}. */
    public List<MemberStatus> members(GkmpGroupId g) {
        return require(g).members().stream()
                .map(m -> new MemberStatus(m.entity, m.memberId, m.senderId, m.session.isOpen(), m.outOfSync())).toList();
    }

    /** Members in the key tree (registered or not). */
    public int treeMembers(GkmpGroupId g) {
        HostedGroup h = groups.get(g.value());
        return h != null ? h.treeMembers() : backend(g).memberIds().length;
    }

    /** The hosted and followed groups' ids, ascending. */
    public List<GkmpGroupId> groupIds() {
        java.util.SortedSet<Long> ids = new java.util.TreeSet<>(groups.keySet());
        ids.addAll(followed.keySet());
        return ids.stream().map(GkmpGroupId::new).toList();
    }

    /**
     * What {@code gkm admin status} shows of group {@code g}. On a replica that does not lead a
     * followed group: its committed state, and no members (they connect to the leader).
     */
    public GroupStatus status(GkmpGroupId g) {
        HostedGroup h = groups.get(g.value());
        if (h != null) {
            return GroupStatus.of(h, followed.containsKey(g.value()) ? GroupStatus.LEADER : GroupStatus.SINGLE,
                    parentStatus(g).orElse(null));
        }
        Followed f = followed.get(g.value());
        if (f == null) {
            throw new IllegalArgumentException("no group " + g + " here");
        }
        return GroupStatus.ofFollower(g, f.replica().backend(), f.timing().batchWindow(options), f.timing().tekLifetime(options),
                Refusal.notLeaderDetail(f.replica().leaderFrames().orElse(null)), parentStatus(g).orElse(null));
    }

    /**
     * The controller's audit log of group {@code g}, ending in a checkpoint signed now: the whole
     * chain from the group's creation when the log is in the group's store, else the records in memory.
     *
     * @throws BackendException the stored log cannot be read
     */
    public List<org.gkm.gkmp.log.LogEntry> auditLog(GkmpGroupId g) throws BackendException {
        return require(g).auditLog();
    }

    /** Closes {@code c} first when the server closes (endpoints started beside it, such as the admin endpoint). */
    public void closeWith(AutoCloseable c) {
        attached.add(Objects.requireNonNull(c));
    }

    private void tick() {
        long now = System.currentTimeMillis();
        for (HostedGroup g : groups.values()) {
            try {
                g.tick(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "tick of " + g.id + " failed", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // the tick thread stops first, and outside the monitor: a pass of it that is hosting or
        // retiring a followed group takes the monitor, and waiting for it while holding the monitor
        // would stall the close for the whole termination timeout
        ticker.shutdownNow();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "tick thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a replica that leads hands the lead over before its members' connections end, so they
        // reconnect to a leader that is already serving instead of waiting out an election
        for (Followed f : followed.values()) {
            if (groups.containsKey(f.replica().id().value())) {
                try {
                    boolean handed = f.replica().handOff(HAND_OFF_TIMEOUT);
                    LOG.log(System.Logger.Level.INFO, "{0}: lead {1}", f.replica().id(), handed ? "handed to another replica"
                            : "not handed over (the others elect a leader after their timeout)");
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: handing the lead over failed: {1}", f.replica().id(), e.toString());
                }
            }
        }
        reporters.values().forEach(SubtreeReporter::close);
        for (AutoCloseable c : attached) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing {0}: {1}", c, e.toString());
            }
        }
        if (http != null) {
            http.close();
        }
        net.close();
        if (multicast != null) {
            try {
                multicast.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "multicast close: {0}", e.toString());
            }
        }
        for (HostedGroup g : groups.values()) {
            if (!followed.containsKey(g.id.value())) {
                g.backend.close();
            }
        }
        for (Followed f : followed.values()) {
            f.replica().backend().close();
        }
        // nothing reads a link any more: the transport and the reporters are closed
        delegations.values().forEach(m -> m.values().forEach(org.gkm.rekey.delegation.SubtreeLink::destroy));
        reporters.values().forEach(r -> r.parent().link().destroy());
    }

    /** Whether every thread the server started has ended. */
    public boolean isTerminated() {
        return ticker.isTerminated() && net.isTerminated() && (multicast == null || multicast.isTerminated())
                && (http == null || http.isTerminated());
    }

    // ------------------------------------------------------------------ the exchanges

    private final class Publisher implements HostedGroup.Publisher {
        @Override
        public int push(HostedGroup group, EncodedFrame frame) {
            return net.broadcast(frame, group::pushesTo).queued();
        }

        @Override
        public void multicast(EncodedFrame frame) {
            if (multicast == null) {
                return;
            }
            if (frame.size() > org.gkm.gcks.net.FrameCodec.MAX_DATAGRAM_BYTES) {
                return; // members get it over their connection or by resync
            }
            try {
                multicast.publish(frame);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "multicast send failed: {0}", e.toString());
            }
        }
    }

    private final class Exchanges implements FrameHandler {
        @Override
        public void onOpen(Session session) {
            session.attach(new ConnState());
            metrics.connected(1);
        }

        @Override
        public void onFrame(Session session, Frame frame) throws FrameException {
            ConnState cs = (ConnState) session.attachment();
            switch (frame.type()) {
                case REGISTER -> {
                    Payloads.Register r = Payloads.register(frame);
                    HostedGroup g = groups.get(r.group());
                    if (g == null && followed.containsKey(r.group())) {
                        metrics.refused();
                        session.send(Payloads.registerRefused(Refusal.NOT_LEADER, leaderDetail(r.group())));
                        session.registrationDone();
                        return;
                    }
                    if (g == null || (cs.group != null && cs.group != g)) {
                        metrics.refused();
                        session.send(Payloads.registerRefused(Refusal.UNKNOWN_GROUP,
                                g == null ? "no such group" : "this connection registers in another group"));
                        session.registrationDone();
                        return;
                    }
                    g.register(session, cs, r.gkmpFrame());
                }
                case REKEY_ACK -> {
                    Payloads.Ack a = Payloads.ack(frame);
                    HostedGroup g = cs.group;
                    if (g != null && g.id.value() == a.group() && cs.registered) {
                        g.acked(cs, a.sequence());
                    }
                }
                case RESYNC_REQUEST -> {
                    Payloads.ResyncRequest q = Payloads.resyncRequest(frame);
                    metrics.resync(GcksMetrics.ResyncMethod.TCP);
                    session.send(Payloads.resyncReplyFrame(resyncBody(q.group(), q.after(), q.max())));
                }
                case DEREGISTER -> {
                    Payloads.Deregister d = Payloads.deregister(frame);
                    HostedGroup g = groups.get(d.group());
                    if (g == null) {
                        session.send(followed.containsKey(d.group())
                                ? Payloads.deregisterRefused(Refusal.NOT_LEADER, leaderDetail(d.group()))
                                : Payloads.deregisterRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                        return;
                    }
                    try {
                        session.send(Payloads.deregistered(g.deregister(d.memberId(), d.proof())));
                    } catch (HostedGroup.RefusedException e) {
                        session.send(Payloads.deregisterRefused(e.refusal, e.getMessage()));
                    } catch (BackendException e) {
                        LOG.log(System.Logger.Level.ERROR, "de-registration in " + g.id + " failed", e);
                        session.send(Payloads.deregisterRefused(Refusal.SERVER_ERROR, "store failed"));
                    }
                }
                case INITIATOR_VIEW_REQUEST -> {
                    InitiatorPayloads.ViewRequest q = InitiatorPayloads.viewRequest(frame);
                    HostedGroup g = groups.get(q.group());
                    session.send(g != null ? g.initiatorView(cs, q.target())
                            : followed.containsKey(q.group()) ? InitiatorPayloads.viewRefused(Refusal.NOT_LEADER, leaderDetail(q.group()))
                            : InitiatorPayloads.viewRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                }
                case MEMBER_REMOVE -> {
                    InitiatorPayloads.MemberRequest q = InitiatorPayloads.remove(frame);
                    HostedGroup g = groups.get(q.group());
                    if (g == null) {
                        session.send(followed.containsKey(q.group())
                                ? InitiatorPayloads.removeRefused(Refusal.NOT_LEADER, leaderDetail(q.group()))
                                : InitiatorPayloads.removeRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                        return;
                    }
                    g.memberRemove(session, cs, q);
                }
                case JOIN_VIEW_REQUEST -> {
                    InitiatorPayloads.JoinViewRequest q = InitiatorPayloads.joinViewRequest(frame);
                    HostedGroup g = groups.get(q.group());
                    session.send(g != null ? g.joinView(cs, q.joiner())
                            : followed.containsKey(q.group())
                                    ? InitiatorPayloads.joinViewRefused(Refusal.NOT_LEADER, leaderDetail(q.group()))
                                    : InitiatorPayloads.joinViewRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                }
                case MEMBER_ADD -> {
                    InitiatorPayloads.MemberRequest q = InitiatorPayloads.add(frame);
                    HostedGroup g = groups.get(q.group());
                    if (g == null) {
                        session.send(followed.containsKey(q.group())
                                ? InitiatorPayloads.addRefused(Refusal.NOT_LEADER, leaderDetail(q.group()))
                                : InitiatorPayloads.addRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                        return;
                    }
                    g.memberAdd(session, cs, q);
                }
                case SUBTREE_REPORT -> {
                    DelegationPayloads.Report q = DelegationPayloads.report(frame);
                    HostedGroup g = groups.get(q.group());
                    session.send(g != null ? g.subtreeReport(q.report())
                            : followed.containsKey(q.group()) ? DelegationPayloads.refused(Refusal.NOT_LEADER, leaderDetail(q.group()))
                            : DelegationPayloads.refused(Refusal.UNKNOWN_GROUP, "no such group"));
                }
                default -> throw new FrameException(FrameException.Reason.UNEXPECTED_TYPE, frame.type() + " not expected");
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            metrics.connected(-1);
            ConnState cs = (ConnState) session.attachment();
            if (cs != null && cs.group != null) {
                cs.group.closed(session, cs);
            }
        }
    }

    /** The detail of a NOT_LEADER refusal for followed group {@code group}. */
    private String leaderDetail(long group) {
        Followed f = followed.get(group);
        return Refusal.notLeaderDetail(f == null ? null : f.replica().leaderFrames().orElse(null));
    }

    /**
     * A resync answer body for group {@code group} (shared by TCP and HTTP); any replica of a
     * followed group answers from its committed state.
     */
    byte[] resyncBody(long group, long after, int max) {
        HostedGroup g = groups.get(group);
        Followed f = followed.get(group);
        if (g == null && f == null) {
            return Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "no such group");
        }
        if (after < 0 || max < 1) {
            return Payloads.refusedBody(Refusal.BAD_SEQUENCE, "after must be >= 0 and max >= 1");
        }
        return Resync.body(group, g != null ? g.backend : f.replica().backend(), after, Math.min(max, options.resyncMaxMessages()),
                options.net().maxFrameBytes() / 2);
    }
}
