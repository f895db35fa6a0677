package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.ProviderUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider selection end to end, each case in a fresh JVM (selection is cached per JVM): auto picks
 * OpenSSL when it loads and passes its self-test, else pure Java with the reason; a forced openssl
 * that cannot load fails loudly and never falls back; forced java is java.
 */
class ProviderSelectionTest {

    /** Prints the outcome of {@code CryptoProviders.select(mode from gkm.crypto.provider)}. */
    public static final class Probe {
        public static void main(String[] args) {
            String mode = System.getProperty(CryptoProviders.PROPERTY, CryptoProviders.AUTO);
            try {
                CryptoProviders.Selection s = CryptoProviders.select(mode);
                System.out.println("PROVIDER=" + s.provider().name());
                System.out.println("REASON=" + s.reason());
            } catch (ProviderUnavailableException e) {
                System.out.println("PROVIDER=none");
                System.out.println("ERROR=" + e.getMessage());
            }
        }
    }

    private static NativeLoaderTest.Run select(String mode, String... more) throws Exception {
        String[] props = new String[more.length + 1];
        props[0] = CryptoProviders.PROPERTY + "=" + mode;
        System.arraycopy(more, 0, props, 1, more.length);
        return NativeLoaderTest.child(Probe.class, props);
    }

    @Test
    void autoPicksOpenSslWhenItLoads() throws Exception {
        NativeLoaderTest.Run r = select("auto");
        assertEquals("openssl", r.line("PROVIDER"), r.out());
        assertTrue(r.line("REASON").contains("self-test passed"), r.line("REASON"));
        assertTrue(r.out().contains("gkm: crypto provider openssl"), "one log line saying which and why");
    }

    @Test
    void autoFallsBackToJavaAndSaysWhy(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libgkm_native.so");
        NativeLoaderTest.Run r = select("auto", NativeLoader.PATH_PROPERTY + "=" + missing);
        assertEquals("java", r.line("PROVIDER"), r.out());
        assertTrue(r.line("REASON").contains("openssl unavailable"), r.line("REASON"));
        assertTrue(r.line("REASON").contains(missing.toString()), r.line("REASON"));
    }

    @Test
    void forcedOpenSslThatCannotLoadFailsLoudly(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libgkm_native.so");
        NativeLoaderTest.Run r = select("openssl", NativeLoader.PATH_PROPERTY + "=" + missing);
        assertEquals("none", r.line("PROVIDER"), r.out());
        assertTrue(r.line("ERROR").contains("cannot load"), r.line("ERROR"));
        assertTrue(r.line("ERROR").contains(missing.toString()), r.line("ERROR"));
    }

    @Test
    void forcedJavaIsJava() throws Exception {
        NativeLoaderTest.Run r = select("java");
        assertEquals("java", r.line("PROVIDER"), r.out());
        assertTrue(r.line("REASON").contains("forced"), r.line("REASON"));
    }
}
