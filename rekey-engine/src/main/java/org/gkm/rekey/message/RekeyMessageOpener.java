package org.gkm.rekey.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.UnsupportedAlgorithmException;
import org.gkm.wire.WireReader;

/**
 * Checks and decodes sealed rekey messages ({@link Envelope} layout), in the order of the shared
 * contract and RFC 4046 sec. 5.2 ("members verify the signature only upon successful verification
 * of the MAC"), each step with its own exception:
 * <ol>
 *   <li>size and envelope lengths, no cryptography, no allocation beyond the input:
 *       {@link MessageSizeException} (an unknown envelope version: {@link MalformedMessageException});</li>
 *   <li>HMAC-SHA256 under the group authentication key of the generation the envelope names,
 *       constant time: {@link MessageAuthenticationException} (multicast only, see {@link #openRequested});</li>
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
     * Opens a multicast rekey message {@code sealed}: size, MAC under {@code groupAuthKey} (which
     * must be the generation the envelope names), signature, decoding.
     *
     * @param groupAuthKey the Rekey SA's group authentication key the receiver holds
     * @param trustedSigners public keys the receiver trusts, by signer key id
     * @throws MessageAuthenticationException also when the envelope names another key generation
     *     (see {@link #authGeneration} to tell the cases apart before opening)
     */
    public OpenedRekeyMessage open(byte[] sealed, GroupAuthKey groupAuthKey, Map<Long, PublicKey> trustedSigners)
            throws RekeyMessageException {
        Objects.requireNonNull(groupAuthKey, "groupAuthKey");
        Objects.requireNonNull(trustedSigners, "trustedSigners");
        Layout l = layout(sealed);
        // 2. MAC: the cheap filter, before any signature verification or decoding.
        if (l.authGeneration != groupAuthKey.generation()) {
            throw new MessageAuthenticationException("rekey message is MACed under auth key generation " + l.authGeneration
                    + ", the receiver holds generation " + groupAuthKey.generation());
        }
        int n = sealed.length;
        int macked = n - Envelope.TAG_BYTES;
        byte[] digest = Envelope.digest(provider, sealed, l.signedLength); // the one pass over the message
        byte[] tagInput = Envelope.tagInput(digest, sealed, l.signedLength, macked);
        try {
            provider.mac().verify(groupAuthKey.secret(), tagInput, 0, tagInput.length, Arrays.copyOfRange(sealed, macked, n));
        } catch (InvalidSignatureException e) {
            throw new MessageAuthenticationException("rekey message MAC does not verify");
        }
        return verifyAndDecode(sealed, l, trustedSigners, digest);
    }

    /**
     * Opens a message the receiver asked for (a KEY_DOWNLOAD or RESYNC: its state, unicast): size,
     * signature, decoding, without the MAC. The MAC is the DoS filter of the unsolicited multicast;
     * a member that asks for its state may have missed the rotation of the key it is under, and the
     * state it rebuilds must come from a trusted signer anyway.
     */
    public OpenedRekeyMessage openRequested(byte[] sealed, Map<Long, PublicKey> trustedSigners) throws RekeyMessageException {
        Objects.requireNonNull(trustedSigners, "trustedSigners");
        Layout l = layout(sealed);
        return verifyAndDecode(sealed, l, trustedSigners, Envelope.digest(provider, sealed, l.signedLength));
    }

    /**
     * The group authentication key generation {@code sealed} names, after the size checks only
     * (no cryptography): unauthenticated, a hint for choosing the key.
     */
    public static int authGeneration(byte[] sealed) throws RekeyMessageException {
        return layout(sealed).authGeneration;
    }

    /**
     * The digest D of {@code sealed}'s signed content (everything before the signature), after the
     * size checks only: equal to the {@link OpenedRekeyMessage#signedDigest()} of a message with
     * the same content, so a receiver recognises a re-delivery of a message it applied without
     * holding the key it was MACed under.
     */
    public byte[] signedDigest(byte[] sealed) throws RekeyMessageException {
        Layout l = layout(sealed);
        return Envelope.digest(provider, sealed, l.signedLength);
    }

    /** Offsets and the unauthenticated signer fields of a sealed message whose lengths are consistent. */
    private record Layout(int authGeneration, int body, long keyId, int algorithmCode, int signedLength, int signatureLength) {
    }

    /** 1. Size and envelope lengths: no cryptography, no allocation beyond the input. */
    private static Layout layout(byte[] sealed) throws RekeyMessageException {
        Objects.requireNonNull(sealed, "sealed");
        int n = sealed.length;
        if (n < Envelope.MIN_SEALED_BYTES || n > RekeyLimits.MAX_MESSAGE_BYTES) {
            throw new MessageSizeException("sealed rekey message of " + n + " bytes outside " + Envelope.MIN_SEALED_BYTES + ".."
                    + RekeyLimits.MAX_MESSAGE_BYTES);
        }
        // n >= MIN_SEALED_BYTES, so the header reads cannot run short; nor can the signer fields once
        // the body length is checked against n.
        WireReader<MalformedMessageException> header =
                new WireReader<>(sealed, 0, Envelope.HEADER_BYTES, MalformedMessageException::new);
        int version = header.u8("envelope version");
        if (version != Envelope.VERSION) {
            throw new MalformedMessageException("unsupported envelope version " + version);
        }
        long generation = header.u32("auth key generation");
        if (generation > Integer.MAX_VALUE) {
            throw new MalformedMessageException("auth key generation " + generation + " has its top bit set");
        }
        long bodyLength = header.u32("body length");
        long maxBody = n - Envelope.HEADER_BYTES - Envelope.SIGNER_BYTES - 1 - Envelope.TAG_BYTES;
        if (bodyLength < 1 || bodyLength > RekeyMessageCodec.MAX_BODY_BYTES || bodyLength > maxBody) {
            throw new MessageSizeException("body length " + bodyLength + " does not fit a " + n + "-byte message");
        }
        int body = (int) bodyLength;
        int signerAt = Envelope.HEADER_BYTES + body;
        WireReader<MalformedMessageException> signer =
                new WireReader<>(sealed, signerAt, Envelope.SIGNER_BYTES, MalformedMessageException::new);
        long keyId = signer.i64("sender key id");
        int algorithmCode = signer.u16("signature algorithm");
        int signatureLength = signer.u16("signature length");
        if (signatureLength < 1 || signatureLength > Envelope.MAX_SIGNATURE_BYTES
                || signerAt + Envelope.SIGNER_BYTES + signatureLength + Envelope.TAG_BYTES != n) {
            throw new MessageSizeException("signature length " + signatureLength + " does not fit a " + n + "-byte message with a "
                    + body + "-byte body");
        }
        return new Layout((int) generation, body, keyId, algorithmCode, signerAt + 10, signatureLength);
    }

    /** 3. Signature by a trusted key, 4. strict decoding. */
    private OpenedRekeyMessage verifyAndDecode(byte[] sealed, Layout l, Map<Long, PublicKey> trustedSigners, byte[] digest)
            throws RekeyMessageException {
        long keyId = l.keyId();
        PublicKey key = keyId < 0 ? null : trustedSigners.get(keyId);
        if (key == null) {
            throw new UnknownSignerException("rekey message signed by untrusted key id " + Long.toUnsignedString(keyId));
        }
        int algorithmCode = l.algorithmCode();
        SignatureAlgorithm algorithm;
        try {
            algorithm = SignatureAlgorithm.fromCode(algorithmCode);
        } catch (UnsupportedAlgorithmException e) {
            throw new MessageSignatureException("unknown signature algorithm 0x" + Integer.toHexString(algorithmCode));
        }
        if (algorithm.keyType() != key.type()) {
            throw new MessageSignatureException(algorithm + " cannot be made by the " + key.type() + " key " + keyId);
        }
        byte[] signature = Arrays.copyOfRange(sealed, l.signedLength + 2, l.signedLength + 2 + l.signatureLength);
        try {
            provider.verifier().verify(algorithm, key, Envelope.toBeSigned(digest), signature);
        } catch (InvalidSignatureException | InvalidKeyException e) {
            throw new MessageSignatureException("rekey message signature does not verify under key " + keyId, e);
        }
        RekeyMessage message = RekeyMessageCodec.decode(sealed, Envelope.HEADER_BYTES, l.body);
        return new OpenedRekeyMessage(message, keyId, key, algorithm, l.authGeneration, digest, sealed.length);
    }
}
