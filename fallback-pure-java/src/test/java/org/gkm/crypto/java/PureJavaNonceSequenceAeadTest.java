package org.gkm.crypto.java;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.conformance.NonceSequenceAeadSuite;

/** The counter-nonce AEAD contract on the pure-Java provider. */
class PureJavaNonceSequenceAeadTest extends NonceSequenceAeadSuite {
    @Override
    protected CryptoProvider provider() {
        return CryptoProvider.of(new PureJavaProvider());
    }
}
