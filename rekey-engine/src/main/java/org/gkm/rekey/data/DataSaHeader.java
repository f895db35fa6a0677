package org.gkm.rekey.data;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.rekey.message.TekId;

/**
 * The authenticated header of a Data SA packet (the AES-GCM AAD), {@value #BYTES} bytes, big-endian:
 *
 * <pre>
 * u8  format version (1)
 * 8   group tag ({@link DataSaKey#groupTag()})
 * u32 TEK version, u32 TEK revision (claim 7; top bits clear)
 * u32 sender id (unsigned, 0..2^32-1)
 * u64 sequence number (1..2^63-1)
 * </pre>
 *
 * followed by ciphertext || 16-byte tag. The GCM nonce is u32 sender id || u64 sequence (12 bytes),
 * unique under one data key as long as sender ids are unique in the group and each sender never
 * repeats a sequence number ({@link DataSaSender} refuses to wrap).
 */
public record DataSaHeader(byte[] groupTag, TekId tek, long senderId, long sequence) {
    public static final int VERSION = 1;
    public static final int BYTES = 1 + DataSaKey.GROUP_TAG_BYTES + 4 + 4 + 4 + 8;
    public static final long MAX_SENDER_ID = 0xFFFF_FFFFL;
    public static final int NONCE_BYTES = 12;

    public DataSaHeader {
        Objects.requireNonNull(tek, "tek");
        if (groupTag.length != DataSaKey.GROUP_TAG_BYTES) {
            throw new IllegalArgumentException("group tag must be " + DataSaKey.GROUP_TAG_BYTES + " bytes");
        }
        if (senderId < 0 || senderId > MAX_SENDER_ID) {
            throw new IllegalArgumentException("Data SA sender id must be 0.." + MAX_SENDER_ID + ", got " + senderId);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence number must be >= 1, got " + sequence);
        }
        groupTag = groupTag.clone();
    }

    @Override
    public byte[] groupTag() {
        return groupTag.clone();
    }

    /** The encoded header into {@code out[0, BYTES)}. */
    void encodeInto(byte[] out) {
        out[0] = VERSION;
        System.arraycopy(groupTag, 0, out, 1, DataSaKey.GROUP_TAG_BYTES);
        putInt(out, 9, tek.version());
        putInt(out, 13, tek.revision());
        putInt(out, 17, (int) senderId);
        putLong(out, 21, sequence);
    }

    /** The 12-byte GCM nonce: u32 sender id || u64 sequence. */
    byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        putInt(n, 0, (int) senderId);
        putLong(n, 4, sequence);
        return n;
    }

    /**
     * Parses the header at the start of {@code packet} (whose length the caller checked to be at least {@link #BYTES}).
     */
    static DataSaHeader parse(byte[] packet) throws MalformedPacketException {
        if ((packet[0] & 0xFF) != VERSION) {
            throw new MalformedPacketException("unsupported Data SA format version " + (packet[0] & 0xFF));
        }
        int version = getInt(packet, 9);
        int revision = getInt(packet, 13);
        if (version < 0 || revision < 0) {
            throw new MalformedPacketException("negative TEK version or revision");
        }
        long sender = getInt(packet, 17) & 0xFFFF_FFFFL;
        long sequence = 0;
        for (int i = 0; i < 8; i++) {
            sequence = (sequence << 8) | (packet[21 + i] & 0xFF);
        }
        if (sequence < 1) {
            throw new MalformedPacketException("sequence number must be 1..2^63-1");
        }
        return new DataSaHeader(Arrays.copyOfRange(packet, 1, 1 + DataSaKey.GROUP_TAG_BYTES), new TekId(version, revision), sender,
                sequence);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSaHeader && Arrays.equals(((DataSaHeader) o).groupTag, groupTag) && ((DataSaHeader) o).tek.equals(tek)
                && ((DataSaHeader) o).senderId == senderId && ((DataSaHeader) o).sequence == sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(groupTag), tek, senderId, sequence);
    }

    @Override
    public String toString() {
        return "DataSaHeader[tek=" + tek + ", sender=" + senderId + ", sequence=" + sequence + "]";
    }
}
