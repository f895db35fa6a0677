package org.gkm.rekey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.gkm.rekey.message.TekId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The binary format of a change record payload ({@link ServerChange}; docs/storage.md, "Change
 * record"), version 1:
 *
 * <pre>
 * magic "GKCR" | u16 version | i64 epoch | i64 sequence | u8 hybrid
 * | u32 n, n x u32 leaver
 * | u32 n, n x (u32 member id, u32 leaf, 32-byte client key [, 32-byte client private key])
 * | u32 n, n x (u32 node, u32 generation, 32-byte key [, 32-byte private key])
 * | u32 TEK version | u32 TEK revision | 32-byte TEK | u32 auth key generation | 32-byte auth key
 * | u8 RSA root present [| u16-prefixed PKCS#8 | u16-prefixed SubjectPublicKeyInfo]
 * | SHA-256 of all before
 * </pre>
 *
 * Private keys are present exactly when the hybrid flag is set. Decoding is strict: magic, version
 * and checksum first, then every count against its limit and the bytes that remain before anything
 * is allocated, no trailing bytes; any failure is a {@link MalformedChangeException}. The checksum
 * catches corruption; authentication and confidentiality come from the store's barrier. Encoding
 * writes into one exactly sized array; decoding zeroes what it read when the result is not handed out.
 */
final class ChangeCodec {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'G', 'K', 'C', 'R'};
    private static final int K = KeyTree.KEY;
    private static final int CHECKSUM = 32;
    private static final int MAX_RSA_PRIVATE = 8192;
    private static final int MAX_RSA_PUBLIC = 2048;

    private ChangeCodec() {
    }

    static byte[] encode(GroupChange c) {
        int per = c.hybrid ? 2 * K : K;
        long size = MAGIC.length + 2 + 8 + 8 + 1;
        size += 4 + 4L * c.leavers.length;
        size += 4 + (long) c.joinerIds.length * (8 + per);
        size += 4 + (long) c.nodes.length * (8 + per);
        size += 8 + K + 4 + K + 1;
        if (c.rsaPrivate != null) {
            size += 2 + c.rsaPrivate.length + 2 + c.rsaPublic.length;
        }
        size += CHECKSUM;
        byte[] out = new byte[Math.toIntExact(size)];
        WireWriter w = WireWriter.into(out, 0);
        w.raw(MAGIC).u16(VERSION).i64(c.epoch).i64(c.sequence).u8(c.hybrid ? 1 : 0);
        w.u32(c.leavers.length);
        for (int m : c.leavers) {
            w.u32(m);
        }
        w.u32(c.joinerIds.length);
        for (int j = 0; j < c.joinerIds.length; j++) {
            w.u32(c.joinerIds[j]).u32(c.joinerLeaves[j]);
            copy(w, out, c.joinerKeys, j * K);
            if (c.hybrid) {
                copy(w, out, c.joinerPrivates, j * K);
            }
        }
        w.u32(c.nodes.length);
        for (int i = 0; i < c.nodes.length; i++) {
            w.u32(c.nodes[i]).u32(c.generations[i]);
            copy(w, out, c.nodeKeys, i * K);
            if (c.hybrid) {
                copy(w, out, c.nodePrivates, i * K);
            }
        }
        w.u32(c.tekId.version()).u32(c.tekId.revision());
        copy(w, out, c.tek, 0);
        w.u32(c.authGeneration);
        copy(w, out, c.authKey, 0);
        if (c.rsaPrivate == null) {
            w.u8(0);
        } else {
            w.u8(1).bytes16(c.rsaPrivate, MAX_RSA_PRIVATE).bytes16(c.rsaPublic, MAX_RSA_PUBLIC);
        }
        w.raw(sha256(out, 0, w.position()));
        if (w.position() != out.length) {
            throw new IllegalStateException("change record size " + w.position() + " differs from computed " + out.length);
        }
        return out;
    }

    /** Key bytes straight into the output (the writer's {@code raw} would need a copy of them). */
    private static void copy(WireWriter w, byte[] out, byte[] src, int off) {
        int at = w.position();
        w.skip(K);
        System.arraycopy(src, off, out, at, K);
    }

    static GroupChange decode(byte[] in) throws MalformedChangeException {
        int min = MAGIC.length + 2 + CHECKSUM;
        if (in.length < min) {
            throw new MalformedChangeException("change record of " + in.length + " bytes is shorter than the minimum " + min);
        }
        if (!Arrays.equals(in, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new MalformedChangeException("not a change record (magic)");
        }
        int version = ((in[4] & 0xFF) << 8) | (in[5] & 0xFF);
        if (version != VERSION) {
            throw new MalformedChangeException("change record format version " + version + ", this code reads " + VERSION);
        }
        int bodyEnd = in.length - CHECKSUM;
        if (!MessageDigest.isEqual(sha256(in, 0, bodyEnd), Arrays.copyOfRange(in, bodyEnd, in.length))) {
            throw new MalformedChangeException("change record checksum does not match: truncated or corrupted");
        }
        WireReader<MalformedChangeException> r = new WireReader<>(in, 6, bodyEnd - 6, MalformedChangeException::new);
        byte[][] secrets = new byte[7][];
        boolean done = false;
        try {
            long epoch = r.nonNegativeLong("epoch");
            long sequence = r.nonNegativeLong("sequence");
            if (sequence < 1) {
                throw new MalformedChangeException("change record sequence 0");
            }
            int hybridFlag = r.u8("hybrid");
            if (hybridFlag > 1) {
                throw new MalformedChangeException("hybrid flag " + hybridFlag);
            }
            boolean hybrid = hybridFlag == 1;
            int per = hybrid ? 2 * K : K;
            int[] leavers = new int[r.count32(SnapshotCodec.MAX_MEMBER_IDS, 4, "leaver count")];
            for (int i = 0; i < leavers.length; i++) {
                leavers[i] = r.nonNegativeInt("leaver");
            }
            int n = r.count32(SnapshotCodec.MAX_MEMBER_IDS, 8 + per, "joiner count");
            int[] ids = new int[n];
            int[] leaves = new int[n];
            byte[] jk = secrets[0] = new byte[n * K];
            byte[] jp = secrets[1] = hybrid ? new byte[n * K] : null;
            for (int j = 0; j < n; j++) {
                ids[j] = r.nonNegativeInt("joiner id");
                leaves[j] = r.nonNegativeInt("joiner leaf");
                read(r, jk, j * K, "client key");
                if (hybrid) {
                    read(r, jp, j * K, "client private key");
                }
            }
            int m = r.count32(SnapshotCodec.MAX_NODES, 8 + per, "node count");
            int[] nodes = new int[m];
            int[] gens = new int[m];
            byte[] nk = secrets[2] = new byte[m * K];
            byte[] np = secrets[3] = hybrid ? new byte[m * K] : null;
            for (int i = 0; i < m; i++) {
                nodes[i] = r.nonNegativeInt("node");
                gens[i] = r.nonNegativeInt("generation");
                read(r, nk, i * K, "node key");
                if (hybrid) {
                    read(r, np, i * K, "node private key");
                }
            }
            TekId tekId = new TekId(r.nonNegativeInt("TEK version"), r.nonNegativeInt("TEK revision"));
            byte[] tek = secrets[4] = r.fixed(K, "TEK");
            int authGeneration = r.nonNegativeInt("auth key generation");
            byte[] authKey = secrets[5] = r.fixed(K, "auth key");
            int rsa = r.u8("RSA root present");
            if (rsa > 1) {
                throw new MalformedChangeException("RSA root flag " + rsa);
            }
            byte[] rsaPrivate = null;
            byte[] rsaPublic = null;
            if (rsa == 1) {
                rsaPrivate = secrets[6] = r.bytes16(1, MAX_RSA_PRIVATE, "RSA root private key");
                rsaPublic = r.bytes16(1, MAX_RSA_PUBLIC, "RSA root public key");
            }
            r.finish("change record");
            done = true;
            return new GroupChange(epoch, sequence, hybrid, leavers, ids, leaves, jk, jp, nodes, gens, nk, np, tekId, tek,
                    authGeneration, authKey, rsaPrivate, rsaPublic);
        } finally {
            if (!done) {
                for (byte[] b : secrets) {
                    if (b != null) {
                        Arrays.fill(b, (byte) 0);
                    }
                }
            }
        }
    }

    private static void read(WireReader<MalformedChangeException> r, byte[] dst, int off, String field)
            throws MalformedChangeException {
        byte[] b = r.fixed(K, field);
        System.arraycopy(b, 0, dst, off, K);
        Arrays.fill(b, (byte) 0);
    }

    private static byte[] sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
