package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SignatureAlgorithm;

/**
 * A private signature key with its algorithm: Ed25519 or ECDSA P-256/SHA-256 (DER signatures, as in
 * X.509). Never printed.
 */
public record SigningKey(PrivateKey privateKey, SignatureAlgorithm algorithm) {
    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(algorithm, "algorithm");
        if (algorithm == SignatureAlgorithm.ECDSA_P256_SHA256_P1363) {
            throw new IllegalArgumentException("gkmp uses DER ECDSA signatures");
        }
        if (privateKey.type() != algorithm.keyType()) {
            throw new IllegalArgumentException("key type does not match " + algorithm);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + "]";
    }
}
