package org.gkm.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * N independent AES key wrap (or unwrap) jobs laid out flat, struct of arrays, so that a whole
 * batch crosses to native code in one call without per-job objects.
 *
 * <p>Job {@code i} uses the KEK {@code keks[kekOffsets[i] .. +kekLengths[i])} (16, 24 or 32 bytes;
 * several jobs may point at the same KEK), reads {@code inputs[inputOffsets[i] .. +inputLengths[i])}
 * and writes its result at {@code outputs[outputOffsets[i]]}, its length to
 * {@code outputLengths[i]} and its status to {@code status[i]} (0 ok, 1 failed unwrap). The output
 * region of a job is {@code wrappedLength(inputLength)} bytes for wrap and {@code inputLength - 8}
 * for unwrap. Jobs may have different KEK sizes and input lengths (ragged batches).
 *
 * <p>This is a mutable buffer holder, not a value: the arrays are used in place, never copied.
 * Output regions must not overlap each other or any input; {@link #validate} checks bounds and
 * lengths (not overlap, which only corrupts the caller's own results).
 *
 * <p>The arrays must not be written while a call uses the batch. If another thread does write
 * them, every provider still reads each job's values once (into private memory, before any work)
 * and checks what it read: each job is then done with the values of one instant, or the call is
 * refused with nothing written ({@link InvalidInputException} from validation,
 * {@link IllegalArgumentException} from the provider), never run outside the checked regions.
 */
@SuppressWarnings("ArrayRecordComponent") // buffers used in place: equality is identity (equals, hashCode below)
public record KeyWrapBatch(
        int count,
        byte[] keks, int[] kekOffsets, int[] kekLengths,
        byte[] inputs, int[] inputOffsets, int[] inputLengths,
        byte[] outputs, int[] outputOffsets, int[] outputLengths,
        byte[] status) {

    /** Largest number of jobs in one batch. */
    public static final int MAX_JOBS = 1 << 24;

    public KeyWrapBatch {
        Objects.requireNonNull(keks, "keks");
        Objects.requireNonNull(kekOffsets, "kekOffsets");
        Objects.requireNonNull(kekLengths, "kekLengths");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(inputOffsets, "inputOffsets");
        Objects.requireNonNull(inputLengths, "inputLengths");
        Objects.requireNonNull(outputs, "outputs");
        Objects.requireNonNull(outputOffsets, "outputOffsets");
        Objects.requireNonNull(outputLengths, "outputLengths");
        Objects.requireNonNull(status, "status");
    }

    /**
     * A batch of {@code count} jobs, each with its own KEK of {@code kekLength} bytes and input of
     * {@code inputLength} bytes, packed contiguously: job i's KEK at {@code i*kekLength}, input at
     * {@code i*inputLength}, output at {@code i*outputLength} where outputLength is the wrapped
     * length (wrap) or inputLength - 8 (unwrap). Fill {@link #keks()} and {@link #inputs()}.
     */
    public static KeyWrapBatch uniform(KeyWrapAlgorithm alg, boolean unwrap, int count, int kekLength, int inputLength) {
        if (count < 0 || count > MAX_JOBS) {
            throw new IllegalArgumentException("count out of range: " + count);
        }
        int outLength = unwrap ? Math.max(0, inputLength - 8) : alg.wrappedLength(inputLength);
        int[] kekOff = new int[count];
        int[] inOff = new int[count];
        int[] outOff = new int[count];
        for (int i = 0; i < count; i++) {
            kekOff[i] = Math.multiplyExact(i, kekLength);
            inOff[i] = Math.multiplyExact(i, inputLength);
            outOff[i] = Math.multiplyExact(i, outLength);
        }
        int[] kekLen = new int[count];
        int[] inLen = new int[count];
        Arrays.fill(kekLen, kekLength);
        Arrays.fill(inLen, inputLength);
        return new KeyWrapBatch(count,
                new byte[Math.multiplyExact(count, kekLength)], kekOff, kekLen,
                new byte[Math.multiplyExact(count, inputLength)], inOff, inLen,
                new byte[Math.multiplyExact(count, outLength)], outOff, new int[count],
                new byte[count]);
    }

    /**
     * Checks the layout for {@code alg}: count within every array, each KEK length valid, each input
     * length valid for wrap or unwrap, and every region within its array. Nothing is written.
     *
     * @throws InvalidInputException naming the first bad job and what is wrong with it
     */
    public void validate(KeyWrapAlgorithm alg, boolean unwrap) throws InvalidInputException {
        Objects.requireNonNull(alg, "alg");
        if (count < 0 || count > MAX_JOBS) {
            throw new InvalidInputException("batch count out of range: " + count);
        }
        if (kekOffsets.length < count || kekLengths.length < count || inputOffsets.length < count
                || inputLengths.length < count || outputOffsets.length < count
                || outputLengths.length < count || status.length < count) {
            throw new InvalidInputException("batch count " + count + " exceeds a per-job array's length");
        }
        // Fast pass: plain int comparisons, no strings (this runs on every batch, in front of a
        // kernel that wraps a key in tens of nanoseconds, so it must cost only a few ns per job). On
        // any failure the slow path below, which applies the same rules job by job, names the first
        // bad job. Figures: docs/performance-notes.md#java-side-validation-and-overhead.
        if (count == 0) {
            return;
        }
        final boolean kw = alg == KeyWrapAlgorithm.AES_KW;
        final int minIn = unwrap ? (kw ? 24 : 16) : (kw ? 16 : 1);
        final int maxIn = unwrap ? KeyWrapAlgorithm.MAX_KEY_DATA + 8 : KeyWrapAlgorithm.MAX_KEY_DATA;
        final boolean multipleOf8 = unwrap || kw;
        if (uniformValid(kw, unwrap, minIn, maxIn, multipleOf8)) {
            return;
        }
        // General layouts: a job with the same KEK and input lengths as the last valid one skips
        // the length rules, and the region checks are accumulated without branches: the sign bit
        // of (offset | limit - offset) in 64 bits, so nothing overflows.
        final long kekArray = keks.length;
        final long inArray = inputs.length;
        final long outArray = outputs.length;
        int lastKl = -1;
        int lastIl = -1;
        long kekLimit = 0;
        long inLimit = 0;
        long outLimit = 0;
        long bad = 0;
        for (int i = 0; i < count; i++) {
            int kl = kekLengths[i];
            int il = inputLengths[i];
            if (kl != lastKl || il != lastIl) {
                if (!lengthsValid(kl, il, minIn, maxIn, multipleOf8)) {
                    firstBadJob(alg, unwrap, i);
                }
                lastKl = kl;
                lastIl = il;
                kekLimit = kekArray - kl;
                inLimit = inArray - il;
                outLimit = outArray - outputRegion(kw, unwrap, il);
            }
            long ko = kekOffsets[i];
            long io = inputOffsets[i];
            long oo = outputOffsets[i];
            bad |= ko | (kekLimit - ko) | io | (inLimit - io) | oo | (outLimit - oo);
        }
        if (bad < 0) {
            firstBadJob(alg, unwrap, count - 1);
        }
    }

    private static boolean lengthsValid(int kl, int il, int minIn, int maxIn, boolean multipleOf8) {
        return (kl == 16 || kl == 24 || kl == 32) && il >= minIn && il <= maxIn && (!multipleOf8 || (il & 7) == 0);
    }

    /** The output region of a valid input length (no overflow: il is at most MAX_KEY_DATA + 8). */
    private static int outputRegion(boolean kw, boolean unwrap, int il) {
        return unwrap ? il - 8 : kw ? il + 8 : ((il + 7) & ~7) + 8;
    }

    /**
     * True when every job has job 0's (valid) KEK and input lengths and every region lies in its
     * array: two branch-free passes (OR reductions) that the JIT can vectorise. False says nothing
     * (the general loop then decides).
     */
    private boolean uniformValid(boolean kw, boolean unwrap, int minIn, int maxIn, boolean multipleOf8) {
        final int kl0 = kekLengths[0];
        final int il0 = inputLengths[0];
        if (!lengthsValid(kl0, il0, minIn, maxIn, multipleOf8)) {
            return false;
        }
        final int kekLimit = keks.length - kl0;
        final int inLimit = inputs.length - il0;
        final int outLimit = outputs.length - outputRegion(kw, unwrap, il0);
        // With every limit >= 0, limit - offset cannot overflow for offset >= 0, and a negative
        // offset shows in its own sign bit, so int arithmetic is exact here.
        if ((kekLimit | inLimit | outLimit) < 0) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < count; i++) {
            diff |= (kekLengths[i] ^ kl0) | (inputLengths[i] ^ il0);
        }
        if (diff != 0) {
            return false;
        }
        int bad = 0;
        for (int i = 0; i < count; i++) {
            int ko = kekOffsets[i];
            int io = inputOffsets[i];
            int oo = outputOffsets[i];
            bad |= ko | (kekLimit - ko) | io | (inLimit - io) | oo | (outLimit - oo);
        }
        return bad >= 0;
    }

    /**
     * Throws the slow path's message for the first bad job among {@code 0 .. last} (the fast pass
     * found one there). The slow path applies the same rules, so it finds that job unless another
     * thread changed the arrays between the two passes: that refuses the batch too.
     */
    private void firstBadJob(KeyWrapAlgorithm alg, boolean unwrap, int last) throws InvalidInputException {
        for (int j = 0; j <= last; j++) {
            describeJob(alg, unwrap, j);
        }
        throw new InvalidInputException("batch job arrays changed while the batch was being validated"
                + " (another thread is writing them)");
    }

    /** Throws the message for job {@code i}'s first problem; returns if it finds none. */
    private void describeJob(KeyWrapAlgorithm alg, boolean unwrap, int i) throws InvalidInputException {
        int kl = kekLengths[i];
        String bad = KeyWrapAlgorithm.checkKekLength(kl);
        if (bad != null) {
            throw new InvalidInputException("job " + i + ": " + bad);
        }
        checkRegion(i, "KEK", kekOffsets[i], kl, keks.length);
        int il = inputLengths[i];
        bad = unwrap ? alg.checkWrappedLength(il) : alg.checkKeyDataLength(il);
        if (bad != null) {
            throw new InvalidInputException("job " + i + ": " + bad);
        }
        checkRegion(i, "input", inputOffsets[i], il, inputs.length);
        int ol = unwrap ? il - 8 : alg.wrappedLength(il);
        checkRegion(i, "output", outputOffsets[i], ol, outputs.length);
    }

    private static void checkRegion(int job, String what, int offset, int length, int arrayLength)
            throws InvalidInputException {
        if (offset < 0 || offset > arrayLength - length) {
            throw new InvalidInputException("job " + job + ": " + what + " region [" + offset + ", +" + length
                    + ") outside its array of " + arrayLength + " bytes");
        }
    }

    /** Never prints key bytes. */
    @Override
    public String toString() {
        return "KeyWrapBatch[count=" + count + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
