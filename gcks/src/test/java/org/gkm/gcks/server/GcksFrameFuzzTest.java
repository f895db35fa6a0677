package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.net.CloseReason;
import org.gkm.gcks.net.ControlFrames;
import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameFuzz;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.RawConnection;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.pki.Credentials;
import org.junit.jupiter.api.Test;

/**
 * 10^4 seeded fuzzed frames against a live GCKS: mutations of valid registration (GKMP member join requests, signed), resync,
 * acknowledgement and de-registration frames, and random frames, from several connections at once,
 * while a registered member keeps being served and a new member registers in the middle of it.
 *
 * <p>Each case must end in a typed answer or a closed connection: a frame that breaks the format
 * first thing gets a goodbye naming the reason, then the end of the stream; otherwise a ping follows
 * and the server must answer it or close, and every answer on the way must be typed (a registration
 * or de-registration refusal with a known {@link Refusal}, a GKMP step of an exchange that cannot
 * complete, a resync answer, busy, pong, goodbye). No fuzzed frame may register, de-register or be
 * pushed a rekey. At the end the group has moved by the legitimate join only: its sequence is one
 * past the start, its fingerprint the one right after that join, its members the two legitimate
 * ones, and both receive the next rekey. The seed is printed; {@code -Dgkm.fuzz.seed=N} repeats a run.
 */
class GcksFrameFuzzTest {
    private static final int CASES = 10_000;
    private static final int WORKERS = 4;
    private static final int LIMIT = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Typed answers seen, by kind (for the figures and the assertions). */
    private static final class Tally {
        final Map<String, Long> answers = new TreeMap<>();
        int connections;
        int pongs;

        void add(String kind) {
            answers.merge(kind, 1L, Long::sum);
        }

        void addAll(Tally o) {
            o.answers.forEach((k, v) -> answers.merge(k, v, Long::sum));
            connections += o.connections;
            pongs += o.pongs;
        }
    }

    @Test
    void tenThousandFuzzedFramesChangeNothingWhileMembersAreServed() throws Exception {
        long seed = Long.getLong("gkm.fuzz.seed", System.nanoTime());
        System.out.println("GcksFrameFuzzTest seed " + seed + " (-Dgkm.fuzz.seed=" + seed + " repeats it)");
        SplittableRandom root = new SplittableRandom(seed);
        ServerOptions options = ServerOptions.defaults()
                .withNet(ServerConfig.defaults().withMaxFrameBytes(LIMIT).withCloseGrace(Duration.ofMillis(500)));
        try (GcksFixture fx = new GcksFixture("openssl", options, 1000)) {
            MemberAgent good = fx.member("good");
            long seq0 = fx.backend.sequence();
            List<byte[]> seeds = validFrames(fx, good);

            Tally tally = new Tally();
            byte[] afterJoin;
            try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Tally>> results = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    SplittableRandom rnd = root.split();
                    String where = "seed " + seed + " worker " + w;
                    results.add(workers.submit(() -> fuzz(fx, seeds, rnd, CASES / WORKERS, where)));
                }
                // A legitimate member registers during the fuzz; the registered one gets its join rekey.
                MemberAgent late = fx.member("late");
                afterJoin = fx.backend.fingerprint();
                assertEquals(seq0 + 1, late.sequence(), "seed " + seed);
                good.awaitSequence(seq0 + 1, WAIT);
                assertEquals(fx.serverTek(), good.tekFingerprint());
                int served = 0;
                while (!results.stream().allMatch(Future::isDone)) {
                    good.resyncTcp(); // answered from the store while the fuzz runs
                    served++;
                    late.pump(Duration.ofMillis(20));
                }
                for (Future<Tally> f : results) {
                    tally.addAll(f.get());
                }
                System.out.printf("GcksFrameFuzzTest: %d cases on %d connections, %d pings answered, the registered member"
                        + " served %d times during the fuzz; answers %s; closes %s%n", CASES, tally.connections, tally.pongs, served,
                        tally.answers, fx.server.transport().stats().closed());
            }

