package org.gkm.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * HMAC-SHA256 (RFC 2104) with constant-time verification. Verification throws rather than returning
 * false, so a failed check cannot be ignored. Stateless and thread-safe.
 */
public final class Mac {
    public static final int TAG_LENGTH = 32;
    /** Shortest truncated tag {@link #verifyTruncated} accepts: half the output (RFC 2104 sec. 5). */
    public static final int MIN_TRUNCATED_TAG_LENGTH = 16;

    private final CryptoSpi spi;

    Mac(CryptoSpi spi) {
        this.spi = spi;
    }

    /** The 32-byte tag of {@code message}. */
    public byte[] compute(SecretBytes key, byte[] message) {
        return tag(key, message, 0, message.length);
    }

    /** The 32-byte tag of {@code message[offset, offset+length)}, read in place (no copy of the range). */
    public byte[] compute(SecretBytes key, byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        return tag(key, message, offset, length);
    }

    /** Through the key value, so a provider can keep the key's prepared form with it. */
    private byte[] tag(SecretBytes key, byte[] message, int offset, int length) {
        return spi.hmacSha256(key.material(), message, offset, length);
    }

    /** Checks a full 32-byte tag of {@code message[offset, offset+length)} in constant time, reading the range in place. */
    public void verify(SecretBytes key, byte[] message, int offset, int length, byte[] tag) throws InvalidSignatureException {
        Objects.checkFromIndexSize(offset, length, message.length);
        if (tag.length != TAG_LENGTH) {
            throw new InvalidSignatureException("HMAC-SHA256 tag must be 32 bytes, got " + tag.length);
        }
        check(tag(key, message, offset, length), tag);
    }

    /** Checks a full 32-byte tag in constant time. */
    public void verify(SecretBytes key, byte[] message, byte[] tag) throws InvalidSignatureException {
        if (tag.length != TAG_LENGTH) {
            throw new InvalidSignatureException("HMAC-SHA256 tag must be 32 bytes, got " + tag.length);
        }
        check(tag(key, message, 0, message.length), tag);
    }

    /** Checks a tag truncated to its leftmost 16..32 bytes, in constant time. */
    public void verifyTruncated(SecretBytes key, byte[] message, byte[] tag) throws InvalidSignatureException {
        if (tag.length < MIN_TRUNCATED_TAG_LENGTH || tag.length > TAG_LENGTH) {
            throw new InvalidSignatureException("truncated HMAC-SHA256 tag must be 16..32 bytes, got " + tag.length);
        }
        check(tag(key, message, 0, message.length), tag);
    }

    /** Compares the leftmost tag.length bytes of {@code full} with {@code tag} in constant time, then zeroes {@code full}. */
    private static void check(byte[] full, byte[] tag) throws InvalidSignatureException {
        boolean ok = MessageDigest.isEqual(Arrays.copyOf(full, tag.length), tag);
        Arrays.fill(full, (byte) 0);
        if (!ok) {
            throw new InvalidSignatureException("HMAC-SHA256 tag mismatch");
        }
    }
}
