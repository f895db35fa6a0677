package org.gkm.gkmp.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
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
 * well-formed frame that fails any check of its state (section 5) terminates the exchange it belongs
 * to (if any), installs no key, produces an {@link Event.Terminated} report naming the check, and is
 * recorded in the group management log. Keys reach the {@link KeyTable} only after every check of
 * state 3, 8 or 10 passed. Not thread-safe: one owner feeds it.
 */
public final class GkmpNode {
    /** Parked frame waiting for a CRL update. */
    private record Parked(byte[] frame, long neededVersion, long deadline) {}

    private final NodeContext c;
    private final ControllerSide controller;
    private final MemberSide member;
    private final List<Parked> parked = new ArrayList<>();
    private final Set<String> rekeyDueSignalled = new HashSet<>();
    private long crlRequested = -1;

    private GkmpNode(NodeContext c) {
        this.c = c;
        this.controller = new ControllerSide(c);
        this.member = new MemberSide(c);
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

        /** Fault injection for tests (see {@link OutboundHook}). */
        public Builder hook(OutboundHook h) {
            this.hook = Objects.requireNonNull(h);
            return this;
        }

        /** Where the controller gets each member's key-tree path for Download_Grp_Keys (issue sec. 5). */
        public Builder treePaths(TreePathSource s) {
            this.treePaths = Objects.requireNonNull(s);
            return this;
        }

        public GkmpNode build() {
            GroupLog log = new GroupLog(p, me.id(), me.signingKey(), checkpointEvery);
            return new GkmpNode(new NodeContext(p, me, anchor, crl, log, hook, treePaths, timeoutMillis));
        }
    }

