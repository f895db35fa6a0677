package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.gkm.crypto.openssl.OpenSslSupport.check32;
import static org.gkm.crypto.openssl.OpenSslSupport.checkPoint;
import static org.gkm.crypto.openssl.OpenSslSupport.failure;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;

/**
 * Ed25519 and ECDSA P-256/SHA-256 for {@link OpenSslProvider}: EVP_DigestSign / EVP_DigestVerify
 * over keys imported once per key value ({@link EvpKeys}).
 */
final class OpenSslSignatures {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private OpenSslSignatures() {}

    static byte[] ed25519PublicKey(byte[] privateKey) {
        return OpenSslKeyAgreement.rawPublicKey(EvpKeys.ED25519_PRIVATE, privateKey, "Ed25519 private key");
    }

    static byte[] ed25519Sign(byte[] privateKey, byte[] message) {
        ready();
        check32(privateKey, "Ed25519 private key");
        Objects.requireNonNull(message, "message");
        try {
            return EvpKeys.withEncoded(privateKey, EvpKeys.ED25519_PRIVATE, pk -> ed25519Sign(pk, message));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static byte[] ed25519Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(message, "message");
        return EvpKeys.with(privateKey, EvpKeys.ED25519_PRIVATE, pk -> ed25519Sign(pk, message));
    }

    private static byte[] ed25519Sign(MemorySegment pk, byte[] message) {
        try (Scratch s = new Scratch()) {
            MemorySegment sig = s.allocate(64);
            if (sign(pk, NULL, s.copy(message), sig) != 64) {
                throw new IllegalStateException("Ed25519 signature has the wrong length");
            }
            return sig.toArray(JAVA_BYTE);
        }
    }

    static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        ready();
        check32(publicKey, "Ed25519 public key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != 64) {
            return false;
        }
        try {
            return EvpKeys.withEncoded(publicKey, EvpKeys.ED25519_PUBLIC, pk -> verify(pk, NULL, message, signature));
        } catch (InvalidKeyException e) {
            return false; // OpenSSL refused the key: nothing verifies under it
        }
    }

    static boolean ed25519Verify(KeyMaterial publicKey, byte[] message, byte[] signature) {
        ready();
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != 64) {
            return false;
        }
        try {
            return EvpKeys.with(publicKey, EvpKeys.ED25519_PUBLIC, pk -> verify(pk, NULL, message, signature));
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    static byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        Objects.requireNonNull(message, "message");
        try {
            return EvpKeys.withEncoded(privateScalar, EvpKeys.P256_PRIVATE, pk -> ecdsaSign(pk, message));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static byte[] ecdsaP256Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(message, "message");
        return EvpKeys.with(privateKey, EvpKeys.P256_PRIVATE, pk -> ecdsaSign(pk, message));
    }

    /** One downcall on a signing context the prepared key keeps; r || s comes back directly. */
    private static byte[] ecdsaSign(MemorySegment pk, byte[] message) {
        byte[] sig = new byte[64];
        int rc = GkmNative.gkm_ecdsa_p256_sign(pk, message, sig);
        if (rc != 0) {
            throw new IllegalStateException("ECDSA P-256 signing failed: " + OpenSslSupport.nativeError(rc));
        }
        return sig;
    }

    private static boolean ecdsaVerify(MemorySegment pk, byte[] message, byte[] signatureP1363) {
        int rc = GkmNative.gkm_ecdsa_p256_verify(pk, message, signatureP1363);
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
            return EvpKeys.withEncoded(publicPointUncompressed, EvpKeys.P256_PUBLIC,
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
            return EvpKeys.with(publicKey, EvpKeys.P256_PUBLIC,
                    pk -> ecdsaVerify(pk, message, signatureP1363));
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /** EVP_DigestSign into {@code sig} (its size is the buffer size); returns the signature length. */
    private static int sign(MemorySegment pk, MemorySegment md, MemorySegment msg, MemorySegment sig) {
        MemorySegment mctx = LibCrypto.EVP_MD_CTX_new();
        if (mctx.equals(NULL)) {
            throw failure("EVP_MD_CTX_new");
        }
        try (Scratch s = new Scratch()) {
            MemorySegment len = s.sizeT(sig.byteSize());
            if (LibCrypto.EVP_DigestSignInit(mctx, NULL, md, NULL, pk) != 1
                    || LibCrypto.EVP_DigestSign(mctx, sig, len, msg, msg.byteSize()) != 1) {
                throw failure("EVP_DigestSign");
            }
            long n = len.get(JAVA_LONG, 0);
            if (n <= 0 || n > sig.byteSize()) {
                throw new IllegalStateException("signature length " + n);
            }
            return (int) n;
        } finally {
            LibCrypto.EVP_MD_CTX_free(mctx); // also frees the EVP_PKEY_CTX DigestSignInit made
        }
    }

    private static boolean verify(MemorySegment pk, MemorySegment md, byte[] message, byte[] signature) {
        MemorySegment mctx = LibCrypto.EVP_MD_CTX_new();
        if (mctx.equals(NULL)) {
            throw failure("EVP_MD_CTX_new");
        }
        try (Scratch s = new Scratch()) {
            if (LibCrypto.EVP_DigestVerifyInit(mctx, NULL, md, NULL, pk) != 1) {
                throw failure("EVP_DigestVerifyInit");
            }
            MemorySegment sig = s.copy(signature);
            int rc = LibCrypto.EVP_DigestVerify(mctx, sig, sig.byteSize(), s.copy(message), message.length);
            if (rc != 1) {
                LibCrypto.ERR_clear_error();
            }
            return rc == 1;
        } finally {
            LibCrypto.EVP_MD_CTX_free(mctx);
        }
    }
}
