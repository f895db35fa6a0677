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
 * <p>KEKs in place: after {@link #reset(byte[])} with the tree's key array, a job whose KEK is in
 * that array only records its offset and the batch reads the KEK there (a large batch's KEKs are
 * the children's keys, scattered over the whole tree: copying them cost a cache miss each in Java).
 * The first job with a KEK elsewhere (the TEK, a member's fresh key) turns the list back to copied
 * KEKs, so one batch always has one KEK array.
 */
final class WrapJobs {
    private static final int K = KeyTree.KEY;
    private static final int OUT = 40;
    private static final KeyContent[] CONTENTS = KeyContent.values();

    private int count;
    /** When non-null, every job's KEK is in this array at {@code jobKekOff[i]} (not copied). */
    private byte[] kekSource;
    private int[] jobKekOff;
    private byte[] keks;
    private byte[] inputs;
    private int[] meta; // per job: targetNode, targetGen, content, encNode, encGen

    // run() layout arrays, kept between rekeys (a GCKS reuses one WrapJobs): offsets never change
    private int[] kekOff = new int[0];
    private int[] inOff = new int[0];
    private int[] outOff = new int[0];
    private int[] len32 = new int[0];
    private int[] outLengths = new int[0];
    private byte[] outputs = new byte[0];
    private byte[] status = new byte[0];
    private int[] blockOff = new int[0];

    /** Forgets jobs left by a failed run; KEKs are copied. */
    void reset() {
        count = 0;
        kekSource = null;
    }

    /** As {@link #reset()}, and KEKs found in {@code source} are read in place. */
    void reset(byte[] source) {
        count = 0;
        kekSource = source;
    }

    private void ensureLayout(int n) {
        if (kekOff.length >= n) {
            return;
        }
        int cap = Math.max(n, kekOff.length + (kekOff.length >>> 1));
        kekOff = new int[cap];
        inOff = new int[cap];
        outOff = new int[cap];
        len32 = new int[cap];
        for (int i = 0; i < cap; i++) {
            kekOff[i] = i * K;
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
        keks = new byte[n * K];
        inputs = new byte[n * K];
        meta = new int[n * 5];
        jobKekOff = new int[n];
    }

    int count() {
        return count;
    }

    /** Adds a job wrapping {@code input[inOff..+32)} under {@code kek[kekOff..+32)}. */
    void add(byte[] kek, int kekOff, byte[] input, int inOff, int targetNode, int targetGen, KeyContent content,
            int encNode, int encGen) {
        if (count * K == keks.length) {
            int n = count + Math.max(16, count >>> 1);
            keks = Arrays.copyOf(keks, n * K);
            inputs = Arrays.copyOf(inputs, n * K);
            meta = Arrays.copyOf(meta, n * 5);
            jobKekOff = Arrays.copyOf(jobKekOff, n);
        }
        if (kekSource != null && kek != kekSource) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(kekSource, jobKekOff[i], keks, i * K, K);
            }
            kekSource = null;
        }
        if (kekSource != null) {
            jobKekOff[count] = kekOff;
        } else {
            System.arraycopy(kek, kekOff, keks, count * K, K);
        }
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
        KeyWrapBatch batch = new KeyWrapBatch(count, kekSource != null ? kekSource : keks,
                kekSource != null ? jobKekOff : kekOff, len32, inputs, inOff, len32, block, blockOff, outLengths, status);
        wrap(provider, stats, batch);
        count = 0;
        kekSource = null;
        return b.build(tail);
    }

    private void wrap(CryptoProvider provider, RekeyStats stats, KeyWrapBatch batch) {
        long t0 = System.nanoTime();
        try {
            provider.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, batch);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("engine built an invalid wrap batch", e);
        } finally {
            stats.wrapNanos += System.nanoTime() - t0;
            if (kekSource == null) {
                Arrays.fill(keks, 0, count * K, (byte) 0); // copies; KEKs read in place are the tree's own
            }
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
        KeyWrapBatch batch = new KeyWrapBatch(count, kekSource != null ? kekSource : keks,
                kekSource != null ? jobKekOff : kekOff, len32, inputs, inOff, len32, outputs, outOff, outLengths, status);
        wrap(provider, stats, batch);
        KeyContent[] contents = CONTENTS;
        for (int i = 0; i < count; i++) {
            int m = i * 5;
            KeyContent c = contents[meta[m + 2]];
            out.add(KeyEntry.symmetric(new KeyRef(meta[m], meta[m + 1]), c,
                    c == KeyContent.TEK ? tekLifetime : lifetime, new KeyRef(meta[m + 3], meta[m + 4]),
                    Arrays.copyOfRange(outputs, i * OUT, i * OUT + OUT)));
        }
        count = 0;
        kekSource = null;
    }
}
