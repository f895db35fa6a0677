package org.gkm.rekey.data;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.TekId;

/**
 * The Data SA keying of one TEK: the AES-256-GCM data key derived from the TEK with HKDF-SHA256
 * (salt empty, ikm = TEK, info = {@code "gkm data sa v1 key"} || u8 group id length || group id ||
 * u32 TEK version || u32 TEK revision), so the TEK itself never keys data encryption and each TEK id
 * gives an independent key; and the group's 8-byte tag carried in packet headers (HKDF of the group
 * id with its own label). Immutable except for {@link #destroy()}; {@code toString} shows no key.
 */
public final class DataSaKey {
    /** Data key length: AES-256. */
    public static final int KEY_BYTES = 32;
    /** Group tag length in the packet header. */
    public static final int GROUP_TAG_BYTES = 8;
    private static final byte[] KEY_LABEL = "gkm data sa v1 key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GROUP_TAG_LABEL = "gkm data sa v1 group tag".getBytes(StandardCharsets.US_ASCII);

    private final GroupId group;
    private final TekId tek;
    private final byte[] groupTag;
    private final byte[] dataKey;
    private volatile boolean destroyed;

    private DataSaKey(GroupId group, TekId tek, byte[] groupTag, byte[] dataKey) {
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
        byte[] groupId = group.value();
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(KEY_LABEL);
        info.write(groupId.length);
        info.writeBytes(groupId);
        writeInt(info, tekId.version());
        writeInt(info, tekId.revision());
        byte[] ikm = tek.toByteArray(InsecureSecretAccess.get());
        try {
            byte[] key = provider.kdf().derive(null, ikm, info.toByteArray(), KEY_BYTES);
            byte[] tag = provider.kdf().derive(null, groupId, GROUP_TAG_LABEL, GROUP_TAG_BYTES);
            return new DataSaKey(group, tekId, tag, key);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF refused a fixed output length", e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
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

    /** The data key, without copying: package use by the sender and receiver only. */
    byte[] keyArray() {
        if (destroyed) {
            throw new IllegalStateException("Data SA key was destroyed");
        }
        return dataKey;
    }

    /** Zeroes the data key; later use throws {@link IllegalStateException}. Idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(dataKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataSaKey[" + group + ", tek=" + tek + (destroyed ? ", destroyed" : "") + "]";
    }
}
