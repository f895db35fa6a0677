package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key record of an at-rest barrier ({@link SealedGroupStore}): opaque bytes (a data key wrapped
 * under the group's key-encryption key, never a key in the clear) stored under (group, segment).
 * A store keeps them like any other row; a segment number is written once.
 *
 * @param group the group
 * @param segment the segment number, at least 0
 * @param material the wrapped key and its parameters, at most {@link StoreLimits#MAX_KEY_RECORD} bytes
 */
public record SegmentKey(StoreGroupId group, long segment, byte[] material) {
    public SegmentKey {
        Objects.requireNonNull(group, "group");
        if (segment < 0) {
            throw new IllegalArgumentException("segment must be >= 0, got " + segment);
        }
        material = StoreLimits.checkedCopy(material, "material", StoreLimits.MAX_KEY_RECORD);
    }

    /** The record (a copy). */
    @Override
    public byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentKey k && k.group.equals(group) && k.segment == segment
                && Arrays.equals(k.material, material);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, segment, Arrays.hashCode(material));
    }

    @Override
    public String toString() {
        return "SegmentKey[" + group.hex() + ", segment=" + segment + ", " + material.length + " bytes]";
    }
}
