package org.gkm.crypto;

/**
 * The token that unlocks raw secret bytes ({@link SecretBytes#toByteArray}, {@link PrivateKey#encoded}).
 * Its only purpose is to make every export of key material greppable in audits (as Tink's
 * {@code InsecureSecretKeyAccess}).
 */
public final class InsecureSecretAccess {
    private static final InsecureSecretAccess INSTANCE = new InsecureSecretAccess();

    private InsecureSecretAccess() {}

    /** The token. Call sites are the places where secret bytes leave gkm's types. */
    public static InsecureSecretAccess get() {
        return INSTANCE;
    }
}
