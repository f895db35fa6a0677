package org.gkm.rekey.data;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;

/**
 * Encrypts one member's application data under a {@link DataSaKey} (claim 8): each packet is
 * {@link DataSaHeader} || AES-256-GCM(data key, nonce = sender id || sequence, aad = header,
 * plaintext). Sequence numbers start at the given value (1 for a fresh TEK), rise by one per packet
 * and never wrap: after 2^63-1 the sender refuses ({@link SequenceExhaustedException}), since a
 * repeated nonce under one key breaks GCM. A sender that restarts under the same TEK must resume
 * from its next unused sequence number. Thread-safe.
 */
public final class DataSaSender {
    /** Largest plaintext of one packet: 16 MiB. */
    public static final int MAX_PLAINTEXT_BYTES = 1 << 24;

    private final CryptoProvider provider;
    private final DataSaKey key;
    private final long senderId;
    private long next;
    private boolean exhausted;

    /** A sender for a fresh TEK: the first packet has sequence number 1. */
    public DataSaSender(CryptoProvider provider, DataSaKey key, long senderId) {
        this(provider, key, senderId, 1);
    }

    /**
     * A sender resuming at {@code nextSequence} (>= 1).
     *
     * @throws IllegalArgumentException if the sender id is outside 0..2^32-1 or nextSequence &lt; 1
     */
    public DataSaSender(CryptoProvider provider, DataSaKey key, long senderId, long nextSequence) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.key = Objects.requireNonNull(key, "key");
        if (senderId < 0 || senderId > DataSaHeader.MAX_SENDER_ID) {
            throw new IllegalArgumentException("Data SA sender id must be 0.." + DataSaHeader.MAX_SENDER_ID + ", got " + senderId);
        }
        if (nextSequence < 1) {
            throw new IllegalArgumentException("next sequence number must be >= 1, got " + nextSequence);
        }
        this.senderId = senderId;
        this.next = nextSequence;
    }

    /** The sequence number the next packet will carry. */
    public synchronized long nextSequence() {
        return next;
    }

    /**
     * Encrypts {@code plaintext} into a new packet.
     *
     * @throws SequenceExhaustedException if the sequence numbers under this TEK are used up
     * @throws IllegalArgumentException if the plaintext exceeds {@link #MAX_PLAINTEXT_BYTES}
     */
    public byte[] seal(byte[] plaintext) throws SequenceExhaustedException {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds " + MAX_PLAINTEXT_BYTES);
        }
        long seq;
        synchronized (this) {
            if (exhausted) {
                throw new SequenceExhaustedException("sender " + senderId + " used every sequence number under TEK " + key.tekId());
            }
            seq = next;
            if (next == Long.MAX_VALUE) {
                exhausted = true;
            } else {
                next++;
            }
        }
        DataSaHeader header = new DataSaHeader(key.groupTagArray(), key.tekId(), senderId, seq);
        byte[] aad = new byte[DataSaHeader.BYTES];
        header.encodeInto(aad);
        byte[] sealed;
        try {
            sealed = provider.insecureNonceAesGcm().seal(key.keyArray(), header.nonce(), aad, plaintext);
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new IllegalStateException("AES-GCM refused a 32-byte key and 12-byte nonce", e);
        }
        byte[] packet = new byte[DataSaHeader.BYTES + sealed.length];
        System.arraycopy(aad, 0, packet, 0, DataSaHeader.BYTES);
        System.arraycopy(sealed, 0, packet, DataSaHeader.BYTES, sealed.length);
        return packet;
    }
}
