package org.gkm.rekey.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A group identifier: 1..64 opaque bytes (RFC 4046 sec. 5.2 "group identifier"). Not secret.
 * Value semantics: equal when the bytes are equal; the bytes are copied in and out.
 */
public record GroupId(byte[] value) {
    public GroupId {
        Objects.requireNonNull(value, "value");
        if (value.length < RekeyLimits.MIN_GROUP_ID_BYTES || value.length > RekeyLimits.MAX_GROUP_ID_BYTES) {
            throw new IllegalArgumentException("group id must be " + RekeyLimits.MIN_GROUP_ID_BYTES + ".."
                    + RekeyLimits.MAX_GROUP_ID_BYTES + " bytes, got " + value.length);
        }
        value = value.clone();
    }

    /** The UTF-8 bytes of {@code name} as a group id. */
    public static GroupId of(String name) {
        return new GroupId(name.getBytes(StandardCharsets.UTF_8));
    }

    /** The id bytes (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Length of the id in bytes. */
    public int length() {
        return value.length;
    }

    /** The backing array without copying: package use by the codec only. */
    byte[] array() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupId && Arrays.equals(((GroupId) o).value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GroupId[" + HexFormat.of().formatHex(value) + "]";
    }
}
