package org.gkm.crypto;

/** Signature schemes, with the key type each needs. Codes follow the TLS SignatureScheme registry. */
public enum SignatureAlgorithm {
    /** Ed25519 (RFC 8032, pure). Signatures are 64 bytes. */
    ED25519(0x0807, KeyType.ED25519),
    /** ECDSA over P-256 with SHA-256, signature as DER SEQUENCE { r, s } (strict DER only). */
    ECDSA_P256_SHA256_DER(0x0403, KeyType.P256),
    /** ECDSA over P-256 with SHA-256, signature as r || s, 32 bytes each (IEEE P1363). */
    ECDSA_P256_SHA256_P1363(0xFE03, KeyType.P256);

    private final int code;
    private final KeyType keyType;

    SignatureAlgorithm(int code, KeyType keyType) {
        this.code = code;
        this.keyType = keyType;
    }

    public int code() {
        return code;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** values() copies its array on every call; decoding looks codes up per entry. */
    private static final SignatureAlgorithm[] VALUES = values();

    public static SignatureAlgorithm fromCode(int code) throws UnsupportedAlgorithmException {
        for (SignatureAlgorithm a : VALUES) {
            if (a.code == code) {
                return a;
            }
        }
        throw new UnsupportedAlgorithmException("unknown signature algorithm code " + code);
    }
}
