package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;

/**
 * A client's own keys (claim 9), agreed at registration between the joiner and the GCKS (GKMP),
 * before the engine places the client in the tree: the 32-byte client symmetric key and, in a
 * hybrid tree, the 32-byte X25519 client private key (its public key is published). The engine
 * copies the bytes in; {@code toString} shows nothing secret.
 */
public final class ClientKeys {
    private final byte[] clientKey;
    private final byte[] clientPrivateKey;

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

    /** Fresh client keys drawn from {@code random} (one call). */
    public static ClientKeys generate(EngineRandom random, boolean hybrid) {
        byte[] b = new byte[hybrid ? 2 * KeyTree.KEY : KeyTree.KEY];
        random.fill(b, 0, b.length);
        ClientKeys k = new ClientKeys(SecretBytes.copyOf(b, 0, KeyTree.KEY),
                hybrid ? SecretBytes.copyOf(b, KeyTree.KEY, KeyTree.KEY) : null);
        Arrays.fill(b, (byte) 0);
        return k;
    }

    public SecretBytes clientKey() {
        return SecretBytes.copyOf(clientKey);
    }

    /** The X25519 client private key, or {@code null}. */
    public SecretBytes clientPrivateKey() {
        return clientPrivateKey == null ? null : SecretBytes.copyOf(clientPrivateKey);
    }

    byte[] clientKeyArray() {
        return clientKey;
    }

    byte[] clientPrivateArray() {
        return clientPrivateKey;
    }

    public boolean hybrid() {
        return clientPrivateKey != null;
    }

    @Override
    public String toString() {
        return "ClientKeys[hybrid=" + hybrid() + "]";
    }
}
