package org.gkm.crypto.openssl;

import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.util.Objects;
import org.gkm.crypto.InvalidCiphertextException;

/**
 * AES-GCM with an explicit nonce for {@link OpenSslProvider}: one critical downcall into libgkm_native
 * per message, the caller's heap arrays passed in place.
 */
final class OpenSslAead {
    private static final int TAG = 16;

    private OpenSslAead() {}


    static byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        ready();
        checkAesKey(key);
        checkNonce(nonce);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("plaintext too long");
        }
        // One downcall (libgkm_native: EVP GCM, or CRYPTO_gcm128 for nonces over EVP's 128 bytes)
        // instead of the nine EVP calls a message takes from Java.
        byte[] out = new byte[plaintext.length + TAG];
        int rc = GkmNative.gkm_gcm_seal(key, nonce, aad, plaintext, plaintext.length, out);
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM seal failed: native code " + rc);
        }
        return out;
    }

    static byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
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
        int rc = GkmNative.gkm_gcm_open(key, nonce, aad, ciphertextAndTag, ciphertextAndTag.length, out);
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
