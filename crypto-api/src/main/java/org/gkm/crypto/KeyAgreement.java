package org.gkm.crypto;

import org.gkm.crypto.spi.CryptoSpi;

/**
 * Diffie-Hellman key agreement: X25519 (RFC 7748) and P-256 ECDH (SEC1, x coordinate). Public keys
 * are validated when decoded ({@link PublicKey#decode}); an all-zero X25519 shared secret (a low-order
 * public key) is rejected here, as RFC 7748 sec. 6.1 allows and HPKE requires. The output
 * is the raw 32-byte shared secret: feed it to a KDF, never use it as a key directly.
 */
public final class KeyAgreement {
    private final CryptoSpi spi;

    KeyAgreement(CryptoSpi spi) {
        this.spi = spi;
    }

    /**
     * The shared secret of {@code privateKey} and {@code peer}, keys of one type: X25519 (RFC 7748,
     * an all-zero result refused) or P-256 ECDH (the x coordinate of the shared point).
     *
     * @throws InvalidKeyException if the key types differ or are not X25519/P-256, or the shared
     *     secret is all zero
     */
    public byte[] agree(PrivateKey privateKey, PublicKey peer) throws InvalidKeyException {
        if (privateKey.type() != peer.type()) {
            throw new InvalidKeyException("key agreement between different key types: " + privateKey.type() + " and " + peer.type());
        }
        byte[] shared;
        switch (privateKey.type()) {
            case X25519:
                shared = spi.x25519(privateKey.material(), peer.material());
                break;
            case P256:
                // a validated P-256 point never gives the point at infinity; x = 0 is a legal
                // shared secret (Wycheproof ecdh_secp256r1 tcId 3), so no zero check here
                return spi.p256Ecdh(privateKey.material(), peer.material());
            default:
                throw new InvalidKeyException("key agreement needs an X25519 or P-256 key, got " + privateKey.type());
        }
        int acc = 0;
        for (byte b : shared) {
            acc |= b;
        }
        if (acc == 0) {
            throw new InvalidKeyException("shared secret is all zero (low-order public key)");
        }
        return shared;
    }
}
