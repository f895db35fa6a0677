package org.gkm.gcks.member;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.net.CloseReason;
import org.gkm.gcks.net.ControlFrames;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.server.DelegationPayloads;
import org.gkm.gcks.server.InMemoryGroupBackend;
import org.gkm.gcks.server.InitiatorPayloads;
import org.gkm.gkmp.lkh.PathBlob;
import org.gkm.gcks.server.ParentAccess;
import org.gkm.gcks.server.Payloads;
import org.gkm.gcks.server.Refusal;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpException;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Outbound;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.TrustAnchor;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.InitiatorView;
import org.gkm.rekey.MemberInitiator;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.OutOfSyncException;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.data.DataSaKey;
import org.gkm.rekey.delegation.DelegatedMember;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.TekId;
import org.gkm.rekey.store.StoredMessage;

/**
 * A group member's agent: registers with the GCKS through GKMP member join (its certificates), keeps
 * its keys current from pushed rekeys ({@link MemberKeyState} from the key-tree path of its key
 * download), acknowledges each, detects a gap by sequence number and resyncs over TCP after a random
 * back-off (RFC 4046 sec. 5.5), falls back to re-registration when the GCKS has compacted past its
 * sequence, and keeps the previous TEK for a grace window so data in flight across a rekey still
 * decrypts.
 *
 * <p>With a {@link ReconnectPolicy} that is {@linkplain ReconnectPolicy#enabled() on}, the agent
 * follows a replicated GCKS ({@link AgentConfig#replicas()}): a replica that does not lead the group
 * refuses the registration ({@link Refusal#NOT_LEADER}) naming the leader, and the agent registers
 * there if the leader is one of its configured replicas (the frame transport is not authenticated,
 * so a redirect elsewhere is not followed); otherwise, and when a replica cannot be reached, it
 * tries the next replica after a random back-off. When the connection it follows on ends without a
 * removal, {@link #pump} and {@link #awaitSequence} move to the other replicas the same way and
 * register again (resync (a): the GCKS keeps a confirmed member's place in the tree, and the keys
 * are brought to the new leader's head). A removed member never reconnects.
 *
 * <p>With a {@linkplain AgentConfig#parent() parent} (claim 18) the group is a delegated subtree of
 * the parent's group, and the agent follows both streams ({@link DelegatedMember}): its own group's
 * rekeys from its GCKS, and the parent's rekeys, which its GCKS relays ({@code PARENT_REKEY}). The
 * parent's keys are first built from the parent's published path of the subtree's leaf, opened
 * under the leaf keys the subtree's root derives; a parent message the agent is behind for is
 * preceded by the messages the parent GCKS gives on a resync; a replacement of the subtree's leaf
 * it holds no keys for is retried after catching up the subtree's own stream, and else the
 * parent's keys are rebuilt from the published path. The group's TEK ({@link #tekId()},
 * {@link #dataKey()}) is then the parent's.
 *
 * <p>It has no thread of its own: {@link #pump(Duration)} reads and handles the GCKS's frames for a
 * while, {@link #awaitSequence} until the keys reach a sequence. Not thread-safe (one owner).
 * {@link #close()} zeroes the key state.
 */
