package org.gkm.rekey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.Gkma;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyLimits;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageCodec;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.TekId;

/**
 * The GCKS (group owner) side of one group: the key tree, the TEK (claim 7) and the root key pair,
 * authorization of requests (claim 15), and the rekey operations of claims 10-16, each producing a
 * {@link RekeyPlan} and a {@link RekeyMessage}:
 *
 * <ul>
 *   <li>join only (one or many): the union of the joiners' paths is refreshed with the one-way
 *       function (nodes that were empty get fresh keys, since departed members knew their old
 *       keys), TEK revision + 1; the multicast is a small JOIN_NOTICE listing the derived nodes; each
 *       joiner gets a KEY_DOWNLOAD (its path view under its client key).
 *   <li>any batch with a leave (batch LKH marking): every non-empty node on the union of the
 *       affected paths gets a fresh random key (and, hybrid, a fresh key pair), wrapped once under
 *       each non-empty child's key; a fresh TEK, version + 1, wrapped under the new root KEK. The
 *       root is renewed even when the batch empties the tree (the last leaver knew its key, and a
 *       delegated subtree's parent leaf is derived from it).
 *   <li>TEK change: by policy a revision (nothing but the notice) or a version (one wrap).
 * </ul>
 *
 * All wraps of one rekey run in one {@code wrapBatch} call, all fresh bytes come from one
 * {@link EngineRandom#fill} call. A refused request (typed exception) changes nothing. Not
 * thread-safe.
 *
 * <p>Collaborators: {@link Authorizer} (claim 15 checks), {@link PathMarks} (batch marking),
 * {@link PublicKeyCache} (X25519 public keys), {@link InfrastructurePublisher} (path views and the
 * whole infrastructure), {@link ChangePlanner} (planning). Durability: an operation is a plan
 * and an apply step. The planner turns a validated request into a {@link PlannedRekey} (the
 * message and the {@link GroupChange}) reading the tree only; {@code apply} makes a change the
 * state, deterministically, and is the same code that rebuilds a server from its snapshot and
 * change records ({@link org.gkm.rekey.store.DurableGroupServer}), so a durable server commits the
 * record between the two. Every operation is planned this way: joins ({@link #planJoin}), leaves
 * ({@link #planLeaves}), any batch ({@link #planBatch}), TEK changes ({@link #planTekChange}) and
 * the member-initiated ingests ({@link #planIngestAdd}, {@link #planIngestRemove}; the initiator's
 * signing key either certified before ({@link #certifyInitiator}) or verified by the caller for
 * the request and passed in). A networked initiator builds its message on a signed
 * {@link InitiatorView} ({@link #initiatorView}, {@link #initiatorJoinView}).
 *
 * <p>Model (docs/rekey-engine.md): node 0 is the root portion (root KEK, root key pair, TEK), the
 * other interior nodes the KEK portion (KEK and public KEK), the leaves the clients (client key and
 * client key pair). The TEK is wrapped under the root KEK (claims 1, 6), the root private key under
 * the TEK (claim 3), each node private key under its own node key, and in the published
 * infrastructure the TEK is also sealed to the root public key (claim 4). "Under a key" is always
 * under its AES-KW sub-key ({@link Labels}): node keys and the TEK are HKDF keys only.
 */
public final class GroupKeyServer implements TreeView {
    /** Sender id of the GCKS in rekey messages (members use their member id + 1). */
    public static final long GCKS_SENDER = 0;

    private static final int K = KeyTree.KEY;
    private static final int[] NO_INTS = new int[0];

    private final CryptoProvider provider;
    private final GroupPolicy policy;
    private final GroupId group;
    private final EngineRandom random;
    private final KeyTree tree;
    private final Gkma gkma;
    private final byte[] tek = new byte[K];
    private TekId tekId;
    /** The Rekey SA's group authentication key (the envelope's MAC key), replaced on every departure. */
    private final byte[] authKey = new byte[K];
    private int authGeneration;
    /** Signing keys of members certified as initiators (claim 15); dropped when the member leaves. */
    private final Map<Integer, PublicKey> initiatorKeys = new HashMap<>();
    private KeyPair rootRsa;
    private final long epoch;
    private long sequence;
    private final RekeyStats stats = new RekeyStats();
    private final RekeyStats infrastructureStats = new RekeyStats();
    /** Collaborators: batch path marking, the X25519 public-key cache, authorisation. */
    private final PathMarks marks;
    private final PublicKeyCache publicKeys;
    private final Authorizer auth;
    private final InfrastructurePublisher publisher;
    private final ChangePlanner planner;
    /** One job list reused by every rekey (its arrays keep their size: no per-rekey allocation). */
    private final WrapJobs jobs = new WrapJobs(64);

    private GroupKeyServer(CryptoProvider provider, GroupPolicy policy, GroupId group, EngineRandom random,
            KeyTree tree, long epoch) {
        this.provider = provider;
        this.policy = policy;
        this.group = group;
        this.random = random;
        this.tree = tree;
        this.epoch = epoch;
        this.gkma = Gkma.lkh(policy.degree());
        this.marks = new PathMarks(tree);
        this.publicKeys = new PublicKeyCache(provider, tree, policy.hybrid() && policy.rootKeyType() == KeyType.RSA_3072);
        this.auth = new Authorizer(tree, policy);
        this.publisher = new InfrastructurePublisher(this);
        this.planner = new ChangePlanner(this, tree, marks);
    }

