package org.gkm.crypto.openssl;

import static org.gkm.crypto.openssl.OpenSslSupport.nativeError;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;

/**
 * AES key wrap (RFC 3394) and key wrap with padding (RFC 5649) for {@link OpenSslProvider}: single
 * keys and batches through libgkm_native's multi-lane AES-NI/VAES kernels, on the kernel path the
 * provider was made for.
 */
final class OpenSslKeyWrap {
    /** The kernel path batches run on; null when unusable. */
    private final KwPath kwPath;
    /** Why {@link #kwPath} is null; else null. */
    private final String kwPathProblem;

    OpenSslKeyWrap(KwPath kwPath, String kwPathProblem) {
        this.kwPath = kwPath;
        this.kwPathProblem = kwPathProblem;
    }


    byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key) {
        ready();
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        Objects.requireNonNull(key, "key");
        String bad = alg.checkKeyDataLength(key.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        // One critical downcall to gkm_kw_wrap (single-lane AES-NI, or scalar on CPUs without it):
        // OpenSSL 3.0's EVP wrap cipher runs table AES, several times slower than SunJCE
        // (docs/performance-notes.md#evp-aes-wrap-baseline); out.length is the capacity the C side
        // is told.
        byte[] out = new byte[alg.wrappedLength(key.length)];
        int n = GkmNative.gkm_kw_one(false, mode(alg), kek, key, out);
        if (n != out.length) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalStateException("libgkm_native key wrap failed: " + nativeError(n));
        }
        return out;
    }

    byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) throws InvalidCiphertextException {
        ready();
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        Objects.requireNonNull(wrapped, "wrapped");
        String bad = alg.checkWrappedLength(wrapped.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        byte[] out = new byte[wrapped.length - 8];
        int n = GkmNative.gkm_kw_one(true, mode(alg), kek, wrapped, out);
        if (n == GkmNative.ERR_INTEGRITY) {
            Arrays.fill(out, (byte) 0); // the C side zeroed it too
            throw new InvalidCiphertextException("key unwrap failed");
        }
        if (n < 0 || n > out.length) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalStateException("libgkm_native key unwrap failed: " + nativeError(n));
        }
        if (n == out.length) {
            return out;
        }
        byte[] r = Arrays.copyOf(out, n); // KWP: the unpadded key
        Arrays.fill(out, (byte) 0);
        return r;
    }

    private static int mode(KeyWrapAlgorithm alg) {
        return alg == KeyWrapAlgorithm.AES_KWP ? GkmNative.KW_MODE_KWP : GkmNative.KW_MODE_KW;
    }

    void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        int rc = batch(false, alg, batch);
        if (rc != 0) {
            throw new IllegalStateException("libgkm_native key wrap failed for " + rc + " jobs");
        }
    }

    int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        return batch(true, alg, batch);
    }

    /**
     * One critical downcall for the whole batch on this provider's kernel path; the heap arrays are
     * passed in place (why not a copy into an off-heap arena: {@link GkmNative}).
     */
    private int batch(boolean unwrap, KeyWrapAlgorithm alg, KeyWrapBatch b) {
        ready();
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(b, "batch");
        if (kwPath == null) {
            throw new IllegalStateException(kwPathProblem);
        }
        int count = b.count();
        // crypto-api's KeyWrap.wrapBatch/unwrapBatch has validated every count, KEK size, length
        // and region in Java (KeyWrapBatch.validate) before calling here; repeating that loop
        // here would cost again what it costs there.
        // Unwrap has no Java-side cost wrap lacks: outputs and status are written in place
        // (critical heap arrays), and the zeroing loop below runs only when a job failed
        // (figures: docs/performance-notes.md#java-side-validation-and-overhead).
        // What native code cannot check itself is checked here: the count, and that every per-job
        // array holds count entries (their lengths do not cross). The data buffers cross with their
        // lengths, and libgkm_native checks every job's KEK size, lengths and regions against them
        // before any work (GKM_ERR_*, nothing touched), so a direct SPI caller with a bad layout
        // gets an IllegalArgumentException, never an out-of-bounds access.
        if (count < 0 || count > KeyWrapBatch.MAX_JOBS) {
            throw new IllegalArgumentException("batch count out of range: " + count);
        }
        if (b.kekOffsets().length < count || b.kekLengths().length < count || b.inputOffsets().length < count
                || b.inputLengths().length < count || b.outputOffsets().length < count
                || b.outputLengths().length < count || b.status().length < count) {
            throw new IllegalArgumentException("batch count " + count + " exceeds a per-job array's length");
        }
        if (count == 0) {
            return 0;
        }
        if (count == 1 && kwPath == KwPath.AUTO) {
            return singleJob(unwrap, alg, b);
        }
        byte[] outputs = b.outputs();
        int rc = GkmNative.gkm_kw_batch_path(unwrap, kwPath.code, mode(alg), count,
                MemorySegment.ofArray(b.keks()), b.keks().length,
                MemorySegment.ofArray(b.kekOffsets()), MemorySegment.ofArray(b.kekLengths()),
                MemorySegment.ofArray(b.inputs()), b.inputs().length,
                MemorySegment.ofArray(b.inputOffsets()), MemorySegment.ofArray(b.inputLengths()),
                MemorySegment.ofArray(outputs), outputs.length,
                MemorySegment.ofArray(b.outputOffsets()), MemorySegment.ofArray(b.outputLengths()),
                MemorySegment.ofArray(b.status()));
        if (rc < 0) {
            throw new IllegalArgumentException("libgkm_native rejected the batch: " + nativeError(rc));
        }
        // A failed unwrap job's region is zeroed by the C driver, which does all job I/O for every
        // kernel path (and reads each job's layout once). It is not zeroed again here: that would
        // read the caller's arrays a second time, and a concurrent writer could then steer it onto
        // another job's good output.
        return rc;
    }

    /**
     * A one-job batch through the single-job entry point (gkm_kw_wrap / gkm_kw_unwrap, single-lane
     * AES-NI): the batch kernel's fixed lane set-up costs more than the whole single-job call, and a
     * one-job batch must beat SunJCE by 1.5x (docs/performance-notes.md#one-job-batches). Only in auto
     * mode: a forced path always runs its batch kernel.
     * Same contract as the batch call: status, output length, zeroed region on failure.
     */
    private static int singleJob(boolean unwrap, KeyWrapAlgorithm alg, KeyWrapBatch b) {
        // Each value is read from the caller's arrays once, and only what was read is checked and
        // used (another thread may be writing the arrays: see KeyWrapBatch).
        int kekOff = b.kekOffsets()[0];
        int kekLen = b.kekLengths()[0];
        int inOff = b.inputOffsets()[0];
        int inLen = b.inputLengths()[0];
        int outOff = b.outputOffsets()[0];
        String bad = KeyWrapAlgorithm.checkKekLength(kekLen);
        if (bad == null) {
            bad = unwrap ? alg.checkWrappedLength(inLen) : alg.checkKeyDataLength(inLen);
        }
        if (bad != null) {
            throw new IllegalArgumentException("job 0: " + bad);
        }
        int region = unwrap ? inLen - 8 : alg.wrappedLength(inLen);
        byte[] outputs = b.outputs();
        if (outOff < 0 || outOff > outputs.length - region || kekOff < 0 || kekOff > b.keks().length - kekLen
                || inOff < 0 || inOff > b.inputs().length - inLen) {
            throw new IllegalArgumentException("job 0: a region lies outside its array");
        }
        MemorySegment out = MemorySegment.ofArray(outputs).asSlice(outOff, region);
        int n = GkmNative.gkm_kw_one(unwrap, mode(alg),
                MemorySegment.ofArray(b.keks()).asSlice(kekOff, kekLen),
                MemorySegment.ofArray(b.inputs()).asSlice(inOff, inLen), out);
        if (unwrap && n == GkmNative.ERR_INTEGRITY) {
            Arrays.fill(outputs, outOff, outOff + region, (byte) 0);
            b.outputLengths()[0] = 0;
            b.status()[0] = 1;
            return 1;
        }
        if (n < 0 || n > region || (!unwrap && n != region)) {
            Arrays.fill(outputs, outOff, outOff + region, (byte) 0);
            throw new IllegalStateException("libgkm_native key " + (unwrap ? "unwrap" : "wrap") + " failed: " + nativeError(n));
        }
        if (n < region) { // KWP unwrap: the region past the unpadded key is zero, as in the batch call
            Arrays.fill(outputs, outOff + n, outOff + region, (byte) 0);
        }
        b.outputLengths()[0] = n;
        b.status()[0] = 0;
        return 0;
    }

    private static void checkKek(byte[] kek) {
        Objects.requireNonNull(kek, "kek");
        String bad = KeyWrapAlgorithm.checkKekLength(kek.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }
}
