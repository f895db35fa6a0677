package org.gkm.rekey.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.Mac;
import org.gkm.crypto.SecretBytes;

/**
 * Layout of a sealed rekey message (envelope version 4), shared by {@link RekeyMessageSealer} and
 * {@link RekeyMessageOpener}:
 *
 * <pre>
 * u8  envelope version (4)
 * u32 group authentication key generation G (>= 0): which {@link GroupAuthKey} the tag is under
 * u32 body length B (1..{@link RekeyMessageCodec#MAX_BODY_BYTES})
 * B   body ({@link RekeyMessageCodec})
 * u64 sender key id (>= 0): names the signing key among the receiver's trusted keys
 * u16 signature algorithm (TLS SignatureScheme code: 0x0807 Ed25519, 0x0403 ECDSA P-256 DER,
 *     0xFE03 ECDSA P-256 P1363)
 * u16 signature length S (1..{@value #MAX_SIGNATURE_BYTES})
 * S   signature over SIGNATURE_LABEL || D, where D = HMAC-SHA256(DIGEST_KEY, all preceding bytes
 *     (envelope version .. algorithm)): the 32-byte digest of everything before the signature
 * 32  HMAC-SHA256 tag under the group authentication key over D || the signature length and
 *     signature: all preceding bytes, the signed part stood for by its digest
 * </pre>
 *
 * The signature covers the body (RFC 4046 sec. 5.2: the sequence number is inside it) and also the
 * envelope fields before it, so the key id and algorithm cannot be swapped; the label separates it
 * from any other signature made with the same key and from earlier envelope versions. D is also the message's identity for duplicate detection: the receiver remembers D
 * per applied sequence number, so a re-delivery with another signature over the same content (an
 * ECDSA signature is randomized and malleable: (r, n - s) verifies too) is the same message, and
 * different content under an applied sequence number is a conflict. G is in the clear so a receiver
 * picks the key before checking the tag (and knows it missed a rotation when G is newer than its
 * key); it is covered by the tag and the signature. Signing the digest instead of the bytes ("hash
 * then sign") keeps the signature at one short input whatever the body size: an 8 MB batch rekey is hashed once at HMAC-SHA256
 * speed instead of twice with SHA-512 inside Ed25519. D is HMAC-SHA256 under a fixed, public key,
 * which is collision resistant exactly when SHA-256 is (a collision of D is a collision of the inner
 * SHA-256 over the key block || bytes, or of the outer one over two different inner values), so a
 * signature on D binds exactly these bytes at SHA-256's 128-bit collision security, the level of
 * Ed25519 and P-256. The tag covers D rather than the signed bytes themselves (envelope version 4):
 * D binds them as firmly as it does for the signature, and a receiver then hashes the message once
 * (for D), not twice (D and the tag): the tag stays the cheap filter checked first, over 32 bytes
 * plus the signature.
 */
final class Envelope {
    static final int VERSION = 4;
    /** DER ECDSA P-256 signatures are at most 72 bytes; Ed25519 and P1363 are 64. */
    static final int MAX_SIGNATURE_BYTES = 72;
    static final int TAG_BYTES = Mac.TAG_LENGTH;
    /** Offset of the auth key generation. */
    static final int AUTH_GENERATION_AT = 1;
    /** Offset of the body length. */
    static final int BODY_LENGTH_AT = 5;
    /** version + auth key generation + body length. */
    static final int HEADER_BYTES = 1 + 4 + 4;
    /** key id + algorithm + signature length. */
    static final int SIGNER_BYTES = 8 + 2 + 2;
    /** Shortest possible sealed message: 1-byte body and 1-byte signature. */
    static final int MIN_SEALED_BYTES = HEADER_BYTES + 1 + SIGNER_BYTES + 1 + TAG_BYTES;
    static final byte[] SIGNATURE_LABEL = "gkm rekey message signature v3\0".getBytes(StandardCharsets.US_ASCII);
    /** The public HMAC key that makes HMAC-SHA256 the envelope's hash (not a secret: a domain label). */
    private static final SecretBytes DIGEST_KEY = SecretBytes.copyOf(
            "gkm rekey message digest v3".getBytes(StandardCharsets.US_ASCII));

    private Envelope() {
    }

    /** D = HMAC-SHA256(DIGEST_KEY, sealed[0, signedLength)), the range read in place. */
    static byte[] digest(CryptoProvider provider, byte[] sealed, int signedLength) {
        return provider.mac().compute(DIGEST_KEY, sealed, 0, signedLength);
    }

    /**
     * The tag's input: {@code digest} (D of {@code sealed[0, signedLength)}) || {@code sealed[signedLength,
     * tagAt)}, the signature length and signature.
     */
    static byte[] tagInput(byte[] digest, byte[] sealed, int signedLength, int tagAt) {
        byte[] in = Arrays.copyOf(digest, digest.length + tagAt - signedLength);
        System.arraycopy(sealed, signedLength, in, digest.length, tagAt - signedLength);
        return in;
    }

    /** The to-be-signed bytes: label || {@code digest}. */
    static byte[] toBeSigned(byte[] digest) {
        byte[] tbs = Arrays.copyOf(SIGNATURE_LABEL, SIGNATURE_LABEL.length + digest.length);
        System.arraycopy(digest, 0, tbs, SIGNATURE_LABEL.length, digest.length);
        return tbs;
    }
}
