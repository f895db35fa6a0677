package org.gkm.rekey;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.rekey.message.Gkma;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyLimits;
import org.gkm.rekey.message.TekId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The part of a group's public tree (a {@link TreeView}) that a networked member needs to initiate
 * ONE operation (claims 13, 14): the GCKS cuts it from its tree ({@link #forRemoval},
 * {@link #forJoin}), signs it with its rekey signing key ({@link #sign}) and the member checks it
 * ({@link #verify}) before building the MEMBER_REKEY message with {@link MemberInitiator} on it. It
 * holds no secret.
 *
 * <p>What it holds: the group, epoch, sequence, TEK id and GKMA, the tree's node count, first leaf
 * and next join leaf, for a removal the target (member id and leaf), and one entry per node the
 * operation reads (node id, non-empty, key generation and, in a hybrid tree with an X25519 root,
 * the X25519 public key of every non-empty node): the operation's anchor (the target's leaf, the
 * next join leaf, or for a join that splits a leaf the split leaf), the root, and all d children
 * of every proper ancestor of the anchor. That is exactly what {@link SingleChange} and
 * {@link MemberInitiator} read (the split leaf's generation and public key included), and never
 * more than {@code d * maxDepth + 1} nodes ({@link NodeIdSpace}). The policy is not on the wire:
 * the member supplies the one it already holds to {@link #verify}.
 *
 * <p>Lookups outside the view: {@link #leafOf} of any member but the target throws
 * {@link UnknownMemberException}; {@link #nonEmpty}, {@link #generation} and {@link #publicKey} of
 * a node the view does not hold (or a public key it does not carry) throw the unchecked
 * {@link NodeOutsideViewException}, which {@link MemberInitiator} reports as a
 * {@link KeyUnavailableException}. A view that passed {@link #verify} holds exactly the nodes its
 * operation reads, so the initiator of that operation never meets either; a removal view used for
 * a join does.
 *
 * <p>Signed encoding (big-endian, {@link WireWriter}): u8 version (1), u16-prefixed group id, u64
 * epoch, u64 sequence, u32 TEK version, u32 TEK revision, u8-prefixed GKMA name, u16 GKMA version,
 * u16 GKMA degree, u32 node count, u32 first leaf, u32 next join leaf, u8 has-target (0/1) then
 * u32 target member and u32 target leaf, u16 entry count, entries (u32 node id, strictly
 * increasing; u8 flags: 1 non-empty, 2 public key; u32 generation; 32-byte key if flagged), then a
 * u16-prefixed signature over {@code "gkm initiator view v1" || 0x00 || encoding}, a label no rekey
 * message envelope signs. Immutable.
 */
public final class InitiatorView implements TreeView {
    private static final int VERSION = 1;
    private static final byte[] LABEL = "gkm initiator view v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY = 32;
    private static final int FLAG_NON_EMPTY = 1;
    private static final int FLAG_KEY = 2;
    private static final int MAX_SIGNATURE = 72;
    private static final String GKMA_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    private static final int NONE = -1;

    private final GroupPolicy policy;
    private final GroupId group;
    private final long epoch;
    private final long sequence;
    private final TekId tekId;
    private final Gkma gkma;
    private final int nodeCount;
    private final int firstLeaf;
    private final int nextJoinLeaf;
    private final int target;
    private final int targetLeaf;
    private final int[] nodes;
    private final boolean[] nonEmpty;
    private final int[] generations;
    private final PublicKey[] keys;

    /** A node or public key an {@link InitiatorView} does not hold was looked up. */
    public static final class NodeOutsideViewException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NodeOutsideViewException(String message) {
            super(message);
        }
    }

    private InitiatorView(GroupPolicy policy, GroupId group, long epoch, long sequence, TekId tekId, Gkma gkma,
            int nodeCount, int firstLeaf, int nextJoinLeaf, int target, int targetLeaf, int[] nodes, boolean[] nonEmpty,
            int[] generations, PublicKey[] keys) {
        this.policy = policy;
        this.group = group;
        this.epoch = epoch;
        this.sequence = sequence;
        this.tekId = tekId;
        this.gkma = gkma;
        this.nodeCount = nodeCount;
        this.firstLeaf = firstLeaf;
        this.nextJoinLeaf = nextJoinLeaf;
        this.target = target;
        this.targetLeaf = targetLeaf;
        this.nodes = nodes;
        this.nonEmpty = nonEmpty;
        this.generations = generations;
        this.keys = keys;
    }

    /** The view for removing member {@code target}: its leaf-to-root path and every child of each path node. */
    public static InitiatorView forRemoval(GroupKeyServer server, int target) throws UnknownMemberException {
        Objects.requireNonNull(server, "server");
        int leaf = server.leafOf(target);
        return cut(server, target, leaf, leaf);
    }

    /** The view for adding one joiner at {@link TreeView#nextJoinLeaf()} (with the split leaf if it splits one). */
    public static InitiatorView forJoin(GroupKeyServer server) {
        Objects.requireNonNull(server, "server");
        return cut(server, NONE, NONE, joinAnchor(server.policy().degree(), server.nodeCount(), server.nextJoinLeaf()));
    }

    private static InitiatorView cut(GroupKeyServer s, int target, int targetLeaf, int anchor) {
        int[] ids = required(s.policy().degree(), anchor);
        boolean withKeys = carriesKeys(s.policy());
        boolean[] ne = new boolean[ids.length];
        int[] gens = new int[ids.length];
        PublicKey[] pks = new PublicKey[ids.length];
        int[] keyed = new int[ids.length];
        int nk = 0;
        for (int i = 0; i < ids.length; i++) {
            ne[i] = s.nonEmpty(ids[i]);
            gens[i] = s.generation(ids[i]);
            if (withKeys && ne[i]) {
                keyed[nk++] = ids[i];
            }
        }
        s.publicKeyCache().ensure(Arrays.copyOf(keyed, nk)); // the missing public keys in one batch, not one call each
        for (int i = 0; i < ids.length; i++) {
            pks[i] = withKeys && ne[i] ? s.publicKey(ids[i]) : null;
        }
        return new InitiatorView(s.policy(), s.group(), s.epoch(), s.sequence(), s.tekId(), s.gkma(), s.nodeCount(),
                s.firstLeaf(), s.nextJoinLeaf(), target, targetLeaf, ids, ne, gens, pks);
    }

    /** Public keys travel in hybrid trees with an X25519 root only (the ones member-initiated operations run on). */
    private static boolean carriesKeys(GroupPolicy policy) {
        return policy.hybrid() && policy.rootKeyType() == KeyType.X25519;
    }

    /** The node a join reads from: the join leaf, or the leaf it splits (the join leaf is then past the tree). */
    private static int joinAnchor(int d, int nodeCount, int joinLeaf) {
        return joinLeaf >= nodeCount ? (joinLeaf - 1) / d : joinLeaf;
    }

    /** The nodes an operation anchored at {@code anchor} reads, ascending: the anchor, the root, every child of each proper ancestor. */
    private static int[] required(int d, int anchor) {
        IntList out = new IntList();
        out.add(0);
        if (anchor != 0) {
            IntList ancestors = new IntList();
            for (int v = anchor; v > 0; ) {
                v = (v - 1) / d;
                ancestors.add(v);
            }
            // ancestors are collected bottom-up; their child ranges ascend from the root down
            int[] a = ancestors.toArray();
            for (int i = a.length - 1; i >= 0; i--) {
                int first = d * a[i] + 1;
                for (int c = first; c < first + d; c++) {
                    out.add(c);
                }
            }
        }
        int[] ids = out.toArray();
        Arrays.sort(ids);
        return ids;
    }

    // ---------------------------------------------------------------- encoding

    /**
     * The view's canonical encoding followed by the GCKS's signature over the view label and the
     * encoding.
     *
     * @throws IllegalArgumentException if {@code gcksSigningKey} is not a key of {@code alg}
     */
    public byte[] sign(CryptoProvider p, SignatureAlgorithm alg, PrivateKey gcksSigningKey) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(gcksSigningKey, "gcksSigningKey");
        byte[] body = encode();
        byte[] signature;
        try {
            signature = p.signer().sign(alg, gcksSigningKey, labelled(body, 0, body.length));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the GCKS signing key does not fit " + alg, e);
        }
        WireWriter w = WireWriter.growable();
        w.raw(body);
        w.bytes16(signature, MAX_SIGNATURE);
        return w.toByteArray();
    }

    private byte[] encode() {
        WireWriter w = WireWriter.growable();
        w.u8(VERSION);
        w.bytes16(group.value(), RekeyLimits.MAX_GROUP_ID_BYTES);
        w.i64(epoch).i64(sequence);
        w.u32(tekId.version()).u32(tekId.revision());
        w.ascii8(gkma.name()).u16(gkma.version()).u16(gkma.degree());
        w.u32(nodeCount).u32(firstLeaf).u32(nextJoinLeaf);
        if (target == NONE) {
            w.u8(0);
        } else {
            w.u8(1).u32(target).u32(targetLeaf);
        }
        w.u16(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            w.u32(nodes[i]);
            w.u8((nonEmpty[i] ? FLAG_NON_EMPTY : 0) | (keys[i] != null ? FLAG_KEY : 0));
            w.u32(generations[i]);
            if (keys[i] != null) {
                w.fixed(keys[i].encoded(), KEY);
            }
        }
        return w.toByteArray();
    }

    private static byte[] labelled(byte[] buf, int off, int len) {
        byte[] m = new byte[LABEL.length + len];
        System.arraycopy(LABEL, 0, m, 0, LABEL.length);
        System.arraycopy(buf, off, m, LABEL.length, len);
        return m;
    }

    /** The largest number of node entries a view of a tree of degree {@code d} can hold. */
    static int maxEntries(int d) {
        return d * new NodeIdSpace(d).maxDepth() + 1;
    }

    /**
     * Decodes and checks a signed view: strict decoding with every count and id bounded before
     * allocation (at most {@code d * maxDepth + 1} entries, ids in the degree's id space and
     * strictly increasing, keys 32 bytes, no trailing bytes), the GCKS's signature under
     * {@code gcksKey} with the policy's signature algorithm, the group, the GKMA degree, the tree's
     * shape, and that the entries are exactly the nodes the view's operation reads (with a public key
     * exactly on the non-empty ones in a hybrid X25519 tree).
     *
     * @throws InvalidViewException on any failure, naming it; nothing else for any input bytes
     */
    public static InitiatorView verify(CryptoProvider p, GroupPolicy policy, GroupId expectedGroup, PublicKey gcksKey,
            byte[] signed) throws InvalidViewException {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(expectedGroup, "expectedGroup");
        Objects.requireNonNull(gcksKey, "gcksKey");
        Objects.requireNonNull(signed, "signed");
        return new Decoder(p, policy, expectedGroup, gcksKey, signed).decode();
    }

    private static final class Decoder {
        private final CryptoProvider p;
        private final GroupPolicy policy;
        private final GroupId expectedGroup;
        private final PublicKey gcksKey;
        private final byte[] signed;
        private final WireReader<InvalidViewException> r;
        private final NodeIdSpace space;

        Decoder(CryptoProvider p, GroupPolicy policy, GroupId expectedGroup, PublicKey gcksKey, byte[] signed) {
            this.p = p;
            this.policy = policy;
            this.expectedGroup = expectedGroup;
            this.gcksKey = gcksKey;
            this.signed = signed;
            this.r = new WireReader<>(signed, InvalidViewException::new);
            this.space = new NodeIdSpace(policy.degree());
        }

        InitiatorView decode() throws InvalidViewException {
            int version = r.u8("version");
            if (version != VERSION) {
                throw new InvalidViewException("unknown initiator view version " + version);
            }
            GroupId group = new GroupId(r.bytes16(RekeyLimits.MIN_GROUP_ID_BYTES, RekeyLimits.MAX_GROUP_ID_BYTES, "group id"));
            long epoch = r.nonNegativeLong("epoch");
            long sequence = r.nonNegativeLong("sequence");
            TekId tekId = new TekId(r.nonNegativeInt("TEK version"), r.nonNegativeInt("TEK revision"));
            String gkmaName = r.ascii8(RekeyLimits.MIN_GKMA_NAME_BYTES, RekeyLimits.MAX_GKMA_NAME_BYTES, GKMA_ALPHABET,
                    "GKMA name");
            int gkmaVersion = r.u16("GKMA version");
            int degree = r.u16("GKMA degree");
            if (degree != policy.degree()) {
                throw new InvalidViewException("view of a degree-" + degree + " tree, policy degree " + policy.degree());
            }
            int nodeCount = r.nonNegativeInt("node count");
            int firstLeaf = r.nonNegativeInt("first leaf");
            int nextJoinLeaf = r.nonNegativeInt("next join leaf");
            int hasTarget = r.u8("has target");
            int target = NONE;
            int targetLeaf = NONE;
            if (hasTarget == 1) {
                target = r.nonNegativeInt("target member");
                targetLeaf = r.nonNegativeInt("target leaf");
            } else if (hasTarget != 0) {
                throw new InvalidViewException("has-target flag " + hasTarget);
            }
            int n = r.count16(maxEntries(degree), 9, "entry count");
            int[] ids = new int[n];
            boolean[] ne = new boolean[n];
            int[] gens = new int[n];
            byte[][] raw = new byte[n][];
            for (int i = 0; i < n; i++) {
                long id = r.u32("node id");
                if (!space.contains(id) || (i > 0 && id <= ids[i - 1])) {
                    throw new InvalidViewException("node id " + id + " of entry " + i
                            + " is outside the id space or not increasing");
                }
                ids[i] = (int) id;
                int flags = r.u8("node flags");
                if ((flags & ~(FLAG_NON_EMPTY | FLAG_KEY)) != 0) {
                    throw new InvalidViewException("node " + id + " has unknown flags " + flags);
                }
                ne[i] = (flags & FLAG_NON_EMPTY) != 0;
                gens[i] = r.nonNegativeInt("generation");
                raw[i] = (flags & FLAG_KEY) != 0 ? r.fixed(KEY, "public key") : null;
            }
            int bodyEnd = r.offset();
            byte[] signature = r.bytes16(1, MAX_SIGNATURE, "signature");
            r.finish("initiator view");
            checkSignature(bodyEnd, signature);
            if (!group.equals(expectedGroup)) {
                throw new InvalidViewException("view of group " + group + ", expected " + expectedGroup);
            }
            checkShape(degree, nodeCount, firstLeaf, nextJoinLeaf, targetLeaf);
            int anchor = targetLeaf != NONE ? targetLeaf : joinAnchor(degree, nodeCount, nextJoinLeaf);
            if (!Arrays.equals(ids, required(degree, anchor))) {
                throw new InvalidViewException("entries are not the nodes the operation at node " + anchor + " reads");
            }
            if (targetLeaf != NONE && !ne[Arrays.binarySearch(ids, targetLeaf)]) {
                throw new InvalidViewException("target leaf " + targetLeaf + " holds no member");
            }
            boolean withKeys = carriesKeys(policy);
            PublicKey[] pks = new PublicKey[n];
            for (int i = 0; i < n; i++) {
                if ((raw[i] != null) != (withKeys && ne[i])) {
                    throw new InvalidViewException("node " + ids[i] + (raw[i] != null ? " carries" : " lacks")
                            + " a public key");
                }
                if (raw[i] != null) {
                    try {
                        pks[i] = PublicKey.decode(KeyType.X25519, raw[i]);
                    } catch (InvalidKeyException e) {
                        throw new InvalidViewException("public key of node " + ids[i] + " is invalid", e);
                    }
                }
            }
            Gkma gkma;
            try {
                gkma = new Gkma(gkmaName, gkmaVersion, degree);
            } catch (IllegalArgumentException e) {
                throw new InvalidViewException("GKMA: " + e.getMessage(), e);
            }
            return new InitiatorView(policy, group, epoch, sequence, tekId, gkma, nodeCount, firstLeaf, nextJoinLeaf,
                    target, targetLeaf, ids, ne, gens, pks);
        }

        private void checkSignature(int bodyEnd, byte[] signature) throws InvalidViewException {
            SignatureAlgorithm alg = policy.signatureAlgorithm();
            if (gcksKey.type() != alg.keyType()) {
                throw new InvalidViewException("GCKS key is a " + gcksKey.type() + " key, the policy signs with " + alg);
            }
            try {
                p.verifier().verify(alg, gcksKey, labelled(signed, 0, bodyEnd), signature);
            } catch (InvalidSignatureException | InvalidKeyException e) {
                throw new InvalidViewException("the view's signature does not verify under the GCKS key", e);
            }
        }

        /** The tree's shape ({@link KeyTree}): {@code d*c+1} nodes, the join leaf free or a split of the first leaf. */
        private void checkShape(int d, int nodeCount, int firstLeaf, int nextJoinLeaf, int targetLeaf)
                throws InvalidViewException {
            if ((long) d * firstLeaf + 1 != nodeCount || !space.contains(nodeCount - 1L)) {
                throw new InvalidViewException("node count " + nodeCount + " does not fit first leaf " + firstLeaf);
            }
            boolean freeLeaf = nextJoinLeaf >= firstLeaf && nextJoinLeaf < nodeCount;
            int split = space.splitChild(firstLeaf);
            if (!freeLeaf && (split < 0 || nextJoinLeaf != split + 1)) {
                throw new InvalidViewException("next join leaf " + nextJoinLeaf + " is neither a leaf nor the split of leaf "
                        + firstLeaf);
            }
            if (targetLeaf != NONE && (targetLeaf < firstLeaf || targetLeaf >= nodeCount)) {
                throw new InvalidViewException("target leaf " + targetLeaf + " is not a leaf");
            }
        }
    }

    // ---------------------------------------------------------------- TreeView

    @Override
    public GroupPolicy policy() {
        return policy;
    }

    @Override
    public GroupId group() {
        return group;
    }

    @Override
    public Gkma gkma() {
        return gkma;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public TekId tekId() {
        return tekId;
    }

    @Override
    public int nodeCount() {
        return nodeCount;
    }

    @Override
    public int firstLeaf() {
        return firstLeaf;
    }

    @Override
    public int nextJoinLeaf() {
        return nextJoinLeaf;
    }

    /** The member this view removes, or -1 for a join view. */
    public int target() {
        return target;
    }

    /** @throws NodeOutsideViewException if the view does not hold {@code node} */
    @Override
    public boolean nonEmpty(int node) {
        return nonEmpty[index(node)];
    }

    /** @throws NodeOutsideViewException if the view does not hold {@code node} */
    @Override
    public int generation(int node) {
        return generations[index(node)];
    }

    /** @throws NodeOutsideViewException if the view does not hold {@code node} or carries no public key for it */
    @Override
    public PublicKey publicKey(int node) {
        PublicKey k = keys[index(node)];
        if (k == null) {
            throw new NodeOutsideViewException("the initiator view carries no public key of node " + node);
        }
        return k;
    }

    /** The target's leaf; any other member is unknown to the view. */
    @Override
    public int leafOf(int member) throws UnknownMemberException {
        if (target == NONE || member != target) {
            throw new UnknownMemberException("member " + member + " is not the target of this initiator view");
        }
        return targetLeaf;
    }

    /** Whether the view holds {@code node}. */
    boolean holds(int node) {
        return Arrays.binarySearch(nodes, node) >= 0;
    }

    private int index(int node) {
        int i = Arrays.binarySearch(nodes, node);
        if (i < 0) {
            throw new NodeOutsideViewException("the initiator view does not hold node " + node);
        }
        return i;
    }

    @Override
    public String toString() {
        return "InitiatorView[" + group + ", seq=" + sequence + ", " + (target == NONE ? "join" : "remove " + target)
                + ", " + nodes.length + " nodes]";
    }
}
