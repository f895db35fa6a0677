package org.gkm.bench;

import com.amazon.corretto.crypto.provider.HkdfSpec;
import java.security.Provider;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HMAC-SHA256 and HKDF-SHA256. Score: ns per operation.
 *
 * <ul>
 *   <li>{@code hmac}: the 32-byte tag of a {@code size}-byte message under a 32-byte key. gkm:
 *       {@code mac().compute(key, message)}, which takes the key every call; baselines key one
 *       engine once and reuse it (JCA {@code Mac.doFinal} and BC {@code HMac.doFinal} reset to the
 *       keyed state). sunjce/accp: {@code Mac "HmacSHA256"}; bc: {@code HMac(SHA256Digest)}.
 *   <li>{@code hkdf}: extract-and-expand (RFC 5869) of 32 output bytes from a {@code size}-byte
 *       ikm, 32-byte salt and 16-byte info (the {@code size} parameter is the ikm length here).
 *       gkm: {@code kdf().derive}; sunjce: RFC 5869 written over one cached SunJCE HmacSHA256
 *       {@code Mac} (keyed twice per derive, salt then PRK), as a JCA caller without an HKDF API
 *       does; accp: ACCP's {@code SecretKeyFactory "HkdfWithHmacSHA256"} with an
 *       {@code HkdfSpec}; bc: one {@code HKDFBytesGenerator(SHA256Digest)} re-initialised per
 *       derive.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MacKdfBenchmark {
    public static final int OUTPUT_BYTES = 32;

    @Param({"openssl", "java", "sunjce", "bc", "accp"})
    public String provider;

    @Param({"64", "1024"})
    public int size;

    private final byte[] key = BenchSupport.testBytes(32, 21);
    private final byte[] salt = BenchSupport.testBytes(32, 22);
    private final byte[] info = BenchSupport.testBytes(16, 23);
    private byte[] message;

    private CryptoProvider gkm;
    private SecretBytes gkmKey;

    private Mac jcaMac;
    private Mac jcaHkdfMac;
    private SecretKeyFactory accpHkdf;

    private HMac bcMac;
    private HKDFBytesGenerator bcHkdf;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        message = BenchSupport.testBytes(size, 24);
        switch (provider) {
            case "openssl", "java" -> {
                gkm = BenchSupport.gkm(provider);
                gkmKey = SecretBytes.copyOf(key);
            }
            case "sunjce", "accp" -> {
                Provider p = provider.equals("accp") ? BenchSupport.accp() : BenchSupport.sunJce();
                jcaMac = Mac.getInstance("HmacSHA256", p);
                jcaMac.init(new SecretKeySpec(key, "HmacSHA256"));
                if (provider.equals("accp")) {
                    accpHkdf = SecretKeyFactory.getInstance("HkdfWithHmacSHA256", p);
                } else {
                    jcaHkdfMac = Mac.getInstance("HmacSHA256", p);
                }
            }
            case "bc" -> {
                bcMac = new HMac(new SHA256Digest());
                bcMac.init(new KeyParameter(key));
                bcHkdf = new HKDFBytesGenerator(new SHA256Digest());
            }
            default -> throw BenchSupport.unknown(provider);
        }
        // Cross-check against SunJCE HmacSHA256 and BC's HKDF.
        Mac ref = Mac.getInstance("HmacSHA256", BenchSupport.sunJce());
        ref.init(new SecretKeySpec(key, "HmacSHA256"));
        HKDFBytesGenerator refKdf = new HKDFBytesGenerator(new SHA256Digest());
        refKdf.init(new HKDFParameters(message, salt, info));
        byte[] okm = new byte[OUTPUT_BYTES];
        refKdf.generateBytes(okm, 0, OUTPUT_BYTES);
        if (!Arrays.equals(hmac(), ref.doFinal(message)) || !Arrays.equals(hkdf(), okm)) {
            throw new IllegalStateException(provider + ": HMAC or HKDF output differs from the reference");
        }
    }

    @Benchmark
    public byte[] hmac() {
        if (gkm != null) {
            return gkm.mac().compute(gkmKey, message);
        }
        if (jcaMac != null) {
            return jcaMac.doFinal(message);
        }
        bcMac.update(message, 0, message.length);
        byte[] out = new byte[32];
        bcMac.doFinal(out, 0);
        return out;
    }

    @Benchmark
    public byte[] hkdf() throws Exception {
        if (gkm != null) {
            return gkm.kdf().derive(salt, message, info, OUTPUT_BYTES);
        }
        if (jcaHkdfMac != null) {
            Mac m = jcaHkdfMac;
            m.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = m.doFinal(message);
            m.init(new SecretKeySpec(prk, "HmacSHA256"));
            m.update(info);
            m.update((byte) 1);
            return m.doFinal(); // one block = 32 bytes = OUTPUT_BYTES
        }
        if (accpHkdf != null) {
            return accpHkdf.generateSecret(HkdfSpec.hkdfSpec(message, salt, info, OUTPUT_BYTES, "AES")).getEncoded();
        }
        bcHkdf.init(new HKDFParameters(message, salt, info));
        byte[] out = new byte[OUTPUT_BYTES];
        bcHkdf.generateBytes(out, 0, OUTPUT_BYTES);
        return out;
    }
}
