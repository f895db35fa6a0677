package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;

/**
 * The Rekey SA's group authentication key (RFC 4046 sec. 5.2, 6.2.4): the HMAC-SHA256 key of the
 * rekey envelope, the cheap filter a receiver checks before the signature, with its generation.
 * The GCKS replaces it on every departure (a departed member must no longer pass the filter) and
 * delivers the new one like the TEK, wrapped under the new root key; the envelope names the
 * generation it is MACed under, so a receiver tells a message under a key it does not hold yet
 * (it missed a rotation) from a forgery.
 *
 * <p>Invariants: generation >= 0; key at least {@link RekeyMessageSealer#MIN_AUTH_KEY_BYTES} bytes,
 * copied in. {@code toString} shows the generation only.
 */
public final class GroupAuthKey {
    private final int generation;
    private final SecretBytes key;

    private GroupAuthKey(int generation, SecretBytes key) {
        this.generation = generation;
        this.key = key;
    }

    /**
     * @throws IllegalArgumentException if the generation is negative or the key too short
     */
    public static GroupAuthKey of(int generation, SecretBytes key) {
        Objects.requireNonNull(key, "key");
        if (generation < 0) {
            throw new IllegalArgumentException("auth key generation must be >= 0, got " + generation);
        }
        if (key.length() < RekeyMessageSealer.MIN_AUTH_KEY_BYTES) {
            throw new IllegalArgumentException("group authentication key must be at least "
                    + RekeyMessageSealer.MIN_AUTH_KEY_BYTES + " bytes");
        }
        return new GroupAuthKey(generation, copy(key));
    }

    public int generation() {
        return generation;
    }

    /** The key (a copy). */
    public SecretBytes key() {
        return copy(key);
    }

    /** The key itself, not copied: package use by the sealer and opener. */
    SecretBytes secret() {
        return key;
    }

    private static SecretBytes copy(SecretBytes k) {
        byte[] b = k.toByteArray(InsecureSecretAccess.get());
        try {
            return SecretBytes.copyOf(b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /** Zeroes the key; the object is unusable afterwards. */
    public void destroy() {
        key.destroy();
    }

    @Override
    public String toString() {
        return "GroupAuthKey[generation=" + generation + "]";
    }
}
