package org.gkm.rekey;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The signed digests of the last {@value #WINDOW} rekey messages a member applied, by sequence
 * number: a message with an applied sequence number is a duplicate only if its digest is the one
 * remembered, otherwise a conflict. Bounded: a ring of {@value #WINDOW} slots (2.5 KiB), so an older
 * sequence number is simply stale. Digests are public (a hash of the signed content), compared in
 * constant time anyway. Not thread-safe.
 */
final class SequenceDigests {
    static final int WINDOW = 64;
    private static final int D = 32;
    private final long[] sequences = new long[WINDOW];
    private final byte[] digests = new byte[WINDOW * D];

    SequenceDigests() {
        Arrays.fill(sequences, -1);
    }

    void put(long sequence, byte[] digest) {
        int slot = (int) (sequence % WINDOW);
        sequences[slot] = sequence;
        System.arraycopy(digest, 0, digests, slot * D, D);
    }

    /** Whether {@code sequence} is remembered. */
    boolean has(long sequence) {
        return sequence >= 0 && sequences[(int) (sequence % WINDOW)] == sequence;
    }

    /** Whether {@code sequence} is remembered with exactly {@code digest}. */
    boolean matches(long sequence, byte[] digest) {
        int slot = (int) (sequence % WINDOW);
        return has(sequence) && MessageDigest.isEqual(Arrays.copyOfRange(digests, slot * D, slot * D + D), digest);
    }

    /** Whether any remembered message has {@code digest} (same content, hence same sequence number). */
    boolean containsDigest(byte[] digest) {
        for (int slot = 0; slot < WINDOW; slot++) {
            if (sequences[slot] >= 0 && MessageDigest.isEqual(Arrays.copyOfRange(digests, slot * D, slot * D + D), digest)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets everything (after a resync: the multicast messages up to it were not applied here). */
    void clear() {
        Arrays.fill(sequences, -1);
        Arrays.fill(digests, (byte) 0);
    }
}
