package org.gkm.gcks.cli;

import java.util.Locale;
import java.util.Set;
import org.gkm.crypto.CryptoProviders;

/**
 * The crypto provider mode a command runs with, and where it came from. Precedence: an explicit
 * {@code --provider} option, else the system property {@value CryptoProviders#PROPERTY} (e.g. from
 * {@code GKM_JAVA_OPTS=-Dgkm.crypto.provider=java ./gkm ...}), else {@code auto}.
 *
 * @param mode auto, openssl or java (lower case)
 * @param source "--provider", "-Dgkm.crypto.provider" or "default"
 */
record ProviderChoice(String mode, String source) {
    static final String OPTION = "--provider";
    static final String PROPERTY = "-D" + CryptoProviders.PROPERTY;
    static final String DEFAULT = "default";
    private static final Set<String> MODES = Set.of(CryptoProviders.AUTO, CryptoProviders.OPENSSL, CryptoProviders.JAVA);

    /** The choice from {@code option} (null when not given) and the current system property. */
    static ProviderChoice of(String option) {
        return of(option, System.getProperty(CryptoProviders.PROPERTY));
    }

    /**
     * The choice from {@code option} (null when not given) and {@code property} (null when unset).
     *
     * @throws IllegalArgumentException naming the source when the winning value is not a mode
     */
    static ProviderChoice of(String option, String property) {
        if (option != null) {
            return checked(option, OPTION);
        }
        if (property != null && !property.isBlank()) {
            return checked(property, PROPERTY);
        }
        return new ProviderChoice(CryptoProviders.AUTO, DEFAULT);
    }

    /** Where the mode came from, e.g. {@code --provider java}, {@code -Dgkm.crypto.provider=java}, {@code default auto}. */
    String describe() {
        return switch (source) {
            case OPTION -> OPTION + " " + mode;
            case PROPERTY -> PROPERTY + "=" + mode;
            default -> DEFAULT + " " + mode;
        };
    }

    private static ProviderChoice checked(String value, String source) {
        String m = value.trim().toLowerCase(Locale.ROOT);
        if (!MODES.contains(m)) {
            throw new IllegalArgumentException(source + " must be auto, openssl or java, got '" + value + "'");
        }
        return new ProviderChoice(m, source);
    }
}
