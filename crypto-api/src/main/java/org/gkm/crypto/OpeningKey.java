package org.gkm.crypto;

import java.util.Objects;

/**
 * The receiving half of {@link NonceSequenceAead}: opens the messages of the one {@link SealingKey}
 * that drew this key's salt. It cannot seal, so choosing the message number here cannot cause a
 * nonce to be reused. Replay detection (the same number twice) is the caller's: this key only
 * authenticates.
 *
 * <p>{@link #open} is thread-safe. {@link #destroy()} zeroes the key; an open running at the same
 * time may then fail authentication (never accept a wrong message), so a holder that destroys keys
 * other threads use gives each thread a {@link #copy()}. {@code toString} shows no key.
 */
public final class OpeningKey {
    private final SequenceKey key;
    private volatile boolean destroyed;

    OpeningKey(SequenceKey key) {
        this.key = key;
    }

    /** The AEAD this key is for. */
    public AeadAlgorithm algorithm() {
        return key.algorithm();
    }

    /** The salt this key was derived with (a copy; not secret). */
    public byte[] salt() {
        return key.salt();
    }

    /**
     * Opens message {@code number}: ciphertext || tag as sealed, with the same associated data (null
     * means empty).
     *
     * @throws InvalidInputException if {@code number} is outside 1 .. MAX_MESSAGES
     * @throws InvalidCiphertextException if the message does not authenticate (wrong number, data,
     *     salt, context or key, or shorter than the tag)
     * @throws IllegalStateException if this key was destroyed
     */
    public byte[] open(long number, byte[] ciphertext, byte[] associatedData)
            throws InvalidInputException, InvalidCiphertextException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (number < 1 || number > NonceSequenceAead.MAX_MESSAGES) {
            throw new InvalidInputException("message number must be 1.." + NonceSequenceAead.MAX_MESSAGES + ", got " + number);
        }
        if (destroyed) {
            throw new IllegalStateException("opening key was destroyed");
        }
        return key.open(number, associatedData, ciphertext);
    }

    /** An independent copy (its own key array), e.g. for a thread that opens outside its owner's lock. */
    public OpeningKey copy() {
        if (destroyed) {
            throw new IllegalStateException("opening key was destroyed");
        }
        return new OpeningKey(key.copy());
    }

    /** Zeroes the key; later opens throw IllegalStateException. Idempotent. */
    public void destroy() {
        destroyed = true;
        key.destroy();
    }

    @Override
    public String toString() {
        return "OpeningKey[" + key.algorithm() + "]";
    }
}
