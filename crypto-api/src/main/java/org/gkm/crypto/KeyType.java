package org.gkm.crypto;

/**
 * Asymmetric key types, with the sizes of their canonical encodings.
 *
 * <p>Canonical encodings: X25519 and Ed25519 keys are the raw 32 bytes (RFC 7748, RFC 8032);
 * P-256 private keys are the 32-byte big-endian scalar, public keys the 65-byte uncompressed SEC1
 * point (33-byte compressed points and X.509 SubjectPublicKeyInfo are accepted on decode); RSA
 * private keys are PKCS#8 DER and public keys X.509 SubjectPublicKeyInfo DER. P-256 keys serve both
 * ECDH and ECDSA.
 */
public enum KeyType {
    X25519(0x0020, 32, 32),
    P256(0x0010, 32, 65),
    ED25519(0x0807, 32, 32),
    RSA_2048(0x0102, -1, -1),
    RSA_3072(0x0103, -1, -1);

    private final int code;
    private final int privateKeyLength;
    private final int publicKeyLength;

    KeyType(int code, int privateKeyLength, int publicKeyLength) {
        this.code = code;
        this.privateKeyLength = privateKeyLength;
        this.publicKeyLength = publicKeyLength;
    }

    /** Wire code point (the HPKE KEM id for X25519 and P-256, the TLS scheme id for Ed25519). */
    public int code() {
        return code;
    }

    /** Length of the canonical private key encoding, or -1 when it varies (RSA). */
    public int privateKeyLength() {
        return privateKeyLength;
    }

    /** Length of the canonical public key encoding, or -1 when it varies (RSA). */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    /** RSA modulus size in bits, or 0 for elliptic-curve types. */
    public int rsaBits() {
        return this == RSA_2048 ? 2048 : this == RSA_3072 ? 3072 : 0;
    }

    public boolean isRsa() {
        return rsaBits() != 0;
    }

    public static KeyType fromCode(int code) throws UnsupportedAlgorithmException {
        for (KeyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new UnsupportedAlgorithmException("unknown key type code " + code);
    }
}
