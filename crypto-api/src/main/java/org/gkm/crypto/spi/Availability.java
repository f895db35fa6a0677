package org.gkm.crypto.spi;

import java.util.Objects;

/**
 * Whether a provider can be used on this machine, and a one-line reason either way.
 *
 * @param available true when the provider loaded and may be handed out
 * @param reason    why (e.g. "libcrypto 3.0.19 and libgkm_native 0.1.0 loaded"), never null
 * @param cause     the failure behind an unavailable provider, or null
 */
public record Availability(boolean available, String reason, Throwable cause) {
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability yes(String reason) {
        return new Availability(true, reason, null);
    }

    public static Availability no(String reason, Throwable cause) {
        return new Availability(false, reason, cause);
    }
}
