package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;

/** A public signature key with its algorithm (Ed25519 or ECDSA P-256/SHA-256, DER signatures). */
public record VerifyingKey(PublicKey publicKey, SignatureAlgorithm algorithm) {
    public VerifyingKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(algorithm, "algorithm");
        if (publicKey.type() != algorithm.keyType() || algorithm == SignatureAlgorithm.ECDSA_P256_SHA256_P1363) {
            throw new IllegalArgumentException("key type does not match " + algorithm);
        }
    }
}
