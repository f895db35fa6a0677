package org.gkm.crypto;

import org.gkm.crypto.spi.CryptoSpi;

/** HKDF-SHA256 (RFC 5869): extract, expand, and both in one call. Stateless and thread-safe. */
public final class Kdf {
    public static final int HASH_LENGTH = 32;
    /** Largest output of expand: 255 * HashLen. */
    public static final int MAX_OUTPUT = 255 * HASH_LENGTH;
    private static final byte[] EMPTY = new byte[0];

    private final CryptoSpi spi;

    Kdf(CryptoSpi spi) {
        this.spi = spi;
    }

    /** PRK = HMAC-SHA256(salt, ikm); a null or empty salt means HashLen zero bytes. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        return spi.hkdfExtract(salt == null ? EMPTY : salt, ikm);
    }

    /** OKM of {@code length} bytes, 1..8160, from a PRK of at least 32 bytes. */
    public byte[] expand(byte[] prk, byte[] info, int length) throws InvalidInputException {
        if (prk.length < HASH_LENGTH) {
            throw new InvalidInputException("HKDF PRK must be at least 32 bytes, got " + prk.length);
        }
        if (length < 1 || length > MAX_OUTPUT) {
            throw new InvalidInputException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT + ", got " + length);
        }
        return spi.hkdfExpand(prk, info == null ? EMPTY : info, length);
    }

    /** extract then expand. */
    public byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) throws InvalidInputException {
        if (length < 1 || length > MAX_OUTPUT) {
            throw new InvalidInputException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT + ", got " + length);
        }
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            java.util.Arrays.fill(prk, (byte) 0);
        }
    }
}
