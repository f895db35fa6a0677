package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The P-256 kernel path libgkm_native chose is reported in the provider's details as
 * {@code p256.path}, and it is the best path this CPU supports unless GKM_P256_PATH forces one.
 */
class P256PathTest {
    private static final String[] NAMES = {"auto", "evp", "alt", "fast"};

    @Test
    void pathIsReported() {
        OpenSslSupport.ready();
        String reported = new OpenSslProvider().details().get("p256.path");
        assertNotNull(reported, "p256.path missing from the provider details");
        int path = GkmNative.gkm_p256_path();
        assertTrue(path >= 1 && path <= 3, "AUTO resolves to a concrete path, got " + path);
        assertEquals(NAMES[path] + " (P-256 kernels; GKM_P256_PATH=evp|alt|fast forces one)", reported);
    }

    @Test
    void defaultIsTheBestSupportedPath() {
        OpenSslSupport.ready();
        String env = System.getenv("GKM_P256_PATH");
        if (env != null && !env.isBlank()) {
            return; // forced: the native test p256_path_env_* covers the override
        }
        assertTrue(GkmNative.gkm_p256_path_supported(1), "the OpenSSL path runs everywhere");
        int best = GkmNative.gkm_p256_path_supported(3) ? 3 : GkmNative.gkm_p256_path_supported(2) ? 2 : 1;
        assertEquals(NAMES[best], NAMES[GkmNative.gkm_p256_path()]);
    }
}
