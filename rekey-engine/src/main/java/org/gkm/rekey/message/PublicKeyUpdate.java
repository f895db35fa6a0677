package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;

/**
 * A node's new public key (the public KEK of claim 1, or a client's public key), published in a
 * rekey message after the node's key pair was regenerated (claim 14). {@code publicKey} is the
 * canonical encoding of {@link KeyType}: exactly {@link KeyType#publicKeyLength()} bytes for
 * X25519, Ed25519 and P-256 (65-byte uncompressed point), 1..{@value RekeyLimits#MAX_PUBLIC_KEY_BYTES}
 * bytes of SubjectPublicKeyInfo for RSA. The bytes are checked as a key only by {@link #toPublicKey()}
 * (point validation is the crypto layer's job). Not secret; copied in and out.
 */
public record PublicKeyUpdate(KeyRef node, KeyType type, byte[] publicKey) {
    public PublicKeyUpdate {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(publicKey, "publicKey");
        String problem = problem(type, publicKey.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        publicKey = publicKey.clone();
    }

    /** The update publishing {@code key} for {@code node}. */
    public static PublicKeyUpdate of(KeyRef node, PublicKey key) {
        return new PublicKeyUpdate(node, key.type(), key.encoded());
    }

    /** Why a key of this type and length is invalid, or {@code null}; shared with the decoder. */
    static String problem(KeyType type, int length) {
        int expected = type.publicKeyLength();
        if (expected > 0 ? length != expected : length < 1 || length > RekeyLimits.MAX_PUBLIC_KEY_BYTES) {
            return type + " public key of " + length + " bytes (expected " + (expected > 0 ? String.valueOf(expected)
                    : "1.." + RekeyLimits.MAX_PUBLIC_KEY_BYTES) + ")";
        }
        return null;
    }

    /** The key bytes (a copy). */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Backing array without copying: package use by the codec only. */
    byte[] publicKeyArray() {
        return publicKey;
    }

    /**
     * The key as a validated {@link PublicKey}.
     *
     * @throws InvalidKeyException if the bytes are not a valid key of {@link #type()} (e.g. a P-256 point off the curve)
     */
    public PublicKey toPublicKey() throws InvalidKeyException {
        return PublicKey.decode(type, publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKeyUpdate && ((PublicKeyUpdate) o).node.equals(node) && ((PublicKeyUpdate) o).type == type
                && Arrays.equals(((PublicKeyUpdate) o).publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(node, type) + Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "PublicKeyUpdate[node=" + node + ", type=" + type + ", key="
                + HexFormat.of().formatHex(publicKey, 0, Math.min(8, publicKey.length)) + "...]";
    }
}
