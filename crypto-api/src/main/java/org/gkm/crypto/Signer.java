package org.gkm.crypto;

import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.EcdsaDer;

/**
 * Signing: Ed25519 (RFC 8032, deterministic) and ECDSA P-256/SHA-256 (randomized by the provider's
 * CSPRNG) with DER or IEEE P1363 output. Stateless and thread-safe.
 */
public final class Signer {
    private final CryptoSpi spi;

    Signer(CryptoSpi spi) {
        this.spi = spi;
    }

    public byte[] sign(SignatureAlgorithm alg, PrivateKey key, byte[] message) throws InvalidKeyException {
        if (key.type() != alg.keyType()) {
            throw new InvalidKeyException(alg + " needs a " + alg.keyType() + " key, got " + key.type());
        }
        switch (alg) {
            case ED25519:
                return spi.ed25519Sign(key.material(), message);
            case ECDSA_P256_SHA256_P1363:
                return spi.ecdsaP256Sign(key.material(), message);
            case ECDSA_P256_SHA256_DER:
                return EcdsaDer.p1363ToDer(spi.ecdsaP256Sign(key.material(), message));
            default:
                throw new IllegalStateException("unhandled " + alg);
        }
    }
}
