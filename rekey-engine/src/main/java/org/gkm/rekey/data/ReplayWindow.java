package org.gkm.rekey.data;

/**
 * One sender stream's anti-replay window (RFC 4303 sec. 3.4.3): the highest sequence number accepted and a
 * 64-bit bitmap of which of the {@value #SIZE} numbers up to it were accepted. {@link #check} never
 * changes the window; the receiver calls {@link #accept} only after the packet authenticated, so a
 * forged packet cannot move the window. Not thread-safe (the receiver locks).
 */
final class ReplayWindow {
    /** Window width in sequence numbers. */
    static final int SIZE = 64;

    /** Highest accepted sequence number, 0 before the first. */
    private long highest;
    /** Bit i set: sequence (highest - i) was accepted. */
    private long bitmap;

    /** Throws if {@code seq} (>= 1) is a replay or left of the window. */
    void check(long seq) throws ReplayedPacketException, StalePacketException {
        if (seq > highest) {
            return;
        }
        long offset = highest - seq;
        if (offset >= SIZE) {
            throw new StalePacketException("sequence number " + seq + " is left of the replay window (highest " + highest + ")");
        }
        if ((bitmap & (1L << offset)) != 0) {
            throw new ReplayedPacketException("sequence number " + seq + " was already received");
        }
    }

    /** Marks {@code seq} accepted; the caller checked it first. */
    void accept(long seq) {
        if (seq > highest) {
            long shift = seq - highest;
            bitmap = shift >= SIZE ? 1L : (bitmap << shift) | 1L;
            highest = seq;
        } else {
            bitmap |= 1L << (highest - seq);
        }
    }

    long highest() {
        return highest;
    }

    long bitmap() {
        return bitmap;
    }
}