            // Only the legitimate join moved the group; both members get the next rekey.
            assertEquals(seq0 + 1, fx.backend.sequence(), "seed " + seed);
            assertArrayEquals(afterJoin, fx.backend.fingerprint(), "seed " + seed);
            assertEquals(2, fx.server.treeMembers(GcksFixture.G));
            assertEquals(List.of("good", "late"), fx.server.members(GcksFixture.G).stream().map(m -> m.entity().value()).sorted()
                    .toList());
            long next = fx.server.changeTek(GcksFixture.G);
            good.awaitSequence(next, WAIT);
            assertEquals(fx.serverTek(), good.tekFingerprint());
            assertEquals(0, fx.server.transport().stats().closed(CloseReason.HANDLER_FAILED), "seed " + seed);
            assertTrue(tally.pongs > 0 && tally.connections > WORKERS, "seed " + seed);
            assertTrue(tally.answers.keySet().stream().anyMatch(k -> k.startsWith("register refused")), tally.answers::toString);
            assertTrue(tally.answers.keySet().stream().anyMatch(k -> k.startsWith("deregister refused")), tally.answers::toString);
            assertTrue(tally.answers.containsKey("resync answer"), tally.answers::toString);
            assertTrue(tally.answers.keySet().stream().anyMatch(k -> k.startsWith("member removal refused")), tally.answers::toString);
            assertTrue(tally.answers.keySet().stream().anyMatch(k -> k.startsWith("member addition refused")), tally.answers::toString);
        }
    }

    /**
     * The frames the mutations start from: member join requests (signed GKMP, for this group and for
     * another), resync requests (good, negative, unknown group), acknowledgements,
     * de-registrations of the registered member with a proof that is not its own, and
     * member-initiated view, removal and join requests (from an unregistered connection).
     */
    private static List<byte[]> validFrames(GcksFixture fx, MemberAgent good) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String id : List.of("fuzz-a", "fuzz-b")) {
            Credentials c = fx.enroll(id);
            GkmpNode node = GkmpNode.builder(fx.p, c, fx.sm.anchor(), fx.sm.crl()).build();
            long now = System.currentTimeMillis();
            out.add(wire(Payloads.register(GcksFixture.G.value(),
                    node.requestJoin(GcksFixture.G, GcksFixture.GC, now).outbound().get(0).frame())));
            GkmpGroupId other = new GkmpGroupId(GcksFixture.G.value() + 1);
            out.add(wire(Payloads.register(other.value(), node.requestJoin(other, GcksFixture.GC, now).outbound().get(0).frame())));
        }
        out.add(wire(Payloads.resyncRequest(GcksFixture.G.value(), 0, 16)));
        out.add(wire(Payloads.resyncRequest(GcksFixture.G.value(), fx.backend.sequence(), 1)));
        out.add(wire(Payloads.ack(GcksFixture.G.value(), fx.backend.sequence())));
        out.add(wire(Payloads.deregister(GcksFixture.G.value(), good.memberId(), new byte[Payloads.PROOF_BYTES])));
        byte[] proof = fx.p.random().bytes(Payloads.PROOF_BYTES);
        out.add(wire(Payloads.deregister(GcksFixture.G.value(), good.memberId(), proof)));
        Credentials c = fx.enroll("fuzz-c");
        out.add(wire(InitiatorPayloads.viewRequest(GcksFixture.G.value(), c.id())));
        InitiatorPayloads.MemberRequest q = new InitiatorPayloads.MemberRequest(GcksFixture.G.value(), c.id(), c.certificate(),
                c.permissions().encode(), fx.p.random().bytes(200));
        out.add(wire(InitiatorPayloads.remove(q)));
        out.add(wire(InitiatorPayloads.add(q)));
        out.add(wire(InitiatorPayloads.joinViewRequest(GcksFixture.G.value(), c.id())));
        return out;
    }

    private static byte[] wire(EncodedFrame f) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(f.size());
        f.writeTo(b);
        return b.toByteArray();
    }

    /** One case's bytes: one or two frames (valid seeds, or random frames), then one mutation. */
    private static byte[] next(List<byte[]> seeds, SplittableRandom rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int n = 1 + rnd.nextInt(2);
        for (int i = 0; i < n; i++) {
            b.writeBytes(rnd.nextInt(5) == 0 ? FrameFuzz.valid(rnd, 256) : seeds.get(rnd.nextInt(seeds.size())));
        }
        return FrameFuzz.mutate(rnd, b.toByteArray(), LIMIT);
    }

    private static Tally fuzz(GcksFixture fx, List<byte[]> seeds, SplittableRandom rnd, int cases, String worker) throws Exception {
        Tally t = new Tally();
        RawConnection c = null;
        long token = 0;
        try {
            for (int i = 0; i < cases; i++) {
                String where = worker + " case " + i;
                byte[] bytes = next(seeds, rnd);
                FrameFuzz.Prediction p = FrameFuzz.predict(bytes, LIMIT);
                if (c == null) {
                    c = new RawConnection(fx.server.address());
                    t.connections++;
                }
                if (!writeOrClosed(c, bytes)) {
                    c.close();
                    c = null;
                    continue;
                }
                boolean open;
                if (p.error() != null && p.error().reason() == FrameException.Reason.TRUNCATED) {
                    c.shutdownOutput(); // the server sees the cut at the end of the stream
                    open = drain(c, t, Long.MIN_VALUE, where);
                } else if (p.error() != null && p.framesBefore() == 0) {
                    open = drain(c, t, Long.MIN_VALUE, where); // a goodbye naming the format error, then the end
                } else {
                    long mine = worker.hashCode() ^ ++token ^ 0x5DEECE66DL;
                    open = writeOrClosed(c, wire(ControlFrames.ping(mine))) && drain(c, t, mine, where);
                }
                if (!open) {
                    c.close();
                    c = null;
                }
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return t;
    }

    private static boolean writeOrClosed(RawConnection c, byte[] bytes) throws IOException {
        try {
            c.write(bytes);
            return true;
        } catch (SocketException e) {
            return false; // the server closed the connection on an earlier frame
        }
    }

    /**
     * Reads the server's answers until the pong of {@code token} (returns true: the connection lives)
     * or the end of the stream (false). Every answer must be typed; silence is a failure.
     */
    private static boolean drain(RawConnection c, Tally t, long token, String where) throws Exception {
        try {
            for (Frame f; (f = c.next(WAIT)) != null; ) {
                if (f.type() == FrameType.PONG && ControlFrames.token(f) == token) {
                    t.pongs++;
                    return true;
                }
                t.add(classify(f, where));
            }
            return false;
        } catch (SocketTimeoutException e) {
            throw new AssertionError(where + ": the server neither answered nor closed", e);
        } catch (SocketException e) {
            return false; // reset after the goodbye
        }
    }

    /** The kind of a server frame on a fuzz connection; fails on anything a fuzzed frame must not obtain. */
    private static String classify(Frame f, String where) throws FrameException {
        return switch (f.type()) {
            case REGISTER_REPLY -> {
                Payloads.RegisterReply r = Payloads.registerReply(f);
                if (r.refused() != null) {
                    yield "register refused " + r.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
                }
                assertTrue(r.registered() == null, where + ": a fuzzed frame registered");
                yield "register GKMP step";
            }
            case DEREGISTER_REPLY -> {
                Payloads.DeregisterReply r = Payloads.deregisterReply(f);
                assertTrue(r.refused() != null, where + ": a fuzzed frame de-registered a member");
                yield "deregister refused " + r.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case RESYNC_REPLY -> {
                Payloads.ResyncReply r = Payloads.resyncReply(f);
                yield r.refused() == null ? "resync answer"
                        : "resync refused " + r.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case INITIATOR_VIEW -> {
                InitiatorPayloads.View v = InitiatorPayloads.view(f);
                assertTrue(v.refused() != null, where + ": a fuzz connection obtained an initiator view");
                yield "view refused " + v.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case MEMBER_REMOVE_REPLY -> {
                InitiatorPayloads.RemoveReply r = InitiatorPayloads.removeReply(f);
                assertTrue(r.refused() != null, where + ": a fuzzed frame removed a member");
                yield "member removal refused " + r.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case JOIN_VIEW -> {
                InitiatorPayloads.JoinView v = InitiatorPayloads.joinView(f);
                assertTrue(v.refused() != null, where + ": a fuzz connection obtained a join view");
                yield "join view refused " + v.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case MEMBER_ADD_REPLY -> {
                InitiatorPayloads.AddReply r = InitiatorPayloads.addReply(f);
                assertTrue(r.refused() != null, where + ": a fuzzed frame added a member");
                yield "member addition refused " + r.refused().refusal().orElseThrow(() -> new AssertionError(where + ": untyped refusal"));
            }
            case GOODBYE -> "goodbye " + ControlFrames.goodbye(f).reason().orElseThrow(() -> new AssertionError(where + ": untyped goodbye"));
            case BUSY -> "busy";
            case PONG -> "pong of a fuzzed ping";
            default -> throw new AssertionError(where + ": a fuzz connection was sent " + f.type());
        };
    }
}
