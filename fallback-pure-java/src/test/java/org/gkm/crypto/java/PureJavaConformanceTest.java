package org.gkm.crypto.java;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.conformance.ConformanceSuite;

/** Wycheproof and RFC vectors against the pure-Java provider. */
class PureJavaConformanceTest extends ConformanceSuite {
    @Override
    protected CryptoProvider provider() {
        return CryptoProvider.of(new PureJavaProvider());
    }
}
