package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-call native scratch memory: a confined arena that remembers which of its segments hold
 * secrets (keys, plaintexts, shared secrets) and zeroes them in {@link #close()} before the arena
 * frees them. Used with try-with-resources; never shared between threads or calls.
 */
final class Scratch implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private MemorySegment[] secrets = new MemorySegment[4];
    private int secretCount;

    /** Zero-filled memory for non-secret data. */
    MemorySegment allocate(long size) {
        return arena.allocate(size, 16);
    }

    /** Zero-filled memory that will hold a secret; cleansed on close. */
    MemorySegment secret(long size) {
        MemorySegment s = arena.allocate(size, 16);
        if (secretCount == secrets.length) {
            secrets = java.util.Arrays.copyOf(secrets, secretCount * 2);
        }
        secrets[secretCount++] = s;
        return s;
    }

    /** A native copy of non-secret bytes. */
    MemorySegment copy(byte[] a) {
        MemorySegment s = allocate(a.length);
        MemorySegment.copy(a, 0, s, JAVA_BYTE, 0, a.length);
        return s;
    }

    /** A native copy of secret bytes; cleansed on close. */
    MemorySegment secretCopy(byte[] a) {
        MemorySegment s = secret(a.length);
        MemorySegment.copy(a, 0, s, JAVA_BYTE, 0, a.length);
        return s;
    }

    /** A {@code size_t} cell holding {@code value}. */
    MemorySegment sizeT(long value) {
        MemorySegment s = arena.allocate(JAVA_LONG);
        s.set(JAVA_LONG, 0, value);
        return s;
    }

    /** A pointer cell holding {@code value} (for {@code T **} out-parameters). */
    MemorySegment pointer(MemorySegment value) {
        MemorySegment s = arena.allocate(ADDRESS);
        s.set(ADDRESS, 0, value);
        return s;
    }

    @Override
    public void close() {
        try {
            for (int i = 0; i < secretCount; i++) {
                LibCrypto.OPENSSL_cleanse(secrets[i], secrets[i].byteSize());
            }
        } finally {
            arena.close();
        }
    }
}
