package org.gkm.rekey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyLimits;
import org.gkm.rekey.message.TekId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The binary format of a {@link ServerSnapshot} (docs/storage.md, "Server snapshot"), version 1:
 *
 * <pre>
 * magic "GKSS" | u16 version | server state | u8 signing key present [| 32-byte private key] | SHA-256 of all before
 * </pre>
 *
 * The server state is canonical (one encoding per state: initiators by ascending member id, stacks in
 * their order), so its SHA-256 is the server's {@link GroupKeyServer#fingerprint()}. The trailing
 * checksum catches corruption (a flipped bit, a torn write); it is not authentication, which the
 * store's barrier gives. Decoding is strict: the magic, version and checksum are checked first, then
 * every field against its limit and the remaining bytes before anything is allocated, then the key
 * tree's invariants; any failure is a {@link MalformedSnapshotException} and nothing is restored.
 *
 * <p>Encoding writes into one exactly sized array (no growable buffer leaves copies of keys behind);
 * decoding zeroes every secret array it read once the server holds its own copies.
 */
final class SnapshotCodec {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'G', 'K', 'S', 'S'};
    private static final int K = KeyTree.KEY;
    private static final int CHECKSUM = 32;
    private static final int NO_MEMBER = -1;
    /** Most tree nodes a snapshot may hold: every per-node array stays under 2^31 bytes. */
    static final int MAX_NODES = 1 << 25;
    /** Most member ids a snapshot may have allocated. */
    static final int MAX_MEMBER_IDS = 1 << 25;
    private static final int MAX_RSA_PRIVATE = 8192;
    private static final int MAX_RSA_PUBLIC = 2048;
    private static final int MAX_SIGNATURE_PUBLIC = 256;
    private static final byte[] FINGERPRINT_LABEL = "gkm server state fingerprint v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SnapshotCodec() {
    }

    // ---------------------------------------------------------------- encoding

    /** The snapshot of {@code s}, with {@code signingKey} (may be null) in its signing key section. */
    static byte[] encode(GroupKeyServer s, PrivateKey signingKey) {
        byte[] signing = null;
        if (signingKey != null) {
            if (signingKey.type() != s.policy().signatureAlgorithm().keyType()) {
                throw new IllegalArgumentException("signing key is " + signingKey.type() + ", the policy signs with "
                        + s.policy().signatureAlgorithm());
            }
            signing = signingKey.encoded(InsecureSecretAccess.get());
        }
        try {
            int size = Math.addExact(MAGIC.length + 2 + serverSize(s) + 1 + (signing == null ? 0 : K), CHECKSUM);
            byte[] out = new byte[size];
            WireWriter w = WireWriter.into(out, 0);
            w.raw(MAGIC).u16(VERSION);
            writeServer(w, out, s);
            if (signing == null) {
                w.u8(0);
            } else {
                w.u8(1).fixed(signing, K);
            }
            byte[] sum = sha256(null, out, 0, w.position());
            w.raw(sum);
            if (w.position() != size) {
                throw new IllegalStateException("snapshot size " + w.position() + " differs from computed " + size);
            }
            return out;
        } finally {
            if (signing != null) {
                Arrays.fill(signing, (byte) 0);
            }
        }
    }

    /** SHA-256 of the label and the canonical server state; the encoding is zeroed afterwards. */
    static byte[] fingerprint(GroupKeyServer s) {
        byte[] body = new byte[serverSize(s)];
        try {
            WireWriter w = WireWriter.into(body, 0);
            writeServer(w, body, s);
            return sha256(FINGERPRINT_LABEL, body, 0, body.length);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private static int serverSize(GroupKeyServer s) {
        KeyTree t = s.tree();
        long nodes = t.nodeCount();
        long leaves = nodes - t.firstLeaf();
        long n = 2L + s.group().length() + 8 + 8; // group, epoch, sequence
        n += 24; // policy
        n += 8 + K + 4 + K; // TEK id, TEK, auth key generation, auth key
        n += 8 + nodes * (4 + K) + (t.hybrid() ? nodes * K : 0) + leaves * 4;
        n += 4 + 4L * t.freeLeafStack().length + 4 + 4L * t.freeIdStack().length;
        n += 1;
        KeyPair rsa = s.rootRsa();
        if (rsa != null) {
            n += 2 + rsaPrivateLength(rsa) + 2 + rsa.publicKey().encoded().length;
        }
        n += 4;
        for (PublicKey k : s.initiatorKeys().values()) {
            n += 4 + 2 + k.encoded().length;
        }
        return Math.toIntExact(n);
    }

    private static int rsaPrivateLength(KeyPair rsa) {
        byte[] der = rsa.privateKey().encoded(InsecureSecretAccess.get());
        int n = der.length;
        Arrays.fill(der, (byte) 0);
        return n;
    }

    /**
     * Writes the canonical server state with {@code w}, a writer into {@code out}: the key arrays are
     * copied straight into {@code out}, not through a temporary copy.
     */
    private static void writeServer(WireWriter w, byte[] out, GroupKeyServer s) {
        GroupPolicy p = s.policy();
        w.bytes16(s.group().value(), RekeyLimits.MAX_GROUP_ID_BYTES);
        w.i64(s.epoch()).i64(s.sequence());
        w.u8(p.degree()).u8(p.hybrid() ? 1 : 0).u16(p.rootKeyType().code())
                .u8(p.tekChange() == GroupPolicy.TekChangeMode.REVISION ? 0 : 1).u16(p.signatureAlgorithm().code());
        int privileges = 0;
        for (Privilege v : p.memberPrivileges()) {
            privileges |= 1 << v.ordinal();
        }
        w.u8(privileges).i64(p.keyLifetimeSeconds()).i64(p.tekLifetimeSeconds());
        w.u32(s.tekId().version()).u32(s.tekId().revision()).raw(s.tekArray());
        w.u32(s.authGeneration()).raw(s.authKeyArray());
        KeyTree t = s.tree();
        int nodes = t.nodeCount();
        w.u32(t.firstLeaf()).u32(t.memberIdLimit());
        for (int v = 0; v < nodes; v++) {
            w.u32(t.generation(v));
        }
        int at = w.position();
        w.skip(nodes * K);
        System.arraycopy(t.keys, 0, out, at, nodes * K);
        if (t.hybrid()) {
            at = w.position();
            w.skip(nodes * K);
            System.arraycopy(t.privateKeys, 0, out, at, nodes * K);
        }
        for (int v = t.firstLeaf(); v < nodes; v++) {
            int m = t.memberAt(v);
            w.u32(m == KeyTree.NONE ? 0xFFFF_FFFFL : m);
        }
        writeInts(w, t.freeLeafStack());
        writeInts(w, t.freeIdStack());
        KeyPair rsa = s.rootRsa();
        if (rsa == null) {
            w.u8(0);
        } else {
            byte[] der = rsa.privateKey().encoded(InsecureSecretAccess.get());
            try {
                w.u8(1).bytes16(der, MAX_RSA_PRIVATE).bytes16(rsa.publicKey().encoded(), MAX_RSA_PUBLIC);
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        Map<Integer, PublicKey> initiators = new TreeMap<>(s.initiatorKeys());
        w.u32(initiators.size());
        for (Map.Entry<Integer, PublicKey> e : initiators.entrySet()) {
            w.u32(e.getKey()).bytes16(e.getValue().encoded(), MAX_SIGNATURE_PUBLIC);
        }
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Restores a snapshot: a server drawing fresh bytes from {@code random} and computing with
     * {@code provider}, and the signing key pair if the snapshot holds one.
     */
    static ServerSnapshot decode(CryptoProvider provider, EngineRandom random, byte[] in) throws MalformedSnapshotException {
        int min = MAGIC.length + 2 + CHECKSUM;
        if (in.length < min) {
            throw new MalformedSnapshotException("snapshot of " + in.length + " bytes is shorter than the minimum " + min);
        }
        if (!Arrays.equals(in, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new MalformedSnapshotException("not a server snapshot (magic)");
        }
        int version = ((in[4] & 0xFF) << 8) | (in[5] & 0xFF);
        if (version != VERSION) {
            throw new MalformedSnapshotException("snapshot format version " + version + ", this code reads " + VERSION);
        }
        int bodyEnd = in.length - CHECKSUM;
        byte[] sum = sha256(null, in, 0, bodyEnd);
        if (!MessageDigest.isEqual(sum, Arrays.copyOfRange(in, bodyEnd, in.length))) {
            throw new MalformedSnapshotException("snapshot checksum does not match: truncated or corrupted");
        }
        return new Decoder(provider, random, new WireReader<>(in, 6, bodyEnd - 6, MalformedSnapshotException::new))
                .decode();
    }

    /** One decoding: holds the secret arrays read so far, zeroed whatever the outcome. */
    private static final class Decoder {
        private final CryptoProvider provider;
        private final EngineRandom random;
        private final WireReader<MalformedSnapshotException> r;
        private byte[] tek;
        private byte[] authKey;
        private byte[] keys;
        private byte[] privateKeys;
        private byte[] rsaPrivate;
        private byte[] signing;

        Decoder(CryptoProvider provider, EngineRandom random, WireReader<MalformedSnapshotException> r) {
            this.provider = provider;
            this.random = random;
            this.r = r;
        }

        ServerSnapshot decode() throws MalformedSnapshotException {
            try {
                return decodeAll();
            } finally {
                for (byte[] b : new byte[][] {tek, authKey, keys, privateKeys, rsaPrivate, signing}) {
                    if (b != null) {
                        Arrays.fill(b, (byte) 0);
                    }
                }
            }
        }

        private MalformedSnapshotException bad(String message) {
            return new MalformedSnapshotException(message + " (at offset " + r.offset() + ")");
        }

        private ServerSnapshot decodeAll() throws MalformedSnapshotException {
            GroupId group = new GroupId(r.bytes16(RekeyLimits.MIN_GROUP_ID_BYTES, RekeyLimits.MAX_GROUP_ID_BYTES, "group id"));
            long epoch = r.nonNegativeLong("epoch");
            long sequence = r.nonNegativeLong("sequence");
            GroupPolicy policy = policy();
            TekId tekId = new TekId(r.nonNegativeInt("TEK version"), r.nonNegativeInt("TEK revision"));
            tek = r.fixed(K, "TEK");
            int authGeneration = r.nonNegativeInt("auth key generation");
            authKey = r.fixed(K, "auth key");
            KeyTree tree = tree(policy);
            KeyPair rsa = rootRsa(policy);
            Map<Integer, PublicKey> initiators = initiators(policy, tree);
            KeyPair signingKey = signingKey(policy);
            r.finish("snapshot");
            GroupKeyServer server = GroupKeyServer.restored(provider, policy, group, random, tree, epoch, sequence, tek,
                    tekId, authKey, authGeneration, rsa, initiators);
            return new ServerSnapshot(server, signingKey);
        }

        private GroupPolicy policy() throws MalformedSnapshotException {
            int degree = r.u8("degree");
            int mode = r.u8("tree mode");
            int rootCode = r.u16("root key type");
            int tekChange = r.u8("TEK change mode");
            int signatureCode = r.u16("signature algorithm");
            int privilegeBits = r.u8("member privileges");
            long keyLifetime = r.nonNegativeLong("key lifetime");
            long tekLifetime = r.nonNegativeLong("TEK lifetime");
            if (mode > 1 || tekChange > 1) {
                throw bad("tree mode " + mode + " or TEK change mode " + tekChange + " unknown");
            }
            KeyType root = rootCode == KeyType.X25519.code() ? KeyType.X25519
                    : rootCode == KeyType.RSA_3072.code() ? KeyType.RSA_3072 : null;
            SignatureAlgorithm signature = null;
            for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
                if (a.code() == signatureCode) {
                    signature = a;
                }
            }
            if (root == null || signature == null) {
                throw bad("root key type " + rootCode + " or signature algorithm " + signatureCode + " unknown");
            }
            Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
            for (Privilege p : Privilege.values()) {
                if ((privilegeBits & (1 << p.ordinal())) != 0) {
                    privileges.add(p);
                }
            }
            if (privilegeBits >>> Privilege.values().length != 0) {
                throw bad("member privileges " + privilegeBits + " name an unknown privilege");
            }
            try {
                return new GroupPolicy(degree, mode == 1 ? GroupPolicy.TreeMode.HYBRID : GroupPolicy.TreeMode.SYMMETRIC_ONLY,
                        root, tekChange == 0 ? GroupPolicy.TekChangeMode.REVISION : GroupPolicy.TekChangeMode.VERSION,
                        signature, privileges, keyLifetime, tekLifetime);
            } catch (IllegalArgumentException e) {
                throw bad("policy: " + e.getMessage());
            }
        }

        private KeyTree tree(GroupPolicy policy) throws MalformedSnapshotException {
            int d = policy.degree();
            boolean hybrid = policy.hybrid();
            int cursor = r.nonNegativeInt("first leaf");
            long nodes = (long) d * cursor + 1;
            if (cursor < 1 || nodes > MAX_NODES) {
                throw bad("first leaf " + cursor + " gives " + nodes + " nodes, outside [" + (d + 1) + ", " + MAX_NODES + "]");
            }
            int n = (int) nodes;
            int leaves = n - cursor;
            int memberIdLimit = r.nonNegativeInt("member id limit");
            if (memberIdLimit > MAX_MEMBER_IDS) {
                throw bad("member id limit " + memberIdLimit + " over " + MAX_MEMBER_IDS);
            }
            long need = nodes * (4 + K + (hybrid ? K : 0)) + 4L * leaves;
            if (need > r.remaining()) {
                throw bad(nodes + " nodes need " + need + " bytes, " + r.remaining() + " remain");
            }
            int[] generations = new int[n];
            for (int v = 0; v < n; v++) {
                generations[v] = r.nonNegativeInt("generation");
            }
            keys = r.fixed(n * K, "node keys");
            if (hybrid) {
                privateKeys = r.fixed(n * K, "node private keys");
            }
            int[] leafMembers = new int[leaves];
            long[] isMember = new long[(memberIdLimit + 63) >>> 6];
            int members = 0;
            for (int i = 0; i < leaves; i++) {
                long m = r.u32("leaf member");
                if (m == 0xFFFF_FFFFL) {
                    leafMembers[i] = NO_MEMBER;
                    continue;
                }
                if (m >= memberIdLimit || (isMember[(int) m >>> 6] & (1L << m)) != 0) {
                    throw bad("leaf " + (cursor + i) + " holds member " + m + ": beyond the limit or at two leaves");
                }
                isMember[(int) m >>> 6] |= 1L << m;
                leafMembers[i] = (int) m;
                members++;
            }
            int[] freeLeaves = new int[r.count32(leaves - members, 4, "free leaf count")];
            if (freeLeaves.length != leaves - members) {
                throw bad(freeLeaves.length + " free leaves listed, " + (leaves - members) + " leaves are empty");
            }
            long[] seen = new long[(leaves + 63) >>> 6];
            for (int i = 0; i < freeLeaves.length; i++) {
                int leaf = r.nonNegativeInt("free leaf");
                int at = leaf - cursor;
                if (leaf < cursor || leaf >= n || leafMembers[at] != NO_MEMBER || (seen[at >>> 6] & (1L << at)) != 0) {
                    throw bad("free leaf " + leaf + " is not an empty leaf, or listed twice");
                }
                seen[at >>> 6] |= 1L << at;
                freeLeaves[i] = leaf;
            }
            int[] freeIds = new int[r.count32(memberIdLimit - members, 4, "free id count")];
            if (freeIds.length != memberIdLimit - members) {
                throw bad(freeIds.length + " free member ids listed, " + (memberIdLimit - members) + " ids are unused");
            }
            for (int i = 0; i < freeIds.length; i++) {
                int id = r.nonNegativeInt("free member id");
                if (id >= memberIdLimit || (isMember[id >>> 6] & (1L << id)) != 0) {
                    throw bad("free member id " + id + " is beyond the limit, a member, or listed twice");
                }
                isMember[id >>> 6] |= 1L << id; // now taken: a second listing fails
                freeIds[i] = id;
            }
            return KeyTree.restore(d, hybrid, cursor, generations, keys, privateKeys, leafMembers, memberIdLimit,
                    freeLeaves, freeIds);
        }

        private KeyPair rootRsa(GroupPolicy policy) throws MalformedSnapshotException {
            int present = r.u8("root key pair present");
            boolean expected = policy.hybrid() && policy.rootKeyType() == KeyType.RSA_3072;
            if (present > 1 || (present == 1) != expected) {
                throw bad("root key pair flag " + present + " does not fit the policy");
            }
            if (present == 0) {
                return null;
            }
            rsaPrivate = r.bytes16(1, MAX_RSA_PRIVATE, "root private key");
            byte[] spki = r.bytes16(1, MAX_RSA_PUBLIC, "root public key");
            try {
                return new KeyPair(PrivateKey.decode(KeyType.RSA_3072, rsaPrivate), PublicKey.decode(KeyType.RSA_3072, spki));
            } catch (InvalidKeyException e) {
                throw bad("root key pair does not decode: " + e.getMessage());
            }
        }

        private Map<Integer, PublicKey> initiators(GroupPolicy policy, KeyTree tree) throws MalformedSnapshotException {
            int count = r.count32(tree.memberCount(), 6, "initiator count");
            Map<Integer, PublicKey> out = new TreeMap<>();
            KeyType type = policy.signatureAlgorithm().keyType();
            int last = -1;
            for (int i = 0; i < count; i++) {
                int member = r.nonNegativeInt("initiator member");
                if (member <= last || !tree.contains(member)) {
                    throw bad("initiator " + member + " is not a member, or out of order");
                }
                last = member;
                byte[] key = r.bytes16(1, MAX_SIGNATURE_PUBLIC, "initiator key");
                try {
                    out.put(member, PublicKey.decode(type, key));
                } catch (InvalidKeyException e) {
                    throw bad("initiator key of member " + member + " does not decode: " + e.getMessage());
                }
            }
            return out;
        }

        private KeyPair signingKey(GroupPolicy policy) throws MalformedSnapshotException {
            int present = r.u8("signing key present");
            if (present > 1) {
                throw bad("signing key flag " + present);
            }
            if (present == 0) {
                return null;
            }
            signing = r.fixed(K, "signing key");
            try {
                PrivateKey sk = PrivateKey.decode(policy.signatureAlgorithm().keyType(), signing);
                return new KeyPair(sk, provider.keys().publicKey(sk));
            } catch (InvalidKeyException e) {
                throw bad("signing key does not decode: " + e.getMessage());
            }
        }
    }

    private static void writeInts(WireWriter w, int[] values) {
        w.u32(values.length);
        for (int v : values) {
            w.u32(v);
        }
    }

    private static byte[] sha256(byte[] label, byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (label != null) {
                md.update(label);
            }
            md.update(b, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
