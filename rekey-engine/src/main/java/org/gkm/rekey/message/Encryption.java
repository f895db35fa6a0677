package org.gkm.rekey.message;

/**
 * How a {@link KeyEntry}'s ciphertext was made. Each value carries its one-byte wire code.
 */
public enum Encryption {
    /** AES-KW (RFC 3394), or KWP (RFC 5649) for lengths not a multiple of 8, under the encrypting node's symmetric key. */
    SYMMETRIC(1),
    /**
     * To the encrypting node's public key: HPKE base mode (RFC 9180) with the encapsulated key in the
     * entry, info = {@link KeyEntry#hpkeInfo}; or RSA-OAEP (key transport, empty encapsulation) when
     * the node's public key is RSA (claim 1's root option).
     */
    PUBLIC(2);

    private final int code;

    Encryption(int code) {
        this.code = code;
    }

    /** The wire code (one byte). */
    public int code() {
        return code;
    }

    /** values() copies its array on every call; decoding looks codes up per entry. */
    private static final Encryption[] VALUES = values();

    /** The value with wire code {@code code}, or {@code null} when unknown. */
    public static Encryption fromCode(int code) {
        for (Encryption e : VALUES) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
