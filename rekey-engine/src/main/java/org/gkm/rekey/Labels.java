package org.gkm.rekey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.spi.HkdfBatch;
import org.gkm.wire.WireWriter;

/**
 * The one-way functions of the engine (claim 16), shared by the GCKS and members so both compute
 * exactly the same keys: HKDF-Expand-SHA256 keyed with the old key (a uniformly random 32-byte key
 * may serve directly as the PRK, RFC 5869 sec. 3.3) with an info binding label, node id and the
 * new generation, so a derived key is never reused for another node or generation.
 *
 * <p><b>Key separation.</b> Node keys (interior, root and client keys) and the TEK are HKDF keys
 * only, never keys of another primitive. What they encrypt goes under their AES-KW sub-keys: a
 * node's new key, its private key, the TEK and the group authentication key under
 * {@link #nodeKek} of the encrypting node's key, the root private key (claim 3) under
 * {@link #tekKek} of the TEK (the TEK's other uses: revisions here, the Data SA key in
 * {@code data}). Each label is used with one key type only, and the infos differ in length as well
 * as in label, so no two uses share an HKDF output.
 *
 * <p>The sub-key labels carry no node id or generation: a node key is already unique to its node
 * and generation (fresh, or derived with both bound), so binding them again adds nothing, while a
 * label-only sub-key stays the same when a split moves a client key to a new leaf id, and a member
 * rebuilding its state derives its client key's sub-key once before it knows which entry names its
 * leaf.
 */
public final class Labels {
    static final byte[] NODE_JOIN = "gkm lkh join node v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NODE_PRIVATE = "gkm lkh node private v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEK_REVISION = "gkm lkh tek revision v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEK_KEK = "gkm lkh tek kek v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NODE_KEK = "gkm lkh node kek v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DELEGATED_LEAF = "gkm delegation parent leaf v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DELEGATED_LEAF_PRIVATE = "gkm delegation parent leaf private v1".getBytes(StandardCharsets.US_ASCII);

    private Labels() {
    }

    /** label || u32 a || u32 b (both >= 0: node ids, generations, TEK versions and revisions). */
    static byte[] info(byte[] label, int a, int b) {
        byte[] info = new byte[label.length + 8];
        WireWriter.into(info, 0).raw(label).u32(a).u32(b);
        return info;
    }

    /** key(v, gen) = HKDF-Expand(key(v, gen-1), "join node" || v || gen, 32). */
    public static byte[] deriveNode(CryptoProvider p, byte[] oldKey, int node, int newGeneration) {
        return expand(p, oldKey, info(NODE_JOIN, node, newGeneration));
    }

    /** The X25519 private key of a node whose symmetric key was derived: Expand(key, "private" || v || gen). */
    public static byte[] derivePrivate(CryptoProvider p, byte[] nodeKey, int node, int generation) {
        return expand(p, nodeKey, info(NODE_PRIVATE, node, generation));
    }

    /** TEK(version, rev) = HKDF-Expand(TEK(version, rev-1), "tek revision" || version || rev, 32). */
    public static byte[] deriveTek(CryptoProvider p, byte[] tek, int version, int newRevision) {
        return expand(p, tek, info(TEK_REVISION, version, newRevision));
    }

    /** The AES-KW key of a TEK: Expand(TEK, "tek kek", 32), what the "root private key under the TEK" is wrapped with. */
    public static byte[] tekKek(CryptoProvider p, byte[] tek) {
        return expand(p, tek, TEK_KEK);
    }

    /**
     * The AES-KW key of a node key (interior, root or client key): Expand(key, "node kek", 32).
     * Every entry encrypted under a node symmetrically is wrapped with it, never with the node key.
     */
    public static byte[] nodeKek(CryptoProvider p, byte[] nodeKey) {
        return expand(p, nodeKey, NODE_KEK);
    }

    /**
     * Subtree delegation: the client keys a delegated subtree holds at its leaf in the parent's
     * tree, derived from the subtree's root key: Expand(root, "parent leaf", 32) and, for a hybrid
     * parent, the X25519 private key Expand(root, "parent leaf private", 32). Own labels, so the
     * parent leaf key is never the subtree root key nor any key derived from it for another use;
     * every member of the subtree and its key server compute it, nobody outside the subtree can.
     */
    static ClientKeys delegatedLeaf(CryptoProvider p, byte[] subtreeRoot, boolean parentHybrid) {
        byte[] key = expand(p, subtreeRoot, DELEGATED_LEAF);
        try {
            return ClientKeys.adopt(key, parentHybrid ? expand(p, subtreeRoot, DELEGATED_LEAF_PRIVATE) : null);
        } catch (RuntimeException e) {
            Arrays.fill(key, (byte) 0);
            throw e;
        }
    }

    /**
     * {@link #nodeKek} of {@code count} node keys stored contiguously in {@code keys} from
     * {@code keyOffset}, written contiguously to {@code out} from {@code outOffset}: one provider
     * call per {@link HkdfBatch#MAX_KEYS} keys (a rekey's missing sub-keys at once).
     */
    static void nodeKeks(CryptoProvider p, byte[] keys, int keyOffset, int count, byte[] out, int outOffset) {
        for (int done = 0; done < count; ) {
            int n = Math.min(HkdfBatch.MAX_KEYS, count - done);
            expandEach(p, keys, keyOffset + done * KeyTree.KEY, NODE_KEK, out, outOffset + done * KeyTree.KEY, n);
            done += n;
        }
    }

    /**
     * HKDF-Expand of one block (32 bytes, all the engine derives) under a 32-byte key, through the
     * provider's batch entry point: with OpenSSL that is the one-block kernel on a reused digest
     * context, several times cheaper than a general expand.
     */
    private static byte[] expand(CryptoProvider p, byte[] prk, byte[] info) {
        if (prk.length != KeyTree.KEY) {
            throw new IllegalArgumentException("engine keys are 32 bytes, got " + prk.length);
        }
        byte[] out = new byte[KeyTree.KEY];
        expandEach(p, prk, 0, info, out, 0, 1);
        return out;
    }

    private static void expandEach(CryptoProvider p, byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset,
            int count) {
        try {
            p.kdf().expandEach(prks, prkOffset, info, out, outOffset, count);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF rejected a batch of 32-byte keys", e);
        }
    }
}
