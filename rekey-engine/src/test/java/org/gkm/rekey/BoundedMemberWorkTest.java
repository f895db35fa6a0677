package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.RekeyException;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A message signed with the GCKS's key cannot make a member loop or compute with wrapped values:
 * the hostile messages below are built and signed here, and each call returns promptly with a
 * typed rejection and the member's state exactly as before, or (the last TEK revision) applies
 * with exactly one derivation. The time limits are generous: they catch a loop, not a slow call.
 */
class BoundedMemberWorkTest {
    static final Duration PROMPT = Duration.ofSeconds(20);

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    static MemberKeyState memberAtLeaf(TestGroup g, int leaf) {
        for (MemberKeyState s : g.members.values()) {
            if (s.leaf() == leaf) {
                return s;
            }
        }
        throw new AssertionError("no member at leaf " + leaf);
    }

    static RekeyMessage notice(TestGroup g, long sequence, MessageType type, TekId tek, List<KeyRef> derived) {
        return new RekeyMessage(TestGroup.GROUP, g.gcks.epoch(), sequence, type, tek, g.gcks.gkma(),
                GroupKeyServer.GCKS_SENDER, derived, List.of(), List.of());
    }

    /**
     * d = 4: the derived list names the member's leaf 21 and the chain 85, 341, ... of first
     * children up to 1431655765, the fixed point of x -> 4x + 1 in 32-bit arithmetic. Splitting that
     * last node would give children beyond any int node id: the message names a node outside the
     * tree and is refused.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void relocationChainBeyondTheNodeIdSpaceIsRejectedPromptly(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults(), 20, 5);
        MemberKeyState victim = memberAtLeaf(g, 21);
        List<KeyRef> chain = new ArrayList<>();
        for (long v = 21; v <= Integer.MAX_VALUE; v = 4 * v + 1) {
            chain.add(new KeyRef((int) v, 1));
        }
        assertEquals(1431655765, chain.get(chain.size() - 1).nodeId());
        TekId next = new TekId(g.gcks.tekId().version(), g.gcks.tekId().revision() + 1);
        byte[] sealed = g.seal(notice(g, victim.sequence() + 1, MessageType.JOIN_NOTICE, next, chain));
        String before = MemberStateRejectionTest.fingerprint(victim);
        assertTimeoutPreemptively(PROMPT, () -> assertThrows(KeyUnavailableException.class, () -> victim.process(sealed)));
        assertEquals(before, MemberStateRejectionTest.fingerprint(victim));
        // the same chain in reverse order and repeated: still refused, still prompt
        List<KeyRef> twice = new ArrayList<>(chain);
        java.util.Collections.reverse(twice);
        twice.addAll(chain);
        byte[] sealed2 = g.seal(notice(g, victim.sequence() + 1, MessageType.JOIN_NOTICE, next, twice));
        assertTimeoutPreemptively(PROMPT, () -> assertThrows(KeyUnavailableException.class, () -> victim.process(sealed2)));
        assertEquals(before, MemberStateRejectionTest.fingerprint(victim));
        // the member still applies the GCKS's real next message
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.assertConverged();
    }

    /** TEK_CHANGE to revision 2^31-2, then to 2^31-1: jumps beyond the member's bound, refused at once. */
    @ParameterizedTest
    @MethodSource("providers")
    void revisionJumpsToTheTopOfTheRangeAreRejectedPromptly(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults(), 8, 6);
        MemberKeyState victim = g.members.get(3);
        int version = victim.tekId().version();
        String before = MemberStateRejectionTest.fingerprint(victim);
        for (int revision : new int[] {Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
            byte[] sealed = g.seal(notice(g, victim.sequence() + 1, MessageType.TEK_CHANGE, new TekId(version, revision), List.of()));
            assertTimeoutPreemptively(PROMPT, () -> assertThrows(KeyUnavailableException.class, () -> victim.process(sealed)));
            assertEquals(before, MemberStateRejectionTest.fingerprint(victim));
        }
        g.deliver(g.gcks.changeTek(Requester.owner()));
        g.assertConverged();
    }

