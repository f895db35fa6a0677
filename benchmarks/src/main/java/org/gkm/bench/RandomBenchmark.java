package org.gkm.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.RandomSource;
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
 * CSPRNG output: fill a preallocated {@code size}-byte array (no allocation in the measured call).
 * Score: ns per fill.
 *
 * <p>gkm: {@code random().fill(buf)} (openssl: RAND_bytes; java: the provider's DRBG). Baselines,
 * the same generators their other benchmarks use ({@link BenchSupport#baselineRandom}): sunjce
 * {@code new SecureRandom()} (NativePRNG on Linux), bc SP 800-90A Hash_DRBG/SHA-256 from
 * {@code SP800SecureRandomBuilder}, accp "LibCryptoRng".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RandomBenchmark {
    @Param({"openssl", "java", "sunjce", "bc", "accp"})
    public String provider;

    @Param({"32", "4096"})
    public int size;

    private byte[] buf;
    private RandomSource gkm;
    private SecureRandom rng;

    @Setup(Level.Trial)
    public void setup() {
        buf = new byte[size];
        if (BenchSupport.isGkm(provider)) {
            gkm = BenchSupport.gkm(provider).random();
        } else {
            rng = BenchSupport.baselineRandom(provider);
        }
        bytes();
    }

    @Benchmark
    public byte[] bytes() {
        if (gkm != null) {
            gkm.fill(buf);
        } else {
            rng.nextBytes(buf);
        }
        return buf;
    }
}
