package org.gkm.gkmp;

/**
 * GTEK ID, GKEK ID or SKEK ID (RFC 2093 sec. 3.4, 3.5, 3.13): unique per key. The state
 * information the RFC allows is the key's generation: GTEK/GKEK ids count up with every
 * create/rekey of the group, SKEK ids with every session exchange at a controller.
 */
public record KeyId(long value) {
    public KeyId {
        if (value < 0) {
            throw new IllegalArgumentException("key id must be non-negative");
        }
    }

    @Override
    public String toString() {
        return "key-" + value;
    }
}
