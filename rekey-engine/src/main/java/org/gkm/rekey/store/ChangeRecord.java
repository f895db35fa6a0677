package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One committed rekey: an opaque payload saying what it changed (secret: new node keys, joins,
 * leaves) and the sealed rekey message that announced it (public and self-protecting). Keyed by
 * (group, sequence); sequences start at 1 and the first record of a group follows its first
 * snapshot. The arrays are copied in and out; {@link #destroy()} zeroes this record's copy of the
 * payload once the caller has applied it. {@code toString} shows no payload.
 *
 * @param group the group
 * @param epoch the group's epoch when the rekey was made, at least 0
 * @param sequence the rekey's sequence number, at least 1
 * @param payload the change, opaque to the store, at most {@link StoreLimits#MAX_PAYLOAD} bytes
 * @param rekeyMessage the sealed rekey message, at most {@link StoreLimits#MAX_PAYLOAD} bytes
 */
public record ChangeRecord(StoreGroupId group, long epoch, long sequence, byte[] payload, byte[] rekeyMessage) {
    public ChangeRecord {
        Objects.requireNonNull(group, "group");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("change record sequence must be >= 1, got " + sequence);
        }
        payload = StoreLimits.checkedCopy(payload, "payload", StoreLimits.MAX_PAYLOAD);
        rekeyMessage = StoreLimits.checkedCopy(rekeyMessage, "rekeyMessage", StoreLimits.MAX_PAYLOAD);
    }

    /** The payload (a copy). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The rekey message (a copy). */
    @Override
    public byte[] rekeyMessage() {
        return rekeyMessage.clone();
    }

    /** Payload length in bytes. */
    public int payloadLength() {
        return payload.length;
    }

    /** Zeroes this record's copy of the payload. */
    public void destroy() {
        Arrays.fill(payload, (byte) 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeRecord r && r.group.equals(group) && r.epoch == epoch && r.sequence == sequence
                && Arrays.equals(r.payload, payload) && Arrays.equals(r.rekeyMessage, rekeyMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, epoch, sequence, Arrays.hashCode(rekeyMessage));
    }

    @Override
    public String toString() {
        return "ChangeRecord[" + group.hex() + ", epoch=" + epoch + ", seq=" + sequence + ", payload=" + payload.length
                + " bytes, message=" + rekeyMessage.length + " bytes]";
    }
}
