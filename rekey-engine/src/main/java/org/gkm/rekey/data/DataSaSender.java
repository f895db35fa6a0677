package org.gkm.rekey.data;

import java.util.Objects;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyExhaustedException;
import org.gkm.crypto.SealingKey;

/**
 * Encrypts one member's application data under a {@link DataSaKey} (claim 8). Each instance is one
 * sender stream: at construction it draws a random {@value DataSaHeader#SALT_BYTES}-byte salt from
 * the provider's CSPRNG and derives its own AES-256-GCM key
 *
 * <pre>
 * K = HKDF-SHA256(salt, ikm = data key, info = "gkm nonce-sequence aead v1" || u16 0x0002
 *                 || "gkm data sa v2 sender" || u8 group id length || group id
 *                 || u32 TEK version || u32 TEK revision || u32 sender id, 32)
 * </pre>
 *
 * ({@link org.gkm.crypto.NonceSequenceAead}). Packet i (i = 1, 2, ...) is {@link DataSaHeader}
 * (carrying the salt and i) || AES-256-GCM(K, nonce = 0^32 || u64 i, aad = header, plaintext).
 *
 * <p>Why no nonce repeats under any key: within an instance the sequence number only rises and
 * stops at {@link DataSaHeader#MAX_SEQUENCE} ({@link SequenceExhaustedException}, never a wrap);
 * a restarted sender, or a second sender that claims the same id, is another instance with another
 * salt, hence another K, so nothing has to be persisted and sender ids need not be unique for
 * confidentiality (they still name replay windows and appear in the key's context). Two instances
 * share K only if their 128-bit salts collide: probability at most q^2 / 2^129 for q instances under
 * one TEK. The data key itself never encrypts.
 *
 * <p>After exhaustion, create a new sender (a new salt continues at sequence 1). Thread-safe:
 * concurrent seals get distinct sequence numbers. {@link #destroy()} zeroes the sender key.
 */
public final class DataSaSender {
    /** Largest plaintext of one packet: 16 MiB. */
    public static final int MAX_PLAINTEXT_BYTES = 1 << 24;

    private final DataSaKey key;
    private final long senderId;
    private final SealingKey sealing;
    private final byte[] salt;

    /**
     * A new sender instance (new salt, first packet sequence 1).
     *
     * @throws IllegalArgumentException if the sender id is outside 0..2^32-1
     * @throws IllegalStateException if {@code key} was destroyed
     */
    public DataSaSender(CryptoProvider provider, DataSaKey key, long senderId) {
        Objects.requireNonNull(provider, "provider");
        this.key = Objects.requireNonNull(key, "key");
        if (senderId < 0 || senderId > DataSaHeader.MAX_SENDER_ID) {
            throw new IllegalArgumentException("Data SA sender id must be 0.." + DataSaHeader.MAX_SENDER_ID + ", got " + senderId);
        }
        this.senderId = senderId;
        try {
            this.sealing = provider.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, key.dataKey(), key.senderContext(senderId));
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new IllegalStateException("a 32-byte data key and a short context were refused", e);
        }
        this.salt = sealing.salt();
    }

    /** The sender id this instance puts in its headers and key context. */
    public long senderId() {
        return senderId;
    }

    /** This instance's salt (a copy; not secret). */
    public byte[] salt() {
        return salt.clone();
    }

    /** The sequence number the next packet will carry; {@code MAX_SEQUENCE + 1} once exhausted. */
    public long nextSequence() {
        return sealing.nextNumber();
    }

    /**
     * Encrypts {@code plaintext} into a new packet.
     *
     * @throws SequenceExhaustedException if this instance used its last sequence number
     * @throws IllegalArgumentException if the plaintext exceeds {@link #MAX_PLAINTEXT_BYTES}
     * @throws IllegalStateException if this sender was destroyed
     */
    public byte[] seal(byte[] plaintext) throws SequenceExhaustedException {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("plaintext of " + plaintext.length + " bytes exceeds " + MAX_PLAINTEXT_BYTES);
        }
        SealingKey.Sealed sealed;
        try {
            sealed = sealing.seal(plaintext, this::header);
        } catch (KeyExhaustedException e) {
            throw new SequenceExhaustedException("sender " + senderId + " used every sequence number of this instance under TEK "
                    + key.tekId() + "; create a new sender");
        } catch (InvalidInputException e) {
            throw new IllegalStateException("AES-GCM refused a plaintext within the Data SA limit", e);
        }
        byte[] ciphertext = sealed.ciphertext();
        byte[] packet = new byte[DataSaHeader.BYTES + ciphertext.length];
        System.arraycopy(header(sealed.number()), 0, packet, 0, DataSaHeader.BYTES);
        System.arraycopy(ciphertext, 0, packet, DataSaHeader.BYTES, ciphertext.length);
        return packet;
    }

    private byte[] header(long sequence) {
        return new DataSaHeader(key.groupTagArray(), key.tekId(), senderId, salt, sequence).encode();
    }

    /** Skips sequence numbers (never back): tests of the receiver's window and of exhaustion. */
    void advanceTo(long sequence) {
        sealing.advanceTo(sequence);
    }

    /** Zeroes this instance's key; later seals throw {@link IllegalStateException}. Idempotent. */
    public void destroy() {
        sealing.destroy();
    }

    @Override
    public String toString() {
        return "DataSaSender[sender=" + senderId + ", tek=" + key.tekId() + ", next=" + sealing.nextNumber() + "]";
    }
}
