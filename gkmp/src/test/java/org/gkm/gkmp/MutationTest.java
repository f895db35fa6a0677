package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.gkm.gkmp.engine.Event;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.Result;
import org.gkm.gkmp.message.Codec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * 10^5 seeded mutations (bit flips, truncation, extension, length lies, shifted bytes) of real
 * frames of every type, each delivered to the node it was addressed to: every one is rejected (a
 * typed {@link MalformedMessageException}, or a rejection before authentication) or ignored, none
 * terminates anything, and none changes the node's state (key table, exchanges, group definitions,
 * CRL) or its log in memory, or makes it send anything. Count:
 * {@code -Dgkmp.mutations=N} (default 100000 per provider); seed: {@code -Dgkmp.seed}.
 */
class MutationTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void mutatedFramesAreRejectedWithoutStateChange(String provider) {
        int n = Integer.getInteger("gkmp.mutations", 100_000);
        long seed = Long.getLong("gkmp.seed", 0x6B6D70L);
        World w = new World(TestProviders.get(provider)).start();
        w.runAllFunctions();
        List<Net.Delivery> frames = new ArrayList<>();
        for (Net.Delivery d : w.net.delivered) {
            if (w.net.nodes.containsKey(d.to())) {
                frames.add(d);
            }
        }
        Random rnd = new Random(seed);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Net.Delivery d = frames.get(rnd.nextInt(frames.size()));
            int kind = rnd.nextInt(5);
            byte[] m = mutate(d.frame(), kind, rnd);
            if (Arrays.equals(m, d.frame())) {
                continue; // a mutation that happens to restore the frame is not a mutation
            }
            GkmpNode target = w.node(d.to());
            String before = target.stateFingerprint();
            long logBefore = target.log().length();
            String what = "seed " + seed + " iteration " + i + " kind " + kind + " to " + d.to();
            try {
                Result r = target.receive(m, w.net.now);
                assertTrue(r.outbound().isEmpty(), "mutated frame made the node send: " + what);
                for (Event e : r.events()) {
                    if (!(e instanceof Event.Rejected)) {
                        fail("mutated frame accepted or terminated an exchange (" + e + "): " + what);
                    }
                }
                String outcome = r.rejections().isEmpty() ? "ignored" : "rejected " + r.rejections().get(0).check();
                outcomes.merge(outcome, 1, Integer::sum);
            } catch (MalformedMessageException e) {
                outcomes.merge("malformed", 1, Integer::sum);
            } catch (RuntimeException e) {
                throw new AssertionError("untyped failure: " + what, e);
            }
            assertEquals(before, target.stateFingerprint(), "state changed: " + what);
            for (org.gkm.gkmp.log.LogEntry e : target.log().entries()) {
                if (e.seq() >= logBefore) {
                    assertTrue(e.action().equals("REJECTED") || e.isCheckpoint(), "mutated frame logged " + e + ": " + what);
                }
            }
        }
        System.out.println("[" + provider + "] " + n + " mutations of " + frames.size() + " frames, seed " + seed + ": " + outcomes);
        assertTrue(outcomes.getOrDefault("malformed", 0) > n / 10, "suspiciously few codec rejections: " + outcomes);
    }

    static byte[] mutate(byte[] f, int kind, Random rnd) {
        switch (kind) {
            case 0: { // 1-4 bit flips
                byte[] m = f.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return m;
            }
            case 1: // truncation
                return Arrays.copyOf(f, rnd.nextInt(f.length));
            case 2: { // extension
                byte[] m = Arrays.copyOf(f, f.length + 1 + rnd.nextInt(16));
                for (int k = f.length; k < m.length; k++) {
                    m[k] = (byte) rnd.nextInt(256);
                }
                return m;
            }
            case 3: { // length lie: a 16- or 32-bit window set to a plausible or extreme length
                byte[] m = f.clone();
                int at = rnd.nextInt(Math.max(1, m.length - 4));
                int width = rnd.nextBoolean() ? 2 : 4;
                long v;
                switch (rnd.nextInt(3)) {
                    case 0:
                        v = width == 2 ? 0xFFFF : 0xFFFFFFFFL;
                        break;
                    case 1:
                        v = 0;
                        break;
                    default:
                        long orig = 0;
                        for (int k = 0; k < width; k++) {
                            orig = (orig << 8) | (m[at + k] & 0xFF);
                        }
                        v = orig + rnd.nextInt(7) - 3;
                }
                for (int k = width - 1; k >= 0; k--) {
                    m[at + k] = (byte) v;
                    v >>>= 8;
                }
                return m;
            }
            default: { // one byte inserted or deleted
                int at = rnd.nextInt(f.length);
                if (rnd.nextBoolean()) {
                    byte[] m = new byte[f.length + 1];
                    System.arraycopy(f, 0, m, 0, at);
                    m[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(f, at, m, at + 1, f.length - at);
                    return m;
                }
                byte[] m = new byte[f.length - 1];
                System.arraycopy(f, 0, m, 0, at);
                System.arraycopy(f, at + 1, m, at, f.length - at - 1);
                return m;
            }
        }
    }

}
