package org.gkm.rekey.message;

import java.util.Objects;
import org.gkm.crypto.SignatureAlgorithm;

/**
 * A rekey message that passed every check of {@link RekeyMessageOpener#open}: its MAC, its signature
 * by the trusted key {@code signerKeyId}, and strict decoding. {@code sealedLength} is the size it
 * had on the wire. The sequence-number policy is still the receiver's to apply.
 */
public record OpenedRekeyMessage(RekeyMessage message, long signerKeyId, SignatureAlgorithm algorithm, int sealedLength) {
    public OpenedRekeyMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(algorithm, "algorithm");
    }
}
