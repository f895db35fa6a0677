package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;

/**
 * A client's own keys (claim 9), agreed at registration between the joiner and the GCKS (GKMP),
 * before the engine places the client in the tree: the 32-byte client symmetric key and, in a
 * hybrid tree, the 32-byte X25519 client private key (its public key is published). The engine
 * copies the bytes in; {@code toString} shows nothing secret. {@link #destroy()} zeroes them once
 * the holder is done (the engine keeps its own copy of a placed client's keys); any use after that
 * throws {@link IllegalStateException}.
 */
public final class ClientKeys {
    private final byte[] clientKey;
    private final byte[] clientPrivateKey;
    private volatile boolean destroyed;

    /**
     * @param clientPrivateKey X25519 private key, or {@code null} in a symmetric-only tree
     */
    public ClientKeys(SecretBytes clientKey, SecretBytes clientPrivateKey) {
        if (clientKey.length() != KeyTree.KEY || (clientPrivateKey != null && clientPrivateKey.length() != KeyTree.KEY)) {
            throw new IllegalArgumentException("client keys must be 32 bytes");
        }
        this.clientKey = clientKey.toByteArray(InsecureSecretAccess.get());
        this.clientPrivateKey = clientPrivateKey == null ? null : clientPrivateKey.toByteArray(InsecureSecretAccess.get());
    }

    /** Takes {@code clientKey} and {@code clientPrivateKey} (or null) as they are: no copy is left elsewhere. */
    private ClientKeys(byte[] clientKey, byte[] clientPrivateKey) {
        if (clientKey.length != KeyTree.KEY || (clientPrivateKey != null && clientPrivateKey.length != KeyTree.KEY)) {
            throw new IllegalArgumentException("client keys must be 32 bytes");
        }
        this.clientKey = clientKey;
        this.clientPrivateKey = clientPrivateKey;
    }

    /**
     * Client keys that take ownership of fresh arrays (the caller keeps no reference to them), so
     * no intermediate copy of the key is left unzeroed.
     */
    static ClientKeys adopt(byte[] clientKey, byte[] clientPrivateKey) {
        return new ClientKeys(clientKey, clientPrivateKey);
    }

    /** Fresh client keys drawn from {@code random} (one call). */
    public static ClientKeys generate(EngineRandom random, boolean hybrid) {
        byte[] b = new byte[hybrid ? 2 * KeyTree.KEY : KeyTree.KEY];
        random.fill(b, 0, b.length);
        try {
            return adopt(Arrays.copyOfRange(b, 0, KeyTree.KEY),
                    hybrid ? Arrays.copyOfRange(b, KeyTree.KEY, 2 * KeyTree.KEY) : null);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    public SecretBytes clientKey() {
        return SecretBytes.copyOf(clientKeyArray());
    }

    /** The X25519 client private key, or {@code null}. */
    public SecretBytes clientPrivateKey() {
        byte[] k = clientPrivateArray();
        return k == null ? null : SecretBytes.copyOf(k);
    }

    byte[] clientKeyArray() {
        requireLive();
        return clientKey;
    }

    byte[] clientPrivateArray() {
        requireLive();
        return clientPrivateKey;
    }

    /** Zeroes both keys; idempotent. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(clientKey, (byte) 0);
        if (clientPrivateKey != null) {
            Arrays.fill(clientPrivateKey, (byte) 0);
        }
    }

    /** Whether {@link #destroy()} was called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("client keys destroyed");
        }
    }

    public boolean hybrid() {
        return clientPrivateKey != null;
    }

    @Override
    public String toString() {
        return "ClientKeys[hybrid=" + hybrid() + "]";
    }
}
