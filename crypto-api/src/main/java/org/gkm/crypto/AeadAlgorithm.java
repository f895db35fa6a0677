package org.gkm.crypto;

/**
 * AEAD algorithms of the public {@link Aead}: AES-GCM with 12-byte nonces and 16-byte tags. Codes
 * are the HPKE AEAD ids (RFC 9180 sec. 7.3).
 */
public enum AeadAlgorithm {
    AES_128_GCM(0x0001, 16),
    AES_256_GCM(0x0002, 32);

    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final int code;
    private final int keyLength;

    AeadAlgorithm(int code, int keyLength) {
        this.code = code;
        this.keyLength = keyLength;
    }

    public int code() {
        return code;
    }

    public int keyLength() {
        return keyLength;
    }

    public static AeadAlgorithm fromCode(int code) throws UnsupportedAlgorithmException {
        for (AeadAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new UnsupportedAlgorithmException("unknown AEAD code " + code);
    }
}
