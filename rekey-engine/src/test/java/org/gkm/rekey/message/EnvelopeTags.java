package org.gkm.rekey.message;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;

/**
 * An insider's move in tests: the tag a holder of the group authentication key would put on bytes
 * it altered ({@link Envelope}, version 4: over D || signature length || signature, D over the
 * signed part the body length field names).
 */
final class EnvelopeTags {
    private EnvelopeTags() {
    }

    /** {@code sealed} with its last 32 bytes replaced by the tag of the bytes before them. */
    static byte[] remac(CryptoProvider provider, SecretBytes authKey, byte[] sealed) {
        int tagAt = sealed.length - Envelope.TAG_BYTES;
        long body = sealed.length >= Envelope.HEADER_BYTES
                ? ((sealed[5] & 0xFFL) << 24) | ((sealed[6] & 0xFF) << 16) | ((sealed[7] & 0xFF) << 8) | (sealed[8] & 0xFF)
                : 0;
        // A body length that leaves no room is refused before the tag is read: any signed length will do.
        int signedLength = (int) Math.min(Math.max(0, tagAt), Envelope.HEADER_BYTES + body + 8 + 2);
        byte[] digest = Envelope.digest(provider, sealed, signedLength);
        byte[] tag = provider.mac().compute(authKey, Envelope.tagInput(digest, sealed, signedLength, Math.max(tagAt, signedLength)));
        byte[] out = sealed.clone();
        System.arraycopy(tag, 0, out, tagAt, Envelope.TAG_BYTES);
        return out;
    }
}
