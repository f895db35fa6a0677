package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * The whole state of a group as of a sequence number (after applying the change record of that
 * sequence; a group's first snapshot may be at any sequence, usually 0, and creates the group).
 * The payload is opaque to the store and secret. The array is copied in and out; {@link #destroy()}
 * zeroes this snapshot's copy. {@code toString} shows no payload.
 *
 * @param group the group
 * @param epoch the group's epoch, at least 0
 * @param sequence the last sequence number the state includes, at least 0
 * @param payload the state, at most {@link StoreLimits#MAX_PAYLOAD} bytes
 */
public record Snapshot(StoreGroupId group, long epoch, long sequence, byte[] payload) {
    public Snapshot {
        Objects.requireNonNull(group, "group");
        if (epoch < 0 || sequence < 0) {
            throw new IllegalArgumentException("epoch and sequence must be >= 0, got " + epoch + ", " + sequence);
        }
        payload = StoreLimits.checkedCopy(payload, "payload", StoreLimits.MAX_PAYLOAD);
    }

    /** The payload (a copy). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length in bytes. */
    public int payloadLength() {
        return payload.length;
    }

    /** Zeroes this snapshot's copy of the payload. */
    public void destroy() {
        Arrays.fill(payload, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.group.equals(group) && s.epoch == epoch && s.sequence == sequence
                && Arrays.equals(s.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, epoch, sequence);
    }

    @Override
    public String toString() {
        return "Snapshot[" + group.hex() + ", epoch=" + epoch + ", seq=" + sequence + ", payload=" + payload.length
                + " bytes]";
    }
}
