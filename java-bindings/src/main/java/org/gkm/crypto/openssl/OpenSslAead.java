package org.gkm.crypto.openssl;

import static org.gkm.crypto.openssl.OpenSslSupport.nativeError;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;

/**
 * AES-GCM with an explicit nonce for {@link OpenSslProvider}: one critical downcall into libgkm_native
 * per message, the caller's heap arrays passed in place.
 *
 * <p>An AEAD key value ({@link KeyMaterial} of a {@code SecretBytes}) is prepared once, on first use
 * with a 12-byte nonce: libgkm_native's {@code gkm_gcm_key} keeps a copy of the key and a small pool
 * of OpenSSL GCM contexts keyed with it (AES key schedule, GHASH key), held in a {@link
 * NativeResource} (cleansed and freed once, when the key is destroyed and no call uses it, or when
 * it is unreachable). A message under it skips the key set-up. Other nonce lengths take the
 * one-shot path on the key's bytes.
 *
 * <p>Raw key bytes take the one-shot calls, on a {@link GcmPath}: by default libgkm_native's own
 * AES-NI + PCLMULQDQ kernel for 12-byte nonces (its whole key set-up costs less than a provider
 * context's), OpenSSL's GCM otherwise.
 */
final class OpenSslAead {
    private static final int TAG = 16;
    /** The only nonce length the prepared path takes (crypto-api's own nonces). */
    private static final int PREPARED_NONCE = 12;

    private OpenSslAead() {}

    /** Prepares an AES-GCM key (16, 24 or 32 bytes) in native memory. */
    static final KeyParser<NativeResource> GCM_KEY = OpenSslAead::prepare;

    private static NativeResource prepare(byte[] key) throws InvalidKeyException {
        ready();
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new InvalidKeyException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
            int rc = GkmNative.gkm_gcm_key_new(key, slot);
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native AES-GCM key preparation failed: " + nativeError(rc));
            }
            return new NativeResource(slot.get(ValueLayout.ADDRESS, 0), GkmNative::gkm_gcm_key_free);
        }
    }

    /** The key's prepared form; the key's length was checked. */
    private static NativeResource prepared(KeyMaterial key) {
        try {
            return key.parsed(GCM_KEY);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("AES key refused", e); // its length was checked
        }
    }

    /** {@link #gcmSeal(GcmPath, byte[], byte[], byte[], byte[])} under a key value (prepared for 12-byte nonces). */
    static byte[] gcmSeal(KeyMaterial key, byte[] nonce, byte[] aad, byte[] plaintext) {
        byte[] k = key.encoded();
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length != PREPARED_NONCE) {
            return gcmSeal(GcmPath.AUTO, k, nonce, aad, plaintext); // other nonces: the provider on every path
        }
        ready();
        checkAesKey(k);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("plaintext too long");
        }
        NativeResource r = prepared(key);
        byte[] out = new byte[plaintext.length + TAG];
        int rc;
        MemorySegment h = r.acquire();
        try {
            rc = GkmNative.gkm_gcm_key_seal(h, nonce, aad, plaintext, out);
        } finally {
            r.release();
        }
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM seal failed: native code " + rc);
        }
        return out;
    }

    /**
     * {@link #gcmOpen(GcmPath, byte[], byte[], byte[], byte[])} of {@code input[offset, offset+length)}
     * under a key value (prepared for 12-byte nonces, the range then read in place).
     */
    static byte[] gcmOpen(KeyMaterial key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
            throws InvalidCiphertextException {
        byte[] k = key.encoded();
        Objects.requireNonNull(nonce, "nonce");
        Objects.checkFromIndexSize(offset, length, input.length);
        if (nonce.length != PREPARED_NONCE) {
            return gcmOpen(GcmPath.AUTO, k, nonce, aad, offset == 0 && length == input.length
                    ? input : java.util.Arrays.copyOfRange(input, offset, offset + length));
        }
        ready();
        checkAesKey(k);
        Objects.requireNonNull(aad, "aad");
        if (length < TAG) {
            throw new InvalidCiphertextException("AES-GCM ciphertext shorter than the tag");
        }
        NativeResource r = prepared(key);
        byte[] out = new byte[length - TAG];
        int rc;
        MemorySegment h = r.acquire();
        try {
            rc = GkmNative.gkm_gcm_key_open(h, nonce, aad, input, offset, length, out);
        } finally {
            r.release();
        }
        if (rc == 1) {
            throw new InvalidCiphertextException("AES-GCM authentication failed");
        }
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM open failed: native code " + rc);
        }
        return out;
    }

    /** AES-GCM seal under raw key bytes, in one downcall on the given one-shot path. */
    static byte[] gcmSeal(GcmPath path, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        ready();
        checkAesKey(key);
        checkNonce(nonce);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("plaintext too long");
        }
        // One downcall (libgkm_native: its AES-NI kernel for 12-byte nonces where the CPU has it,
        // else OpenSSL's GCM) instead of the nine EVP calls a message takes from Java.
        byte[] out = new byte[plaintext.length + TAG];
        int rc = GkmNative.gkm_gcm_seal_path(path.code, key, nonce, aad, plaintext, plaintext.length, out);
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM seal failed: native code " + rc);
        }
        return out;
    }

    /** AES-GCM open under raw key bytes, in one downcall on the given one-shot path. */
    static byte[] gcmOpen(GcmPath path, byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        ready();
        checkAesKey(key);
        checkNonce(nonce);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        if (ciphertextAndTag.length < TAG) {
            throw new InvalidCiphertextException("AES-GCM ciphertext shorter than the tag");
        }
        byte[] out = new byte[ciphertextAndTag.length - TAG];
        int rc = GkmNative.gkm_gcm_open_path(path.code, key, nonce, aad, ciphertextAndTag, ciphertextAndTag.length,
                out);
        if (rc == 1) {
            throw new InvalidCiphertextException("AES-GCM authentication failed");
        }
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM open failed: native code " + rc);
        }
        return out;
    }


    private static void checkAesKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
    }

    private static void checkNonce(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length < 1) {
            throw new IllegalArgumentException("AES-GCM nonce must not be empty");
        }
    }
}
