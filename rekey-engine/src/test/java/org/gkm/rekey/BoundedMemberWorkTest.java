package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
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
}
