package org.gkm.rekey.data;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.gkm.crypto.NonceSequenceAead;
import org.gkm.rekey.message.TekId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The authenticated header of a Data SA packet (the AES-GCM AAD), {@value #BYTES} bytes, big-endian:
 *
 * <pre>
 * u8  format version (2)
 * 8   group tag ({@link DataSaKey#groupTag()})
 * u32 TEK version, u32 TEK revision (claim 7; top bits clear)
 * u32 sender id (unsigned, 0..2^32-1)
 * 16  sender salt (random, drawn by each sender instance)
 * u32 sequence number (1..2^32-1)
 * </pre>
 *
 * followed by ciphertext || 16-byte tag. The packet is sealed under the sender instance's own key,
 * derived from the data key, the salt and the sender id; the sequence number selects the nonce
 * under that key ({@link DataSaSender}). Format version 1 (nonce = sender id || sequence under the
 * data key itself) is not accepted.
 */
public record DataSaHeader(byte[] groupTag, TekId tek, long senderId, byte[] salt, long sequence) {
    public static final int VERSION = 2;
    public static final int SALT_BYTES = NonceSequenceAead.SALT_LENGTH;
    public static final int BYTES = 1 + DataSaKey.GROUP_TAG_BYTES + 4 + 4 + 4 + SALT_BYTES + 4;
    public static final long MAX_SENDER_ID = 0xFFFF_FFFFL;
    /** Largest sequence number: the last message number of a sender key. */
    public static final long MAX_SEQUENCE = NonceSequenceAead.MAX_MESSAGES;

    static final int TEK_AT = 1 + DataSaKey.GROUP_TAG_BYTES;
    static final int SENDER_AT = TEK_AT + 8;
    static final int SALT_AT = SENDER_AT + 4;
    static final int SEQUENCE_AT = SALT_AT + SALT_BYTES;

    public DataSaHeader {
        Objects.requireNonNull(tek, "tek");
        if (groupTag.length != DataSaKey.GROUP_TAG_BYTES) {
            throw new IllegalArgumentException("group tag must be " + DataSaKey.GROUP_TAG_BYTES + " bytes");
        }
        if (senderId < 0 || senderId > MAX_SENDER_ID) {
            throw new IllegalArgumentException("Data SA sender id must be 0.." + MAX_SENDER_ID + ", got " + senderId);
        }
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("sender salt must be " + SALT_BYTES + " bytes");
        }
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence number must be 1.." + MAX_SEQUENCE + ", got " + sequence);
        }
        groupTag = groupTag.clone();
        salt = salt.clone();
    }

    @Override
    public byte[] groupTag() {
        return groupTag.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** The {@value #BYTES} encoded bytes. */
    byte[] encode() {
        byte[] out = new byte[BYTES];
        WireWriter.into(out, 0).u8(VERSION).fixed(groupTag, DataSaKey.GROUP_TAG_BYTES).u32(tek.version()).u32(tek.revision())
                .u32(senderId).fixed(salt, SALT_BYTES).u32(sequence);
        return out;
    }

    /**
     * Parses the header at the start of {@code packet} (whose length the caller checked to be at least {@link #BYTES}).
     */
    static DataSaHeader parse(byte[] packet) throws MalformedPacketException {
        WireReader<MalformedPacketException> r = new WireReader<>(packet, 0, BYTES, MalformedPacketException::new);
        int version = r.u8("Data SA format version");
        if (version != VERSION) {
            throw new MalformedPacketException("unsupported Data SA format version " + version);
        }
        byte[] groupTag = r.fixed(DataSaKey.GROUP_TAG_BYTES, "group tag");
        TekId tek = new TekId(r.nonNegativeInt("TEK version"), r.nonNegativeInt("TEK revision"));
        long sender = r.u32("sender id");
        byte[] salt = r.fixed(SALT_BYTES, "sender salt");
        long sequence = r.u32("sequence number");
        if (sequence < 1) {
            throw new MalformedPacketException("sequence number must be 1.." + MAX_SEQUENCE);
        }
        return new DataSaHeader(groupTag, tek, sender, salt, sequence);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSaHeader h && Arrays.equals(h.groupTag, groupTag) && h.tek.equals(tek) && h.senderId == senderId
                && Arrays.equals(h.salt, salt) && h.sequence == sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(groupTag), tek, senderId, Arrays.hashCode(salt), sequence);
    }

    @Override
    public String toString() {
        return "DataSaHeader[tek=" + tek + ", sender=" + senderId + ", salt=" + HexFormat.of().formatHex(salt) + ", sequence="
                + sequence + "]";
    }
}
