package org.gkm.gkmp;

import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.spi.CryptoSpi;

/** The providers the suite runs against: pure Java always, OpenSSL when on the class path and available (JDK >= 22). */
public final class TestProviders {
    private TestProviders() {}

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(CryptoProviders.JAVA);
        for (CryptoSpi spi : CryptoProviders.discover()) {
            if (spi.name().equals(CryptoProviders.OPENSSL) && spi.availability().available()) {
                names.add(CryptoProviders.OPENSSL);
            }
        }
        return names;
    }

    public static CryptoProvider get(String name) {
        return CryptoProviders.get(name);
    }
}
