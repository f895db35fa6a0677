package org.gkm.crypto;

import java.util.Objects;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * The provider's CSPRNG (OpenSSL RAND_bytes or SecureRandom): the only randomness gkm uses.
 * Thread-safe. {@link #fill(byte[], int, int)} is the bulk form: one call for many keys.
 */
public final class RandomSource {
    private final CryptoSpi spi;

    RandomSource(CryptoSpi spi) {
        this.spi = spi;
    }

    public byte[] bytes(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        byte[] b = new byte[length];
        spi.randomBytes(b, 0, length);
        return b;
    }

    public void fill(byte[] buf) {
        spi.randomBytes(buf, 0, buf.length);
    }

    public void fill(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        spi.randomBytes(buf, off, len);
    }

    /** A fresh random secret of {@code length} bytes. */
    public SecretBytes secret(int length) {
        return SecretBytes.adopt(bytes(length));
    }
}
