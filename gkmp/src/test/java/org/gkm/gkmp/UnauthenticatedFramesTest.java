package org.gkm.gkmp;

import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.G2;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M1;
import static org.gkm.gkmp.World.M2;
import static org.gkm.gkmp.World.M3;
import static org.gkm.gkmp.World.M4;
import static org.gkm.gkmp.World.M5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.Signatures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames an eavesdropper or another member can produce (replays of old frames, bad signatures or
 * ciphertexts, frames with a spoofed sender, malleated ECDSA signatures) never end a live exchange,
 * are counted per check rather than logged one by one, and leave every memory of the node bounded;
 * replays the bounded replay window has forgotten are refused by the freshness rules; a failure
 * authenticated as the exchange's real peer still ends it. Both providers.
 */
class UnauthenticatedFramesTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    static boolean exchangeFrame(MessageType t) {
        switch (t) {
            case CREATE_SESSION_KEK_1:
            case CREATE_SESSION_KEK_2:
            case NEGOTIATE_SESSION_KEYS_1:
            case NEGOTIATE_SESSION_KEYS_2:
            case DOWNLOAD_GRP_KEYS:
            case KEY_DOWNLOAD_ACK:
                return true;
            default:
                return false;
        }
    }

    static boolean signed(MessageType t) {
        return t == MessageType.CREATE_SESSION_KEK_1 || t == MessageType.CREATE_SESSION_KEK_2;
    }

    static long count(Map<Check, Long> m, Check c) {
        return m.getOrDefault(c, 0L);
    }

    static long total(Map<Check, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    static List<LogEntry> records(GkmpNode n, String action) {
        return n.log().entries().stream().filter(e -> e.action().equals(action)).toList();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void replayedForgedAndSpoofedFramesMidExchangeLeaveItRunningToSuccess(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.createG1();
        List<Net.Delivery> old = new ArrayList<>(w.net.delivered);
        List<Event> injected = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        // Before every frame of the session exchange (states 5-9) between the GC and m3, the
        // recipient first gets: each older frame the same sender sent it (replays), the live frame
        // with a flipped signature or ciphertext bit, and for signed frames the live frame signed by
        // m1 with m1's certificate, and signed by m1 under the sender's certificate (spoofed sender).
        w.intercept((from, to, frame) -> {
            Frame f = Codec.decode(frame);
            if (!exchangeFrame(f.header().type()) || !(from.equals(M3) || to.equals(M3))) {
                return frame;
            }
            List<byte[]> attacks = new ArrayList<>();
            for (Net.Delivery d : old) {
                if (d.from().equals(from) && d.to().equals(to)) {
                    attacks.add(d.frame());
                }
            }
            attacks.add(Forge.flipTail(frame));
            if (signed(f.header().type())) {
                attacks.add(Forge.resign(w.p, w.creds.get(M1), frame, h -> h, b -> Forge.withCert(b, w.creds.get(M1).certificate())));
                attacks.add(Forge.resign(w.p, w.creds.get(M1), frame, h -> h, b -> b));
            }
            for (byte[] a : attacks) {
                Result r = w.node(to).receive(a, w.net.now);
                results.add(r);
                injected.addAll(r.events());
            }
            return frame;
        });
        w.net.post(GC, w.node(GC).redistribute(G1, M3, w.net.now));
        w.net.run();

        assertTrue(results.size() >= 12, "attacks injected: " + results.size());
        for (Result r : results) {
            assertEquals(List.of(), r.outbound(), "an injected frame made a node send");
        }
        assertEquals(List.of(), injected.stream().filter(e -> !(e instanceof Event.Rejected)).toList(),
                "an injected frame was not just rejected");
        assertEquals(results.size(), injected.size(), "every injected frame is reported as rejected");
        assertEquals(List.of(), w.net.allReports());
        assertEquals(2, w.net.events(GC, Event.MemberConfirmed.class).stream().filter(e -> e.member().equals(M3)).count(),
                "the redistribution to m3 was not confirmed");
        w.assertHolds(G1, GC, M3);
        long replays = 0;
        long forgeries = 0;
        for (EntityId id : List.of(GC, M3)) {
            GkmpNode n = w.node(id);
            assertEquals(0, n.openExchanges());
            assertEquals(List.of(), records(n, "TERMINATED"), id + " logged a rejected frame one by one");
            // the clock did not move: one summary record for all of them
            assertEquals(1, records(n, "REJECTED").size(), id + " rejection summaries");
            replays += count(n.rejections(), Check.REPLAY);
            forgeries += count(n.rejections(), Check.SOURCE_SIGNATURE) + count(n.rejections(), Check.DECRYPTION);
        }
        assertTrue(replays >= 6, "replays counted: " + replays);
        assertTrue(forgeries >= 6, "forgeries counted: " + forgeries);
        assertTrue(count(w.node(GC).rejections(), Check.CERTIFICATE) >= 1 && count(w.node(M3).rejections(), Check.CERTIFICATE) >= 1,
                "spoofed senders counted");
        w.assertLogsVerify();
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
        assertEquals(1L, gc.rejections().get(Check.REPLAY));
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
        long logBefore = gc.log().length();
        GkmpNode.MemoryUse memoryBefore = gc.memoryUse();
        int n = 100_000;
        long start = w.net.now;
        for (int i = 0; i < n; i++) {
            assertTrue(gc.receive(old, start + i).outbound().isEmpty());
        }
        long intervals = n / GkmpNode.DEFAULT_REJECTION_SUMMARY_MILLIS + 1;
        // One summary per interval, plus the checkpoints those summaries make due.
        assertTrue(gc.log().length() - logBefore <= 2 * intervals, "log grew by " + (gc.log().length() - logBefore));
        assertEquals(Long.valueOf(n), gc.rejections().get(Check.REPLAY));
        assertTrue(gc.rejections().size() <= Check.values().length);
        GkmpNode.MemoryUse after = gc.memoryUse();
        assertEquals(memoryBefore.consumedFrames(), after.consumedFrames(), "rejected frames grew the replay memory");
        assertEquals(memoryBefore.keyShares(), after.keyShares(), "rejected frames grew the share memory");
        assertEquals(memoryBefore.nonces(), after.nonces(), "rejected frames grew the nonce memory");
        assertEquals(0, after.parkedFrames());
        assertTrue(after.logRecordsInMemory() <= org.gkm.gkmp.log.GroupLog.DEFAULT_IN_MEMORY, "log in memory: " + after);
        assertEquals(0, gc.openExchanges());
        w.assertLogsVerify();
    }

    /** The replay memories forget their oldest entries beyond the configured capacity; the protocol still runs. */
    @ParameterizedTest
    @MethodSource("providers")
    void replayMemoryIsBoundedByItsCapacity(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayWindow = 4;
        w.start();
        w.runAllFunctions();
        for (GkmpNode n : w.net.nodes.values()) {
            assertTrue(replayEntries(n) <= 3 * 4, n + " holds " + n.memoryUse());
        }
        // The GC saw far more than 4 frames and shares: both memories are full, so eviction happened.
        assertTrue(replayEntries(w.node(GC)) >= 2 * 4, "the GC's memories did not fill up (test too weak)");
        w.assertLogsVerify();
    }

    static int replayEntries(GkmpNode n) {
        GkmpNode.MemoryUse m = n.memoryUse();
        return m.consumedFrames() + m.keyShares() + m.nonces();
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

    /** 10^5 copies of old frames: with a replay window of 2, most are refused by the freshness rules, not the window. */
    @ParameterizedTest
    @MethodSource("providers")
    void hundredThousandReplayedFramesKeepMemoryFlat(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayWindow = 2;
        w.logInMemory = 64;
        w.start();
        w.runAllFunctions();
        List<Net.Delivery> old = new ArrayList<>();
        for (Net.Delivery d : w.net.delivered) {
            if (w.net.nodes.containsKey(d.to())) {
                old.add(d);
            }
        }
        Map<EntityId, String> state = new java.util.HashMap<>();
        Map<EntityId, GkmpNode.MemoryUse> memory = new java.util.HashMap<>();
        Map<EntityId, Long> logLength = new java.util.HashMap<>();
        Map<EntityId, Long> rejectedBefore = new java.util.HashMap<>();
        for (GkmpNode n : w.net.nodes.values()) {
            state.put(n.id(), n.stateFingerprint());
            memory.put(n.id(), n.memoryUse());
            logLength.put(n.id(), n.log().length());
            rejectedBefore.put(n.id(), total(n.rejections()));
        }
        int n = 100_000;
        long rejections = 0;
        long ignored = 0;
        long now = w.net.now;
        for (int i = 0; i < n; i++) {
            if (i % 10_000 == 0) {
                now += 1_000; // ten seconds of replays in all: within one summary interval
            }
            Net.Delivery d = old.get(i % old.size());
            Result r;
            try {
                r = w.node(d.to()).receive(d.frame(), now);
            } catch (MalformedMessageException e) {
                throw new AssertionError("a delivered frame no longer decodes", e);
            }
            assertEquals(List.of(), r.outbound(), "a replay made " + d.to() + " send");
            for (Event e : r.events()) {
                assertTrue(e instanceof Event.Rejected, "a replay was not just rejected: " + e);
            }
            if (r.events().isEmpty()) {
                // the one silent case: a repeat of a delete already carried out (sec. 6.4.2 "several multicasts")
                Header h = header(d.frame());
                assertTrue((h.type() == MessageType.DELETE_GROUP || h.type() == MessageType.DELETE_GROUP_KEYS)
                        && !w.node(d.to()).keyTable().holds(h.group()), "a replay was ignored without a rejection: " + h);
                ignored++;
            }
            rejections += r.rejections().size();
        }
        long counted = 0;
        for (GkmpNode node : w.net.nodes.values()) {
            EntityId id = node.id();
            assertEquals(state.get(id), node.stateFingerprint(), id + " changed state");
            assertEquals(memory.get(id).consumedFrames(), node.memoryUse().consumedFrames(), id + " replay memory grew");
            assertEquals(memory.get(id).keyShares(), node.memoryUse().keyShares(), id + " share memory grew");
            assertEquals(memory.get(id).nonces(), node.memoryUse().nonces(), id + " nonce memory grew");
            assertEquals(0, node.memoryUse().parkedFrames(), id + " parked a replay");
            assertTrue(node.memoryUse().consumedFrames() <= 2 && node.memoryUse().keyShares() <= 2 && node.memoryUse().nonces() <= 2,
                    id + " " + node.memoryUse());
            assertTrue(node.log().size() <= 64, id + " keeps " + node.log().size() + " log records in memory");
            // at most one rejection summary (and the checkpoint it may complete) in the interval
            assertTrue(node.log().length() - logLength.get(id) <= 2, id + " log grew by " + (node.log().length() - logLength.get(id)));
            assertEquals(List.of(), records(node, "TERMINATED").stream().filter(e -> e.seq() >= logLength.get(id)).toList());
            counted += total(node.rejections()) - rejectedBefore.get(id);
        }
        assertEquals(rejections, counted, "every rejection is counted");
        assertEquals(n, rejections + ignored, "rejected " + rejections + ", ignored " + ignored);
        java.util.TreeMap<Check, Long> byCheck = new java.util.TreeMap<>();
        for (GkmpNode node : w.net.nodes.values()) {
            node.rejections().forEach((c, k) -> byCheck.merge(c, k, Long::sum));
        }
        System.out.println("[" + provider + "] " + n + " replays of " + old.size() + " frames: " + byCheck + ", ignored " + ignored);
        // with 2 remembered items per node, most replays are refused by what the frame says (key ids,
        // token versions, time stamps, the exchange it belongs to, the keys it is sealed under)
        assertTrue(count(byCheck, Check.REPLAY) < n / 4, "refused by the window: " + byCheck);
        w.assertLogsVerify();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rejectionsAreSummarisedAtMostOncePerInterval(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        w.createG1();
        GkmpNode m2 = w.node(M2);
        // new content (another SKEK id) signed by m1 under the GC's certificate: a forgery
        byte[] csk1 = w.seen(MessageType.CREATE_SESSION_KEK_1).stream().filter(f -> {
            try {
                return header(f).recipient().equals(M2);
            } catch (MalformedMessageException e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        byte[] forged = Forge.resign(w.p, w.creds.get(M1), csk1, h -> h, b -> {
            Messages.CreateSessionKek1 m = (Messages.CreateSessionKek1) b;
            return new Messages.CreateSessionKek1(m.request(), new KeyId(m.skekId().value() + 1000), m.share(), m.controllerCert(),
                    m.signature());
        });
        long t = w.net.now;
        long before = m2.log().length();
        for (int i = 0; i < 1000; i++) {
            m2.receive(forged, t + i); // within one minute
        }
        assertEquals(1, records(m2, "REJECTED").size());
        assertEquals(1000L, count(m2.rejections(), Check.SOURCE_SIGNATURE));
        assertTrue(m2.log().length() - before <= 2);
        // a tick after the interval writes the pending count; then nothing until the next rejection
        m2.tick(t + 61_000);
        List<LogEntry> summaries = records(m2, "REJECTED");
        assertEquals(2, summaries.size());
        assertTrue(summaries.get(1).detail().startsWith("999 frame(s)"), summaries.get(1).detail());
        m2.tick(t + 200_000);
        assertEquals(2, records(m2, "REJECTED").size());
        assertThrowsUnsupported(m2.rejections());
    }

    static void assertThrowsUnsupported(Map<Check, Long> view) {
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> view.put(Check.REPLAY, 0L));
    }

    /** ECDSA (s -> n - s) gives a second valid signature over the same content. */
    static byte[] malleate(byte[] der) throws Exception {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        BigInteger n = NISTNamedCurves.getByName("P-256").getN();
        return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(n.subtract(s))}).getEncoded("DER");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aMalleatedEcdsaSignatureOfAnAcceptedFrameIsAReplay(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256_DER, w.creds.get(M3).signingKey().algorithm());
        w.createG1();
        List<byte[]> csk2 = new ArrayList<>();
        List<Event> injected = new ArrayList<>();
        w.intercept((from, to, frame) -> {
            Frame f = Codec.decode(frame);
            if (f.header().type() == MessageType.CREATE_SESSION_KEK_2 && from.equals(M3)) {
                csk2.add(frame);
            } else if (f.header().type() == MessageType.NEGOTIATE_SESSION_KEYS_1 && to.equals(M3) && !csk2.isEmpty()) {
                // the GC accepted m3's Create_Session_KEK_2; a copy with the other valid signature follows
                Frame accepted = Codec.decode(csk2.get(csk2.size() - 1));
                Messages.CreateSessionKek2 b = (Messages.CreateSessionKek2) accepted.body();
                byte[] sig = malleate(b.signature());
                assertFalse(Arrays.equals(sig, b.signature()));
                // the provider accepts the high-S twin: the attack is real
                Signatures.verify(w.p, w.key(M3), "frame", Codec.prefix(accepted.header(), b), sig, Check.SOURCE_SIGNATURE);
                byte[] copy = Codec.encode(accepted.header(), Forge.withTail(b, sig));
                assertNotEquals(Arrays.toString(copy), Arrays.toString(csk2.get(csk2.size() - 1)));
                injected.addAll(w.node(GC).receive(copy, w.net.now).events());
            }
            return frame;
        });
        w.net.post(GC, w.node(GC).redistribute(G1, M3, w.net.now));
        w.net.run();
        assertEquals(1, injected.size(), "the malleated copy was not reported: " + injected);
        Event e = injected.get(0);
        assertTrue(e instanceof Event.Rejected, "the malleated copy was not rejected: " + e);
        assertEquals(Check.REPLAY, ((Event.Rejected) e).report().check(), "recognised as a copy of the accepted frame");
        assertEquals(List.of(), w.net.allReports());
        w.assertHolds(G1, GC, M3);
        assertEquals(0, w.node(GC).openExchanges());
    }

    // ---- replays the window forgot: refused by the freshness rules ----

    @ParameterizedTest
    @MethodSource("providers")
    void exchangeStartsTheWindowForgotAreStaleByTheirKeyIds(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayWindow = 1;
        w.start();
        GroupToken t = w.createG1();
        w.command(w.commander.next(t, GroupAction.REKEY, 2));
        w.assertHolds(G1, GC, M1, M2, M3);
        // m2's Create_Session_KEK_1 and m1's first Create_Grp_Keys_1 were evicted by later frames
        for (MessageType type : List.of(MessageType.CREATE_SESSION_KEK_1, MessageType.CREATE_GRP_KEYS_1)) {
            for (Net.Delivery d : w.net.delivered) {
                if (!d.from().equals(GC) || Codec.decode(d.frame()).header().type() != type) {
                    continue;
                }
                GkmpNode target = w.node(d.to());
                String before = target.stateFingerprint();
                Result r = target.receive(d.frame(), w.net.now);
                assertEquals(List.of(), r.outbound(), type + " replayed to " + d.to() + " started an exchange");
                assertEquals(List.of(), r.reports());
                assertEquals(Check.STALE, r.rejections().get(0).check(), type + " to " + d.to());
                assertEquals(before, target.stateFingerprint());
                assertEquals(0, target.openExchanges());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void joinRequestsTheWindowForgotAreStaleByTheirTime(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayWindow = 1;
        w.start();
        w.createG1();
        w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
        w.net.run();
        w.net.post(M5, w.node(M5).requestJoin(G1, GC, w.net.now + 1));
        w.net.run();
        w.assertHolds(G1, GC, M4, M5);
        GkmpNode gc = w.node(GC);
        List<byte[]> joins = w.seen(MessageType.REQUEST_GROUP_JOIN);
        assertEquals(2, joins.size());
        // m4's request: its nonce was evicted by m5's (capacity 1), so the floor refuses it
        Result r = gc.receive(joins.get(0), w.net.now + 2);
        assertEquals(List.of(), r.outbound(), "a forgotten join request started a distribution");
        assertEquals(Check.STALE, r.rejections().get(0).check());
        // m5's request, still in the window: a replay
        assertEquals(Check.REPLAY, gc.receive(joins.get(1), w.net.now + 2).rejections().get(0).check());
        // and any request older than the freshness interval (5 minutes by default) is stale outright
        byte[] delayed = w.node(M4).requestJoin(G1, GC, w.net.now + 3).outbound().get(0).frame();
        Result tooOld = gc.receive(delayed, w.net.now + 3 + 300_001);
        assertEquals(Check.STALE, tooOld.rejections().get(0).check());
        assertEquals(List.of(), tooOld.outbound());
        assertEquals(0, gc.openExchanges());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void deletesTheWindowForgotAreStaleByTheirTime(String provider) throws Exception {
        World w = new World(TestProviders.get(provider));
        w.replayWindow = 1;
        w.start();
        w.createG1();
        w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
        w.net.run();
        w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M1), w.net.now + 1));
        w.net.run();
        GkmpNode m2 = w.node(M2);
        String before = m2.stateFingerprint();
        byte[] first = w.seen(MessageType.DELETE_GROUP_KEYS).get(0);
        Result r = m2.receive(first, w.net.now + 2);
        assertEquals(Check.STALE, r.rejections().get(0).check(), "the first delete's nonce was evicted by the second's");
        assertEquals(List.of(), r.outbound());
        assertEquals(before, m2.stateFingerprint());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aReplayedOldCrlDoesNotEndAnExchangeWaitingForANewerOne(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        byte[] oldCrl = FunctionsTest.crlFrame(w, M2); // version 0, signed by the security manager
        w.sm.revoke(w.net.now, M5);
        NegativeChecksTest.pushCrl(w, GC);             // the GC has v1, m2 still v0
        List<Event> injected = new ArrayList<>();
        w.intercept((from, to, frame) -> {
            if (to.equals(M2) && Codec.decode(frame).header().type() == MessageType.CRL_UPDATE) {
                // m2 parked Negotiate_Session_Keys_1 and asked for v1; the old CRL arrives first
                assertEquals(1, w.node(M2).memoryUse().parkedFrames());
                injected.addAll(w.node(M2).receive(oldCrl, w.net.now).events());
            }
            return frame;
        });
        w.command(w.createToken(G1));
        assertEquals(1, injected.size());
        assertEquals(Check.STALE, ((Event.Rejected) injected.get(0)).report().check());
        assertEquals(List.of(), w.net.allReports());
        w.assertHolds(G1, GC, M1, M2, M3);
        assertEquals(1, w.node(M2).crlVersion());
    }

    static Header header(byte[] frame) throws MalformedMessageException {
        return Codec.decode(frame).header();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aForgedEchoOfARekeyChangesNothingAtTheFirstMember(String provider) throws Exception {
        World w = new World(TestProviders.get(provider)).start();
        GroupToken t = w.createG1();
        List<Event> injected = new ArrayList<>();
        w.intercept((from, to, frame) -> {
            Frame f = Codec.decode(frame);
            if (f.header().type() == MessageType.REKEY_MULTICAST && to.equals(M1)) {
                // m1 co-created the new keys and expects this multicast back; a forger sends a
                // look-alike first (same ids, garbage ciphertext)
                Messages.RekeyMulticast m = (Messages.RekeyMulticast) f.body();
                byte[] garbage = new byte[m.ciphertext().length];
                byte[] fake = Codec.encode(f.header(), new Messages.RekeyMulticast(m.currentGkekId(), m.newGtekId(), m.newGkekId(), garbage));
                injected.addAll(w.node(M1).receive(fake, w.net.now).events());
            }
            return frame;
        });
        w.command(w.commander.next(t, GroupAction.REKEY, 2));
        assertEquals(List.of(), injected);
        assertEquals(List.of(), w.net.reports(M1));
        assertEquals(List.of(), w.net.rejections(M1), "the genuine echo was refused after a forged one");
        w.assertHolds(G1, GC, M1, M2, M3);
    }
}
