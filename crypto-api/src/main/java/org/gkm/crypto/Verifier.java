package org.gkm.crypto;

import org.gkm.crypto.internal.P256;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.EcdsaDer;

/**
 * Signature verification; returns normally only for a valid signature and throws
 * {@link InvalidSignatureException} otherwise, so a result cannot be ignored (as Tink's verify).
 * ECDSA signatures must be strict DER or exactly 64-byte r||s with r, s in [1, n-1]; Ed25519
 * signatures exactly 64 bytes with s &lt; L (checked by the provider).
 */
public final class Verifier {
    private final CryptoSpi spi;

    Verifier(CryptoSpi spi) {
        this.spi = spi;
    }

    public void verify(SignatureAlgorithm alg, PublicKey key, byte[] message, byte[] signature)
            throws InvalidSignatureException, InvalidKeyException {
        if (key.type() != alg.keyType()) {
            throw new InvalidKeyException(alg + " needs a " + alg.keyType() + " key, got " + key.type());
        }
        boolean ok;
        switch (alg) {
            case ED25519:
                if (signature.length != 64) {
                    throw new InvalidSignatureException("Ed25519 signature must be 64 bytes, got " + signature.length);
                }
                ok = spi.ed25519Verify(key.material(), message, signature);
                break;
            case ECDSA_P256_SHA256_P1363:
                if (signature.length != 64) {
                    throw new InvalidSignatureException("P1363 ECDSA P-256 signature must be 64 bytes, got " + signature.length);
                }
                ok = verifyEcdsa(key, message, signature);
                break;
            case ECDSA_P256_SHA256_DER:
                ok = verifyEcdsa(key, message, EcdsaDer.derToP1363(signature));
                break;
            default:
                throw new IllegalStateException("unhandled " + alg);
        }
        if (!ok) {
            throw new InvalidSignatureException(alg + " signature does not verify");
        }
    }

    private boolean verifyEcdsa(PublicKey key, byte[] message, byte[] rs) throws InvalidSignatureException, InvalidKeyException {
        if (!P256.isValidSignatureRange(rs)) {
            throw new InvalidSignatureException("ECDSA signature r or s not in [1, n-1]");
        }
        return spi.ecdsaP256Verify(key.material(), message, rs);
    }
}
