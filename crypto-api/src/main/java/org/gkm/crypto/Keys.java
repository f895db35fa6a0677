package org.gkm.crypto;

import org.gkm.crypto.internal.P256;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.X25519Batch;

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

    /**
     * X25519 public keys of a batch of raw private keys, in one provider call (with the OpenSSL
     * provider one downcall for the whole batch; a rekey that refreshes a path's key pairs derives
     * them all at once). For {@code 0 <= i < count}, the 32-byte private key at
     * {@code privateKeys[privateOffset + 32i]} (any 32 bytes: X25519 clamps the scalar) gets its
     * public key written at {@code publicKeys[publicOffset + 32i]}, the same bytes
     * {@link #publicKey} gives for it; nothing else is written, and the private keys are only read
     * (zeroing them afterwards is the caller's business).
     *
     * <p>All or nothing: the layout is checked ({@link X25519Batch#check}) before the provider runs.
     *
     * @param count number of keys, 1 to {@link X25519Batch#MAX_KEYS}; split larger sets
     * @throws InvalidInputException if count is out of range, a region lies outside its array, or
     *     the two regions overlap (nothing written)
     * @throws NullPointerException if an array is null
     */
    public void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count)
            throws InvalidInputException {
        String bad = X25519Batch.check(privateKeys, privateOffset, publicKeys, publicOffset, count);
        if (bad != null) {
            throw new InvalidInputException(bad);
        }
        spi.x25519PublicKeys(privateKeys, privateOffset, publicKeys, publicOffset, count);
    }

    /** A fresh random symmetric key of {@code length} bytes. */
    public SecretBytes generateSymmetric(int length) {
        byte[] b = new byte[length];
        spi.randomBytes(b, 0, length);
        return SecretBytes.adopt(b);
    }
}
