package org.gkm.crypto;

import java.util.Objects;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * AES key wrap (RFC 3394 AES-KW) and AES key wrap with padding (RFC 5649 AES-KWP), 128/192/256-bit
 * KEKs, one job at a time or as a flat batch. Deterministic: the same KEK and key data always give
 * the same wrapped key, so a wrapped key authenticates but does not hide equality of key data.
 * Stateless and thread-safe. Every length is checked here, before the provider runs.
 */
public final class KeyWrap {
    private final CryptoSpi spi;

    KeyWrap(CryptoSpi spi) {
        this.spi = spi;
    }

    /** Wraps {@code keyData} under {@code kek}. */
    public byte[] wrap(KeyWrapAlgorithm alg, SecretBytes kek, byte[] keyData) throws InvalidKeyException, InvalidInputException {
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        String bad = alg.checkKeyDataLength(keyData.length);
        if (bad != null) {
            throw new InvalidInputException(bad);
        }
        return spi.keyWrap(alg, kek.array(), keyData);
    }

    /**
     * Unwraps and checks integrity.
     *
     * @throws InvalidCiphertextException if the length is impossible or the integrity check fails
     *     (the message never says which check)
     */
    public byte[] unwrap(KeyWrapAlgorithm alg, SecretBytes kek, byte[] wrapped)
            throws InvalidKeyException, InvalidCiphertextException {
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        String bad = alg.checkWrappedLength(wrapped.length);
        if (bad != null) {
            throw new InvalidCiphertextException(bad);
        }
        return spi.keyUnwrap(alg, kek.array(), wrapped);
    }

    /**
     * Wraps every job of {@code batch} (layout in {@link KeyWrapBatch}); all or nothing: a bad layout
     * is refused before any job runs.
     */
    public void wrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) throws InvalidInputException {
        batch.validate(alg, false);
        spi.keyWrapBatch(alg, batch);
    }

    /**
     * Unwraps every job of {@code batch}; a job that fails its integrity check gets status 1 and a
     * zeroed output, the others status 0.
     *
     * @return the number of failed jobs
     * @throws InvalidInputException if the layout is bad (then nothing ran)
     */
    public int unwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) throws InvalidInputException {
        batch.validate(alg, true);
        return spi.keyUnwrapBatch(alg, batch);
    }

    private static void checkKek(SecretBytes kek) throws InvalidKeyException {
        String bad = KeyWrapAlgorithm.checkKekLength(kek.length());
        if (bad != null) {
            throw new InvalidKeyException(bad);
        }
    }
}
