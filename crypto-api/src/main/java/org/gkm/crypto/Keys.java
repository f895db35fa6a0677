package org.gkm.crypto;

import org.gkm.crypto.internal.P256;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * Key generation from the provider's CSPRNG, and public keys of private keys. Decoding is on
 * {@link PublicKey#decode} and {@link PrivateKey#decode}, which need no provider.
 */
public final class Keys {
    private final CryptoSpi spi;

    Keys(CryptoSpi spi) {
        this.spi = spi;
    }

    /** A fresh key pair of {@code type}. */
    public KeyPair generate(KeyType type) {
        if (type.isRsa()) {
            byte[][] der = spi.rsaGenerate(type.rsaBits());
            return new KeyPair(PrivateKey.adopt(type, der[0]), PublicKey.trusted(type, der[1]));
        }
        byte[] priv = new byte[32];
        do {
            spi.randomBytes(priv, 0, 32);
        } while (type == KeyType.P256 && !P256.isValidScalar(priv));
        PrivateKey sk = PrivateKey.adopt(type, priv);
        try {
            return new KeyPair(sk, publicKey(sk));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("fresh key rejected", e);
        }
    }

    /** The public key of {@code key}. */
    public PublicKey publicKey(PrivateKey key) throws InvalidKeyException {
        byte[] k = key.array();
        switch (key.type()) {
            case X25519:
                return PublicKey.trusted(KeyType.X25519, spi.x25519PublicKey(k));
            case ED25519:
                return PublicKey.trusted(KeyType.ED25519, spi.ed25519PublicKey(k));
            case P256:
                return PublicKey.trusted(KeyType.P256, spi.p256PublicKey(k));
            default:
                return PublicKey.trusted(key.type(), spi.rsaPublicKey(k));
        }
    }

    /** A fresh random symmetric key of {@code length} bytes. */
    public SecretBytes generateSymmetric(int length) {
        byte[] b = new byte[length];
        spi.randomBytes(b, 0, length);
        return SecretBytes.adopt(b);
    }
}
