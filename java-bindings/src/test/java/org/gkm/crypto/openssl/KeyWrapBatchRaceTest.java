package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
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
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.Test;

/**
 * A {@link KeyWrapBatch}'s arrays are the caller's and cross to native code in place, so another
 * thread can change them during a call. A writer thread keeps changing some jobs' KEK lengths,
 * input lengths and offsets (between two valid values, and from a valid to an invalid one) while
 * the OpenSSL provider wraps and unwraps the batch again and again on every kernel path: no call
 * may crash the JVM or throw anything but the typed refusals (the Java-side validation's
 * {@link InvalidInputException}, or the native validation's {@link IllegalArgumentException}, both
 * with nothing written), and every job of a call that ran must hold the reference result (from the
 * pure-Java provider) of one of the values its fields held. Also a one-job batch, which takes the
 * single-job entry point. Whether a call overlaps a change is up to the scheduler, so each case runs
 * until both outcomes, ran and refused, have occurred (at least {@code gkm.race.calls} calls).
 *
 * <p>Only the OpenSSL provider is raced: the pure-Java provider is memory-safe by construction and
 * serves as the reference here.
 */
class KeyWrapBatchRaceTest {
    private static final int COUNT = 72; // two full 32-lane VAES chunks and a partial one
    private static final int KEK = 32;
    private static final int KEY = 32;
    private static final int WRAPPED = KEY + 8;
    private static final int CALLS = Integer.getInteger("gkm.race.calls", 2000);
    /** Calls go on past CALLS until both outcomes (ran, refused) occurred, for at most this long. */
    private static final long MAX_NANOS = 10_000_000_000L;
    private static final byte FILL = (byte) 0xAA;
    // the jobs the writer changes; the last job is COUNT - 1
    private static final int KEKLEN_OK = 0;
    private static final int KEKLEN_BAD = 5;
    private static final int INLEN_OK = 40;
    private static final int KEKOFF = 60;
    private static final int OUTOFF = 70;

    private static final CryptoProvider REF = CryptoProvider.of(new PureJavaProvider());

    /** One field the writer changes: between a and b, or (bad) to b only about one time in eight. */
    record Toggle(int[] array, int index, int a, int b, boolean bad) {}

    /** Changes the toggles' fields until stopped. */
    static final class Writer extends Thread {
        private final List<Toggle> toggles;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong flips = new AtomicLong();

        Writer(List<Toggle> toggles) {
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
                int v = t.bad() ? (r.nextInt(8) == 0 ? t.b() : t.a()) : (t.array()[t.index()] == t.a() ? t.b() : t.a());
                t.array()[t.index()] = v;
                if ((++n & 63) == 0) {
                    flips.set(n);
                }
            }
            flips.set(n);
        }

        void startAndWait() {
            start();
            while (flips.get() == 0 && isAlive()) {
                Thread.onSpinWait();
            }
        }

