package org.gkm.rekey.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.NonceSequenceAead;

/**
 * Byte layouts of {@link SealedGroupStore}: sealed payloads, key records, and the labels that
 * separate its HKDF, AEAD context and associated data. Every layout starts with a version byte.
 *
 * <pre>
 * sealed payload  = u8 version(1) || u64 segment || u64 message number || ciphertext || tag(16)
 * segment key     = u8 version(1) || u8 type(1) || u16 AEAD code || AES-KW(KEK, DK(32) || u64 segment || salt(16))
 * key check       = u8 version(1) || u8 type(0) || AES-KW(KEK, CHECK(32) || u64 0)
 * KEK             = HKDF-SHA256(salt = none, ikm = master key, info = "gkm store kek v1" || u8 len || group id, 32)
 * AEAD context    = "gkm store segment v1" || u8 len || group id || u64 segment
 * associated data = "gkm store aad v1" || u8 kind || u8 len || group id || u64 epoch || u64 sequence
 *                   || u64 segment [|| rekey message, for a change record]
 * </pre>
 */
final class BarrierFormat {
    static final int VERSION = 1;
    static final AeadAlgorithm AEAD = AeadAlgorithm.AES_256_GCM;
    static final int KEY_LENGTH = 32;
    static final int HEADER = 1 + 8 + 8;
    static final int MIN_SEALED = HEADER + NonceSequenceAead.OVERHEAD;
    static final int TYPE_CHECK = 0;
    static final int TYPE_SEGMENT = 1;
    /** Key data wrapped in a segment key record: the data key, the u64 segment, the sealing key's salt. */
    static final int SEGMENT_KEY_DATA = KEY_LENGTH + 8 + NonceSequenceAead.SALT_LENGTH;
    static final int SEGMENT_RECORD = 2 + 2 + SEGMENT_KEY_DATA + 8;
    /** Key data wrapped in the key check: a constant and the u64 segment 0. */
    static final int CHECK_DATA = KEY_LENGTH + 8;
    static final int CHECK_RECORD = 2 + CHECK_DATA + 8;
    /** The check segment: the group's key check lives under segment 0, data segments from 1. */
    static final long CHECK_SEGMENT = 0;

    private static final byte[] KEK_LABEL = ascii("gkm store kek v1");
    private static final byte[] CONTEXT_LABEL = ascii("gkm store segment v1");
    private static final byte[] AAD_LABEL = ascii("gkm store aad v1");
    private static final byte[] CHECK = Arrays.copyOf(ascii("gkm store key check v1"), KEY_LENGTH);

    private BarrierFormat() {
    }

    static byte[] kekInfo(StoreGroupId group) {
        byte[] out = new byte[KEK_LABEL.length + 1 + group.length()];
        System.arraycopy(KEK_LABEL, 0, out, 0, KEK_LABEL.length);
        out[KEK_LABEL.length] = (byte) group.length();
        group.copyTo(out, KEK_LABEL.length + 1);
        return out;
    }

    static byte[] context(StoreGroupId group, long segment) {
        return ByteBuffer.allocate(CONTEXT_LABEL.length + 1 + group.length() + 8)
                .put(CONTEXT_LABEL).put((byte) group.length()).put(group.value()).putLong(segment).array();
    }

    static byte[] associatedData(RecordKind kind, StoreGroupId group, long epoch, long sequence, long segment,
            byte[] rekeyMessage) {
        int messageLength = rekeyMessage == null ? 0 : rekeyMessage.length;
        ByteBuffer b = ByteBuffer.allocate(AAD_LABEL.length + 2 + group.length() + 24 + messageLength)
                .put(AAD_LABEL).put((byte) kind.code()).put((byte) group.length()).put(group.value())
                .putLong(epoch).putLong(sequence).putLong(segment);
        if (rekeyMessage != null) {
            b.put(rekeyMessage);
        }
        return b.array();
    }

    static byte[] sealed(long segment, long number, byte[] ciphertext) {
        return ByteBuffer.allocate(HEADER + ciphertext.length).put((byte) VERSION).putLong(segment).putLong(number)
                .put(ciphertext).array();
    }

    /** Key data of a segment record (zero it after wrapping). */
    static byte[] keyData(byte[] dataKey, long segment, byte[] salt) {
        return ByteBuffer.allocate(SEGMENT_KEY_DATA).put(dataKey).putLong(segment).put(salt).array();
    }

    static byte[] checkData() {
        return ByteBuffer.allocate(CHECK_DATA).put(CHECK).putLong(CHECK_SEGMENT).array();
    }

    static boolean isCheckData(byte[] data) {
        return java.security.MessageDigest.isEqual(data, checkData());
    }

    static byte[] segmentRecord(byte[] wrapped) {
        return ByteBuffer.allocate(SEGMENT_RECORD).put((byte) VERSION).put((byte) TYPE_SEGMENT)
                .putShort((short) AEAD.code()).put(wrapped).array();
    }

    static byte[] checkRecord(byte[] wrapped) {
        return ByteBuffer.allocate(CHECK_RECORD).put((byte) VERSION).put((byte) TYPE_CHECK).put(wrapped).array();
    }

    /** The u64 at {@code off} of {@code b} (big-endian). */
    static long u64(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 8).getLong();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
