package org.gkm.rekey.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A committed rekey message as a resync answer hands it out: its sequence number and the sealed
 * message bytes, exactly as committed with their change record (public; members authenticate it).
 *
 * @param sequence the rekey's sequence number
 * @param message the sealed rekey message (copied in and out)
 */
public record StoredMessage(long sequence, byte[] message) {
    public StoredMessage {
        message = StoreLimits.checkedCopy(message, "message", StoreLimits.MAX_PAYLOAD);
    }

    /** The message (a copy). */
    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m && m.sequence == sequence && Arrays.equals(m.message, message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, Arrays.hashCode(message));
    }

    @Override
    public String toString() {
        return "StoredMessage[seq=" + sequence + ", " + message.length + " bytes]";
    }
}
