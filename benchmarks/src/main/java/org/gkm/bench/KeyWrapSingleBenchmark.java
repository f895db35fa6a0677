package org.gkm.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESWrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.openssl.EvpKeyWrap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The single-key API: one AES-256 KW wrap (or unwrap) of a 32-byte key per call, each call under a
 * different KEK (a cycle of {@value #KEKS}), so every call pays its key schedule as a one-off
 * caller does. Score: ns per wrapped key ({@code @OperationsPerInvocation}).
 *
 * <p>{@code openssl} / {@code java}: {@code keyWrap().wrap/unwrap} of the public API (validation,
 * output allocation included; the OpenSSL provider goes through libgkm_native's single-job
 * {@code gkm_kw_wrap}). {@code sunjce}: a cached "AES/KW/NoPadding" Cipher, init + doFinal per
 * call. {@code bc}: {@code AESWrapEngine}, init + wrap per call. {@code evp}: OpenSSL EVP
 * AES-256-WRAP per call through FFM ({@link EvpKeyWrap}). No {@code accp}: ACCP 2.5.0 has no AES/KW.
 * Setup checks every implementation's output against SunJCE's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class KeyWrapSingleBenchmark {
    static final int KEKS = 64;
    static final int KEY_BYTES = 32;

    @Param({"openssl", "java", "sunjce", "bc", "evp"})
    public String provider;

    private CryptoProvider gkm;
    private Cipher jca;
    private AESWrapEngine bc;
    private byte[][] keks;
    private SecretBytes[] kekSecrets;
    private byte[][] keys;
    private byte[][] wrapped;
    private byte[] out;

    @Setup
    public void setup() throws Exception {
        keks = new byte[KEKS][];
        kekSecrets = new SecretBytes[KEKS];
        keys = new byte[KEKS][];
        wrapped = new byte[KEKS][];
        Cipher reference = Cipher.getInstance("AES/KW/NoPadding", BenchSupport.sunJce());
        for (int i = 0; i < KEKS; i++) {
            keks[i] = BenchSupport.testBytes(32, 300 + i);
            kekSecrets[i] = SecretBytes.copyOf(keks[i]);
            keys[i] = BenchSupport.testBytes(KEY_BYTES, 400 + i);
            reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keks[i], "AES"));
            wrapped[i] = reference.doFinal(keys[i]);
        }
        out = new byte[KEY_BYTES + 8];
        switch (provider) {
            case "openssl", "java" -> gkm = BenchSupport.gkm(provider);
            case "sunjce" -> jca = Cipher.getInstance("AES/KW/NoPadding", BenchSupport.sunJce());
            case "bc" -> bc = new AESWrapEngine();
            case "evp" -> BenchSupport.gkm("openssl");
            default -> throw BenchSupport.unknown(provider);
        }
        for (int i = 0; i < KEKS; i++) {
            if (!Arrays.equals(doWrap(i), wrapped[i])) {
                throw new IllegalStateException(provider + ": wrap output differs from SunJCE's");
            }
            if (!Arrays.equals(doUnwrap(i), keys[i])) {
                throw new IllegalStateException(provider + ": unwrap does not restore the key");
            }
        }
    }

    private byte[] doWrap(int i) throws Exception {
        return switch (provider) {
            case "openssl", "java" -> gkm.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, kekSecrets[i], keys[i]);
            case "sunjce" -> {
                jca.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keks[i], "AES"));
                yield jca.doFinal(keys[i]);
            }
            case "bc" -> {
                bc.init(true, new KeyParameter(keks[i]));
                yield bc.wrap(keys[i], 0, KEY_BYTES);
            }
            case "evp" -> {
                EvpKeyWrap.wrap(KeyWrapAlgorithm.AES_KW, keks[i], 0, 32, keys[i], 0, KEY_BYTES, out, 0);
                yield out.clone();
            }
            default -> throw BenchSupport.unknown(provider);
        };
    }

    private byte[] doUnwrap(int i) throws Exception {
        return switch (provider) {
            case "openssl", "java" -> gkm.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, kekSecrets[i], wrapped[i]);
            case "sunjce" -> {
                jca.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keks[i], "AES"));
                yield jca.doFinal(wrapped[i]);
            }
            case "bc" -> {
                bc.init(false, new KeyParameter(keks[i]));
                yield bc.unwrap(wrapped[i], 0, wrapped[i].length);
            }
            case "evp" -> {
                if (EvpKeyWrap.unwrap(KeyWrapAlgorithm.AES_KW, keks[i], 0, 32, wrapped[i], 0, wrapped[i].length, out, 0) < 0) {
                    throw new IllegalStateException("evp unwrap failed");
                }
                yield Arrays.copyOf(out, KEY_BYTES);
            }
            default -> throw BenchSupport.unknown(provider);
        };
    }

    /** {@value #KEKS} single wraps, each under its own KEK. */
    @Benchmark
    @OperationsPerInvocation(KEKS)
    public int wrapOne() throws Exception {
        int acc = 0;
        for (int i = 0; i < KEKS; i++) {
            acc += doWrap(i)[0];
        }
        return acc;
    }

    /** {@value #KEKS} single unwraps, each under its own KEK. */
    @Benchmark
    @OperationsPerInvocation(KEKS)
    public int unwrapOne() throws Exception {
        int acc = 0;
        for (int i = 0; i < KEKS; i++) {
            acc += doUnwrap(i)[0];
        }
        return acc;
    }
}
