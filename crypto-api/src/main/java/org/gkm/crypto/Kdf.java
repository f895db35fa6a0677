package org.gkm.crypto;

import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.HkdfBatch;

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

    /**
     * One-block expands of many PRKs in one provider call (with the OpenSSL provider one downcall):
     * for {@code 0 <= i < count}, the 32 bytes at {@code out[outOffset + 32i]} become
     * {@code expand(prk_i, info, 32)} of the 32-byte PRK at {@code prks[prkOffset + 32i]}, the same
     * bytes {@link #expand} gives; nothing else is written, and the PRKs are only read (zeroing them
     * is the caller's business). For deriving the sub-keys of many keys under one label at once.
     *
     * <p>All or nothing: the layout is checked ({@link HkdfBatch#check}) before the provider runs.
     *
     * @param count number of PRKs, 1 to {@link HkdfBatch#MAX_KEYS}; split larger sets
     * @throws InvalidInputException if count is out of range, info is longer than
     *     {@link HkdfBatch#MAX_INFO} bytes, a region lies outside its array, or the two regions
     *     overlap (nothing written)
     * @throws NullPointerException if an array is null
     */
    public void expandEach(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count)
            throws InvalidInputException {
        String bad = HkdfBatch.check(prks, prkOffset, info, out, outOffset, count);
        if (bad != null) {
            throw new InvalidInputException(bad);
        }
        spi.hkdfExpandEach(prks, prkOffset, info, out, outOffset, count);
    }

    /** extract then expand, in one provider call (with the OpenSSL provider one downcall). */
    public byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) throws InvalidInputException {
        if (length < 1 || length > MAX_OUTPUT) {
            throw new InvalidInputException("HKDF-SHA256 output length must be 1.." + MAX_OUTPUT + ", got " + length);
        }
        return spi.hkdf(salt == null ? EMPTY : salt, java.util.Objects.requireNonNull(ikm, "ikm"),
                info == null ? EMPTY : info, length);
    }
}
