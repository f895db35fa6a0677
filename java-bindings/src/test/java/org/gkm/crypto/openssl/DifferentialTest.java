package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeContext;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.HpkeSuite;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyTransport;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.conformance.ConformanceSuite;
import org.gkm.crypto.conformance.VectorSources;
import org.gkm.crypto.conformance.Vectors;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.java.PureJavaProvider;
import org.gkm.crypto.spi.CryptoSpi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential tests: the pure-Java and the OpenSSL provider on the same seeded random inputs,
 * compared by "outcome" (the output bytes, or the exception class name). Any difference, and any
 * untyped exception from the public API, fails with the seed, the case index and the hex inputs.
 *
 * <p>Cases per primitive: N = {@code -Dgkm.diff.cases} (default 10000), for every primitive and
 * every X25519 HPKE suite; N/5 for the P-256 HPKE suites and N/4 for RSA-OAEP, whose pure-Java
 * private-key operations cost milliseconds per case (their native kernels have their own 10^4
 * native cases and the ECDH/ECDSA cases here); key wrap batches use N/10 batches of up to 256 jobs, so about 13 N jobs, each
 * checked as a case, plus N/200 ragged batches of up to 4096 jobs run on every libgkm_native kernel
 * path the CPU supports (scalar, aesni, vaes), each compared with the pure-Java reference.
 * Seed: {@code -Dgkm.diff.seed} (default random, printed); each test derives its own stream from
 * the seed and its name, so one test can be rerun alone with the same seed.
 */
class DifferentialTest {
    private static final HexFormat HEX = HexFormat.of();
    static final int N = Integer.getInteger("gkm.diff.cases", 10000);
    static final long SEED = Long.getLong("gkm.diff.seed", new SecureRandom().nextLong());
    private static final int MAX_REPORTED = 25;

    static CryptoSpi javaSpi;
    static CryptoSpi sslSpi;
    static CryptoProvider J;
    static CryptoProvider O;

    @BeforeAll
    static void providers() {
        System.out.println("DIFF seed=" + SEED + " (rerun with -Dgkm.diff.seed=" + SEED + ") N=" + N);
        javaSpi = new PureJavaProvider();
        sslSpi = new OpenSslProvider();
        J = CryptoProvider.of(javaSpi);
        O = CryptoProvider.of(sslSpi); // fails (ProviderUnavailableException) when OpenSSL is unusable
    }

    private static Random rng(String test) {
        return new Random(SEED ^ (test.hashCode() * 0x9E3779B97F4A7C15L));
    }

    // ---------------------------------------------------------------------------------------------
    // outcome plumbing
    // ---------------------------------------------------------------------------------------------

    interface Op {
        byte[] run() throws Exception;
    }

