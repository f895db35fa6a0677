package org.gkm.crypto.openssl;

import java.util.concurrent.atomic.AtomicInteger;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;
import org.gkm.crypto.spi.ParsedKey;

/**
 * A key value for tests of prepared forms: it keeps the one form a provider makes of it and counts
 * how often a parser ran, so a test can check that a key is prepared once and reach the form
 * ({@link #form}) to destroy it under the provider.
 */
final class WatchedKeyMaterial implements KeyMaterial {
    final byte[] key;
    ParsedKey form;
    final AtomicInteger parses = new AtomicInteger();

    WatchedKeyMaterial(byte[] key) {
        this.key = key;
    }

    @Override
    public byte[] encoded() {
        return key;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T extends ParsedKey> T parsed(KeyParser<T> parser) throws InvalidKeyException {
        if (form == null) {
            parses.incrementAndGet();
            form = parser.parse(key);
        }
        return (T) form;
    }
}
