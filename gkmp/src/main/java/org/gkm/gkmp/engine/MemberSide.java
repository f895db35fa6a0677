package org.gkm.gkmp.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SecretBytes;
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
import org.gkm.gkmp.pki.Role;

/**
 * The member's half of the protocol (RFC 2093 sec. 2.2): states 2, 3 (first member: create group
 * keys with the GC), 5, 6, 8 (receive the keys), 10 (rekey), 12 and 13 (deletes), and the join
 * request of sec. 6.3. One exchange per group; keys reach the key table only when the last check of
 * state 3, 8 or 10 has passed. Each handler first establishes that the frame is authentic, fresh and
 * bound to its exchange, then calls {@link NodeContext#consumed}; only checks after that point end
 * an exchange (see {@link GkmpNode}).
 *
 * <p>Freshness of the exchanges a controller starts (Create_Grp_Keys_1, Create_Session_KEK_1): a
 * controller's key ids count up (sec. 3.4, 3.5, 3.13 "state information"), so the member keeps, per
 * group and controller, the highest key id it accepted and refuses a start whose ids are not above
 * it (STALE). A replay the replay window has forgotten therefore cannot start an exchange again.
 */
final class MemberSide {
    enum Stage { AWAIT_NGK1, AWAIT_NSK1, AWAIT_DGK }

    /** One member-side exchange with the group's controller. */
    static final class Exchange {
        final GkmpGroupId group;
        final EntityId controller;
        final Request request;
        Stage stage;
        long deadline;
        KeyId idA;
        KeyId idB;
        KeySchedule.GroupKeys groupKeys;
        KeySchedule.SessionKeys session;
        GroupToken token;

        Exchange(GkmpGroupId group, EntityId controller, Request request) {
            this.group = group;
            this.controller = controller;
            this.request = request;
        }

        void destroy() {
            if (groupKeys != null) {
                groupKeys.negotiation().destroy();
                groupKeys.gtek().destroy();
                groupKeys.gkek().destroy();
                groupKeys = null;
            }
            if (session != null) {
                session.destroy();
                session = null;
            }
        }
    }

    private final NodeContext c;
    final Map<GkmpGroupId, Exchange> exchanges = new HashMap<>();
    final Map<GkmpGroupId, EntityId> pendingJoins = new HashMap<>();
    private final Map<GkmpGroupId, Long> joinDeadlines = new HashMap<>();
    /** Groups whose rekey this node co-created as first member: their Rekey_Multicast comes back and is ignored. */
    private final Map<GkmpGroupId, KeyId> expectEcho = new HashMap<>();
    /** Groups deleted here: repeated delete multicasts for them are expected and ignored. */
    final Set<GkmpGroupId> deleted = new HashSet<>();
    /** Highest key id accepted in a Create_Grp_Keys_1 or Create_Session_KEK_1, per group and controller. */
    private final Map<Starter, Long> lastKeyId = new HashMap<>();

    private record Starter(GkmpGroupId group, EntityId controller) {}

    MemberSide(NodeContext c) {
        this.c = c;
    }

