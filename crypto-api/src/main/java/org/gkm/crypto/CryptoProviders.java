package org.gkm.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * Finds provider implementations with {@link ServiceLoader} and selects one.
 *
 * <p>Modes, from the system property {@value #PROPERTY} or {@link #get(String)}: {@code auto}
 * (default) picks OpenSSL when libcrypto and libgkm_native load and its known-answer self-test
 * passes, else pure Java, and logs one line saying which and why; {@code openssl} and {@code java}
 * force one and fail loudly ({@link ProviderUnavailableException}) when it cannot be used, never
 * falling back. Selections are cached per mode; providers are thread-safe, so share them.
 */
public final class CryptoProviders {
    /** System property naming the mode: auto, openssl or java. */
    public static final String PROPERTY = "gkm.crypto.provider";
    public static final String OPENSSL = "openssl";
    public static final String JAVA = "java";
    public static final String AUTO = "auto";

    /** A selected provider and the one-line reason for the choice. */
    public record Selection(CryptoProvider provider, String reason) {}

    private static final System.Logger LOG = System.getLogger("org.gkm.crypto");
    private static final ConcurrentMap<String, Selection> CACHE = new ConcurrentHashMap<>();

    private CryptoProviders() {}

    /** The provider for the mode in {@value #PROPERTY} (default auto). */
    public static CryptoProvider get() {
        return get(System.getProperty(PROPERTY, AUTO));
    }

    /** The provider for {@code mode}: auto, openssl or java. */
    public static CryptoProvider get(String mode) {
        return select(mode).provider();
    }

    /** The selection for {@code mode}, with its reason; logged once per mode. */
    public static Selection select(String mode) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals(AUTO) && !m.equals(OPENSSL) && !m.equals(JAVA)) {
            throw new IllegalArgumentException(PROPERTY + " must be auto, openssl or java, got '" + mode + "'");
        }
        return CACHE.computeIfAbsent(m, k -> {
            Selection s = k.equals(AUTO) ? selectAuto() : selectForced(k);
            LOG.log(System.Logger.Level.INFO, "gkm: crypto provider " + s.provider().name() + " (" + s.reason() + ")");
            return s;
        });
    }

    /** Every provider implementation on the class path, available or not. */
    public static List<CryptoSpi> discover() {
        List<CryptoSpi> found = new ArrayList<>();
        for (CryptoSpi spi : ServiceLoader.load(CryptoSpi.class, CryptoProviders.class.getClassLoader())) {
            found.add(spi);
        }
        return found;
    }

    private static CryptoSpi find(String name) {
        for (CryptoSpi spi : discover()) {
            if (spi.name().equals(name)) {
                return spi;
            }
        }
        return null;
    }

    private static Selection selectForced(String name) {
        CryptoSpi spi = find(name);
        if (spi == null) {
            throw new ProviderUnavailableException("crypto provider '" + name + "' is not on the class path ("
                    + (name.equals(OPENSSL) ? "add gkm java-bindings" : "add gkm fallback-pure-java") + ")", null);
        }
        Availability a = spi.availability();
        if (!a.available()) {
            throw new ProviderUnavailableException("crypto provider '" + name + "' forced by " + PROPERTY
                    + " cannot load: " + a.reason(), a.cause());
        }
        CryptoProvider p = CryptoProvider.of(spi);
        List<KnownAnswerTests.Result> results = KnownAnswerTests.run(p);
        if (!KnownAnswerTests.allPassed(results)) {
            throw new ProviderUnavailableException("crypto provider '" + name + "' failed its self-test: " + failures(results), null);
        }
        return new Selection(p, "forced by " + PROPERTY + "=" + name + "; " + a.reason() + "; self-test passed");
    }

    private static Selection selectAuto() {
        String whyNotOpenSsl;
        CryptoSpi openssl = find(OPENSSL);
        if (openssl == null) {
            whyNotOpenSsl = "openssl provider not on the class path";
        } else {
            Availability a = openssl.availability();
            if (!a.available()) {
                whyNotOpenSsl = "openssl unavailable: " + a.reason();
            } else {
                CryptoProvider p = CryptoProvider.of(openssl);
                List<KnownAnswerTests.Result> results = KnownAnswerTests.run(p);
                if (KnownAnswerTests.allPassed(results)) {
                    return new Selection(p, "auto: " + a.reason() + "; self-test passed");
                }
                whyNotOpenSsl = "openssl failed its self-test: " + failures(results);
            }
        }
        CryptoSpi java = find(JAVA);
        if (java == null || !java.availability().available()) {
            throw new ProviderUnavailableException("no crypto provider: " + whyNotOpenSsl
                    + "; pure-Java provider " + (java == null ? "not on the class path" : "unavailable"), null);
        }
        return new Selection(CryptoProvider.of(java), "auto: " + whyNotOpenSsl + "; using pure Java");
    }

    private static String failures(List<KnownAnswerTests.Result> results) {
        StringBuilder sb = new StringBuilder();
        for (KnownAnswerTests.Result r : results) {
            if (!r.passed()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(r.primitive()).append(": ").append(r.detail());
            }
        }
        return sb.toString();
    }
}
