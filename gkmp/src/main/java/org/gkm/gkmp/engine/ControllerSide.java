package org.gkm.gkmp.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.gkm.crypto.KeyPair;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Inner;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.message.Request;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.Identity;
import org.gkm.gkmp.pki.JoinPolicy;
import org.gkm.gkmp.pki.Role;

/**
 * The group controller's half of the protocol (RFC 2093 sec. 2.1): states 1, 2, 4 (create group keys
 * with the first member), 5, 7, 9 (distribute keys to each other member), 11 (member initiated join),
 * and the GC side of deletion. One exchange per (group, peer); every handler runs all its checks
 * before it changes anything. Each handler first establishes that the frame is authentic, fresh and
 * bound to its exchange, then calls {@link NodeContext#consumed}; only checks after that point end
 * an exchange (see {@link GkmpNode}).
 */
final class ControllerSide {
    /** A group this node controls: its current token and confirmed members (the "group definition"). */
    static final class Group {
        GroupToken token;
        final TreeSet<EntityId> members = new TreeSet<>();
        /** Delete messages awaiting acknowledgements: member -> hash of the delete frame. */
        final Map<EntityId, byte[]> pendingDeletes = new HashMap<>();
        boolean retired;

        Group(GroupToken token) {
            this.token = token;
        }
    }

    enum Stage { AWAIT_CGK2, AWAIT_NGK2, AWAIT_CSK2, AWAIT_NSK2, AWAIT_PATH, AWAIT_ACK }

    /** One controller-side exchange with one peer. */
    static final class Exchange {
        final GkmpGroupId group;
        final EntityId peer;
        final GroupToken token;
        final Request request;
        Stage stage;
        long deadline;
        byte[] firstFrame;
        KeyPair shareA;
        KeyPair shareB;
        KeyId idA;
        KeyId idB;
        KeySchedule.GroupKeys groupKeys;
        KeySchedule.SessionKeys session;

        Exchange(GkmpGroupId group, EntityId peer, GroupToken token, Request request) {
            this.group = group;
            this.peer = peer;
            this.token = token;
            this.request = request;
        }

        void destroy() {
            if (shareA != null) {
                shareA.privateKey().destroy();
            }
            if (shareB != null) {
                shareB.privateKey().destroy();
            }
            if (groupKeys != null) {
                groupKeys.negotiation().destroy();
                groupKeys.gtek().destroy();
                groupKeys.gkek().destroy();
            }
            if (session != null) {
                session.destroy();
            }
        }
    }

    record Key(GkmpGroupId group, EntityId peer) {}

    private final NodeContext c;
    final Map<GkmpGroupId, Group> groups = new HashMap<>();
    final Map<Key, Exchange> exchanges = new HashMap<>();
    private long nextKeyId;

    ControllerSide(NodeContext c, long firstKeyId) {
        this.c = c;
        this.nextKeyId = firstKeyId;
    }

    long nextKeyId() {
        return nextKeyId;
    }

    private KeyId newKeyId() {
        return new KeyId(nextKeyId++);
    }

    boolean abort(GkmpGroupId g, EntityId peer) {
        Exchange e = exchanges.remove(new Key(g, peer));
        if (e != null) {
            e.destroy();
            return true;
        }
        return false;
    }

    List<Exchange> expire(long now) {
        List<Exchange> out = new ArrayList<>();
        for (Iterator<Exchange> it = exchanges.values().iterator(); it.hasNext();) {
            Exchange e = it.next();
            if (now > e.deadline) {
                it.remove();
                e.destroy();
                out.add(e);
            }
        }
        return out;
    }

    private Exchange expect(Frame f, Stage stage) throws VerificationException {
        Exchange e = exchanges.get(new Key(f.header().group(), f.header().sender()));
        if (e == null) {
            throw new VerificationException(Check.OUT_OF_ORDER, "no exchange expects " + f.header().type());
        }
        if (e.stage != stage) {
            throw new VerificationException(Check.OUT_OF_ORDER, f.header().type() + " while " + e.stage);
        }
        return e;
    }

    private static Header to(MessageType t, GkmpGroupId g, EntityId from, EntityId to) {
        return new Header(t, g, from, to);
    }

