package org.gkm.rekey;

import java.nio.charset.StandardCharsets;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidInputException;
import org.gkm.wire.WireWriter;

/**
 * The one-way functions of the engine (claim 16), shared by the GCKS and members so both compute
 * exactly the same keys: HKDF-Expand-SHA256 keyed with the old key (a uniformly random 32-byte key
 * may serve directly as the PRK, RFC 5869 sec. 3.3) with an info binding label, node id and the
 * new generation, so a derived key is never reused for another node or generation. The TEK is an
 * HKDF key only (revisions here, the Data SA key in {@code data}): what it encrypts, the root
 * private key (claim 3), goes under its sub-key {@link #tekKek}, never under the TEK itself.
 */
public final class Labels {
    static final byte[] NODE_JOIN = "gkm lkh join node v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NODE_PRIVATE = "gkm lkh node private v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEK_REVISION = "gkm lkh tek revision v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEK_KEK = "gkm lkh tek kek v1".getBytes(StandardCharsets.US_ASCII);

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

    private static byte[] expand(CryptoProvider p, byte[] prk, byte[] info) {
        try {
            return p.kdf().expand(prk, info, KeyTree.KEY);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF rejected a 32-byte key", e);
        }
    }
}
