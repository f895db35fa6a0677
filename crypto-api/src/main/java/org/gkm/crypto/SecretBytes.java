package org.gkm.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key bytes (a KEK, an AEAD or MAC key, a PSK): held in one private array, copied in on
 * creation, readable only with {@link InsecureSecretAccess}, compared in constant time, zeroed by
 * {@link #destroy()}, and never printed. Thread-safe for reads; destroy while others read is a
 * caller error.
 *
 * <p>Like a {@link PrivateKey}, it carries the forms providers prepared of it (a MAC key's hash
 * states, see {@link org.gkm.crypto.spi.KeyMaterial}), made on first use and destroyed with it.
 */
public final class SecretBytes {
    private final byte[] bytes;
    private volatile boolean destroyed;
    /** Providers' prepared forms; made on first use (most secrets never need one). */
    private volatile KeyForms forms;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code key}; the caller may zero its own array afterwards. */
    public static SecretBytes copyOf(byte[] key) {
        return new SecretBytes(key.clone());
    }

    /** A copy of {@code key[off, off+len)}. */
    public static SecretBytes copyOf(byte[] key, int off, int len) {
        Objects.checkFromIndexSize(off, len, key.length);
        return new SecretBytes(Arrays.copyOfRange(key, off, off + len));
    }

    /** Takes ownership of {@code key} without copying (crypto-api internal use). */
    static SecretBytes adopt(byte[] key) {
        return new SecretBytes(key);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret bytes. */
    public byte[] toByteArray(InsecureSecretAccess access) {
        Objects.requireNonNull(access, "access");
        return live().clone();
    }

    /** The backing array, without copying: crypto-api's primitives only, never handed out. */
    byte[] array() {
        return live();
    }

    private byte[] live() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return bytes;
    }

    /** The secret as providers see it: its bytes and their prepared forms of it. */
    KeyForms material() {
        KeyForms f = forms;
        if (f == null) {
            synchronized (this) {
                f = forms;
                if (f == null) {
                    forms = f = new KeyForms(this::live);
                }
            }
        }
        return f;
    }

    /**
     * Zeroes the bytes and destroys the forms providers prepared of them (their native copies are
     * erased and freed once no call is using them); later reads and uses throw
     * IllegalStateException. Idempotent.
     */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
        KeyForms f;
        synchronized (this) {
            f = forms;
            if (f == null) {
                forms = f = new KeyForms(this::live); // so a later material() is destroyed too
            }
        }
        f.destroy();
    }

    /** Constant-time comparison of the contents. */
    public boolean equalsConstantTime(SecretBytes other) {
        return MessageDigest.isEqual(live(), other.live());
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes]";
    }
}
