package org.gkm.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gcks.server.Membership;
import org.gkm.gkmp.EntityId;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state machine's apply rule without Raft: entries apply in order through the engine's replay,
 * and an entry that does not follow the committed state (a stale plan, a second genesis, another
 * epoch, malformed bytes) is refused alike on every replica and changes nothing, so one sequence
 * number never carries two changes.
 */
class GroupStateMachineTest {
    private static final GroupId GROUP = GroupId.of("replicated-sm");
    private static final GroupPolicy POLICY = GroupPolicy.defaults();
    private static final SecretBytes MASTER = master((byte) 1);

    private static SecretBytes master(byte seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 7 + seed);
        }
        return SecretBytes.copyOf(k);
    }

    static List<String> providers() {
        return TestProviders.names();
    }

    private static GroupStateMachine[] replicas(CryptoProvider p, byte[] genesis) {
        GroupStateMachine[] r = {new GroupStateMachine(p, GROUP, MASTER), new GroupStateMachine(p, GROUP, MASTER)};
        for (GroupStateMachine m : r) {
            assertTrue(m.applyEntry(genesis).applied());
        }
        return r;
    }

    private static byte[] fingerprint(GroupStateMachine m) {
        return m.read((s, k) -> s.fingerprint());
    }

    private static List<StoredMessage> messages(GroupStateMachine m) {
        return assertInstanceOf(MessagesSince.Messages.class, m.messagesSince(0, 100)).messages();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aStalePlanIsRefusedOnEveryReplicaAndChangesNothing(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupStateMachine[] rs = replicas(p, new GroupStateMachine(p, GROUP, MASTER).genesisEntry(POLICY, 3));
        GroupStateMachine leader = rs[0];
        // two plans on the same committed state (as an old and a new leader would make): both claim sequence 1
        GroupStateMachine.Proposal join = leader.propose(
                s -> s.planJoin(Requester.owner(), ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid())));
        GroupStateMachine.Proposal tek = leader.propose(s -> s.planTekChange(Requester.owner()));
        assertEquals(1, join.sequence());
        assertEquals(1, tek.sequence());
        for (GroupStateMachine m : rs) {
            assertEquals(ApplyOutcome.applied(1), m.applyEntry(join.entry()));
            byte[] fp = fingerprint(m);
            ApplyOutcome refused = m.applyEntry(tek.entry());
            assertFalse(refused.applied());
            assertTrue(refused.reason().startsWith("stale"), refused.reason());
            assertArrayEquals(fp, fingerprint(m), "a refused entry changes nothing");
            assertEquals(1, m.sequence());
            assertEquals(List.of(new StoredMessage(1, join.message())), messages(m));
            assertFalse(m.applyEntry(join.entry()).applied(), "a replayed entry");
            assertEquals(1, m.sequence());
        }
        assertArrayEquals(fingerprint(rs[0]), fingerprint(rs[1]));

        // planned again on the new state, the TEK change takes the next sequence everywhere
        GroupStateMachine.Proposal again = leader.propose(s -> s.planTekChange(Requester.owner()));
        assertEquals(2, again.sequence());
        for (GroupStateMachine m : rs) {
            assertEquals(ApplyOutcome.applied(2), m.applyEntry(again.entry()));
        }
        assertArrayEquals(fingerprint(rs[0]), fingerprint(rs[1]));
        assertEquals(messages(rs[0]), messages(rs[1]));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void entriesThatDoNotFollowAreRefused(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupStateMachine empty = new GroupStateMachine(p, GROUP, MASTER);
        byte[] genesis = empty.genesisEntry(POLICY, 3);
        GroupStateMachine m = replicas(p, genesis)[0];
        GroupStateMachine.Proposal tek = m.propose(s -> s.planTekChange(Requester.owner()));

        assertFalse(empty.applyEntry(tek.entry()).applied(), "a change before the genesis");
        assertEquals(-1, empty.sequence());
        assertInstanceOf(MessagesSince.UnknownGroup.class, empty.messagesSince(0, 10));

        byte[] fp = fingerprint(m);
        assertFalse(m.applyEntry(genesis).applied(), "a second genesis");
        assertFalse(m.applyEntry(empty.genesisEntry(POLICY, 3)).applied(), "another genesis");
        // entries a holder of the master key sealed, which do not follow the state
        try (EntryBarrier b = new EntryBarrier(p, GROUP, MASTER)) {
            ReplicatedEntry e = b.open(tek.entry());
            ReplicatedEntry otherEpoch = new ReplicatedEntry(e.kind(), 4, e.sequence(), e.payload(), e.rekeyMessage());
            assertFalse(m.applyEntry(b.seal(otherEpoch)).applied(), "another epoch");
            ReplicatedEntry skipped = new ReplicatedEntry(e.kind(), e.epoch(), 2, e.payload(), e.rekeyMessage());
            assertFalse(m.applyEntry(b.seal(skipped)).applied(), "a gap");
        }
        byte[] truncated = Arrays.copyOf(tek.entry(), tek.entry().length - 1);
        assertEquals(-1, m.applyEntry(truncated).sequence(), "malformed");
        assertArrayEquals(fp, fingerprint(m));
        assertEquals(0, m.sequence());
        assertTrue(m.applyEntry(tek.entry()).applied(), "the entry that follows still applies");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void entriesAreSealedAndAMovedOrEditedEntryIsRefused(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupStateMachine leader = new GroupStateMachine(p, GROUP, MASTER);
        byte[] genesis = leader.genesisEntry(POLICY, 3);
        GroupStateMachine m = replicas(p, genesis)[0];
        ClientKeys joiner = ClientKeys.generate(EngineRandom.of(p), POLICY.hybrid());
        byte[] clientKey = joiner.clientKey().toByteArray(InsecureSecretAccess.get());
        GroupStateMachine.Proposal join = m.propose(s -> s.planJoin(Requester.owner(), joiner));

        // the change record holds the joiner's client key; the sealed entry holds neither
        try (EntryBarrier b = new EntryBarrier(p, GROUP, MASTER)) {
            byte[] payload = b.open(join.entry()).payload();
            assertTrue(contains(payload, clientKey), "the change record carries the joiner's client key");
            assertFalse(contains(join.entry(), clientKey), "client key in the clear");
            assertFalse(contains(join.entry(), payload), "change record in the clear");
            assertFalse(contains(genesis, b.open(genesis).payload()), "snapshot in the clear");
        }

        // moved to another group (same master key), opened under another master key, edited header or body
        GroupStateMachine other = new GroupStateMachine(p, GroupId.of("another"), MASTER);
        assertFalse(other.applyEntry(genesis).applied(), "a genesis moved to another group");
        GroupStateMachine wrongKey = new GroupStateMachine(p, GROUP, master((byte) 2));
        assertFalse(wrongKey.applyEntry(genesis).applied(), "another master key");
        assertEquals(-1, wrongKey.sequence());
        byte[] fp = fingerprint(m);
        byte[] renumbered = join.entry();
        renumbered[1 + 1 + 8 + 7] = 2; // header sequence 1 -> 2
        assertFalse(m.applyEntry(renumbered).applied(), "header sequence edited");
        byte[] flipped = join.entry();
        flipped[flipped.length - 1] ^= 1;
        assertFalse(m.applyEntry(flipped).applied(), "tag edited");
        assertArrayEquals(fp, fingerprint(m));
        assertEquals(0, m.sequence());
        assertTrue(m.applyEntry(join.entry()).applied());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A membership of {@code n} confirmed identities on tree member ids 0..n-1. */
    static Membership membership(int n) {
        Map<EntityId, Integer> tree = new TreeMap<>();
        Map<EntityId, Long> senders = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            tree.put(EntityId.of("member-" + i), i);
            senders.put(EntityId.of("member-" + i), i + 1L);
        }
        return new Membership(tree, tree.keySet(), senders, n + 1L, Set.of(EntityId.of("barred")), 10L * n + 1);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void membershipEntriesApplyAtTheNextVersionOnlyAndAnythingElseChangesNothing(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        GroupStateMachine empty = new GroupStateMachine(p, GROUP, MASTER);
        byte[] genesis = empty.genesisEntry(POLICY, 3);
        GroupStateMachine[] rs = replicas(p, genesis);
        GroupStateMachine leader = rs[0];
        assertEquals(Membership.empty(), leader.membership());
        assertEquals(0, leader.membershipVersion());

        GroupStateMachine.MembershipProposal v1 = leader.proposeMembership(membership(1));
        assertEquals(1, v1.version());
        assertEquals(0, leader.membershipVersion(), "proposing changes nothing");
        assertFalse(empty.applyEntry(v1.entry()).applied(), "a membership before the genesis");
        assertEquals(0, empty.membershipVersion());
        GroupStateMachine.MembershipProposal alsoV1 = leader.proposeMembership(membership(5));
        assertEquals(1, alsoV1.version(), "built on the same committed version");
        for (GroupStateMachine m : rs) {
            assertEquals(ApplyOutcome.applied(1), m.applyEntry(v1.entry()));
        }
        GroupStateMachine.MembershipProposal v2 = leader.proposeMembership(membership(2));
        assertEquals(2, v2.version());
        for (GroupStateMachine m : rs) {
            assertEquals(ApplyOutcome.applied(2), m.applyEntry(v2.entry()));
        }

        // another group under the same master key: its entry at this group's next version, and this
        // group's version 1 at that group's next version; only the seal tells them apart
        GroupStateMachine other = new GroupStateMachine(p, GroupId.of("another"), MASTER);
        assertTrue(other.applyEntry(other.genesisEntry(POLICY, 3)).applied());
        assertEquals(-1, other.applyEntry(v1.entry()).sequence(), "this group's entry moved to another group");
        assertEquals(0, other.membershipVersion());
        assertEquals(Membership.empty(), other.membership());
        for (int v = 1; v <= 2; v++) {
            assertTrue(other.applyEntry(other.proposeMembership(membership(6)).entry()).applied());
        }
        GroupStateMachine.MembershipProposal foreign = other.proposeMembership(membership(7));
        assertEquals(3, foreign.version());
        try (EntryBarrier b = new EntryBarrier(p, GROUP, MASTER)) {
            ReplicatedEntry e = b.open(v2.entry());
            byte[] payload = e.payload();
            byte[] skipped = b.seal(new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, 3, 4, payload, new byte[0]));
            byte[] otherEpoch = b.seal(new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, 4, 3, payload, new byte[0]));
            byte[] garbage = b.seal(new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, 3, 3, new byte[] {1, 2}, new byte[0]));
            byte[] renumbered = v2.entry();
            renumbered[1 + 1 + 8 + 7] = 3; // header version 2 -> 3, the next one: the seal still tells
            byte[] flipped = v2.entry();
            flipped[flipped.length - 1] ^= 1;
            for (GroupStateMachine m : rs) {
                byte[] fp = fingerprint(m);
                byte[] before = m.membership().encode();
                ApplyOutcome replayed = m.applyEntry(v2.entry());
                assertFalse(replayed.applied(), "replayed");
                assertTrue(replayed.reason().startsWith("stale"), replayed.reason());
                assertFalse(m.applyEntry(v1.entry()).applied(), "rolled back");
                assertFalse(m.applyEntry(alsoV1.entry()).applied(), "a save built on a stale version");
                assertEquals(-1, m.applyEntry(renumbered).sequence(), "header version edited: does not open");
                assertEquals(-1, m.applyEntry(flipped).sequence(), "tag edited: does not open");
                assertFalse(m.applyEntry(skipped).applied(), "a gap");
                assertFalse(m.applyEntry(otherEpoch).applied(), "another epoch");
                assertFalse(m.applyEntry(garbage).applied(), "a payload that is no membership");
                assertEquals(-1, m.applyEntry(foreign.entry()).sequence(), "sealed for another group: does not open");
                assertEquals(2, m.membershipVersion());
                assertArrayEquals(before, m.membership().encode());
                assertEquals(membership(2), m.membership());
                assertArrayEquals(fp, fingerprint(m), "the key tree is untouched");
            }
            assertEquals(2, other.membershipVersion());
        }
        // the next version still applies, and membership versions do not move the rekey sequence
        GroupStateMachine.MembershipProposal v3 = leader.proposeMembership(membership(3));
        for (GroupStateMachine m : rs) {
            assertEquals(ApplyOutcome.applied(3), m.applyEntry(v3.entry()));
            assertEquals(membership(3), m.membership());
            assertEquals(0, m.sequence());
        }
    }

    @Test
    void theSnapshotsCommittedStateCodecIsStrict() throws Exception {
        java.util.NavigableMap<Long, byte[]> msgs = new TreeMap<>(Map.of(1L, new byte[] {9}, 2L, new byte[] {8, 7}));
        byte[] enc = GroupStateMachine.encodeCommitted(4, membership(3), msgs);
        GroupStateMachine.Committed c = GroupStateMachine.decodeCommitted(enc);
        assertEquals(4, c.membershipVersion());
        assertEquals(membership(3), c.membership());
        assertEquals(msgs.keySet(), c.messages().keySet());
        assertArrayEquals(new byte[] {8, 7}, c.messages().get(2L));
        GroupStateMachine.Committed none = GroupStateMachine.decodeCommitted(
                GroupStateMachine.encodeCommitted(0, null, new TreeMap<>()));
        assertEquals(0, none.membershipVersion());
        assertEquals(null, none.membership());

        byte[] trailing = Arrays.copyOf(enc, enc.length + 1);
        assertThrows(MalformedChangeException.class, () -> GroupStateMachine.decodeCommitted(trailing));
        for (int n = 0; n < enc.length; n++) {
            byte[] cut = Arrays.copyOf(enc, n);
            assertThrows(Exception.class, () -> GroupStateMachine.decodeCommitted(cut), "prefix of " + n);
        }
        byte[] layout = enc.clone();
        layout[0] = 1;
        assertThrows(MalformedChangeException.class, () -> GroupStateMachine.decodeCommitted(layout));
        byte[] versionZero = enc.clone();
        Arrays.fill(versionZero, 1, 9, (byte) 0);
        assertThrows(MalformedChangeException.class, () -> GroupStateMachine.decodeCommitted(versionZero),
                "version 0 with a membership");
        byte[] noMembership = GroupStateMachine.encodeCommitted(0, null, new TreeMap<>());
        noMembership[8] = 1; // version 1 without a membership
        assertThrows(MalformedChangeException.class, () -> GroupStateMachine.decodeCommitted(noMembership));
    }

    @Test
    void theEntryCodecIsStrictAndShowsNoPayload() throws Exception {
        ReplicatedEntry e = new ReplicatedEntry(ReplicatedEntry.Kind.CHANGE, 2, 9, new byte[] {1, 2, 3}, new byte[] {4, 5});
        byte[] enc = e.encode();
        assertEquals(e, ReplicatedEntry.decode(enc));
        assertFalse(e.toString().contains("1, 2, 3"));
        byte[] trailing = Arrays.copyOf(enc, enc.length + 1);
        assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(trailing));
        for (int n = 0; n < enc.length; n++) {
            byte[] cut = Arrays.copyOf(enc, n);
            assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(cut), "prefix of " + n);
        }
        byte[] badVersion = enc.clone();
        badVersion[0] = 2;
        assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(badVersion));
        byte[] badKind = enc.clone();
        badKind[1] = 9;
        assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(badKind));
        byte[] genesisWithSequence = enc.clone();
        genesisWithSequence[1] = 1;
        assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(genesisWithSequence));
        byte[] membershipWithMessage = enc.clone();
        membershipWithMessage[1] = 4;
        assertThrows(MalformedChangeException.class, () -> ReplicatedEntry.decode(membershipWithMessage));
        assertThrows(IllegalArgumentException.class,
                () -> new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, 0, 0, new byte[] {1}, new byte[0]), "version 0");
        ReplicatedEntry m = new ReplicatedEntry(ReplicatedEntry.Kind.MEMBERSHIP, 2, 5, new byte[] {1, 2}, new byte[0]);
        assertEquals(m, ReplicatedEntry.decode(m.encode()));
    }
}
