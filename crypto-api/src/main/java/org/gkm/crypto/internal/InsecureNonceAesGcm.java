package org.gkm.crypto.internal;

import java.util.Objects;
import java.util.function.Function;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.KeyMaterial;

/**
 * AES-GCM with a caller-chosen nonce: for protocols that derive their nonces (HPKE, the
 * counter-nonce keys of {@link org.gkm.crypto.NonceSequenceAead}), known-answer, conformance and
 * differential tests, and benchmarks. Insecure as an API: reusing a (key, nonce) pair destroys
 * confidentiality and authenticity, so this package is not for applications (not exported once
 * the modules are). Applications use {@link org.gkm.crypto.Aead} (random nonces drawn by the
 * library) or {@link org.gkm.crypto.NonceSequenceAead} (numbered messages under per-sender keys).
 * Keys of 16, 24 or 32 bytes, nonces of 1..1024 bytes, 16-byte tags; the same validation on every
 * provider.
 */
public final class InsecureNonceAesGcm {
    public static final int TAG_LENGTH = 16;

    private static volatile Function<CryptoProvider, InsecureNonceAesGcm> providerAccess;

    private final CryptoSpi spi;

    public InsecureNonceAesGcm(CryptoSpi spi) {
        this.spi = spi;
    }

    /** The caller-nonce GCM of {@code provider} (the instance its HPKE and managed AEADs use). */
    public static InsecureNonceAesGcm of(CryptoProvider provider) {
        Objects.requireNonNull(provider, "provider");
        // An instance exists, so CryptoProvider's class initialiser has registered the access.
        return providerAccess.apply(provider);
    }

    /**
     * Called once, by {@link CryptoProvider}'s class initialiser, to give {@link #of} its
     * package-private field (the JDK's shared-secrets pattern).
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void registerProviderAccess(Function<CryptoProvider, InsecureNonceAesGcm> access) {
        if (providerAccess != null) {
            throw new IllegalStateException("provider access already registered");
        }
        providerAccess = Objects.requireNonNull(access, "access");
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

    /**
     * {@link #seal(byte[], byte[], byte[], byte[])} under a key value, which lets the provider keep
     * its prepared form of the key with it; same checks, same output.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    public byte[] seal(KeyMaterial key, byte[] nonce, byte[] aad, byte[] plaintext)
            throws InvalidKeyException, InvalidInputException {
        check(key.encoded(), nonce);
        if (plaintext.length > Integer.MAX_VALUE - 64) {
            throw new InvalidInputException("plaintext too long");
        }
        return spi.gcmSeal(key, nonce, aad == null ? new byte[0] : aad, plaintext);
    }

    /**
     * {@link #open(byte[], byte[], byte[], byte[])} under a key value; same checks, same output.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    public byte[] open(KeyMaterial key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidKeyException, InvalidInputException, InvalidCiphertextException {
        return open(key, nonce, aad, ciphertextAndTag, 0, ciphertextAndTag.length);
    }

    /**
     * {@link #open(KeyMaterial, byte[], byte[], byte[])} of {@code input[offset, offset+length)},
     * read in place where the provider can (no copy of the ciphertext).
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code input}
     */
    public byte[] open(KeyMaterial key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
            throws InvalidKeyException, InvalidInputException, InvalidCiphertextException {
        Objects.checkFromIndexSize(offset, length, input.length);
        check(key.encoded(), nonce);
        if (length < TAG_LENGTH) {
            throw new InvalidCiphertextException("AES-GCM ciphertext shorter than its 16-byte tag");
        }
        return spi.gcmOpen(key, nonce, aad == null ? new byte[0] : aad, input, offset, length);
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
