package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.UnsupportedAlgorithmException;

/**
 * Checks and decodes sealed rekey messages ({@link Envelope} layout), in the order of the shared
 * contract and RFC 4046 sec. 5.2 ("members verify the signature only upon successful verification
 * of the MAC"), each step with its own exception:
 * <ol>
 *   <li>size and envelope lengths, no cryptography, no allocation beyond the input:
 *       {@link MessageSizeException} (an unknown envelope version: {@link MalformedMessageException});</li>
 *   <li>HMAC-SHA256 under the group authentication key, constant time: {@link MessageAuthenticationException};</li>
 *   <li>signature under the trusted key named by the sender key id: {@link UnknownSignerException} for
 *       an id the caller does not trust, {@link MessageSignatureException} for a bad signature or an
 *       algorithm the key cannot make;</li>
 *   <li>strict decoding of the body: {@link MalformedMessageException}.</li>
 * </ol>
 * The opener holds no state: the caller (the member's key state) supplies the group authentication
 * key and the trusted signers for each call and applies the sequence-number policy afterwards.
 * Thread-safe.
 */
public final class RekeyMessageOpener {
    private final CryptoProvider provider;

    public RekeyMessageOpener(CryptoProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Opens {@code sealed}.
     *
     * @param groupAuthKey the Rekey SA's group authentication key
     * @param trustedSigners public keys of the GCKS and of authorized initiators, by signer key id
     */
    public OpenedRekeyMessage open(byte[] sealed, SecretBytes groupAuthKey, Map<Long, PublicKey> trustedSigners)
            throws RekeyMessageException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(groupAuthKey, "groupAuthKey");
        Objects.requireNonNull(trustedSigners, "trustedSigners");

        // 1. Size and envelope lengths.
        int n = sealed.length;
        if (n < Envelope.MIN_SEALED_BYTES || n > RekeyLimits.MAX_MESSAGE_BYTES) {
            throw new MessageSizeException("sealed rekey message of " + n + " bytes outside " + Envelope.MIN_SEALED_BYTES + ".."
                    + RekeyLimits.MAX_MESSAGE_BYTES);
        }
        if ((sealed[0] & 0xFF) != Envelope.VERSION) {
            throw new MalformedMessageException("unsupported envelope version " + (sealed[0] & 0xFF));
        }
        long bodyLength = readU32(sealed, 1);
        long maxBody = n - Envelope.HEADER_BYTES - Envelope.SIGNER_BYTES - 1 - Envelope.TAG_BYTES;
        if (bodyLength < 1 || bodyLength > RekeyMessageCodec.MAX_BODY_BYTES || bodyLength > maxBody) {
            throw new MessageSizeException("body length " + bodyLength + " does not fit a " + n + "-byte message");
        }
        int body = (int) bodyLength;
        int signerAt = Envelope.HEADER_BYTES + body;
        int signatureLength = (int) readU16(sealed, signerAt + 10);
        if (signatureLength < 1 || signatureLength > Envelope.MAX_SIGNATURE_BYTES
                || signerAt + Envelope.SIGNER_BYTES + signatureLength + Envelope.TAG_BYTES != n) {
            throw new MessageSizeException("signature length " + signatureLength + " does not fit a " + n + "-byte message with a "
                    + body + "-byte body");
        }

        // 2. MAC: the cheap filter, before any signature verification or decoding.
        int macked = n - Envelope.TAG_BYTES;
        try {
            provider.mac().verify(groupAuthKey, sealed, 0, macked, Arrays.copyOfRange(sealed, macked, n));
        } catch (InvalidSignatureException e) {
            throw new MessageAuthenticationException("rekey message MAC does not verify");
        }

        // 3. Signature by a trusted key.
        long keyId = readU64(sealed, signerAt);
        PublicKey key = keyId < 0 ? null : trustedSigners.get(keyId);
        if (key == null) {
            throw new UnknownSignerException("rekey message signed by untrusted key id " + Long.toUnsignedString(keyId));
        }
        int algorithmCode = (int) readU16(sealed, signerAt + 8);
        SignatureAlgorithm algorithm;
        try {
            algorithm = SignatureAlgorithm.fromCode(algorithmCode);
        } catch (UnsupportedAlgorithmException e) {
            throw new MessageSignatureException("unknown signature algorithm 0x" + Integer.toHexString(algorithmCode));
        }
        if (algorithm.keyType() != key.type()) {
            throw new MessageSignatureException(algorithm + " cannot be made by the " + key.type() + " key " + keyId);
        }
        int signedLength = signerAt + 10;
        byte[] signature = Arrays.copyOfRange(sealed, signedLength + 2, signedLength + 2 + signatureLength);
        try {
            provider.verifier().verify(algorithm, key, Envelope.toBeSigned(provider, sealed, signedLength), signature);
        } catch (InvalidSignatureException | InvalidKeyException e) {
            throw new MessageSignatureException("rekey message signature does not verify under key " + keyId, e);
        }

        // 4. Strict decoding.
        RekeyMessage message = RekeyMessageCodec.decode(sealed, Envelope.HEADER_BYTES, body);
        return new OpenedRekeyMessage(message, keyId, algorithm, n);
    }

    private static long readU16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long readU32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long readU64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
