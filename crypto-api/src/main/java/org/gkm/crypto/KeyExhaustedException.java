package org.gkm.crypto;

/**
 * A {@link SealingKey} has used its last message number: sealing another message would repeat a
 * nonce. Nothing was sealed; create a new sealing key (it draws a new salt, hence a new key).
 */
public final class KeyExhaustedException extends CryptoException {
    private static final long serialVersionUID = 1L;

    public KeyExhaustedException(String message) {
        super(message);
    }
}
