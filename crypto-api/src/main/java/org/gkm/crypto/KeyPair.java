package org.gkm.crypto;

import java.util.Objects;

/** A private key and its public key, of the same {@link KeyType}. */
public record KeyPair(PrivateKey privateKey, PublicKey publicKey) {
    public KeyPair {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        if (privateKey.type() != publicKey.type()) {
            throw new IllegalArgumentException("key types differ: " + privateKey.type() + " vs " + publicKey.type());
        }
    }

    public KeyType type() {
        return publicKey.type();
    }
}
