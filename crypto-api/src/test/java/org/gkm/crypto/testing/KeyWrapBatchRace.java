package org.gkm.crypto.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.SecretBytes;

/**
 * A {@link KeyWrapBatch}'s arrays are the caller's and a provider uses them in place, so another
 * thread can change them during a call. This harness (shared by every provider's race test through
 * crypto-api's test-jar) runs a writer thread that keeps changing some jobs' KEK lengths, input
 * lengths and offsets (between two valid values, and from a valid to an invalid one) while a
 * provider wraps or unwraps the batch again and again. No call may throw anything but the typed
 * refusals (the Java-side validation's {@link InvalidInputException}, or the provider's own
 * {@link IllegalArgumentException}), a refused call must have written nothing, and every job of a
 * call that ran must hold the reference result of one of the values its fields held: each job is
 * done with the values of one instant, or the call is refused.
 *
 * <p>Whether a call overlaps a change is up to the scheduler, so {@link #race} goes on until both
 * outcomes, ran and refused, have occurred (at least {@code gkm.race.calls} calls, at most about
 * ten seconds more).
 */
public final class KeyWrapBatchRace {
    /** Jobs per batch (for SIMD kernels: two full 32-lane chunks and a partial one). */
    public static final int COUNT = 72;
    public static final int KEK = 32;
    public static final int KEY = 32;
    public static final int WRAPPED = KEY + 8;
    /** Calls per race before it may stop (it goes on until both outcomes occurred). */
    public static final int CALLS = Integer.getInteger("gkm.race.calls", 2000);
    /** Calls go on past CALLS until both outcomes (ran, refused) occurred, for at most this long. */
    public static final long MAX_NANOS = 10_000_000_000L;
    /** What outputs hold before each call, so that a write shows. */
    public static final byte FILL = (byte) 0xAA;
    // the jobs the writer changes; the last job is COUNT - 1
    private static final int KEKLEN_OK = 0;
    private static final int KEKLEN_BAD = 5;
    private static final int INLEN_OK = 40;
    private static final int KEKOFF = 60;
    private static final int OUTOFF = 70;

    private final byte[][] keks = new byte[COUNT][];
    private final byte[][] keys = new byte[COUNT][];
    private final byte[][] wrapped = new byte[COUNT][];
    private final byte[] kek16Ref;
    private final byte[] in24Ref;

    /**
     * Random KEKs and keys (seeded) and their AES-KW results from {@code reference}'s single-job
     * wrap, which reads no batch arrays: job {@code i} wraps key i under KEK i; also the results of
     * the valid alternatives the writer switches to (job 0 under its KEK's first 16 bytes, job 40
     * with its key's first 24 bytes).
     */
    public KeyWrapBatchRace(CryptoProvider reference) throws Exception {
        Random r = new Random(0x5eed);
        for (int i = 0; i < COUNT; i++) {
            keks[i] = new byte[KEK];
            keys[i] = new byte[KEY];
            r.nextBytes(keks[i]);
            r.nextBytes(keys[i]);
            wrapped[i] = wrap(reference, keks[i], KEK, keys[i], KEY);
        }
        kek16Ref = wrap(reference, keks[KEKLEN_OK], 16, keys[KEKLEN_OK], KEY);
        in24Ref = wrap(reference, keks[INLEN_OK], KEK, keys[INLEN_OK], 24);
    }

