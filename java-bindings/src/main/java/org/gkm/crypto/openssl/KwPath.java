package org.gkm.crypto.openssl;

import java.util.Locale;

/**
 * The libgkm_native key wrap kernel paths (GKM_KW_PATH_* in gkm_native.h), which
 * {@link OpenSslProvider} runs its batches on. {@code AUTO} lets the C library choose: the
 * {@code GKM_KW_PATH} environment variable if set, else the best path the CPU has. The others force
 * one path, for tests and benchmarks (system property {@code gkm.kw.path}); a forced path the CPU
 * cannot run makes the provider unavailable rather than silently slower.
 */
enum KwPath {
    /** The C library's own choice (GKM_KW_PATH env var, else the best the CPU has). */
    AUTO(0),
    /** OpenSSL EVP AES-ECB per block, one job after the other; any CPU. */
    SCALAR(1),
    /** AES-NI, 8 or more jobs interleaved, key expansion interleaved too. */
    AESNI(2),
    /** VAES + AVX-512 (zmm), 16 or more jobs interleaved. */
    VAES(3);

    /** The system property that forces a path: auto, scalar, aesni or vaes. */
    static final String PROPERTY = "gkm.kw.path";

    /** The GKM_KW_PATH_* code. */
    final int code;

    KwPath(int code) {
        this.code = code;
    }

    /** Lower-case name, as in the property, the env var and the native bench names. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The path with this label (case-insensitive), or null when there is none. */
    static KwPath parse(String label) {
        if (label == null) {
            return null;
        }
        for (KwPath p : values()) {
            if (p.label().equalsIgnoreCase(label.trim())) {
                return p;
            }
        }
        return null;
    }

    /** The path with this GKM_KW_PATH_* code, or null. */
    static KwPath ofCode(int code) {
        for (KwPath p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
