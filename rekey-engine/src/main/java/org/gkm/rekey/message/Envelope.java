package org.gkm.rekey.message;

import java.nio.charset.StandardCharsets;
import org.gkm.crypto.Mac;

/**
 * Layout of a sealed rekey message (format version 1), shared by {@link RekeyMessageSealer} and
 * {@link RekeyMessageOpener}:
 *
 * <pre>
 * u8  envelope version (1)
 * u32 body length B (1..{@link RekeyMessageCodec#MAX_BODY_BYTES})
 * B   body ({@link RekeyMessageCodec})
 * u64 sender key id (>= 0): names the signing key among the receiver's trusted keys
 * u16 signature algorithm (TLS SignatureScheme code: 0x0807 Ed25519, 0x0403 ECDSA P-256 DER,
 *     0xFE03 ECDSA P-256 P1363)
 * u16 signature length S (1..{@value #MAX_SIGNATURE_BYTES})
 * S   signature over SIGNATURE_LABEL || all preceding bytes (envelope version .. algorithm)
 * 32  HMAC-SHA256 tag under the group authentication key over all preceding bytes
 * </pre>
 *
 * The signature covers the body (RFC 4046 sec. 5.2: the sequence number is inside it) and also the
 * envelope fields before it, so the key id and algorithm cannot be swapped; the label separates it
 * from any other signature made with the same key.
 */
final class Envelope {
    static final int VERSION = 1;
    /** DER ECDSA P-256 signatures are at most 72 bytes; Ed25519 and P1363 are 64. */
    static final int MAX_SIGNATURE_BYTES = 72;
    static final int TAG_BYTES = Mac.TAG_LENGTH;
    /** version + body length. */
    static final int HEADER_BYTES = 1 + 4;
    /** key id + algorithm + signature length. */
    static final int SIGNER_BYTES = 8 + 2 + 2;
    /** Shortest possible sealed message: 1-byte body and 1-byte signature. */
    static final int MIN_SEALED_BYTES = HEADER_BYTES + 1 + SIGNER_BYTES + 1 + TAG_BYTES;
    static final byte[] SIGNATURE_LABEL = "gkm rekey message signature v1\0".getBytes(StandardCharsets.US_ASCII);

    private Envelope() {
    }

    /** The to-be-signed bytes: label || sealed[0, signedLength). */
    static byte[] toBeSigned(byte[] sealed, int signedLength) {
        byte[] tbs = new byte[SIGNATURE_LABEL.length + signedLength];
        System.arraycopy(SIGNATURE_LABEL, 0, tbs, 0, SIGNATURE_LABEL.length);
        System.arraycopy(sealed, 0, tbs, SIGNATURE_LABEL.length, signedLength);
        return tbs;
    }
}
