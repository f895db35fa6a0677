package org.gkm.gkmp.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.log.InMemoryLogStore;
import org.gkm.gkmp.log.LogStore;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.TrustAnchor;

/**
 * One GKMP entity (RFC 2093 sec. 2): the protocol engine of a net member that can act as group
 * controller for the groups whose token names it and as member of the others. It does no I/O and
 * reads no clock: {@link #receive} consumes one frame with the current time and returns the
 * frames to send and the events that happened; {@link #tick} ends exchanges whose deadline passed.
 *
 * <p>Invariants: a malformed frame throws {@link MalformedMessageException} and changes nothing. A
 * well-formed frame that fails a check is handled by who can have sent it:
 * <ul>
 *   <li>if the check failed before the frame was authenticated as its sender's and fresh (bad
 *   signature or certificate, a sender it is not from, a failed decryption, a replay, a frame for
 *   no open exchange or for another one), it is <em>rejected</em>: nothing changes, no exchange ends,
 *   an {@link Event.Rejected} names the check, the per-check counter ({@link #rejections()}) goes
 *   up, and the log gets at most one summary record per {@link Builder#rejectionSummaryMillis}
 *   interval. So an eavesdropper replaying or forging frames can neither end an exchange nor grow
 *   the node's memory;</li>
 *   <li>if it failed after that point, the sender itself sent a frame its state refuses: the exchange
 *   with that sender ends (RFC 2093 sec. 5.2, 5.5: "the association is terminated"; sec. 5.3, 5.6,
 *   5.10: "the exchange is terminated and a report is generated"), an {@link Event.Terminated}
 *   names the check, and the log records it.</li>
 * </ul>
 * Keys reach the {@link KeyTable} only after every check of state 3, 8 or 10 passed. Every memory a
 * frame can grow is bounded: the replay windows ({@link Builder#replayWindow}), one parked frame per
 * exchange, the log in memory ({@link Builder#logRecordsInMemory}, older records go to the
 * {@link LogStore}). Not thread-safe: one owner feeds it.
 */
public final class GkmpNode {
    /** Default capacity of each replay memory ({@link Builder#replayWindow}). */
    public static final int DEFAULT_REPLAY_WINDOW = 4096;
    /** Default interval between two summaries of rejected frames in the log ({@link Builder#rejectionSummaryMillis}). */
    public static final long DEFAULT_REJECTION_SUMMARY_MILLIS = 60_000;
    /** Default freshness interval of time-stamped requests ({@link Builder#freshnessMillis}). */
    public static final long DEFAULT_FRESHNESS_MILLIS = 300_000;

    /** Parked frame waiting for a CRL update. */
    private record Parked(byte[] frame, long neededVersion, long deadline) {}

    private final NodeContext c;
    private final ControllerSide controller;
    private final MemberSide member;
    private final List<Parked> parked = new ArrayList<>();
    /** Per group, the GTEK whose RekeyDue was signalled (one event per key). */
    private final Map<GkmpGroupId, KeyId> rekeyDueSignalled = new HashMap<>();
    private long crlRequested = -1;
    private final Rejections rejections;

    private GkmpNode(NodeContext c, long rejectionSummaryMillis, long firstKeyId) {
        this.c = c;
        this.controller = new ControllerSide(c, firstKeyId);
        this.member = new MemberSide(c);
        this.rejections = new Rejections(c.log, c.id(), rejectionSummaryMillis);
    }

    /** Builder: provider, own credentials, security manager anchor and the initial CRL are required. */
    public static Builder builder(CryptoProvider p, Credentials me, TrustAnchor anchor, Crl crl) {
        return new Builder(p, me, anchor, crl);
    }

    /** Configures a {@link GkmpNode}. */
    public static final class Builder {
        private final CryptoProvider p;
        private final Credentials me;
        private final TrustAnchor anchor;
        private final Crl crl;
        private long timeoutMillis = 30_000;
        private int checkpointEvery = 8;
        private OutboundHook hook = OutboundHook.NONE;
        private TreePathSource treePaths = TreePathSource.NONE;
        private long freshnessMillis = DEFAULT_FRESHNESS_MILLIS;
        private int replayWindow = DEFAULT_REPLAY_WINDOW;
        private long rejectionSummaryMillis = DEFAULT_REJECTION_SUMMARY_MILLIS;
        private LogStore logStore;
        private int logRecordsInMemory = GroupLog.DEFAULT_IN_MEMORY;
        private long firstKeyId = 1;

