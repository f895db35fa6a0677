package org.gkm.crypto.spi;

import org.gkm.crypto.InvalidKeyException;

/**
 * A key value as a provider sees it: its canonical encoding (see {@link CryptoSpi}) and the parsed
 * forms providers attached to it.
 *
 * <p>Keys stay canonical values: {@link org.gkm.crypto.PrivateKey} and
 * {@link org.gkm.crypto.PublicKey} hold the encoding, and that is what is compared, stored and sent.
 * What a provider needs to use a key (an OpenSSL {@code EVP_PKEY}, an expanded Ed25519 secret, a
 * JCA key object) is costly to make from the encoding, so a provider makes it once, on first use,
 * and keeps it here, with the key: it lives as long as the key and is destroyed with it
 * ({@link org.gkm.crypto.PrivateKey#destroy()}) or when the key becomes unreachable.
 *
 * <p>Secret keys are key values too: a {@link org.gkm.crypto.SecretBytes} MAC key carries the
 * forms providers prepared of its bytes (HMAC's hash states), and {@link #encoded()} is its bytes.
 *
 * <p>Implementations are thread-safe. Two threads that use a key for the first time at once may
 * both parse it; one form is kept and the other destroyed at once.
 */
public interface KeyMaterial {

    /**
     * The canonical encoding, without copying: read it, never modify or keep it.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    byte[] encoded();

    /**
     * The form {@code parser} makes of this key: made on the first call for that parser (the
     * parser's identity is the key, so a provider keeps one parser per use as a constant) and kept
     * with the key. A parser that fails is not remembered: the next call tries again.
     *
     * @throws InvalidKeyException if the parser refuses the encoding
     * @throws IllegalStateException if the key was destroyed
     */
    <T extends ParsedKey> T parsed(KeyParser<T> parser) throws InvalidKeyException;
}
