package org.gkm.rekey.message;

import java.util.Objects;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;

/**
 * A rekey message that passed every check of {@link RekeyMessageOpener}: (for the multicast) its
 * MAC under the group authentication key of generation {@link #authGeneration()}, its signature by
 * the trusted key {@link #signerKey()} (named {@link #signerKeyId()}), and strict decoding. Only the
 * opener creates one, so an API that takes it takes a message whose origin was checked.
 * {@link #signedDigest()} is the envelope's digest D of the signed content (everything before the
 * signature): the message's identity for duplicate detection. The sequence-number policy is still
 * the receiver's to apply.
 */
public final class OpenedRekeyMessage {
    private final RekeyMessage message;
    private final long signerKeyId;
    private final PublicKey signerKey;
    private final SignatureAlgorithm algorithm;
    private final int authGeneration;
    private final byte[] signedDigest;
    private final int sealedLength;

    OpenedRekeyMessage(RekeyMessage message, long signerKeyId, PublicKey signerKey, SignatureAlgorithm algorithm,
            int authGeneration, byte[] signedDigest, int sealedLength) {
        this.message = Objects.requireNonNull(message, "message");
        this.signerKeyId = signerKeyId;
        this.signerKey = Objects.requireNonNull(signerKey, "signerKey");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.authGeneration = authGeneration;
        this.signedDigest = signedDigest.clone();
        this.sealedLength = sealedLength;
    }

    public RekeyMessage message() {
        return message;
    }

    public long signerKeyId() {
        return signerKeyId;
    }

    /** The trusted key the signature verified under. */
    public PublicKey signerKey() {
        return signerKey;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** Generation of the group authentication key named in the envelope. */
    public int authGeneration() {
        return authGeneration;
    }

    /** The 32-byte digest D of the signed content (a copy). */
    public byte[] signedDigest() {
        return signedDigest.clone();
    }

    /** Size on the wire. */
    public int sealedLength() {
        return sealedLength;
    }

    @Override
    public String toString() {
        return "OpenedRekeyMessage[" + message + ", signer=" + signerKeyId + ", authGeneration=" + authGeneration + "]";
    }
}
