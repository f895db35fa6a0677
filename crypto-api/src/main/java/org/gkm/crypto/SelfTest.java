package org.gkm.crypto;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * {@code gkm selftest}: which provider {@code auto} selects and why, then for every provider on the
 * class path its availability, library versions, CPU features, and one known-answer check per
 * primitive. Exit status 0 only when every available provider passes every check and the requested
 * selection succeeds.
 */
public final class SelfTest {
    private SelfTest() {}

    public static void main(String[] args) {
        System.exit(run(System.out, System.getProperty(CryptoProviders.PROPERTY, CryptoProviders.AUTO)));
    }

    /** Prints the report; returns the process exit status. */
    public static int run(PrintStream out, String mode) {
        int status = 0;
        out.println("gkm self-test");
        try {
            CryptoProviders.Selection s = CryptoProviders.select(mode);
            out.println("selected provider (" + CryptoProviders.PROPERTY + "=" + mode + "): " + s.provider().name());
            out.println("  why: " + s.reason());
        } catch (RuntimeException e) {
            out.println("selection " + mode + " FAILED: " + e.getMessage());
            status = 1;
        }
        List<CryptoSpi> spis = CryptoProviders.discover();
        for (CryptoSpi spi : spis) {
            out.println();
            Availability a = spi.availability();
            out.println("provider " + spi.name() + ": " + (a.available() ? "available" : "UNAVAILABLE") + " - " + a.reason());
            if (!a.available()) {
                continue;
            }
            for (Map.Entry<String, String> e : spi.details().entrySet()) {
                out.println("  " + e.getKey() + ": " + e.getValue());
            }
            List<KnownAnswerTests.Result> results = KnownAnswerTests.run(CryptoProvider.of(spi));
            int passed = 0;
            for (KnownAnswerTests.Result r : results) {
                out.printf("  [%s] %s%s%n", r.passed() ? "PASS" : "FAIL", r.primitive(), r.passed() ? "" : ": " + r.detail());
                passed += r.passed() ? 1 : 0;
            }
            out.println("  " + passed + "/" + results.size() + " known-answer checks passed");
            if (passed != results.size()) {
                status = 1;
            }
        }
        if (spis.isEmpty()) {
            out.println("no provider on the class path");
            status = 1;
        }
        return status;
    }
}