    /** Output hex, "!SimpleName" for a typed CryptoException, "!UNTYPED:class: msg" for anything else. */
    static String out(Op op) {
        try {
            byte[] r = op.run();
            return r == null ? "null" : HEX.formatHex(r);
        } catch (CryptoException e) {
            return "!" + e.getClass().getSimpleName();
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
            return "!UNTYPED:" + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** Like {@link #out} but for SPI-level calls, where unchecked exceptions on bad input are allowed. */
    static String spiOut(Op op) {
        try {
            byte[] r = op.run();
            return r == null ? "null" : HEX.formatHex(r);
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
            return "!" + e.getClass().getName();
        }
    }

    /** Collects mismatches of one primitive. */
    static final class Diffs {
        final String primitive;
        int cases;
        int mismatches;
        final List<String> messages = new ArrayList<>();

        Diffs(String primitive) {
            this.primitive = primitive;
        }

        /** Compares two public-API outcomes; an untyped exception is a failure even when both agree. */
        boolean check(int i, String what, String a, String b, Object... inputs) {
            boolean bad = !a.equals(b) || a.startsWith("!UNTYPED") || b.startsWith("!UNTYPED");
            if (bad) {
                fail(i, what + ": java=" + abbreviate(a) + " openssl=" + abbreviate(b), inputs);
            }
            return !bad;
        }

        /** Asserts an expectation that is not a comparison (e.g. cross-provider round trip). */
        void expect(int i, String what, boolean cond, Object... inputs) {
            if (!cond) {
                fail(i, what, inputs);
            }
        }

        void fail(int i, String what, Object... inputs) {
            mismatches++;
            if (messages.size() < MAX_REPORTED) {
                StringBuilder sb = new StringBuilder();
                sb.append(primitive).append(" seed=").append(SEED).append(" case=").append(i).append(": ")
                        .append(what).append("; inputs:");
                for (int k = 0; k + 1 < inputs.length; k += 2) {
                    Object v = inputs[k + 1];
                    sb.append(' ').append(inputs[k]).append('=')
                            .append(v instanceof byte[] ? HEX.formatHex((byte[]) v) : String.valueOf(v));
                }
                messages.add(sb.toString());
            }
        }

        void done() {
            System.out.println("DIFF primitive=" + primitive + " cases=" + cases + " mismatches=" + mismatches);
            if (mismatches > 0) {
                org.junit.jupiter.api.Assertions.fail(primitive + ": " + mismatches + " of " + cases
                        + " cases differ (seed " + SEED + "); first ones:\n" + String.join("\n", messages));
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + " chars)";
    }

    private static byte[] bytes(Random r, int len) {
        byte[] b = new byte[len];
        r.nextBytes(b);
        return b;
    }

    private static byte[] flipBit(Random r, byte[] b) {
        byte[] c = b.clone();
        if (c.length > 0) {
            int bit = r.nextInt(c.length * 8);
            c[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return c;
    }

    private static int kekLen(Random r) {
        int x = r.nextInt(100);
        if (x < 5) {
            return r.nextInt(41); // mostly invalid
        }
        return new int[] {16, 24, 32}[x % 3];
    }

    // ---------------------------------------------------------------------------------------------
    // key wrap
    // ---------------------------------------------------------------------------------------------

    @Test
    void keyWrapSingle() {
        Random r = rng("keyWrapSingle");
        Diffs wrapD = new Diffs("keywrap-wrap");
        Diffs unwrapD = new Diffs("keywrap-unwrap");
        for (int i = 0; i < N; i++) {
            KeyWrapAlgorithm alg = r.nextBoolean() ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            byte[] kek = bytes(r, kekLen(r));
            int len;
            int x = r.nextInt(100);
            if (x < 8) {
                len = r.nextInt(90); // often invalid for KW
            } else if (alg == KeyWrapAlgorithm.AES_KW) {
                len = 16 + 8 * r.nextInt(30);
            } else {
                len = 1 + r.nextInt(240);
            }
            byte[] key = bytes(r, len);
            String a = out(() -> J.keyWrap().wrap(alg, SecretBytes.copyOf(kek), key));
            String b = out(() -> O.keyWrap().wrap(alg, SecretBytes.copyOf(kek), key));
            wrapD.cases++;
            wrapD.check(i, "wrap " + alg, a, b, "kek", kek, "key", key);
            byte[] wrapped = a.startsWith("!") ? bytes(r, 8 * r.nextInt(10)) : HEX.parseHex(a);
            byte[] in;
            byte[] k2 = kek;
            String variant;
            int v = r.nextInt(6);
            switch (v) {
                case 0:
                    in = wrapped;
                    variant = "as-is";
                    break;
                case 1:
                    in = flipBit(r, wrapped);
                    variant = "bit-flipped";
                    break;
                case 2:
                    in = Arrays.copyOf(wrapped, Math.max(0, wrapped.length - (r.nextBoolean() ? 8 : 1 + r.nextInt(8))));
                    variant = "truncated";
                    break;
                case 3:
                    in = wrapped;
                    k2 = bytes(r, kek.length == 0 ? 16 : kek.length);
                    variant = "wrong-kek";
                    break;
                case 4:
                    in = bytes(r, r.nextInt(60));
                    variant = "random";
                    break;
                default:
                    in = Arrays.copyOf(wrapped, wrapped.length + 8);
                    variant = "extended";
                    break;
            }
            byte[] kk = k2;
            String ua = out(() -> J.keyWrap().unwrap(alg, SecretBytes.copyOf(kk), in));
            String ub = out(() -> O.keyWrap().unwrap(alg, SecretBytes.copyOf(kk), in));
            unwrapD.cases++;
            if (unwrapD.check(i, "unwrap " + alg + " " + variant, ua, ub, "kek", kk, "wrapped", in) && v == 0
                    && !a.startsWith("!")) {
                unwrapD.expect(i, "unwrap of own wrap must give the key back", ua.equals(HEX.formatHex(key)),
                        "kek", kek, "key", key);
            }
        }
        wrapD.done();
        unwrapD.done();
    }

    /** A ragged batch layout from which fresh, independent KeyWrapBatch instances can be made. */
    static final class BatchSpec {
        int count;
        byte[] keks;
        int[] kekOff;
        int[] kekLen;
        byte[] inputs;
        int[] inOff;
        int[] inLen;
        int outSize;
        int[] outOff;

        KeyWrapBatch fresh() {
            return new KeyWrapBatch(count, keks.clone(), kekOff.clone(), kekLen.clone(), inputs.clone(), inOff.clone(),
                    inLen.clone(), new byte[outSize], outOff.clone(), new int[count], new byte[count]);
        }

        byte[] kek(int i) {
            return Arrays.copyOfRange(keks, kekOff[i], kekOff[i] + kekLen[i]);
        }

        byte[] input(int i) {
            return Arrays.copyOfRange(inputs, inOff[i], inOff[i] + inLen[i]);
        }
    }

    static BatchSpec layout(Random r, KeyWrapAlgorithm alg, boolean unwrap, byte[][] jobKeks, byte[][] jobInputs) {
        int n = jobInputs.length;
        BatchSpec s = new BatchSpec();
        s.count = n;
        s.kekOff = new int[n];
        s.kekLen = new int[n];
        s.inOff = new int[n];
        s.inLen = new int[n];
        s.outOff = new int[n];
        // KEKs: jobs with identical KEK arrays share one slot
        java.io.ByteArrayOutputStream kb = new java.io.ByteArrayOutputStream();
        java.util.IdentityHashMap<byte[], Integer> seen = new java.util.IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Integer off = seen.get(jobKeks[i]);
            if (off == null) {
                int gap = r.nextInt(5);
                kb.write(new byte[gap], 0, gap);
                off = kb.size();
                kb.write(jobKeks[i], 0, jobKeks[i].length);
                seen.put(jobKeks[i], off);
            }
            s.kekOff[i] = off;
            s.kekLen[i] = jobKeks[i].length;
        }
        s.keks = kb.toByteArray();
        java.io.ByteArrayOutputStream ib = new java.io.ByteArrayOutputStream();
        int out = 0;
        for (int i = 0; i < n; i++) {
            int gap = r.nextInt(9);
            ib.write(new byte[gap], 0, gap);
            s.inOff[i] = ib.size();
            s.inLen[i] = jobInputs[i].length;
            ib.write(jobInputs[i], 0, jobInputs[i].length);
            out += r.nextInt(9);
            s.outOff[i] = out;
            out += unwrap ? jobInputs[i].length - 8 : alg.wrappedLength(jobInputs[i].length);
        }
        s.inputs = ib.toByteArray();
        s.outSize = out + r.nextInt(9);
        return s;
    }

    @Test
    void keyWrapBatch() throws Exception {
        Random r = rng("keyWrapBatch");
        int batches = Math.max(1, N / 10); // each of ~N/10 * 128 jobs is a case of its own
        Diffs d = new Diffs("keywrap-batch");
        int jobs = 0;
        for (int i = 0; i < batches; i++) {
            KeyWrapAlgorithm alg = r.nextBoolean() ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            int n = r.nextInt(257);
            jobs += n;
            byte[][] kekPool = new byte[1 + r.nextInt(8)][];
            for (int k = 0; k < kekPool.length; k++) {
                kekPool[k] = bytes(r, new int[] {16, 24, 32}[r.nextInt(3)]);
            }
            byte[][] keks = new byte[n][];
            byte[][] keys = new byte[n][];
            for (int j = 0; j < n; j++) {
                keks[j] = r.nextInt(4) == 0 ? bytes(r, new int[] {16, 24, 32}[r.nextInt(3)]) : kekPool[r.nextInt(kekPool.length)];
                keys[j] = bytes(r, alg == KeyWrapAlgorithm.AES_KW ? 16 + 8 * r.nextInt(8) : 1 + r.nextInt(70));
            }
            BatchSpec ws = layout(r, alg, false, keks, keys);
            KeyWrapBatch wa = ws.fresh();
            KeyWrapBatch wb = ws.fresh();
            J.keyWrap().wrapBatch(alg, wa);
            O.keyWrap().wrapBatch(alg, wb);
            d.cases++;
            d.check(i, "wrapBatch outputs", HEX.formatHex(wa.outputs()), HEX.formatHex(wb.outputs()), "alg", alg, "jobs", n);
            d.check(i, "wrapBatch outputLengths", Arrays.toString(wa.outputLengths()), Arrays.toString(wb.outputLengths()));
            d.check(i, "wrapBatch status", Arrays.toString(wa.status()), Arrays.toString(wb.status()));
            // each job must equal the single-shot wrap
            byte[][] wrapped = new byte[n][];
            for (int j = 0; j < n; j++) {
                wrapped[j] = Arrays.copyOfRange(wa.outputs(), ws.outOff[j], ws.outOff[j] + alg.wrappedLength(keys[j].length));
                byte[] single = J.keyWrap().wrap(alg, SecretBytes.copyOf(keks[j]), keys[j]);
                if (!Arrays.equals(single, wrapped[j]) || wa.outputLengths()[j] != single.length || wa.status()[j] != 0) {
                    d.fail(i, "batch job " + j + " differs from single wrap", "kek", keks[j], "key", keys[j]);
                }
            }
            // unwrap with some corrupted jobs (bit flip, wrong KEK)
            boolean[] corrupt = new boolean[n];
            byte[][] ukeks = keks.clone();
            byte[][] uin = new byte[n][];
            for (int j = 0; j < n; j++) {
                uin[j] = wrapped[j];
                int c = r.nextInt(10);
                if (c == 0) {
                    uin[j] = flipBit(r, wrapped[j]);
                    corrupt[j] = true;
                } else if (c == 1) {
                    ukeks[j] = bytes(r, keks[j].length);
                    corrupt[j] = true;
                }
            }
            BatchSpec us = layout(r, alg, true, ukeks, uin);
            KeyWrapBatch ua = us.fresh();
            KeyWrapBatch ub = us.fresh();
            int fa = J.keyWrap().unwrapBatch(alg, ua);
            int fb = O.keyWrap().unwrapBatch(alg, ub);
            d.cases++;
            d.check(i, "unwrapBatch failures", Integer.toString(fa), Integer.toString(fb));
            d.check(i, "unwrapBatch outputs", HEX.formatHex(ua.outputs()), HEX.formatHex(ub.outputs()));
            d.check(i, "unwrapBatch outputLengths", Arrays.toString(ua.outputLengths()), Arrays.toString(ub.outputLengths()));
            d.check(i, "unwrapBatch status", Arrays.toString(ua.status()), Arrays.toString(ub.status()));
            int expectedFailures = 0;
            for (int j = 0; j < n; j++) {
                if (corrupt[j]) {
                    expectedFailures++;
                }
                for (KeyWrapBatch u : new KeyWrapBatch[] {ua, ub}) {
                    String who = u == ua ? "java" : "openssl";
                    byte[] region = Arrays.copyOfRange(u.outputs(), us.outOff[j], us.outOff[j] + uin[j].length - 8);
                    if (corrupt[j]) {
                        d.expect(i, who + " corrupted job " + j + " must fail with status 1, length 0 and a zeroed region",
                                u.status()[j] == 1 && u.outputLengths()[j] == 0 && Arrays.equals(region, new byte[region.length]),
                                "kek", ukeks[j], "wrapped", uin[j]);
                    } else {
                        d.expect(i, who + " good job " + j + " must unwrap to the key",
                                u.status()[j] == 0 && u.outputLengths()[j] == keys[j].length
                                        && Arrays.equals(Arrays.copyOf(region, keys[j].length), keys[j]),
                                "kek", ukeks[j], "wrapped", uin[j], "key", keys[j]);
                    }
                }
            }
            d.expect(i, "failure count java=" + fa + " openssl=" + fb + " expected=" + expectedFailures,
                    fa == expectedFailures && fb == expectedFailures);
        }
        System.out.println("DIFF keywrap-batch batches=" + batches + " jobs=" + jobs);
        d.done();
    }

    /**
     * Batch layouts that bypass {@link KeyWrapBatch#validate}, straight to each provider's SPI: a
     * random valid layout with, in four cases of five, one job's field (or the count) set to a bad
     * value: a KEK or input length the algorithm refuses, or an offset that puts a region outside
     * its array. Both providers must refuse each bad one with an IllegalArgumentException and write
     * nothing, and agree byte for byte on the rest. Cases: max(1, N/20).
     */
    @Test
    void keyWrapBatchLayoutRejections() {
        Random r = rng("keyWrapBatchLayoutRejections");
        Diffs d = new Diffs("keywrap-batch-rejections");
        int cases = Math.max(1, N / 20);
        for (int i = 0; i < cases; i++) {
            KeyWrapAlgorithm alg = r.nextBoolean() ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            boolean unwrap = r.nextBoolean();
            int n = 1 + r.nextInt(40);
            byte[][] keks = new byte[n][];
            byte[][] inputs = new byte[n][];
            for (int j = 0; j < n; j++) {
                keks[j] = bytes(r, new int[] {16, 24, 32}[r.nextInt(3)]);
                inputs[j] = bytes(r, unwrap || alg == KeyWrapAlgorithm.AES_KW ? 24 + 8 * r.nextInt(4) : 1 + r.nextInt(40));
            }
            BatchSpec s = layout(r, alg, unwrap, keks, inputs);
            String corruption = r.nextInt(5) == 0 ? "none" : corrupt(r, s, alg, unwrap);
            String a = batchOutcome(javaSpi, alg, unwrap, s);
            String b = batchOutcome(sslSpi, alg, unwrap, s);
            d.cases++;
            boolean agree = d.check(i, "batch outcome (" + corruption + ")", a, b, "alg", alg, "unwrap", unwrap, "jobs", n);
            if (agree && !corruption.equals("none")) {
                d.expect(i, "refused with IllegalArgumentException, nothing written (" + corruption + "): " + abbreviate(a),
                        a.equals("!" + IllegalArgumentException.class.getName()));
            }
        }
        d.done();
    }

    /** Sets one field of {@code s} (or its count) to a value the layout rules refuse; says which. */
    private static String corrupt(Random r, BatchSpec s, KeyWrapAlgorithm alg, boolean unwrap) {
        int j = r.nextInt(s.count);
        int region = unwrap ? s.inLen[j] - 8 : alg.wrappedLength(s.inLen[j]);
        int[] pastEnd = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        switch (r.nextInt(6)) {
            case 0 -> s.kekLen[j] = new int[] {0, 8, 17, 31, 40, -16}[r.nextInt(6)];
            case 1 -> s.inLen[j] = unwrap ? new int[] {0, 8, 12, alg == KeyWrapAlgorithm.AES_KW ? 16 : 20, 33,
                    KeyWrapAlgorithm.MAX_KEY_DATA + 16}[r.nextInt(6)]
                    : alg == KeyWrapAlgorithm.AES_KW ? new int[] {0, 8, 12, 17, 25, KeyWrapAlgorithm.MAX_KEY_DATA + 8}[r.nextInt(6)]
                    : new int[] {0, -1, KeyWrapAlgorithm.MAX_KEY_DATA + 1}[r.nextInt(3)];
            case 2 -> s.kekOff[j] = r.nextBoolean() ? s.keks.length - s.kekLen[j] + 1 : pastEnd[r.nextInt(3)];
            case 3 -> s.inOff[j] = r.nextBoolean() ? s.inputs.length - s.inLen[j] + 1 : pastEnd[r.nextInt(3)];
            case 4 -> s.outOff[j] = r.nextBoolean() ? s.outSize - region + 1 : pastEnd[r.nextInt(3)];
            default -> {
                s.count = r.nextBoolean() ? -1 : s.count + 1;
                return "count " + s.count;
            }
        }
        return "job " + j;
    }

    /**
     * One SPI batch call on a fresh copy of {@code s} (per-job arrays of the layout's own length,
     * whatever the count says) with pre-filled outputs: "!" and the exception class, plus what it
     * wrote if it wrote anything; else the failure count and the outputs, lengths and status.
     */
    private static String batchOutcome(CryptoSpi spi, KeyWrapAlgorithm alg, boolean unwrap, BatchSpec s) {
        int jobs = s.kekOff.length;
        KeyWrapBatch b = new KeyWrapBatch(s.count, s.keks.clone(), s.kekOff.clone(), s.kekLen.clone(), s.inputs.clone(),
                s.inOff.clone(), s.inLen.clone(), new byte[s.outSize], s.outOff.clone(), new int[jobs], new byte[jobs]);
        Arrays.fill(b.outputs(), (byte) 0xAA);
        Arrays.fill(b.outputLengths(), -77);
        Arrays.fill(b.status(), (byte) 0x77);
        String outcome;
        try {
            int failed = 0;
            if (unwrap) {
                failed = spi.keyUnwrapBatch(alg, b);
            } else {
                spi.keyWrapBatch(alg, b);
            }
            outcome = "failed=" + failed;
        } catch (RuntimeException e) {
            outcome = "!" + e.getClass().getName();
        }
        String state = HEX.formatHex(b.outputs()) + " " + Arrays.toString(b.outputLengths()) + " "
                + Arrays.toString(b.status());
        if (outcome.startsWith("!")) {
            boolean untouched = IntStream.range(0, b.outputs().length).allMatch(k -> b.outputs()[k] == (byte) 0xAA)
                    && Arrays.stream(b.outputLengths()).allMatch(v -> v == -77)
                    && IntStream.range(0, jobs).allMatch(k -> b.status()[k] == 0x77);
            return untouched ? outcome : outcome + " and wrote " + state;
        }
        return outcome + " " + state;
    }

    /**
     * Large ragged batches (up to 4096 jobs) on every libgkm_native kernel path this
     * CPU supports (scalar, aesni, vaes), each compared byte for byte with the pure-Java reference:
     * outputs (whole buffer, so gaps and untouched bytes count too), output lengths, per-job status
     * and failure counts. Per call one algorithm; mixed KEK sizes and key lengths; KEKs shared
     * across jobs (adjacent and scattered) and distinct; about 1 in 10 unwrap jobs corrupted (bit
     * flip, wrong KEK, wrong algorithm's wrapping). Batches: max(2, N/200) per run (the first of 4096 jobs), shared by all paths.
     */
    @Test
    void keyWrapLargeRaggedBatchesOnEveryKernelPath() throws Exception {
        Random r = rng("keyWrapLargeRaggedBatchesOnEveryKernelPath");
        List<KwPath> paths = new ArrayList<>();
        for (KwPath p : KwPath.values()) {
            if (p != KwPath.AUTO && GkmNative.gkm_kw_path_supported(p.code)) {
                paths.add(p);
            }
        }
        assertTrue(paths.contains(KwPath.SCALAR), "the scalar path runs everywhere");
        List<CryptoProvider> kernels = new ArrayList<>();
        for (KwPath p : paths) {
            OpenSslProvider spi = new OpenSslProvider(p);
            assertEquals(p, spi.effectiveKwPath());
            kernels.add(CryptoProvider.of(spi));
        }
        System.out.println("DIFF keywrap-kernel paths=" + paths);
        int batches = Math.max(2, N / 200);
        Diffs d = new Diffs("keywrap-kernel-paths");
        long jobs = 0;
        for (int i = 0; i < batches; i++) {
            KeyWrapAlgorithm alg = r.nextBoolean() ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            int n = i == 0 ? 4096 : r.nextInt(3) == 0 ? 1 + r.nextInt(64) : 1 + r.nextInt(4096);
            jobs += n;
            byte[][] kekPool = new byte[1 + r.nextInt(16)][];
            for (int k = 0; k < kekPool.length; k++) {
                kekPool[k] = bytes(r, new int[] {16, 24, 32}[r.nextInt(3)]);
            }
            int distinctShare = r.nextInt(5); // 0: all from the pool .. 4: all distinct
            byte[][] keks = new byte[n][];
            byte[][] keys = new byte[n][];
            for (int j = 0; j < n; j++) {
                boolean distinct = r.nextInt(4) < distinctShare;
                keks[j] = distinct ? bytes(r, new int[] {16, 24, 32}[r.nextInt(3)])
                        : j > 0 && r.nextInt(3) == 0 ? keks[j - 1] : kekPool[r.nextInt(kekPool.length)];
                keys[j] = bytes(r, alg == KeyWrapAlgorithm.AES_KW ? 16 + 8 * r.nextInt(7) : 1 + r.nextInt(64));
            }
            BatchSpec ws = layout(r, alg, false, keks, keys);
            KeyWrapBatch ref = ws.fresh();
            J.keyWrap().wrapBatch(alg, ref);
            String refOut = HEX.formatHex(ref.outputs());
            String refLen = Arrays.toString(ref.outputLengths());
            String refStatus = Arrays.toString(ref.status());
            byte[][] wrapped = new byte[n][];
            for (int j = 0; j < n; j++) {
                wrapped[j] = Arrays.copyOfRange(ref.outputs(), ws.outOff[j], ws.outOff[j] + alg.wrappedLength(keys[j].length));
            }
            // unwrap inputs: mostly the reference wraps, some corrupted
            KeyWrapAlgorithm other = alg == KeyWrapAlgorithm.AES_KW ? KeyWrapAlgorithm.AES_KWP : KeyWrapAlgorithm.AES_KW;
            byte[][] ukeks = keks.clone();
            byte[][] uin = new byte[n][];
            for (int j = 0; j < n; j++) {
                uin[j] = wrapped[j];
                switch (r.nextInt(30)) {
                    case 0 -> uin[j] = flipBit(r, wrapped[j]);
                    case 1 -> ukeks[j] = bytes(r, keks[j].length);
                    case 2 -> {
                        // a valid wrapping under the other algorithm (when its length is valid here)
                        byte[] w = J.keyWrap().wrap(other, SecretBytes.copyOf(keks[j]), Arrays.copyOf(keys[j], 16));
                        if (alg.checkWrappedLength(w.length) == null) {
                            uin[j] = w;
                        }
                    }
                    default -> { }
                }
            }
            BatchSpec us = layout(r, alg, true, ukeks, uin);
            KeyWrapBatch uref = us.fresh();
            int refFailures = J.keyWrap().unwrapBatch(alg, uref);
            String urefOut = HEX.formatHex(uref.outputs());
            for (int k = 0; k < paths.size(); k++) {
                String path = paths.get(k).label();
                KeyWrapBatch w = ws.fresh();
                kernels.get(k).keyWrap().wrapBatch(alg, w);
                d.cases++;
                d.check(i, path + " wrapBatch outputs", refOut, HEX.formatHex(w.outputs()), "alg", alg, "jobs", n);
                d.check(i, path + " wrapBatch outputLengths", refLen, Arrays.toString(w.outputLengths()));
                d.check(i, path + " wrapBatch status", refStatus, Arrays.toString(w.status()));
                KeyWrapBatch u = us.fresh();
                int failures = kernels.get(k).keyWrap().unwrapBatch(alg, u);
                d.cases++;
                d.check(i, path + " unwrapBatch failures", Integer.toString(refFailures), Integer.toString(failures),
                        "alg", alg, "jobs", n);
                d.check(i, path + " unwrapBatch outputs", urefOut, HEX.formatHex(u.outputs()));
                d.check(i, path + " unwrapBatch outputLengths", Arrays.toString(uref.outputLengths()),
                        Arrays.toString(u.outputLengths()));
                d.check(i, path + " unwrapBatch status", Arrays.toString(uref.status()), Arrays.toString(u.status()));
            }
        }
        System.out.println("DIFF keywrap-kernel batches=" + batches + " jobs=" + jobs + " paths=" + paths.size());
        d.done();
    }

    // ---------------------------------------------------------------------------------------------
    // AES-GCM
    // ---------------------------------------------------------------------------------------------

    @Test
    void gcm() {
        Random r = rng("gcm");
        Diffs seal = new Diffs("gcm-seal");
        Diffs open = new Diffs("gcm-open");
        for (int i = 0; i < N; i++) {
            byte[] key = bytes(r, r.nextInt(50) == 0 ? r.nextInt(40) : new int[] {16, 24, 32}[r.nextInt(3)]);
            byte[] nonce = bytes(r, 1 + r.nextInt(64));
            byte[] aad = bytes(r, r.nextInt(4) == 0 ? 0 : r.nextInt(60));
            byte[] pt = bytes(r, r.nextInt(301));
            String a = out(() -> InsecureNonceAesGcm.of(J).seal(key, nonce, aad, pt));
            String b = out(() -> InsecureNonceAesGcm.of(O).seal(key, nonce, aad, pt));
            seal.cases++;
            seal.check(i, "seal", a, b, "key", key, "nonce", nonce, "aad", aad, "pt", pt);
            byte[] ct = a.startsWith("!") ? bytes(r, r.nextInt(40)) : HEX.parseHex(a);
            byte[] k2 = key;
            byte[] aad2 = aad;
            byte[] n2 = nonce;
            byte[] in = ct;
            int v = r.nextInt(7);
            switch (v) {
                case 1:
                    in = flipBit(r, ct);
                    break;
                case 2:
                    k2 = flipBit(r, key);
                    break;
                case 3:
                    aad2 = r.nextBoolean() ? flipBit(r, aad) : Arrays.copyOf(aad, aad.length + 1);
                    break;
                case 4:
                    in = Arrays.copyOf(ct, ct.length == 0 ? 0 : r.nextInt(ct.length)); // at least one byte shorter
                    break;
                case 5:
                    n2 = flipBit(r, nonce);
                    break;
                case 6:
                    in = bytes(r, r.nextInt(40));
                    break;
                default:
                    break;
            }
            byte[] fk = k2;
            byte[] fa = aad2;
            byte[] fn = n2;
            byte[] fi = in;
            String oa = out(() -> InsecureNonceAesGcm.of(J).open(fk, fn, fa, fi));
            String ob = out(() -> InsecureNonceAesGcm.of(O).open(fk, fn, fa, fi));
            open.cases++;
            if (open.check(i, "open variant " + v, oa, ob, "key", fk, "nonce", fn, "aad", fa, "ct", fi)) {
                if (v == 0 && !a.startsWith("!")) {
                    open.expect(i, "open of own seal must give the plaintext", oa.equals(HEX.formatHex(pt)), "pt", pt);
                } else if (v != 0 && !(v == 3 && Arrays.equals(aad, aad2))) {
                    open.expect(i, "tampered open (variant " + v + ") must be rejected", oa.startsWith("!"), "ct", fi);
                }
            }
        }
        seal.done();
        open.done();
    }

    // ---------------------------------------------------------------------------------------------
    // key agreement and public key derivation
    // ---------------------------------------------------------------------------------------------

    private static final byte[][] X25519_SPECIAL = {
        new byte[32],
        HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000"),
        HEX.parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        HEX.parseHex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        HEX.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HEX.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        HEX.parseHex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
    };

    @Test
    void x25519() {
        Random r = rng("x25519");
        Diffs d = new Diffs("x25519-agree");
        Diffs raw = new Diffs("x25519-raw-spi");
        Diffs pub = new Diffs("x25519-public-key");
        for (int i = 0; i < N; i++) {
            byte[] sk = bytes(r, 32);
            byte[] peer;
            int v = r.nextInt(10);
            if (v < 5) {
                peer = javaSpi.x25519PublicKey(bytes(r, 32));
            } else if (v < 8) {
                peer = bytes(r, 32);
            } else {
                peer = X25519_SPECIAL[r.nextInt(X25519_SPECIAL.length)].clone();
                if (r.nextBoolean()) {
                    peer[31] ^= (byte) 0x80; // high bit must be ignored
                }
            }
            byte[] pk = peer;
            String pa = spiOut(() -> javaSpi.x25519PublicKey(sk));
            String pb = spiOut(() -> sslSpi.x25519PublicKey(sk));
            pub.cases++;
            pub.check(i, "x25519PublicKey", pa, pb, "sk", sk);
            String a = out(() -> J.keyAgreement().agree(PrivateKey.decode(KeyType.X25519, sk), PublicKey.decode(KeyType.X25519, pk)));
            String b = out(() -> O.keyAgreement().agree(PrivateKey.decode(KeyType.X25519, sk), PublicKey.decode(KeyType.X25519, pk)));
            d.cases++;
            d.check(i, "agree", a, b, "sk", sk, "pk", pk);
            String ra = spiOut(() -> javaSpi.x25519(sk, pk));
            String rb = spiOut(() -> sslSpi.x25519(sk, pk));
            raw.cases++;
            raw.check(i, "spi x25519", ra, rb, "sk", sk, "pk", pk);
        }
        d.done();
        raw.done();
        pub.done();
    }

    private static byte[] p256Scalar(Random r) {
        byte[] d = new byte[32];
        do {
            r.nextBytes(d);
            if (r.nextInt(20) == 0) {
                Arrays.fill(d, 0, 1 + r.nextInt(31), (byte) 0); // small scalars
            }
        } while (!org.gkm.crypto.internal.P256.isValidScalar(d));
        return d;
    }

    @Test
    void p256() throws Exception {
        Random r = rng("p256");
        int n = N;
        Diffs d = new Diffs("p256-ecdh");
        Diffs pub = new Diffs("p256-public-key");
        for (int i = 0; i < n; i++) {
            byte[] sk = p256Scalar(r);
            byte[] sk2 = p256Scalar(r);
            String pa = spiOut(() -> javaSpi.p256PublicKey(sk));
            String pb = spiOut(() -> sslSpi.p256PublicKey(sk));
            pub.cases++;
            pub.check(i, "p256PublicKey", pa, pb, "sk", sk);
            byte[] peer = javaSpi.p256PublicKey(sk2);
            int v = r.nextInt(8);
            byte[] enc;
            switch (v) {
                case 0:
                    enc = flipBit(r, peer); // almost always off the curve
                    break;
                case 1:
                    enc = bytes(r, 65);
                    enc[0] = 4;
                    break;
                case 2:
                    enc = PublicKey.decode(KeyType.P256, peer).encodedCompressed();
                    break;
                case 3:
                    enc = PublicKey.decode(KeyType.P256, peer).subjectPublicKeyInfo();
                    break;
                case 4:
                    enc = bytes(r, r.nextInt(100));
                    break;
                default:
                    enc = peer;
                    break;
            }
            byte[] e = enc;
            String a = out(() -> J.keyAgreement().agree(PrivateKey.decode(KeyType.P256, sk), PublicKey.decode(KeyType.P256, e)));
            String b = out(() -> O.keyAgreement().agree(PrivateKey.decode(KeyType.P256, sk), PublicKey.decode(KeyType.P256, e)));
            d.cases++;
            if (d.check(i, "agree variant " + v, a, b, "sk", sk, "peer", e) && (v == 2 || v == 3 || v >= 5)) {
                // symmetry: sk * (sk2 G) == sk2 * (sk G), across providers
                String c = out(() -> O.keyAgreement().agree(PrivateKey.decode(KeyType.P256, sk2),
                        PublicKey.decode(KeyType.P256, javaSpi.p256PublicKey(sk))));
                d.expect(i, "ECDH symmetric", a.equals(c) && !a.startsWith("!"), "sk", sk, "sk2", sk2);
            }
        }
        d.done();
        pub.done();
    }

    @Test
    void publicKeyDerivation() {
        Random r = rng("publicKeyDerivation");
        Diffs d = new Diffs("public-key-derivation");
        for (int i = 0; i < N; i++) {
            byte[] sk = bytes(r, 32);
            d.cases++;
            d.check(i, "x25519", spiOut(() -> javaSpi.x25519PublicKey(sk)), spiOut(() -> sslSpi.x25519PublicKey(sk)), "sk", sk);
            d.check(i, "ed25519", spiOut(() -> javaSpi.ed25519PublicKey(sk)), spiOut(() -> sslSpi.ed25519PublicKey(sk)), "sk", sk);
            if (i % 10 == 0) {
                byte[] d256 = p256Scalar(r);
                d.check(i, "p256 (keys().publicKey)",
                        out(() -> J.keys().publicKey(PrivateKey.decode(KeyType.P256, d256)).encoded()),
                        out(() -> O.keys().publicKey(PrivateKey.decode(KeyType.P256, d256)).encoded()), "sk", d256);
            }
        }
        d.done();
    }

    /**
     * Batch X25519 public keys ({@code Keys.x25519PublicKeys}: one libgkm_native downcall per batch
     * against BC's scalarMultBase per key): max(4, N/250) random batches of 1..128 keys (plus one of
     * 1000) at random offsets in arrays with slack, compared as whole output arrays (so bytes
     * outside the regions count too) and key by key with the single-key call; and as many
     * rejected layouts (count 0, negative or over the maximum, a region past its array, a
     * negative offset, overlapping regions), which must give the same exception type on both
     * providers through the public API (InvalidInputException) and directly on the SPI
     * (IllegalArgumentException), with nothing written.
     */
    @Test
    void x25519PublicKeyBatch() {
        Random r = rng("x25519PublicKeyBatch");
        Diffs d = new Diffs("x25519-public-key-batch");
        Diffs bad = new Diffs("x25519-public-key-batch-rejected");
        int batches = Math.max(4, N / 250);
        int keys = 0;
        for (int i = 0; i <= batches; i++) {
            int n = i == batches ? 1000 : 1 + r.nextInt(128);
            keys += n;
            int skOff = r.nextInt(40);
            int pkOff = r.nextInt(40);
            byte[] sk = bytes(r, skOff + 32 * n + r.nextInt(40));
            if (r.nextInt(4) == 0) {
                Arrays.fill(sk, skOff, skOff + 32, (byte) (r.nextBoolean() ? 0 : 0xff)); // edge scalars
            }
            int pkLen = pkOff + 32 * n + r.nextInt(40);
            byte[] fill = bytes(r, pkLen);
            byte[] pa = fill.clone();
            byte[] pb = fill.clone();
            d.cases++;
            String a = out(() -> {
                J.keys().x25519PublicKeys(sk, skOff, pa, pkOff, n);
                return pa;
            });
            String b = out(() -> {
                O.keys().x25519PublicKeys(sk, skOff, pb, pkOff, n);
                return pb;
            });
            if (!d.check(i, "x25519PublicKeys outputs", a, b, "n", n, "skOff", skOff, "pkOff", pkOff)) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                byte[] one = Arrays.copyOfRange(sk, skOff + 32 * j, skOff + 32 * j + 32);
                byte[] single = sslSpi.x25519PublicKey(one);
                d.expect(i, "batch key " + j + " of " + n + " differs from the single call",
                        Arrays.equals(single, 0, 32, pb, pkOff + 32 * j, pkOff + 32 * j + 32), "sk", one);
            }
            d.expect(i, "bytes outside the output region changed", Arrays.equals(fill, 0, pkOff, pb, 0, pkOff)
                    && Arrays.equals(fill, pkOff + 32 * n, pkLen, pb, pkOff + 32 * n, pkLen));
        }
        for (int i = 0; i < batches; i++) {
            int n = 1 + r.nextInt(8);
            byte[] sk = bytes(r, 32 * n + r.nextInt(8));
            byte[] pk = new byte[32 * n + r.nextInt(8)];
            byte[] target = pk;
            int skOff = 0;
            int pkOff = 0;
            int count = n;
            int v = r.nextInt(7);
            switch (v) {
                case 0 -> count = 0;
                case 1 -> count = -1 - r.nextInt(1000);
                case 2 -> count = org.gkm.crypto.spi.X25519Batch.MAX_KEYS + 1 + r.nextInt(1000);
                case 3 -> skOff = sk.length - 32 * n + 1 + r.nextInt(32); // private region past the end
                case 4 -> pkOff = pk.length - 32 * n + 1 + r.nextInt(32); // public region past the end
                case 5 -> skOff = -1 - r.nextInt(64);
                default -> { // the output overlaps the private keys
                    target = sk;
                    pkOff = r.nextInt(32 * n);
                }
            }
            byte[] t = target;
            byte[] before = t.clone();
            int so = skOff;
            int po = pkOff;
            int c = count;
            bad.cases++;
            String a = out(() -> {
                J.keys().x25519PublicKeys(sk, so, t, po, c);
                return t;
            });
            String b = out(() -> {
                O.keys().x25519PublicKeys(sk, so, t, po, c);
                return t;
            });
            bad.check(i, "rejected layout " + v, a, b, "count", c, "skOff", so, "pkOff", po);
            bad.expect(i, "layout " + v + " not rejected typed: " + a, a.equals("!InvalidInputException"));
            String sa = spiOut(() -> {
                javaSpi.x25519PublicKeys(sk, so, t, po, c);
                return t;
            });
            String sb = spiOut(() -> {
                sslSpi.x25519PublicKeys(sk, so, t, po, c);
                return t;
            });
            bad.check(i, "rejected layout " + v + " (SPI)", sa, sb, "count", c, "skOff", so, "pkOff", po);
            bad.expect(i, "SPI layout " + v + ": " + sa, sa.equals("!java.lang.IllegalArgumentException"));
            bad.expect(i, "a rejected layout wrote output", Arrays.equals(before, t));
        }
        System.out.println("DIFF x25519-public-key-batch batches=" + (batches + 1) + " keys=" + keys);
        d.done();
        bad.done();
    }

    // ---------------------------------------------------------------------------------------------
    // signatures
    // ---------------------------------------------------------------------------------------------

    @Test
    void ed25519() {
        Random r = rng("ed25519");
        int n = N;
        Diffs sign = new Diffs("ed25519-sign");
        Diffs verify = new Diffs("ed25519-verify");
        for (int i = 0; i < n; i++) {
            byte[] seed = bytes(r, 32);
            byte[] msg = bytes(r, r.nextInt(200));
            String sa = out(() -> J.signer().sign(SignatureAlgorithm.ED25519, PrivateKey.decode(KeyType.ED25519, seed), msg));
            String sb = out(() -> O.signer().sign(SignatureAlgorithm.ED25519, PrivateKey.decode(KeyType.ED25519, seed), msg));
            sign.cases++;
            if (!sign.check(i, "sign (deterministic)", sa, sb, "seed", seed, "msg", msg)) {
                continue;
            }
            byte[] sig = HEX.parseHex(sa);
            byte[] pk = javaSpi.ed25519PublicKey(seed);
            byte[] vpk = pk;
            byte[] vmsg = msg;
            byte[] vsig = sig;
            int v = r.nextInt(8);
            switch (v) {
                case 1:
                    vsig = flipBit(r, sig);
                    break;
                case 2:
                    vmsg = msg.length == 0 ? new byte[1] : flipBit(r, msg);
                    break;
                case 3:
                    vsig = bytes(r, 64);
                    break;
                case 4:
                    vsig = sig.clone();
                    vsig[63] |= (byte) 0xe0; // s >= L: non-canonical
                    break;
                case 5:
                    vpk = bytes(r, 32);
                    break;
                case 6:
                    vsig = Arrays.copyOf(sig, r.nextBoolean() ? 63 : 65);
                    break;
                default:
                    break;
            }
            byte[] fpk = vpk;
            byte[] fm = vmsg;
            byte[] fs = vsig;
            String va = out(() -> {
                J.verifier().verify(SignatureAlgorithm.ED25519, PublicKey.decode(KeyType.ED25519, fpk), fm, fs);
                return new byte[0];
            });
            String vb = out(() -> {
                O.verifier().verify(SignatureAlgorithm.ED25519, PublicKey.decode(KeyType.ED25519, fpk), fm, fs);
                return new byte[0];
            });
            verify.cases++;
            if (verify.check(i, "verify variant " + v, va, vb, "pk", fpk, "msg", fm, "sig", fs)) {
                boolean untouched = v == 0 || v == 7; // the default arm leaves everything as signed
                verify.expect(i, "variant " + v + (untouched ? " must verify" : " must be rejected"),
                        untouched ? va.isEmpty() : va.startsWith("!"), "pk", fpk, "msg", fm, "sig", fs);
            }
        }
        sign.done();
        verify.done();
    }

    /**
     * Verification under keys that verify many times, as a member's GCKS key does: the openssl
     * provider's key value then holds a table of multiples (from its 32nd verification on), and
     * its verdicts must stay those of the pure-Java provider on valid, tampered and out-of-range
     * signatures. Ed25519 and ECDSA P-256.
     */
    @Test
    void ed25519LongLivedKeys() throws Exception {
        longLivedKeys("ed25519LongLivedKeys", SignatureAlgorithm.ED25519, KeyType.ED25519, r -> bytes(r, 32));
    }

    @Test
    void ecdsaLongLivedKeys() throws Exception {
        longLivedKeys("ecdsaLongLivedKeys", SignatureAlgorithm.ECDSA_P256_SHA256_P1363, KeyType.P256,
                DifferentialTest::p256Scalar);
    }

    private void longLivedKeys(String test, SignatureAlgorithm alg, KeyType type, Function<Random, byte[]> secret)
            throws Exception {
        Random r = rng(test);
        Diffs verify = new Diffs(test);
        int keys = 8;
        for (int k = 0; k < keys; k++) {
            byte[] seed = secret.apply(r);
            PrivateKey sk = PrivateKey.decode(type, seed);
            byte[] pub = J.keys().publicKey(sk).encoded();
            PublicKey javaKey = PublicKey.decode(type, pub);
            PublicKey sslKey = PublicKey.decode(type, pub);
            for (int i = 0; i < Math.max(200, N / keys); i++) {
                byte[] msg = bytes(r, r.nextInt(200));
                byte[] sig = J.signer().sign(alg, sk, msg);
                byte[] vmsg = msg;
                byte[] vsig = sig;
                int v = r.nextInt(6);
                switch (v) {
                    case 1 -> vsig = flipBit(r, sig);
                    case 2 -> vmsg = msg.length == 0 ? new byte[1] : flipBit(r, msg);
                    case 3 -> vsig = bytes(r, 64);
                    case 4 -> {
                        vsig = sig.clone();
                        if (alg == SignatureAlgorithm.ED25519) {
                            vsig[63] |= (byte) 0xe0; // S >= L (a valid S < 2^253 has these bits clear)
                        } else {
                            Arrays.fill(vsig, 32, 64, (byte) 0xff); // s = 2^256 - 1 >= n
                        }
                    }
                    default -> { }
                }
                byte[] fm = vmsg;
                byte[] fs = vsig;
                String va = out(() -> {
                    J.verifier().verify(alg, javaKey, fm, fs);
                    return new byte[0];
                });
                String vb = out(() -> {
                    O.verifier().verify(alg, sslKey, fm, fs);
                    return new byte[0];
                });
                verify.cases++;
                int c = k * 100_000 + i;
                if (verify.check(c, "verify variant " + v, va, vb, "secret", seed, "msg", fm, "sig", fs)) {
                    boolean untouched = v == 0 || v == 5;
                    verify.expect(c, "variant " + v + (untouched ? " must verify" : " must be rejected"),
                            untouched ? va.isEmpty() : va.startsWith("!"), "secret", seed, "msg", fm, "sig", fs);
                }
            }
        }
        verify.done();
    }

    @Test
    void ecdsa() throws Exception {
        Random r = rng("ecdsa");
        int n = N;
        Diffs d = new Diffs("ecdsa");
        Diffs garbage = new Diffs("ecdsa-garbage");
        for (int i = 0; i < n; i++) {
            byte[] skb = p256Scalar(r);
            PrivateKey sk = PrivateKey.decode(KeyType.P256, skb);
            PublicKey pk = J.keys().publicKey(sk);
            byte[] msg = bytes(r, r.nextInt(200));
            SignatureAlgorithm alg = r.nextBoolean() ? SignatureAlgorithm.ECDSA_P256_SHA256_DER
                    : SignatureAlgorithm.ECDSA_P256_SHA256_P1363;
            byte[] sigJ = J.signer().sign(alg, sk, msg);
            byte[] sigO = O.signer().sign(alg, sk, msg);
            d.cases++;
            String ab = out(() -> {
                O.verifier().verify(alg, pk, msg, sigJ);
                return new byte[0];
            });
            String ba = out(() -> {
                J.verifier().verify(alg, pk, msg, sigO);
                return new byte[0];
            });
            d.expect(i, alg + " sign java / verify openssl: " + ab, ab.isEmpty(), "sk", skb, "msg", msg, "sig", sigJ);
            d.expect(i, alg + " sign openssl / verify java: " + ba, ba.isEmpty(), "sk", skb, "msg", msg, "sig", sigO);
            // tampered: flip a bit of the signature or the message
            byte[] ts = r.nextBoolean() ? flipBit(r, sigJ) : sigJ;
            byte[] tm = ts == sigJ ? (msg.length == 0 ? new byte[] {1} : flipBit(r, msg)) : msg;
            String ta = out(() -> {
                J.verifier().verify(alg, pk, tm, ts);
                return new byte[0];
            });
            String tb = out(() -> {
                O.verifier().verify(alg, pk, tm, ts);
                return new byte[0];
            });
            if (d.check(i, "tampered verify", ta, tb, "pk", pk.encoded(), "msg", tm, "sig", ts)) {
                d.expect(i, "tampered signature must be rejected", ta.startsWith("!"), "msg", tm, "sig", ts);
            }
            // garbage DER: random bytes, or a valid DER with random mutations (length bytes, tags, padding)
            byte[] g;
            int v = r.nextInt(4);
            if (v == 0) {
                g = bytes(r, r.nextInt(80));
            } else {
                byte[] der = alg == SignatureAlgorithm.ECDSA_P256_SHA256_DER ? sigJ
                        : org.gkm.crypto.spi.EcdsaDer.p1363ToDer(sigJ);
                g = der.clone();
                int muts = 1 + r.nextInt(3);
                for (int m = 0; m < muts; m++) {
                    int kind = r.nextInt(4);
                    if (kind == 0 && g.length > 0) {
                        g[r.nextInt(Math.min(g.length, 6))] = (byte) r.nextInt(256);
                    } else if (kind == 1) {
                        g = Arrays.copyOf(g, g.length + 1 + r.nextInt(3));
                    } else if (kind == 2 && g.length > 1) {
                        g = Arrays.copyOf(g, g.length - 1 - r.nextInt(Math.min(3, g.length - 1)));
                    } else {
                        g = flipBit(r, g);
                    }
                }
            }
            byte[] fg = g;
            for (SignatureAlgorithm ga : new SignatureAlgorithm[] {SignatureAlgorithm.ECDSA_P256_SHA256_DER,
                SignatureAlgorithm.ECDSA_P256_SHA256_P1363}) {
                String xa = out(() -> {
                    J.verifier().verify(ga, pk, msg, fg);
                    return new byte[0];
                });
                String xb = out(() -> {
                    O.verifier().verify(ga, pk, msg, fg);
                    return new byte[0];
                });
                garbage.cases++;
                garbage.check(i, "garbage " + ga, xa, xb, "pk", pk.encoded(), "msg", msg, "sig", fg);
            }
        }
        d.done();
        garbage.done();
    }

    // ---------------------------------------------------------------------------------------------
    // RSA-OAEP
    // ---------------------------------------------------------------------------------------------

    @Test
    void rsaOaep() throws Exception {
        Random r = rng("rsaOaep");
        int n = N / 4; // see the class comment
        KeyPair kp = J.keys().generate(KeyType.RSA_2048);
        PrivateKey sk = kp.privateKey();
        PublicKey pk = kp.publicKey();
        Diffs d = new Diffs("rsa-oaep");
        d.check(-1, "public key of the generated private key", out(() -> J.keys().publicKey(sk).encoded()),
                out(() -> O.keys().publicKey(sk).encoded()));
        int max = KeyTransport.maxPlaintextLength(KeyType.RSA_2048);
        for (int i = 0; i < n; i++) {
            byte[] label = r.nextInt(3) == 0 ? new byte[0] : bytes(r, r.nextInt(40));
            byte[] pt = bytes(r, r.nextInt(max + 1));
            d.cases++;
            byte[] ctJ = J.keyTransport().encrypt(pk, pt, label);
            byte[] ctO = O.keyTransport().encrypt(pk, pt, label);
            String jo = out(() -> O.keyTransport().decrypt(sk, ctJ, label));
            String oj = out(() -> J.keyTransport().decrypt(sk, ctO, label));
            d.expect(i, "encrypt java / decrypt openssl: " + jo, jo.equals(HEX.formatHex(pt)), "label", label, "pt", pt, "ct", ctJ);
            d.expect(i, "encrypt openssl / decrypt java: " + oj, oj.equals(HEX.formatHex(pt)), "label", label, "pt", pt, "ct", ctO);
            // tampered ciphertext, wrong label, wrong length
            byte[] tc;
            byte[] tl = label;
            int v = r.nextInt(4);
            if (v == 0) {
                tc = flipBit(r, ctJ);
            } else if (v == 1) {
                tc = ctJ;
                tl = Arrays.copyOf(label, label.length + 1);
            } else if (v == 2) {
                tc = Arrays.copyOf(ctJ, ctJ.length - 1 - r.nextInt(3));
            } else {
                tc = bytes(r, 256);
            }
            byte[] ftc = tc;
            byte[] ftl = tl;
            String a = out(() -> J.keyTransport().decrypt(sk, ftc, ftl));
            String b = out(() -> O.keyTransport().decrypt(sk, ftc, ftl));
            if (d.check(i, "tampered decrypt variant " + v, a, b, "ct", ftc, "label", ftl)) {
                d.expect(i, "tampered ciphertext must be rejected", a.startsWith("!"), "ct", ftc, "label", ftl);
            }
        }
        // too long a plaintext: same typed rejection
        byte[] big = new byte[max + 1];
        d.check(n, "too-long plaintext", out(() -> J.keyTransport().encrypt(pk, big, null)),
                out(() -> O.keyTransport().encrypt(pk, big, null)));
        System.out.println("DIFF rsa-oaep cases=" + n);
        d.done();
    }

    // ---------------------------------------------------------------------------------------------
    // HMAC / HKDF
    // ---------------------------------------------------------------------------------------------

    @Test
    void hmac() {
        Random r = rng("hmac");
        Diffs d = new Diffs("hmac");
        for (int i = 0; i < N; i++) {
            byte[] key = bytes(r, r.nextInt(101));
            byte[] msg = bytes(r, r.nextInt(r.nextInt(10) == 0 ? 5000 : 300));
            String a = out(() -> J.mac().compute(SecretBytes.copyOf(key), msg));
            String b = out(() -> O.mac().compute(SecretBytes.copyOf(key), msg));
            d.cases++;
            if (!d.check(i, "compute", a, b, "key", key, "msg", msg)) {
                continue;
            }
            byte[] tag = HEX.parseHex(a);
            // the same message in place inside a larger array (range API: the rekey envelope's MAC)
            int before = r.nextInt(9);
            byte[] padded = bytes(r, before + msg.length + r.nextInt(9));
            System.arraycopy(msg, 0, padded, before, msg.length);
            String ra = out(() -> J.mac().compute(SecretBytes.copyOf(key), padded, before, msg.length));
            String rb = out(() -> O.mac().compute(SecretBytes.copyOf(key), padded, before, msg.length));
            d.check(i, "compute range", a, ra, "key", key, "msg", msg);
            d.check(i, "compute range", a, rb, "key", key, "msg", msg);
            String rv = out(() -> {
                O.mac().verify(SecretBytes.copyOf(key), padded, before, msg.length, tag);
                J.mac().verify(SecretBytes.copyOf(key), padded, before, msg.length, tag);
                return new byte[0];
            });
            d.expect(i, "own tag must verify over the range", rv.isEmpty(), "tag", tag);
            int v = r.nextInt(5);
            byte[] t;
            if (v == 0) {
                t = tag;
            } else if (v == 1) {
                t = flipBit(r, tag);
            } else if (v == 2) {
                t = Arrays.copyOf(tag, r.nextInt(40));
            } else if (v == 3) {
                t = flipBit(r, Arrays.copyOf(tag, 16 + r.nextInt(17)));
            } else {
                t = bytes(r, 32);
            }
            for (boolean truncated : new boolean[] {false, true}) {
                String va = out(() -> {
                    if (truncated) {
                        J.mac().verifyTruncated(SecretBytes.copyOf(key), msg, t);
                    } else {
                        J.mac().verify(SecretBytes.copyOf(key), msg, t);
                    }
                    return new byte[0];
                });
                String vb = out(() -> {
                    if (truncated) {
                        O.mac().verifyTruncated(SecretBytes.copyOf(key), msg, t);
                    } else {
                        O.mac().verify(SecretBytes.copyOf(key), msg, t);
                    }
                    return new byte[0];
                });
                if (d.check(i, (truncated ? "verifyTruncated" : "verify") + " variant " + v, va, vb, "key", key, "msg", msg, "tag", t)) {
                    if (v == 0) {
                        d.expect(i, "own tag must verify", va.isEmpty(), "tag", t);
                    } else if (v == 1 || v == 3) {
                        d.expect(i, "tampered tag must be rejected", va.startsWith("!"), "tag", t);
                    }
                }
            }
        }
        d.done();
    }

    @Test
    void hkdf() {
        Random r = rng("hkdf");
        Diffs d = new Diffs("hkdf");
        for (int i = 0; i < N; i++) {
            byte[] salt = r.nextInt(5) == 0 ? new byte[0] : bytes(r, r.nextInt(80));
            byte[] ikm = bytes(r, r.nextInt(100));
            byte[] info = bytes(r, r.nextInt(60));
            int x = r.nextInt(100);
            int len = x < 3 ? 0 : x < 6 ? 8161 : x < 8 ? 8160 : x < 10 ? 8161 + r.nextInt(1000) : x < 11 ? -1 - r.nextInt(5)
                    : x < 15 ? 1 + r.nextInt(8160) : 1 + r.nextInt(200);
            String ea = out(() -> J.kdf().extract(salt, ikm));
            String eb = out(() -> O.kdf().extract(salt, ikm));
            d.cases++;
            d.check(i, "extract", ea, eb, "salt", salt, "ikm", ikm);
            byte[] prk = r.nextInt(20) == 0 ? bytes(r, r.nextInt(32)) : r.nextInt(10) == 0 ? bytes(r, 32 + r.nextInt(40))
                    : (ea.startsWith("!") ? new byte[32] : HEX.parseHex(ea));
            String xa = out(() -> J.kdf().expand(prk, info, len));
            String xb = out(() -> O.kdf().expand(prk, info, len));
            d.check(i, "expand len " + len, xa, xb, "prk", prk, "info", info, "len", len);
            String da = out(() -> J.kdf().derive(salt, ikm, info, len));
            String db = out(() -> O.kdf().derive(salt, ikm, info, len));
            d.check(i, "derive len " + len, da, db, "salt", salt, "ikm", ikm, "info", info, "len", len);
            if (len == 0 || len > 8160) {
                d.expect(i, "length " + len + " must be a typed rejection: " + da, da.equals("!InvalidInputException"));
            }
        }
        d.done();
    }

    // ---------------------------------------------------------------------------------------------
    // HPKE
    // ---------------------------------------------------------------------------------------------

    @Test
    void hpke() throws Exception {
        Random r = rng("hpke");
        int[][] suites = {{0x20, 1, 1}, {0x20, 1, 2}, {0x20, 1, 0xFFFF}, {0x10, 1, 1}, {0x10, 1, 2}};
        for (int[] s : suites) {
            HpkeSuite suite = HpkeSuite.of(s[0], s[1], s[2]);
            int n = s[0] == 0x10 ? N / 5 : N; // P-256: see the class comment
            boolean exportOnly = suite.aead() == HpkeSuite.AeadId.EXPORT_ONLY;
            Diffs d = new Diffs(String.format("hpke-0x%04x-0x%04x-0x%04x", s[0], s[1], s[2]));
            for (int i = 0; i < n; i++) {
                KeyPair rcp = (r.nextBoolean() ? J : O).hpke().deriveKeyPair(suite.kem(), bytes(r, 32 + r.nextInt(10)));
                byte[] info = bytes(r, r.nextInt(40));
                byte[] aad = bytes(r, r.nextInt(40));
                byte[] pt = bytes(r, r.nextInt(200));
                boolean psk = r.nextInt(3) == 0;
                SecretBytes pskB = psk ? SecretBytes.copyOf(bytes(r, 32)) : null;
                byte[] pskId = psk ? bytes(r, 1 + r.nextInt(16)) : null;
                d.cases++;
                if (!exportOnly) {
                    // seal with A, open with B, both directions
                    for (boolean jFirst : new boolean[] {true, false}) {
                        CryptoProvider a = jFirst ? J : O;
                        CryptoProvider b = jFirst ? O : J;
                        HpkeSealed sealed = psk ? a.hpke().sealPsk(suite, rcp.publicKey(), info, aad, pt, pskB, pskId)
                                : a.hpke().seal(suite, rcp.publicKey(), info, aad, pt);
                        String opened = out(() -> psk
                                ? b.hpke().openPsk(suite, rcp.privateKey(), sealed.enc(), info, aad, sealed.ciphertext(), pskB, pskId)
                                : b.hpke().open(suite, rcp.privateKey(), sealed.enc(), info, aad, sealed.ciphertext()));
                        d.expect(i, "seal " + a.name() + " / open " + b.name() + ": " + abbreviate(opened),
                                opened.equals(HEX.formatHex(pt)), "info", info, "aad", aad, "pt", pt, "enc", sealed.enc());
                        byte[] bad = flipBit(r, sealed.ciphertext());
                        String tampered = out(() -> psk
                                ? b.hpke().openPsk(suite, rcp.privateKey(), sealed.enc(), info, aad, bad, pskB, pskId)
                                : b.hpke().open(suite, rcp.privateKey(), sealed.enc(), info, aad, bad));
                        d.expect(i, "tampered HPKE ciphertext must be a typed rejection: " + tampered,
                                tampered.equals("!InvalidCiphertextException"), "ct", bad);
                    }
                }
                // same ephemeral on both providers: identical enc, ciphertexts and exports
                KeyPair eph = J.hpke().deriveKeyPair(suite.kem(), bytes(r, 32));
                HpkeContext cj = J.hpke().setupSenderWithEphemeral(suite, rcp.publicKey(), info, pskB, pskId, eph);
                HpkeContext co = O.hpke().setupSenderWithEphemeral(suite, rcp.publicKey(), info, pskB, pskId, eph);
                d.check(i, "enc", HEX.formatHex(cj.enc()), HEX.formatHex(co.enc()));
                byte[] ectx = bytes(r, r.nextInt(30));
                int len = r.nextInt(20) == 0 ? 8161 : 1 + r.nextInt(100);
                d.check(i, "export len " + len, out(() -> cj.export(ectx, len)), out(() -> co.export(ectx, len)),
                        "info", info, "ctx", ectx);
                HpkeContext rj = J.hpke().setupRecipient(suite, rcp.privateKey(), cj.enc(), info, pskB, pskId);
                d.check(i, "recipient export", out(() -> rj.export(ectx, len)), out(() -> co.export(ectx, len)));
                if (!exportOnly) {
                    for (int m = 0; m < 3; m++) {
                        byte[] mp = bytes(r, r.nextInt(50));
                        String sa = out(() -> cj.seal(aad, mp));
                        String sb = out(() -> co.seal(aad, mp));
                        d.check(i, "context seal #" + m, sa, sb, "pt", mp);
                    }
                }
            }
            d.done();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Wycheproof outcomes, including the 'acceptable' choices
    // ---------------------------------------------------------------------------------------------

    @Test
    void wycheproofOutcomesAgree() {
        Map<String, String> a = ConformanceSuite.outcomes(J);
        Map<String, String> b = ConformanceSuite.outcomes(O);
        Map<String, Vectors.Expect> expect = ConformanceSuite.expectations(J);
        assertEquals(a.keySet(), b.keySet(), "both providers must run the same cases");
        List<String> diffs = new ArrayList<>();
        int acceptable = 0;
        TreeSet<String> files = new TreeSet<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String k = e.getKey();
            files.add(k.substring(0, k.indexOf('#')));
            if (expect.get(k) == Vectors.Expect.ACCEPTABLE) {
                acceptable++;
            }
            if (!e.getValue().equals(b.get(k))) {
                diffs.add(k + " [" + expect.get(k) + "]: java=" + abbreviate(e.getValue()) + " openssl=" + abbreviate(b.get(k)));
            }
        }
        System.out.println("DIFF wycheproof-outcomes cases=" + a.size() + " acceptable=" + acceptable + " files="
                + files.size() + " mismatches=" + diffs.size());
        assertTrue(a.size() > 0, "no vector cases found in " + VectorSources.describe());
        if (!diffs.isEmpty()) {
            fail(diffs.size() + " vector cases with different outcomes:\n"
                    + String.join("\n", diffs.subList(0, Math.min(50, diffs.size()))));
        }
    }

}