    private Group requireGroup(GkmpGroupId g) throws VerificationException {
        Group grp = groups.get(g);
        if (grp == null) {
            throw new VerificationException(Check.GROUP_ID, g + " is no longer controlled here");
        }
        return grp;
    }

    // ---- State 1: Command_Create_Group (create or rekey) ----

    void onCommand(Frame f, Messages.CommandCreateGroup m, long now, Result r) throws VerificationException {
        GroupToken t = m.token();
        // State 1: source not on the CRL; the command is for this GC (the header is not signed, so
        // group and GC come from the token); the token is current and validated with the
        // commander's key. Until here a failure rejects the command: anyone can replay a token.
        c.checkNotRevoked(f.header().sender());
        if (!t.groupId().equals(f.header().group())) {
            throw new VerificationException(Check.GROUP_ID, "token group differs from the command's");
        }
        if (!t.controllerId().equals(c.id())) {
            // "If not, the role assumed is that of receiver": nothing to do here.
            throw new VerificationException(Check.CONTROLLER_ID, "this node is not the token's GC");
        }
        if (t.version() <= c.table.tokenVersion(t.groupId())) {
            throw new VerificationException(Check.TOKEN_VERSION, "token version " + t.version() + " not current");
        }
        Identity commander = t.verify(c.p, c.anchor, c.crl, now);
        if (!commander.id().equals(f.header().sender())) {
            throw new VerificationException(Check.TOKEN_SIGNATURE, "command not sent by the token's commander");
        }
        // The token is consumed: a copy of this command is stale, whatever the checks below decide.
        c.consumed(f);
        c.table.noteTokenVersion(t.groupId(), t.version());
        Group existing = groups.get(t.groupId());
        if (t.action() == GroupAction.CREATE && (existing != null || c.table.holds(t.groupId()))) {
            throw new VerificationException(Check.GROUP_ID, t.groupId() + " already exists");
        }
        if (t.action() == GroupAction.REKEY && (existing == null || existing.retired || !c.table.holds(t.groupId()))) {
            throw new VerificationException(Check.GROUP_ID, t.groupId() + " is not a group this GC controls");
        }
        if (t.action() == GroupAction.DELETE) {
            throw new VerificationException(Check.REQUEST_TYPE, "delete is ordered through deleteMembers/hostileDelete");
        }
        c.checkLocalPermissions(t);
        if (exchanges.keySet().stream().anyMatch(k -> k.group().equals(t.groupId()))) {
            throw new VerificationException(Check.OUT_OF_ORDER, "an exchange for " + t.groupId() + " is in progress");
        }
        EntityId first = chooseFirstMember(t, existing);
        if (first == null) {
            throw new VerificationException(Check.GROUP_ID, "no eligible first member");
        }
        c.log.append(now, c.id(), t.groupId(), "COMMAND", t.action() + " v" + t.version() + " from " + commander.id());
        startCreateKeys(t, first, now, r);
    }

    private EntityId chooseFirstMember(GroupToken t, Group existing) {
        Iterable<EntityId> candidates = existing != null ? existing.members : t.members();
        for (EntityId m : candidates) {
            if (!m.equals(c.id()) && !c.crl.isRevoked(m)) {
                return m;
            }
        }
        return null;
    }

    private void startCreateKeys(GroupToken t, EntityId first, long now, Result r) {
        Exchange e = new Exchange(t.groupId(), first, t, t.action() == GroupAction.CREATE ? Request.GROUP_CREATE : Request.GROUP_REKEY);
        e.shareA = c.ks.share();
        e.shareB = c.ks.share();
        e.idA = newKeyId();
        e.idB = newKeyId();
        c.rememberShares(e.shareA.publicKey().encoded(), e.shareB.publicKey().encoded());
        Header h = to(MessageType.CREATE_GRP_KEYS_1, t.groupId(), c.id(), first);
        Messages.CreateGrpKeys1 unsigned = new Messages.CreateGrpKeys1(e.request, e.idA, e.idB,
                e.shareA.publicKey().encoded(), e.shareB.publicKey().encoded(), t, c.me.certificate(), new byte[0]);
        Messages.CreateGrpKeys1 signed = new Messages.CreateGrpKeys1(e.request, e.idA, e.idB, unsigned.gtekShare(),
                unsigned.gkekShare(), t, unsigned.controllerCert(), c.sign(Codec.prefix(h, unsigned)));
        e.firstFrame = Codec.encode(h, signed);
        e.stage = Stage.AWAIT_CGK2;
        e.deadline = now + c.timeoutMillis;
        exchanges.put(new Key(t.groupId(), first), e);
        r.send(new Outbound(first, t.groupId(), e.firstFrame));
    }

