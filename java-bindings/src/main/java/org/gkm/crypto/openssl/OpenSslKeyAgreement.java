package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.gkm.crypto.openssl.OpenSslSupport.check32;
import static org.gkm.crypto.openssl.OpenSslSupport.checkPoint;
import static org.gkm.crypto.openssl.OpenSslSupport.nativeError;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.X25519Batch;

/**
 * X25519 and P-256 ECDH, and their public keys, for {@link OpenSslProvider}: X25519 on
 * libgkm_native's Curve25519 kernels; P-256 ECDH on libgkm_native's P-256 kernels with keys
 * prepared once per key value ({@link P256Keys}); P-256 public keys from the same kernels'
 * fixed-base multiplication.
 */
final class OpenSslKeyAgreement {
    private OpenSslKeyAgreement() {}

    /**
     * X25519 on libgkm_native's Curve25519 kernels (s2n-bignum; EVP where the CPU lacks them). No
     * key is imported: the scalar multiplication takes the raw bytes, so key values keep no
     * parsed form for X25519. A small-order peer gives all zeros, which crypto-api rejects.
     */
    static byte[] x25519(byte[] privateKey, byte[] publicKey) {
        ready();
        check32(privateKey, "X25519 private key");
        check32(publicKey, "X25519 public key");
        byte[] out = new byte[32];
        int rc = GkmNative.gkm_x25519(out, privateKey, publicKey);
        if (rc != 0) {
            throw new IllegalStateException("X25519 failed: " + nativeError(rc));
        }
        return out;
    }

    static byte[] x25519(KeyMaterial privateKey, KeyMaterial publicKey) {
        return x25519(privateKey.encoded(), publicKey.encoded());
    }

    static byte[] p256Ecdh(byte[] privateScalar, byte[] publicPointUncompressed) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        checkPoint(publicPointUncompressed);
        try {
            return EvpKeys.withEncoded(privateScalar, P256Keys.PRIVATE,
                    pk -> EvpKeys.withEncoded(publicPointUncompressed, P256Keys.PUBLIC, peer -> derive(pk, peer)));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static byte[] p256Ecdh(KeyMaterial privateKey, KeyMaterial publicKey) throws InvalidKeyException {
        ready();
        return EvpKeys.with(privateKey, P256Keys.PRIVATE,
                pk -> EvpKeys.with(publicKey, P256Keys.PUBLIC, peer -> derive(pk, peer)));
    }

    /**
     * The P-256 ECDH secret of two prepared keys (one downcall). No peer re-validation: preparing
     * the public key refused off-curve points, and P-256 has cofactor 1, so a full check (n*Q == O)
     * would be another scalar multiplication for nothing.
     */
    private static byte[] derive(MemorySegment pk, MemorySegment peer) {
        byte[] out = new byte[32];
        int rc = GkmNative.gkm_p256_ecdh(pk, peer, out);
        if (rc != 0) {
            throw new IllegalStateException("P-256 ECDH failed: " + nativeError(rc));
        }
        return out;
    }

    /** X25519(k, 9) on the Curve25519 kernels' fixed-base path. */
    static byte[] x25519PublicKey(byte[] privateKey) {
        ready();
        check32(privateKey, "X25519 private key");
        byte[] out = new byte[32];
        int rc = GkmNative.gkm_x25519_base(out, privateKey);
        if (rc != 0) {
            throw new IllegalStateException("X25519 public key failed: " + nativeError(rc));
        }
        return out;
    }

    /**
     * One downcall for the whole batch (gkm_x25519_public_batch). The private keys are staged in one
     * native segment that is cleansed before the arena closes; the public keys come back through
     * another.
     */
    static void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        ready();
        String bad = X25519Batch.check(privateKeys, privateOffset, publicKeys, publicOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        int length = count * X25519Batch.KEY_LENGTH; // <= 2^21: checked above
        try (Scratch s = new Scratch()) {
            MemorySegment priv = s.secret(length);
            MemorySegment.copy(privateKeys, privateOffset, priv, JAVA_BYTE, 0, length);
            MemorySegment pub = s.allocate(length);
            int rc = GkmNative.gkm_x25519_public_batch(count, priv, pub);
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native X25519 public key batch failed: " + nativeError(rc));
            }
            MemorySegment.copy(pub, JAVA_BYTE, 0, publicKeys, publicOffset, length);
        }
    }

    /** P-256 public key d*G as a 65-byte uncompressed point. */
    static byte[] p256PublicKey(byte[] privateScalar) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        byte[] out = new byte[65];
        try (Scratch s = new Scratch()) {
            MemorySegment d = s.secretCopy(privateScalar);
            MemorySegment pub = s.allocate(65);
            int rc = GkmNative.gkm_p256_public_key(d, pub);
            if (rc != 0) {
                throw new IllegalArgumentException("P-256 private scalar rejected: " + nativeError(rc));
            }
            MemorySegment.copy(pub, JAVA_BYTE, 0, out, 0, 65);
        }
        return out;
    }
}
