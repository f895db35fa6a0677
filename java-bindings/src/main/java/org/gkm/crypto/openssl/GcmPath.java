package org.gkm.crypto.openssl;

import java.util.Locale;

/**
 * The libgkm_native paths of the one-shot AES-GCM calls (GKM_GCM_PATH_* in gkm_native.h), which
 * {@link OpenSslProvider}'s {@code byte[]}-key AES-GCM runs on. {@code AUTO} lets the C library
 * choose: the {@code GKM_GCM_PATH} environment variable if set, else its own AES-NI kernel where
 * the CPU can run it. The others force one path, for tests and benchmarks (system property
 * {@code gkm.gcm.path}); a forced path the CPU cannot run makes the provider unavailable rather
 * than silently different. Every path gives the same bytes and verdicts.
 */
enum GcmPath {
    /** The C library's own choice (GKM_GCM_PATH env var, else the kernel where the CPU has it). */
    AUTO(0),
    /** OpenSSL's GCM through its provider; any CPU, any nonce length. */
    PROVIDER(1),
    /** libgkm_native's AES-NI + PCLMULQDQ kernel for 12-byte nonces (others as on the provider path). */
    AESNI(2);

    /** The system property that forces a path: auto, provider or aesni. */
    static final String PROPERTY = "gkm.gcm.path";

    /** The GKM_GCM_PATH_* code. */
    final int code;

    GcmPath(int code) {
        this.code = code;
    }

    /** Lower-case name, as in the property and the env var. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path with this label (case-insensitive), or null when there is none. */
    static GcmPath parse(String label) {
        if (label == null) {
            return null;
        }
        for (GcmPath p : values()) {
            if (p.label().equalsIgnoreCase(label.trim())) {
                return p;
            }
        }
        return null;
    }

    /** The path with this GKM_GCM_PATH_* code, or null. */
    static GcmPath ofCode(int code) {
        for (GcmPath p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
