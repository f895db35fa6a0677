package org.gkm.rekey.store;

/**
 * Size limits every {@link GroupStore} accepts, checked when a value is built so a store never
 * sees an oversized row. The payload limit leaves room for the barrier's envelope under SQLite's
 * default 10^9-byte blob limit.
 */
public final class StoreLimits {
    /** Largest record or snapshot payload, rekey message or audit entry: 512 MiB. */
    public static final int MAX_PAYLOAD = 1 << 29;
    /** Largest opaque segment key record. */
    public static final int MAX_KEY_RECORD = 1024;

    private StoreLimits() {
    }

    static byte[] checkedCopy(byte[] bytes, String what, int max) {
        if (bytes == null) {
            throw new NullPointerException(what);
        }
        if (bytes.length > max) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes exceeds " + max);
        }
        return bytes.clone();
    }
}