public final class MemberAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MemberAgent.class.getName());
    /** Messages asked for per resync request. */
    private static final int RESYNC_BATCH = 64;
    /** How often one registration is retried after a busy answer. */
    private static final int BUSY_RETRIES = 20;
    /** Longest silence towards the GCKS (below its default idle deadline of 120 s). */
    private static final Duration KEEPALIVE = Duration.ofSeconds(30);
    /** Bound on one TCP connect to a replica. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Relayed parent rekeys kept while they cannot be applied yet (older ones are fetched again by a resync). */
    private static final int PARENT_QUEUE_MAX = 1024;
    /** How often the parent's published path is fetched again while its keys are being obtained. */
    private static final Duration PARENT_RETRY = Duration.ofMillis(100);
    /** How long {@link #awaitParentSequence} waits for a relayed parent rekey before asking the parent itself. */
    private static final Duration PARENT_STALL = Duration.ofMillis(500);

    private final CryptoProvider provider;
    private final AgentConfig config;
    private final GroupId engineGroup;
    /** The member's GKMP node; replaced after a refused registration (its exchange does not outlive one). */
    private GkmpNode node;
    private final Credentials credentials;
    private final TrustAnchor anchor;
    private final Crl crl;
    /** The GCKS's rekey signing key (from the key download): also what signs initiator views. */
    private PublicKey gcksKey;
    private MemberConnection conn;
    /** The replica the agent talks to: one of the configured replicas. */
    private InetSocketAddress server;
    private MemberKeyState state;
    private SecretBytes clientKey;
    private int memberId = -1;
    private long senderId = -1;
    private TekId previousTekId;
    private SecretBytes previousTek;
    private long previousUntilNanos;
    private boolean removed;
    private String closedBecause;
    private final ArrayDeque<Frame> replies = new ArrayDeque<>();
    private long rejectedPushes;
    private long resyncs;
    private long reRegistrations;
    private long reconnects;
    private long lastSentNanos = System.nanoTime();
    /** The parent group's access when this group is a delegated subtree, else null. */
    private final ParentAccess parentAccess;
    /** Both streams of a delegated subtree's member, once the parent's keys are held (wraps {@link #state}). */
    private DelegatedMember delegated;
    /** Relayed parent rekeys not applied yet. */
    private final ArrayDeque<DelegationPayloads.ParentRekey> parentQueue = new ArrayDeque<>();
    /** Set while parent rekeys are applied: a re-registration on the way does not apply them again. */
    private boolean inParent;
    private long relayedParentRekeys;
    private long rejectedParentRekeys;
    private long parentResyncs;
    private long parentRebuilds;

    public MemberAgent(CryptoProvider provider, Credentials credentials, TrustAnchor anchor, Crl crl, AgentConfig config) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.engineGroup = GroupId.of("gkmp-" + config.group().value());
        this.credentials = credentials;
        this.anchor = anchor;
        this.crl = crl;
        this.node = newNode();
        this.server = config.gcks();
        this.parentAccess = config.parent();
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers (or registers again: resync (a)) over the agent's connection, opening it if needed.
     * Returns once the GCKS confirmed the registration and the keys are at its head sequence. With
     * failover on, a replica that does not lead the group, or cannot be reached, makes the agent
     * try the leader it names (if configured) or the next replica, within the policy's budget.
     *
     * @throws AgentException refused (with the {@link Refusal}; {@link Refusal#NOT_LEADER} when no
     *     replica registered the member within the budget), or the connection ended
     */
    public void register() throws IOException, AgentException {
        if (config.reconnect().enabled()) {
            failover(config.replicas().indexOf(server), false);
            return;
        }
        ensureConnected();
        String notLeader = registerHere();
        if (notLeader != null) {
            throw new AgentException(Refusal.NOT_LEADER, "registration refused: " + notLeader, null);
        }
    }

    /** Registers over the current connection; null once registered, else the detail of a NOT_LEADER refusal. */
    private String registerHere() throws IOException, AgentException {
        for (int attempt = 0;; attempt++) {
            Answer a;
            try {
                a = registerOnce();
            } catch (FrameException e) {
                throw new AgentException(null, "GCKS sent a malformed frame: " + e.getMessage(), e);
            }
            if (a.registered()) {
                return null;
            }
            if (a.notLeader() != null) {
                return a.notLeader();
            }
            if (attempt >= BUSY_RETRIES) {
                throw new AgentException("GCKS stayed busy");
            }
        }
    }

    /** How one registration attempt ended when it did not throw: registered, busy, or refused by a replica that does not lead. */
    private record Answer(boolean registered, String notLeader) {
        static final Answer REGISTERED = new Answer(true, null);
        static final Answer BUSY = new Answer(false, null);
    }

    /**
     * Registers with a replica that leads the group, starting at replica {@code first}: a redirect
     * to a configured replica is followed at once (a second redirect in a row waits first, so two
     * replicas that name each other do not spin); any other failure (no leader, a leader not
     * configured, a replica unreachable or gone mid-registration) makes the agent wait the policy's
     * back-off and try the next replica. After a lost connection ({@code lost}) it waits before the
     * first attempt too, so the members of a failed replica do not all arrive at once, and a replica
     * that does not host the group ({@link Refusal#UNKNOWN_GROUP}) is passed over like one that
     * cannot be reached: a restarting GCKS listens before it hosts its groups.
     *
     * @throws AgentException a refusal other than NOT_LEADER (the member is barred, ...), or the
     *     budget passed: {@link Refusal#NOT_LEADER} if a replica answered so, else UNKNOWN_GROUP if
     *     one answered that, else no refusal
     */
    private void failover(int first, boolean lost) throws IOException, AgentException {
        ReconnectPolicy rp = config.reconnect();
        List<InetSocketAddress> replicas = config.replicas();
        long deadline = System.nanoTime() + rp.budget().toNanos();
        int index = Math.max(0, first);
        InetSocketAddress target = replicas.get(index);
        boolean followed = false; // target is a leader named by the last answer
        boolean notLeaderSeen = false;
        boolean warned = false;
        boolean unknownGroupSeen = false;
        int failures = 0;
        String last = "";
        if (lost) {
            pause(rp.delay(0, ThreadLocalRandom.current()), deadline);
        }
        while (true) {
            InetSocketAddress redirect = null;
            try {
                if (conn == null || conn.isClosed() || !target.equals(server)) {
                    connectTo(target);
                }
                String notLeader = registerHere();
                if (notLeader == null) {
                    return;
                }
                notLeaderSeen = true;
                last = hostPort(target) + " does not lead the group (" + notLeader + ")";
                InetSocketAddress named = Refusal.leaderIn(notLeader).orElse(null);
                redirect = named == null ? null : config.replicaAt(named);
                if (named != null && redirect == null) {
                    if (!warned) { // once per failover: the replica repeats it at every attempt
                        LOG.log(System.Logger.Level.WARNING, "{0} names leader {1}, which is not a configured replica: not followed",
                                hostPort(target), hostPort(named));
                        warned = true;
                    }
                    last += "; not a configured replica";
                }
                if (target.equals(redirect)) {
                    redirect = null;
                }
            } catch (IOException e) {
                last = hostPort(target) + ": " + e.getMessage();
            } catch (AgentException e) {
                // after a loss, a replica that does not host the group yet is starting (it listens before it hosts)
                boolean starting = lost && e.refusal().orElse(null) == Refusal.UNKNOWN_GROUP;
                if (!(e.connectionLost() || starting) || removed) {
                    throw e;
                }
                if (starting) {
                    unknownGroupSeen = true;
                }
                last = hostPort(target) + ": " + e.getMessage();
            }
            dropConnection();
            failures++;
            boolean wait = redirect == null || followed;
            followed = redirect != null;
            if (redirect != null) {
                target = redirect;
                index = replicas.indexOf(redirect);
            } else {
                index = (index + 1) % replicas.size();
                target = replicas.get(index);
            }
            if (wait) {
                pause(rp.delay(failures - 1, ThreadLocalRandom.current()), deadline);
            }
            if (deadline - System.nanoTime() <= 0) {
                Refusal why = notLeaderSeen ? Refusal.NOT_LEADER : unknownGroupSeen ? Refusal.UNKNOWN_GROUP : null;
                throw new AgentException(why, "no replica of group " + config.group().value()
                        + " registered this member within " + rp.budget().toMillis() + " ms (" + failures + " attempts over "
                        + replicas.size() + " replica(s)); last: " + last, null);
            }
        }
    }

    /** Sleeps {@code d}, but not past {@code deadline}. */
    private static void pause(Duration d, long deadline) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
            sleep(Duration.ofNanos(Math.min(d.toNanos(), left)));
        }
    }

    /** Opens a connection to replica {@code target}; what was buffered from the previous one is dropped. */
    private void connectTo(InetSocketAddress target) throws IOException {
        dropConnection();
        server = target;
        replies.clear();
        closedBecause = null;
        node = newNode(); // an exchange begun with another replica does not continue here
        Duration connect = config.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? config.timeout() : CONNECT_TIMEOUT;
        conn = MemberConnection.connect(target, ServerConfig.DEFAULT_MAX_FRAME_BYTES, connect);
        lastSentNanos = System.nanoTime();
    }

    /** Closes the current connection, if any (it failed, or its replica does not lead). */
    private void dropConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the connection to {0}: {1}", hostPort(server), e.getMessage());
            }
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /**
     * After a failure while following the group: moves to another replica and registers again if the
     * connection was lost (not a removal) and failover is on, else throws {@code e}.
     */
    private void recover(Exception e) throws IOException, AgentException {
        boolean lost = e instanceof IOException || (e instanceof AgentException a && a.connectionLost());
        if (!lost || removed || state == null || !config.reconnect().enabled()) {
            if (e instanceof IOException io) {
                throw io;
            }
            throw (AgentException) e;
        }
        LOG.log(System.Logger.Level.INFO, "connection to {0} lost ({1}); moving to another replica", hostPort(server), e.getMessage());
        dropConnection();
        failover((config.replicas().indexOf(server) + 1) % config.replicas().size(), true);
        reconnects++;
    }

    /** A GKMP node with no exchange in progress. */
    private GkmpNode newNode() {
        return GkmpNode.builder(provider, credentials, anchor, crl).timeoutMillis(config.timeout().toMillis()).build();
    }

    /** One registration attempt: registered, busy (after waiting its retry-after), or a replica that does not lead. */
    private Answer registerOnce() throws IOException, FrameException, AgentException {
        sendGkmp(node.requestJoin(config.group(), config.controller(), System.currentTimeMillis()));
        PathBlob blob = null;
        while (true) {
            Frame f = next();
            switch (f.type()) {
                case BUSY -> {
                    sleep(ControlFrames.busy(f).retryAfter());
                    return Answer.BUSY;
                }
                case REKEY -> replies.addLast(f); // handled once registered (the reply names the head)
                case REGISTER_REPLY -> {
                    Payloads.RegisterReply r = Payloads.registerReply(f);
                    if (r.refused() != null) {
                        node = newNode(); // the refused exchange is over on the GCKS's side: the next register starts afresh
                        if (r.refused().refusal().orElse(null) == Refusal.NOT_LEADER) {
                            return new Answer(false, String.valueOf(r.refused().detail()));
                        }
                        throw new AgentException(r.refused().refusal().orElse(null),
                                "registration refused: " + r.refused().detail(), null);
                    }
                    if (r.gkmpFrame() != null) {
                        Result res;
                        try {
                            res = node.receive(r.gkmpFrame(), System.currentTimeMillis());
                        } catch (MalformedMessageException e) {
                            throw new AgentException(null, "GCKS sent a malformed GKMP frame: " + e.getMessage(), e);
                        }
                        for (Event e : res.events()) {
                            if (e instanceof Event.TreePathReceived p) {
                                try {
                                    blob = PathBlob.decode(p.path());
                                } catch (MalformedMessageException ex) {
                                    throw new AgentException(null, "key-tree path malformed: " + ex.getMessage(), ex);
                                }
                            } else if (e instanceof Event.Terminated t) {
                                node = newNode();
                                throw new AgentException(null, "GKMP exchange ended: " + t.report(), null);
                            }
                        }
                        sendGkmp(res);
                        continue;
                    }
                    Payloads.Registered ok = r.registered();
                    if (blob == null) {
                        throw new AgentException("registered without a key-tree path");
                    }
                    install(blob);
                    senderId = ok.senderId();
                    if (state.sequence() < ok.headSequence()) {
                        resyncTcp();
                    }
                    drainBuffered();
                    followParent();
                    return Answer.REGISTERED;
                }
                default -> handleAsync(f);
            }
        }
    }

    private void install(PathBlob blob) throws AgentException {
        try {
            MemberKeyState s = MemberKeyState.fromDownload(provider, config.policy(), engineGroup, blob.epoch(), blob.memberId(),
                    blob.clientKeys(), blob.authKey(), blob.signer(), blob.sealedPath());
            // a delegated member's group TEK is the parent's: the subtree's own TEK is not tracked
            boolean ownTek = parentAccess == null;
            TekId oldId = state == null || !ownTek ? null : state.tekId();
            SecretBytes oldTek = state == null || !ownTek ? null : state.tek();
            if (delegated != null) {
                if (blob.memberId() == delegated.subtreeState().memberId()) {
                    delegated.rebaseSubtree(s); // the parent's keys stay; a root changed meanwhile makes its leaf keys pending
                } else {
                    delegated.destroy(); // another place in the subtree: the parent's keys are built again
                    delegated = null;
                }
            }
            if (state != null) {
                state.destroy();
            }
            state = s;
            memberId = blob.memberId();
            gcksKey = blob.signer();
            if (clientKey != null) {
                clientKey.destroy();
            }
            clientKey = blob.clientKeys().clientKey();
            if (oldId != null && !oldId.equals(s.tekId())) {
                keepPrevious(oldId, oldTek);
            } else if (oldTek != null) {
                oldTek.destroy();
            }
        } catch (RekeyMessageException | RekeyEngineException e) {
            throw new AgentException(null, "key-tree path refused: " + e.getMessage(), e);
        } finally {
            blob.authKey().destroy();
            blob.clientKeys().destroy(); // the member state and clientKey hold their own copies
        }
    }

    private void sendGkmp(Result r) throws IOException {
        for (Outbound o : r.outbound()) {
            if (!o.isMulticast() && o.to().equals(config.controller())) {
                send(Payloads.register(config.group().value(), o.frame()));
            }
        }
    }

    private void ensureConnected() throws IOException {
        if (conn == null || conn.isClosed()) {
            conn = MemberConnection.connect(server);
            closedBecause = null;
        }
    }

    // ------------------------------------------------------------------ pushed rekeys

    /**
     * Reads and handles the GCKS's frames until {@code time} passes without one. With failover on, a
     * connection that ends without a removal is followed to another replica first (which may take up
     * to the policy's budget beyond {@code time}).
     *
     * @throws AgentException the connection ended (removed; or lost, and no replica registered the
     *     member again within the budget)
     */
    public void pump(Duration time) throws IOException, AgentException {
        requireNotRemoved();
        long deadline = System.nanoTime() + time.toNanos();
        drainOrRecover();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            step(left);
        }
    }

    /** Handles the frames kept during a registration; a lost connection is followed as {@link #recover} does. */
    private void drainOrRecover() throws IOException, AgentException {
        try {
            drainBuffered();
        } catch (IOException | AgentException e) {
            recover(e);
        }
    }

    /** Sends a keep-alive if due, then handles the next frame arriving within {@code leftNanos}, if any. */
    private void step(long leftNanos) throws IOException, AgentException {
        try {
            keepAlive();
            Frame f = poll(Duration.ofNanos(Math.min(leftNanos, KEEPALIVE.toNanos())));
            if (f != null) {
                handleAsync(f);
                drainParent();
            }
        } catch (IOException | AgentException e) {
            recover(e);
        }
    }

    /**
     * Handles frames until the keys are at sequence {@code sequence} or later. With failover on, a
     * lost connection is followed to another replica as {@link #pump} does.
     *
     * @throws AgentException not reached within {@code timeout}, or the connection ended
     */
    public void awaitSequence(long sequence, Duration timeout) throws IOException, AgentException {
        requireNotRemoved();
        long deadline = System.nanoTime() + timeout.toNanos();
        drainOrRecover();
        while (state.sequence() < sequence) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AgentException("keys at " + state.sequence() + ", not " + sequence + ", after " + timeout);
            }
            step(left);
        }
    }

    /** A removed member has nothing to follow (and must not reconnect to find something). */
    private void requireNotRemoved() throws AgentException {
        if (removed) {
            throw new AgentException("removed from the group" + (closedBecause == null ? "" : ": " + closedBecause));
        }
    }

    private void drainBuffered() throws IOException, AgentException {
        while (!replies.isEmpty()) {
            handleAsync(replies.pollFirst());
        }
        drainParent();
    }

    private void handleAsync(Frame f) throws IOException, AgentException {
        try {
            switch (f.type()) {
                case REKEY -> {
                    Payloads.Rekey r = Payloads.rekey(f);
                    if (r.group() == config.group().value()) {
                        onRekey(r.sequence(), r.message());
                    }
                }
                case GOODBYE -> {
                    ControlFrames.Goodbye g = ControlFrames.goodbye(f);
                    closedBecause = g.detail();
                    removed = g.reason().orElse(null) == CloseReason.CLOSED_BY_HANDLER && g.detail().startsWith("removed");
                    conn.close();
                    if (removed) {
                        throw new AgentException("GCKS closed the connection: " + g.detail());
                    }
                    throw AgentException.connectionLost("GCKS closed the connection: " + g.detail());
                }
                case PARENT_REKEY -> {
                    DelegationPayloads.ParentRekey r = DelegationPayloads.parentRekey(f);
                    if (parentAccess != null && r.group() == config.group().value()) {
                        relayedParentRekeys++;
                        if (parentQueue.size() >= PARENT_QUEUE_MAX) {
                            parentQueue.pollFirst(); // a gap: the parent's resync brings it again
                        }
                        parentQueue.addLast(r); // applied where no answer is awaited (drainParent)
                    }
                    // never buffered as a reply: next() would hand it straight back and the registration loop would spin on it
                }
                case PONG, PING, BUSY -> {
                    // nothing to do
                }
                default -> {
                    // a reply to no request in flight (the agent waits for one answer at a time): dropped.
                    // Kept, the waiting loops would take it back from the buffer at once and spin on it.
                }
            }
        } catch (FrameException e) {
            throw new AgentException(null, "GCKS sent a malformed frame: " + e.getMessage(), e);
        }
    }

    /** One pushed rekey: applied and acknowledged, a duplicate ignored, a gap resynced, a bad one counted. */
    private void onRekey(long sequence, byte[] sealed) throws IOException, AgentException {
        if (state == null) {
            return;
        }
        try {
            apply(sealed);
            send(Payloads.ack(config.group().value(), state.sequence()));
        } catch (OutOfSyncException e) {
            resyncTcp();
        } catch (RekeyMessageException | RekeyEngineException e) {
            rejectedPushes++;
            LOG.log(System.Logger.Level.DEBUG, "rekey {0} refused: {1}", sequence, e.getMessage());
        }
    }

    /** Applies one sealed message of this group; keeps the previous TEK for the grace window when the group's TEK changes. */
    private boolean apply(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        return tracking(() -> delegated != null ? delegated.processSubtree(sealed) : state.process(sealed))
                == MemberKeyState.Outcome.APPLIED;
    }

    /** A change of the key states. */
    @FunctionalInterface
    private interface KeyChange<T> {
        T run() throws RekeyMessageException, RekeyEngineException;
    }

    /** Runs {@code change}; keeps the group's previous TEK for the grace window when it changes the group's TEK. */
    private <T> T tracking(KeyChange<T> change) throws RekeyMessageException, RekeyEngineException {
        TekId before = groupTekId();
        SecretBytes beforeTek = before == null ? null : groupTek();
        boolean kept = false;
        try {
            T r = change.run();
            TekId after = groupTekId();
            if (before != null && after != null && !before.equals(after)) {
                keepPrevious(before, beforeTek);
                kept = true;
            }
            return r;
        } finally {
            if (!kept && beforeTek != null) {
                beforeTek.destroy();
            }
        }
    }

    /** The group's TEK id: the parent's for a delegated member (null while the parent's keys are not held). */
    private TekId groupTekId() {
        if (parentAccess == null) {
            return state == null ? null : state.tekId();
        }
        return delegated == null ? null : delegated.tekId();
    }

    /** A copy of the group's TEK ({@link #groupTekId()} is not null). */
    private SecretBytes groupTek() {
        return parentAccess == null ? state.tek() : delegated.tek();
    }

    private void keepPrevious(TekId id, SecretBytes tek) {
        if (previousTek != null) {
            previousTek.destroy();
        }
        previousTekId = id;
        previousTek = tek;
        previousUntilNanos = System.nanoTime() + config.tekGrace().toNanos();
    }

    // ------------------------------------------------------------------ resync

    /**
     * Resync (b): after a random back-off, asks the GCKS for the messages after its sequence until it
     * is at the head; falls back to re-registration (a) when the GCKS compacted past it. With failover
     * on, a lost connection is followed to another replica as {@link #pump} does.
     */
    public void resyncTcp() throws IOException, AgentException {
        resyncs++;
        backOff();
        try {
            resyncOverConnection();
        } catch (IOException | AgentException e) {
            // with failover on, a lost connection is followed to another replica, where registering
            // again brings the keys to its head (what the resync was for); anything else is thrown
            recover(e);
        }
    }

    /** Asks the connected GCKS for the messages after this member's sequence until there are no more. */
    private void resyncOverConnection() throws IOException, AgentException {
        while (true) {
            send(Payloads.resyncRequest(config.group().value(), state.sequence(), RESYNC_BATCH));
            Payloads.ResyncReply r;
            try {
                r = Payloads.resyncReply(awaitReply(FrameType.RESYNC_REPLY));
            } catch (FrameException e) {
                throw new AgentException(null, "malformed resync answer: " + e.getMessage(), e);
            }
            if (!applyResync(r)) {
                return;
            }
        }
    }

    /** Resync (c) of the messages: the HTTP posting of the messages after this member's sequence. */
    public void resyncHttp() throws IOException, AgentException {
        resyncs++;
        backOff();
        while (true) {
            HttpResponse<byte[]> resp = get("/groups/" + config.group().value() + "/messages?after=" + state.sequence());
            Payloads.ResyncReply r;
            try {
                r = Payloads.readResyncReply(resp.body());
            } catch (FrameException e) {
                throw new AgentException(null, "malformed resync answer (HTTP " + resp.statusCode() + "): " + e.getMessage(), e);
            }
            if (!applyResync(r)) {
                return;
            }
        }
    }

    /** Resync (c) of the state: rebuilds the keys from the posted path of this member's leaf. */
    public void resyncFromPath() throws IOException, AgentException {
        resyncs++;
        backOff();
        HttpResponse<byte[]> resp = get("/groups/" + config.group().value() + "/path/" + memberId);
        if (resp.statusCode() != 200) {
            throw new AgentException("no posted path for member " + memberId + " (HTTP " + resp.statusCode() + ")");
        }
        try {
            tracking(() -> {
                state.resync(resp.body());
                if (delegated != null) {
                    delegated.subtreeChanged();
                }
                return null;
            });
        } catch (RekeyMessageException | RekeyEngineException e) {
            throw new AgentException(null, "posted path refused: " + e.getMessage(), e);
        }
    }

    /** Applies one resync answer; returns whether more messages are to be fetched. */
    private boolean applyResync(Payloads.ResyncReply r) throws IOException, AgentException {
        if (r.refused() != null) {
            throw new AgentException(r.refused().refusal().orElse(null), "resync refused: " + r.refused().detail(), null);
        }
        if (r.isCompacted()) {
            reRegistrations++;
            register();
            return false;
        }
        for (StoredMessage m : r.messages()) {
            if (m.sequence() <= state.sequence()) {
                continue;
            }
            try {
                apply(m.message());
            } catch (RekeyMessageException | RekeyEngineException e) {
                throw new AgentException(null, "resync message " + m.sequence() + " refused: " + e.getMessage(), e);
            }
        }
        if (conn != null && !conn.isClosed()) {
            send(Payloads.ack(config.group().value(), state.sequence()));
        }
        return !r.messages().isEmpty() && state.sequence() < r.head();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, AgentException {
        if (config.http() == null) {
            throw new AgentException("no HTTP posting configured");
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout()).build()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(config.http().toString() + path)).timeout(config.timeout()).GET().build();
            return client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** RFC 4046 sec. 5.5: a uniformly random wait in [0, resyncBackoff) before asking, so members do not ask at once. */
    private void backOff() {
        long bound = config.resyncBackoff().toNanos();
        if (bound <= 0) {
            return;
        }
        byte[] r = provider.random().bytes(8);
        long v = 0;
        for (byte b : r) {
            v = (v << 8) | (b & 0xFF);
        }
        sleep(Duration.ofNanos(Math.floorMod(v, bound)));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next frame of type {@code type}; pushes and goodbyes that come first are handled. */
    private Frame awaitReply(FrameType type) throws IOException, AgentException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        List<Frame> pushes = new ArrayList<>();
        try {
            while (true) {
                Frame f = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (f.type() == type) {
                    return f;
                }
                if (f.type() == FrameType.REKEY) {
                    pushes.add(f); // applied after the resync answer
                } else {
                    handleAsync(f);
                }
            }
        } finally {
            for (Frame p : pushes) {
                replies.addLast(p);
            }
        }
    }

    /** The next frame if one begins within {@code wait} (the connection stays open otherwise). */
    private Frame poll(Duration wait) throws IOException, AgentException {
        try {
            return conn.poll(wait, config.timeout());
        } catch (FrameException e) {
            throw new AgentException(null, "GCKS sent a malformed frame: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw AgentException.connectionLost("GCKS closed the connection" + (closedBecause == null ? "" : ": " + closedBecause));
        }
    }

    /** A ping when nothing was sent for {@link #KEEPALIVE}, so an idle member outlives the GCKS's idle deadline. */
    private void keepAlive() throws IOException {
        if (System.nanoTime() - lastSentNanos > KEEPALIVE.toNanos()) {
            send(ControlFrames.ping(System.nanoTime()));
        }
    }

    private void send(org.gkm.gcks.net.EncodedFrame f) throws IOException {
        conn.send(f);
        lastSentNanos = System.nanoTime();
    }

    private Frame next() throws IOException, AgentException {
        return next(config.timeout());
    }

    private Frame next(Duration timeout) throws IOException, AgentException {
        Frame buffered = replies.peekFirst();
        if (buffered != null && buffered.type() != FrameType.REKEY) {
            return replies.pollFirst();
        }
        try {
            return conn.receive(timeout);
        } catch (FrameException e) {
            throw new AgentException(null, "GCKS sent a malformed frame: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw AgentException.connectionLost("GCKS closed the connection" + (closedBecause == null ? "" : ": " + closedBecause));
        }
    }

    // ------------------------------------------------------------------ the parent's stream (delegated subtree)

    /**
     * After a registration of a delegated subtree's member: the parent's keys held before are
     * caught up by the parent's resync, else (first registration, another place in the subtree, or
     * that failed) built from the parent's published path of the subtree's leaf. The path opens only
     * once the parent took the subtree's report of its current root (this registration may have
     * just changed it), so it is fetched again while this group's frames are handled, until the
     * agent's timeout.
     *
     * @throws AgentException the parent's keys could not be obtained within the timeout (the
     *     registration in this group stands)
     */
    private void followParent() throws IOException, AgentException {
        if (parentAccess == null) {
            return;
        }
        if (delegated != null) {
            try {
                resyncParentMessages();
                drainParent();
                return;
            } catch (AgentException e) {
                LOG.log(System.Logger.Level.DEBUG, "parent resync after a registration failed ({0}); rebuilding from the path",
                        e.getMessage());
            }
        }
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            AgentException last;
            try {
                rebuildParent();
                drainParent();
                return;
            } catch (AgentException e) {
                last = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AgentException(last.refusal().orElse(null), "registered in group " + config.group().value()
                        + ", but the parent group's keys were not obtained within " + config.timeout().toMillis() + " ms: "
                        + last.getMessage(), last);
            }
            // meanwhile this group's rekeys are applied (a newer root of the subtree derives other leaf keys)
            Frame f = poll(Duration.ofNanos(Math.min(left, PARENT_RETRY.toNanos())));
            if (f != null) {
                handleAsync(f);
            }
        }
    }

    /**
     * Builds the parent's keys from the parent's published path of the subtree's leaf (its RESYNC
     * view, signed by the parent and checked against {@link ParentAccess#signingKey()}), opened under
     * the leaf keys this group's current root derives. The view carries the parent's group
     * authentication key (under the root key), which replaces the placeholder the rebuild starts from.
     *
     * @throws AgentException no parent HTTP address answered with the path, or it does not open
     *     (the parent has not taken the report of this group's current root yet, or this member was
     *     removed); the held keys are unchanged
     */
    private void rebuildParent() throws AgentException {
        byte[] sealed = fetchParentPath();
        ParentAccess pa = parentAccess;
        ClientKeys leafKeys = state.delegatedLeafKeys(pa.policy().hybrid());
        byte[] placeholderBytes = provider.random().bytes(32);
        SecretBytes placeholder = SecretBytes.copyOf(placeholderBytes);
        java.util.Arrays.fill(placeholderBytes, (byte) 0);
        MemberKeyState built;
        boolean placeholderKept;
        try {
            GroupAuthKey auth = GroupAuthKey.of(0, placeholder);
            try {
                built = MemberKeyState.fromDownload(provider, pa.policy(), pa.engineGroup(), pa.epoch(), pa.member(), leafKeys, auth,
                        pa.signingKey(), sealed);
            } catch (RekeyMessageException | RekeyEngineException e) {
                throw new AgentException(null, "the parent's path of subtree leaf " + pa.member() + " is refused ("
                        + (e instanceof RekeyMessageException ? "not the parent's message" : "not under this subtree's keys") + "): "
                        + e.getMessage(), e);
            } finally {
                auth.destroy();
            }
            // the rebuild takes the parent's current key from the view; were it missing, the placeholder would stay
            GroupAuthKey taken = built.authKey();
            SecretBytes takenKey = taken.key();
            placeholderKept = takenKey.equalsConstantTime(placeholder);
            takenKey.destroy();
            taken.destroy();
        } finally {
            leafKeys.destroy();
            placeholder.destroy();
        }
        if (placeholderKept) {
            built.destroy();
            throw new AgentException("the parent's path carries no group authentication key");
        }
        if (delegated != null && built.sequence() < delegated.parentState().sequence()) {
            long held = delegated.parentState().sequence();
            built.destroy();
            throw new AgentException("the parent's path is at " + built.sequence() + ", older than the keys held (" + held + ")");
        }
        try {
            tracking(() -> {
                if (delegated == null) {
                    delegated = new DelegatedMember(provider, pa.policy(), pa.engineGroup(), pa.epoch(), pa.signingKey(), state, built);
                } else {
                    delegated.replaceParent(built);
                }
                return null;
            });
        } catch (RekeyMessageException | RekeyEngineException e) {
            throw new IllegalStateException("installing keys cannot fail", e);
        }
        parentRebuilds++;
    }

    /** The parent's sealed path of the subtree's leaf from the first parent HTTP address that has it. */
    private byte[] fetchParentPath() throws AgentException {
        String last = "no parent HTTP address";
        for (URI base : parentAccess.http()) {
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(config.timeout()).build()) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(base.toString() + "/groups/" + parentAccess.group() + "/path/"
                        + parentAccess.member())).timeout(config.timeout()).GET().build();
                HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (resp.statusCode() == 200) {
                    return resp.body();
                }
                last = base + ": HTTP " + resp.statusCode();
            } catch (IOException e) {
                last = base + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException(null, "interrupted while fetching the parent's path", e);
            }
        }
        throw new AgentException("no published parent path of subtree leaf " + parentAccess.member() + " (" + last + ")");
    }

    /** Applies the relayed parent rekeys queued so far (not while some are being applied, nor before the parent's keys are held). */
    private void drainParent() throws IOException, AgentException {
        if (inParent || parentAccess == null || state == null) {
            return;
        }
        if (delegated == null) {
            if (parentQueue.isEmpty()) {
                return;
            }
            // the parent's keys were not obtained at registration: a relayed rekey says the parent moved, try again
            try {
                rebuildParent();
            } catch (AgentException e) {
                LOG.log(System.Logger.Level.DEBUG, "parent keys still not obtained: {0}", e.getMessage());
                return;
            }
        }
        inParent = true;
        try {
            while (delegated != null && !parentQueue.isEmpty()) {
                DelegationPayloads.ParentRekey r = parentQueue.pollFirst();
                onParentRekey(r.parentSequence(), r.message());
            }
        } finally {
            inParent = false;
        }
    }

    /**
     * One relayed parent rekey: applied; after a gap, the messages between are fetched from the parent
     * first; one it holds no keys for is retried once this group's stream is caught up, else the
     * parent's keys are rebuilt from its path; a forged or corrupt one is counted. The relayed
     * sequence only skips what is already held: what is applied is checked by the message's own.
     */
    private void onParentRekey(long sequence, byte[] sealed) throws IOException, AgentException {
        if (sequence <= parentSequence()) {
            return;
        }
        try {
            try {
                applyParent(sealed);
                return;
            } catch (OutOfSyncException e) {
                resyncParentMessages();
                if (sequence <= parentSequence()) {
                    return;
                }
            } catch (RekeyMessageException e) {
                rejectedParentRekeys++;
                LOG.log(System.Logger.Level.DEBUG, "parent rekey {0} refused: {1}", sequence, e.getMessage());
                return;
            } catch (RekeyEngineException e) {
                LOG.log(System.Logger.Level.DEBUG, "parent rekey {0} does not apply ({1}); catching up", sequence, e.getMessage());
            }
            applyParentRecovering(sealed);
        } catch (AgentException e) {
            rejectedParentRekeys++;
            LOG.log(System.Logger.Level.DEBUG, "parent rekey {0} not applied: {1}", sequence, e.getMessage());
        }
    }

    /**
     * Applies a parent message that did not apply as it was: after catching up this group's stream
     * (a replacement of the subtree's leaf that came before this group's rekey that changed its
     * root), else by rebuilding the parent's keys from its path.
     *
     * @throws AgentException neither worked (the keys are as they were)
     */
    private void applyParentRecovering(byte[] sealed) throws AgentException {
        if (!removed && conn != null && !conn.isClosed() && state != null) {
            try {
                resyncTcp();
            } catch (IOException e) {
                // this group's connection, not the parent's: the next read on it finds the loss
                throw AgentException.connectionLost("catching up this group for a parent rekey: " + e.getMessage());
            }
            try {
                applyParent(sealed);
                return;
            } catch (RekeyMessageException | RekeyEngineException e) {
                LOG.log(System.Logger.Level.DEBUG, "parent rekey still does not apply ({0}); rebuilding from the path", e.getMessage());
            }
        }
        rebuildParent();
    }

    /** Applies one sealed parent message (a replacement of this subtree's leaf with the pending keys). */
    private void applyParent(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        tracking(() -> delegated.processParent(sealed));
    }

    /**
     * Brings the parent's keys to the parent's head: asks a parent GCKS ({@link ParentAccess#frames()})
     * for the parent's messages after the keys' sequence; a parent that compacted past them, or a
     * message the keys do not open (a root change of this subtree met on the way), leads to a rebuild
     * from the parent's path.
     *
     * @throws AgentException no parent GCKS answered, it refused, or the rebuild failed
     * @throws IllegalStateException not a delegated subtree's member, or its parent's keys not held
     */
    public void resyncParent() throws IOException, AgentException {
        if (delegated == null) {
            throw new IllegalStateException(parentAccess == null ? "not a delegated subtree's member" : "the parent's keys are not held");
        }
        backOff();
        resyncParentMessages();
    }

    private void resyncParentMessages() throws IOException, AgentException {
        parentResyncs++;
        String last = "no parent frame address";
        Duration connect = config.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? config.timeout() : CONNECT_TIMEOUT;
        for (InetSocketAddress a : parentAccess.frames()) {
            MemberConnection c;
            try {
                c = MemberConnection.connect(a, ServerConfig.DEFAULT_MAX_FRAME_BYTES, connect);
            } catch (IOException e) {
                last = hostPort(a) + ": " + e.getMessage();
                continue;
            }
            try (c) {
                resyncParentOver(c);
                return;
            } catch (IOException e) {
                last = hostPort(a) + ": " + e.getMessage();
            }
        }
        throw new AgentException("no parent GCKS answered a resync (" + last + ")");
    }

    /** The parent's messages after the keys' sequence over {@code c}, until its head. */
    private void resyncParentOver(MemberConnection c) throws IOException, AgentException {
        while (true) {
            c.send(Payloads.resyncRequest(parentAccess.group(), parentSequence(), RESYNC_BATCH));
            Payloads.ResyncReply r = parentResyncReply(c);
            if (r.refused() != null) {
                throw new AgentException(r.refused().refusal().orElse(null), "parent resync refused: " + r.refused().detail(), null);
            }
            if (r.isCompacted()) {
                rebuildParent();
                return;
            }
            for (StoredMessage m : r.messages()) {
                if (m.sequence() <= parentSequence()) {
                    continue;
                }
                try {
                    applyParent(m.message());
                } catch (RekeyMessageException | RekeyEngineException e) {
                    LOG.log(System.Logger.Level.DEBUG, "parent message {0} does not apply ({1})", m.sequence(), e.getMessage());
                    applyParentRecovering(m.message());
                    if (parentSequence() >= r.head()) {
                        return;
                    }
                }
            }
            if (r.messages().isEmpty() || parentSequence() >= r.head()) {
                return;
            }
        }
    }

    /** The RESYNC_REPLY on a parent connection (other frames, such as pings, are passed over). */
    private Payloads.ResyncReply parentResyncReply(MemberConnection c) throws IOException, AgentException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AgentException("the parent GCKS did not answer a resync within " + config.timeout().toMillis() + " ms");
                }
                Frame f = c.receive(Duration.ofNanos(left));
                if (f.type() == FrameType.RESYNC_REPLY) {
                    return Payloads.resyncReply(f);
                }
            }
        } catch (FrameException e) {
            throw new AgentException(null, "malformed parent resync answer: " + e.getMessage(), e);
        }
    }

    /**
     * Handles frames until the parent's keys are at sequence {@code sequence} or later; when no
     * relayed parent rekey brings them closer for a while, the agent asks the parent itself.
     *
     * @throws AgentException not reached within {@code timeout}, or the connection ended
     * @throws IllegalStateException not a delegated subtree's member
     */
    public void awaitParentSequence(long sequence, Duration timeout) throws IOException, AgentException {
        if (parentAccess == null) {
            throw new IllegalStateException("not a delegated subtree's member");
        }
        requireNotRemoved();
        long deadline = System.nanoTime() + timeout.toNanos();
        drainOrRecover();
        long seen = parentSequence();
        long progressNanos = System.nanoTime();
        while (parentSequence() < sequence) {
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                throw new AgentException("parent keys at " + parentSequence() + ", not " + sequence + ", after " + timeout);
            }
            if (now - progressNanos > PARENT_STALL.toNanos()) {
                try {
                    if (delegated == null) {
                        followParent();
                    } else {
                        resyncParent();
                    }
                } catch (AgentException e) {
                    LOG.log(System.Logger.Level.DEBUG, "parent resync while waiting failed: {0}", e.getMessage());
                }
                progressNanos = System.nanoTime();
            }
            step(Math.min(left, PARENT_RETRY.toNanos()));
            if (parentSequence() != seen) {
                seen = parentSequence();
                progressNanos = System.nanoTime();
            }
        }
    }

    /** The sequence number the parent's keys are at; -1 when not a delegated member or the parent's keys are not held. */
    public long parentSequence() {
        return delegated == null ? -1 : delegated.parentState().sequence();
    }

    /** Parent rekeys this group's GCKS relayed to the agent. */
    public long relayedParentRekeys() {
        return relayedParentRekeys;
    }

    /** Relayed parent rekeys that were not applied (forged, corrupt, or no keys for them, even after catching up). */
    public long rejectedParentRekeys() {
        return rejectedParentRekeys;
    }

    /** Resyncs of the parent's stream (asked of a parent GCKS). */
    public long parentResyncs() {
        return parentResyncs;
    }

    /** Builds of the parent's keys from the parent's published path (the first one included). */
    public long parentRebuilds() {
        return parentRebuilds;
    }

    // ------------------------------------------------------------------ de-registration

    /**
     * De-registers (RFC 4046 sec. 4.4): proves possession of the client key; the GCKS removes this
     * member with a leave rekey. Returns the leave rekey's sequence.
     */
    public long deregister() throws IOException, AgentException {
        byte[] msg = org.gkm.wire.WireWriter.growable().raw("gkm deregister v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .i64(config.group().value()).u32(memberId).toByteArray();
        byte[] proof = provider.mac().compute(clientKey, msg);
        send(Payloads.deregister(config.group().value(), memberId, proof));
        try {
            Payloads.DeregisterReply r = Payloads.deregisterReply(awaitReply(FrameType.DEREGISTER_REPLY));
            if (r.refused() != null) {
                throw new AgentException(r.refused().refusal().orElse(null), "de-registration refused: " + r.refused().detail(), null);
            }
            return r.sequence();
        } catch (FrameException e) {
            throw new AgentException(null, "malformed de-registration answer: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ member-initiated removal and join

    /** How often a member-initiated request is rebuilt when a rekey of the group overtook it. */
    private static final int REQUEST_ATTEMPTS = 4;

    /**
     * Removes member {@code target} from the group itself (hybrid tree, claims 13-14): fetches the
     * GCKS-signed view of the target's path, brings its keys to the view's sequence, builds the
     * MEMBER_REKEY message (fresh path keys and key pairs, each under the children's keys it holds
     * or their public keys), signs it with its identity key and sends it with its certificates,
     * which the GCKS checks for the {@code remove-member} right (claim 15). When a rekey overtook
     * the message (the GCKS refused it as stale), it is rebuilt on a fresh view. Returns the
     * removal's rekey sequence; the re-issued message then arrives as a push.
     *
     * @throws AgentException refused (with the {@link Refusal}: not authorised, unknown member, ...)
     */
    public long removeMember(EntityId target) throws IOException, AgentException {
        for (int attempt = 1;; attempt++) {
            try {
                return submitRemoval(prepareRemoval(target));
            } catch (AgentException e) {
                if (e.refusal().orElse(null) != Refusal.REKEY_REJECTED || attempt >= REQUEST_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Builds the removal of {@code target} without sending it ({@link #removeMember} sends it at
     * once): the view is fetched and verified, the keys brought to its sequence, the message built
     * and sealed. The request stays valid until the group's next rekey.
     *
     * @throws AgentException the view was refused, or a rekey kept overtaking it
     */
    public InitiatorPayloads.MemberRequest prepareRemoval(EntityId target) throws IOException, AgentException {
        if (state == null) {
            throw new AgentException("not registered");
        }
        long group = config.group().value();
        try {
            for (int attempt = 1;; attempt++) {
                send(InitiatorPayloads.viewRequest(group, target));
                InitiatorPayloads.View v = InitiatorPayloads.view(awaitReply(FrameType.INITIATOR_VIEW));
                if (v.refused() != null) {
                    throw new AgentException(v.refused().refusal().orElse(null), "removal refused: " + v.refused().detail(), null);
                }
                InitiatorView view = InitiatorView.verify(provider, config.policy(), engineGroup, gcksKey, v.signedView());
                if (catchUp(view)) {
                    int targetId = v.targetMemberId();
                    return new InitiatorPayloads.MemberRequest(group, target, credentials.certificate(),
                            credentials.permissions().encode(), seal(view, (init, keys) -> init.remove(view, memberId, keys, targetId)));
                }
                if (attempt >= REQUEST_ATTEMPTS) {
                    throw new AgentException("the group kept rekeying while the removal was built");
                }
            }
        } catch (FrameException e) {
            throw new AgentException(null, "malformed initiator view answer: " + e.getMessage(), e);
        } catch (RekeyEngineException e) {
            throw new AgentException(null, "cannot build the removal: " + e.getMessage(), e);
        }
    }

    /**
     * Sends a removal request ({@link #prepareRemoval}) and returns the committed rekey's sequence.
     *
     * @throws AgentException refused, with the {@link Refusal} ({@code REKEY_REJECTED}: a rekey
     *     overtook it, or it was sent before)
     */
    public long submitRemoval(InitiatorPayloads.MemberRequest request) throws IOException, AgentException {
        send(InitiatorPayloads.remove(request));
        try {
            InitiatorPayloads.RemoveReply r = InitiatorPayloads.removeReply(awaitReply(FrameType.MEMBER_REMOVE_REPLY));
            if (r.refused() != null) {
                throw new AgentException(r.refused().refusal().orElse(null), "removal refused: " + r.refused().detail(), null);
            }
            return r.sequence();
        } catch (FrameException e) {
            throw new AgentException(null, "malformed answer to a removal: " + e.getMessage(), e);
        }
    }

    /**
     * Adds {@code joiner} to the group itself (member-initiated join, hybrid tree, claims 13-14):
     * fetches the signed join view and the client public key the GCKS drew for the joiner, brings
     * its keys to the view's sequence, builds the MEMBER_REKEY message (fresh keys on the next
     * joiner's path, the TEK's next revision, the joiner's entry sealed to its client public key),
     * signs it with its identity key and sends it with its certificates ({@code add-member} right).
     * Rebuilt on a fresh view when a rekey overtook it. The joiner then registers to receive its
     * keys. Returns the join's rekey sequence.
     *
     * @throws AgentException refused (with the {@link Refusal})
     */
    public long addMember(EntityId joiner) throws IOException, AgentException {
        for (int attempt = 1;; attempt++) {
            try {
                return submitAddition(prepareAddition(joiner));
            } catch (AgentException e) {
                if (e.refusal().orElse(null) != Refusal.REKEY_REJECTED || attempt >= REQUEST_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Builds the addition of {@code joiner} without sending it ({@link #addMember} sends it at once);
     * valid until the group's next rekey or this connection's next join view.
     */
    public InitiatorPayloads.MemberRequest prepareAddition(EntityId joiner) throws IOException, AgentException {
        if (state == null) {
            throw new AgentException("not registered");
        }
        long group = config.group().value();
        try {
            for (int attempt = 1;; attempt++) {
                send(InitiatorPayloads.joinViewRequest(group, joiner));
                InitiatorPayloads.JoinView v = InitiatorPayloads.joinView(awaitReply(FrameType.JOIN_VIEW));
                if (v.refused() != null) {
                    throw new AgentException(v.refused().refusal().orElse(null), "join refused: " + v.refused().detail(), null);
                }
                InitiatorView view = InitiatorView.verify(provider, config.policy(), engineGroup, gcksKey, v.signedView());
                if (catchUp(view)) {
                    PublicKey joinerKey;
                    try {
                        joinerKey = PublicKey.decode(org.gkm.crypto.KeyType.X25519, v.joinerPublicKey());
                    } catch (org.gkm.crypto.InvalidKeyException e) {
                        throw new AgentException(null, "the joiner's client public key is invalid", e);
                    }
                    return new InitiatorPayloads.MemberRequest(group, joiner, credentials.certificate(),
                            credentials.permissions().encode(), seal(view, (init, keys) -> init.add(view, memberId, keys, joinerKey)));
                }
                if (attempt >= REQUEST_ATTEMPTS) {
                    throw new AgentException("the group kept rekeying while the join was built");
                }
            }
        } catch (FrameException e) {
            throw new AgentException(null, "malformed join view answer: " + e.getMessage(), e);
        } catch (RekeyEngineException e) {
            throw new AgentException(null, "cannot build the join: " + e.getMessage(), e);
        }
    }

    /** Sends an addition ({@link #prepareAddition}) and returns the committed rekey's sequence. */
    public long submitAddition(InitiatorPayloads.MemberRequest request) throws IOException, AgentException {
        send(InitiatorPayloads.add(request));
        try {
            InitiatorPayloads.AddReply r = InitiatorPayloads.addReply(awaitReply(FrameType.MEMBER_ADD_REPLY));
            if (r.refused() != null) {
                throw new AgentException(r.refused().refusal().orElse(null), "join refused: " + r.refused().detail(), null);
            }
            return r.sequence();
        } catch (FrameException e) {
            throw new AgentException(null, "malformed answer to a join: " + e.getMessage(), e);
        }
    }

    /**
     * Applies the pushes buffered so far and resyncs when the view is ahead; whether the keys are now
     * at the view's sequence (false: a rekey came between the view and the keys, ask again).
     */
    private boolean catchUp(InitiatorView view) throws IOException, AgentException {
        drainBuffered();
        if (view.sequence() > state.sequence()) {
            resyncTcp();
        }
        return view.sequence() == state.sequence();
    }

    /** Builds one MEMBER_REKEY message from this member's keys. */
    @FunctionalInterface
    private interface Build {
        RekeyMessage build(MemberInitiator initiator, MemberKeyState.HeldKeys keys) throws RekeyEngineException;
    }

    /** The message {@code build} makes from this member's keys, sealed with its identity key (every key copy zeroed after). */
    private byte[] seal(InitiatorView view, Build build) throws RekeyEngineException {
        MemberKeyState.HeldKeys keys = state.heldKeys(InsecureSecretAccess.get());
        GroupAuthKey auth = state.authKey();
        try {
            RekeyMessage m = build.build(new MemberInitiator(provider, EngineRandom.of(provider)), keys);
            return new RekeyMessageSealer(provider, config.policy().signatureAlgorithm(), credentials.signingKey().privateKey(),
                    MemberInitiator.senderId(memberId)).seal(m, auth);
        } finally {
            auth.destroy();
            zero(keys.keys(), keys.privateKeys(), keys.rootPrivateKey(), keys.tek());
        }
    }

    private static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                java.util.Arrays.fill(a, (byte) 0);
            }
        }
    }

    // ------------------------------------------------------------------ state

    /** The sequence number the keys are at. */
    public long sequence() {
        return state.sequence();
    }

    public int memberId() {
        return memberId;
    }

    /** The Data SA sender id the GCKS assigned at registration. */
    public long senderId() {
        return senderId;
    }

    /** The group's current TEK id (a delegated member's: the parent's). */
    public TekId tekId() {
        requireGroupKeys();
        return groupTekId();
    }

    /**
     * The fingerprint of the group's current TEK ({@link InMemoryGroupBackend#tekFingerprint(SecretBytes)};
     * a delegated member's: the parent's).
     */
    public String tekFingerprint() {
        requireGroupKeys();
        SecretBytes t = groupTek();
        try {
            return InMemoryGroupBackend.tekFingerprint(t);
        } finally {
            t.destroy();
        }
    }

    /** The Data SA key of the group's current TEK (a delegated member's: the parent group's). */
    public DataSaKey dataKey() {
        requireGroupKeys();
        SecretBytes t = groupTek();
        try {
            return DataSaKey.derive(provider, dataGroup(), groupTekId(), t);
        } finally {
            t.destroy();
        }
    }

    /** The engine group of the Data SA: the parent's for a delegated member (one TEK for the whole group). */
    private GroupId dataGroup() {
        return parentAccess == null ? engineGroup : parentAccess.engineGroup();
    }

    private void requireGroupKeys() {
        if (groupTekId() == null) {
            throw new IllegalStateException(parentAccess == null ? "not registered" : "the parent group's keys are not held");
        }
    }

    /** The Data SA key of the previous TEK while its grace window lasts. */
    public java.util.Optional<DataSaKey> previousDataKey() {
        if (previousTek == null || System.nanoTime() - previousUntilNanos > 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(DataSaKey.derive(provider, dataGroup(), previousTekId, previousTek));
    }

    /** Whether the GCKS closed this member's connection because it was removed from the group. */
    public boolean removed() {
        return removed;
    }

    /** Pushed rekeys that did not verify or apply (forged, corrupt, or after removal). */
    public long rejectedPushes() {
        return rejectedPushes;
    }

    /** Resyncs started (any method), and fallbacks to re-registration among them. */
    public long resyncs() {
        return resyncs;
    }

    public long reRegistrations() {
        return reRegistrations;
    }

    /** Moves to another replica (or the same one again) after a lost connection, each with a new registration. */
    public long reconnects() {
        return reconnects;
    }

    /** The replica the agent talks to (or last talked to): one of {@link AgentConfig#replicas()}. */
    public InetSocketAddress server() {
        return server;
    }

    /** Drops the connection without a goodbye (tests: a member that goes away and misses rekeys). */
    public void disconnect() throws IOException {
        if (conn != null) {
            conn.close();
        }
    }

    /** Opens a fresh connection (after {@link #disconnect()}): it is not registered, but can resync. */
    public void reconnect() throws IOException {
        conn = MemberConnection.connect(server);
        replies.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            if (conn != null && !conn.isClosed()) {
                conn.goodbye();
            }
        } finally {
            if (delegated != null) {
                delegated.destroy();
            }
            if (state != null) {
                state.destroy();
            }
            if (clientKey != null) {
                clientKey.destroy();
            }
            if (previousTek != null) {
                previousTek.destroy();
            }
        }
    }
}