    // ---- State 2 (GC side): Create_Grp_Keys_2 ----

    void onCreateKeys2(Frame f, Messages.CreateGrpKeys2 m, long now, Result r) throws VerificationException {
        Exchange e = expect(f, Stage.AWAIT_CGK2);
        if (!java.security.MessageDigest.isEqual(m.inReplyTo(), c.frameHash(e.firstFrame))
                || !m.gtekId().equals(e.idA) || !m.gkekId().equals(e.idB)) {
            throw new VerificationException(Check.OUT_OF_ORDER, "Create_Grp_Keys_2 answers another Create_Grp_Keys_1");
        }
        c.verifySource(f.header(), m.memberCert(), Codec.prefix(f.header(), m), m.signature(), now);
        c.consumed(f);
        c.checkFreshShare(m.gtekShare(), m.gkekShare());
        byte[] dhA = c.ks.dh(e.shareA.privateKey(), m.gtekShare(), Check.KEY_SHARE_INVALID);
        byte[] dhB = c.ks.dh(e.shareB.privateKey(), m.gkekShare(), Check.KEY_SHARE_INVALID);
        c.rememberShares(m.gtekShare(), m.gkekShare());
        e.groupKeys = c.ks.groupKeys(dhA, dhB, c.ks.hash(e.firstFrame, f.encoded()), e.group, e.idA, e.idB);
        e.shareA.privateKey().destroy();
        e.shareB.privateKey().destroy();
        e.shareA = null;
        e.shareB = null;
        Inner.GroupTerms terms = (Inner.GroupTerms) c.hook.replace(MessageType.NEGOTIATE_GRP_KEYS_1, e.peer,
                new Inner.GroupTerms(e.token, c.me.permissions(), c.crl.version()));
        Header h = to(MessageType.NEGOTIATE_GRP_KEYS_1, e.group, c.id(), e.peer);
        Messages.NegotiateGrpKeys1 noCt = new Messages.NegotiateGrpKeys1(e.idA, e.idB, new byte[0]);
        byte[] ct = c.seal(e.groupKeys.negotiation(), h, noCt, terms.encode());
        e.stage = Stage.AWAIT_NGK2;
        e.deadline = now + c.timeoutMillis;
        r.send(new Outbound(e.peer, e.group, Codec.encode(h, new Messages.NegotiateGrpKeys1(e.idA, e.idB, ct))));
    }

    // ---- State 4: Negotiate_Grp_Keys_2 ----

