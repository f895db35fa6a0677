package org.gkm.crypto;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * AES-128-GCM and AES-256-GCM with nonces managed here: each encryption draws a fresh random
 * 12-byte nonce from the provider's CSPRNG and outputs nonce || ciphertext || 16-byte tag. With
 * random nonces, keep to at most 2^32 encryptions per key (NIST SP 800-38D sec. 8.3). Decryption
 * authenticates the ciphertext and the associated data and reveals nothing on failure beyond the
 * failure itself. Stateless and thread-safe.
 *
 * <p>The key goes to the provider as a key value ({@link SecretBytes} with its prepared forms), so a
 * provider that prepares AES-GCM keys (the OpenSSL provider: a pool of keyed contexts) does so once
 * per key, not once per message; the key's {@link SecretBytes#destroy()} destroys that form too.
 */
public final class Aead {
    /** Bytes added to a plaintext: nonce and tag. */
    public static final int OVERHEAD = AeadAlgorithm.NONCE_LENGTH + AeadAlgorithm.TAG_LENGTH;

    private final CryptoSpi spi;
    private final InsecureNonceAesGcm gcm;

    Aead(CryptoSpi spi, InsecureNonceAesGcm gcm) {
        this.spi = spi;
        this.gcm = gcm;
    }

    /** Encrypts; returns nonce || ciphertext || tag. {@code aad} may be null (empty). */
    public byte[] encrypt(AeadAlgorithm alg, SecretBytes key, byte[] plaintext, byte[] aad)
            throws InvalidKeyException, InvalidInputException {
        checkKey(alg, key);
        byte[] nonce = new byte[AeadAlgorithm.NONCE_LENGTH];
        spi.randomBytes(nonce, 0, nonce.length);
        byte[] sealed = gcm.seal(key.material(), nonce, aad, plaintext);
        byte[] out = new byte[nonce.length + sealed.length];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
        return out;
    }

    /** Decrypts nonce || ciphertext || tag as produced by {@link #encrypt}. */
    public byte[] decrypt(AeadAlgorithm alg, SecretBytes key, byte[] ciphertext, byte[] aad)
            throws InvalidKeyException, InvalidCiphertextException {
        checkKey(alg, key);
        if (ciphertext.length < OVERHEAD) {
            throw new InvalidCiphertextException("AEAD ciphertext shorter than nonce and tag (" + OVERHEAD + " bytes)");
        }
        byte[] nonce = Arrays.copyOf(ciphertext, AeadAlgorithm.NONCE_LENGTH);
        try { // ciphertext and tag opened where they sit, after the nonce
            return gcm.open(key.material(), nonce, aad, ciphertext, AeadAlgorithm.NONCE_LENGTH,
                    ciphertext.length - AeadAlgorithm.NONCE_LENGTH);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("12-byte nonce rejected", e);
        }
    }

    private static void checkKey(AeadAlgorithm alg, SecretBytes key) throws InvalidKeyException {
        Objects.requireNonNull(alg, "alg");
        if (key.length() != alg.keyLength()) {
            throw new InvalidKeyException(alg + " key must be " + alg.keyLength() + " bytes, got " + key.length());
        }
    }
}
