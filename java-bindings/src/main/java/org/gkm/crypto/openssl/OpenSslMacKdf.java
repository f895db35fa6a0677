package org.gkm.crypto.openssl;

import static org.gkm.crypto.openssl.OpenSslSupport.failure;
import static org.gkm.crypto.openssl.OpenSslSupport.nativeError;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.HkdfBatch;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;

/**
 * HMAC-SHA256, HKDF-SHA256 and random bytes for {@link OpenSslProvider}: HMAC and HKDF through
 * libgkm_native (SHA-256 compression states, no allocation per call), random bytes from OpenSSL's
 * RAND_bytes.
 *
 * <p>A MAC key value ({@link KeyMaterial} of a {@code SecretBytes}) is prepared once, on first use:
 * libgkm_native's {@code gkm_hmac_sha256_key} holds the SHA-256 states after the key's ipad and
 * opad blocks (two of the four compressions a short message costs), kept with the key in a
 * {@link NativeResource} (cleansed and freed once, when the key is destroyed and no call uses it,
 * or when it is unreachable). A MAC under it is one critical downcall.
 */
final class OpenSslMacKdf {

    private OpenSslMacKdf() {}

    /** Prepares an HMAC-SHA256 key (any length) in native memory. */
    static final KeyParser<NativeResource> HMAC_KEY = OpenSslMacKdf::prepare;

    private static NativeResource prepare(byte[] key) {
        ready();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
            int rc = GkmNative.gkm_hmac_sha256_key_new(key, slot);
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native HMAC key preparation failed: " + nativeError(rc));
            }
            return new NativeResource(slot.get(ValueLayout.ADDRESS, 0), GkmNative::gkm_hmac_sha256_key_free);
        }
    }

    /** HMAC-SHA256 of {@code message[offset, offset+length)} under the key's prepared form. */
    static byte[] hmacSha256(KeyMaterial key, byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        NativeResource r;
        try {
            r = key.parsed(HMAC_KEY);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC key refused", e); // any length is a valid HMAC key
        }
        byte[] out = new byte[32];
        MemorySegment k = r.acquire();
        try {
            if (GkmNative.gkm_hmac_sha256_prepared(k, message, offset, length, out) != 0) {
                throw failure("HMAC");
            }
        } finally {
            r.release();
        }
        return out;
    }

    /** HKDF-SHA256 extract and expand in one downcall (the PRK never leaves native code). */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        ready();
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        Objects.requireNonNull(info, "info");
        if (length <= 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be in [1, 8160], got " + length);
        }
        byte[] out = new byte[length];
        if (GkmNative.gkm_hkdf_sha256(salt, ikm, info, out) != 0) {
            throw failure("HKDF");
        }
        return out;
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        ready();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        return hmac(key, message);
    }

    static byte[] hmacSha256(byte[] key, byte[] message, int offset, int length) {
        ready();
        Objects.requireNonNull(key, "key");
        Objects.checkFromIndexSize(offset, length, message.length);
        byte[] out = new byte[32];
        // the range is read in place (a heap segment slice crosses the critical downcall as is)
        if (GkmNative.gkm_hmac_sha256(key, message, offset, length, out) != 0) {
            throw failure("HMAC");
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        // libgkm_native hashes on SHA-256 states: OpenSSL 3.0's one-shot HMAC() fetches the
        // algorithm on every call, which for short inputs costs more than the hashing
        // (docs/performance-notes.md#hmac-and-hkdf).
        byte[] out = new byte[32];
        if (GkmNative.gkm_hmac_sha256(key, message, out) != 0) {
            throw failure("HMAC");
        }
        return out;
    }

    static byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        ready();
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        // HKDF-Extract(salt, IKM) = HMAC-SHA256(salt, IKM); an empty salt is HashLen zero bytes
        // (which HMAC would pad to the same block anyway).
        return hmac(salt.length == 0 ? new byte[32] : salt, ikm);
    }

    static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        ready();
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        if (prk.length < 32) {
            throw new IllegalArgumentException("HKDF PRK must be at least 32 bytes, got " + prk.length);
        }
        if (length <= 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be in [1, 8160], got " + length);
        }
        // One downcall into libgkm_native; OpenSSL 3.0's EVP_PKEY HKDF fetches and parses on every
        // call (docs/performance-notes.md#hmac-and-hkdf).
        byte[] out = new byte[length];
        if (GkmNative.gkm_hkdf_sha256_expand(prk, info, out) != 0) {
            throw failure("HKDF expand");
        }
        return out;
    }

    /**
     * Keys per downcall of {@link #hkdfExpandEach}: the call is critical (heap arrays in place), so
     * it holds the GC off for its duration, a fraction of a millisecond at this size.
     */
    private static final int HKDF_CHUNK = 2048;

    /**
     * One downcall per {@value #HKDF_CHUNK} keys into libgkm_native's batch expand: an EVP_MAC
     * context per key costs several times the hashing (docs/performance-notes.md#hmac-and-hkdf).
     */
    static void hkdfExpandEach(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count) {
        ready();
        String bad = HkdfBatch.check(prks, prkOffset, info, out, outOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        final int k = HkdfBatch.KEY_LENGTH;
        for (int done = 0; done < count; ) {
            int n = Math.min(HKDF_CHUNK, count - done);
            int rc = GkmNative.gkm_hkdf_sha256_expand32_batch(n, prks, prkOffset + done * k, info, out, outOffset + done * k);
            if (rc != 0) {
                java.util.Arrays.fill(out, outOffset, outOffset + count * k, (byte) 0); // no partial result
                throw new IllegalStateException("libgkm_native HKDF expand batch failed: " + nativeError(rc));
            }
            done += n;
        }
    }

    private static final int RAND_CHUNK = 4096;

    /**
     * One critical downcall per {@value #RAND_CHUNK} bytes, straight into the caller's array:
     * libgkm_native serves small requests from a per-thread buffer of DRBG output (each RAND_bytes
     * call costs a fork check, a system call, several times a 32-byte generation).
     */
    static void randomBytes(byte[] buf, int off, int len) {
        ready();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(buf, "buf").length);
        for (int done = 0; done < len; ) {
            int n = Math.min(len - done, RAND_CHUNK);
            int rc = GkmNative.gkm_random_bytes(buf, off + done, n);
            if (rc != 0) {
                throw new IllegalStateException("OpenSSL's DRBG failed: " + nativeError(rc));
            }
            done += n;
        }
    }

}