    /**
     * A group of {@code initialMembers} members 0..n-1, built in bulk: all node and client keys from
     * one random fill. The members' client keys are the leaf keys ({@link #clientKeys(int)} hands
     * them out, as registration would).
     */
    public static GroupKeyServer create(CryptoProvider provider, GroupPolicy policy, GroupId group, EngineRandom random,
            int initialMembers, long epoch) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(random, "random");
        if (initialMembers < 0 || epoch < 0) {
            throw new IllegalArgumentException("initialMembers and epoch must be >= 0");
        }
        KeyTree tree = KeyTree.build(policy.degree(), policy.hybrid(), initialMembers, random);
        GroupKeyServer g = new GroupKeyServer(provider, policy, group, random, tree, epoch);
        random.fill(g.tek, 0, K);
        g.tekId = new TekId(1, 0);
        random.fill(g.authKey, 0, K);
        if (policy.hybrid() && policy.rootKeyType() == KeyType.RSA_3072) {
            g.rootRsa = provider.keys().generate(KeyType.RSA_3072);
        }
        return g;
    }

    /**
     * A server restored from a decoded snapshot ({@link SnapshotCodec}): the TEK and the
     * authentication key are copied (the caller zeroes its arrays), the tree and the key pair are
     * taken as they are. Counters start at zero; nothing else differs from the server written out.
     */
    static GroupKeyServer restored(CryptoProvider provider, GroupPolicy policy, GroupId group, EngineRandom random,
            KeyTree tree, long epoch, long sequence, byte[] tek, TekId tekId, byte[] authKey, int authGeneration,
            KeyPair rootRsa, Map<Integer, PublicKey> initiators) {
        GroupKeyServer g = new GroupKeyServer(provider, policy, group, random, tree, epoch);
        System.arraycopy(tek, 0, g.tek, 0, K);
        g.tekId = tekId;
        System.arraycopy(authKey, 0, g.authKey, 0, K);
        g.authGeneration = authGeneration;
        g.rootRsa = rootRsa;
        g.initiatorKeys.putAll(initiators);
        g.sequence = sequence;
        return g;
    }

    /**
     * SHA-256 over a label and the canonical encoding of the whole server state (the body of
     * {@link ServerSnapshot}): equal for a server and its restored copy, different as soon as any
     * key, generation, member, free slot, id, counter of the protocol or policy differs. The state's
     * secrets are uniformly random 256-bit keys (or an RSA key), so the digest reveals none of them;
     * it is a comparison value, not a MAC. Costs one pass over the state.
     */
    public byte[] fingerprint() {
        return SnapshotCodec.fingerprint(this);
    }

    // package use by SnapshotCodec only: the arrays are the server's own, never handed further

    byte[] tekArray() {
        return tek;
    }

    byte[] authKeyArray() {
        return authKey;
    }

    int authGeneration() {
        return authGeneration;
    }

    /** The RSA-3072 root key pair, or null (symmetric tree or X25519 root). */
    KeyPair rootRsa() {
        return rootRsa;
    }

    EngineRandom random() {
        return random;
    }

    PublicKeyCache publicKeyCache() {
        return publicKeys;
    }

    Map<Integer, PublicKey> initiatorKeys() {
        return java.util.Collections.unmodifiableMap(initiatorKeys);
    }

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

    /** Sequence number of the last multicast message (0 before the first). */
    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public TekId tekId() {
        return tekId;
    }

    /** The current TEK (a copy). */
    public SecretBytes tek() {
        return SecretBytes.copyOf(tek);
    }

    /**
     * The current group authentication key (a copy): what registration hands a joiner and what
     * unicast messages (path views, downloads) are sealed under. Multicast rekeys are sealed under
     * {@link Rekey#authKey()}.
     */
    public GroupAuthKey authKey() {
        return GroupAuthKey.of(authGeneration, SecretBytes.copyOf(authKey));
    }

    /**
     * Certifies {@code key} as member {@code member}'s initiator signing key (what GKMP's permission
     * certificate carries): the GCKS accepts member-initiated rekeys signed with it while the
     * member is in the group; its departure revokes it.
     */
    public void certifyInitiator(int member, PublicKey key) throws UnknownMemberException {
        Objects.requireNonNull(key, "key");
        auth.requireMember(member);
        initiatorKeys.put(member, key);
    }

    /** Whether member {@code member} holds a current initiator certificate (it is a member and was certified). */
    public boolean isCertifiedInitiator(int member) {
        return initiatorKeys.containsKey(member);
    }

    @Override
    public int nodeCount() {
        return tree.nodeCount();
    }

    @Override
    public int firstLeaf() {
        return tree.firstLeaf();
    }

    @Override
    public boolean nonEmpty(int node) {
        return tree.nonEmpty(node);
    }

    @Override
    public int generation(int node) {
        return tree.generation(node);
    }

    @Override
    public int leafOf(int member) throws UnknownMemberException {
        auth.requireMember(member);
        return tree.leafOf(member);
    }

    @Override
    public int nextJoinLeaf() {
        return tree.peekPlacement();
    }

    /** Read-only structural view of the tree (sizes, ids, generations, memory). */
    public KeyTree tree() {
        return tree;
    }

    /** Counters of the rekey operations (joins, leaves, batches, TEK changes, ingests, key downloads). */
    public RekeyStats stats() {
        return stats;
    }

    /** Counters of published-infrastructure requests (path views for resync, snapshots), kept apart. */
    public RekeyStats infrastructureStats() {
        return infrastructureStats;
    }

    public CryptoProvider provider() {
        return provider;
    }

    /** The client keys of a current member (what registration gave it). */
    public ClientKeys clientKeys(int member) throws UnknownMemberException {
        auth.requireMember(member);
        int leaf = tree.leafOf(member);
        byte[] k = new byte[K];
        tree.copyKey(leaf, k, 0);
        SecretBytes priv = null;
        if (tree.hybrid()) {
            byte[] p = new byte[K];
            tree.copyPrivate(leaf, p, 0);
            priv = SecretBytes.copyOf(p);
            Arrays.fill(p, (byte) 0);
        }
        ClientKeys c = new ClientKeys(SecretBytes.copyOf(k), priv);
        Arrays.fill(k, (byte) 0);
        return c;
    }

    /**
     * Subtree delegation: the client keys this server's group, as a subtree delegated by a parent
     * key server, holds at its leaf in the parent's tree ({@link Labels#delegatedLeaf}), derived
     * from the current root key; {@code parentHybrid} is the parent tree's mode. Every member holds
     * the same keys ({@link MemberKeyState#delegatedLeafKeys}). The caller destroys them.
     */
    public ClientKeys delegatedLeafKeys(boolean parentHybrid) {
        byte[] root = new byte[K];
        tree.copyKey(0, root, 0);
        try {
            return Labels.delegatedLeaf(provider, root, parentHybrid);
        } finally {
            Arrays.fill(root, (byte) 0);
        }
    }

    /**
     * The keys a current member holds by right (its path keys, path private keys, root private
     * key, TEK), read from the tree: what an audit pools for a departing member, whether or not a
     * full member state was kept for it. Needs the greppable token.
     */
    public MemberKeyState.HeldKeys memberKeys(int member, InsecureSecretAccess access) throws UnknownMemberException {
        Objects.requireNonNull(access, "access");
        auth.requireMember(member);
        int leaf = tree.leafOf(member);
        int len = tree.depth(leaf) + 1;
        int[] nodes = new int[len];
        int[] gens = new int[len];
        byte[] keys = new byte[len * K];
        byte[] privs = tree.hybrid() ? new byte[len * K] : null;
        int v = leaf;
        for (int i = 0; i < len; i++) {
            nodes[i] = v;
            gens[i] = tree.generation(v);
            tree.copyKey(v, keys, i * K);
            if (privs != null) {
                tree.copyPrivate(v, privs, i * K);
            }
            v = v == 0 ? 0 : tree.parent(v);
        }
        byte[] rootPrivate = null;
        if (tree.hybrid()) {
            rootPrivate = rootRsa != null ? rootRsa.privateKey().encoded(access) : Arrays.copyOfRange(privs, (len - 1) * K, len * K);
        }
        return new MemberKeyState.HeldKeys(nodes, gens, keys, privs, rootPrivate, tek.clone(), tekId);
    }

    // ---------------------------------------------------------------- requests

    /** A member leaves (or is removed): fresh keys on its path, TEK version + 1. Plan, then apply. */
    public Rekey leave(Requester requester, int member) throws RekeyEngineException {
        return apply(planLeaves(requester, new int[] {member}));
    }

    /**
     * Plans the departure of {@code leavers} as one rekey (one leaver: a LEAVE_REKEY, more: a
     * BATCH_REKEY, as {@link #batch} with no joiner) without changing the server: nothing
     * changes until {@link #apply(PlannedRekey)}.
     *
     * @throws AuthorizationException if the requester lacks the privilege
     * @throws UnknownMemberException if a leaver is not a member or listed twice
     * @throws BatchTooLargeException if the rekey message could exceed the wire format's limits
     */
    public PlannedRekey planLeaves(Requester requester, int[] leavers) throws RekeyEngineException {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(leavers, "leavers");
        if (leavers.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        auth.batch(requester, 0, leavers);
        checkBatchFits(leavers.length);
        return planner.leaves(leavers);
    }

    /**
     * Plans the join of a member registered with {@code joiner} ({@link #join}) without changing
     * the server: nothing changes until {@link #apply(PlannedRekey)}.
     *
     * @throws IllegalArgumentException if the joiner's keys do not match the tree mode
     * @throws AuthorizationException if the requester lacks the privilege
     * @throws BatchTooLargeException if the rekey message could exceed the wire format's limits
     */
    public PlannedRekey planJoin(Requester requester, ClientKeys joiner) throws RekeyEngineException {
        Objects.requireNonNull(joiner, "joiner");
        return planBatch(requester, List.of(joiner), NO_INTS);
    }

    /**
     * Plans a batch of joins and leaves ({@link #batch}) without changing the server: joiners
     * only (a one-way join rekey), leavers only ({@link #planLeaves}) or both; leaf splits
     * included, also one that moves a joiner of the same batch. Nothing changes until
     * {@link #apply(PlannedRekey)}.
     *
     * @throws IllegalArgumentException if the batch is empty, or a joiner's keys do not match the tree mode
     * @throws AuthorizationException if the requester lacks a privilege
     * @throws UnknownMemberException if a leaver is not a member or listed twice
     * @throws BatchTooLargeException if the rekey message could exceed the wire format's limits
     */
    public PlannedRekey planBatch(Requester requester, List<ClientKeys> joiners, int[] leavers)
            throws RekeyEngineException {
        validateBatch(requester, joiners, leavers);
        if (joiners.isEmpty()) {
            return planner.leaves(leavers);
        }
        return leavers.length == 0 ? planner.joins(joiners) : planner.fresh(leavers, joiners);
    }

    /** The checks of a batch, before anything is planned: nothing changes when one fails. */
    private void validateBatch(Requester requester, List<ClientKeys> joiners, int[] leavers) throws RekeyEngineException {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(joiners, "joiners");
        Objects.requireNonNull(leavers, "leavers");
        if (joiners.isEmpty() && leavers.length == 0) {
            throw new IllegalArgumentException("empty batch");
        }
        auth.batch(requester, joiners.size(), leavers);
        for (ClientKeys c : joiners) {
            if (c.hybrid() != policy.hybrid()) {
                throw new IllegalArgumentException("joiner client keys do not match the tree mode");
            }
        }
        checkBatchFits(joiners.size() + leavers.length);
    }

    /** Plans a scheduled TEK change ({@link #changeTek}) without changing the server. */
    public PlannedRekey planTekChange(Requester requester) throws RekeyEngineException {
        Objects.requireNonNull(requester, "requester");
        auth.tekChange(requester);
        return planner.tekChange();
    }

    /**
     * The apply step for a plan of this server: its change becomes the server's state (the same
     * code that replays a change record), and the plan's keys are zeroed. Returns the planned
     * rekey.
     *
     * @throws IllegalStateException if the plan was applied or destroyed already, or the server
     *     changed since it was planned (then nothing changed)
     * @throws IllegalArgumentException if another server made the plan
     */
    public Rekey apply(PlannedRekey planned) {
        Objects.requireNonNull(planned, "planned");
        GroupChange c = planned.take(this);
        try {
            apply(c);
        } catch (MalformedChangeException e) {
            throw new IllegalStateException("the plan no longer fits the server: " + e.getMessage(), e);
        } finally {
            c.destroy();
        }
        return planned.rekey();
    }

    /** A new member joins: one-way refresh of its path, TEK revision + 1, a key download for it. Plan, then apply. */
    public Rekey join(Requester requester, ClientKeys joiner) throws RekeyEngineException {
        return apply(planJoin(requester, joiner));
    }

    /**
     * Any mix of joins and leaves as one rekey (batch LKH marking). With no leave it is a one-way
     * join rekey; with at least one leave every affected node gets a fresh key. Plan, then apply.
     *
     * @throws AuthorizationException if the requester lacks a privilege (nothing changed)
     * @throws UnknownMemberException if a leaver is not a member or listed twice (nothing changed)
     * @throws BatchTooLargeException if the rekey message could exceed the wire format's limits
     *     (nothing changed; split the batch)
     */
    public Rekey batch(Requester requester, List<ClientKeys> joiners, int[] leavers) throws RekeyEngineException {
        return apply(planBatch(requester, joiners, leavers));
    }

    /**
     * Refuses, before anything changes, a batch of {@code changes} joins and leaves whose message
     * could exceed the wire format's limits. The exact marking is known only once the tree has
     * changed, so this uses a bound from the tree's shape: each change refreshes at most one node
     * per level, so at most min(nodes on level l, changes) on level l, over the levels there are
     * plus two (joins can deepen the tree); each refreshed node has at most d child wraps and, in a
     * hybrid tree, its private key wrap and one public-key update.
     */
    private void checkBatchFits(int changes) throws BatchTooLargeException {
        int d = tree.degree();
        int levels = tree.depth(tree.nodeCount() - 1) + 3;
        long refreshed = 0;
        long width = 1;
        for (int l = 0; l < levels; l++) {
            refreshed += Math.min(width, changes);
            width = width > Integer.MAX_VALUE ? width : width * d;
        }
        long entries = refreshed * (d + (tree.hybrid() ? 1 : 0)) + 4; // + TEK entries
        long pubs = tree.hybrid() ? refreshed + changes : 0;
        // node and private keys are 32 bytes, wrapped to 40; the TEK / RSA root entries get 8 KiB
        long body = RekeyMessageCodec.bodyBound(entries, 40, pubs, 8192);
        if (entries > RekeyLimits.MAX_ENTRIES || pubs > RekeyLimits.MAX_PUBLIC_KEY_UPDATES
                || body > RekeyMessageCodec.MAX_BODY_BYTES) {
            throw new BatchTooLargeException("a batch of " + changes + " changes could need up to " + entries
                    + " entries, " + pubs + " public-key updates and " + body + " body bytes, over the message limits ("
                    + RekeyLimits.MAX_ENTRIES + ", " + RekeyLimits.MAX_PUBLIC_KEY_UPDATES + ", "
                    + RekeyMessageCodec.MAX_BODY_BYTES + "); split it");
        }
    }

    /** A scheduled TEK change, by policy a revision (one-way) or a version (fresh, one wrap). Plan, then apply. */
    public Rekey changeTek(Requester requester) throws RekeyEngineException {
        return apply(planTekChange(requester));
    }


    // ---------------------------------------------------------------- apply (replay of a change record)

    /**
     * The apply step: makes {@code c}, the change a rekey made from the current state, this
     * server's state, deterministically (no randomness, no wraps). The leavers leave in the
     * recorded order, then each joiner gets a member id and a leaf exactly as the operation gave
     * them (checked), then every recorded node takes its new key and generation (the current one
     * + 1, checked), then the TEK, the authentication key and an RSA root key pair. What is checked
     * before the first change (epoch, sequence, tree mode, leavers, counts) leaves the server as it
     * was on failure; a failure later (a placement or generation that does not follow) leaves it
     * part-changed, and the caller discards it.
     */
    void apply(GroupChange c) throws MalformedChangeException {
        if (c.epoch != epoch || c.sequence != sequence + 1) {
            throw new MalformedChangeException("change of epoch " + c.epoch + ", sequence " + c.sequence
                    + " does not follow the state at epoch " + epoch + ", sequence " + sequence);
        }
        if (c.hybrid != tree.hybrid() || (c.rsaPrivate != null) != (rootRsa != null)) {
            throw new MalformedChangeException("change of another tree mode or root key type");
        }
        if (c.tekId.version() < tekId.version() || (c.tekId.version() == tekId.version() && c.tekId.revision() < tekId.revision())
                || c.authGeneration < authGeneration) {
            throw new MalformedChangeException("change moves the TEK id or the auth key generation back");
        }
        int[] sorted = c.leavers.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (!tree.contains(sorted[i]) || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new MalformedChangeException("leaver " + sorted[i] + " is not a member, or listed twice");
            }
        }
        KeyPair rsa = c.rsaPair;
        if (rsa == null && c.rsaPrivate != null) {
            try {
                rsa = new KeyPair(PrivateKey.decode(KeyType.RSA_3072, c.rsaPrivate), PublicKey.decode(KeyType.RSA_3072, c.rsaPublic));
            } catch (InvalidKeyException e) {
                throw new MalformedChangeException("RSA root key pair does not decode: " + e.getMessage());
            }
        }
        // ---- from here on the tree changes
        for (int m : c.leavers) {
            tree.remove(m);
            initiatorKeys.remove(m); // trust follows membership
        }
        int[] splitOut = new int[1];
        for (int j = 0; j < c.joinerIds.length; j++) {
            int id = tree.allocateMemberId();
            if (id != c.joinerIds[j] || tree.peekPlacement() != c.joinerLeaves[j]) {
                throw new MalformedChangeException("joiner " + j + " recorded as member " + c.joinerIds[j] + " at leaf "
                        + c.joinerLeaves[j] + ", the tree gives member " + id + " leaf " + tree.peekPlacement());
            }
            int leaf = tree.place(id, splitOut);
            tree.bumpGeneration(leaf);
            tree.setKey(leaf, c.joinerKeys, j * K);
            if (tree.hybrid()) {
                tree.setPrivate(leaf, c.joinerPrivates, j * K);
                if (c.joinerPublics != null) {
                    tree.setPublic(leaf, c.joinerPublics, j * K);
                }
            }
        }
        for (int i = 0; i < c.nodes.length; i++) {
            int v = c.nodes[i];
            if (v >= tree.nodeCount() || tree.isLeaf(v) || c.generations[i] != tree.generation(v) + 1) {
                throw new MalformedChangeException("node " + v + " is not an interior node, or its generation "
                        + c.generations[i] + " does not follow");
            }
            tree.bumpGeneration(v);
            tree.setKey(v, c.nodeKeys, i * K);
            if (c.nodeSubKeys != null && v < tree.kekSpan()) {
                tree.setKek(v, c.nodeSubKeys, i * K); // derived by the planner for its wraps: not twice
            }
            if (tree.hybrid()) {
                tree.setPrivate(v, c.nodePrivates, i * K);
                if (c.nodePublics != null && !(v == 0 && (rsa != null || rootRsa != null))) {
                    tree.setPublic(v, c.nodePublics, i * K);
                }
            }
        }
        System.arraycopy(c.tek, 0, tek, 0, K);
        tekId = c.tekId;
        System.arraycopy(c.authKey, 0, authKey, 0, K);
        authGeneration = c.authGeneration;
        if (rsa != null) {
            rootRsa = rsa;
        }
        sequence = c.sequence;
        stats.rekeys++;
    }

    // ---------------------------------------------------------------- member-initiated (claims 13, 14)

    /**
     * Ingests the sealed MEMBER_REKEY message by which {@code requester} removed {@code target}
     * (plan, then apply)
     * (built by {@link MemberInitiator#remove}, sealed with the requester's certified initiator key
     * under the current group authentication key): authenticates the request (claim 15: the
     * requester is a member, holds the privilege and signed with its certified key, which signs
     * MEMBER_REKEY messages only), checks the header, that every expected entry is present and
     * opens (the GCKS holds every key and private key) to the same key, and that the public keys
     * match; only then updates the tree. The returned message is the GCKS's re-issue for the
     * members, to seal with the GCKS's key under {@link Rekey#authKey()}: the initiator's entries
     * plus the next group authentication key (a departure rotates it). Members trust the GCKS's
     * signature only (RFC 4046 sec. 5.2, 6.2.4), so the initiator's own signature never reaches them.
     */
    public Rekey ingestRemove(Requester requester, int target, byte[] sealed) throws RekeyEngineException {
        return apply(planIngestRemove(requester, target, sealed));
    }

    /**
     * Checks a member-initiated removal as {@link #ingestRemove} and plans its ingest without
     * changing the server: nothing changes until {@link #apply(PlannedRekey)}. The plan holds the
     * re-issued message (the initiator's entries and the next group authentication key).
     */
    public PlannedRekey planIngestRemove(Requester requester, int target, byte[] sealed) throws RekeyEngineException {
        return planRemoval(requester, () -> certifiedKey(requester), target, sealed);
    }

    /**
     * As {@link #ingestRemove(Requester, int, byte[])}, the message signed by {@code initiatorKey}:
     * the requester's signing key, verified by the caller for this request (its X.509 identity and
     * permission certificate), instead of one kept by {@link #certifyInitiator}.
     */
    public Rekey ingestRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws RekeyEngineException {
        return apply(planIngestRemove(requester, initiatorKey, target, sealed));
    }

    /**
     * As {@link #planIngestRemove(Requester, int, byte[])} with the same checks, the message signed
     * by {@code initiatorKey} (the caller verified the requester's certificate now) instead of a
     * certified key; a key not of the policy's signature algorithm is an
     * {@link AuthorizationException}. Changes nothing.
     */
    public PlannedRekey planIngestRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed)
            throws RekeyEngineException {
        Objects.requireNonNull(initiatorKey, "initiatorKey");
        return planRemoval(requester, () -> initiatorKey, target, sealed);
    }

    /** Where the key an initiator's message must be signed with comes from, asked after the privilege check. */
    @FunctionalInterface
    private interface InitiatorKey {
        PublicKey get() throws AuthorizationException;
    }

    private PlannedRekey planRemoval(Requester requester, InitiatorKey key, int target, byte[] sealed)
            throws RekeyEngineException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(requester, "requester");
        auth.memberInitiated(requester, Privilege.REMOVE_MEMBER);
        auth.requireMember(target);
        if (target == requester.memberId()) {
            throw new AuthorizationException("a member cannot rekey its own departure");
        }
        RekeyMessage m = openFromInitiator(requester, key.get(), sealed);
        SingleChange ch = SingleChange.leave(this, tree.leafOf(target));
        return ingest(requester, ch, m, new TekId(tekId.version() + 1, 0), null, target);
    }

    /**
     * Ingests the sealed MEMBER_REKEY message by which {@code requester} added a joiner registered
     * with {@code joiner}; as {@link #ingestRemove} (no rotation of the authentication key: nobody
     * left, and the joiner got the current one at registration).
     */
    public Rekey ingestAdd(Requester requester, ClientKeys joiner, byte[] sealed) throws RekeyEngineException {
        return apply(planIngestAdd(requester, joiner, sealed));
    }

    /**
     * Checks a member-initiated addition as {@link #ingestAdd} and plans its ingest without
     * changing the server: nothing changes until {@link #apply(PlannedRekey)}.
     */
    public PlannedRekey planIngestAdd(Requester requester, ClientKeys joiner, byte[] sealed) throws RekeyEngineException {
        return planAddition(requester, () -> certifiedKey(requester), joiner, sealed);
    }

    /** As {@link #ingestAdd(Requester, ClientKeys, byte[])}, the message signed by {@code initiatorKey} (see {@link #planIngestRemove(Requester, PublicKey, int, byte[])}). */
    public Rekey ingestAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws RekeyEngineException {
        return apply(planIngestAdd(requester, initiatorKey, joiner, sealed));
    }

    /**
     * As {@link #planIngestAdd(Requester, ClientKeys, byte[])} with the same checks, the message
     * signed by {@code initiatorKey} (the caller verified the requester's certificate now) instead
     * of a certified key; a key not of the policy's signature algorithm is an
     * {@link AuthorizationException}. Changes nothing.
     */
    public PlannedRekey planIngestAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed)
            throws RekeyEngineException {
        Objects.requireNonNull(initiatorKey, "initiatorKey");
        return planAddition(requester, () -> initiatorKey, joiner, sealed);
    }

    private PlannedRekey planAddition(Requester requester, InitiatorKey key, ClientKeys joiner, byte[] sealed)
            throws RekeyEngineException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(joiner, "joiner");
        Objects.requireNonNull(requester, "requester");
        auth.memberInitiated(requester, Privilege.ADD_MEMBER);
        if (!joiner.hybrid()) {
            throw new IllegalArgumentException("joiner needs a client key pair in a hybrid tree");
        }
        RekeyMessage m = openFromInitiator(requester, key.get(), sealed);
        SingleChange ch = SingleChange.join(this);
        return ingest(requester, ch, m, new TekId(tekId.version(), tekId.revision() + 1), joiner, KeyTree.NONE);
    }

    /** The key {@link #certifyInitiator} certified for the requester. */
    private PublicKey certifiedKey(Requester r) throws AuthorizationException {
        PublicKey key = initiatorKeys.get(r.memberId());
        if (key == null) {
            throw new AuthorizationException("member " + r.memberId() + " holds no initiator certificate");
        }
        return key;
    }

    /**
     * Opens an initiator's sealed message with that member's signing key {@code key} only (and the
     * current group authentication key): an initiator key signs MEMBER_REKEY messages naming
     * itself, nothing else.
     */
    private RekeyMessage openFromInitiator(Requester r, PublicKey key, byte[] sealed) throws RekeyEngineException {
        if (key.type() != policy.signatureAlgorithm().keyType()) {
            throw new AuthorizationException("initiator key is a " + key.type() + " key, the group signs with "
                    + policy.signatureAlgorithm());
        }
        long id = MemberInitiator.senderId(r.memberId());
        OpenedRekeyMessage o;
        GroupAuthKey current = authKey();
        try {
            o = new RekeyMessageOpener(provider).open(sealed, current, Map.of(id, key));
        } catch (RekeyMessageException e) {
            throw new RejectedRekeyException("initiator's message does not open: " + e.getMessage(), e);
        } finally {
            current.destroy();
        }
        if (o.message().type() != MessageType.MEMBER_REKEY || o.message().senderId() != id) {
            throw new UnauthorizedSenderException("an initiator key signs only its own MEMBER_REKEY messages, got "
                    + o.message().type() + " from sender " + o.message().senderId());
        }
        return o.message();
    }

    /**
     * Phase 1 checks the initiator's message against the change (reading the tree only); phase 2
     * plans the ingest: the change the message makes (the joiner placed where the tree will place
     * it, or the leaver; the opened node keys and private keys with their generations; the TEK),
     * and for a departure the next group authentication key, wrapped under the new root KEK and
     * appended to the initiator's entries.
     */
    private PlannedRekey ingest(Requester r, SingleChange ch, RekeyMessage m, TekId expectedTek, ClientKeys joiner,
            int leaver) throws RekeyEngineException {
        if (!m.group().equals(group) || m.epoch() != epoch || m.sequence() != sequence + 1
                || m.type() != MessageType.MEMBER_REKEY || m.senderId() != MemberInitiator.senderId(r.memberId())
                || !m.tek().equals(expectedTek) || !m.derived().isEmpty()) {
            throw new RejectedRekeyException("message header does not match the request");
        }
        int n = ch.refreshed.length;
        MemberRekeyCheck.Opened opened = new MemberRekeyCheck(provider, tree, group, epoch, stats)
                .open(ch, m, expectedTek, tek, joiner);
        // phase 2: everything checked; the change, planned without touching the tree
        int[] ids = NO_INTS;
        int[] leaves = NO_INTS;
        int[] leavers = NO_INTS;
        int[] leaverLeaves = NO_INTS;
        int[] splits = NO_INTS;
        byte[] joinerKeys = new byte[0];
        byte[] joinerPrivs = new byte[0];
        if (ch.join) {
            PlacementView place = PlacementView.of(tree, NO_INTS, NO_INTS, 1);
            if (place.leaves[0] != ch.leaf) {
                throw new IllegalStateException("placement " + place.leaves[0] + " differs from the checked leaf " + ch.leaf);
            }
            ids = place.ids;
            leaves = place.leaves;
            splits = place.splits;
            joinerKeys = joiner.clientKeyArray().clone();
            joinerPrivs = joiner.clientPrivateArray().clone();
        } else {
            leavers = new int[] {leaver};
            leaverLeaves = new int[] {tree.leafOf(leaver)};
        }
        byte[] publics = new byte[n * K];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m.publicKeys().get(i).publicKey(), 0, publics, i * K, K); // checked against the private keys
        }
        RekeyMessage issued = m;
        int wraps = 0;
        byte[] nextAuth = authKey.clone();
        int nextAuthGeneration = authGeneration;
        if (!ch.join) {
            // a departure: the next group authentication key, under the new root KEK, appended to the initiator's entries
            random.fill(nextAuth, 0, K);
            nextAuthGeneration++;
            WrapJobs jobs = reusedJobs();
            int root = n - 1; // bottom-up: the root last (it keeps the requester)
            jobs.add(jobs.keks().derive(opened.newKeys, root * K), nextAuth, 0, 0, nextAuthGeneration,
                    KeyContent.GROUP_AUTH_KEY, 0, ch.newGens[root]);
            wraps = jobs.count();
            List<KeyEntry> entries = new ArrayList<>(m.entries().size() + 1);
            entries.addAll(m.entries());
            jobs.run(provider, stats, policy.keyLifetimeSeconds(), policy.tekLifetimeSeconds(), entries);
            issued = new RekeyMessage(m.group(), m.epoch(), m.sequence(), m.type(), m.tek(), m.gkma(), m.senderId(),
                    m.derived(), entries, m.publicKeys());
        }
        GroupChange change = new GroupChange(epoch, m.sequence(), true, leavers, ids, leaves, joinerKeys, joinerPrivs,
                ch.refreshed.clone(), ch.newGens.clone(), opened.newKeys, opened.newPrivs, m.tek(), opened.newTek,
                nextAuthGeneration, nextAuth, null, null);
        change.nodePublics = publics;
        RekeyPlan plan = new RekeyPlan(MessageType.MEMBER_REKEY, leavers, leaverLeaves, ids, leaves, splits,
                ch.refreshed, NO_INTS, m.tek(), wraps);
        return new PlannedRekey(this, new Rekey(plan, issued, List.of(), authKey()), change);
    }

    // ---------------------------------------------------------------- infrastructure

    /** {@link InitiatorView#forRemoval}: what a member needs to remove {@code target}, to sign and send it. */
    public InitiatorView initiatorView(int target) throws UnknownMemberException {
        return InitiatorView.forRemoval(this, target);
    }

    /** {@link InitiatorView#forJoin}: what a member needs to add one joiner, to sign and send it. */
    public InitiatorView initiatorJoinView() {
        return InitiatorView.forJoin(this);
    }

    /**
     * The published infrastructure on {@code member}'s path (claim 18): its path keys each wrapped
     * under the path child below, the TEK under the root KEK, in a hybrid tree the node private keys
     * under their node keys, the root private key under the TEK (claim 3), the TEK sealed to the
     * root public key (claim 4), and the path's public keys. A member holding only its client key
     * rebuilds its whole state from this, however many messages it missed.
     */
    public PublishedInfrastructure pathView(int member) throws UnknownMemberException {
        return pathView(member, true);
    }

    /**
     * As {@link #pathView(int)}; with {@code full == false} only what the member needs to rebuild
     * its keys: no TEK-to-root-public-key entry (claim 4) and no public keys (they cost an X25519
     * operation each when not cached), for bulk member set-up.
     */
    public PublishedInfrastructure pathView(int member, boolean full) throws UnknownMemberException {
        auth.requireMember(member);
        return publisher.pathView(tree.leafOf(member), full);
    }

    /**
     * The whole published infrastructure: every non-empty node's key under each non-empty child,
     * the TEK, private keys, claim-3/4 entries and every non-empty node's public key. Wrapped keys
     * are not stored (AES-KW is deterministic), so this recomputes them: O(nodes) wraps.
     */
    public PublishedInfrastructure snapshot() {
        return publisher.snapshot();
    }

    /** The current public key of node {@code v} (hybrid tree; computed from the private key and cached). */
    @Override
    public PublicKey publicKey(int node) {
        if (!tree.hybrid()) {
            throw new IllegalStateException("symmetric-only tree has no public keys");
        }
        if (node == 0 && rootRsa != null) {
            return rootRsa.publicKey();
        }
        try {
            return PublicKey.decode(KeyType.X25519, publicKeys.x25519(node));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Path view jobs of {@code leaf}: each ancestor under the path child, privates, the TEK, the root private. */
    void addPathJobs(WrapJobs jobs, int leaf) {
        int child = leaf;
        while (child > 0) {
            int v = tree.parent(child);
            int gen = tree.generation(v);
            jobs.add(jobs.keks().node(child), tree.keys, v * K, v, gen, KeyContent.NODE_KEY, child, tree.generation(child));
            if (tree.hybrid() && v != 0) {
                jobs.add(jobs.keks().node(v), tree.privateKeys, v * K, v, gen, KeyContent.NODE_PRIVATE_KEY, v, gen);
            }
            child = v;
        }
        addTekJobs(jobs);
        addAuthKeyJob(jobs);
    }

    /**
     * TEK under the root KEK (claims 1, 6) and, hybrid X25519 root, the root private key under the
     * TEK's key-wrap sub-key {@link Labels#tekKek} (claim 3).
     */
    void addTekJobs(WrapJobs jobs) {
        int g0 = tree.generation(0);
        jobs.add(jobs.keks().node(0), tek, 0, 0, g0, KeyContent.TEK, 0, g0);
        if (tree.hybrid() && rootRsa == null) {
            byte[] kek = Labels.tekKek(provider, tek);
            jobs.add(jobs.keks().copy(kek, 0), tree.privateKeys, 0, 0, g0, KeyContent.ROOT_PRIVATE_KEY, 0, g0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * The group authentication key under the root KEK, as the TEK (RFC 4046 sec. 6.2.4: the Rekey
     * SA's authentication key, delivered by the rekey protocol): every member holds the root key, a
     * departed member does not hold the new one. Target (0, auth key generation).
     */
    void addAuthKeyJob(WrapJobs jobs) {
        int g0 = tree.generation(0);
        jobs.add(jobs.keks().node(0), authKey, 0, 0, authGeneration, KeyContent.GROUP_AUTH_KEY, 0, g0);
    }

    /** RSA root private key (PKCS#8) under the TEK with AES-KWP (claim 3); outside the KW batch (length differs). */
    KeyEntry rsaRootEntry() {
        return rsaRootEntry(rootRsa, tek, tree.generation(0));
    }

    /** As {@link #rsaRootEntry()} for the key pair {@code rsa} under the TEK {@code tekBytes}, root generation {@code g0}. */
    KeyEntry rsaRootEntry(KeyPair rsa, byte[] tekBytes, int g0) {
        byte[] der = rsa.privateKey().encoded(InsecureSecretAccess.get());
        try {
            byte[] kek = Labels.tekKek(provider, tekBytes);
            SecretBytes k = SecretBytes.copyOf(kek);
            Arrays.fill(kek, (byte) 0);
            byte[] ct;
            try {
                ct = provider.keyWrap().wrap(KeyWrapAlgorithm.AES_KWP, k, der);
            } finally {
                k.destroy();
            }
            stats.wraps++;
            return KeyEntry.symmetric(new KeyRef(0, g0), KeyContent.ROOT_PRIVATE_KEY, policy.keyLifetimeSeconds(),
                    new KeyRef(0, g0), ct);
        } catch (CryptoException e) {
            throw new IllegalStateException("AES-KWP of the root private key failed", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * The reused job list, its KEK table reading the tree: take it only after the last change of the
     * tree's shape in this rekey, and ask for a node's sub-key slot only once the node's key is final.
     */
    WrapJobs reusedJobs() {
        jobs.reset(tree);
        return jobs;
    }

    @Override
    public String toString() {
        return "GroupKeyServer[" + group + ", " + tree + ", tek=" + tekId + ", seq=" + sequence + "]";
    }
}
