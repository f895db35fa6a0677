package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.rekey.message.TekId;

/**
 * What one rekey made of the server's state, as a value: exactly what {@link GroupKeyServer#apply}
 * needs to make the same state from the state before, with no randomness and no cryptography
 * beyond decoding an RSA root key pair. It lists the leavers (in the order they were removed), the
 * joiners (member id and leaf the tree gave them, their client keys), every node with a new key
 * (its new generation, key and, hybrid, private key), the TEK and its id, the group authentication
 * key and its generation, and an RSA root key pair when the tree has one. Leaf splits, free-slot
 * stacks and the initiator certificates that leave with their members follow from these, as they
 * do in the operation itself.
 *
 * <p>Holds secrets in flat arrays (node {@code i}'s key is {@code nodeKeys[32i, 32i+32)});
 * {@link #destroy()} zeroes them. Package-private: outside the package a change exists only as its
 * encoding ({@link ServerChange}).
 */
final class GroupChange {
    private static final int K = KeyTree.KEY;

    final long epoch;
    final long sequence;
    final boolean hybrid;
    final int[] leavers;
    final int[] joinerIds;
    final int[] joinerLeaves;
    final byte[] joinerKeys;
    /** Hybrid only (else null). */
    final byte[] joinerPrivates;
    final int[] nodes;
    final int[] generations;
    final byte[] nodeKeys;
    /** Hybrid only (else null). */
    final byte[] nodePrivates;
    final TekId tekId;
    final byte[] tek;
    final int authGeneration;
    final byte[] authKey;
    /** PKCS#8 and SubjectPublicKeyInfo of an RSA root key pair, or both null. */
    final byte[] rsaPrivate;
    final byte[] rsaPublic;

    // set by the planner only (a decoded record has none): what apply installs besides the state
    /** Cached AES-KW sub-keys of the new node keys, one per node (apply keeps the top nodes'), or null. */
    byte[] nodeSubKeys;
    /** X25519 public keys of the new private keys, one per node (hybrid), or null. */
    byte[] nodePublics;
    /** X25519 public keys of the joiners' client private keys (hybrid), or null. */
    byte[] joinerPublics;
    /** The RSA root key pair itself (spares apply the decode), or null. */
    KeyPair rsaPair;

    GroupChange(long epoch, long sequence, boolean hybrid, int[] leavers, int[] joinerIds, int[] joinerLeaves,
            byte[] joinerKeys, byte[] joinerPrivates, int[] nodes, int[] generations, byte[] nodeKeys, byte[] nodePrivates,
            TekId tekId, byte[] tek, int authGeneration, byte[] authKey, byte[] rsaPrivate, byte[] rsaPublic) {
        this.epoch = epoch;
        this.sequence = sequence;
        this.hybrid = hybrid;
        this.leavers = leavers;
        this.joinerIds = joinerIds;
        this.joinerLeaves = joinerLeaves;
        this.joinerKeys = joinerKeys;
        this.joinerPrivates = joinerPrivates;
        this.nodes = nodes;
        this.generations = generations;
        this.nodeKeys = nodeKeys;
        this.nodePrivates = nodePrivates;
        this.tekId = tekId;
        this.tek = tek;
        this.authGeneration = authGeneration;
        this.authKey = authKey;
        this.rsaPrivate = rsaPrivate;
        this.rsaPublic = rsaPublic;
    }

    /**
     * The change {@code rekey} made, read from {@code server} right after it (the plan names the
     * members and nodes; their keys are read from the tree as the rekey left them).
     *
     * @throws IllegalArgumentException if {@code rekey} is not the server's latest operation
     */
    static GroupChange of(GroupKeyServer server, Rekey rekey) {
        if (rekey.message().sequence() != server.sequence() || !rekey.plan().tek().equals(server.tekId())) {
            throw new IllegalArgumentException("rekey " + rekey.message().sequence() + " is not the server's latest ("
                    + server.sequence() + ")");
        }
        KeyTree t = server.tree();
        boolean hybrid = t.hybrid();
        RekeyPlan plan = rekey.plan();
        int[] joiners = plan.joiners();
        int[] joinerLeaves = plan.joinerLeaves();
        byte[] joinerKeys = new byte[joiners.length * K];
        byte[] joinerPrivates = hybrid ? new byte[joiners.length * K] : null;
        for (int j = 0; j < joiners.length; j++) {
            // where the joiner is now: a later split of the same batch may have moved it from the
            // leaf it was placed in (the leaf the record names, which apply checks)
            int leaf = t.leafOf(joiners[j]);
            t.copyKey(leaf, joinerKeys, j * K);
            if (hybrid) {
                t.copyPrivate(leaf, joinerPrivates, j * K);
            }
        }
        int[] nodes = plan.refreshed();
        int[] gens = new int[nodes.length];
        byte[] keys = new byte[nodes.length * K];
        byte[] privs = hybrid ? new byte[nodes.length * K] : null;
        for (int i = 0; i < nodes.length; i++) {
            gens[i] = t.generation(nodes[i]);
            t.copyKey(nodes[i], keys, i * K);
            if (hybrid) {
                t.copyPrivate(nodes[i], privs, i * K);
            }
        }
        KeyPair rsa = server.rootRsa();
        return new GroupChange(server.epoch(), server.sequence(), hybrid, plan.leavers(), joiners, joinerLeaves, joinerKeys,
                joinerPrivates, nodes, gens, keys, privs, server.tekId(), server.tekArray().clone(), server.authGeneration(),
                server.authKeyArray().clone(), rsa == null ? null : rsa.privateKey().encoded(InsecureSecretAccess.get()),
                rsa == null ? null : rsa.publicKey().encoded());
    }

    /** Zeroes every secret array of this change. */
    void destroy() {
        for (byte[] b : new byte[][] {joinerKeys, joinerPrivates, nodeKeys, nodePrivates, tek, authKey, rsaPrivate, nodeSubKeys}) {
            if (b != null) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "GroupChange[seq=" + sequence + ", leavers=" + leavers.length + ", joiners=" + joinerIds.length + ", nodes="
                + nodes.length + ", tek=" + tekId + "]";
    }
}
