package org.gkm.rekey.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.TekId;
import org.gkm.wire.WireWriter;

/**
 * The Data SA keying of one TEK: the 32-byte data key derived from the TEK with HKDF-SHA256 (salt
 * empty, ikm = TEK, info = {@code "gkm data sa v1 key"} || u8 group id length || group id || u32
 * TEK version || u32 TEK revision), so the TEK itself never keys data encryption and each TEK id
 * gives an independent key; and the group's 8-byte tag carried in packet headers (HKDF of the group
 * id with its own label). The data key does not encrypt either: it is the master key from which
 * each sender instance derives its own key ({@link DataSaSender}). Immutable except for
 * {@link #destroy()}; {@code toString} shows no key.
 */
public final class DataSaKey {
    /** Data key length (AES-256). */
    public static final int KEY_BYTES = 32;
    /** Group tag length in the packet header. */
    public static final int GROUP_TAG_BYTES = 8;
    private static final byte[] KEY_LABEL = "gkm data sa v1 key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GROUP_TAG_LABEL = "gkm data sa v1 group tag".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENDER_LABEL = "gkm data sa v2 sender".getBytes(StandardCharsets.US_ASCII);

    private final GroupId group;
    private final TekId tek;
    private final byte[] groupTag;
    private final SecretBytes dataKey;
    private volatile boolean destroyed;

    private DataSaKey(GroupId group, TekId tek, byte[] groupTag, SecretBytes dataKey) {
        this.group = group;
        this.tek = tek;
        this.groupTag = groupTag;
        this.dataKey = dataKey;
    }

    /**
     * Derives the Data SA key of TEK {@code tekId} in {@code group}.
     *
     * @throws IllegalArgumentException if the TEK is not 32 bytes
     */
    public static DataSaKey derive(CryptoProvider provider, GroupId group, TekId tekId, SecretBytes tek) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(tekId, "tekId");
        if (tek.length() != KEY_BYTES) {
            throw new IllegalArgumentException("TEK must be " + KEY_BYTES + " bytes, got " + tek.length());
        }
        WireWriter info = WireWriter.growable().raw(KEY_LABEL);
        writeGroupAndTek(info, group, tekId);
        byte[] ikm = tek.toByteArray(InsecureSecretAccess.get());
        byte[] key = null;
        try {
            key = provider.kdf().derive(null, ikm, info.toByteArray(), KEY_BYTES);
            byte[] tag = provider.kdf().derive(null, group.value(), GROUP_TAG_LABEL, GROUP_TAG_BYTES);
            return new DataSaKey(group, tekId, tag, SecretBytes.copyOf(key));
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF refused a fixed output length", e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static void writeGroupAndTek(WireWriter out, GroupId group, TekId tekId) {
        byte[] groupId = group.value();
        out.u8(groupId.length).raw(groupId).u32(tekId.version()).u32(tekId.revision());
    }

    public GroupId group() {
        return group;
    }

    public TekId tekId() {
        return tek;
    }

    /** The 8-byte group tag (a copy; not secret). */
    public byte[] groupTag() {
        return groupTag.clone();
    }

    byte[] groupTagArray() {
        return groupTag;
    }

    /**
     * The data key, the master key of the sender keys: package use by the sender and receiver only.
     *
     * @throws IllegalStateException if destroyed
     */
    SecretBytes dataKey() {
        if (destroyed) {
            throw new IllegalStateException("Data SA key was destroyed");
        }
        return dataKey;
    }

    /**
     * The HKDF context of sender {@code senderId}'s keys under this data key: {@code "gkm data sa v2
     * sender"} || u8 group id length || group id || u32 TEK version || u32 TEK revision || u32
     * sender id.
     */
    byte[] senderContext(long senderId) {
        WireWriter out = WireWriter.growable().raw(SENDER_LABEL);
        writeGroupAndTek(out, group, tek);
        return out.u32(senderId).toByteArray();
    }

    /** Zeroes the data key; deriving sender keys from it afterwards throws {@link IllegalStateException}. Idempotent. */
    public void destroy() {
        destroyed = true;
        dataKey.destroy();
    }

    @Override
    public String toString() {
        return "DataSaKey[" + group + ", tek=" + tek + (destroyed ? ", destroyed" : "") + "]";
    }
}
