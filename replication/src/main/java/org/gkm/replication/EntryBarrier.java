package org.gkm.replication;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyExhaustedException;
import org.gkm.crypto.NonceSequenceAead;
import org.gkm.crypto.OpeningKey;
import org.gkm.crypto.SealingKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.SealedGroupStore;

/**
 * Encrypts and authenticates replicated log entries, so Ratis' log segments, caches and the
 * network between replicas never hold a change record's or genesis snapshot's keys in the clear,
 * and an entry that no holder of the master key sealed for this group, kind, epoch and sequence is
 * refused before anything is decoded.
 *
 * <p><b>Keys.</b> Rooted in the master key of the store's barrier ({@link SealedGroupStore}: 32
 * bytes, never written anywhere, the same on every replica of the group): a leader's sealing key is
 * {@link NonceSequenceAead} (AES-256-GCM) under the master key with a fresh random salt and the
 * context {@code "gkm raft entry v1" || u8 len || group id}, so it is separate from every key the
 * store derives (other labels) and from other groups' entries; nonces are the key's message
 * counter, unique by construction, and every barrier instance draws its own salt. Replicas derive
 * the opening key from the master key, the context and the salt in the entry.
 *
 * <pre>
 * sealed entry = u8 version(1) || u8 kind || u64 epoch || u64 sequence || salt(16) || u64 number
 *                || AES-256-GCM(entry) (ciphertext || tag)
 * AAD          = "gkm raft entry aad v1" || u8 len || group id || u8 kind || u64 epoch || u64 sequence
 * </pre>
 *
 * The header's kind, epoch and sequence are in the clear (the state machine checks them against
 * the opened entry) and bound by the AAD: an entry moved to another group, or given another
 * sequence, epoch or kind, does not open; an entry replayed unchanged opens but its sequence is
 * then not the group's next, so the state machine refuses it as stale. Raft's term and index are not
 * bound (the leader seals before Ratis assigns the index): the sequence, which the state machine
 * requires to be the next one, is what orders entries.
 *
 * <p>Thread-safe; {@link #close()} zeroes the master key copy and the sealing key.
 */
public final class EntryBarrier implements AutoCloseable {
    static final int VERSION = 1;
    static final AeadAlgorithm AEAD = AeadAlgorithm.AES_256_GCM;
    static final int HEADER = 1 + 1 + 8 + 8 + NonceSequenceAead.SALT_LENGTH + 8;
    private static final byte[] CONTEXT_LABEL = "gkm raft entry v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD_LABEL = "gkm raft entry aad v1".getBytes(StandardCharsets.US_ASCII);

    private final CryptoProvider provider;
    private final GroupId group;
    private final SecretBytes master;
    private final byte[] context;
    private SealingKey sealing;
    private boolean closed;

    /**
     * A barrier for {@code group}'s entries under {@code masterKey} (copied; the caller may destroy
     * its own).
     *
     * @throws IllegalArgumentException if the master key is not {@value SealedGroupStore#MASTER_KEY_LENGTH} bytes
     */
    public EntryBarrier(CryptoProvider provider, GroupId group, SecretBytes masterKey) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.group = Objects.requireNonNull(group, "group");
        if (masterKey.length() != SealedGroupStore.MASTER_KEY_LENGTH) {
            throw new IllegalArgumentException("master key must be " + SealedGroupStore.MASTER_KEY_LENGTH + " bytes, got "
                    + masterKey.length());
        }
        byte[] raw = masterKey.toByteArray(InsecureSecretAccess.get());
        try {
            this.master = SecretBytes.copyOf(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        byte[] id = group.value();
        this.context = ByteBuffer.allocate(CONTEXT_LABEL.length + 1 + id.length).put(CONTEXT_LABEL).put((byte) id.length)
                .put(id).array();
    }

    private byte[] aad(int kind, long epoch, long sequence) {
        byte[] id = group.value();
        return ByteBuffer.allocate(AAD_LABEL.length + 1 + id.length + 1 + 16).put(AAD_LABEL).put((byte) id.length).put(id)
                .put((byte) kind).putLong(epoch).putLong(sequence).array();
    }

    /** Seals an entry (the input is only read). */
    public synchronized byte[] seal(ReplicatedEntry entry) {
        if (closed) {
            throw new IllegalStateException("entry barrier is closed");
        }
        byte[] plain = entry.encode();
        try {
            byte[] aad = aad(entry.kind().code(), entry.epoch(), entry.sequence());
            SealingKey.Sealed s;
            try {
                if (sealing == null) {
                    sealing = provider.nonceSequenceAead().newSealingKey(AEAD, master, context);
                }
                s = sealing.seal(plain, aad);
            } catch (KeyExhaustedException e) {
                sealing.destroy();
                sealing = null;
                return seal(entry);
            } catch (CryptoException e) {
                throw new IllegalStateException("sealing a replicated entry failed", e);
            }
            byte[] ct = s.ciphertext();
            return ByteBuffer.allocate(HEADER + ct.length).put((byte) VERSION).put((byte) entry.kind().code())
                    .putLong(entry.epoch()).putLong(entry.sequence()).put(sealing.salt()).putLong(s.number()).put(ct).array();
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Opens a sealed entry and checks that it is what its authenticated header says.
     *
     * @throws MalformedChangeException if the bytes are not a sealed entry of this group that opens
     *     under the master key with its header as associated data
     */
    public ReplicatedEntry open(byte[] sealed) throws MalformedChangeException {
        if (sealed.length < HEADER + NonceSequenceAead.OVERHEAD) {
            throw new MalformedChangeException("sealed entry of " + sealed.length + " bytes is too short");
        }
        ByteBuffer b = ByteBuffer.wrap(sealed);
        int version = b.get() & 0xFF;
        if (version != VERSION) {
            throw new MalformedChangeException("sealed entry version " + version + ", this code reads " + VERSION);
        }
        int kind = b.get() & 0xFF;
        long epoch = b.getLong();
        long sequence = b.getLong();
        byte[] salt = new byte[NonceSequenceAead.SALT_LENGTH];
        b.get(salt);
        long number = b.getLong();
        byte[] ct = Arrays.copyOfRange(sealed, HEADER, sealed.length);
        byte[] plain = null;
        OpeningKey key = null;
        try {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("entry barrier is closed");
                }
                key = provider.nonceSequenceAead().openingKey(AEAD, master, salt, context);
            }
            plain = key.open(number, ct, aad(kind, epoch, sequence));
            ReplicatedEntry e = ReplicatedEntry.decode(plain);
            if (e.kind().code() != kind || e.epoch() != epoch || e.sequence() != sequence) {
                e.destroy();
                throw new MalformedChangeException("sealed entry's header does not match its content");
            }
            return e;
        } catch (CryptoException e) {
            throw new MalformedChangeException("sealed entry of sequence " + sequence
                    + " does not open for this group under this master key", e);
        } finally {
            if (key != null) {
                key.destroy();
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** Zeroes the master key copy and the sealing key. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        master.destroy();
        if (sealing != null) {
            sealing.destroy();
            sealing = null;
        }
    }

    @Override
    public String toString() {
        return "EntryBarrier[" + group + "]";
    }
}
