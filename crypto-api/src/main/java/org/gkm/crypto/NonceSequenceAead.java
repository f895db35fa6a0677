package org.gkm.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * AES-GCM for senders that number their messages, with nonces that cannot repeat whatever the
 * caller does. Each {@link SealingKey} draws a random {@value #SALT_LENGTH}-byte salt from the
 * provider's CSPRNG when it is created and seals under its own key
 *
 * <pre>
 * K = HKDF-SHA256(salt, ikm = master key,
 *                 info = "gkm nonce-sequence aead v1" || u16 AEAD code || context, L = key length)
 * </pre>
 *
 * with the 12-byte nonce {@code 0x00000000 || u64 message number} (big-endian), numbers running 1,
 * 2, ... up to {@link #MAX_MESSAGES}; after that the key refuses ({@link KeyExhaustedException}). A
 * receiver builds the matching {@link OpeningKey} from the same master key and context and the salt,
 * which the sender sends in the clear (a packet header), and opens message n with nonce n.
 *
 * <p>Why a (key, nonce) pair is never used twice: under one sealing key the counter only rises and
 * never wraps; two sealing keys share K only if they drew the same salt for the same master key,
 * context and algorithm, which for q sealing keys happens with probability at most q^2 / 2^129
 * (2^-89 for a million sealing keys); and for sealing the caller supplies neither salt, nonce nor
 * K. So a sender that restarts, or two senders that claim one identity, get different keys, and no
 * counter has to survive a restart. The caller's context (a protocol label, group, key id, sender)
 * and the AEAD code are in the HKDF info, so one master key never yields the same K for two uses or
 * an AES-128 key that is a prefix of an AES-256 one.
 *
 * <p>Limits: {@link #MAX_MESSAGES} messages per sealing key (a new one costs one HKDF). AES-GCM's
 * confidentiality bound depends on the blocks sealed under one key; as K is fresh per sealing key,
 * that is what one sender instance seals, which the caller bounds by replacing the master key or
 * the sealing key.
 *
 * <p>Stateless and thread-safe; the state lives in the keys it creates.
 */
public final class NonceSequenceAead {
    /** Salt length: 128 bits, drawn per sealing key and sent with its messages. */
    public static final int SALT_LENGTH = 16;
    /** Message numbers run 1 .. 2^32 - 1. */
    public static final long MAX_MESSAGES = 0xFFFF_FFFFL;
    /** Longest context accepted. */
    public static final int MAX_CONTEXT_LENGTH = 1024;
    /** Bytes a sealed message adds to its plaintext: the tag (the nonce is the message number). */
    public static final int OVERHEAD = AeadAlgorithm.TAG_LENGTH;

    private static final byte[] LABEL = "gkm nonce-sequence aead v1".getBytes(StandardCharsets.US_ASCII);

    private final CryptoSpi spi;
    private final InsecureNonceAesGcm gcm;
    private final Kdf kdf;

    NonceSequenceAead(CryptoSpi spi, InsecureNonceAesGcm gcm, Kdf kdf) {
        this.spi = spi;
        this.gcm = gcm;
        this.kdf = kdf;
    }

    /**
     * A new sealing key with a fresh random salt. {@code masterKey} is unchanged and may be
     * destroyed afterwards.
     *
     * @param masterKey at least {@code alg.keyLength()} bytes
     * @param context what the key is for, at most {@value #MAX_CONTEXT_LENGTH} bytes (the receiver
     *     passes the same bytes)
     * @throws InvalidKeyException if the master key is shorter than the AEAD key
     * @throws InvalidInputException if the context is too long
     */
    public SealingKey newSealingKey(AeadAlgorithm alg, SecretBytes masterKey, byte[] context)
            throws InvalidKeyException, InvalidInputException {
        check(alg, masterKey, context);
        byte[] salt = new byte[SALT_LENGTH];
        spi.randomBytes(salt, 0, SALT_LENGTH);
        return new SealingKey(new SequenceKey(alg, gcm, derive(alg, masterKey, salt, context), salt));
    }

    /**
     * The opening key of the sealing key that drew {@code salt} under the same master key, context
     * and algorithm.
     *
     * @throws InvalidKeyException if the master key is shorter than the AEAD key
     * @throws InvalidInputException if the salt is not {@value #SALT_LENGTH} bytes or the context is
     *     too long
     */
    public OpeningKey openingKey(AeadAlgorithm alg, SecretBytes masterKey, byte[] salt, byte[] context)
            throws InvalidKeyException, InvalidInputException {
        check(alg, masterKey, context);
        if (salt.length != SALT_LENGTH) {
            throw new InvalidInputException("salt must be " + SALT_LENGTH + " bytes, got " + salt.length);
        }
        byte[] copy = salt.clone();
        return new OpeningKey(new SequenceKey(alg, gcm, derive(alg, masterKey, copy, context), copy));
    }

    /** The 12-byte GCM nonce of message {@code number}: four zero bytes, then the u64 number. */
    static byte[] nonce(long number) {
        byte[] n = new byte[AeadAlgorithm.NONCE_LENGTH];
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (number >>> (56 - 8 * i));
        }
        return n;
    }

    private static void check(AeadAlgorithm alg, SecretBytes masterKey, byte[] context)
            throws InvalidKeyException, InvalidInputException {
        Objects.requireNonNull(alg, "alg");
        if (masterKey.length() < alg.keyLength()) {
            throw new InvalidKeyException(alg + " master key must be at least " + alg.keyLength() + " bytes, got "
                    + masterKey.length());
        }
        if (context.length > MAX_CONTEXT_LENGTH) {
            throw new InvalidInputException("context of " + context.length + " bytes exceeds " + MAX_CONTEXT_LENGTH);
        }
    }

    private byte[] derive(AeadAlgorithm alg, SecretBytes masterKey, byte[] salt, byte[] context) throws InvalidInputException {
        byte[] info = new byte[LABEL.length + 2 + context.length];
        System.arraycopy(LABEL, 0, info, 0, LABEL.length);
        info[LABEL.length] = (byte) (alg.code() >>> 8);
        info[LABEL.length + 1] = (byte) alg.code();
        System.arraycopy(context, 0, info, LABEL.length + 2, context.length);
        return kdf.derive(salt, masterKey.array(), info, alg.keyLength());
    }
}
