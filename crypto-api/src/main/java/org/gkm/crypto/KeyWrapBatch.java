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
 */
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
        // kernel that wraps a key in ~40-100 ns, so it must cost only a few ns per job). The first
        // job it rejects is described by the slow path below, which applies the same rules.
        final boolean kw = alg == KeyWrapAlgorithm.AES_KW;
        final int minIn = unwrap ? (kw ? 24 : 16) : (kw ? 16 : 1);
        final int maxIn = unwrap ? KeyWrapAlgorithm.MAX_KEY_DATA + 8 : KeyWrapAlgorithm.MAX_KEY_DATA;
        final boolean multipleOf8 = unwrap || kw;
        final int kekArray = keks.length;
        final int inArray = inputs.length;
        final int outArray = outputs.length;
        for (int i = 0; i < count; i++) {
            int kl = kekLengths[i];
            int ko = kekOffsets[i];
            int il = inputLengths[i];
            int io = inputOffsets[i];
            int oo = outputOffsets[i];
            boolean ok = (kl == 16 || kl == 24 || kl == 32) && ko >= 0 && ko <= kekArray - kl
                    && il >= minIn && il <= maxIn && (!multipleOf8 || (il & 7) == 0)
                    && io >= 0 && io <= inArray - il;
            if (ok) { // il is within [minIn, maxIn] here, so ol cannot overflow
                int ol = unwrap ? il - 8 : kw ? il + 8 : ((il + 7) & ~7) + 8;
                ok = oo >= 0 && oo <= outArray - ol;
            }
            if (!ok) {
                describeJob(alg, unwrap, i);
                // the slow path agrees with the fast one on every input; reaching here means it did not
                throw new IllegalStateException("KeyWrapBatch.validate: fast and slow checks disagree on job " + i);
            }
        }
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