        void finish() throws InterruptedException {
            stop.set(true);
            join();
        }
    }

    private static List<KwPath> paths() {
        List<KwPath> paths = new ArrayList<>();
        for (KwPath p : KwPath.values()) {
            if (p == KwPath.AUTO || GkmNative.gkm_kw_path_supported(p.code)) {
                paths.add(p);
            }
        }
        return paths;
    }

    private static byte[] wrapRef(byte[] kek, int kekLen, byte[] key, int keyLen) throws Exception {
        return REF.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, SecretBytes.copyOf(Arrays.copyOf(kek, kekLen)),
                Arrays.copyOf(key, keyLen));
    }

    @Test
    void concurrentChangesToTheJobArraysNeverEscapeTheValidatedValues() throws Exception {
        assertTrue(NativeLoader.AVAILABLE, NativeLoader.REASON);
        Random r = new Random(0x5eed);
        byte[][] keks = new byte[COUNT][];
        byte[][] keys = new byte[COUNT][];
        byte[][] wrapped = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            keks[i] = new byte[KEK];
            keys[i] = new byte[KEY];
            r.nextBytes(keks[i]);
            r.nextBytes(keys[i]);
            wrapped[i] = wrapRef(keks[i], KEK, keys[i], KEY);
        }
        byte[] kek16Ref = wrapRef(keks[KEKLEN_OK], 16, keys[KEKLEN_OK], KEY);
        byte[] in24Ref = wrapRef(keks[INLEN_OK], KEK, keys[INLEN_OK], 24);
        for (KwPath path : paths()) {
            CryptoProvider p = CryptoProvider.of(new OpenSslProvider(path));
            for (boolean unwrap : new boolean[] {false, true}) {
                race(p, path, unwrap, keks, keys, wrapped, kek16Ref, in24Ref);
            }
        }
    }

    private static void race(CryptoProvider p, KwPath path, boolean unwrap, byte[][] keks, byte[][] keys,
            byte[][] wrapped, byte[] kek16Ref, byte[] in24Ref) throws Exception {
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
        int done = 0;
        int refused = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        w.startAndWait();
        try {
            long deadline = System.nanoTime() + MAX_NANOS;
            for (int call = 0; call < CALLS || (done == 0 || refused == 0) && System.nanoTime() < deadline; call++) {
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
                    assertUntouched(b, path, e);
                    continue;
                }
                done++;
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
                        fail(path + (unwrap ? " unwrap" : " wrap") + ": job " + i
                                + " matches no single instant's values (output length " + ol + ", status " + st + ")");
                    }
                }
                assertEquals(statusOnes, failed, "failed-job count");
            }
        } finally {
            w.finish();
        }
        System.out.printf("%s %s: %d calls ran, %d refused %s, %d writer changes%n", path,
                unwrap ? "unwrap" : "wrap", done, refused, reasons, w.flips.get());
        assertTrue(done > 0 && refused > 0, "both outcomes occur: " + done + " ran, " + refused + " refused");
    }

    private static void assertUntouched(KeyWrapBatch b, KwPath path, Exception e) {
        byte[] fill = new byte[b.outputs().length];
        Arrays.fill(fill, FILL);
        assertArrayEquals(fill, b.outputs(), path + ": a refused call (" + e + ") wrote outputs");
        for (int i = 0; i < b.count(); i++) {
            assertEquals(-77, b.outputLengths()[i], path + ": a refused call wrote an output length");
            assertEquals((byte) 0x77, b.status()[i], path + ": a refused call wrote a status");
        }
    }

    /** A one-job batch goes through the single-job entry point: it too reads each value once. */
    @Test
    void oneJobBatchReadsItsValuesOnce() throws Exception {
        CryptoProvider p = CryptoProvider.of(new OpenSslProvider(KwPath.AUTO));
        Random r = new Random(11);
        byte[] kek = new byte[KEK];
        byte[] key = new byte[KEY];
        r.nextBytes(kek);
        r.nextBytes(key);
        byte[] ref = wrapRef(kek, KEK, key, KEY);
        byte[] ref16 = wrapRef(kek, 16, key, KEY);
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 1, KEK, KEY);
        System.arraycopy(kek, 0, b.keks(), 0, KEK);
        System.arraycopy(key, 0, b.inputs(), 0, KEY);
        Writer w = new Writer(List.of(
                new Toggle(b.kekLengths(), 0, KEK, 16, false),
                new Toggle(b.kekLengths(), 0, KEK, 40, true),
                new Toggle(b.inputLengths(), 0, KEY, KEY + 8, true),
                new Toggle(b.outputOffsets(), 0, 0, 8, true)));
        int done = 0;
        int refused = 0;
        w.startAndWait();
        try {
            long deadline = System.nanoTime() + MAX_NANOS;
            for (int call = 0; call < CALLS * 10 || (done == 0 || refused == 0) && System.nanoTime() < deadline;
                    call++) {
                Arrays.fill(b.outputs(), FILL);
                b.outputLengths()[0] = -77;
                b.status()[0] = 0x77;
                try {
                    p.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, b);
                } catch (InvalidInputException | IllegalArgumentException e) {
                    refused++;
                    assertUntouched(b, KwPath.AUTO, e);
                    continue;
                }
                done++;
                boolean ok = b.status()[0] == 0 && b.outputLengths()[0] == WRAPPED
                        && (Arrays.equals(b.outputs(), ref) || Arrays.equals(b.outputs(), ref16));
                assertTrue(ok, "the one job matches no single instant's values");
            }
        } finally {
            w.finish();
        }
        System.out.printf("one job: %d calls ran, %d refused, %d writer changes%n", done, refused, w.flips.get());
        assertTrue(done > 0 && refused > 0, "both outcomes occur: " + done + " ran, " + refused + " refused");
    }
}