    public EntityId id() {
        return c.id();
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
        if (h.recipient() != null && !h.recipient().equals(c.id())) {
            fail(f, new VerificationException(Check.OUT_OF_ORDER, "addressed to " + h.recipient()), now, r, false);
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
        if (!resumed && c.seenFrame(f.encoded())) {
            fail(f, new VerificationException(Check.REPLAY, "frame seen before"), now, r, true);
            return;
        }
        try {
            boolean consumed = dispatch(f, now, r);
            if (consumed) {
                c.markSeen(f.encoded());
            }
        } catch (VerificationException e) {
            fail(f, e, now, r, true);
        } catch (NeedCrlException e) {
            park(f, e.version, now, r);
        }
    }

    private boolean dispatch(Frame f, long now, Result r) throws VerificationException, NeedCrlException {
        Messages.Body b = f.body();
        switch (f.header().type()) {
            case COMMAND_CREATE_GROUP:
                controller.onCommand(f, (Messages.CommandCreateGroup) b, now, r);
                return true;
            case CREATE_GRP_KEYS_1:
                member.onCreateKeys1(f, (Messages.CreateGrpKeys1) b, now, r);
                return true;
            case CREATE_GRP_KEYS_2:
                controller.onCreateKeys2(f, (Messages.CreateGrpKeys2) b, now, r);
                return true;
            case NEGOTIATE_GRP_KEYS_1:
                member.onNegotiate1(f, (Messages.NegotiateGrpKeys1) b, now, r);
                return true;
            case NEGOTIATE_GRP_KEYS_2:
                controller.onNegotiate2(f, (Messages.NegotiateGrpKeys2) b, now, r);
                return true;
            case CREATE_SESSION_KEK_1:
                member.onCreateSession1(f, (Messages.CreateSessionKek1) b, now, r);
                return true;
            case CREATE_SESSION_KEK_2:
                controller.onCreateSession2(f, (Messages.CreateSessionKek2) b, now, r);
                return true;
            case NEGOTIATE_SESSION_KEYS_1:
                member.onNegotiateSession1(f, (Messages.NegotiateSessionKeys1) b, now, r);
                return true;
            case NEGOTIATE_SESSION_KEYS_2:
                controller.onNegotiateSession2(f, (Messages.NegotiateSessionKeys2) b, now, r);
                return true;
            case DOWNLOAD_GRP_KEYS:
                member.onDownload(f, (Messages.DownloadGrpKeys) b, now, r);
                return true;
            case KEY_DOWNLOAD_ACK:
                controller.onKeyDownloadAck(f, (Messages.KeyDownloadAck) b, now, r);
                return true;
            case REKEY_MULTICAST:
                return member.onRekey(f, (Messages.RekeyMulticast) b, now, r);
            case REQUEST_GROUP_JOIN:
                controller.onJoinRequest(f, (Messages.RequestGroupJoin) b, now, r);
                return true;
            case DELETE_GROUP_KEYS:
            case DELETE_GROUP:
                member.onDelete(f, (Messages.DeleteGroupKeys) b, now, r);
                return true;
            case GRP_KEYS_DELETED_ACK:
            case GROUP_DELETED_ACK:
                controller.onDeleteAck(f, (Messages.GrpKeysDeletedAck) b, now, r);
                return true;
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

    /** Terminates the exchange with the frame's sender (if any), reports and logs the failed check. */
    private void fail(Frame f, VerificationException e, long now, Result r, boolean terminate) {
        Header h = f.header();
        boolean ended = terminate && (controller.abort(h.group(), h.sender()) | member.abort(h.group(), h.sender()));
        if (terminate) {
            dropParked(h.group(), h.sender());
        }
        report(new Report(h.group(), h.sender(), stateOf(h.type()), h.type(), e.check(), e.getMessage(), now), ended, r);
    }

    private void report(Report rep, boolean ended, Result r) {
        c.log.append(rep.atMillis(), c.id(), rep.group(), "TERMINATED",
                "state " + rep.state() + " " + rep.message() + " from " + rep.peer() + ": check " + rep.check()
                        + (ended ? " (exchange ended)" : "") + ": " + rep.detail());
        r.event(new Event.Terminated(rep));
    }

    // ---- CRL update (sec. 1.1) ----

    private void park(Frame f, long version, long now, Result r) {
        parked.add(new Parked(f.encoded(), version, now + c.timeoutMillis));
        if (version > crlRequested) {
            crlRequested = version;
            Header h = new Header(MessageType.CRL_REQUEST, f.header().group(), c.id(), c.anchor.id());
            r.send(new Outbound(c.anchor.id(), f.header().group(), Codec.encode(h, new Messages.CrlRequest(c.crl.version()))));
            c.log.append(now, c.id(), f.header().group(), "CRL_FETCH", "peer " + f.header().sender() + " announced CRL v" + version
                    + ", local v" + c.crl.version());
        }
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
            fail(f, e, now, r, false);
            return;
        }
        // A CRL is never rolled back: an older or equal version installs nothing, but still answers
        // the parked frames (an announced version the security manager does not publish fails).
        if (crl.version() > c.crl.version()) {
            c.crl = crl;
            c.log.append(now, c.id(), null, "CRL_INSTALLED", "version " + crl.version() + ", " + crl.revoked().size() + " entries");
            r.event(new Event.CrlInstalled(crl.version()));
        }
        List<Parked> ready = new ArrayList<>(parked);
        parked.clear();
        crlRequested = -1;
        for (Parked p : ready) {
            Frame pf;
            try {
                pf = Codec.decode(p.frame());
            } catch (MalformedMessageException e) {
                continue;
            }
            if (p.neededVersion() > c.crl.version()) {
                fail(pf, new VerificationException(Check.CRL_UPDATE, "announced CRL v" + p.neededVersion()
                        + " but the security manager publishes v" + crl.version()), now, r, true);
            } else {
                handle(pf, now, r, true);
            }
        }
    }

    // ---- clock ----

    /** Ends exchanges whose deadline passed (report {@link Check#TIMEOUT}) and signals due rekeys. */
    public Result tick(long nowMillis) {
        Result r = new Result();
        for (ControllerSide.Exchange e : controller.expire(nowMillis)) {
            report(new Report(e.group, e.peer, 0, null, Check.TIMEOUT, "no answer while " + e.stage, nowMillis), true, r);
        }
        for (MemberSide.Exchange e : member.expire(nowMillis)) {
            report(new Report(e.group, e.controller, 0, null, Check.TIMEOUT, "no answer while " + e.stage, nowMillis), true, r);
        }
        for (Iterator<Parked> it = parked.iterator(); it.hasNext();) {
            Parked p = it.next();
            if (nowMillis > p.deadline()) {
                it.remove();
                try {
                    Header h = Codec.decode(p.frame()).header();
                    controller.abort(h.group(), h.sender());
                    member.abort(h.group(), h.sender());
                    report(new Report(h.group(), h.sender(), stateOf(h.type()), h.type(), Check.TIMEOUT,
                            "CRL update did not arrive", nowMillis), true, r);
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("parked frame no longer decodes", e);
                }
            }
        }
        for (GkmpGroupId g : member.expireJoins(nowMillis)) {
            c.log.append(nowMillis, c.id(), g, "JOIN_EXPIRED", "no answer to the join request");
        }
        for (long g : new TreeSet<>(groupIds())) {
            GroupEntry e = c.table.get(new GkmpGroupId(g)).orElseThrow();
            String key = g + "/" + e.gtekId().value();
            if (nowMillis >= e.expiresAtMillis() && rekeyDueSignalled.add(key)) {
                r.event(new Event.RekeyDue(e.group(), e.gtekId()));
            }
        }
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
