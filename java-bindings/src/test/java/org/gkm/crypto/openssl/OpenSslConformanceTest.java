package org.gkm.crypto.openssl;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.conformance.ConformanceSuite;

/** Wycheproof and RFC vectors against the OpenSSL provider. */
class OpenSslConformanceTest extends ConformanceSuite {
    @Override
    protected CryptoProvider provider() {
        return CryptoProvider.of(new OpenSslProvider());
    }
}
