package org.gkm.crypto;

import java.util.Objects;
import org.gkm.crypto.internal.P256;
import org.gkm.crypto.internal.Rsa;

/**
 * A private key: its type and its canonical encoding held as {@link SecretBytes} (X25519/Ed25519:
 * 32 raw bytes; P-256: the 32-byte scalar in [1, n-1]; RSA: PKCS#8 DER). Never printed; exported
 * only with {@link InsecureSecretAccess}; {@link #destroy()} zeroes it.
 */
public final class PrivateKey {
    private final KeyType type;
    private final SecretBytes encoded;
    /** Providers' parsed forms; made on first use (most keys never reach a provider). */
    private volatile KeyForms forms;

    private PrivateKey(KeyType type, SecretBytes encoded) {
        this.type = type;
        this.encoded = encoded;
    }

    /**
     * Decodes a private key from its canonical encoding (copied).
     *
     * @throws InvalidKeyException if the length, scalar range or PKCS#8 structure is wrong
     */
    public static PrivateKey decode(KeyType type, byte[] encoded) throws InvalidKeyException {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case X25519:
            case ED25519:
                if (encoded.length != 32) {
                    throw new InvalidKeyException(type + " private key must be 32 bytes, got " + encoded.length);
                }
                break;
            case P256:
                if (encoded.length != 32) {
                    throw new InvalidKeyException("P-256 private key must be a 32-byte scalar, got " + encoded.length + " bytes");
                }
                if (!P256.isValidScalar(encoded)) {
                    throw new InvalidKeyException("P-256 private key scalar is not in [1, n-1]");
                }
                break;
            default:
                int bits = Rsa.privateModulusBits(encoded);
                if (bits != type.rsaBits()) {
                    throw new InvalidKeyException("expected a " + type.rsaBits() + "-bit RSA private key, got " + bits + " bits");
                }
        }
        return new PrivateKey(type, SecretBytes.copyOf(encoded));
    }

    /** Takes ownership of an encoding a provider or crypto-api just produced. */
    static PrivateKey adopt(KeyType type, byte[] encoded) {
        return new PrivateKey(type, SecretBytes.adopt(encoded));
    }

    public KeyType type() {
        return type;
    }

    /** A copy of the canonical encoding. */
    public byte[] encoded(InsecureSecretAccess access) {
        return encoded.toByteArray(access);
    }

    byte[] array() {
        return encoded.array();
    }

    /** The key as providers see it: its encoding and their parsed forms of it. */
    KeyForms material() {
        KeyForms f = forms;
        if (f == null) {
            synchronized (this) {
                f = forms;
                if (f == null) {
                    forms = f = new KeyForms(encoded::array);
                }
            }
        }
        return f;
    }

    /**
     * Zeroes the key and destroys the forms providers made of it (their native copies are erased
     * and freed once no call is using them); later use throws IllegalStateException.
     */
    public void destroy() {
        encoded.destroy();
        KeyForms f;
        synchronized (this) {
            f = forms;
            if (f == null) {
                forms = f = new KeyForms(encoded::array); // so a later material() is destroyed too
            }
        }
        f.destroy();
    }

    @Override
    public String toString() {
        return "PrivateKey[" + type + "]";
    }
}
