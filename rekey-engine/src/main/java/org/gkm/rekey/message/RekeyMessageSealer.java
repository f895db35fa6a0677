package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.wire.WireWriter;

/**
 * Seals rekey messages for one signer (the GCKS, or an initiating member): encodes the body, signs
 * its digest with the signer's Ed25519 or ECDSA P-256 key, and appends the HMAC-SHA256 tag under the Rekey
 * SA's group authentication key (layout: {@link Envelope}; RFC 4046 sec. 5.2: signature for origin
 * authentication, MAC as the cheap DoS filter checked first). Immutable and thread-safe.
 */
public final class RekeyMessageSealer {
    /** Shortest group authentication key accepted (HMAC-SHA256 keys below 16 bytes are weak). */
    public static final int MIN_AUTH_KEY_BYTES = 16;

    private final CryptoProvider provider;
    private final SignatureAlgorithm algorithm;
    private final PrivateKey signingKey;
    private final long signerKeyId;

    /**
     * @param signerKeyId the id receivers know the signer's public key under (>= 0)
     * @throws IllegalArgumentException if the key does not fit the algorithm or the id is negative
     */
    public RekeyMessageSealer(CryptoProvider provider, SignatureAlgorithm algorithm, PrivateKey signingKey, long signerKeyId) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        if (signingKey.type() != algorithm.keyType()) {
            throw new IllegalArgumentException(algorithm + " needs a " + algorithm.keyType() + " key, got " + signingKey.type());
        }
        if (signerKeyId < 0) {
            throw new IllegalArgumentException("signer key id must be >= 0, got " + signerKeyId);
        }
        this.signerKeyId = signerKeyId;
    }

    public long signerKeyId() {
        return signerKeyId;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The sealed bytes of {@code message}: the body is encoded straight into the envelope array.
     *
     * @param groupAuthKey the key the receivers hold when this message reaches them (for a message
     *     that rotates it: the key before the rotation); its generation goes in the envelope
     * @throws IllegalArgumentException if the body is too large
     */
    public byte[] seal(RekeyMessage message, GroupAuthKey groupAuthKey) {
        Objects.requireNonNull(groupAuthKey, "groupAuthKey");
        int body = RekeyMessageCodec.checkedSize(message);
        // one array for the whole envelope: the body is encoded in place, the digest reads it in place
        byte[] sealed = new byte[sealedLength(body, expectedSignatureLength())];
        RekeyMessageCodec.encodeInto(message, sealed, Envelope.HEADER_BYTES, body);
        return finish(sealed, body, groupAuthKey);
    }

    /**
     * Seals an already encoded body without checking it: package use by tests that need a validly
     * signed and MACed envelope around a malformed body.
     */
    byte[] sealBody(byte[] body, GroupAuthKey groupAuthKey) {
        if (body.length < 1 || body.length > RekeyMessageCodec.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body of " + body.length + " bytes outside 1.." + RekeyMessageCodec.MAX_BODY_BYTES);
        }
        byte[] sealed = new byte[sealedLength(body.length, expectedSignatureLength())];
        System.arraycopy(body, 0, sealed, Envelope.HEADER_BYTES, body.length);
        return finish(sealed, body.length, groupAuthKey);
    }

    /** 64 for Ed25519 and P1363; DER ECDSA varies (70-72 typically): guessed, the array is resized if wrong. */
    private int expectedSignatureLength() {
        return algorithm == SignatureAlgorithm.ECDSA_P256_SHA256_DER ? Envelope.MAX_SIGNATURE_BYTES : 64;
    }

    private static int sealedLength(int body, int signatureLength) {
        return Envelope.HEADER_BYTES + body + Envelope.SIGNER_BYTES + signatureLength + Envelope.TAG_BYTES;
    }

    /** Writes the envelope around the body already at {@code sealed[HEADER_BYTES..]}, signs and MACs it. */
    private byte[] finish(byte[] sealed, int body, GroupAuthKey groupAuthKey) {
        int signedLength = Envelope.HEADER_BYTES + body + 8 + 2;
        WireWriter.into(sealed, 0).u8(Envelope.VERSION).u32(groupAuthKey.generation()).u32(body);
        WireWriter.into(sealed, Envelope.HEADER_BYTES + body).i64(signerKeyId).u16(algorithm.code());
        byte[] digest = Envelope.digest(provider, sealed, signedLength);
        byte[] signature;
        try {
            signature = provider.signer().sign(algorithm, signingKey, Envelope.toBeSigned(digest));
        } catch (InvalidKeyException e) {
            // The constructor checked the key type; a provider refusing the key is a caller bug.
            throw new IllegalArgumentException("signing key rejected: " + e.getMessage(), e);
        }
        if (signature.length < 1 || signature.length > Envelope.MAX_SIGNATURE_BYTES) {
            throw new IllegalStateException("provider produced a " + signature.length + "-byte signature");
        }
        int n = sealedLength(body, signature.length);
        if (sealed.length != n) {
            sealed = Arrays.copyOf(sealed, n); // a DER signature shorter than the guess
        }
        WireWriter w = WireWriter.into(sealed, signedLength).u16(signature.length).raw(signature);
        byte[] tag = provider.mac().compute(groupAuthKey.secret(), Envelope.tagInput(digest, sealed, signedLength, w.position()));
        w.raw(tag);
        return sealed;
    }
}