    void onNegotiate2(Frame f, Messages.NegotiateGrpKeys2 m, long now, Result r) throws VerificationException, NeedCrlException {
        Exchange e = expect(f, Stage.AWAIT_NGK2);
        if (!m.gtekId().equals(e.idA) || !m.gkekId().equals(e.idB)) {
            throw new VerificationException(Check.GROUP_ID, "key ids differ from the exchange's");
        }
        Inner.MemberTerms terms = NodeContext.decodeInner(Inner.MemberTerms::decode,
                c.open(e.groupKeys.negotiation(), f, m.ciphertext()));
        c.consumed(f);
        if (terms.crlVersion() > c.crl.version()) {
            throw new NeedCrlException(terms.crlVersion());
        }
        c.checkNotRevoked(e.peer);
        c.checkSourcePermissions(terms.memberPermissions(), e.peer, Role.MEMBER, e.token, now);
        GroupEntry old = null;
        if (e.token.action() == GroupAction.REKEY) {
            // The group may have been retired while the rekey's first exchange ran.
            requireGroup(e.group);
            old = c.table.get(e.group).orElseThrow(() -> new VerificationException(Check.GROUP_ID, "group keys gone"));
        }
        exchanges.remove(new Key(e.group, e.peer));
        KeySchedule.GroupKeys k = e.groupKeys;
        e.groupKeys = null;
        k.negotiation().destroy();
        if (old != null) {
            sendRekeyMulticast(groups.get(e.group), e.token, old, k, now, r);
        } else {
            Group g = new Group(e.token);
            groups.put(e.group, g);
        }
        Group g = groups.get(e.group);
        g.token = e.token;
        g.members.add(e.peer);
        c.table.install(new GroupEntry(e.group, c.id(), e.token, k.gtekId(), k.gtek(), k.gkekId(), k.gkek(), now));
        c.log.append(now, c.id(), e.group, "KEYS_CREATED", "with first member " + e.peer + ", " + k.gtekId() + "/" + k.gkekId()
                + ", token v" + e.token.version());
        r.event(new Event.KeysInstalled(e.group, k.gtekId(), k.gkekId()));
        r.event(new Event.MemberConfirmed(e.group, e.peer));
        if (e.token.action() == GroupAction.CREATE) {
            // Sec. 6.1.3: distribute the new keys to the other listed members.
            for (EntityId other : e.token.members()) {
                if (other.equals(c.id()) || other.equals(e.peer)) {
                    continue;
                }
                if (c.crl.isRevoked(other)) {
                    c.log.append(now, c.id(), e.group, "SKIPPED", other + " is on the CRL (sec. 6.4.2)");
                    continue;
                }
                startDistribution(g, other, Request.DISTRIBUTE_KEYS, now, r);
            }
        }
    }

    /** Sec. 6.2.2: the new GTEK and GKEK to every member in one message sealed under the current GKEK. */
    private void sendRekeyMulticast(Group g, GroupToken token, GroupEntry old, KeySchedule.GroupKeys k, long now, Result r) {
        Header h = new Header(MessageType.REKEY_MULTICAST, g.token.groupId(), c.id(), null);
        Messages.RekeyMulticast noCt = new Messages.RekeyMulticast(old.gkekId(), k.gtekId(), k.gkekId(), new byte[0]);
        byte[] aad = Codec.prefix(h, noCt);
        byte[] gtek = k.gtek().toByteArray(org.gkm.crypto.InsecureSecretAccess.get());
        byte[] gkek = k.gkek().toByteArray(org.gkm.crypto.InsecureSecretAccess.get());
        Inner.SignedRekey unsigned = (Inner.SignedRekey) c.hook.replace(MessageType.REKEY_MULTICAST, null,
                new Inner.SignedRekey(token, c.me.permissions(), c.me.certificate(), gtek, gkek, new byte[0]));
        Inner.SignedRekey signed = new Inner.SignedRekey(unsigned.token(), unsigned.controllerPermissions(),
                unsigned.controllerCert(), unsigned.gtek(), unsigned.gkek(),
                c.hook.replaceSignature(MessageType.REKEY_MULTICAST, c.sign(unsigned.tbs(aad))));
        byte[] pt = signed.encode();
        byte[] ct = c.seal(old.gkek(), h, noCt, pt);
        java.util.Arrays.fill(pt, (byte) 0);
        java.util.Arrays.fill(gtek, (byte) 0);
        java.util.Arrays.fill(gkek, (byte) 0);
        r.send(new Outbound(null, g.token.groupId(), Codec.encode(h,
                new Messages.RekeyMulticast(old.gkekId(), k.gtekId(), k.gkekId(), ct))));
        c.log.append(now, c.id(), g.token.groupId(), "REKEY_MULTICAST", "under " + old.gkekId() + " to " + g.members.size() + " members");
    }

    // ---- Distribution: Create_Session_KEK_1 .. Key_Download_Ack (states 5, 7, 9) ----