    private static byte[] wrap(CryptoProvider p, byte[] kek, int kekLen, byte[] key, int keyLen) throws Exception {
        return p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, SecretBytes.copyOf(Arrays.copyOf(kek, kekLen)),
                Arrays.copyOf(key, keyLen));
    }

    /** One field the writer changes: between a and b, or (bad) to b only about one time in eight. */
    public static final class Toggle {
        final int[] array;
        final int index;
        final int a;
        final int b;
        final boolean bad;

        public Toggle(int[] array, int index, int a, int b, boolean bad) {
            this.array = array;
            this.index = index;
            this.a = a;
            this.b = b;
            this.bad = bad;
        }
    }

    /** Changes the toggles' fields until finished. */
    public static final class Writer extends Thread {
        private final List<Toggle> toggles;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong flips = new AtomicLong();

        public Writer(List<Toggle> toggles) {
            super("batch-writer");
            this.toggles = toggles;
            setDaemon(true);
        }

        @Override
        public void run() {
            Random r = new Random(7);
            long n = 0;
            while (!stop.get()) {
                Toggle t = toggles.get(r.nextInt(toggles.size()));
                int v = t.bad ? (r.nextInt(8) == 0 ? t.b : t.a) : (t.array[t.index] == t.a ? t.b : t.a);
                t.array[t.index] = v;
                if ((++n & 63) == 0) {
                    flips.set(n);
                }
            }
            flips.set(n);
        }

        /** Starts the writer and returns once it has made its first changes. */
        public void startAndWait() {
            start();
            while (flips.get() == 0 && isAlive()) {
                Thread.onSpinWait();
            }
        }

        /** Stops the writer and waits for it. */
        public void finish() throws InterruptedException {
            stop.set(true);
            join();
        }

        /** Changes made so far (updated every 64 changes, and at the end). */
        public long flips() {
            return flips.get();
        }
    }

    /**
     * Races the writer against {@code p} wrapping ({@code unwrap} false) or unwrapping the batch
     * with AES-KW and checks every call as the class says; {@code label} names the provider or
     * kernel path in messages. Fails unless both outcomes occurred. Returns a one-line summary.
     */
    public String race(CryptoProvider p, String label, boolean unwrap) throws InterruptedException {
        int inSize = unwrap ? WRAPPED : KEY;
        int outSize = unwrap ? KEY : WRAPPED;
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, unwrap, COUNT, KEK, inSize);
        for (int i = 0; i < COUNT; i++) {
            System.arraycopy(keks[i], 0, b.keks(), i * KEK, KEK);
            System.arraycopy(unwrap ? wrapped[i] : keys[i], 0, b.inputs(), i * inSize, inSize);
        }
        int last = COUNT - 1;
        Writer w = new Writer(List.of(
                new Toggle(b.kekLengths(), KEKLEN_OK, KEK, 16, false),
                new Toggle(b.kekLengths(), KEKLEN_BAD, KEK, 40, true),
                new Toggle(b.inputLengths(), INLEN_OK, inSize, inSize - 8, false),
                new Toggle(b.inputLengths(), last, inSize, inSize + 8, true),
                new Toggle(b.kekOffsets(), KEKOFF, KEKOFF * KEK, b.keks().length - 16, true),
                new Toggle(b.outputOffsets(), OUTOFF, OUTOFF * outSize, b.outputs().length - 8, true)));
        String what = label + (unwrap ? " unwrap" : " wrap");
        int done = 0;
        int refused = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        w.startAndWait();
        try {
            long deadline = System.nanoTime() + MAX_NANOS;
            for (int call = 0; call < CALLS || ((done == 0 || refused == 0) && System.nanoTime() < deadline); call++) {
                Arrays.fill(b.outputs(), FILL);
                Arrays.fill(b.outputLengths(), -77);
                Arrays.fill(b.status(), (byte) 0x77);
                int failed = 0;
                try {
                    if (unwrap) {
                        failed = p.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW, b);
                    } else {
                        p.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, b);
                    }
                } catch (InvalidInputException | IllegalArgumentException e) {
                    refused++;
                    reasons.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    assertUntouched(b, what, e);
                    continue;
                }
                done++;
                assertEquals(checkJobs(b, what, unwrap, inSize, outSize), failed, what + ": failed-job count");
            }
        } finally {
            w.finish();
        }
        assertTrue(done > 0 && refused > 0, what + ": both outcomes occur: " + done + " ran, " + refused + " refused");
        return String.format("%s: %d calls ran, %d refused %s, %d writer changes", what, done, refused, reasons,
                w.flips());
    }

    /** Checks every job of a call that ran against the values of one instant; returns the status-1 count. */
    private int checkJobs(KeyWrapBatch b, String what, boolean unwrap, int inSize, int outSize) {
        int statusOnes = 0;
        for (int i = 0; i < COUNT; i++) {
            byte[] o = Arrays.copyOfRange(b.outputs(), i * outSize, (i + 1) * outSize);
            int ol = b.outputLengths()[i];
            int st = b.status()[i];
            statusOnes += st == 1 ? 1 : 0;
            boolean ok;
            if (!unwrap) {
                ok = st == 0 && ol == WRAPPED && Arrays.equals(o, wrapped[i]);
                if (i == KEKLEN_OK) {
                    ok |= st == 0 && ol == WRAPPED && Arrays.equals(o, kek16Ref);
                }
                if (i == INLEN_OK) { // a 24-byte key: 32 bytes out, the region's rest untouched
                    ok |= st == 0 && ol == 32 && Arrays.equals(Arrays.copyOf(o, 32), in24Ref)
                            && o[32] == FILL && o[39] == FILL;
                }
            } else {
                ok = st == 0 && ol == KEY && Arrays.equals(o, keys[i]);
                if (i == KEKLEN_OK) { // under a 16-byte KEK: integrity failure, region zeroed
                    ok |= st == 1 && ol == 0 && Arrays.equals(o, new byte[KEY]);
                }
                if (i == INLEN_OK) { // a 32-byte input: a 24-byte region, zeroed on failure
                    ok |= st == 1 && ol == 0 && Arrays.equals(Arrays.copyOf(o, 24), new byte[24])
                            && o[24] == FILL && o[31] == FILL;
                }
            }
            if (!ok) {
                fail(what + ": job " + i + " matches no single instant's values (output length " + ol + ", status "
                        + st + ", input size " + inSize + ")");
            }
        }
        return statusOnes;
    }

    /** A refused call wrote no output byte, output length or status. */
    public static void assertUntouched(KeyWrapBatch b, String what, Exception e) {
        byte[] fill = new byte[b.outputs().length];
        Arrays.fill(fill, FILL);
        assertArrayEquals(fill, b.outputs(), what + ": a refused call (" + e + ") wrote outputs");
        for (int i = 0; i < b.count(); i++) {
            assertEquals(-77, b.outputLengths()[i], what + ": a refused call wrote an output length");
            assertEquals((byte) 0x77, b.status()[i], what + ": a refused call wrote a status");
        }
    }
}