        private Builder(CryptoProvider p, Credentials me, TrustAnchor anchor, Crl crl) {
            this.p = Objects.requireNonNull(p);
            this.me = Objects.requireNonNull(me);
            this.anchor = Objects.requireNonNull(anchor);
            this.crl = Objects.requireNonNull(crl);
        }

        /** How long an exchange may wait for the peer's next message. */
        public Builder timeoutMillis(long t) {
            if (t <= 0) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeoutMillis = t;
            return this;
        }

        /** The log is signed after every {@code n} records. */
        public Builder checkpointEvery(int n) {
            this.checkpointEvery = n;
            return this;
        }

        /**
         * How far the time stamp of a join request or a delete may be from this node's clock, either
         * way (clock skew plus transit); older copies are refused as stale. Default 5 minutes.
         */
        public Builder freshnessMillis(long t) {
            if (t <= 0) {
                throw new IllegalArgumentException("freshness interval must be positive");
            }
            this.freshnessMillis = t;
            return this;
        }

        /** Capacity of each replay memory (consumed frames, key shares, nonces). Default 4096. */
        public Builder replayWindow(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("replay window must be positive");
            }
            this.replayWindow = n;
            return this;
        }

        /** At most one log record summarising rejected frames per interval. Default 1 minute. */
        public Builder rejectionSummaryMillis(long t) {
            if (t <= 0) {
                throw new IllegalArgumentException("summary interval must be positive");
            }
            this.rejectionSummaryMillis = t;
            return this;
        }

        /** Where the log puts the records it no longer keeps in memory (default: a bounded {@link InMemoryLogStore}). */
        public Builder logStore(LogStore s) {
            this.logStore = Objects.requireNonNull(s);
            return this;
        }

