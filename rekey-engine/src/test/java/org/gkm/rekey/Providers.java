package org.gkm.rekey;

import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * Providers the engine tests run against: pure Java always, OpenSSL when java-bindings is on the
 * test class path and available (found through ServiceLoader only; shared contract).
 */
final class Providers {
    private Providers() {
    }

    static List<CryptoProvider> all() {
        List<CryptoProvider> out = new ArrayList<>();
        out.add(CryptoProviders.get(CryptoProviders.JAVA));
        for (CryptoSpi spi : CryptoProviders.discover()) {
            if (spi.name().equals(CryptoProviders.OPENSSL) && spi.availability().available()) {
                out.add(CryptoProviders.get(CryptoProviders.OPENSSL));
            }
        }
        return out;
    }

    static CryptoProvider java() {
        return CryptoProviders.get(CryptoProviders.JAVA);
    }
}
