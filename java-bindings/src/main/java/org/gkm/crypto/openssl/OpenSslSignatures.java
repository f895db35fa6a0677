package org.gkm.crypto.openssl;

import static org.gkm.crypto.openssl.OpenSslSupport.check32;
import static org.gkm.crypto.openssl.OpenSslSupport.checkPoint;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;

/**
 * Ed25519 and ECDSA P-256/SHA-256 for {@link OpenSslProvider}: Ed25519 on libgkm_native's
 * Curve25519 kernels, with a private key expanded once per key value; ECDSA on libgkm_native's
 * P-256 kernels, with keys prepared once per key value ({@link P256Keys}).
 */
final class OpenSslSignatures {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private OpenSslSignatures() {}

    /** Ed25519 keys expanded once (secret scalar, nonce prefix, public key) in libgkm_native. */
    static final KeyParser<NativeResource> ED25519_PRIVATE = OpenSslSignatures::expand;

    private static NativeResource expand(byte[] seed) {
        check32(seed, "Ed25519 private key");
        MemorySegment k = GkmNative.gkm_ed25519_key_new(seed);
        if (k.equals(NULL)) {
            throw new IllegalStateException("libgkm_native could not expand the Ed25519 key");
        }
        return new NativeResource(k, GkmNative::gkm_ed25519_key_free);
    }

    static byte[] ed25519PublicKey(byte[] privateKey) {
        ready();
        return withExpanded(privateKey, h -> {
            byte[] pub = new byte[32];
            int rc = GkmNative.gkm_ed25519_key_public(h, pub);
            if (rc != 0) {
                throw new IllegalStateException("Ed25519 public key failed: " + OpenSslSupport.nativeError(rc));
            }
            return pub;
        });
    }

    static byte[] ed25519Sign(byte[] privateKey, byte[] message) {
        ready();
        Objects.requireNonNull(message, "message");
        return withExpanded(privateKey, h -> ed25519Sign(h, message));
    }

    /** Runs {@code use} on {@code seed} expanded for this call only. */
    private static byte[] withExpanded(byte[] seed, java.util.function.Function<MemorySegment, byte[]> use) {
        NativeResource k = expand(seed);
        try {
            MemorySegment h = k.acquire();
            try {
                return use.apply(h);
            } finally {
                k.release();
            }
        } finally {
            k.destroy();
        }
    }

    static byte[] ed25519Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(message, "message");
        return EvpKeys.with(privateKey, ED25519_PRIVATE, pk -> ed25519Sign(pk, message));
    }

    private static byte[] ed25519Sign(MemorySegment key, byte[] message) {
        byte[] sig = new byte[64];
        int rc = GkmNative.gkm_ed25519_sign(key, message, sig);
        if (rc != 0) {
            throw new IllegalStateException("Ed25519 signing failed: " + OpenSslSupport.nativeError(rc));
        }
        return sig;
    }

    /** Ed25519 public keys decoded once in libgkm_native (a verifier keeps its trusted signers' keys). */
    static final KeyParser<NativeResource> ED25519_PUBLIC = OpenSslSignatures::decode;

    private static NativeResource decode(byte[] pub) {
        check32(pub, "Ed25519 public key");
        MemorySegment k = GkmNative.gkm_ed25519_pub_new(pub);
        if (k.equals(NULL)) {
            throw new IllegalStateException("libgkm_native could not allocate the Ed25519 public key");
        }
        return new NativeResource(k, GkmNative::gkm_ed25519_pub_free);
    }

    /**
     * Ed25519 verification on the Curve25519 kernels, which accept exactly what OpenSSL 3.0's EVP
     * verification accepts. The public key is decoded for this call only; a key value keeps its
     * decoded form ({@link #ED25519_PUBLIC}), which saves the square root of every later call.
     */
    static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        ready();
        check32(publicKey, "Ed25519 public key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != 64) {
            return false;
        }
        return verdict(GkmNative.gkm_ed25519_verify(publicKey, message, signature));
    }

    static boolean ed25519Verify(KeyMaterial publicKey, byte[] message, byte[] signature) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != 64) {
            return false;
        }
        return EvpKeys.with(publicKey, ED25519_PUBLIC,
                key -> verdict(GkmNative.gkm_ed25519_pub_verify(key, message, signature)));
    }

    private static boolean verdict(int rc) {
        if (rc < 0) {
            throw new IllegalStateException("Ed25519 verification failed: " + OpenSslSupport.nativeError(rc));
        }
        return rc == 1;
    }

    static byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        Objects.requireNonNull(message, "message");
        try {
            return EvpKeys.withEncoded(privateScalar, P256Keys.PRIVATE, pk -> ecdsaSign(pk, message));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static byte[] ecdsaP256Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(message, "message");
        return EvpKeys.with(privateKey, P256Keys.PRIVATE, pk -> ecdsaSign(pk, message));
    }

    /** One downcall on the prepared key; r || s comes back directly. */
    private static byte[] ecdsaSign(MemorySegment pk, byte[] message) {
        byte[] sig = new byte[64];
        int rc = GkmNative.gkm_p256_ecdsa_sign(pk, message, sig);
        if (rc != 0) {
            throw new IllegalStateException("ECDSA P-256 signing failed: " + OpenSslSupport.nativeError(rc));
        }
        return sig;
    }

    private static boolean ecdsaVerify(MemorySegment pk, byte[] message, byte[] signatureP1363) {
        int rc = GkmNative.gkm_p256_ecdsa_verify(pk, message, signatureP1363);
        if (rc < 0) {
            throw new IllegalStateException("ECDSA P-256 verification failed: " + OpenSslSupport.nativeError(rc));
        }
        return rc == 1;
    }

    static boolean ecdsaP256Verify(byte[] publicPointUncompressed, byte[] message, byte[] signatureP1363) {
        ready();
        checkPoint(publicPointUncompressed);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signatureP1363, "signature");
        if (signatureP1363.length != 64) {
            return false;
        }
        try {
            return EvpKeys.withEncoded(publicPointUncompressed, P256Keys.PUBLIC,
                    pk -> ecdsaVerify(pk, message, signatureP1363));
        } catch (InvalidKeyException e) {
            return false; // not a point on the curve
        }
    }

    static boolean ecdsaP256Verify(KeyMaterial publicKey, byte[] message, byte[] signatureP1363) {
        ready();
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signatureP1363, "signature");
        if (signatureP1363.length != 64) {
            return false;
        }
        try {
            return EvpKeys.with(publicKey, P256Keys.PUBLIC,
                    pk -> ecdsaVerify(pk, message, signatureP1363));
        } catch (InvalidKeyException e) {
            return false;
        }
    }
}
