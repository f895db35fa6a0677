package org.gkm.crypto;

import java.util.Arrays;
import org.gkm.crypto.internal.InsecureNonceAesGcm;

/**
 * What a {@link SealingKey} and an {@link OpeningKey} share: the AEAD, the key
 * {@link NonceSequenceAead} derived for one salt (secret; zeroed by {@link #destroy}), the salt
 * (not secret) and AES-GCM under the nonce of a message number. The halves keep their own
 * destroyed state and the rules on message numbers; this class only runs the cipher.
 */
final class SequenceKey {
    private final AeadAlgorithm alg;
    private final InsecureNonceAesGcm gcm;
    private final byte[] key;
    private final byte[] salt;

    /** Takes ownership of {@code key} and {@code salt} (no copies). */
    SequenceKey(AeadAlgorithm alg, InsecureNonceAesGcm gcm, byte[] key, byte[] salt) {
        this.alg = alg;
        this.gcm = gcm;
        this.key = key;
        this.salt = salt;
    }

    AeadAlgorithm algorithm() {
        return alg;
    }

    /** A copy of the salt. */
    byte[] salt() {
        return salt.clone();
    }

    /** Seals message {@code number}: ciphertext || tag. */
    byte[] seal(long number, byte[] associatedData, byte[] plaintext) throws InvalidInputException {
        try {
            return gcm.seal(key, NonceSequenceAead.nonce(number), associatedData, plaintext);
        } catch (InvalidKeyException e) {
            throw refusedOwnKey(e);
        }
    }

    /** Opens message {@code number} (ciphertext || tag). */
    byte[] open(long number, byte[] associatedData, byte[] ciphertext)
            throws InvalidInputException, InvalidCiphertextException {
        try {
            return gcm.open(key, NonceSequenceAead.nonce(number), associatedData, ciphertext);
        } catch (InvalidKeyException e) {
            throw refusedOwnKey(e);
        }
    }

    /** An independent copy: its own key array, the same salt. */
    SequenceKey copy() {
        return new SequenceKey(alg, gcm, key.clone(), salt);
    }

    /** Zeroes the key. */
    void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    /** The derived key has the AEAD's length by construction, so a refusal is a bug, not bad input. */
    private IllegalStateException refusedOwnKey(InvalidKeyException e) {
        return new IllegalStateException(alg + " refused its own derived key", e);
    }
}