    void startDistribution(Group g, EntityId member, Request request, long now, Result r) {
        GkmpGroupId gid = g.token.groupId();
        Exchange e = new Exchange(gid, member, g.token, request);
        e.shareA = c.ks.share();
        e.idA = newKeyId();
        c.rememberShares(e.shareA.publicKey().encoded());
        Header h = to(MessageType.CREATE_SESSION_KEK_1, gid, c.id(), member);
        Messages.CreateSessionKek1 unsigned = new Messages.CreateSessionKek1(request, e.idA, e.shareA.publicKey().encoded(),
                c.me.certificate(), new byte[0]);
        Messages.CreateSessionKek1 signed = new Messages.CreateSessionKek1(request, e.idA, unsigned.share(),
                unsigned.controllerCert(), c.sign(Codec.prefix(h, unsigned)));
        e.firstFrame = Codec.encode(h, signed);
        e.stage = Stage.AWAIT_CSK2;
        e.deadline = now + c.timeoutMillis;
        abort(gid, member);
        exchanges.put(new Key(gid, member), e);
        r.send(new Outbound(member, gid, e.firstFrame));
    }

    void onCreateSession2(Frame f, Messages.CreateSessionKek2 m, long now, Result r) throws VerificationException {
        Exchange e = expect(f, Stage.AWAIT_CSK2);
        if (!java.security.MessageDigest.isEqual(m.inReplyTo(), c.frameHash(e.firstFrame)) || !m.skekId().equals(e.idA)) {
            throw new VerificationException(Check.OUT_OF_ORDER, "Create_Session_KEK_2 answers another message");
        }
        c.verifySource(f.header(), m.memberCert(), Codec.prefix(f.header(), m), m.signature(), now);
        c.consumed(f);
        c.checkFreshShare(m.share());
        byte[] dh = c.ks.dh(e.shareA.privateKey(), m.share(), Check.KEY_SHARE_INVALID);
        c.rememberShares(m.share());
        e.session = c.ks.sessionKeys(dh, c.ks.hash(e.firstFrame, f.encoded()), e.group, e.idA);
        Group g = requireGroup(e.group);
        e.shareA.privateKey().destroy();
        e.shareA = null;
        Inner.GroupTerms terms = (Inner.GroupTerms) c.hook.replace(MessageType.NEGOTIATE_SESSION_KEYS_1, e.peer,
                new Inner.GroupTerms(g.token, c.me.permissions(), c.crl.version()));
        Header h = to(MessageType.NEGOTIATE_SESSION_KEYS_1, e.group, c.id(), e.peer);
        Messages.NegotiateSessionKeys1 noCt = new Messages.NegotiateSessionKeys1(e.idA, new byte[0]);
        byte[] ct = c.seal(e.session.negotiation(), h, noCt, terms.encode());
        e.stage = Stage.AWAIT_NSK2;
        e.deadline = now + c.timeoutMillis;
        r.send(new Outbound(e.peer, e.group, Codec.encode(h, new Messages.NegotiateSessionKeys1(e.idA, ct))));
    }

    void onNegotiateSession2(Frame f, Messages.NegotiateSessionKeys2 m, long now, Result r)
            throws VerificationException, NeedCrlException {
        Exchange e = expect(f, Stage.AWAIT_NSK2);
        if (!m.skekId().equals(e.idA)) {
            throw new VerificationException(Check.GROUP_ID, "SKEK id differs from the exchange's");
        }
        Inner.MemberTerms terms = NodeContext.decodeInner(Inner.MemberTerms::decode, c.open(e.session.negotiation(), f, m.ciphertext()));
        c.consumed(f);
        if (terms.crlVersion() > c.crl.version()) {
            throw new NeedCrlException(terms.crlVersion());
        }
        c.checkNotRevoked(e.peer);
        Group g = requireGroup(e.group);
        c.checkSourcePermissions(terms.memberPermissions(), e.peer, Role.MEMBER, g.token, now);
        if (c.table.get(e.group).isEmpty()) {
            throw new VerificationException(Check.GROUP_ID, "group keys gone");
        }
        byte[] path = c.treePaths.pathFor(e.group, e.peer);
        if (path == null) {
            // The source delivers the path later (deliverPath); the exchange waits under its deadline.
            e.stage = Stage.AWAIT_PATH;
            e.deadline = now + c.timeoutMillis;
            r.event(new Event.PathDeferred(e.group, e.peer));
            return;
        }
        sendDownload(e, path, now, r);
    }

