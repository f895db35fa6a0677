package org.gkm.crypto.spi;

import java.util.Objects;

/**
 * The layout of a batch of one-block HKDF-SHA256-Expand calls ({@link CryptoSpi#hkdfExpandEach}):
 * {@code count} 32-byte PRKs packed contiguously at {@code prkOffset}, one {@code info} for all of
 * them, the 32-byte outputs written contiguously at {@code outOffset}. The rules are written once,
 * here: crypto-api's {@link org.gkm.crypto.Kdf#expandEach} turns a violation into an
 * {@link org.gkm.crypto.InvalidInputException} before any provider runs, and the providers repeat
 * the check (defence in depth) as an {@link IllegalArgumentException}, so both providers refuse
 * exactly the same layouts.
 */
public final class HkdfBatch {
    /** Bytes per PRK and per output: one SHA-256 hash length (RFC 5869's smallest PRK, one output block). */
    public static final int KEY_LENGTH = 32;

    /** Largest number of keys in one batch (2 MiB each way); callers with more split them. */
    public static final int MAX_KEYS = 1 << 16;

    /** Largest info (a label and a few ids in practice; bounded so a provider can copy it once). */
    public static final int MAX_INFO = 1024;

    private HkdfBatch() {}

    /**
     * Checks a batch layout: {@code 1 <= count <= MAX_KEYS}, {@code info} at most
     * {@link #MAX_INFO} bytes, both regions ({@code count * 32} bytes at their offsets) inside their
     * arrays, and not overlapping when both are the same array (an overlap would let an output
     * overwrite a PRK not yet read, and the providers would then disagree).
     *
     * @return {@code null} when the layout is valid, else what is wrong (sizes and offsets only,
     *     never key bytes)
     * @throws NullPointerException if an array is null
     */
    public static String check(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count) {
        Objects.requireNonNull(prks, "prks");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(out, "out");
        if (count < 1 || count > MAX_KEYS) {
            return "HKDF batch count must be in [1, " + MAX_KEYS + "], got " + count;
        }
        if (info.length > MAX_INFO) {
            return "HKDF batch info must be at most " + MAX_INFO + " bytes, got " + info.length;
        }
        long length = (long) count * KEY_LENGTH;
        if (prkOffset < 0 || prkOffset > prks.length - length) {
            return "HKDF batch PRK region [" + prkOffset + ", +" + length + ") outside its array of " + prks.length
                    + " bytes";
        }
        if (outOffset < 0 || outOffset > out.length - length) {
            return "HKDF batch output region [" + outOffset + ", +" + length + ") outside its array of " + out.length
                    + " bytes";
        }
        if (prks == out && prkOffset < outOffset + length && outOffset < prkOffset + length) {
            return "HKDF batch output region overlaps the PRK region";
        }
        return null;
    }
}
