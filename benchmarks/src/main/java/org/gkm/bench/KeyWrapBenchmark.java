package org.gkm.bench;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.openssl.EvpKeyWrap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES key wrap (RFC 3394 AES-KW) of many keys, one batch call at a time.
 *
 * <p><b>Score: nanoseconds per wrapped (or unwrapped) key, for every batch size.</b> Every
 * invocation processes the same {@value #KEYS} keys as {@code KEYS / batch} calls of {@code batch}
 * jobs each (batch=1: 4096 calls of one job; batch=4096: one call), and is annotated
 * {@code @OperationsPerInvocation(KEYS)}, so JMH divides by {@value #KEYS} itself and the score is
 * directly comparable across batch sizes and providers: it shows how far batching amortises the
 * per-call cost (JNI/FFM crossing, validation, engine setup).
 *
 * <p>Parameters: {@code kekBits} the KEK size, {@code keyBytes} the key data wrapped (so wrapped
 * keys are keyBytes + 8), {@code distinctKeks} true gives every job its own KEK (the group rekey
 * case: one new key under many member KEKs), false makes all jobs of one batch share a single KEK
 * (each batch a different one; with batch=1 the two settings coincide).
 *
 * <p>Implementations: {@code openssl}/{@code java} call {@code keyWrap().wrapBatch/unwrapBatch} on
 * prebuilt {@link KeyWrapBatch}es (struct-of-arrays layout, outputs written in place, validation
 * included). The baselines walk the same arrays job by job with their raw single-key API, as an
 * efficient caller would: one cached engine, re-keyed only when the KEK differs from the previous
 * job's (per job when KEKs are distinct, once per batch when shared), output written into the
 * same preallocated array. {@code sunjce}: SunJCE "AES/KW/NoPadding";
 * {@code bc}: {@code AESWrapEngine} (its API returns a fresh array, copied into place);
 * {@code evp}: OpenSSL 3's own EVP AES-*-WRAP cipher through FFM ({@link EvpKeyWrap}), one
 * context per key as a single-key caller would use it (the same shape as the native bench's
 * {@code BM_evp_*}). There is no {@code accp} row: ACCP 2.5.0 implements only AES/KWP (RFC 5649,
 * {@code AesKeyWrapPaddingSpi}), not the AES/KW (RFC 3394) measured here.
 *
 * <p>The {@code openssl} rows run on the libgkm_native kernel path the provider picked (its
 * {@code details()} "kw.path", printed at setup; force one with {@code -Dgkm.kw.path=...} in the
 * fork's JVM arguments or {@code GKM_KW_PATH} in the environment).
 *
 * <p>Unwrap inputs are valid wrapped keys computed in setup with SunJCE; setup also runs every
 * implementation once and checks its wrap output against those (so all providers agree with SunJCE,
 * hence with each other) and its unwrap output against the original key data, so a broken
 * implementation fails setup instead of producing a fast number.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class KeyWrapBenchmark {
    /** Keys processed per invocation, whatever the batch size. */
    public static final int KEYS = 4096;

    @Param({"openssl", "java", "sunjce", "bc", "evp"})
    public String provider;

    @Param({"1", "16", "256", "4096"})
    public int batch;

    @Param({"128", "256"})
    public int kekBits;

    @Param({"16", "32"})
    public int keyBytes;

    @Param({"true", "false"})
    public boolean distinctKeks;

    private CryptoProvider gkm;
    private Cipher jcaWrap;
    private Cipher jcaUnwrap;
    private AESWrapEngine bcWrap;
    private AESWrapEngine bcUnwrap;

    /** KEYS / batch batches laid out for wrap (inputs: key data). */
    private KeyWrapBatch[] wrapBatches;
    /** The same jobs laid out for unwrap (inputs: the reference wrapped keys). */
    private KeyWrapBatch[] unwrapBatches;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        int kekLen = kekBits / 8;
        int wrappedLen = keyBytes + 8;
        int batches = KEYS / batch;
        Cipher reference = Cipher.getInstance("AES/KW/NoPadding", BenchSupport.sunJce());
        wrapBatches = new KeyWrapBatch[batches];
        unwrapBatches = new KeyWrapBatch[batches];
        for (int b = 0; b < batches; b++) {
            int keks = distinctKeks ? batch : 1;
            byte[] kek = BenchSupport.testBytes(keks * kekLen, 1000 + b);
            int[] kekOff = new int[batch];
            for (int i = 0; i < batch; i++) {
                kekOff[i] = distinctKeks ? i * kekLen : 0;
            }
            byte[] keyData = BenchSupport.testBytes(batch * keyBytes, 2000 + b);
            wrapBatches[b] = layout(kek, kekOff, kekLen, keyData, keyBytes, wrappedLen);
            byte[] wrapped = new byte[batch * wrappedLen];
            for (int i = 0; i < batch; i++) {
                reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, kekOff[i], kekLen, "AES"));
                reference.doFinal(keyData, i * keyBytes, keyBytes, wrapped, i * wrappedLen);
            }
            unwrapBatches[b] = layout(kek, kekOff, kekLen, wrapped, wrappedLen, keyBytes);
        }

        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                System.out.println("gkm provider " + provider + ": " + gkm.details());
            }
            case "evp" -> BenchSupport.gkm("openssl"); // fails setup loudly when OpenSSL cannot load
            case "sunjce" -> {
                Provider p = BenchSupport.sunJce();
                jcaWrap = Cipher.getInstance("AES/KW/NoPadding", p);
                jcaUnwrap = Cipher.getInstance("AES/KW/NoPadding", p);
            }
            case "bc" -> {
                bcWrap = new AESWrapEngine();
                bcUnwrap = new AESWrapEngine();
            }
            default -> throw BenchSupport.unknown(provider);
        }

        // Correctness: wrap must reproduce the reference, unwrap must restore the key data.
        wrap();
        if (unwrap() != 0) {
            throw new IllegalStateException(provider + ": unwrap failed on valid input");
        }
        for (int b = 0; b < batches; b++) {
            if (!Arrays.equals(wrapBatches[b].outputs(), unwrapBatches[b].inputs())) {
                throw new IllegalStateException(provider + ": wrap output differs from SunJCE's");
            }
            if (!Arrays.equals(unwrapBatches[b].outputs(), wrapBatches[b].inputs())) {
                throw new IllegalStateException(provider + ": unwrap output differs from the key data");
            }
        }
    }

    private KeyWrapBatch layout(byte[] keks, int[] kekOff, int kekLen, byte[] in, int inLen, int outLen) {
        int[] kekLens = new int[batch];
        int[] inOff = new int[batch];
        int[] inLens = new int[batch];
        int[] outOff = new int[batch];
        for (int i = 0; i < batch; i++) {
            kekLens[i] = kekLen;
            inOff[i] = i * inLen;
            inLens[i] = inLen;
            outOff[i] = i * outLen;
        }
        return new KeyWrapBatch(batch, keks, kekOff, kekLens, in, inOff, inLens,
                new byte[batch * outLen], outOff, new int[batch], new byte[batch]);
    }

    /** Wraps all {@value #KEYS} keys; the wrapped keys are in the batches' output arrays. */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public KeyWrapBatch[] wrap() throws Exception {
        KeyWrapBatch[] all = wrapBatches;
        switch (provider) {
            case "openssl", "java" -> {
                for (KeyWrapBatch b : all) {
                    gkm.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, b);
                }
            }
            case "sunjce" -> {
                for (KeyWrapBatch b : all) {
                    jcaRun(jcaWrap, Cipher.ENCRYPT_MODE, b);
                }
            }
            case "bc" -> {
                for (KeyWrapBatch b : all) {
                    bcRun(bcWrap, true, b);
                }
            }
            case "evp" -> {
                for (KeyWrapBatch b : all) {
                    evpRun(true, b);
                }
            }
            default -> throw BenchSupport.unknown(provider);
        }
        return all;
    }

    /** Unwraps all {@value #KEYS} keys; returns the number of failed jobs (always 0). */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public int unwrap() throws Exception {
        int failures = 0;
        KeyWrapBatch[] all = unwrapBatches;
        switch (provider) {
            case "openssl", "java" -> {
                for (KeyWrapBatch b : all) {
                    failures += gkm.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW, b);
                }
            }
            case "sunjce" -> {
                for (KeyWrapBatch b : all) {
                    failures += jcaRun(jcaUnwrap, Cipher.DECRYPT_MODE, b);
                }
            }
            case "bc" -> {
                for (KeyWrapBatch b : all) {
                    failures += bcRun(bcUnwrap, false, b);
                }
            }
            case "evp" -> {
                for (KeyWrapBatch b : all) {
                    failures += evpRun(false, b);
                }
            }
            default -> throw BenchSupport.unknown(provider);
        }
        return failures;
    }

    private static int jcaRun(Cipher c, int mode, KeyWrapBatch b) throws GeneralSecurityException {
        byte[] keks = b.keks();
        int[] kekOff = b.kekOffsets();
        int[] kekLen = b.kekLengths();
        byte[] in = b.inputs();
        int[] inOff = b.inputOffsets();
        int[] inLen = b.inputLengths();
        byte[] out = b.outputs();
        int[] outOff = b.outputOffsets();
        int lastKek = -1;
        int failures = 0;
        for (int i = 0, n = b.count(); i < n; i++) {
            if (kekOff[i] != lastKek) {
                c.init(mode, new SecretKeySpec(keks, kekOff[i], kekLen[i], "AES"));
                lastKek = kekOff[i];
            }
            try {
                c.doFinal(in, inOff[i], inLen[i], out, outOff[i]);
            } catch (javax.crypto.BadPaddingException e) {
                failures++;
                lastKek = -1;
            }
        }
        return failures;
    }

    private static int bcRun(AESWrapEngine e, boolean wrap, KeyWrapBatch b) {
        byte[] keks = b.keks();
        int[] kekOff = b.kekOffsets();
        int[] kekLen = b.kekLengths();
        byte[] in = b.inputs();
        int[] inOff = b.inputOffsets();
        int[] inLen = b.inputLengths();
        byte[] out = b.outputs();
        int[] outOff = b.outputOffsets();
        int lastKek = -1;
        int failures = 0;
        for (int i = 0, n = b.count(); i < n; i++) {
            if (kekOff[i] != lastKek) {
                e.init(wrap, new KeyParameter(keks, kekOff[i], kekLen[i]));
                lastKek = kekOff[i];
            }
            try {
                byte[] r = wrap ? e.wrap(in, inOff[i], inLen[i]) : e.unwrap(in, inOff[i], inLen[i]);
                System.arraycopy(r, 0, out, outOff[i], r.length);
            } catch (InvalidCipherTextException ex) {
                failures++;
            }
        }
        return failures;
    }

    private static int evpRun(boolean wrap, KeyWrapBatch b) {
        byte[] keks = b.keks();
        int[] kekOff = b.kekOffsets();
        int[] kekLen = b.kekLengths();
        byte[] in = b.inputs();
        int[] inOff = b.inputOffsets();
        int[] inLen = b.inputLengths();
        byte[] out = b.outputs();
        int[] outOff = b.outputOffsets();
        int failures = 0;
        for (int i = 0, n = b.count(); i < n; i++) {
            int r = wrap
                    ? EvpKeyWrap.wrap(KeyWrapAlgorithm.AES_KW, keks, kekOff[i], kekLen[i], in, inOff[i], inLen[i], out, outOff[i])
                    : EvpKeyWrap.unwrap(KeyWrapAlgorithm.AES_KW, keks, kekOff[i], kekLen[i], in, inOff[i], inLen[i], out, outOff[i]);
            if (r < 0) {
                failures++;
            }
        }
        return failures;
    }
}