    /** Whether the exchange with {@code peer} waits for its deferred tree path. */
    boolean awaitsPath(GkmpGroupId g, EntityId peer) {
        Exchange e = exchanges.get(new Key(g, peer));
        return e != null && e.stage == Stage.AWAIT_PATH;
    }

    /**
     * The deferred tree path of {@code peer}'s exchange: Download_Grp_Keys leaves now.
     *
     * @throws IllegalStateException if no exchange with {@code peer} waits for its path, or the
     *     group's keys are gone or the path is too long (the exchange keeps waiting: end it with
     *     {@code refusePath}, or it ends at its deadline)
     */
    void deliverPath(GkmpGroupId g, EntityId peer, byte[] path, long now, Result r) {
        Exchange e = exchanges.get(new Key(g, peer));
        if (e == null || e.stage != Stage.AWAIT_PATH) {
            java.util.Arrays.fill(path, (byte) 0);
            throw new IllegalStateException("no exchange with " + peer + " waits for its tree path");
        }
        sendDownload(e, path, now, r);
    }

    /** Step 7's answer: the group keys and {@code path} under the one-time SKEK (zeroes {@code path}). */
    private void sendDownload(Exchange e, byte[] path, long now, Result r) {
        GroupEntry cur = c.table.get(e.group).orElse(null);
        if (cur == null || path.length > Inner.MAX_TREE_PATH) {
            java.util.Arrays.fill(path, (byte) 0);
            throw new IllegalStateException(cur == null ? "group keys of " + e.group + " gone"
                    : "tree path longer than " + Inner.MAX_TREE_PATH);
        }
        byte[] gtek = cur.gtek().toByteArray(org.gkm.crypto.InsecureSecretAccess.get());
        byte[] gkek = cur.gkek().toByteArray(org.gkm.crypto.InsecureSecretAccess.get());
        Inner.KeyPacket unsummed = new Inner.KeyPacket(cur.gtekId(), cur.gkekId(), gtek, gkek, path, new byte[0]);
        Inner.KeyPacket kp = new Inner.KeyPacket(cur.gtekId(), cur.gkekId(), gtek, gkek, path,
                c.ks.checksum(e.session.checksum(), unsummed.checksummed()));
        kp = (Inner.KeyPacket) c.hook.replace(MessageType.DOWNLOAD_GRP_KEYS, e.peer, kp);
        Header h = to(MessageType.DOWNLOAD_GRP_KEYS, e.group, c.id(), e.peer);
        Messages.DownloadGrpKeys noCt = new Messages.DownloadGrpKeys(e.idA, new byte[0]);
        byte[] pt = kp.encode();
        byte[] ct = c.seal(e.session.skek(), h, noCt, pt);
        java.util.Arrays.fill(pt, (byte) 0);
        java.util.Arrays.fill(gtek, (byte) 0);
        java.util.Arrays.fill(gkek, (byte) 0);
        java.util.Arrays.fill(path, (byte) 0);
        e.stage = Stage.AWAIT_ACK;
        e.deadline = now + c.timeoutMillis;
        e.idB = cur.gtekId();
        r.send(new Outbound(e.peer, e.group, Codec.encode(h, new Messages.DownloadGrpKeys(e.idA, ct))));
    }

    /** State 9 after a key download: confirmation of decryption received, group definition and log updated. */
    void onKeyDownloadAck(Frame f, Messages.KeyDownloadAck m, long now, Result r) throws VerificationException {
        Exchange e = expect(f, Stage.AWAIT_ACK);
        if (!m.skekId().equals(e.idA)) {
            throw new VerificationException(Check.GROUP_ID, "SKEK id differs from the exchange's");
        }
        Inner.Confirmation conf = NodeContext.decodeInner(Inner.Confirmation::decode, c.open(e.session.skek(), f, m.ciphertext()));
        c.consumed(f);
        if (conf.decryptedType() != MessageType.DOWNLOAD_GRP_KEYS.code() || !conf.gtekId().equals(e.idB)) {
            throw new VerificationException(Check.DECRYPTION, "confirmation names another message or key");
        }
        Group g = requireGroup(e.group);
        exchanges.remove(new Key(e.group, e.peer));
        e.destroy();
        g.members.add(e.peer);
        c.log.append(now, c.id(), e.group, "MEMBER_CONFIRMED", e.peer + " holds " + e.idB + " (" + e.request + ")");
        r.event(new Event.MemberConfirmed(e.group, e.peer));
    }

