package org.gkm.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.gkm.crypto.internal.P256;
import org.gkm.crypto.internal.Rsa;

/**
 * A public key in its canonical encoding (see {@link KeyType}): immutable, validated on
 * construction (P-256 points are on the curve; RSA keys are SubjectPublicKeyInfo of the stated
 * size), equal when type and bytes are equal.
 */
public final class PublicKey {
    private final KeyType type;
    private final byte[] encoded;
    /** Providers' parsed forms; made on first use (most keys never reach a provider). */
    private volatile KeyForms forms;

    private PublicKey(KeyType type, byte[] encoded) {
        this.type = type;
        this.encoded = encoded;
    }

    /**
     * Decodes a public key. X25519/Ed25519: 32 raw bytes. P-256: 65-byte uncompressed or 33-byte
     * compressed SEC1 point, or X.509 SubjectPublicKeyInfo with named curve prime256v1. RSA: X.509
     * SubjectPublicKeyInfo of rsaEncryption with the type's modulus size.
     *
     * @throws InvalidKeyException if the encoding, size or point is invalid
     */
    public static PublicKey decode(KeyType type, byte[] encoded) throws InvalidKeyException {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case X25519:
            case ED25519:
                if (encoded.length != 32) {
                    throw new InvalidKeyException(type + " public key must be 32 bytes, got " + encoded.length);
                }
                return new PublicKey(type, encoded.clone());
            case P256:
                return new PublicKey(type, P256.decodePublicKey(encoded));
            default:
                int bits = Rsa.publicModulusBits(encoded);
                if (bits != type.rsaBits()) {
                    throw new InvalidKeyException("expected a " + type.rsaBits() + "-bit RSA public key, got " + bits + " bits");
                }
                return new PublicKey(type, encoded.clone());
        }
    }

    /** Wraps an encoding a provider just produced (already canonical). */
    static PublicKey trusted(KeyType type, byte[] encoded) {
        return new PublicKey(type, encoded);
    }

    public KeyType type() {
        return type;
    }

    /** The canonical encoding (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The backing array, without copying: crypto-api internal use only. */
    byte[] array() {
        return encoded;
    }

    /** The key as providers see it: its encoding and their parsed forms, kept while the key lives. */
    KeyForms material() {
        KeyForms f = forms;
        if (f == null) {
            synchronized (this) {
                f = forms;
                if (f == null) {
                    forms = f = new KeyForms(() -> encoded);
                }
            }
        }
        return f;
    }

    /** P-256 only: the 33-byte compressed SEC1 point. */
    public byte[] encodedCompressed() {
        if (type != KeyType.P256) {
            throw new IllegalStateException("compressed encoding exists for P-256 keys only");
        }
        return P256.compress(encoded);
    }

    /** P-256 and RSA: the X.509 SubjectPublicKeyInfo DER. */
    public byte[] subjectPublicKeyInfo() {
        switch (type) {
            case P256:
                return P256.toSpki(encoded);
            case RSA_2048:
            case RSA_3072:
                return encoded.clone();
            default:
                throw new IllegalStateException("SubjectPublicKeyInfo is provided for P-256 and RSA keys only");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey && ((PublicKey) o).type == type && Arrays.equals(((PublicKey) o).encoded, encoded);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "PublicKey[" + type + ", " + HexFormat.of().formatHex(encoded, 0, Math.min(8, encoded.length)) + "...]";
    }
}
