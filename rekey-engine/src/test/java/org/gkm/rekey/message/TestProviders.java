package org.gkm.rekey.message;

import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * The providers the tests run against: pure Java always, OpenSSL when java-bindings is on the test
 * class path (JDK >= 22 build) and loads. Found through ServiceLoader only (shared contract).
 */
public final class TestProviders {
    private TestProviders() {
    }

    /** For {@code @MethodSource("org.gkm.rekey.message.TestProviders#all")}. */
    public static List<CryptoProvider> all() {
        List<CryptoProvider> out = new ArrayList<>();
        out.add(CryptoProviders.get(CryptoProviders.JAVA));
        for (CryptoSpi spi : CryptoProviders.discover()) {
            if (spi.name().equals(CryptoProviders.OPENSSL) && spi.availability().available()) {
                out.add(CryptoProviders.get(CryptoProviders.OPENSSL));
            }
        }
        return out;
    }
}
