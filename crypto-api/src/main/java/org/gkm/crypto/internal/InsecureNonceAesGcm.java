package org.gkm.crypto.internal;

import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * AES-GCM with a caller-chosen nonce: for protocols that derive their nonces (HPKE), known-answer
 * and differential tests. Insecure as an API: reusing a (key, nonce) pair destroys confidentiality
 * and authenticity. Applications use {@link org.gkm.crypto.Aead}, which draws nonces itself.
 * Keys of 16, 24 or 32 bytes, nonces of 1 or more bytes, 16-byte tags.
 */
public final class InsecureNonceAesGcm {
    public static final int TAG_LENGTH = 16;

    private final CryptoSpi spi;

    public InsecureNonceAesGcm(CryptoSpi spi) {
        this.spi = spi;
    }

    /** Returns ciphertext || tag. */
    public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) throws InvalidKeyException, InvalidInputException {
        check(key, nonce);
        if (plaintext.length > Integer.MAX_VALUE - 64) {
            throw new InvalidInputException("plaintext too long");
        }
        return spi.gcmSeal(key, nonce, aad == null ? new byte[0] : aad, plaintext);
    }

    /** Opens ciphertext || tag. */
    public byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidKeyException, InvalidInputException, InvalidCiphertextException {
        check(key, nonce);
        if (ciphertextAndTag.length < TAG_LENGTH) {
            throw new InvalidCiphertextException("AES-GCM ciphertext shorter than its 16-byte tag");
        }
        return spi.gcmOpen(key, nonce, aad == null ? new byte[0] : aad, ciphertextAndTag);
    }

    private static void check(byte[] key, byte[] nonce) throws InvalidKeyException, InvalidInputException {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new InvalidKeyException("AES-GCM key must be 16, 24 or 32 bytes, got " + key.length);
        }
        if (nonce.length < 1 || nonce.length > 1024) {
            throw new InvalidInputException("AES-GCM nonce must be 1..1024 bytes, got " + nonce.length);
        }
    }
}
