package org.gkm.gkmp;

import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.G2;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M1;
import static org.gkm.gkmp.World.M2;
import static org.gkm.gkmp.World.M3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Frames anyone could send (a replay, a corrupted source signature, a spoofed sender) neither end a
 * live exchange nor grow the node's log without bound; a failure authenticated as the exchange's
 * real peer still ends it. Both providers.
 */
class UnauthenticatedFramesTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    /** m1 (ECDSA P-256) answers the GC's Create_Grp_Keys_1; the forgeries are injected around that answer. */
    @ParameterizedTest
    @MethodSource("providers")
    void forgedAndReplayedFramesMidExchangeLeaveItRunningToSuccess(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        GkmpNode gc = w.node(GC);
        List<byte[]> answer = new ArrayList<>();
        w.intercept((from, to, frame) -> {
            MessageType t = Codec.decode(frame).header().type();
            if (from.equals(M1) && to.equals(GC) && t == MessageType.CREATE_GRP_KEYS_2) {
                answer.add(frame);
                Frame f = Codec.decode(frame);
                Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) f.body();
                byte[] sig = m.signature();
                sig[sig.length / 2] ^= 1;
                Messages.CreateGrpKeys2 badSig = new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), m.gtekShare(),
                        m.gkekShare(), m.inReplyTo(), m.memberCert(), sig);
                w.net.post(GC, gc.receive(Codec.encode(f.header(), badSig), w.net.now));
                // Spoofed sender: the header says m1, the certificate (and signature) are m2's.
                Messages.CreateGrpKeys2 spoofed = new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), m.gtekShare(),
                        m.gkekShare(), m.inReplyTo(), w.creds.get(M2).certificate(), m.signature());
                w.net.post(GC, gc.receive(Codec.encode(f.header(), spoofed), w.net.now));
            }
            if (from.equals(M1) && to.equals(GC) && t == MessageType.NEGOTIATE_GRP_KEYS_2) {
                // An old frame of this very exchange replayed while the GC waits for the next one.
                w.net.post(GC, gc.receive(answer.get(0), w.net.now));
            }
            return frame;
        });
        w.command(w.createToken(G1));
        w.assertHolds(G1, GC, M1, M2, M3);
        assertEquals(List.of(), w.net.reports(GC), "an unauthenticated frame ended an exchange");
        Set<Check> rejected = w.net.rejections(GC).stream().map(r -> r.check()).collect(Collectors.toSet());
        assertEquals(Set.of(Check.SOURCE_SIGNATURE, Check.CERTIFICATE, Check.REPLAY), rejected);
        assertEquals(1L, gc.rejectedCounts().get(Check.REPLAY));
        assertEquals(0, gc.openExchanges());
        assertFalse(gc.log().entries().stream().anyMatch(e -> e.action().equals("TERMINATED")));
        w.assertLogsVerify();
    }

    /** 10^5 replays of one old frame: counted, the log gains a summary per interval, not a record per frame. */
    @ParameterizedTest
    @MethodSource("providers")
    void replayFloodKeepsLogAndCountersBounded(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.command(w.createToken(G1));
        w.assertHolds(G1, GC, M1, M2, M3);
        GkmpNode gc = w.node(GC);
        byte[] old = w.seen(MessageType.CREATE_GRP_KEYS_2).get(0);
        int logBefore = gc.log().size();
        int memoryBefore = gc.replayMemorySize();
        int n = 100_000;
        long start = w.net.now;
        for (int i = 0; i < n; i++) {
            assertTrue(gc.receive(old, start + i).outbound().isEmpty());
        }
        long intervals = n / GkmpNode.REJECTION_SUMMARY_MILLIS + 1;
        // One summary per interval, plus the checkpoints those summaries make due.
        assertTrue(gc.log().size() - logBefore <= 2 * intervals, "log grew by " + (gc.log().size() - logBefore));
        assertEquals(Long.valueOf(n), gc.rejectedCounts().get(Check.REPLAY));
        assertTrue(gc.rejectedCounts().size() <= Check.values().length);
        assertEquals(memoryBefore, gc.replayMemorySize(), "rejected frames grew the replay memory");
        assertEquals(0, gc.openExchanges());
        w.assertLogsVerify();
    }

    /** The replay memories forget their oldest entries beyond the configured capacity; the protocol still runs. */
    @ParameterizedTest
    @MethodSource("providers")
    void replayMemoryIsBoundedByItsCapacity(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayMemory = 4;
        w.start();
        w.runAllFunctions();
        for (GkmpNode n : w.net.nodes.values()) {
            assertTrue(n.replayMemorySize() <= 3 * 4, n + " holds " + n.replayMemorySize());
        }
        // The GC saw far more than 4 frames and shares: both memories are full, so eviction happened.
        assertTrue(w.node(GC).replayMemorySize() >= 2 * 4, "the GC's memories did not fill up (test too weak)");
        w.assertLogsVerify();
    }

    /** A failure authenticated as the exchange's peer (opened under the exchange's key) still ends it. */
    @ParameterizedTest
    @MethodSource("providers")
    void authenticatedFailureFromTheRealPeerStillTerminates(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.hooks.put(GC, NegativeChecksTest.replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1,
                o -> NegativeChecksTest.withToken(o, w.createToken(G2))));
        w.start();
        w.command(w.createToken(G1));
        assertEquals(List.of(Check.GROUP_ID), w.net.reports(M1).stream().map(r -> r.check()).toList());
        assertEquals(0, w.node(M1).openExchanges());
        assertNull(w.node(M1).keyFingerprint(G1));
        assertTrue(w.node(M1).log().entries().stream().anyMatch(e -> e.action().equals("TERMINATED")));
        w.assertLogsVerify();
    }
}
