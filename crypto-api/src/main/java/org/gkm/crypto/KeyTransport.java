package org.gkm.crypto;

import org.gkm.crypto.spi.CryptoSpi;

/**
 * RSA-OAEP key transport with SHA-256 and MGF1-SHA-256 (RFC 8017 sec. 7.1), 2048 and 3072-bit keys,
 * optional label (null means empty). Encryption is randomized; every decryption failure is the same
 * {@link InvalidCiphertextException}, whatever went wrong (Manger's attack).
 */
public final class KeyTransport {
    private static final byte[] EMPTY = new byte[0];
    private final CryptoSpi spi;

    KeyTransport(CryptoSpi spi) {
        this.spi = spi;
    }

    /** Largest plaintext for a key of this type: k - 2*32 - 2 bytes. */
    public static int maxPlaintextLength(KeyType type) {
        return type.rsaBits() / 8 - 66;
    }

    public byte[] encrypt(PublicKey key, byte[] plaintext, byte[] label) throws InvalidKeyException, InvalidInputException {
        requireRsa(key.type());
        if (plaintext.length > maxPlaintextLength(key.type())) {
            throw new InvalidInputException("RSA-OAEP plaintext longer than " + maxPlaintextLength(key.type()) + " bytes");
        }
        return spi.rsaOaepEncrypt(key.material(), plaintext, label == null ? EMPTY : label);
    }

    public byte[] decrypt(PrivateKey key, byte[] ciphertext, byte[] label) throws InvalidKeyException, InvalidCiphertextException {
        requireRsa(key.type());
        if (ciphertext.length != key.type().rsaBits() / 8) {
            throw new InvalidCiphertextException("RSA-OAEP ciphertext must be " + key.type().rsaBits() / 8 + " bytes, got " + ciphertext.length);
        }
        return spi.rsaOaepDecrypt(key.material(), ciphertext, label == null ? EMPTY : label);
    }

    private static void requireRsa(KeyType type) throws InvalidKeyException {
        if (!type.isRsa()) {
            throw new InvalidKeyException("RSA-OAEP needs an RSA key, got " + type);
        }
    }
}
