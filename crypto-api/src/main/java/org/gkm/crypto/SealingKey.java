package org.gkm.crypto;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;

/**
 * The sending half of {@link NonceSequenceAead}: a key derived from a master key and a salt this
 * object drew itself, and the counter of its message numbers. Each {@code seal} takes the next
 * number (1, 2, ... {@link NonceSequenceAead#MAX_MESSAGES}); the counter never moves back or wraps,
 * and no one else holds the key, so no nonce repeats under it. Sealing after the last number throws
 * {@link KeyExhaustedException}; create a new sealing key (new salt) to go on.
 *
 * <p>Thread-safe: concurrent seals get distinct numbers. {@link #destroy()} waits for seals in
 * progress, zeroes the key, and makes later seals throw {@link IllegalStateException}, so nothing
 * is ever sealed under a zeroed key. {@code toString} shows no key.
 */
public final class SealingKey {
    private final SequenceKey key;
    private final AtomicLong next = new AtomicLong(1);
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by {@code lock}: written under the write lock, read under the read lock. */
    private boolean destroyed;

    SealingKey(SequenceKey key) {
        this.key = key;
    }

    /** The AEAD this key is for. */
    public AeadAlgorithm algorithm() {
        return key.algorithm();
    }

    /** The salt (a copy; not secret): the receiver needs it for {@link NonceSequenceAead#openingKey}. */
    public byte[] salt() {
        return key.salt();
    }

    /** The number the next seal will use; {@code MAX_MESSAGES + 1} once every number is used. */
    public long nextNumber() {
        return next.get();
    }

    /**
     * Seals {@code plaintext} as the next message, with associated data that does not depend on
     * the message number. {@code associatedData} may be null (empty).
     */
    public Sealed seal(byte[] plaintext, byte[] associatedData) throws KeyExhaustedException, InvalidInputException {
        return seal(plaintext, n -> associatedData);
    }

    /**
     * Seals {@code plaintext} as the next message; {@code associatedData} is called once with the
     * message's number and returns the associated data to authenticate (e.g. a header carrying the
     * number), or null for none.
     *
     * @throws KeyExhaustedException if every message number is used (nothing sealed)
     * @throws InvalidInputException if the plaintext is too long for one GCM message (no number used)
     */
    public Sealed seal(byte[] plaintext, LongFunction<byte[]> associatedData) throws KeyExhaustedException, InvalidInputException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        if (plaintext.length > Integer.MAX_VALUE - 64) {
            throw new InvalidInputException("plaintext too long");
        }
        lock.readLock().lock();
        try {
            if (destroyed) {
                throw new IllegalStateException("sealing key was destroyed");
            }
            long n = next.getAndUpdate(c -> c > NonceSequenceAead.MAX_MESSAGES ? c : c + 1);
            if (n > NonceSequenceAead.MAX_MESSAGES) {
                throw new KeyExhaustedException("sealing key used all " + NonceSequenceAead.MAX_MESSAGES
                        + " message numbers; create a new one");
            }
            return new Sealed(n, key.seal(n, associatedData.apply(n), plaintext));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Skips ahead: the next seal uses {@code number} if that is above the current next number, else
     * nothing changes. The counter never moves back, so this cannot repeat a nonce; it leaves a gap
     * (or, with {@code MAX_MESSAGES + 1}, retires the key).
     *
     * @throws IllegalArgumentException if {@code number} is outside 1 .. MAX_MESSAGES + 1
     */
    public void advanceTo(long number) {
        if (number < 1 || number > NonceSequenceAead.MAX_MESSAGES + 1) {
            throw new IllegalArgumentException("message number must be 1.." + (NonceSequenceAead.MAX_MESSAGES + 1) + ", got " + number);
        }
        next.accumulateAndGet(number, Math::max);
    }

    /** Zeroes the key after seals in progress finish; later seals throw IllegalStateException. Idempotent. */
    public void destroy() {
        lock.writeLock().lock();
        try {
            destroyed = true;
            key.destroy();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "SealingKey[" + key.algorithm() + ", next=" + next.get() + "]";
    }

    /** One sealed message: its number (which selects the nonce) and ciphertext || 16-byte tag. */
    public static final class Sealed {
        private final long number;
        private final byte[] ciphertext;

        Sealed(long number, byte[] ciphertext) {
            this.number = number;
            this.ciphertext = ciphertext;
        }

        /** The message number: the receiver passes it to {@link OpeningKey#open}. */
        public long number() {
            return number;
        }

        /** ciphertext || tag (the array itself, not a copy: it belongs to the caller). */
        public byte[] ciphertext() {
            return ciphertext;
        }
    }
}
