package org.gkm.crypto.java;

import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;

/**
 * A private copy of a {@link KeyWrapBatch}'s per-job layout for one provider call: each job's KEK
 * offset and length, input offset and length and output offset, read from the caller's arrays
 * exactly once and then checked (the rules of {@link KeyWrapBatch#validate}).
 *
 * <p>Why: the batch's arrays are the caller's, used in place, and another thread may write them
 * during the call (a caller bug, but see {@link KeyWrapBatch}). A provider that works only from
 * this copy runs each job with the values of one instant, and a layout that fails the checks is
 * refused before any output is written. The whole batch is copied before the first job runs (20
 * bytes per job), so that a refusal can still leave every output untouched.
 */
final class BatchJobs {
    private static final int KEK_OFFSET = 0;
    private static final int KEK_LENGTH = 1;
    private static final int INPUT_OFFSET = 2;
    private static final int INPUT_LENGTH = 3;
    private static final int OUTPUT_OFFSET = 4;
    private static final int FIELDS = 5;

    private final int count;
    private final int[] jobs; // FIELDS ints per job

    private BatchJobs(int count, int[] jobs) {
        this.count = count;
        this.jobs = jobs;
    }

    /**
     * Reads every job's layout from {@code batch} once and checks it for {@code alg} and the
     * direction: count, KEK length, input length, and every region inside its array.
     *
     * @throws IllegalArgumentException naming the first bad job (nothing is written anywhere)
     */
    static BatchJobs snapshot(KeyWrapAlgorithm alg, boolean unwrap, KeyWrapBatch batch) {
        final int count = batch.count();
        if (count < 0 || count > KeyWrapBatch.MAX_JOBS) {
            throw new IllegalArgumentException("batch count out of range: " + count);
        }
        final int[] kekOff = batch.kekOffsets();
        final int[] kekLen = batch.kekLengths();
        final int[] inOff = batch.inputOffsets();
        final int[] inLen = batch.inputLengths();
        final int[] outOff = batch.outputOffsets();
        if (kekOff.length < count || kekLen.length < count || inOff.length < count || inLen.length < count
                || outOff.length < count || batch.outputLengths().length < count || batch.status().length < count) {
            throw new IllegalArgumentException("batch count " + count + " exceeds a per-job array's length");
        }
        final int[] jobs = new int[count * FIELDS]; // count <= 2^24: no overflow
        for (int i = 0, j = 0; i < count; i++, j += FIELDS) {
            jobs[j + KEK_OFFSET] = kekOff[i];
            jobs[j + KEK_LENGTH] = kekLen[i];
            jobs[j + INPUT_OFFSET] = inOff[i];
            jobs[j + INPUT_LENGTH] = inLen[i];
            jobs[j + OUTPUT_OFFSET] = outOff[i];
        }
        BatchJobs s = new BatchJobs(count, jobs);
        s.check(alg, unwrap, batch.keks().length, batch.inputs().length, batch.outputs().length);
        return s;
    }

    /** Checks the copy (never the caller's arrays); lengths are checked once per run of equal ones. */
    private void check(KeyWrapAlgorithm alg, boolean unwrap, int kekArray, int inArray, int outArray) {
        int lastKekLength = -1;
        int lastInputLength = -1;
        int region = 0;
        for (int i = 0; i < count; i++) {
            int kl = kekLength(i);
            int il = inputLength(i);
            if (kl != lastKekLength || il != lastInputLength) {
                String bad = KeyWrapAlgorithm.checkKekLength(kl);
                if (bad == null) {
                    bad = unwrap ? alg.checkWrappedLength(il) : alg.checkKeyDataLength(il);
                }
                if (bad != null) {
                    throw new IllegalArgumentException("job " + i + ": " + bad);
                }
                region = unwrap ? il - 8 : alg.wrappedLength(il);
                lastKekLength = kl;
                lastInputLength = il;
            }
            checkRegion(i, "KEK", kekOffset(i), kl, kekArray);
            checkRegion(i, "input", inputOffset(i), il, inArray);
            checkRegion(i, "output", outputOffset(i), region, outArray);
        }
    }

    private static void checkRegion(int job, String what, int offset, int length, int arrayLength) {
        if (offset < 0 || offset > arrayLength - length) {
            throw new IllegalArgumentException("job " + job + ": " + what + " region [" + offset + ", +" + length
                    + ") outside its array of " + arrayLength + " bytes");
        }
    }

    int count() {
        return count;
    }

    int kekOffset(int i) {
        return jobs[i * FIELDS + KEK_OFFSET];
    }

    int kekLength(int i) {
        return jobs[i * FIELDS + KEK_LENGTH];
    }

    /** Job i's KEK offset and length in one value (never -1: both are checked non-negative). */
    long kekRegion(int i) {
        return ((long) kekOffset(i) << 32) | kekLength(i);
    }

    int inputOffset(int i) {
        return jobs[i * FIELDS + INPUT_OFFSET];
    }

    int inputLength(int i) {
        return jobs[i * FIELDS + INPUT_LENGTH];
    }

    int outputOffset(int i) {
        return jobs[i * FIELDS + OUTPUT_OFFSET];
    }
}
