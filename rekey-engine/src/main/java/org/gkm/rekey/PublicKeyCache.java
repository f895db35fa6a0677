package org.gkm.rekey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.spi.X25519Batch;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.PublicKeyUpdate;

/**
 * The X25519 public keys of a hybrid tree's nodes, computed from the private keys on demand and
 * cached in the tree ({@link KeyTree#setPublic}; a new private key invalidates its node's entry):
 * all missing keys of a rekey or a view in one {@code x25519PublicKeys} batch per
 * {@link X25519Batch#MAX_KEYS}, not one provider call per node. An RSA root's public key is the
 * root key pair's own, never cached here. Not thread-safe; owned by one {@link GroupKeyServer}.
 */
final class PublicKeyCache {
    private static final int K = KeyTree.KEY;

    private final CryptoProvider provider;
    private final KeyTree tree;
    /** Whether node 0's key pair is an RSA one (kept by the server, not in the tree). */
    private final boolean rsaRoot;

    PublicKeyCache(CryptoProvider provider, KeyTree tree, boolean rsaRoot) {
        this.provider = provider;
        this.tree = tree;
        this.rsaRoot = rsaRoot;
    }

    /** The public-key update of node {@code v} at its current generation ({@code rootRsa}: the server's RSA root, or null). */
    PublicKeyUpdate update(int v, KeyPair rootRsa) {
        KeyRef ref = new KeyRef(v, tree.generation(v));
        if (v == 0 && rootRsa != null) {
            return PublicKeyUpdate.of(ref, rootRsa.publicKey());
        }
        ensure(new int[] {v});
        // straight from the cache: the bytes came from the provider's X25519, no second decode
        return new PublicKeyUpdate(ref, KeyType.X25519, Arrays.copyOfRange(tree.publicKeys, v * K, v * K + K));
    }

    /** The X25519 public key bytes of node {@code v} (not an RSA root), computed if missing. */
    byte[] x25519(int v) {
        ensure(new int[] {v});
        return Arrays.copyOfRange(tree.publicKeys, v * K, v * K + K);
    }

    /** Updates for the path of {@code leaf}, leaf first, root last (symmetric tree: none). */
    List<PublicKeyUpdate> path(int leaf, KeyPair rootRsa) {
        if (!tree.hybrid()) {
            return List.of();
        }
        int[] path = new int[tree.depth(leaf) + 1];
        for (int i = 0, v = leaf; i < path.length; i++, v = v == 0 ? 0 : tree.parent(v)) {
            path[i] = v;
        }
        ensure(path);
        List<PublicKeyUpdate> pubs = new ArrayList<>(path.length);
        for (int v : path) {
            pubs.add(update(v, rootRsa));
        }
        return pubs;
    }

    /**
     * Computes and caches the missing X25519 public keys of the given nodes (cached nodes and an
     * RSA root are skipped) with one batch call per {@link X25519Batch#MAX_KEYS} keys. The same
     * bytes as the single-key {@code keys().publicKey}; a node listed twice is merely derived twice.
     */
    void ensure(int[]... nodeLists) {
        int missing = 0;
        for (int[] nodes : nodeLists) {
            for (int v : nodes) {
                if (needs(v)) {
                    missing++;
                }
            }
        }
        if (missing == 0) {
            return;
        }
        int chunk = Math.min(missing, X25519Batch.MAX_KEYS);
        int[] at = new int[chunk];
        byte[] priv = new byte[chunk * K];
        byte[] pub = new byte[chunk * K];
        int n = 0;
        try {
            for (int[] nodes : nodeLists) {
                for (int v : nodes) {
                    if (!needs(v)) {
                        continue;
                    }
                    tree.copyPrivate(v, priv, n * K);
                    at[n++] = v;
                    if (n == chunk) {
                        derive(at, priv, pub, n);
                        n = 0;
                    }
                }
            }
            if (n > 0) {
                derive(at, priv, pub, n);
            }
        } finally {
            Arrays.fill(priv, (byte) 0);
        }
    }

    private boolean needs(int v) {
        return tree.hybrid() && !(v == 0 && rsaRoot) && !tree.publicCached(v);
    }

    /** One batch: the public keys of {@code priv[0, n*K)} into the cache of nodes {@code at[0, n)}. */
    private void derive(int[] at, byte[] priv, byte[] pub, int n) {
        try {
            provider.keys().x25519PublicKeys(priv, 0, pub, 0, n);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("X25519 public key batch layout rejected", e);
        }
        for (int i = 0; i < n; i++) {
            tree.setPublic(at[i], pub, i * K);
        }
    }
}
