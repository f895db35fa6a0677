package org.gkm.crypto;

import java.util.Objects;

/**
 * An HPKE cipher suite (RFC 9180 sec. 7): DHKEM(X25519 or P-256, HKDF-SHA256), HKDF-SHA256, and
 * AES-128-GCM, AES-256-GCM or export-only.
 */
public record HpkeSuite(Kem kem, Kdf kdf, AeadId aead) {
    /** KEM ids, RFC 9180 sec. 7.1. */
    public enum Kem {
        DHKEM_P256_HKDF_SHA256(0x0010, KeyType.P256, 65),
        DHKEM_X25519_HKDF_SHA256(0x0020, KeyType.X25519, 32);

        private final int code;
        private final KeyType keyType;
        private final int encLength;

        Kem(int code, KeyType keyType, int encLength) {
            this.code = code;
            this.keyType = keyType;
            this.encLength = encLength;
        }

        public int code() {
            return code;
        }

        public KeyType keyType() {
            return keyType;
        }

        /** Nenc = Npk: length of the encapsulated key. */
        public int encLength() {
            return encLength;
        }

        public static Kem fromCode(int code) throws UnsupportedAlgorithmException {
            for (Kem k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new UnsupportedAlgorithmException("unsupported HPKE KEM 0x" + Integer.toHexString(code));
        }
    }

    /** KDF ids, RFC 9180 sec. 7.2. */
    public enum Kdf {
        HKDF_SHA256(0x0001);

        private final int code;

        Kdf(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Kdf fromCode(int code) throws UnsupportedAlgorithmException {
            if (code == 0x0001) {
                return HKDF_SHA256;
            }
            throw new UnsupportedAlgorithmException("unsupported HPKE KDF 0x" + Integer.toHexString(code));
        }
    }

    /** AEAD ids, RFC 9180 sec. 7.3. */
    public enum AeadId {
        AES_128_GCM(0x0001, 16),
        AES_256_GCM(0x0002, 32),
        EXPORT_ONLY(0xFFFF, 0);

        private final int code;
        private final int keyLength;

        AeadId(int code, int keyLength) {
            this.code = code;
            this.keyLength = keyLength;
        }

        public int code() {
            return code;
        }

        /** Nk; 0 for export-only. */
        public int keyLength() {
            return keyLength;
        }

        public static AeadId fromCode(int code) throws UnsupportedAlgorithmException {
            for (AeadId a : values()) {
                if (a.code == code) {
                    return a;
                }
            }
            throw new UnsupportedAlgorithmException("unsupported HPKE AEAD 0x" + Integer.toHexString(code));
        }
    }

    public HpkeSuite {
        Objects.requireNonNull(kem, "kem");
        Objects.requireNonNull(kdf, "kdf");
        Objects.requireNonNull(aead, "aead");
    }

    /** The suite for codes (kem, kdf, aead). */
    public static HpkeSuite of(int kem, int kdf, int aead) throws UnsupportedAlgorithmException {
        return new HpkeSuite(Kem.fromCode(kem), Kdf.fromCode(kdf), AeadId.fromCode(aead));
    }

    /** suite_id = "HPKE" || kem_id || kdf_id || aead_id. */
    byte[] suiteId() {
        return new byte[] {'H', 'P', 'K', 'E',
            (byte) (kem.code >> 8), (byte) kem.code, (byte) (kdf.code >> 8), (byte) kdf.code,
            (byte) (aead.code >> 8), (byte) aead.code};
    }
}