        /** How many log records stay in memory before the oldest go to the store. */
        public Builder logRecordsInMemory(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("records in memory must be positive");
            }
            this.logRecordsInMemory = n;
            return this;
        }

        /** Fault injection for tests (see {@link OutboundHook}). */
        public Builder hook(OutboundHook h) {
            this.hook = Objects.requireNonNull(h);
            return this;
        }

        /** Where the controller gets each member's key-tree path for Download_Grp_Keys ({@link org.gkm.gkmp.lkh.LkhBinding}). */
        /**
         * The first key id this node issues as a controller (default 1). Members refuse key ids
         * not above the last they accepted from a controller, so a controller restarted from
         * durable state starts above every id it may have issued before.
         */
        public Builder firstKeyId(long id) {
            if (id < 1) {
                throw new IllegalArgumentException("first key id must be positive");
            }
            this.firstKeyId = id;
            return this;
        }

        public Builder treePaths(TreePathSource s) {
            this.treePaths = Objects.requireNonNull(s);
            return this;
        }

        public GkmpNode build() {
            LogStore store = logStore != null ? logStore : new InMemoryLogStore(GroupLog.DEFAULT_STORE_CAPACITY);
            // a stored log continues its chain after a restart instead of starting again at record 0
            GroupLog log = store instanceof org.gkm.gkmp.log.GroupStoreLog stored
                    ? new GroupLog(p, me.id(), me.signingKey(), checkpointEvery, store, logRecordsInMemory, stored.nextSeq(),
                            stored.lastHash())
                    : new GroupLog(p, me.id(), me.signingKey(), checkpointEvery, store, logRecordsInMemory);
            return new GkmpNode(new NodeContext(p, me, anchor, crl, log, hook, treePaths, timeoutMillis, freshnessMillis,
                    replayWindow), rejectionSummaryMillis, firstKeyId);
        }
    }

    public EntityId id() {
        return c.id();
    }

    /** The next key id this node issues as a controller (what a durable controller keeps above). */
    public long nextControllerKeyId() {
        return controller.nextKeyId();
    }

    public KeyTable keyTable() {
        return c.table;
    }

    public GroupLog log() {
        return c.log;
    }

    public long crlVersion() {
        return c.crl.version();
    }

    /** Confirmed members of a group this node controls (the group definition), empty otherwise. */
    public Set<EntityId> members(GkmpGroupId g) {
        ControllerSide.Group grp = controller.group(g);
        return grp == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(grp.members));
    }

    /** Number of exchanges in progress (controller and member side) and parked frames. */
    public int openExchanges() {
        return controller.exchanges.size() + member.exchanges.size() + parked.size();
    }

    /** Frames rejected before authentication since the node started, per failed check (a read-only snapshot). */
    public Map<Check, Long> rejections() {
        return rejections.snapshot();
    }

    /** Sizes of the memories input can grow, each bounded by its configured capacity. */
    public record MemoryUse(int consumedFrames, int keyShares, int nonces, int parkedFrames, int logRecordsInMemory) {}

    public MemoryUse memoryUse() {
        int[] replay = c.replayMemory();
        return new MemoryUse(replay[0], replay[1], replay[2], parked.size(), c.log.size());
    }

    /**
     * Everything a frame could change besides the log: key table (keys by fingerprint, token
     * versions), exchanges, group definitions, pending joins, CRL version. Tests compare it before
     * and after rejected input.
     */
    public String stateFingerprint() {
        StringBuilder sb = new StringBuilder(c.table.fingerprint(c.ks));
        sb.append("|ctl:").append(new TreeSet<>(controller.exchanges.keySet().stream().map(Object::toString).toList()));
        new java.util.TreeMap<>(controller.groups).forEach((g, grp) -> sb.append("|grp:").append(g).append(grp.members).append(grp.retired)
                .append(new TreeSet<>(grp.pendingDeletes.keySet())));
        sb.append("|mem:").append(new TreeSet<>(member.exchanges.keySet().stream().map(Object::toString).toList()));
        sb.append("|join:").append(new java.util.TreeMap<>(member.pendingJoins)).append("|crl:").append(c.crl.version()).append("|parked:").append(parked.size());
        return sb.toString();
    }

    // ---- inputs ----

    /**
     * Handles one received frame at time {@code nowMillis}.
     *
     * @throws MalformedMessageException if the frame does not decode; nothing changed
     */
    public Result receive(byte[] frame, long nowMillis) throws MalformedMessageException {
        Frame f = Codec.decode(frame);
        Result r = new Result();
        handle(f, nowMillis, r, false);
        return r;
    }

    private void handle(Frame f, long now, Result r, boolean resumed) {
        Header h = f.header();
        MessageType t = h.type();
        if (h.sender().equals(c.id())) {
            return; // our own multicast coming back
        }
        c.beginFrame();
        if (h.recipient() != null && !h.recipient().equals(c.id())) {
            fail(f, new VerificationException(Check.OUT_OF_ORDER, "addressed to " + h.recipient()), now, r);
            return;
        }
        if ((t == MessageType.DELETE_GROUP || t == MessageType.DELETE_GROUP_KEYS) && member.deleted.contains(h.group())
                && !c.table.holds(h.group())) {
            return; // a repeat of a delete already carried out (sec. 6.4.2: "several multicasts")
        }
        if (t == MessageType.CRL_UPDATE) {
            onCrlUpdate(f, (Messages.CrlUpdate) f.body(), now, r);
            return;
        }
        if (!resumed && c.seenBefore(f)) {
            fail(f, new VerificationException(Check.REPLAY, "a frame with this signed content was consumed before"), now, r);
            return;
        }
        try {
            dispatch(f, now, r);
        } catch (VerificationException e) {
            fail(f, e, now, r);
        } catch (NeedCrlException e) {
            park(f, e.version, now, r);
        }
    }

    private void dispatch(Frame f, long now, Result r) throws VerificationException, NeedCrlException {
        Messages.Body b = f.body();
        switch (f.header().type()) {
            case COMMAND_CREATE_GROUP:
                controller.onCommand(f, (Messages.CommandCreateGroup) b, now, r);
                return;
            case CREATE_GRP_KEYS_1:
                member.onCreateKeys1(f, (Messages.CreateGrpKeys1) b, now, r);
                return;
            case CREATE_GRP_KEYS_2:
                controller.onCreateKeys2(f, (Messages.CreateGrpKeys2) b, now, r);
                return;
            case NEGOTIATE_GRP_KEYS_1:
                member.onNegotiate1(f, (Messages.NegotiateGrpKeys1) b, now, r);
                return;
            case NEGOTIATE_GRP_KEYS_2:
                controller.onNegotiate2(f, (Messages.NegotiateGrpKeys2) b, now, r);
                return;
            case CREATE_SESSION_KEK_1:
                member.onCreateSession1(f, (Messages.CreateSessionKek1) b, now, r);
                return;
            case CREATE_SESSION_KEK_2:
                controller.onCreateSession2(f, (Messages.CreateSessionKek2) b, now, r);
                return;
            case NEGOTIATE_SESSION_KEYS_1:
                member.onNegotiateSession1(f, (Messages.NegotiateSessionKeys1) b, now, r);
                return;
            case NEGOTIATE_SESSION_KEYS_2:
                controller.onNegotiateSession2(f, (Messages.NegotiateSessionKeys2) b, now, r);
                return;
            case DOWNLOAD_GRP_KEYS:
                member.onDownload(f, (Messages.DownloadGrpKeys) b, now, r);
                return;
            case KEY_DOWNLOAD_ACK:
                controller.onKeyDownloadAck(f, (Messages.KeyDownloadAck) b, now, r);
                return;
            case REKEY_MULTICAST:
                member.onRekey(f, (Messages.RekeyMulticast) b, now, r);
                return;
            case REQUEST_GROUP_JOIN:
                controller.onJoinRequest(f, (Messages.RequestGroupJoin) b, now, r);
                return;
            case DELETE_GROUP_KEYS:
            case DELETE_GROUP:
                member.onDelete(f, (Messages.DeleteGroupKeys) b, now, r);
                return;
            case GRP_KEYS_DELETED_ACK:
            case GROUP_DELETED_ACK:
                controller.onDeleteAck(f, (Messages.GrpKeysDeletedAck) b, now, r);
                return;
            case CRL_REQUEST:
                throw new VerificationException(Check.REQUEST_TYPE, "only the security manager serves CRL requests");
            default:
                throw new VerificationException(Check.OUT_OF_ORDER, "unexpected " + f.header().type());
        }
    }

    /** The RFC state a message is handled in (sec. 5, figures 1-6); 0 for gkm's CRL messages. */
    static int stateOf(MessageType t) {
        switch (t) {
            case COMMAND_CREATE_GROUP:
                return 1;
            case CREATE_GRP_KEYS_1:
            case CREATE_GRP_KEYS_2:
                return 2;
            case NEGOTIATE_GRP_KEYS_1:
                return 3;
            case NEGOTIATE_GRP_KEYS_2:
                return 4;
            case CREATE_SESSION_KEK_1:
            case CREATE_SESSION_KEK_2:
                return 5;
            case NEGOTIATE_SESSION_KEYS_1:
                return 6;
            case NEGOTIATE_SESSION_KEYS_2:
                return 7;
            case DOWNLOAD_GRP_KEYS:
                return 8;
            case KEY_DOWNLOAD_ACK:
            case GRP_KEYS_DELETED_ACK:
            case GROUP_DELETED_ACK:
                return 9;
            case REKEY_MULTICAST:
                return 10;
            case REQUEST_GROUP_JOIN:
                return 11;
            case DELETE_GROUP_KEYS:
                return 12;
            case DELETE_GROUP:
                return 13;
            default:
                return 0;
        }
    }

    /**
     * A check failed on {@code f}. Before the frame was authenticated and fresh: rejected (counted,
     * summarised, nothing else). After: the exchange with the sender ends, reported and logged.
     */
    private void fail(Frame f, VerificationException e, long now, Result r) {
        Header h = f.header();
        Report rep = new Report(h.group(), h.sender(), stateOf(h.type()), h.type(), e.check(), e.getMessage(), now);
        if (!c.frameAuthenticated()) {
            reject(rep, r);
            return;
        }
        boolean ended = controller.abort(h.group(), h.sender()) | member.abort(h.group(), h.sender());
        dropParked(h.group(), h.sender());
        terminated(rep, ended, r);
    }

    /** Counts a rejected frame; the log gets a summary at most once per interval. */
    private void reject(Report rep, Result r) {
        rejections.count(rep.check(), rep.atMillis());
        r.event(new Event.Rejected(rep));
    }

    private void terminated(Report rep, boolean ended, Result r) {
        c.log.append(rep.atMillis(), c.id(), rep.group(), "TERMINATED",
                "state " + rep.state() + " " + rep.message() + " from " + rep.peer() + ": check " + rep.check()
                        + (ended ? " (exchange ended)" : "") + ": " + rep.detail());
        r.event(new Event.Terminated(rep));
    }

    // ---- CRL update (sec. 1.1) ----

    private void park(Frame f, long version, long now, Result r) {
        if (isParked(f.header().group(), f.header().sender())) {
            return; // one frame per exchange waits; a copy adds nothing
        }
        parked.add(new Parked(f.encoded(), version, now + c.timeoutMillis));
        if (version > crlRequested) {
            crlRequested = version;
            Header h = new Header(MessageType.CRL_REQUEST, f.header().group(), c.id(), c.anchor.id());
            r.send(new Outbound(c.anchor.id(), f.header().group(), Codec.encode(h, new Messages.CrlRequest(c.crl.version()))));
            c.log.append(now, c.id(), f.header().group(), "CRL_FETCH", "peer " + f.header().sender() + " announced CRL v" + version
                    + ", local v" + c.crl.version());
        }
    }

    private boolean isParked(GkmpGroupId g, EntityId sender) {
        for (Parked p : parked) {
            try {
                Header h = Codec.decode(p.frame()).header();
                if (h.group().equals(g) && h.sender().equals(sender)) {
                    return true;
                }
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("parked frame no longer decodes", e);
            }
        }
        return false;
    }

    private void dropParked(GkmpGroupId g, EntityId sender) {
        parked.removeIf(p -> {
            try {
                Header h = Codec.decode(p.frame()).header();
                return h.group().equals(g) && h.sender().equals(sender);
            } catch (MalformedMessageException e) {
                return true;
            }
        });
    }

    private void onCrlUpdate(Frame f, Messages.CrlUpdate m, long now, Result r) {
        Crl crl = m.crl();
        try {
            crl.verify(c.p, c.anchor);
        } catch (VerificationException e) {
            fail(f, e, now, r);
            return;
        }
        // A CRL is never rolled back, and an old one is no answer: anyone can replay a CRL the
        // security manager signed long ago. Frames waiting for a newer version keep waiting until
        // their deadline (tick reports CRL_UPDATE), so a replayed CRL cannot end their exchanges.
        if (crl.version() <= c.crl.version()) {
            reject(new Report(f.header().group(), f.header().sender(), 0, f.header().type(), Check.STALE,
                    "CRL v" + crl.version() + " is not newer than the local v" + c.crl.version(), now), r);
            return;
        }
        c.crl = crl;
        c.log.append(now, c.id(), null, "CRL_INSTALLED", "version " + crl.version() + ", " + crl.revoked().size() + " entries");
        r.event(new Event.CrlInstalled(crl.version()));
        List<Parked> ready = new ArrayList<>();
        for (Iterator<Parked> it = parked.iterator(); it.hasNext();) {
            Parked p = it.next();
            if (p.neededVersion() <= crl.version()) {
                ready.add(p);
                it.remove();
            }
        }
        if (parked.isEmpty()) {
            crlRequested = -1;
        }
        for (Parked p : ready) {
            try {
                handle(Codec.decode(p.frame()), now, r, true);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("parked frame no longer decodes", e);
            }
        }
    }

    // ---- clock ----

    /** Ends exchanges whose deadline passed (report {@link Check#TIMEOUT}) and signals due rekeys. */
    public Result tick(long nowMillis) {
        Result r = new Result();
        for (ControllerSide.Exchange e : controller.expire(nowMillis)) {
            terminated(new Report(e.group, e.peer, 0, null, Check.TIMEOUT, "no answer while " + e.stage, nowMillis), true, r);
        }
        for (MemberSide.Exchange e : member.expire(nowMillis)) {
            terminated(new Report(e.group, e.controller, 0, null, Check.TIMEOUT, "no answer while " + e.stage, nowMillis), true, r);
        }
        for (Iterator<Parked> it = parked.iterator(); it.hasNext();) {
            Parked p = it.next();
            if (nowMillis > p.deadline()) {
                it.remove();
                try {
                    Header h = Codec.decode(p.frame()).header();
                    controller.abort(h.group(), h.sender());
                    member.abort(h.group(), h.sender());
                    terminated(new Report(h.group(), h.sender(), stateOf(h.type()), h.type(), Check.CRL_UPDATE,
                            "announced CRL v" + p.neededVersion() + " did not arrive (local v" + c.crl.version() + ")", nowMillis),
                            true, r);
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("parked frame no longer decodes", e);
                }
            }
        }
        for (GkmpGroupId g : member.expireJoins(nowMillis)) {
            c.log.append(nowMillis, c.id(), g, "JOIN_EXPIRED", "no answer to the join request");
        }
        rekeyDueSignalled.keySet().removeIf(g -> !c.table.holds(g));
        for (long g : new TreeSet<>(groupIds())) {
            GroupEntry e = c.table.get(new GkmpGroupId(g)).orElseThrow();
            if (nowMillis >= e.expiresAtMillis() && !e.gtekId().equals(rekeyDueSignalled.get(e.group()))) {
                rekeyDueSignalled.put(e.group(), e.gtekId());
                r.event(new Event.RekeyDue(e.group(), e.gtekId()));
            }
        }
        rejections.summarise(nowMillis);
        return r;
    }

    private Set<Long> groupIds() {
        Set<Long> s = new HashSet<>();
        for (ControllerSide.Group g : controller.groups.values()) {
            if (c.table.holds(g.token.groupId())) {
                s.add(g.token.groupId().value());
            }
        }
        return s;
    }

    // ---- local commands ----

    /** Sec. 6.3: asks {@code gc} to join group {@code g}; the answer arrives as Create_Session_KEK_1. */
    public Result requestJoin(GkmpGroupId g, EntityId gc, long nowMillis) {
        Result r = new Result();
        byte[] frame = member.requestJoin(g, gc, nowMillis);
        c.log.append(nowMillis, c.id(), g, "JOIN_REQUESTED", "to " + gc);
        r.send(new Outbound(gc, g, frame));
        return r;
    }

    /** Sec. 6.4.1: orders the listed members to delete the group keys (Delete_Group_Keys under the GTEK). */
    public Result deleteMembers(GkmpGroupId g, List<EntityId> members, long nowMillis) {
        Result r = new Result();
        controller.deleteMembers(g, List.copyOf(members), nowMillis, r);
        return r;
    }

    /**
     * Sec. 6.4.2: after the alternative group (without the compromised members) was created, cancels
     * {@code old} with {@code repeats} multicasts of Delete_Group naming {@code alternative}.
     */
    public Result hostileDelete(GkmpGroupId old, GkmpGroupId alternative, int repeats, long nowMillis) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive");
        }
        Result r = new Result();
        controller.hostileDelete(old, alternative, repeats, nowMillis, r);
        return r;
    }

    /** Drops a retired group's keys at the GC even though some acknowledgements never came. */
    public Result retireGroup(GkmpGroupId g, long nowMillis) {
        Result r = new Result();
        if (controller.group(g) != null) {
            controller.retire(g, nowMillis, r);
        }
        return r;
    }

    /** Whether this controller's exchange with {@code member} waits for a deferred tree path ({@link Event.PathDeferred}). */
    public boolean awaitsPath(GkmpGroupId g, EntityId member) {
        return controller.awaitsPath(g, member);
    }

    /**
     * Hands {@code member}'s deferred tree path ({@link Event.PathDeferred}) to its exchange:
     * Download_Grp_Keys, carrying the group's current keys and {@code path}, is in the result. The
     * array is zeroed.
     *
     * @throws IllegalStateException if no exchange with {@code member} waits for its path (see
     *     {@link #awaitsPath}), or the path is too long
     */
    public Result deliverPath(GkmpGroupId g, EntityId member, byte[] path, long nowMillis) {
        Result r = new Result();
        controller.deliverPath(g, member, java.util.Objects.requireNonNull(path, "path"), nowMillis, r);
        return r;
    }

    /**
     * Ends the exchange with {@code member} that waits for its deferred tree path, because the path
     * cannot be had (the key server could not commit the join): reported and logged as
     * {@link Check#JOIN_NOT_AVAILABLE}. Nothing happens if no exchange waits.
     */
    public Result refusePath(GkmpGroupId g, EntityId member, String why, long nowMillis) {
        Result r = new Result();
        if (controller.awaitsPath(g, member)) {
            controller.abort(g, member);
            terminated(new Report(g, member, stateOf(MessageType.NEGOTIATE_SESSION_KEYS_2), MessageType.NEGOTIATE_SESSION_KEYS_2,
                    Check.JOIN_NOT_AVAILABLE, why, nowMillis), true, r);
        }
        return r;
    }

    /**
     * Drops {@code member} from the definition of group {@code g}, which this node controls, after
     * the group's key server removed it with a rekey (an LKH leave: it holds no current key, so no
     * Delete_Grp_Keys exchange is run): it no longer counts toward the token's membership limit, and
     * it may join again if the group admits it. Logged ({@code MEMBER_REKEYED_OUT}).
     *
     * @return whether it was a member
     */
    public boolean memberRekeyedOut(GkmpGroupId g, EntityId member, long nowMillis) {
        return controller.rekeyedOut(g, java.util.Objects.requireNonNull(member, "member"), nowMillis);
    }

    /**
     * Sec. 6.1.3 for an existing member: runs the session exchange (states 5-9) again with
     * {@code member}, e.g. to hand it its key-tree path once the group is managed by the rekey engine.
     */
    public Result redistribute(GkmpGroupId g, EntityId member, long nowMillis) {
        ControllerSide.Group grp = controller.group(g);
        if (grp == null || !c.table.holds(g)) {
            throw new IllegalStateException(g + " is not a group this node controls");
        }
        Result r = new Result();
        controller.startDistribution(grp, member, org.gkm.gkmp.message.Request.DISTRIBUTE_KEYS, nowMillis, r);
        return r;
    }

    /**
     * Issue sec. 5: makes the rekey engine's TEK the GTEK and its root KEK the GKEK of {@code g}
     * after an LKH rekey message was applied (by the GC's engine or a member's key state), so
     * GKMP's own Rekey_Multicast keeps working under the engine's root KEK. Logged.
     */
    public Result adoptKeys(GkmpGroupId g, KeyId gtekId, org.gkm.crypto.SecretBytes gtek, KeyId gkekId,
            org.gkm.crypto.SecretBytes gkek, long nowMillis) {
        GroupEntry cur = c.table.get(g).orElseThrow(() -> new IllegalStateException(g + " is not held here"));
        if (gtek.length() != KeySchedule.KEY_LENGTH || gkek.length() != KeySchedule.KEY_LENGTH) {
            throw new IllegalArgumentException("GTEK and GKEK must be " + KeySchedule.KEY_LENGTH + " bytes");
        }
        c.table.install(new GroupEntry(g, cur.controller(), cur.token(), gtekId, org.gkm.crypto.SecretBytes.copyOf(
                gtek.toByteArray(org.gkm.crypto.InsecureSecretAccess.get())), gkekId,
                org.gkm.crypto.SecretBytes.copyOf(gkek.toByteArray(org.gkm.crypto.InsecureSecretAccess.get())), nowMillis));
        c.log.append(nowMillis, c.id(), g, "KEYS_ADOPTED", "from the rekey engine: " + gtekId + "/" + gkekId);
        Result r = new Result();
        r.event(new Event.KeysInstalled(g, gtekId, gkekId));
        return r;
    }

    /** The current GTEK id of a group held here, if any. */
    public KeyId currentGtekId(GkmpGroupId g) {
        return c.table.get(g).map(GroupEntry::gtekId).orElse(null);
    }

    /** Fingerprint (a hash, never the key) of the current GTEK and GKEK of {@code g}, or null. */
    public String keyFingerprint(GkmpGroupId g) {
        return c.table.get(g).map(e -> c.ks.fingerprint(e.gtek()) + "/" + c.ks.fingerprint(e.gkek())).orElse(null);
    }

    @Override
    public String toString() {
        return "GkmpNode[" + c.id() + "]";
    }
}