    // ---- State 11: Request_Group_Join ----

    void onJoinRequest(Frame f, Messages.RequestGroupJoin m, long now, Result r) throws VerificationException {
        Identity member = c.verifySource(f.header(), m.memberCert(), Codec.prefix(f.header(), m), m.signature(), now);
        c.checkFresh(m.nonce(), m.sentAtMillis(), now);
        // Consumed: a copy is refused (REPLAY, then STALE), whatever the checks below decide; a
        // failed join is "ignored" (state 11), i.e. reported without an exchange to end.
        c.consumed(f);
        c.rememberNonce(m.nonce(), m.sentAtMillis());
        if (m.request() != Request.GROUP_JOIN) {
            throw new VerificationException(Check.REQUEST_TYPE, "Request_Group_Join carries " + m.request());
        }
        Group g = groups.get(f.header().group());
        if (g == null || g.retired || !c.table.holds(f.header().group())) {
            throw new VerificationException(Check.GROUP_ID, "no such group at this GC");
        }
        GroupToken t = g.token;
        long inFlight = exchanges.keySet().stream().filter(k -> k.group().equals(t.groupId())).count();
        if (t.joinPolicy() == JoinPolicy.CLOSED) {
            throw new VerificationException(Check.JOIN_NOT_AVAILABLE, "member initiated join not available");
        }
        if (t.joinPolicy() == JoinPolicy.LISTED && !t.listsMember(member.id())) {
            throw new VerificationException(Check.JOIN_NOT_AVAILABLE, member.id() + " not on the membership list");
        }
        if (!g.members.contains(member.id()) && g.members.size() + 1 + inFlight > t.maxMembers()) {
            throw new VerificationException(Check.JOIN_NOT_AVAILABLE, "membership limit " + t.maxMembers() + " reached");
        }
        c.log.append(now, c.id(), t.groupId(), "JOIN_REQUEST", "from " + member.id() + " accepted");
        startDistribution(g, member.id(), Request.GROUP_JOIN, now, r);
    }

    // ---- Deletion (sec. 6.4): the GC side ----

    void deleteMembers(GkmpGroupId gid, List<EntityId> list, long now, Result r) {
        Group g = groups.get(gid);
        GroupEntry cur = c.table.get(gid).orElse(null);
        if (g == null || cur == null) {
            throw new IllegalStateException(gid + " is not a group this GC controls");
        }
        byte[] frame = deleteFrame(MessageType.DELETE_GROUP_KEYS, Request.DELETE_MEMBERS, cur, list, null, now);
        byte[] h = c.frameHash(frame);
        for (EntityId m : list) {
            g.pendingDeletes.put(m, h);
        }
        c.log.append(now, c.id(), gid, "DELETE_MEMBERS", "ordered for " + list);
        r.send(new Outbound(null, gid, frame));
    }

    /**
     * Sec. 6.4.2: the old group is cancelled by {@code repeats} multicasts of a global delete that
     * names the alternative group members switch to; the GC keeps the old keys only to read acks.
     */
    void hostileDelete(GkmpGroupId old, GkmpGroupId alternative, int repeats, long now, Result r) {
        Group g = groups.get(old);
        GroupEntry cur = c.table.get(old).orElse(null);
        if (g == null || cur == null || !c.table.holds(alternative) || !groups.containsKey(alternative)) {
            throw new IllegalStateException("hostile delete needs the old group and an established alternative group");
        }
        byte[] frame = deleteFrame(MessageType.DELETE_GROUP, Request.GLOBAL_DELETE, cur, List.of(), alternative, now);
        byte[] h = c.frameHash(frame);
        for (EntityId m : g.members) {
            g.pendingDeletes.put(m, h);
        }
        g.retired = true;
        c.log.append(now, c.id(), old, "GLOBAL_DELETE", "switch to " + alternative + ", sent " + repeats + " times");
        for (int i = 0; i < repeats; i++) {
            r.send(new Outbound(null, old, frame));
        }
    }

