package org.gkm.crypto.spi;

import java.util.Objects;

/**
 * The layout of a batch X25519 public-key derivation ({@link CryptoSpi#x25519PublicKeys}): {@code count}
 * raw 32-byte private keys packed contiguously at {@code privateOffset}, their public keys written
 * contiguously at {@code publicOffset}. The rules are written once, here: crypto-api's
 * {@link org.gkm.crypto.Keys#x25519PublicKeys} turns a violation into an
 * {@link org.gkm.crypto.InvalidInputException} before any provider runs, and the providers repeat the
 * check (defence in depth) as an {@link IllegalArgumentException}, so both providers refuse exactly
 * the same layouts.
 */
public final class X25519Batch {
    /** Bytes per X25519 private or public key. */
    public static final int KEY_LENGTH = 32;

    /**
     * Largest number of keys in one batch (2^16 keys, 2 MiB each way, about 2 s of work on one core): a
     * single call must stay short enough not to look like a hang, and callers with more keys
     * split them (the engine's batches are a few hundred keys at most).
     */
    public static final int MAX_KEYS = 1 << 16;

    private X25519Batch() {}

    /**
     * Checks a batch layout: {@code 1 <= count <= MAX_KEYS}, both regions
     * ({@code count * 32} bytes at their offsets) inside their arrays, and not overlapping when
     * both are the same array (an overlap would let an output overwrite a private key not yet
     * read, and the providers would then disagree).
     *
     * @return {@code null} when the layout is valid, else what is wrong (sizes and offsets only,
     *     never key bytes)
     * @throws NullPointerException if an array is null
     */
    public static String check(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        Objects.requireNonNull(privateKeys, "privateKeys");
        Objects.requireNonNull(publicKeys, "publicKeys");
        if (count < 1 || count > MAX_KEYS) {
            return "X25519 batch count must be in [1, " + MAX_KEYS + "], got " + count;
        }
        long length = (long) count * KEY_LENGTH;
        if (privateOffset < 0 || privateOffset > privateKeys.length - length) {
            return "X25519 batch private key region [" + privateOffset + ", +" + length + ") outside its array of "
                    + privateKeys.length + " bytes";
        }
        if (publicOffset < 0 || publicOffset > publicKeys.length - length) {
            return "X25519 batch public key region [" + publicOffset + ", +" + length + ") outside its array of "
                    + publicKeys.length + " bytes";
        }
        if (privateKeys == publicKeys && privateOffset < publicOffset + length && publicOffset < privateOffset + length) {
            return "X25519 batch public key region overlaps the private key region";
        }
        return null;
    }
}
