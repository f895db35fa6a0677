package org.gkm.replication;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.rekey.MalformedChangeException;
import org.gkm.rekey.store.StoreLimits;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * One Raft log entry of a replicated group: the group's creation (a server snapshot, sequence 0),
 * one committed rekey (a change record with the sealed rekey message that announces it), or a
 * new version of the group's membership (what the GCKS knows beyond the key tree).
 *
 * <pre>
 * entry = u8 version(1) || u8 kind || u64 epoch || u64 sequence
 *         || u32 length || payload || u32 length || rekey message
 * kind  = 1 GENESIS  (payload: ServerSnapshot with the GCKS signing key; no message, sequence 0)
 *       | 2 CHANGE   (payload: ServerChange record; message: the sealed rekey message, sequence >= 1)
 *       | 3 SNAPSHOT (a Ratis snapshot file, not a log entry: payload as GENESIS at the sequence;
 *                     message: the committed rekey messages and membership, {@link GroupStateMachine})
 *       | 4 MEMBERSHIP (payload: the encoded gcks Membership; no message; sequence = the membership's
 *                     version, >= 1, counted apart from the rekey sequence)
 * </pre>
 *
 * <p>The payload holds secrets in the clear (new node keys, or every key of the group): the
 * encoded bytes are zeroed by whoever made them once handed on, {@link #destroy()} zeroes this
 * value's copy, and {@code toString} shows sizes only. The sequence in the entry is what the state
 * machine checks before applying: an entry whose sequence is not the replica's next is refused on
 * every replica alike, so one sequence number never carries two different changes.
 *
 * @param kind what the entry does
 * @param epoch the group's epoch, at least 0
 * @param sequence the rekey's sequence number (0 for {@link Kind#GENESIS}; the membership version
 *     for {@link Kind#MEMBERSHIP})
 * @param payload the snapshot or change record (secret; copied in and out)
 * @param rekeyMessage the sealed rekey message (public; empty for {@link Kind#GENESIS} and
 *     {@link Kind#MEMBERSHIP})
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode below compare contents
public record ReplicatedEntry(Kind kind, long epoch, long sequence, byte[] payload, byte[] rekeyMessage) {
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** What an entry does. */
    public enum Kind {
        /** Creates the group from a server snapshot. */
        GENESIS(1),
        /** Applies one rekey's change record. */
        CHANGE(2),
        /**
         * A Ratis snapshot file, never a log entry: the server snapshot at {@code sequence} with the
         * GCKS signing key, and the committed messages ({@link GroupStateMachine}'s format) in the
         * message field.
         */
        SNAPSHOT(3),
        /**
         * Replaces the group's membership (GKMP identities and their tree member ids, confirmed
         * registrations, sender ids, barred identities, key ids reserved) with the encoded one in the
         * payload; the sequence is the membership's version, which must be the replica's next.
         */
        MEMBERSHIP(4);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }

        static Kind of(int code) throws MalformedChangeException {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new MalformedChangeException("unknown replicated entry kind " + code);
        }
    }

    public ReplicatedEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(rekeyMessage, "rekeyMessage");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (kind == Kind.GENESIS && (sequence != 0 || rekeyMessage.length != 0)) {
            throw new IllegalArgumentException("a genesis entry has sequence 0 and no rekey message");
        }
        if (kind == Kind.CHANGE && sequence < 1) {
            throw new IllegalArgumentException("a change entry's sequence must be >= 1, got " + sequence);
        }
        if (kind == Kind.MEMBERSHIP && (sequence < 1 || rekeyMessage.length != 0)) {
            throw new IllegalArgumentException("a membership entry has a version >= 1 and no rekey message");
        }
        if (payload.length > StoreLimits.MAX_PAYLOAD || rekeyMessage.length > StoreLimits.MAX_PAYLOAD) {
            throw new IllegalArgumentException("entry part exceeds " + StoreLimits.MAX_PAYLOAD + " bytes");
        }
        payload = payload.clone();
        rekeyMessage = rekeyMessage.clone();
    }

    /** The payload (a copy; secret: zero it when done). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The sealed rekey message (a copy). */
    @Override
    public byte[] rekeyMessage() {
        return rekeyMessage.clone();
    }

    /** The encoded entry (secret: zero it once handed on). */
    public byte[] encode() {
        // exactly sized, so no grown-out buffer with the payload is left behind
        byte[] out = new byte[1 + 1 + 8 + 8 + 4 + payload.length + 4 + rekeyMessage.length];
        WireWriter.into(out, 0).u8(VERSION).u8(kind.code()).i64(epoch).i64(sequence)
                .bytes32(payload, StoreLimits.MAX_PAYLOAD).bytes32(rekeyMessage, StoreLimits.MAX_PAYLOAD);
        return out;
    }

    /**
     * Decodes an entry; strict (version, kind, limits before allocation, no trailing bytes). The
     * input is only read.
     *
     * @throws MalformedChangeException if the bytes are not an entry of this format
     */
    public static ReplicatedEntry decode(byte[] bytes) throws MalformedChangeException {
        WireReader<MalformedChangeException> r = new WireReader<>(bytes, MalformedChangeException::new);
        int version = r.u8("version");
        if (version != VERSION) {
            throw new MalformedChangeException("replicated entry version " + version + ", this code reads " + VERSION);
        }
        Kind kind = Kind.of(r.u8("kind"));
        long epoch = r.nonNegativeLong("epoch");
        long sequence = r.nonNegativeLong("sequence");
        byte[] payload = r.bytes32(1, StoreLimits.MAX_PAYLOAD, "payload");
        try {
            byte[] message = r.bytes32(0, StoreLimits.MAX_PAYLOAD, "rekey message");
            r.finish("replicated entry");
            try {
                return new ReplicatedEntry(kind, epoch, sequence, payload, message);
            } catch (IllegalArgumentException e) {
                throw new MalformedChangeException("replicated entry: " + e.getMessage(), e);
            }
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /** Zeroes this value's copy of the payload. */
    public void destroy() {
        Arrays.fill(payload, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicatedEntry e && e.kind == kind && e.epoch == epoch && e.sequence == sequence
                && java.security.MessageDigest.isEqual(e.payload, payload) && Arrays.equals(e.rekeyMessage, rekeyMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, epoch, sequence, Arrays.hashCode(rekeyMessage));
    }

    @Override
    public String toString() {
        return "ReplicatedEntry[" + kind + ", epoch=" + epoch + ", seq=" + sequence + ", payload=" + payload.length
                + " bytes, message=" + rekeyMessage.length + " bytes]";
    }
}
