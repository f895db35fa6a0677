package org.gkm.gcks.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 10^4 seeded fuzzed frames against a live server, from several connections at once, while a
 * well-behaved member keeps being served. Each case is predicted with the same codec on the client
 * side: a frame that breaks the format first thing must end the connection with that reason's
 * goodbye; a stream that stops inside a frame is closed by the client and must end with a goodbye;
 * anything else is followed by a ping that must be answered or the connection must end. No case
 * may leave the server silent. The seed is printed; {@code -Dgkm.fuzz.seed=N} repeats a run.
 */
class FrameServerFuzzTest {
    private static final int CASES = 10_000;
    private static final int WORKERS = 4;
    private static final int LIMIT = 4096;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void tenThousandFuzzedFramesLeaveTheServerServing() throws Exception {
        long seed = Long.getLong("gkm.fuzz.seed", System.nanoTime());
        System.out.println("FrameServerFuzzTest seed " + seed + " (-Dgkm.fuzz.seed=" + seed + " repeats it)");
        SplittableRandom root = new SplittableRandom(seed);
        TestExchanges ex = new TestExchanges();
        ServerConfig config = ServerConfig.defaults().withMaxFrameBytes(LIMIT).withCloseGrace(Duration.ofMillis(500));
        FrameServer started;
        try (FrameServer server = FrameServer.start(config, ex);
                MemberConnection healthy = MemberConnection.connect(server.address());
                ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<int[]>> results = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                SplittableRandom rnd = root.split();
                int worker = w;
                results.add(workers.submit(() -> fuzz(server, rnd, CASES / WORKERS, seed, worker)));
            }
            int served = 0;
            while (!allDone(results)) {
                byte[] text = ("healthy " + served++).getBytes(StandardCharsets.US_ASCII);
                healthy.send(FrameType.RESYNC_REQUEST, text);
                Frame reply = healthy.receive(WAIT);
                assertArrayEquals(text, reply.payload(), "seed " + seed);
            }
            started = server;
            int connections = 0;
            int answered = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get();
                connections += r[0];
                answered += r[1];
            }
            healthy.send(ControlFrames.ping(42));
            assertEquals(42, ControlFrames.token(healthy.receive(WAIT)), "seed " + seed);
            ServerStats st = server.stats();
            System.out.printf("FrameServerFuzzTest: %d cases, %d connections, %d answered pings, healthy member served %d"
                    + " times; closes %s%n", CASES, connections, answered, served, st.closed());
            assertEquals(0, st.closed(CloseReason.HANDLER_FAILED), "seed " + seed);
            assertTrue(served > 0 && answered > 0 && connections > WORKERS, "seed " + seed);
        }
        assertTrue(started.isTerminated(), "server threads still running after close");
    }

    private static boolean allDone(List<? extends Future<?>> fs) {
        return fs.stream().allMatch(Future::isDone);
    }

    /** Runs {@code cases} fuzz cases; returns {connections opened, pings answered}. */
    private static int[] fuzz(FrameServer server, SplittableRandom rnd, int cases, long seed, int worker) throws Exception {
        RawConnection c = null;
        int connections = 0;
        int answered = 0;
        long token = 0;
        try {
            for (int i = 0; i < cases; i++) {
                String where = "seed " + seed + " worker " + worker + " case " + i;
                byte[] bytes = FrameFuzz.mutate(rnd, LIMIT);
                FrameFuzz.Prediction p = FrameFuzz.predict(bytes, LIMIT);
                if (c == null) {
                    c = new RawConnection(server.address());
                    connections++;
                }
                c.write(bytes);
                if (p.truncated()) {
                    c.shutdownOutput();
                    CloseReason r = c.goodbyeThenEnd(WAIT);
                    if (p.framesBefore() == 0) {
                        assertEquals(CloseReason.TRUNCATED_FRAME, r, where);
                    }
                    c.close();
                    c = null;
                    continue;
                }
                if (p.error() != null && p.framesBefore() == 0) {
                    assertEquals(CloseReason.of(p.error().reason()), c.goodbyeThenEnd(WAIT), where);
                    c.close();
                    c = null;
                    continue;
                }
                // Fuzzed pings carry random tokens: one equal to ours is a 2^-64 chance per case.
                long mine = seed ^ ++token;
                if (!writeOrClosed(c, ControlFrames.ping(mine).wireBytes()) || !awaitPong(c, mine, where)) {
                    c.close();
                    c = null;
                    continue;
                }
                answered++;
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
        return new int[] {connections, answered};
    }

    /** Writes, or reports that the server already closed the connection. */
    private static boolean writeOrClosed(RawConnection c, byte[] bytes) throws IOException {
        try {
            c.write(bytes);
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Reads until our pong (the connection lives) or the end of the stream (the server closed it). */
    private static boolean awaitPong(RawConnection c, long token, String where) throws Exception {
        try {
            for (Frame f; (f = c.next(WAIT)) != null; ) {
                if (f.type() == FrameType.PONG && ControlFrames.token(f) == token) {
                    return true;
                }
            }
            return false;
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError(where + ": the server neither answered nor closed", e);
        } catch (SocketException e) {
            return false;
        }
    }
}
