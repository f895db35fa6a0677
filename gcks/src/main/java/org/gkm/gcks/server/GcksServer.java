package org.gkm.gcks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
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
    private final FrameServer net;
    private final MulticastRekeySender multicast;
    private final ResyncHttp http;
    private final ScheduledThreadPoolExecutor ticker;
    private boolean closed;
    private final List<AutoCloseable> attached = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        groups.put(setup.id().value(), g);
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
            throw new IllegalArgumentException("no group " + g + " here");
        }
        return h;
    }

    /** The group's key server (status reads: sequence, fingerprint, TEK fingerprint). */
    public GroupBackend backend(GkmpGroupId g) {
        return require(g).backend;
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
        return require(g).treeMembers();
    }

    /** The hosted groups' ids, ascending. */
    public List<GkmpGroupId> groupIds() {
        return groups.keySet().stream().sorted().map(GkmpGroupId::new).toList();
    }

    /** What {@code gkm admin status} shows of group {@code g}. */
    public GroupStatus status(GkmpGroupId g) {
        return GroupStatus.of(require(g));
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : attached) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing {0}: {1}", c, e.toString());
            }
        }
        ticker.shutdownNow();
        try {
            if (!ticker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "tick thread did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            g.backend.close();
        }
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
                        session.send(Payloads.deregisterRefused(Refusal.UNKNOWN_GROUP, "no such group"));
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
                    session.send(g == null ? InitiatorPayloads.viewRefused(Refusal.UNKNOWN_GROUP, "no such group")
                            : g.initiatorView(cs, q.target()));
                }
                case MEMBER_REMOVE -> {
                    InitiatorPayloads.MemberRequest q = InitiatorPayloads.remove(frame);
                    HostedGroup g = groups.get(q.group());
                    if (g == null) {
                        session.send(InitiatorPayloads.removeRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                        return;
                    }
                    g.memberRemove(session, cs, q);
                }
                case JOIN_VIEW_REQUEST -> {
                    InitiatorPayloads.JoinViewRequest q = InitiatorPayloads.joinViewRequest(frame);
                    HostedGroup g = groups.get(q.group());
                    session.send(g == null ? InitiatorPayloads.joinViewRefused(Refusal.UNKNOWN_GROUP, "no such group")
                            : g.joinView(cs, q.joiner()));
                }
                case MEMBER_ADD -> {
                    InitiatorPayloads.MemberRequest q = InitiatorPayloads.add(frame);
                    HostedGroup g = groups.get(q.group());
                    if (g == null) {
                        session.send(InitiatorPayloads.addRefused(Refusal.UNKNOWN_GROUP, "no such group"));
                        return;
                    }
                    g.memberAdd(session, cs, q);
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

    /** A resync answer body for group {@code group} (shared by TCP and HTTP). */
    byte[] resyncBody(long group, long after, int max) {
        HostedGroup g = groups.get(group);
        if (g == null) {
            return Payloads.refusedBody(Refusal.UNKNOWN_GROUP, "no such group");
        }
        if (after < 0 || max < 1) {
            return Payloads.refusedBody(Refusal.BAD_SEQUENCE, "after must be >= 0 and max >= 1");
        }
        return g.resyncBody(after, Math.min(max, options.resyncMaxMessages()), options.net().maxFrameBytes() / 2);
    }
}