    /**
     * A member whose TEK is at revision 2^31-2 (a resync told it so) takes the TEK_CHANGE to
     * 2^31-1 with exactly one one-way step, and the loop does not wrap past the last revision.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void theLastRevisionIsOneStepAndDoesNotWrap(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults(), 8, 7);
        MemberKeyState victim = g.members.get(2);
        int version = victim.tekId().version();
        RekeyMessage view = g.gcks.pathView(2).toResyncMessage();
        RekeyMessage high = new RekeyMessage(view.group(), view.epoch(), view.sequence(), view.type(),
                new TekId(version, Integer.MAX_VALUE - 1), view.gkma(), view.senderId(), view.derived(), view.entries(),
                view.publicKeys());
        victim.resync(g.seal(high));
        assertEquals(new TekId(version, Integer.MAX_VALUE - 1), victim.tekId());
        byte[] tek = victim.tek().toByteArray(InsecureSecretAccess.get());
        byte[] sealed = g.seal(notice(g, victim.sequence() + 1, MessageType.TEK_CHANGE, new TekId(version, Integer.MAX_VALUE),
                List.of()));
        assertEquals(MemberKeyState.Outcome.APPLIED, assertTimeoutPreemptively(PROMPT, () -> victim.process(sealed)));
        assertEquals(new TekId(version, Integer.MAX_VALUE), victim.tekId());
        assertArrayEquals(Labels.deriveTek(p, tek, version, Integer.MAX_VALUE), victim.tek().toByteArray(InsecureSecretAccess.get()));
    }

    /**
     * Property: JOIN_NOTICE and TEK_CHANGE messages with random derived lists (the member's leaf
     * and chains of first children below it, its path nodes at right and wrong generations, node
     * ids near {@code Integer.MAX_VALUE / d}, near the largest node id and beyond it) and TEK ids
     * with revisions near 2^31 and jumps around the bound: every call returns within the time
     * limit, and either applies consistently or throws a typed error with the state unchanged.
     * Seed: {@code -Dgkm.property.seed=S} (printed).
     */
    @ParameterizedTest
    @MethodSource("providers")
    void randomDerivedListsAndRevisionsNearTheBoundsReturnWithinTheBound(CryptoProvider p) throws Exception {
        long seed = Long.getLong("gkm.property.seed", 0x5eed13L);
        System.out.println("BoundedMemberWorkTest property seed " + seed + " (-Dgkm.property.seed), provider " + p.name());
        SplittableRandom r = new SplittableRandom(seed);
        int applied = 0;
        int rejected = 0;
        for (int degree : new int[] {2, 4, 64}) {
            for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
                TestGroup g = new TestGroup(p, GroupPolicy.defaults().withDegree(degree).withTreeMode(mode), 12, r.nextLong());
                NodeIdSpace space = new NodeIdSpace(degree);
                MemberKeyState victim = g.members.get(r.nextInt(12));
                if (r.nextBoolean()) { // start near the last revision
                    RekeyMessage view = g.gcks.pathView(victim.memberId()).toResyncMessage();
                    victim.resync(g.seal(new RekeyMessage(view.group(), view.epoch(), view.sequence(), view.type(),
                            new TekId(view.tek().version(), Integer.MAX_VALUE - 1 - r.nextInt(8)), view.gkma(), view.senderId(),
                            view.derived(), view.entries(), view.publicKeys())));
                }
                for (int trial = 0; trial < 40; trial++) {
                    MessageType type = r.nextBoolean() ? MessageType.JOIN_NOTICE : MessageType.TEK_CHANGE;
                    RekeyMessage m = notice(g, victim.sequence() + 1, type, randomTek(r, victim.tekId()),
                            randomDerived(r, victim, space));
                    if (processChecked(victim, g.sealer.seal(m, victim.authKey()), m, space)) {
                        applied++;
                    } else {
                        rejected++;
                    }
                }
            }
        }
        System.out.println("BoundedMemberWorkTest property: " + applied + " applied, " + rejected + " refused");
        assertTrue(applied > 0 && rejected > 0, "applied " + applied + ", rejected " + rejected);
    }

    /**
     * Processes {@code sealed} (the sealing of {@code m}) within {@link #PROMPT}: returns true if it
     * applied, and then the state is consistent with {@code m} (sequence, TEK id, a leaf-to-root path
     * of the degree's node-id space no longer than its depth allows); false if it was refused with a
     * typed error, and then the state is exactly as before. Anything else fails.
     */
    static boolean processChecked(MemberKeyState victim, byte[] sealed, RekeyMessage m, NodeIdSpace space) {
        String before = MemberStateRejectionTest.fingerprint(victim);
        Object outcome = assertTimeoutPreemptively(PROMPT, () -> {
            try {
                return victim.process(sealed);
            } catch (RekeyException e) {
                return e;
            }
        }, () -> "member did not return within " + PROMPT + " on " + m);
        if (outcome instanceof RekeyException) {
            assertEquals(before, MemberStateRejectionTest.fingerprint(victim), () -> "state changed by a refused " + m);
            return false;
        }
        assertEquals(MemberKeyState.Outcome.APPLIED, outcome);
        assertEquals(m.sequence(), victim.sequence());
        assertEquals(m.tek(), victim.tekId());
        assertPathConsistent(victim, space);
        return true;
    }

    /** Leaf to root, each node the parent of the one before, all inside the node-id space. */
    static void assertPathConsistent(MemberKeyState s, NodeIdSpace space) {
        KeyRef[] path = s.path();
        assertTrue(path.length >= 2 && path.length <= space.maxDepth() + 1, "path length " + path.length);
        assertEquals(0, path[path.length - 1].nodeId());
        for (int i = 0; i < path.length; i++) {
            int v = path[i].nodeId();
            assertTrue(space.contains(v), "node " + v + " outside the node-id space");
            if (i > 0) {
                assertEquals((path[i - 1].nodeId() - 1) / space.degree(), v, "path is not leaf to root");
            }
        }
    }

    static TekId randomTek(SplittableRandom r, TekId held) {
        int v = held.version();
        int rev = held.revision();
        switch (r.nextInt(7)) {
            case 0:
                return held;
            case 1:
                return new TekId(v, (int) Math.min(Integer.MAX_VALUE, (long) rev + 1 + r.nextInt(3)));
            case 2:
                return new TekId(v, Integer.MAX_VALUE - r.nextInt(4));
            case 3:
                return new TekId(v, (int) Math.min(Integer.MAX_VALUE, (long) rev + MemberKeyState.MAX_REVISION_STEP - 1 + r.nextInt(3)));
            case 4:
                return new TekId(v, Math.max(0, rev - 1 - r.nextInt(3)));
            case 5:
                return new TekId(v == Integer.MAX_VALUE ? v : v + 1, r.nextInt(3));
            default:
                return new TekId(Math.max(0, v - 1), Integer.MAX_VALUE - r.nextInt(2));
        }
    }

    /** A derived list mixing the member's own chain and path with ids near the bounds of the node-id space. */
    static List<KeyRef> randomDerived(SplittableRandom r, MemberKeyState victim, NodeIdSpace space) {
        KeyRef[] path = victim.path();
        int d = space.degree();
        List<KeyRef> out = new ArrayList<>();
        int parts = r.nextInt(4);
        for (int k = 0; k < parts; k++) {
            switch (r.nextInt(5)) {
                case 0: { // the member's leaf and a chain of first children below it, possibly past the id space
                    long v = path[0].nodeId();
                    int len = 1 + r.nextInt(space.maxDepth() + 2);
                    for (int i = 0; i < len && v <= Integer.MAX_VALUE; i++, v = d * v + 1) {
                        out.add(new KeyRef((int) v, generation(r, path[0].generation())));
                    }
                    break;
                }
                case 1: { // path nodes, at the next generation or another one
                    for (int i = 1; i < path.length; i++) {
                        if (r.nextInt(3) > 0) {
                            out.add(new KeyRef(path[i].nodeId(), generation(r, path[i].generation())));
                        }
                    }
                    break;
                }
                case 2: { // around Integer.MAX_VALUE / d and its first child
                    long v = Integer.MAX_VALUE / d + r.nextInt(7) - 3;
                    out.add(new KeyRef((int) v, generation(r, 0)));
                    if (d * v + 1 <= Integer.MAX_VALUE) {
                        out.add(new KeyRef((int) (d * v + 1), generation(r, 0)));
                    }
                    break;
                }
                case 3: // around the largest node id, and the largest int
                    out.add(new KeyRef((int) (space.maxNode() - 2L + r.nextLong(Integer.MAX_VALUE - space.maxNode() + 3L)),
                            generation(r, 0)));
                    break;
                default: // anywhere
                    out.add(new KeyRef(r.nextInt(Integer.MAX_VALUE), generation(r, 0)));
                    break;
            }
        }
        java.util.Collections.shuffle(out, new java.util.Random(r.nextLong()));
        if (!out.isEmpty() && r.nextInt(4) == 0) {
            out.add(out.get(r.nextInt(out.size()))); // a node listed twice
        }
        return out;
    }

    /** Mostly the next generation after {@code held}, sometimes another one (including the largest). */
    static int generation(SplittableRandom r, int held) {
        switch (r.nextInt(6)) {
            case 0:
                return held;
            case 1:
                return Integer.MAX_VALUE;
            case 2:
                return r.nextInt(Integer.MAX_VALUE);
            default:
                return held == Integer.MAX_VALUE ? held : held + 1;
        }
    }

    /**
     * A departure rotates the group authentication key by exactly one generation: the GCKS's leave
     * with its auth key entry relabelled as generation 2^31-1 (or the same key twice ahead) is
     * refused, state and auth key unchanged, so the member can still apply the real message; were
     * it taken, every later message would look MACed under a retired key.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void aDepartureRotatesTheAuthKeyByExactlyOneGeneration(CryptoProvider p) throws Exception {
        TestGroup g = new TestGroup(p, GroupPolicy.defaults(), 10, 8);
        MemberKeyState victim = g.members.get(4);
        Rekey leave = g.gcks.leave(Requester.owner(), 1);
        RekeyMessage m = leave.message();
        int held = victim.authKey().generation();
        String before = MemberStateRejectionTest.fingerprint(victim);
        for (int gen : new int[] {Integer.MAX_VALUE, held + 2}) {
            List<KeyEntry> entries = new ArrayList<>();
            for (KeyEntry e : m.entries()) {
                entries.add(e.content() != KeyContent.GROUP_AUTH_KEY ? e
                        : new KeyEntry(new KeyRef(e.target().nodeId(), gen), e.content(), e.lifetimeSeconds(),
                                e.encryptingKey(), e.encryption(), e.encapsulation(), e.ciphertext()));
            }
            RekeyMessage hostile = new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(),
                    m.senderId(), m.derived(), entries, m.publicKeys());
            byte[] sealed = g.sealer.seal(hostile, leave.authKey());
            assertTimeoutPreemptively(PROMPT, () -> assertThrows(KeyUnavailableException.class, () -> victim.process(sealed)));
            assertEquals(before, MemberStateRejectionTest.fingerprint(victim));
            assertEquals(held, victim.authKey().generation());
        }
        g.deliver(leave);
        g.assertConverged();
        assertEquals(held + 1, victim.authKey().generation());
    }

    /**
     * The GCKS checks an initiator's MEMBER_REKEY against the entry and public-key counts its
     * change implies before opening anything: a request padded with many extra entries (its own,
     * aimed at other nodes) is refused without a single unwrap or HPKE open, and nothing changes.
     */
    @ParameterizedTest
    @MethodSource("providers")
    void anInitiatorsPaddedRequestIsRefusedBeforeAnyEntryIsOpened(CryptoProvider p) throws Exception {
        GroupPolicy policy = GroupPolicy.defaults().withTreeMode(GroupPolicy.TreeMode.HYBRID)
                .withMemberPrivileges(java.util.EnumSet.of(Privilege.REMOVE_MEMBER));
        TestGroup g = new TestGroup(p, policy, 13, 9);
        MemberInitiator init = new MemberInitiator(p, g.random);
        RekeyMessage m = init.remove(g.gcks, 2, g.members.get(2).heldKeys(InsecureSecretAccess.get()), 9);
        List<KeyEntry> padded = new ArrayList<>(m.entries());
        for (int i = 0; i < 2000; i++) { // aimed at nodes outside the change: no duplicate of an expected entry
            KeyEntry e = m.entries().get(i % m.entries().size());
            padded.add(new KeyEntry(new KeyRef(1000 + i, e.target().generation()), e.content(), e.lifetimeSeconds(),
                    e.encryptingKey(), e.encryption(), e.encapsulation(), e.ciphertext()));
        }
        RekeyMessage big = new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(),
                m.derived(), padded, m.publicKeys());
        byte[] sealed = g.sealAs(2, big);
        String before = AuthorizationTest.fingerprint(g.gcks);
        long unwraps = g.gcks.stats().unwraps();
        long opens = g.gcks.stats().hpkeOpens();
        assertTimeoutPreemptively(PROMPT,
                () -> assertThrows(RejectedRekeyException.class, () -> g.gcks.ingestRemove(Requester.member(2), 9, sealed)));
        assertEquals(unwraps, g.gcks.stats().unwraps());
        assertEquals(opens, g.gcks.stats().hpkeOpens());
        assertEquals(before, AuthorizationTest.fingerprint(g.gcks));
        // the request as built still goes through
        g.deliverIngested(g.gcks.ingestRemove(Requester.member(2), 9, g.sealAs(2, m)));
        g.assertConverged();
    }
}