    private byte[] deleteFrame(MessageType type, Request req, GroupEntry cur, List<EntityId> list, GkmpGroupId alt, long now) {
        Header h = new Header(type, cur.group(), c.id(), null);
        Messages.DeleteGroupKeys noCt = new Messages.DeleteGroupKeys(type, cur.gtekId(), new byte[0]);
        byte[] aad = Codec.prefix(h, noCt);
        byte[] nonce = c.p.random().bytes(Messages.NONCE_LENGTH);
        Inner.SignedDelete unsigned = (Inner.SignedDelete) c.hook.replace(type, null,
                new Inner.SignedDelete(req, list, alt, nonce, now, c.me.certificate(), new byte[0]));
        Inner.SignedDelete signed = new Inner.SignedDelete(unsigned.request(), unsigned.deleteList(), unsigned.alternativeGroup(),
                unsigned.nonce(), unsigned.sentAtMillis(), unsigned.controllerCert(), c.hook.replaceSignature(type, c.sign(unsigned.tbs(aad))));
        byte[] ct = c.seal(cur.gtek(), h, noCt, signed.encode());
        return Codec.encode(h, new Messages.DeleteGroupKeys(type, cur.gtekId(), ct));
    }

    /** State 9 after a delete: the member's signed acknowledgement, then the group definition is updated. */
    void onDeleteAck(Frame f, Messages.GrpKeysDeletedAck m, long now, Result r) throws VerificationException {
        GkmpGroupId gid = f.header().group();
        Group g = groups.get(gid);
        GroupEntry cur = c.table.get(gid).orElse(null);
        if (g == null || cur == null) {
            throw new VerificationException(Check.GROUP_ID, "no such group at this GC");
        }
        if (!m.gtekId().equals(cur.gtekId())) {
            throw new VerificationException(Check.DECRYPTION, "ack sealed under another GTEK");
        }
        Inner.SignedDeleteAck ack = NodeContext.decodeInner(Inner.SignedDeleteAck::decode, c.open(cur.gtek(), f, m.ciphertext()));
        Identity member = c.verifySource(f.header(), ack.memberCert(), ack.tbs(Codec.prefix(f.header(), m)), ack.signature(), now);
        if (!ack.member().equals(member.id())) {
            throw new VerificationException(Check.CERTIFICATE, "ack names another member");
        }
        byte[] pending = g.pendingDeletes.get(member.id());
        if (pending == null || !java.security.MessageDigest.isEqual(pending, ack.inReplyTo())) {
            throw new VerificationException(Check.OUT_OF_ORDER, "no delete awaits an ack from " + member.id());
        }
        c.consumed(f);
        g.pendingDeletes.remove(member.id());
        g.members.remove(member.id());
        c.log.append(now, c.id(), gid, "MEMBER_DELETED", member.id() + " deleted the group keys");
        r.event(new Event.MemberDeleted(gid, member.id()));
        if (g.retired && g.pendingDeletes.isEmpty()) {
            retire(gid, now, r);
        }
    }

    /** Drops a retired group's keys at the GC once no acknowledgement is outstanding (or on demand). */
    void retire(GkmpGroupId gid, long now, Result r) {
        for (Iterator<Map.Entry<Key, Exchange>> it = exchanges.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Exchange> x = it.next();
            if (x.getKey().group().equals(gid)) {
                x.getValue().destroy();
                it.remove();
            }
        }
        groups.remove(gid);
        c.table.delete(gid);
        c.log.append(now, c.id(), gid, "GROUP_DELETED", "old group keys deleted at the GC");
        r.event(new Event.KeysDeleted(gid));
    }

    Group group(GkmpGroupId g) {
        return groups.get(g);
    }

    /** Drops a member the group's key server rekeyed out; logged. Whether it was a member. */
    boolean rekeyedOut(GkmpGroupId gid, EntityId member, long now) {
        Group g = groups.get(gid);
        if (g == null || !g.members.remove(member)) {
            return false;
        }
        g.pendingDeletes.remove(member);
        c.log.append(now, c.id(), gid, "MEMBER_REKEYED_OUT", member + " removed by a rekey of the group's key tree");
        return true;
    }
}
