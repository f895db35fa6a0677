package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.gkm.crypto.AeadAlgorithm;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.OpeningKey;
import org.gkm.crypto.SealingKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.conformance.NonceSequenceAeadSuite;
import org.gkm.crypto.java.PureJavaProvider;
import org.junit.jupiter.api.Test;

/** The counter-nonce AEAD contract on the OpenSSL provider, and interoperation with the pure-Java one. */
class OpenSslNonceSequenceAeadTest extends NonceSequenceAeadSuite {
    @Override
    protected CryptoProvider provider() {
        return CryptoProvider.of(new OpenSslProvider());
    }

    @Test
    void eachProviderOpensWhatTheOtherSealed() throws Exception {
        CryptoProvider[] both = {provider(), CryptoProvider.of(new PureJavaProvider())};
        SecretBytes master = SecretBytes.copyOf(new byte[32]);
        byte[] context = "interop".getBytes(StandardCharsets.US_ASCII);
        byte[] pt = "one message".getBytes(StandardCharsets.US_ASCII);
        for (CryptoProvider sealer : both) {
            for (CryptoProvider opener : both) {
                SealingKey sk = sealer.nonceSequenceAead().newSealingKey(AeadAlgorithm.AES_256_GCM, master, context);
                SealingKey.Sealed s = sk.seal(pt, new byte[] {9});
                OpeningKey ok = opener.nonceSequenceAead().openingKey(AeadAlgorithm.AES_256_GCM, master, sk.salt(), context);
                assertArrayEquals(pt, ok.open(s.number(), s.ciphertext(), new byte[] {9}), sealer.name() + " -> " + opener.name());
            }
        }
    }
}
