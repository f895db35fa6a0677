package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;

/**
 * Seals rekey messages for one signer (the GCKS, or an initiating member): encodes the body, signs
 * it with the signer's Ed25519 or ECDSA P-256 key, and appends the HMAC-SHA256 tag under the Rekey
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
     * The sealed bytes of {@code message}.
     *
     * @throws IllegalArgumentException if the body is too large or the authentication key is shorter
     *     than {@value #MIN_AUTH_KEY_BYTES} bytes
     */
    public byte[] seal(RekeyMessage message, SecretBytes groupAuthKey) {
        return sealBody(RekeyMessageCodec.encode(message), groupAuthKey);
    }

    /**
     * Seals an already encoded body without checking it: package use by {@link #seal} and by tests
     * that need a validly signed and MACed envelope around a malformed body.
     */
    byte[] sealBody(byte[] body, SecretBytes groupAuthKey) {
        if (groupAuthKey.length() < MIN_AUTH_KEY_BYTES) {
            throw new IllegalArgumentException("group authentication key must be at least " + MIN_AUTH_KEY_BYTES + " bytes");
        }
        if (body.length < 1 || body.length > RekeyMessageCodec.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("body of " + body.length + " bytes outside 1.." + RekeyMessageCodec.MAX_BODY_BYTES);
        }
        int signedLength = Envelope.HEADER_BYTES + body.length + 8 + 2;
        byte[] prefix = new byte[signedLength];
        WireWriter w = new WireWriter(prefix, 0);
        w.u8(Envelope.VERSION);
        w.u32(body.length);
        w.bytes(body);
        w.u64(signerKeyId);
        w.u16(algorithm.code());
        byte[] signature;
        try {
            signature = provider.signer().sign(algorithm, signingKey, Envelope.toBeSigned(prefix, signedLength));
        } catch (InvalidKeyException e) {
            // The constructor checked the key type; a provider refusing the key is a caller bug.
            throw new IllegalArgumentException("signing key rejected: " + e.getMessage(), e);
        }
        if (signature.length < 1 || signature.length > Envelope.MAX_SIGNATURE_BYTES) {
            throw new IllegalStateException("provider produced a " + signature.length + "-byte signature");
        }
        byte[] sealed = Arrays.copyOf(prefix, signedLength + 2 + signature.length + Envelope.TAG_BYTES);
        w = new WireWriter(sealed, signedLength);
        w.u16(signature.length);
        w.bytes(signature);
        byte[] tag = provider.mac().compute(groupAuthKey, Arrays.copyOf(sealed, w.position()));
        w.bytes(tag);
        return sealed;
    }
}
