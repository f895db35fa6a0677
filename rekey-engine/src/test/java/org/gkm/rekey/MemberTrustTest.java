package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.MessageAuthenticationException;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.UnknownSignerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Whom a member trusts for what (RFC 4046 sec. 5.2, 6.2.4; claims 13-15): every message comes from
 * the GCKS's key; an initiator's key signs only its own MEMBER_REKEY requests, to the GCKS, which
 * re-issues them after its checks; a departed initiator is revoked by its departure; a sequence
 * number stands for one message; the group authentication key changes on every departure. Each
 * test also shows the state (member or GCKS) unchanged after a refusal.
 */
class MemberTrustTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private static GroupPolicy hybridWithPrivileges() {
        return GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
                .withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
    }

    private static RekeyMessage withSender(RekeyMessage m, MessageType type, long sender) {
        return new RekeyMessage(m.group(), m.epoch(), m.sequence(), type, m.tek(), m.gkma(), sender, m.derived(),
                m.entries(), m.publicKeys());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void initiatorKeysCannotIssueLeavesTekChangesOrBatches(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, hybridWithPrivileges(), 12, 21);
        MemberKeyState victim = g.members.get(1);
        String before = MemberStateRejectionTest.fingerprint(victim);
        Rekey leave = g.gcks.leave(Requester.owner(), 2);
        RekeyMessage m = leave.message();
        long initiator = MemberInitiator.senderId(5);
        // signed by member 5's certified initiator key, as LEAVE, BATCH, TEK_CHANGE or even MEMBER_REKEY
        for (MessageType t : new MessageType[] {MessageType.LEAVE_REKEY, MessageType.BATCH_REKEY, MessageType.TEK_CHANGE,
            MessageType.MEMBER_REKEY}) {
            byte[] forged = g.memberSealer(5).seal(withSender(m, t, initiator), leave.authKey());
            assertThrows(UnknownSignerException.class, () -> victim.process(forged), t.toString());
        }
        // the GCKS's own key: a non-MEMBER_REKEY type names the GCKS, a MEMBER_REKEY names its initiator
        byte[] namesMember = g.sealer.seal(withSender(m, MessageType.LEAVE_REKEY, initiator), leave.authKey());
        assertThrows(UnauthorizedSenderException.class, () -> victim.process(namesMember));
        byte[] namesNobody = g.sealer.seal(withSender(m, MessageType.MEMBER_REKEY, 0), leave.authKey());
        assertThrows(UnauthorizedSenderException.class, () -> victim.process(namesNobody));
        assertEquals(before, MemberStateRejectionTest.fingerprint(victim));
        // at the GCKS: an initiator key's TEK change or leave is refused as a request, nothing changed
        g.deliver(leave);
        String gcksBefore = AuthorizationTest.fingerprint(g.gcks);
        RekeyMessage notice = withSender(g.gcks.pathView(5).toResyncMessage(), MessageType.TEK_CHANGE, initiator);
        RekeyMessage next = new RekeyMessage(notice.group(), notice.epoch(), g.gcks.sequence() + 1, notice.type(), notice.tek(),
                notice.gkma(), initiator, List.of(), notice.entries(), notice.publicKeys());
        assertThrows(UnauthorizedSenderException.class,
                () -> g.gcks.ingestRemove(Requester.member(5), 7, g.sealAs(5, next)));
        assertThrows(UnauthorizedSenderException.class, () -> g.gcks.ingestRemove(Requester.member(5), 7,
                g.sealAs(5, withSender(next, MessageType.MEMBER_REKEY, MemberInitiator.senderId(6)))));
        assertEquals(gcksBefore, AuthorizationTest.fingerprint(g.gcks));
        g.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void membersApplyAMemberRekeyOnlyAsTheGcksReissuedIt(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, hybridWithPrivileges(), 13, 5);
        MemberInitiator init = new MemberInitiator(p, g.random);
        RekeyMessage request = init.remove(g.gcks, 2, g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        byte[] sealedRequest = g.sealAs(2, request);
        // straight from the initiator to the members: not the GCKS's signature, not applied
        for (MemberKeyState s : g.members.values()) {
            String before = MemberStateRejectionTest.fingerprint(s);
            assertThrows(UnknownSignerException.class, () -> s.process(sealedRequest));
            assertEquals(before, MemberStateRejectionTest.fingerprint(s));
        }
        // the GCKS checks it (claim 15 and every entry) and re-issues it under its own key
        Rekey r = g.gcks.ingestRemove(Requester.member(2), 9, sealedRequest);
        assertEquals(MessageType.MEMBER_REKEY, r.message().type());
        assertEquals(MemberInitiator.senderId(2), r.message().senderId(), "the re-issue still names the initiator");
        g.deliverIngested(r);
        g.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aSequenceNumberStandsForOneMessage(CryptoProvider p) throws Exception {
        // ECDSA: a randomized signature, so the same content can arrive under different signature bytes
        TestGroup g = new TestGroup(p, GroupPolicy.defaults().withSignatureAlgorithm(SignatureAlgorithm.ECDSA_P256_SHA256_P1363),
                10, 8);
        MemberKeyState s = g.members.get(4);
        Rekey leave = g.gcks.leave(Requester.owner(), 1);
        byte[] sealed = g.deliver(leave);
        String after = MemberStateRejectionTest.fingerprint(s);
        // identical re-delivery, a fresh signature over the same content, and its high-S twin: one message
        assertEquals(MemberKeyState.Outcome.DUPLICATE, s.process(sealed));
        byte[] resigned = g.seal(leave);
        assertFalse(Arrays.equals(sealed, resigned), "ECDSA signatures are randomized");
        assertEquals(MemberKeyState.Outcome.DUPLICATE, s.process(resigned));
        assertEquals(MemberKeyState.Outcome.DUPLICATE, s.process(highS(p, sealed, leave.authKey())));
        // the same sequence number with other content, validly signed by the GCKS: a conflict, not a duplicate
        RekeyMessage m = leave.message();
        RekeyMessage other = new RekeyMessage(m.group(), m.epoch(), m.sequence(), MessageType.TEK_CHANGE, m.tek(), m.gkma(),
                m.senderId(), List.of(), List.of(), List.of());
        ConflictingMessageException e = assertThrows(ConflictingMessageException.class,
                () -> s.process(g.sealer.seal(other, g.gcks.authKey())));
        assertEquals(m.sequence(), e.sequence());
        // under the retired auth key, too (a re-sealed variant of the leave itself)
        RekeyMessage variant = new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(),
                m.derived(), m.entries().subList(1, m.entries().size()), m.publicKeys());
        assertThrows(StaleMessageException.class, () -> s.process(g.sealer.seal(variant, leave.authKey())));
        assertEquals(after, MemberStateRejectionTest.fingerprint(s));
        // the group goes on
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.assertConverged();
    }

    /** {@code sealed} with its P1363 ECDSA signature (r, s) replaced by (r, n - s), re-MACed: valid, other bytes. */
    private static byte[] highS(CryptoProvider p, byte[] sealed, GroupAuthKey auth) throws Exception {
        BigInteger n = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
        int sAt = sealed.length - 32 - 32;
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sealed, sAt, sAt + 32));
        byte[] twin = sealed.clone();
        byte[] flipped = n.subtract(s).toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(flipped, Math.max(0, flipped.length - 32), fixed, Math.max(0, 32 - flipped.length),
                Math.min(32, flipped.length));
        System.arraycopy(fixed, 0, twin, sAt, 32);
        byte[] tag = p.mac().compute(auth.key(), twin, 0, twin.length - 32);
        System.arraycopy(tag, 0, twin, twin.length - 32, 32);
        assertFalse(Arrays.equals(sealed, twin));
        return twin;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aDepartedInitiatorIsRevokedByItsDeparture(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, hybridWithPrivileges(), 13, 6);
        MemberInitiator init = new MemberInitiator(p, g.random);
        g.memberSealer(5); // member 5 is a certified initiator
        assertTrue(g.gcks.isCertifiedInitiator(5));
        RekeyMessage request = init.remove(g.gcks, 5, g.members.get(5).heldKeys(InsecureSecretAccess.get()), 8);
        g.apply(g.gcks.leave(Requester.owner(), 5), List.of());
        assertFalse(g.gcks.isCertifiedInitiator(5), "the departure revoked it, nobody had to");
        // member id 5 is handed to the next joiner; the departed member's key is still not trusted
        ClientKeys joiner = g.newClient();
        Rekey join = g.gcks.join(Requester.owner(), joiner);
        assertEquals(5, join.plan().joiners()[0], "member ids are reused");
        g.apply(join, List.of(joiner));
        assertFalse(g.gcks.isCertifiedInitiator(5));
        String before = AuthorizationTest.fingerprint(g.gcks);
        byte[] sealed = g.memberSealers(5).seal(request, g.gcks.authKey());
        assertThrows(AuthorizationException.class, () -> g.gcks.ingestRemove(Requester.member(5), 8, sealed));
        assertEquals(before, AuthorizationTest.fingerprint(g.gcks));
        for (MemberKeyState s : g.members.values()) {
            assertThrows(UnknownSignerException.class, () -> s.process(sealed));
        }
        g.assertConverged();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aDepartedMemberNoLongerPassesTheMacFilter(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, hybridWithPrivileges(), 13, 7);
        MemberKeyState departing = g.members.get(3);
        GroupAuthKey departed = departing.authKey();
        assertEquals(g.gcks.authKey().generation(), departed.generation());
        Rekey leave = g.gcks.leave(Requester.owner(), 3);
        byte[] sealedLeave = g.deliver(leave); // the remaining members take the next auth key from it
        assertEquals(departed.generation() + 1, g.gcks.authKey().generation());
        byte[] next = g.seal(g.gcks.changeTek(Requester.owner()));
        // the departed key no longer computes the tag: the MAC filter drops the departed member's view
        int n = next.length;
        assertThrows(InvalidSignatureException.class, () -> p.mac().verify(departed.key(), next, 0, n - 32,
                Arrays.copyOfRange(next, n - 32, n)));
        assertThrows(MessageAuthenticationException.class,
                () -> new RekeyMessageOpener(p).open(next, departed, Map.of(0L, g.gcksKey)));
        assertThrows(MessageAuthenticationException.class, () -> new RekeyMessageOpener(p).open(next,
                GroupAuthKey.of(departed.generation() + 1, departed.key()), Map.of(0L, g.gcksKey)));
        assertThrows(OutOfSyncException.class, () -> departing.process(next));
        for (MemberKeyState s : g.members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(next));
            assertEquals(g.gcks.authKey().generation(), s.authKey().generation());
            assertArrayEquals(g.gcks.authKey().key().toByteArray(InsecureSecretAccess.get()),
                    s.authKey().key().toByteArray(InsecureSecretAccess.get()));
            assertEquals(MemberKeyState.Outcome.DUPLICATE, s.process(sealedLeave));
        }
        g.assertConverged();
        // a member-initiated removal rotates it too (the GCKS adds the next key to its re-issue)
        MemberKeyState removed = g.members.get(9);
        GroupAuthKey removedKey = removed.authKey();
        RekeyMessage request = new MemberInitiator(p, g.random).remove(g.gcks, 2,
                g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        g.deliverIngested(g.gcks.ingestRemove(Requester.member(2), 9, g.sealAs(2, request)));
        assertNotEquals(removedKey.generation(), g.gcks.authKey().generation());
        byte[] after = g.seal(g.gcks.changeTek(Requester.owner()));
        int m = after.length;
        assertThrows(InvalidSignatureException.class, () -> p.mac().verify(removedKey.key(), after, 0, m - 32,
                Arrays.copyOfRange(after, m - 32, m)));
        for (MemberKeyState s : g.members.values()) {
            assertEquals(MemberKeyState.Outcome.APPLIED, s.process(after));
        }
        g.assertConverged();
    }
}
