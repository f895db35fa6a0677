package org.gkm.rekey.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The group a stored row belongs to: 1..{@value #MAX_LENGTH} opaque bytes (a rekey group id, 1..64
 * bytes, always fits). Not secret. Value semantics: equal when the bytes are equal; the bytes are
 * copied in and out.
 */
public record StoreGroupId(byte[] value) {
    /** Longest group id a store accepts. */
    public static final int MAX_LENGTH = 255;

    public StoreGroupId {
        Objects.requireNonNull(value, "value");
        if (value.length < 1 || value.length > MAX_LENGTH) {
            throw new IllegalArgumentException("group id must be 1.." + MAX_LENGTH + " bytes, got " + value.length);
        }
        value = value.clone();
    }

    /** The UTF-8 bytes of {@code name} as a group id. */
    public static StoreGroupId of(String name) {
        return new StoreGroupId(name.getBytes(StandardCharsets.UTF_8));
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

    /** Writes the id into {@code out} at {@code off} without copying it first. */
    void copyTo(byte[] out, int off) {
        System.arraycopy(value, 0, out, off, value.length);
    }

    /** The id in hex, for messages. */
    public String hex() {
        return HexFormat.of().formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreGroupId other && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StoreGroupId[" + hex() + "]";
    }
}