    boolean abort(GkmpGroupId g, EntityId peer) {
        Exchange e = exchanges.get(g);
        if (e != null && e.controller.equals(peer)) {
            exchanges.remove(g);
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
        Exchange e = exchanges.get(f.header().group());
        if (e == null || !e.controller.equals(f.header().sender())) {
            throw new VerificationException(Check.OUT_OF_ORDER, "no exchange expects " + f.header().type());
        }
        if (e.stage != stage) {
            throw new VerificationException(Check.OUT_OF_ORDER, f.header().type() + " while " + e.stage);
        }
        return e;
    }

    private void noExchange(GkmpGroupId g) throws VerificationException {
        if (exchanges.containsKey(g)) {
            throw new VerificationException(Check.OUT_OF_ORDER, "an exchange for " + g + " is already in progress");
        }
    }

    /** STALE unless every id is above the last one accepted from this controller for this group. */
    private void checkNewer(Frame f, KeyId... ids) throws VerificationException {
        long last = lastKeyId.getOrDefault(new Starter(f.header().group(), f.header().sender()), -1L);
        for (KeyId id : ids) {
            if (id.value() <= last) {
                throw new VerificationException(Check.STALE, "key id " + id.value() + " not above " + last
                        + ", the last accepted from " + f.header().sender());
            }
        }
    }

    private void noteKeyIds(Frame f, KeyId... ids) {
        for (KeyId id : ids) {
            lastKeyId.merge(new Starter(f.header().group(), f.header().sender()), id.value(), Math::max);
        }
    }

    private Header reply(MessageType t, Frame f) {
        return new Header(t, f.header().group(), c.id(), f.header().sender());
    }

    // ---- State 2 (member side): Create_Grp_Keys_1 ----

    void onCreateKeys1(Frame f, Messages.CreateGrpKeys1 m, long now, Result r) throws VerificationException {
        GkmpGroupId g = f.header().group();
        c.verifySource(f.header(), m.controllerCert(), Codec.prefix(f.header(), m), m.signature(), now);
        checkNewer(f, m.gtekId(), m.gkekId());
        c.consumed(f);
        noteKeyIds(f, m.gtekId(), m.gkekId());
        noExchange(g);
        if (m.request() != Request.GROUP_CREATE && m.request() != Request.GROUP_REKEY) {
            throw new VerificationException(Check.REQUEST_TYPE, "Create_Grp_Keys_1 carries " + m.request());
        }
        c.checkFreshShare(m.gtekShare(), m.gkekShare());
        KeyPair a = c.ks.share();
        KeyPair b = c.ks.share();
        byte[] dhA = c.ks.dh(a.privateKey(), m.gtekShare(), Check.KEY_SHARE_INVALID);
        byte[] dhB = c.ks.dh(b.privateKey(), m.gkekShare(), Check.KEY_SHARE_INVALID);
        a.privateKey().destroy();
        b.privateKey().destroy();
        c.rememberShares(m.gtekShare(), m.gkekShare(), a.publicKey().encoded(), b.publicKey().encoded());
        Header h = reply(MessageType.CREATE_GRP_KEYS_2, f);
        Messages.CreateGrpKeys2 unsigned = new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), a.publicKey().encoded(),
                b.publicKey().encoded(), c.frameHash(f.encoded()), c.me.certificate(), new byte[0]);
        Messages.CreateGrpKeys2 signed = new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), unsigned.gtekShare(),
                unsigned.gkekShare(), unsigned.inReplyTo(), unsigned.memberCert(), c.sign(Codec.prefix(h, unsigned)));
        byte[] reply = Codec.encode(h, signed);
        Exchange e = new Exchange(g, f.header().sender(), m.request());
        e.idA = m.gtekId();
        e.idB = m.gkekId();
        // "The Group keys are created and stored pending negotiation" (state 2): held by the
        // exchange, not the key table, until state 3 passes.
        e.groupKeys = c.ks.groupKeys(dhA, dhB, c.ks.hash(f.encoded(), reply), g, e.idA, e.idB);
        e.stage = Stage.AWAIT_NGK1;
        e.deadline = now + c.timeoutMillis;
        exchanges.put(g, e);
        r.send(new Outbound(f.header().sender(), g, reply));
    }

    // ---- State 3: Negotiate_Grp_Keys_1 ----

    void onNegotiate1(Frame f, Messages.NegotiateGrpKeys1 m, long now, Result r) throws VerificationException, NeedCrlException {
        Exchange e = expect(f, Stage.AWAIT_NGK1);
        if (!m.gtekId().equals(e.idA) || !m.gkekId().equals(e.idB)) {
            throw new VerificationException(Check.GROUP_ID, "key ids differ from the exchange's");
        }
        Inner.GroupTerms t = NodeContext.decodeInner(Inner.GroupTerms::decode, c.open(e.groupKeys.negotiation(), f, m.ciphertext()));
        c.consumed(f);
        if (t.crlVersion() > c.crl.version()) {
            throw new NeedCrlException(t.crlVersion());
        }
        c.checkNotRevoked(e.controller);
        GroupToken token = t.token();
        c.checkSourcePermissions(t.controllerPermissions(), e.controller, Role.CONTROLLER, token, now);
        c.checkToken(token, e.group, e.controller, now);
        GroupEntry cur = c.table.get(e.group).orElse(null);
        if (e.request == Request.GROUP_CREATE) {
            if (token.action() != GroupAction.CREATE) {
                throw new VerificationException(Check.REQUEST_TYPE, "create request with a " + token.action() + " token");
            }
            if (token.version() <= c.table.tokenVersion(e.group)) {
                throw new VerificationException(Check.TOKEN_VERSION, "token version " + token.version() + " not current");
            }
            if (cur != null) {
                throw new VerificationException(Check.GROUP_ID, e.group + " already exists here");
            }
        } else {
            if (token.action() != GroupAction.REKEY) {
                throw new VerificationException(Check.REQUEST_TYPE, "rekey request with a " + token.action() + " token");
            }
            if (cur == null) {
                throw new VerificationException(Check.GROUP_ID, e.group + " is not held here");
            }
            if (token.version() <= Math.max(cur.token().version(), c.table.tokenVersion(e.group))) {
                throw new VerificationException(Check.TOKEN_VERSION, "token version " + token.version() + " not current");
            }
            if (!cur.controller().equals(e.controller)) {
                throw new VerificationException(Check.CONTROLLER_ID, "rekey from a controller other than the group's");
            }
        }
        c.checkLocalPermissions(token);
        // All checks passed: key table updated (state 3), NGK2 sent.
        exchanges.remove(e.group);
        KeySchedule.GroupKeys k = e.groupKeys;
        e.groupKeys = null;
        Header h = reply(MessageType.NEGOTIATE_GRP_KEYS_2, f);
        Messages.NegotiateGrpKeys2 noCt = new Messages.NegotiateGrpKeys2(e.idA, e.idB, new byte[0]);
        Inner.MemberTerms mt = (Inner.MemberTerms) c.hook.replace(MessageType.NEGOTIATE_GRP_KEYS_2, e.controller,
                new Inner.MemberTerms(c.me.permissions(), c.crl.version()));
        byte[] ct = c.seal(k.negotiation(), h, noCt, mt.encode());
        k.negotiation().destroy();
        c.table.install(new GroupEntry(e.group, e.controller, token, k.gtekId(), k.gtek(), k.gkekId(), k.gkek(), now));
        deleted.remove(e.group);
        if (e.request == Request.GROUP_REKEY) {
            expectEcho.put(e.group, k.gtekId());
        }
        c.log.append(now, c.id(), e.group, "KEYS_CREATED", "first member with " + e.controller + ", " + k.gtekId() + "/"
                + k.gkekId() + ", token v" + token.version() + ", interval " + token.rekeyIntervalSeconds() + "s");
        r.event(new Event.KeysInstalled(e.group, k.gtekId(), k.gkekId()));
        r.send(new Outbound(e.controller, e.group, Codec.encode(h, new Messages.NegotiateGrpKeys2(e.idA, e.idB, ct))));
    }

    // ---- State 5 (member side): Create_Session_KEK_1 ----

    void onCreateSession1(Frame f, Messages.CreateSessionKek1 m, long now, Result r) throws VerificationException {
        GkmpGroupId g = f.header().group();
        c.verifySource(f.header(), m.controllerCert(), Codec.prefix(f.header(), m), m.signature(), now);
        checkNewer(f, m.skekId());
        c.consumed(f);
        noteKeyIds(f, m.skekId());
        noExchange(g);
        boolean joinAnswer = m.request() == Request.GROUP_JOIN && f.header().sender().equals(pendingJoins.get(g));
        if (m.request() != Request.DISTRIBUTE_KEYS && !joinAnswer) {
            throw new VerificationException(Check.REQUEST_TYPE, "Create_Session_KEK_1 carries " + m.request()
                    + (m.request() == Request.GROUP_JOIN ? " but no join was requested" : ""));
        }
        c.checkFreshShare(m.share());
        KeyPair a = c.ks.share();
        byte[] dh = c.ks.dh(a.privateKey(), m.share(), Check.KEY_SHARE_INVALID);
        a.privateKey().destroy();
        c.rememberShares(m.share(), a.publicKey().encoded());
        Header h = reply(MessageType.CREATE_SESSION_KEK_2, f);
        Messages.CreateSessionKek2 unsigned = new Messages.CreateSessionKek2(m.skekId(), a.publicKey().encoded(),
                c.frameHash(f.encoded()), c.me.certificate(), new byte[0]);
        Messages.CreateSessionKek2 signed = new Messages.CreateSessionKek2(m.skekId(), unsigned.share(), unsigned.inReplyTo(),
                unsigned.memberCert(), c.sign(Codec.prefix(h, unsigned)));
        byte[] reply = Codec.encode(h, signed);
        Exchange e = new Exchange(g, f.header().sender(), m.request());
        e.idA = m.skekId();
        e.session = c.ks.sessionKeys(dh, c.ks.hash(f.encoded(), reply), g, e.idA);
        e.stage = Stage.AWAIT_NSK1;
        e.deadline = now + c.timeoutMillis;
        exchanges.put(g, e);
        r.send(new Outbound(f.header().sender(), g, reply));
    }

    // ---- State 6: Negotiate_Session_Keys_1 ----

    void onNegotiateSession1(Frame f, Messages.NegotiateSessionKeys1 m, long now, Result r)
            throws VerificationException, NeedCrlException {
        Exchange e = expect(f, Stage.AWAIT_NSK1);
        if (!m.skekId().equals(e.idA)) {
            throw new VerificationException(Check.GROUP_ID, "SKEK id differs from the exchange's");
        }
        Inner.GroupTerms t = NodeContext.decodeInner(Inner.GroupTerms::decode, c.open(e.session.negotiation(), f, m.ciphertext()));
        c.consumed(f);
        if (t.crlVersion() > c.crl.version()) {
            throw new NeedCrlException(t.crlVersion());
        }
        c.checkNotRevoked(e.controller);
        GroupToken token = t.token();
        c.checkSourcePermissions(t.controllerPermissions(), e.controller, Role.CONTROLLER, token, now);
        c.checkToken(token, e.group, e.controller, now);
        if (token.action() == GroupAction.DELETE) {
            throw new VerificationException(Check.REQUEST_TYPE, "keys distributed under a delete token");
        }
        GroupEntry cur = c.table.get(e.group).orElse(null);
        long known = Math.max(c.table.tokenVersion(e.group), cur == null ? -1 : cur.token().version());
        if (token.version() < known) {
            throw new VerificationException(Check.TOKEN_VERSION, "token version " + token.version() + " older than " + known);
        }
        if (cur != null && !cur.controller().equals(e.controller)) {
            throw new VerificationException(Check.CONTROLLER_ID, "group held under another controller");
        }
        c.checkLocalPermissions(token);
        e.token = token;
        e.stage = Stage.AWAIT_DGK;
        e.deadline = now + c.timeoutMillis;
        Header h = reply(MessageType.NEGOTIATE_SESSION_KEYS_2, f);
        Messages.NegotiateSessionKeys2 noCt = new Messages.NegotiateSessionKeys2(e.idA, new byte[0]);
        Inner.MemberTerms mt = (Inner.MemberTerms) c.hook.replace(MessageType.NEGOTIATE_SESSION_KEYS_2, e.controller,
                new Inner.MemberTerms(c.me.permissions(), c.crl.version()));
        byte[] ct = c.seal(e.session.negotiation(), h, noCt, mt.encode());
        r.send(new Outbound(e.controller, e.group, Codec.encode(h, new Messages.NegotiateSessionKeys2(e.idA, ct))));
    }

    // ---- State 8: Download_Grp_Keys ----

    void onDownload(Frame f, Messages.DownloadGrpKeys m, long now, Result r) throws VerificationException {
        Exchange e = expect(f, Stage.AWAIT_DGK);
        if (!m.skekId().equals(e.idA) || !e.token.groupId().equals(f.header().group())) {
            throw new VerificationException(Check.GROUP_ID, "group or SKEK id differs from the exchange's");
        }
        Inner.KeyPacket kp = NodeContext.decodeInner(Inner.KeyPacket::decode, c.open(e.session.skek(), f, m.ciphertext()));
        c.consumed(f);
        try {
            c.p.mac().verify(e.session.checksum(), kp.checksummed(), kp.checksum());
        } catch (InvalidSignatureException ex) {
            throw new VerificationException(Check.CHECKSUM, "Encrypted Grp Keys checksum mismatch");
        }
        exchanges.remove(e.group);
        Header h = reply(MessageType.KEY_DOWNLOAD_ACK, f);
        Messages.KeyDownloadAck noCt = new Messages.KeyDownloadAck(e.idA, new byte[0]);
        byte[] ct = c.seal(e.session.skek(), h, noCt,
                new Inner.Confirmation(MessageType.DOWNLOAD_GRP_KEYS.code(), kp.gtekId()).encode());
        e.destroy();
        c.table.install(new GroupEntry(e.group, e.controller, e.token, kp.gtekId(), SecretBytes.copyOf(kp.gtek()),
                kp.gkekId(), SecretBytes.copyOf(kp.gkek()), now));
        java.util.Arrays.fill(kp.gtek(), (byte) 0);
        java.util.Arrays.fill(kp.gkek(), (byte) 0);
        pendingJoins.remove(e.group);
        joinDeadlines.remove(e.group);
        deleted.remove(e.group);
        c.log.append(now, c.id(), e.group, "KEYS_DOWNLOADED", "from " + e.controller + ", " + kp.gtekId() + "/" + kp.gkekId()
                + ", token v" + e.token.version() + " (" + e.request + ")");
        r.event(new Event.KeysInstalled(e.group, kp.gtekId(), kp.gkekId()));
        if (kp.treePath().length > 0) {
            r.event(new Event.TreePathReceived(e.group, SecretBytes.copyOf(kp.treePath())));
            java.util.Arrays.fill(kp.treePath(), (byte) 0);
        }
        r.send(new Outbound(e.controller, e.group, Codec.encode(h, new Messages.KeyDownloadAck(e.idA, ct))));
    }

    // ---- State 10: Rekey_Multicast ----

    /** A Rekey_Multicast this node co-created as first member comes back once: nothing to do. */
    void onRekey(Frame f, Messages.RekeyMulticast m, long now, Result r) throws VerificationException {
        GkmpGroupId g = f.header().group();
        GroupEntry cur = c.table.get(g).orElseThrow(() -> new VerificationException(Check.GROUP_ID, g + " is not held here"));
        if (!m.currentGkekId().equals(cur.gkekId())) {
            KeyId echo = expectEcho.get(g);
            if (echo != null && echo.equals(m.newGtekId()) && cur.gtekId().equals(m.newGtekId())) {
                // not removed: this frame is not authenticated (its GKEK is gone), so it must not
                // change state; the entry is replaced by the next rekey of the group
                return;
            }
            throw new VerificationException(Check.DECRYPTION, "sealed under GKEK " + m.currentGkekId() + ", held " + cur.gkekId());
        }
        Inner.SignedRekey s = NodeContext.decodeInner(Inner.SignedRekey::decode, c.open(cur.gkek(), f, m.ciphertext()));
        Identity gc = c.verifySource(f.header(), s.controllerCert(), s.tbs(Codec.prefix(f.header(), m)), s.signature(), now);
        if (!gc.id().equals(cur.controller())) {
            throw new VerificationException(Check.CONTROLLER_ID, "rekey signed by " + gc.id() + ", group GC is " + cur.controller());
        }
        GroupToken token = s.token();
        // Freshness: the GC-signed token version must be newer than any seen; noting it consumes
        // the rekey, so a copy (even under the same GKEK, after a failed check below) is stale.
        if (token.version() <= Math.max(cur.token().version(), c.table.tokenVersion(g))) {
            throw new VerificationException(Check.TOKEN_VERSION, "token version " + token.version() + " not current");
        }
        c.consumed(f);
        c.table.noteTokenVersion(g, token.version());
        c.checkSourcePermissions(s.controllerPermissions(), gc.id(), Role.CONTROLLER, token, now);
        c.checkToken(token, g, gc.id(), now);
        if (token.action() != GroupAction.REKEY) {
            throw new VerificationException(Check.REQUEST_TYPE, "Rekey_Multicast with a " + token.action() + " token");
        }
        c.checkLocalPermissions(token);
        c.table.install(new GroupEntry(g, gc.id(), token, m.newGtekId(), SecretBytes.copyOf(s.gtek()), m.newGkekId(),
                SecretBytes.copyOf(s.gkek()), now));
        java.util.Arrays.fill(s.gtek(), (byte) 0);
        java.util.Arrays.fill(s.gkek(), (byte) 0);
        c.log.append(now, c.id(), g, "REKEYED", "by " + gc.id() + " to " + m.newGtekId() + "/" + m.newGkekId() + ", token v" + token.version());
        r.event(new Event.KeysInstalled(g, m.newGtekId(), m.newGkekId()));
    }

    // ---- States 12, 13: Delete_Group_Keys / Delete_Group ----

    void onDelete(Frame f, Messages.DeleteGroupKeys m, long now, Result r) throws VerificationException {
        GkmpGroupId g = f.header().group();
        boolean global = m.type() == MessageType.DELETE_GROUP;
        GroupEntry cur = c.table.get(g).orElseThrow(() -> new VerificationException(Check.GROUP_ID, g + " is not held here"));
        if (!m.gtekId().equals(cur.gtekId())) {
            throw new VerificationException(Check.DECRYPTION, "sealed under GTEK " + m.gtekId() + ", held " + cur.gtekId());
        }
        Inner.SignedDelete d = NodeContext.decodeInner(Inner.SignedDelete::decode, c.open(cur.gtek(), f, m.ciphertext()));
        Identity gc = c.verifySource(f.header(), d.controllerCert(), d.tbs(Codec.prefix(f.header(), m)), d.signature(), now);
        if (!gc.id().equals(cur.controller())) {
            throw new VerificationException(Check.CONTROLLER_ID, "delete signed by " + gc.id() + ", group GC is " + cur.controller());
        }
        c.checkFresh(d.nonce(), d.sentAtMillis(), now);
        c.consumed(f);
        c.rememberNonce(d.nonce(), d.sentAtMillis());
        if (d.request() != (global ? Request.GLOBAL_DELETE : Request.DELETE_MEMBERS)) {
            throw new VerificationException(Check.REQUEST_TYPE, m.type() + " carries " + d.request());
        }
        if (!global && !d.deleteList().contains(c.id())) {
            return; // state 12: not on the delete list, continue
        }
        VerificationException noAlternative = null;
        if (global) {
            GroupEntry alt = d.alternativeGroup() == null ? null : c.table.get(d.alternativeGroup()).orElse(null);
            if (alt == null || !alt.controller().equals(gc.id())) {
                noAlternative = new VerificationException(Check.ALTERNATIVE_KEY, "alternative group keys not held");
            }
        }
        MessageType ackType = global ? MessageType.GROUP_DELETED_ACK : MessageType.GRP_KEYS_DELETED_ACK;
        Header h = new Header(ackType, g, c.id(), gc.id());
        Messages.GrpKeysDeletedAck noCt = new Messages.GrpKeysDeletedAck(ackType, cur.gtekId(), new byte[0]);
        byte[] aad = Codec.prefix(h, noCt);
        Inner.SignedDeleteAck unsigned = new Inner.SignedDeleteAck(c.id(), c.frameHash(f.encoded()), c.me.certificate(), new byte[0]);
        Inner.SignedDeleteAck signed = new Inner.SignedDeleteAck(c.id(), unsigned.inReplyTo(), unsigned.memberCert(),
                c.sign(unsigned.tbs(aad)));
        byte[] ct = c.seal(cur.gtek(), h, noCt, signed.encode());
        if (global && noAlternative == null) {
            c.log.append(now, c.id(), g, "SWITCHED", "operations switched to " + d.alternativeGroup());
            r.event(new Event.OperationsSwitched(g, d.alternativeGroup()));
        }
        c.table.delete(g);
        deleted.add(g);
        abort(g, gc.id());
        c.log.append(now, c.id(), g, "KEYS_DELETED", (global ? "global delete" : "cooperative delete") + " by " + gc.id());
        r.event(new Event.KeysDeleted(g));
        r.send(new Outbound(gc.id(), g, Codec.encode(h, new Messages.GrpKeysDeletedAck(ackType, cur.gtekId(), ct))));
        if (noAlternative != null) {
            throw noAlternative;
        }
    }

    // ---- Sec. 6.3: Request_Group_Join ----

    /** Join requests nobody answered in time: forgotten, so a late answer is refused (REQUEST_TYPE). */
    List<GkmpGroupId> expireJoins(long now) {
        List<GkmpGroupId> out = new ArrayList<>();
        for (Iterator<Map.Entry<GkmpGroupId, Long>> it = joinDeadlines.entrySet().iterator(); it.hasNext();) {
            Map.Entry<GkmpGroupId, Long> e = it.next();
            if (now > e.getValue() && !exchanges.containsKey(e.getKey())) {
                it.remove();
                pendingJoins.remove(e.getKey());
                out.add(e.getKey());
            }
        }
        return out;
    }

    byte[] requestJoin(GkmpGroupId g, EntityId controller, long now) {
        byte[] nonce = c.p.random().bytes(Messages.NONCE_LENGTH);
        Header h = new Header(MessageType.REQUEST_GROUP_JOIN, g, c.id(), controller);
        Messages.RequestGroupJoin unsigned = new Messages.RequestGroupJoin(Request.GROUP_JOIN, nonce, now, c.me.certificate(),
                new byte[0]);
        Messages.RequestGroupJoin signed = new Messages.RequestGroupJoin(Request.GROUP_JOIN, nonce, now, unsigned.memberCert(),
                c.sign(Codec.prefix(h, unsigned)));
        pendingJoins.put(g, controller);
        joinDeadlines.put(g, now + c.timeoutMillis);
        return Codec.encode(h, signed);
    }
}
