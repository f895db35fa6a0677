package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat: 10^6 single operations (HMAC, GCM seal/open, single key wrap/unwrap,
 * plus fewer of the arena-based ones: X25519, HKDF-Expand, Ed25519, random) and 10^4 batches of 64
 * key wraps/unwraps must not grow the process RSS by more than {@value #LIMIT_MIB} MiB after a
 * warm-up. A leaked EVP_CIPHER_CTX or EVP_PKEY per call (hundreds of bytes to kilobytes) would show
 * up as hundreds of MiB here.
 */
class NativeMemoryHygieneTest {
    static final int LIMIT_MIB = 64;
    static final int SINGLES = 1_000_000;
    static final int BATCHES = 10_000;
    static final int JOBS = 64;

    private final OpenSslProvider p = new OpenSslProvider();
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[13];
    private final byte[] msg = new byte[64];
    private final byte[] x25519Peer = new byte[32];
    private long sink;

    private static final java.lang.invoke.MethodHandle MALLOC_TRIM = java.lang.foreign.Linker.nativeLinker()
            .defaultLookup().find("malloc_trim")
            .map(s -> java.lang.foreign.Linker.nativeLinker().downcallHandle(s,
                    java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT,
                            java.lang.foreign.ValueLayout.JAVA_LONG)))
            .orElse(null);

    /**
     * Resident set size in bytes, from /proc/self/statm (pages * 4096), after a GC and glibc's
     * malloc_trim(0): freed-but-cached allocator memory (the JIT compiler's arenas swing by 100 MiB)
     * is returned first, so what remains is memory actually in use.
     */
    static long rss() {
        System.gc();
        if (MALLOC_TRIM != null) {
            try {
                int unused = (int) MALLOC_TRIM.invokeExact(0L);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096L;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    static String mib(long b) {
        return String.format("%.1f MiB", b / 1048576.0);
    }

    /** One round of the single-operation mix; {@code i} picks the operation. */
    void single(int i) throws Exception {
        switch (i & 7) {
            case 0, 1 -> sink += p.hmacSha256(key, msg)[0];
            case 2, 3 -> {
                nonce[0] = (byte) i;
                byte[] c = p.gcmSeal(key, nonce, aad, msg);
                sink += p.gcmOpen(key, nonce, aad, c)[0];
            }
            case 4, 5 -> {
                byte[] w = p.keyWrap(KeyWrapAlgorithm.AES_KW, key, msg);
                sink += p.keyUnwrap(KeyWrapAlgorithm.AES_KW, key, w)[0];
            }
            case 6 -> {
                byte[] w = p.keyWrap(KeyWrapAlgorithm.AES_KWP, key, aad);
                sink += p.keyUnwrap(KeyWrapAlgorithm.AES_KWP, key, w)[0];
            }
            default -> {
                // The arena-based paths, 1 in 8 of which (every 64th op) run here.
                switch ((i >>> 3) & 7) {
                    case 0 -> sink += p.x25519(key, x25519Peer)[0];
                    case 1 -> sink += p.hkdfExpand(key, aad, 42)[0];
                    case 2 -> sink += p.ed25519Sign(key, msg)[0];
                    case 3 -> {
                        byte[] b = new byte[48];
                        p.randomBytes(b, 0, 48);
                        sink += b[0];
                    }
                    case 4 -> {
                        try { // failure paths must not leak either
                            byte[] c = p.gcmSeal(key, nonce, aad, msg);
                            c[0] ^= 1;
                            p.gcmOpen(key, nonce, aad, c);
                        } catch (org.gkm.crypto.InvalidCiphertextException expected) {
                            sink++;
                        }
                    }
                    case 5 -> {
                        try {
                            p.keyUnwrap(KeyWrapAlgorithm.AES_KW, key, new byte[40]);
                        } catch (org.gkm.crypto.InvalidCiphertextException expected) {
                            sink++;
                        }
                    }
                    default -> sink += p.hmacSha256(new byte[0], msg)[0];
                }
            }
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    void batch(KeyWrapBatch w, KeyWrapBatch u) {
        p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, w);
        System.arraycopy(w.outputs(), 0, u.inputs(), 0, w.outputs().length);
        u.inputs()[5] ^= 1; // job 0 fails its integrity check
        int failed = p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, u);
        if (failed != 1) {
            throw new AssertionError("expected 1 failed job, got " + failed);
        }
        sink += u.outputs()[40];
    }

    /**
     * Runs the workload in a child JVM with a fixed, pre-touched heap (-Xms = -Xmx, AlwaysPreTouch):
     * G1 growing and uncommitting its heap moves RSS by 100+ MiB either way in the test JVM, which
     * would drown the signal; with the heap fixed, RSS changes are native memory.
     */
    @Test
    void nativeMemoryStaysFlat() throws Exception {
        java.util.List<String> cmd = java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                "-cp", System.getProperty("java.class.path"), Child.class.getName());
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(pr.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "child JVM timed out");
        System.out.print(out);
        assertEquals(0, pr.exitValue(), "child JVM failed:\n" + out);
        assertTrue(out.contains("NATIVE-MEMORY OK"), out);
    }

    /** The child JVM's entry point. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            new NativeMemoryHygieneTest().run();
            System.out.println("NATIVE-MEMORY OK");
        }
    }

    void run() throws Exception {
        if (!NativeLoader.AVAILABLE) {
            throw new AssertionError(NativeLoader.REASON, NativeLoader.ERROR);
        }
        p.randomBytes(key, 0, 32);
        p.randomBytes(msg, 0, msg.length);
        x25519Peer[0] = 9;
        KeyWrapBatch w = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, JOBS, 32, 32);
        KeyWrapBatch u = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, JOBS, 32, 40);
        p.randomBytes(w.keks(), 0, w.keks().length);
        p.randomBytes(w.inputs(), 0, w.inputs().length);
        System.arraycopy(w.keks(), 0, u.keks(), 0, w.keks().length);

        long t0 = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            single(i);
        }
        for (int i = 0; i < 1_000; i++) {
            batch(w, u);
        }
        long rss0 = rss();
        long heap0 = heapCommitted();
        long t1 = System.nanoTime();

        for (int i = 0; i < SINGLES / 2; i++) {
            single(i);
        }
        long rssMid = rss();
        for (int i = SINGLES / 2; i < SINGLES; i++) {
            single(i);
        }
        long rss1 = rss();
        long t2 = System.nanoTime();

        for (int i = 0; i < BATCHES; i++) {
            batch(w, u);
        }
        long rss2 = rss();
        long heap2 = heapCommitted();
        long t3 = System.nanoTime();

        // The results are still right after all that.
        if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(w.inputs(), 32, 64),
                java.util.Arrays.copyOfRange(u.outputs(), 32, 64)) || u.outputLengths()[0] != 0) {
            throw new AssertionError("batch results wrong after the run");
        }

        System.out.printf("NATIVE-MEMORY warm-up %.1fs; RSS after warm-up %s (heap committed %s)%n",
                (t1 - t0) / 1e9, mib(rss0), mib(heap0));
        System.out.printf("NATIVE-MEMORY %d single ops in %.1fs (%.2f us/op): RSS %s -> %s (half-way) -> %s "
                + "(%+.1f MiB, second half %+.1f MiB)%n", SINGLES, (t2 - t1) / 1e9, (t2 - t1) / 1e3 / SINGLES,
                mib(rss0), mib(rssMid), mib(rss1), (rss1 - rss0) / 1048576.0, (rss1 - rssMid) / 1048576.0);
        System.out.printf("NATIVE-MEMORY %d batches x %d wrap+unwrap in %.1fs: RSS %s -> %s (%+.1f MiB); "
                + "heap committed %s -> %s; sink %d%n",
                BATCHES, JOBS, (t3 - t2) / 1e9, mib(rss1), mib(rss2), (rss2 - rss1) / 1048576.0,
                mib(heap0), mib(heap2), sink);
        long limit = LIMIT_MIB * 1048576L;
        check(rss1 - rss0 < limit, "RSS grew by " + mib(rss1 - rss0) + " over " + SINGLES + " single ops");
        check(rss1 - rssMid < limit, "RSS grew by " + mib(rss1 - rssMid) + " over " + SINGLES / 2 + " single ops");
        check(rss2 - rss1 < limit, "RSS grew by " + mib(rss2 - rss1) + " over " + BATCHES + " batches");
        check(rss2 - rss0 < limit, "RSS grew by " + mib(rss2 - rss0) + " over the whole run");
    }
}
