package org.gkm.crypto.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * The one answer to "which providers do this module's tests run on", shared through crypto-api's
 * test-jar: pure Java always, OpenSSL when java-bindings is on the test class path (found through
 * ServiceLoader only) and available.
 *
 * <p>A build that must test a provider says so with the system property
 * {@value #REQUIRE_PROPERTY} (comma-separated names; the full build on JDK 22 and later sets
 * {@code openssl}): a required provider that is missing or unavailable fails the test run with the
 * provider's own reason, instead of the suite silently running on fewer providers.
 */
public final class TestProviders {
    /** System property naming providers whose absence is a test failure. */
    public static final String REQUIRE_PROPERTY = "gkm.test.require.providers";

    private TestProviders() {
    }

    /** Names of the providers to run on, pure Java first. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(CryptoProviders.JAVA);
        String openSslUnavailable = "java-bindings is not on the test class path";
        for (CryptoSpi spi : CryptoProviders.discover()) {
            if (spi.name().equals(CryptoProviders.OPENSSL)) {
                if (spi.availability().available()) {
                    names.add(CryptoProviders.OPENSSL);
                } else {
                    openSslUnavailable = spi.availability().reason();
                }
            }
        }
        for (String required : required()) {
            if (!names.contains(required)) {
                throw new IllegalStateException("tests require provider '" + required + "' (" + REQUIRE_PROPERTY
                        + "), but it is unavailable: "
                        + (required.equals(CryptoProviders.OPENSSL) ? openSslUnavailable : "unknown provider"));
            }
        }
        return names;
    }

    /** The providers to run on, pure Java first (a JUnit {@code @MethodSource}). */
    public static List<CryptoProvider> all() {
        List<CryptoProvider> out = new ArrayList<>();
        for (String name : names()) {
            out.add(CryptoProviders.get(name));
        }
        return out;
    }

    /** The provider named {@code name}. */
    public static CryptoProvider get(String name) {
        return CryptoProviders.get(name);
    }

    /** The pure-Java provider, present in every build. */
    public static CryptoProvider java() {
        return CryptoProviders.get(CryptoProviders.JAVA);
    }

    private static List<String> required() {
        String v = System.getProperty(REQUIRE_PROPERTY, "").trim();
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
