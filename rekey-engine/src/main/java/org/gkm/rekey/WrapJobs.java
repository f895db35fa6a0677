package org.gkm.rekey;

import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.rekey.message.EncodedEntries;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;

/**
 * The AES-KW jobs of one rekey, collected flat (struct of arrays) and run as ONE
 * {@code wrapBatch} call; each job carries the tree coordinates of its entry, as ipsec-mb jobs
 * carry user data (STYLE.md), so the entries are built after the batch without a lookup. All jobs
 * wrap a 32-byte key under a 32-byte KEK (40-byte output). Temporary key material is zeroed after
 * the batch ran.
 *
 * <p>KEKs: a job names a slot of the list's {@link KekTable}, the sub-key of a node key
 * ({@link KekTable#node}) or another AES-KW key; the table derives the missing sub-keys just before
 * the batch, and the batch reads every KEK in place from the table's one array.
 */
final class WrapJobs {
    private static final int K = KeyTree.KEY;
    private static final int OUT = 40;
    private static final KeyContent[] CONTENTS = KeyContent.values();

    private int count;
    private final KekTable keks = new KekTable();
    /** Per job: offset of its KEK in the table's array (slot * 32). */
    private int[] jobKekOff;
    private byte[] inputs;
    private int[] meta; // per job: targetNode, targetGen, content, encNode, encGen

    // run() layout arrays, kept between rekeys (a GCKS reuses one WrapJobs): offsets never change
    private int[] inOff = new int[0];
    private int[] outOff = new int[0];
    private int[] len32 = new int[0];
    private int[] outLengths = new int[0];
    private byte[] outputs = new byte[0];
    private byte[] status = new byte[0];
    private int[] blockOff = new int[0];

    /** Forgets jobs (and zeroes KEKs) left by a failed run; the table's node slots read {@code tree} (may be null). */
    void reset(KeyTree tree) {
        Arrays.fill(inputs, 0, count * K, (byte) 0);
        count = 0;
        keks.reset(tree);
    }

    /** The table the jobs' KEK slots refer to. */
    KekTable keks() {
        return keks;
    }

    private void ensureLayout(int n) {
        if (inOff.length >= n) {
            return;
        }
        int cap = Math.max(n, inOff.length + (inOff.length >>> 1));
        inOff = new int[cap];
        outOff = new int[cap];
        len32 = new int[cap];
        for (int i = 0; i < cap; i++) {
            inOff[i] = i * K;
            outOff[i] = i * OUT;
        }
        Arrays.fill(len32, K);
        outLengths = new int[cap];
        status = new byte[cap];
        blockOff = new int[cap];
    }

    WrapJobs(int expected) {
        int n = Math.max(4, expected);
        inputs = new byte[n * K];
        meta = new int[n * 5];
        jobKekOff = new int[n];
    }

    int count() {
        return count;
    }

    /** Adds a job wrapping {@code input[inOff..+32)} under the KEK in slot {@code kekSlot} of {@link #keks()}. */
    void add(int kekSlot, byte[] input, int inOff, int targetNode, int targetGen, KeyContent content, int encNode,
            int encGen) {
        if (count == jobKekOff.length) {
            int n = count + Math.max(16, count >>> 1);
            byte[] old = inputs;
            inputs = Arrays.copyOf(old, n * K);
            Arrays.fill(old, (byte) 0);
            meta = Arrays.copyOf(meta, n * 5);
            jobKekOff = Arrays.copyOf(jobKekOff, n);
        }
        jobKekOff[count] = kekSlot * K;
        System.arraycopy(input, inOff, inputs, count * K, K);
        int m = count * 5;
        meta[m] = targetNode;
        meta[m + 1] = targetGen;
        meta[m + 2] = content.ordinal();
        meta[m + 3] = encNode;
        meta[m + 4] = encGen;
        count++;
    }

    /**
     * Runs every job in one {@code wrapBatch} call whose outputs are the ciphertext slots of an
     * {@link EncodedEntries} block (the kernel writes each wrapped key straight into its encoded
     * entry: no entry object, no copy), then appends {@code tail}. Entries in job order.
     */
    EncodedEntries runEncoded(CryptoProvider provider, RekeyStats stats, long lifetime, long tekLifetime,
            List<KeyEntry> tail) {
        EncodedEntries.Builder b = EncodedEntries.symmetric(count, OUT);
        if (count == 0) {
            return b.build(tail);
        }
        ensureLayout(count);
        int tekCode = KeyContent.TEK.ordinal();
        for (int i = 0; i < count; i++) {
            int m = i * 5;
            int c = meta[m + 2];
            b.header(i, meta[m], meta[m + 1], CONTENTS[c], c == tekCode ? tekLifetime : lifetime, meta[m + 3], meta[m + 4]);
            blockOff[i] = b.ciphertextOffset(i);
        }
        byte[] block = b.array();
        wrap(provider, stats, block, blockOff);
        count = 0;
        return b.build(tail);
    }

    /** Derives the missing sub-keys, then runs the batch writing job i's output to {@code out[outOffsets[i]..+40)}. */
    private void wrap(CryptoProvider provider, RekeyStats stats, byte[] out, int[] outOffsets) {
        try {
            keks.resolve(provider, stats);
            KeyWrapBatch batch = new KeyWrapBatch(count, keks.array(), jobKekOff, len32, inputs, inOff, len32, out,
                    outOffsets, outLengths, status);
            long t0 = System.nanoTime();
            try {
                provider.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, batch);
            } finally {
                stats.wrapNanos += System.nanoTime() - t0;
            }
        } catch (InvalidInputException e) {
            throw new IllegalStateException("engine built an invalid wrap batch", e);
        } finally {
            keks.clear();
            Arrays.fill(inputs, 0, count * K, (byte) 0);
        }
        stats.wraps += count;
        stats.wrapBatches++;
    }

    /**
     * Runs every job in one {@code wrapBatch} call and appends one SYMMETRIC entry per job to
     * {@code out}, in job order.
     */
    void run(CryptoProvider provider, RekeyStats stats, long lifetime, long tekLifetime, List<KeyEntry> out) {
        if (count == 0) {
            return;
        }
        ensureLayout(count);
        if (outputs.length < count * OUT) {
            outputs = new byte[outOff.length * OUT];
        }
        wrap(provider, stats, outputs, outOff);
        KeyContent[] contents = CONTENTS;
        for (int i = 0; i < count; i++) {
            int m = i * 5;
            KeyContent c = contents[meta[m + 2]];
            out.add(KeyEntry.symmetric(new KeyRef(meta[m], meta[m + 1]), c,
                    c == KeyContent.TEK ? tekLifetime : lifetime, new KeyRef(meta[m + 3], meta[m + 4]),
                    Arrays.copyOfRange(outputs, i * OUT, i * OUT + OUT)));
        }
        count = 0;
    }
}
