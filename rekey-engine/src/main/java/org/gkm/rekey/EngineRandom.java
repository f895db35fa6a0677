package org.gkm.rekey;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;

/**
 * Where the engine draws fresh key bytes. Production code uses {@link #of(CryptoProvider)}, the
 * provider's CSPRNG; tests inject a deterministic source so that two providers given the same seed
 * must produce the same plans and byte-identical messages. One rekey draws all its fresh bytes in
 * one {@link #fill} call.
 */
@FunctionalInterface
public interface EngineRandom {
    /** Fills {@code buf[off .. off+len)} with fresh random bytes. */
    void fill(byte[] buf, int off, int len);

    /** The provider's CSPRNG. */
    static EngineRandom of(CryptoProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return (buf, off, len) -> provider.random().fill(buf, off, len);
    }
}
