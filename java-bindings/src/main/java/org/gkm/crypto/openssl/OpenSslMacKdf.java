package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.gkm.crypto.openssl.OpenSslSupport.failure;
import static org.gkm.crypto.openssl.OpenSslSupport.nativeError;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.gkm.crypto.spi.HkdfBatch;

/**
 * HMAC-SHA256, HKDF-SHA256 and random bytes for {@link OpenSslProvider}: HMAC and HKDF through
 * libgkm_native's SHA-256 HMAC template, random bytes from OpenSSL's RAND_bytes.
 */
final class OpenSslMacKdf {

    private OpenSslMacKdf() {}


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
        // libgkm_native keeps a SHA-256-bound HMAC template: OpenSSL 3.0's one-shot HMAC() fetches
        // the algorithm on every call, which for short inputs costs more than the hashing
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
        // One downcall over libgkm_native's HMAC template; OpenSSL 3.0's EVP_PKEY HKDF fetches and
        // parses on every call (docs/performance-notes.md#hmac-and-hkdf).
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
     * One downcall per {@value #HKDF_CHUNK} keys into libgkm_native's batch expand, which writes
     * HMAC out over one reused SHA-256 context: an EVP_MAC context per key (what {@link #hkdfExpand}
     * duplicates) costs several times the hashing (docs/performance-notes.md#hmac-and-hkdf).
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

    static void randomBytes(byte[] buf, int off, int len) {
        ready();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(buf, "buf").length);
        if (len == 0) {
            return;
        }
        try (Scratch s = new Scratch()) {
            MemorySegment tmp = s.secret(Math.min(len, RAND_CHUNK));
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, RAND_CHUNK);
                if (LibCrypto.RAND_bytes(tmp, n) != 1) {
                    throw failure("RAND_bytes");
                }
                MemorySegment.copy(tmp, JAVA_BYTE, 0, buf, off + done, n);
                done += n;
            }
        }
    }

}
