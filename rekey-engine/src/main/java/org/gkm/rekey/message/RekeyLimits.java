package org.gkm.rekey.message;

/**
 * Hard limits of the rekey wire format. The decoder checks every count and length against these
 * and against the bytes remaining <em>before</em> allocating (Kafka's codec discipline, STYLE.md
 * sec. 6); the value types enforce the same limits on construction, so an encodable message is
 * always decodable.
 */
public final class RekeyLimits {
    /** Largest sealed message (body, signature, MAC) accepted or produced: 64 MiB. */
    public static final int MAX_MESSAGE_BYTES = 64 << 20;
    /** Most key entries in one message: 2^20 (a batch rekey of a 10^6 group fits). */
    public static final int MAX_ENTRIES = 1 << 20;
    /**
     * Most public-key updates in one message: 2^20, as many as entries (a hybrid batch rekey of 10^4
     * leaves in a binary tree of 10^6 members refreshes ~68k key pairs; the decoder still checks
     * every count against the bytes present before allocating).
     */
    public static final int MAX_PUBLIC_KEY_UPDATES = 1 << 20;
    /** Most nodes refreshed by the one-way function in one message (join notice, claim 16): 2^20. */
    public static final int MAX_DERIVED = 1 << 20;
    /** Longest entry ciphertext: 4 KiB (an RSA-3072 PKCS#8 key wrapped with KWP is below 2 KiB). */
    public static final int MAX_CIPHERTEXT_BYTES = 4096;
    /** Shortest entry ciphertext: one AES-KW(P) output block pair (RFC 3394/5649). */
    public static final int MIN_CIPHERTEXT_BYTES = 16;
    /** Longest HPKE encapsulated key: an uncompressed P-256 point (RFC 9180 sec. 7.1, Nenc = 65). */
    public static final int MAX_ENCAPSULATION_BYTES = 65;
    /** Longest public key in an update: RSA-3072 SubjectPublicKeyInfo is 422 bytes. */
    public static final int MAX_PUBLIC_KEY_BYTES = 1024;
    /** Group id length bounds (bytes). */
    public static final int MIN_GROUP_ID_BYTES = 1;
    public static final int MAX_GROUP_ID_BYTES = 64;
    /** GKMA name length bounds (US-ASCII letters, digits, '-', '_' and '.'). */
    public static final int MIN_GKMA_NAME_BYTES = 1;
    public static final int MAX_GKMA_NAME_BYTES = 32;
    /** Tree degree bounds carried in the GKMA field. */
    public static final int MIN_DEGREE = 2;
    public static final int MAX_DEGREE = 1024;
    /** Largest GKMA version (encoded as an unsigned 16-bit field). */
    public static final int MAX_GKMA_VERSION = 0xFFFF;

    private RekeyLimits() {
    }
}
