package org.gkm.rekey;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.TekId;

/**
 * One member's keys: exactly its path, leaf (client key) to root, with generations, in a hybrid
 * tree also the path's X25519 private keys and the root private key, plus the TEK and its id, and
 * the sequence number of the last rekey message applied.
 *
 * <p>Trust (RFC 4046 sec. 5.2, 6.2.4, source authentication): every message must be signed by the
 * GCKS's key, the only signer a member trusts. A member-initiated rekey (claims 13, 14) reaches
 * members as the GCKS's MEMBER_REKEY, re-issued after the GCKS checked the initiator's signature,
 * membership, privilege (claim 15) and every entry ({@link GroupKeyServer#ingestRemove}); its
 * sender id names the initiator, every other type's names the GCKS. So an initiator's key cannot
 * issue a leave, TEK change or batch, and a departed initiator is out of the picture with no call
 * here: the GCKS no longer accepts its requests.
 *
 * <p>Receiving (DESIGN.md "Data flow"): size → MAC under the group authentication key of the
 * generation the envelope names (older than the member's: a re-delivery of an applied message,
 * recognised by its signed digest, or stale; newer: it missed a rotation, {@link
 * OutOfSyncException}) → signature → strict decode (the wire envelope), then the origin rules
 * above, then the sequence number (one already applied: {@link Outcome#DUPLICATE} if the signed
 * digest is the one remembered for it, {@link ConflictingMessageException} if not, {@link
 * StaleMessageException} if older than the remembered window; gap: {@link OutOfSyncException}
 * with the missing range), then the message is applied: relocation if the member's leaf was
 * split, one-way derivations (join, claim 16), the entries on its path bottom-up (AES-KW under
 * the sub-key {@link Labels#nodeKek} of the child key it holds, or HPKE to the child's key pair),
 * the node private keys, the TEK (entry, or one-way revision) and the root private key (claim 3),
 * and after a departure the next group authentication key (under the root key, as the TEK). Every
 * step works on a copy; the copy replaces the state only when the whole message applied, so any
 * failure leaves the state exactly as it was. Replaced key arrays are
 * zeroed; {@link #destroy()} zeroes everything.
 *
 * <p>Key separation ({@link Labels}): the path keys are HKDF keys only; the state keeps each one's
 * AES-KW sub-key next to it, derived once when the key is learned, and unwraps only under those.
 *
 * <p>Bounded work (a signed message is still input): every node id a message names must lie in
 * the node-id space of a tree of this member's degree ({@code NodeIdSpace}: ids up to
 * {@code d * floor((2^31-2)/d)}, depth at most H(d) = 30 for d = 2, 16 for d = 4); a split is
 * computed exactly and refused when no such tree can make it; a derivation on the path must name
 * the generation after the one held, once; a group authentication key entry must name the
 * generation after the one held, and only in a departure (a resync takes the GCKS's current one);
 * a TEK entry must name a newer TEK id; a revision jump without one is at most
 * {@link #MAX_REVISION_STEP} one-way steps, counted so that revision 2^31-1 never wraps. Anything
 * else is a {@link KeyUnavailableException} with the state unchanged. So with n the message's
 * entries, derivations and public keys and {@code h <= H(d) + 1} the path length, applying one
 * message costs: O(n) to check, decode and verify it and O(n log n) to index it
 * ({@link EntryIndex}, once per message for all members); then per member at most H(d) relocation
 * steps of O(h), O(h log n) look-ups plus O(n) comparisons over the entries that target its
 * path nodes, at most h one-way derivations (2h in a hybrid tree), at most h + 3 unwraps or HPKE
 * opens (plus h private-key unwraps in a hybrid tree), and at most {@link #MAX_REVISION_STEP} TEK
 * derivations. A rebuild ({@link #resync}, {@link #fromDownload}) also tries the client key on at
 * most n entries (those wrapped under a leaf for its parent) and compares at most n public keys.
 *
 * <p>Not thread-safe. {@code toString} shows no key material.
 */
public final class MemberKeyState {
    private static final int K = KeyTree.KEY;

    /**
     * Most one-way TEK revision steps one message may ask of a member (a TEK_CHANGE or JOIN_NOTICE
     * that names a later revision of the same version without carrying the TEK): a larger jump is
     * refused with {@link KeyUnavailableException}. The GCKS advances the revision by one per
     * message and a member applies every message in order, so a legitimate step is 1; the bound
     * caps what a signed message can make a member compute at this many HKDF-Expand calls.
     */
    public static final int MAX_REVISION_STEP = 1 << 10;

    /** What {@link #accept} did with a message. */
    public enum Outcome { APPLIED, DUPLICATE }

    private final CryptoProvider provider;
    private final GroupId group;
    private final long epoch;
    private final int degree;
    private final NodeIdSpace space;
    private final boolean hybrid;
    private final int memberId;
    private final PublicKey gcksKey;
    private final Map<Long, PublicKey> trusted;
    private final RekeyMessageOpener opener;
    private final SequenceDigests digests = new SequenceDigests();
    private State state;
    private boolean destroyed;
    /**
     * The held group authentication key as the opener MACs under it, made from the state's key on
     * the first message and kept while the state keeps that key, so a provider prepares its MAC form
     * (the HMAC key's hash states) once per key rather than once per message; destroyed when the
     * key rotates and with this state.
     */
    private GroupAuthKey macKey;
    /** The state array {@link #macKey} was copied from (states share it until the key rotates). */
    private byte[] macKeySource;

    /** Immutable snapshot of the keys; replaced as a whole. */
    private static final class State {
        final int[] nodes; // nodes[0] = leaf, last = root (0)
        final int[] gens;
        final byte[] keys;
        final byte[] keks; // per path node: Labels.nodeKek of the key in the same slot
        final byte[] privs; // hybrid: per path node (root slot unused when the root key is RSA)
        final byte[] rootPrivate; // hybrid: X25519 root private (32) or RSA PKCS#8, else null
        final byte[] tek;
        final TekId tekId;
        final byte[] authKey;
        final int authGeneration;
        final long sequence;

        State(Work w, long sequence) {
            this.nodes = w.nodes;
            this.gens = w.gens;
            this.keys = w.keys;
            this.keks = w.keks;
            this.privs = w.privs;
            this.rootPrivate = w.rootPrivate;
            this.tek = w.tek;
            this.tekId = w.tekId;
            this.authKey = w.authKey;
            this.authGeneration = w.authGeneration;
            this.sequence = sequence;
        }

        /** Zeroes this state's secret arrays except those {@code keep} shares (null: all). */
        void zero(State keep) {
            zeroUnless(keys, keep == null ? null : keep.keys);
            zeroUnless(keks, keep == null ? null : keep.keks);
            zeroUnless(privs, keep == null ? null : keep.privs);
            zeroUnless(rootPrivate, keep == null ? null : keep.rootPrivate);
            zeroUnless(tek, keep == null ? null : keep.tek);
            zeroUnless(authKey, keep == null ? null : keep.authKey);
        }
    }

    private static void zeroUnless(byte[] a, byte[] shared) {
        if (a != null && a != shared) {
            Arrays.fill(a, (byte) 0);
        }
    }

    private MemberKeyState(CryptoProvider provider, GroupId group, long epoch, int degree, boolean hybrid, int memberId,
            PublicKey gcksKey) {
        this.provider = provider;
        this.group = group;
        this.epoch = epoch;
        this.degree = degree;
        this.space = new NodeIdSpace(degree);
        this.hybrid = hybrid;
        this.memberId = memberId;
        this.gcksKey = Objects.requireNonNull(gcksKey, "gcksKey");
        this.trusted = Map.of(GroupKeyServer.GCKS_SENDER, gcksKey);
        this.opener = new RekeyMessageOpener(provider);
    }

    /**
     * A member's state from the sealed message that carries its keys (its KEY_DOWNLOAD, or the
     * multicast a batch or member-initiated join placed it in), signed by the GCKS, and the keys
     * registration gave it. The message was asked for, so it is checked by its signature, not by
     * the MAC (see {@link RekeyMessageOpener#openRequested}).
     *
     * @param authKey the group authentication key registration gave the member; a newer one the
     *     message carries replaces it
     * @param gcksKey the GCKS's signing key (the only signer a member trusts)
     */
    public static MemberKeyState fromDownload(CryptoProvider provider, GroupPolicy policy, GroupId group, long epoch,
            int memberId, ClientKeys client, GroupAuthKey authKey, PublicKey gcksKey, byte[] sealed)
            throws RekeyMessageException, RekeyEngineException {
        MemberKeyState s = new MemberKeyState(provider, group, epoch, policy.degree(), policy.hybrid(), memberId, gcksKey);
        s.state = s.rebuildChecked(s.opener.openRequested(sealed, s.trusted), client.clientKeyArray(),
                client.clientPrivateArray(), authKey);
        return s;
    }

    /** As {@link #fromDownload} from a message the opener already verified (the simulation verifies once per message). */
    public static MemberKeyState fromVerifiedDownload(CryptoProvider provider, GroupPolicy policy, GroupId group, long epoch,
            int memberId, ClientKeys client, GroupAuthKey authKey, PublicKey gcksKey, OpenedRekeyMessage m)
            throws RekeyEngineException {
        MemberKeyState s = new MemberKeyState(provider, group, epoch, policy.degree(), policy.hybrid(), memberId, gcksKey);
        s.state = s.rebuildChecked(m, client.clientKeyArray(), client.clientPrivateArray(), authKey);
        return s;
    }

    /** Origin and group checks of a state-building message, then the rebuild. */
    private State rebuildChecked(OpenedRekeyMessage o, byte[] clientKey, byte[] clientPriv, GroupAuthKey registered)
            throws RekeyEngineException {
        checkOrigin(o);
        RekeyMessage m = o.message();
        checkGroup(m);
        SecretBytes registeredKey = registered.key();
        byte[] auth = registeredKey.toByteArray(InsecureSecretAccess.get());
        registeredKey.destroy();
        try {
            State next = rebuild(m, clientKey, clientPriv, auth, registered.generation());
            digests.clear();
            if (m.type() != MessageType.KEY_DOWNLOAD && m.type() != MessageType.RESYNC) {
                digests.put(m.sequence(), o.signedDigest()); // a multicast: its re-delivery is a duplicate
            }
            return next;
        } finally {
            Arrays.fill(auth, (byte) 0);
        }
    }

    public int memberId() {
        return memberId;
    }

    /**
     * The group authentication key this member holds (a copy): the key it seals its own
     * member-initiated requests to the GCKS under.
     */
    public GroupAuthKey authKey() {
        State s = live();
        return heldAuthKey(s);
    }

    public TekId tekId() {
        return live().tekId;
    }

    /** The current TEK (a copy). */
    public SecretBytes tek() {
        return SecretBytes.copyOf(live().tek);
    }

    /** Sequence number of the last message applied. */
    public long sequence() {
        return live().sequence;
    }

    /** The member's leaf node id. */
    public int leaf() {
        return live().nodes[0];
    }

    /** The key references the member holds, leaf first, root last. */
    public KeyRef[] path() {
        State s = live();
        KeyRef[] r = new KeyRef[s.nodes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = new KeyRef(s.nodes[i], s.gens[i]);
        }
        return r;
    }

    /** Bytes of key material held: the compactness figure of the member side. */
    public int keyBytes() {
        State s = live();
        return s.keys.length + s.keks.length + (s.privs == null ? 0 : s.privs.length)
                + (s.rootPrivate == null ? 0 : s.rootPrivate.length)
                + s.tek.length;
    }

    /**
     * Every key this member holds (path keys, private keys, TEK), for the audit of departed
     * members' coalitions and for member-initiated operations. Needs the greppable token.
     */
    public HeldKeys heldKeys(InsecureSecretAccess access) {
        Objects.requireNonNull(access, "access");
        State s = live();
        return new HeldKeys(s.nodes.clone(), s.gens.clone(), s.keys.clone(), s.privs == null ? null : s.privs.clone(),
                s.rootPrivate == null ? null : s.rootPrivate.clone(), s.tek.clone(), s.tekId);
    }

    /**
     * Subtree delegation: the client keys this member's group, as a subtree delegated by a parent
     * key server, holds at its leaf in the parent's tree, derived from the root key this member
     * holds (as {@link GroupKeyServer#delegatedLeafKeys}). The caller destroys them.
     */
    public ClientKeys delegatedLeafKeys(boolean parentHybrid) {
        State s = live();
        int root = s.nodes.length - 1;
        byte[] key = Arrays.copyOfRange(s.keys, root * K, root * K + K);
        try {
            return Labels.delegatedLeaf(provider, key, parentHybrid);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A copy of a member's keys; arrays indexed like its path (leaf first). */
    public record HeldKeys(int[] nodes, int[] generations, byte[] keys, byte[] privateKeys, byte[] rootPrivateKey,
            byte[] tek, TekId tekId) {
        @Override
        public String toString() {
            return "HeldKeys[path=" + nodes.length + ", tek=" + tekId + "]";
        }
    }

    // ------------------------------------------------------------------ receive

    /**
     * Checks and applies a sealed multicast rekey message: size, MAC under the auth key generation
     * the envelope names, signature by the GCKS, decoding (wire envelope), origin, group and epoch,
     * sequence number, then the keys.
     *
     * @throws OutOfSyncException also when the message is MACed under a newer auth key generation
     *     (this member missed a rotation: resync)
     * @throws StaleMessageException when it is MACed under an older generation and is not a
     *     re-delivery of a message this member applied
     */
    public Outcome process(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        State s = live();
        int named = RekeyMessageOpener.authGeneration(sealed);
        if (named < s.authGeneration) {
            // MACed under a key this member retired: only a re-delivery of an applied message is fine
            if (digests.containsDigest(opener.signedDigest(sealed))) {
                return Outcome.DUPLICATE;
            }
            throw new StaleMessageException("rekey message MACed under retired auth key generation " + named
                    + " (this member holds " + s.authGeneration + ")");
        }
        if (named > s.authGeneration) {
            throw OutOfSyncException.authKeyRotationMissed(s.sequence == Long.MAX_VALUE ? s.sequence : s.sequence + 1,
                    s.authGeneration, named);
        }
        return accept(EntryIndex.of(opener.open(sealed, macKey(s), trusted)));
    }

    /** The MAC key of state {@code s} (see {@link #macKey}): the kept one while {@code s} holds its bytes. */
    private GroupAuthKey macKey(State s) {
        GroupAuthKey k = macKey;
        if (k == null || macKeySource != s.authKey || k.generation() != s.authGeneration) {
            dropMacKey();
            k = heldAuthKey(s);
            macKey = k;
            macKeySource = s.authKey;
        }
        return k;
    }

    /** A copy of the group authentication key {@code s} holds (GroupAuthKey copies in; the transient copy is zeroed). */
    private static GroupAuthKey heldAuthKey(State s) {
        SecretBytes held = SecretBytes.copyOf(s.authKey);
        try {
            return GroupAuthKey.of(s.authGeneration, held);
        } finally {
            held.destroy();
        }
    }

    private void dropMacKey() {
        if (macKey != null) {
            macKey.destroy();
            macKey = null;
            macKeySource = null;
        }
    }

    /**
     * Applies a message the opener verified (size, MAC, signature, decoding), indexed once for all
     * receivers: origin (signed by this member's GCKS key), group/epoch, type and sender, sequence
     * policy, then the keys.
     */
    public Outcome accept(EntryIndex indexed) throws RekeyEngineException {
        Objects.requireNonNull(indexed, "indexed");
        OpenedRekeyMessage o = indexed.opened();
        if (o == null) {
            throw new IllegalArgumentException("not an opened message");
        }
        State s = live();
        checkOrigin(o);
        RekeyMessage m = o.message();
        checkGroup(m);
        if (m.type() == MessageType.KEY_DOWNLOAD || m.type() == MessageType.RESYNC) {
            throw new KeyUnavailableException(m.type() + " is unicast: use resync");
        }
        long cur = s.sequence;
        if (m.sequence() <= cur) {
            if (digests.matches(m.sequence(), o.signedDigest())) {
                return Outcome.DUPLICATE;
            }
            if (digests.has(m.sequence())) {
                throw new ConflictingMessageException(m.sequence());
            }
            throw new StaleMessageException("rekey message " + m.sequence() + " is not newer than the state (" + cur
                    + ") and not one this member remembers applying");
        }
        if (m.sequence() > cur + 1) {
            throw new OutOfSyncException(cur + 1, m.sequence() - 1);
        }
        if (o.authGeneration() != s.authGeneration) {
            throw new KeyUnavailableException("rekey message " + m.sequence() + " is MACed under auth key generation "
                    + o.authGeneration() + ", this member holds " + s.authGeneration);
        }
        replace(apply(s, indexed));
        digests.put(m.sequence(), o.signedDigest());
        return Outcome.APPLIED;
    }

    /**
     * The origin rules: signed by this member's GCKS key (id {@link GroupKeyServer#GCKS_SENDER});
     * a MEMBER_REKEY names its initiator as sender (the GCKS re-issued it after its checks), every
     * other type names the GCKS.
     */
    private void checkOrigin(OpenedRekeyMessage o) throws UnauthorizedSenderException {
        if (o.signerKeyId() != GroupKeyServer.GCKS_SENDER || !Arrays.equals(o.signerKey().encoded(), gcksKey.encoded())
                || o.signerKey().type() != gcksKey.type()) {
            throw new UnauthorizedSenderException("rekey message not signed by the GCKS (signer " + o.signerKeyId() + ")");
        }
        RekeyMessage m = o.message();
        boolean member = m.type() == MessageType.MEMBER_REKEY;
        if (member == (m.senderId() == GroupKeyServer.GCKS_SENDER)) {
            throw new UnauthorizedSenderException(member ? "a MEMBER_REKEY must name its initiator"
                    : m.type() + " must come from the GCKS, not sender " + m.senderId());
        }
    }

    /** Rebuilds the whole state from a sealed RESYNC (or KEY_DOWNLOAD) message with the client key alone. */
    public void resync(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        live();
        resyncVerified(opener.openRequested(sealed, trusted));
    }

    /** As {@link #resync(byte[])} for a message the opener already verified. */
    public void resyncVerified(OpenedRekeyMessage o) throws RekeyEngineException {
        State s = live();
        RekeyMessage m = o.message();
        if (m.type() != MessageType.RESYNC && m.type() != MessageType.KEY_DOWNLOAD) {
            throw new KeyUnavailableException("not a resync message: " + m.type());
        }
        if (m.sequence() < s.sequence) {
            throw new StaleMessageException("resync at " + m.sequence() + " is older than the state (" + s.sequence + ")");
        }
        byte[] client = Arrays.copyOf(s.keys, K);
        byte[] clientPriv = hybrid ? Arrays.copyOf(s.privs, K) : null;
        GroupAuthKey held = heldAuthKey(s);
        try {
            replace(rebuildChecked(o, client, clientPriv, held));
        } finally {
            held.destroy();
            Arrays.fill(client, (byte) 0);
            if (clientPriv != null) {
                Arrays.fill(clientPriv, (byte) 0);
            }
        }
    }

    /** Installs {@code next}, zeroing the key arrays of the old state it does not share. */
    private void replace(State next) {
        State old = state;
        state = next;
        if (old != null) {
            old.zero(next);
        }
    }

    private State live() {
        if (destroyed) {
            throw new IllegalStateException("member key state was destroyed");
        }
        return state;
    }

    /** Zeroes every key this state holds (path keys, private keys, TEK, auth key); later use throws IllegalStateException. */
    public void destroy() {
        if (!destroyed && state != null) {
            state.zero(null);
        }
        dropMacKey();
        destroyed = true;
        digests.clear();
    }

    /**
     * Every node id the message names lies in the node-id space of a tree of this member's degree
     * (checked once per message by the index; O(1) here).
     */
    private void checkNodeIds(EntryIndex idx) throws KeyUnavailableException {
        if (!space.contains(idx.maxNodeNamed())) {
            throw new KeyUnavailableException("message names node " + idx.maxNodeNamed() + ", outside any tree of degree "
                    + degree + " (largest node id " + space.maxNode() + ")");
        }
    }

    private void checkGroup(RekeyMessage m) throws KeyUnavailableException {
        if (!m.group().equals(group) || m.epoch() != epoch) {
            throw new KeyUnavailableException("message for another group or epoch");
        }
        if (m.gkma().degree() != degree) {
            throw new KeyUnavailableException("message for a tree of another degree");
        }
    }

    // ------------------------------------------------------------------ rebuild from a path view

    private State rebuild(RekeyMessage m, byte[] clientKey, byte[] clientPriv, byte[] registeredAuth, int registeredGen)
            throws KeyUnavailableException {
        EntryIndex idx = EntryIndex.index(m);
        checkNodeIds(idx);
        // find the leaf: the NODE_KEY entry (target = parent of its encrypting node) that the client key opens
        int leaf = -1;
        int leafGen = -1;
        byte[] clientKek = Labels.nodeKek(provider, clientKey);
        int len;
        int[] nodes;
        int[] gens;
        byte[] keys;
        byte[] keks;
        try {
            for (KeyEntry e : m.entries()) {
                if (e.content() == KeyContent.NODE_KEY && e.encryption() == Encryption.SYMMETRIC
                        && e.encryptingKey().nodeId() > 0
                        && (e.encryptingKey().nodeId() - 1) / degree == e.target().nodeId()) {
                    byte[] parentKey = unwrapOrNull(clientKek, e.ciphertext());
                    if (parentKey != null) {
                        leaf = e.encryptingKey().nodeId();
                        leafGen = e.encryptingKey().generation();
                        Arrays.fill(parentKey, (byte) 0); // taken again by the climb
                        break;
                    }
                }
            }
            if (leaf < 0 && hybrid) {
                // a member-initiated join seals the joiner's parent key to its client public key: find the leaf by that key
                byte[] pub = clientPublic(clientPriv);
                for (org.gkm.rekey.message.PublicKeyUpdate u : m.publicKeys()) {
                    if (Arrays.equals(u.publicKey(), pub)) {
                        leaf = u.node().nodeId();
                        leafGen = u.node().generation();
                        break;
                    }
                }
            }
            if (leaf < 0) {
                throw new KeyUnavailableException("no path entry opens under the client key");
            }
            if (leaf == 0) {
                throw new KeyUnavailableException("the message places this member at the root");
            }
            len = space.depthOf(leaf) + 1; // leaf <= maxNode (checkNodeIds): at most maxDepth + 1
            nodes = new int[len];
            gens = new int[len];
            nodes[0] = leaf;
            gens[0] = leafGen;
            for (int i = 1; i < len; i++) {
                nodes[i] = (nodes[i - 1] - 1) / degree;
                gens[i] = -1;
            }
            keys = new byte[len * K];
            System.arraycopy(clientKey, 0, keys, 0, K);
            keks = new byte[len * K];
            System.arraycopy(clientKek, 0, keks, 0, K);
        } finally {
            Arrays.fill(clientKek, (byte) 0);
        }
        byte[] privs = null;
        if (hybrid) {
            privs = new byte[len * K];
            System.arraycopy(clientPriv, 0, privs, 0, K);
        }
        byte[] registered = registeredAuth.clone();
        Work w = new Work(nodes, gens, keys, keks, privs, null, null, null, registered, registeredGen);
        boolean done = false;
        try {
            climb(w, idx, true);
            takeTek(w, idx, m.tek(), null, null, true);
            takeRootPrivate(w, idx);
            takeAuthKey(w, idx, AuthKeyRule.REBUILD);
            done = true;
            return new State(w, m.sequence());
        } finally {
            if (!done) {
                w.zero(null);
            }
            if (w.authKey != registered) {
                Arrays.fill(registered, (byte) 0); // the GCKS's current key replaced the registered one
            }
        }
    }

    // ------------------------------------------------------------------ apply a multicast message

    /** Mutable working copy of a state. */
    private static final class Work {
        int[] nodes;
        int[] gens;
        byte[] keys;
        byte[] keks;
        byte[] privs;
        byte[] rootPrivate;
        byte[] tek;
        TekId tekId;
        byte[] authKey;
        int authGeneration;

        Work(int[] nodes, int[] gens, byte[] keys, byte[] keks, byte[] privs, byte[] rootPrivate, byte[] tek, TekId tekId,
                byte[] authKey, int authGeneration) {
            this.nodes = nodes;
            this.gens = gens;
            this.keys = keys;
            this.keks = keks;
            this.privs = privs;
            this.rootPrivate = rootPrivate;
            this.tek = tek;
            this.tekId = tekId;
            this.authKey = authKey;
            this.authGeneration = authGeneration;
        }

        /** Zeroes the copy's arrays that {@code keep} does not share (a failed apply leaves no key copies behind). */
        void zero(State keep) {
            zeroUnless(keys, keep == null ? null : keep.keys);
            zeroUnless(keks, keep == null ? null : keep.keks);
            zeroUnless(privs, keep == null ? null : keep.privs);
            zeroUnless(rootPrivate, keep == null ? null : keep.rootPrivate);
            zeroUnless(tek, keep == null ? null : keep.tek);
            zeroUnless(authKey, keep == null ? null : keep.authKey);
        }
    }

    private State apply(State s, EntryIndex idx) throws RekeyEngineException {
        checkNodeIds(idx);
        Work w = new Work(s.nodes.clone(), s.gens.clone(), s.keys.clone(), s.keks.clone(),
                s.privs == null ? null : s.privs.clone(), s.rootPrivate, s.tek, s.tekId, s.authKey, s.authGeneration);
        boolean done = false;
        try {
            State next = applyTo(w, s, idx);
            done = true;
            return next;
        } finally {
            if (!done) {
                w.zero(s);
            }
        }
    }

    private State applyTo(Work w, State s, EntryIndex idx) throws RekeyEngineException {
        RekeyMessage m = idx.message();
        relocate(w, idx);
        // one-way refresh of the listed nodes on this member's path (claim 16): each listed once, to
        // the generation after the one held; derived nodes off the path are other members' business
        for (int i = 1; i < w.nodes.length; i++) {
            int listed = idx.derivedCount(w.nodes[i]);
            if (listed == 0) {
                continue;
            }
            KeyRef r = idx.derived(w.nodes[i]);
            if (listed > 1 || r.generation() - 1 != w.gens[i]) { // generation >= 0: no wrap
                throw new KeyUnavailableException("derivation of path node " + r.nodeId() + " to generation "
                        + r.generation() + (listed > 1 ? " listed more than once" : " does not follow generation " + w.gens[i]));
            }
            byte[] old = Arrays.copyOfRange(w.keys, i * K, i * K + K);
            byte[] next = Labels.deriveNode(provider, old, r.nodeId(), r.generation());
            Arrays.fill(old, (byte) 0);
            learn(w, i, next);
            w.gens[i] = r.generation();
            if (hybrid) {
                byte[] priv = Labels.derivePrivate(provider, next, r.nodeId(), r.generation());
                System.arraycopy(priv, 0, w.privs, i * K, K);
                if (r.nodeId() == 0 && (w.rootPrivate == null || w.rootPrivate.length == K)) {
                    w.rootPrivate = priv.clone(); // X25519 root: its private key is derived too
                }
                Arrays.fill(priv, (byte) 0);
            }
            Arrays.fill(next, (byte) 0);
        }
        climb(w, idx, false);
        takeTek(w, idx, m.tek(), s.tek, s.tekId, false);
        takeRootPrivate(w, idx);
        takeAuthKey(w, idx, departure(m, s.tekId) ? AuthKeyRule.ROTATE : AuthKeyRule.KEEP);
        return new State(w, m.sequence());
    }

    /**
     * Whether {@code m} announces a departure, after which the GCKS always rotates the group
     * authentication key: a leave or batch rekey, or a member-initiated removal (fresh TEK version).
     */
    private static boolean departure(RekeyMessage m, TekId before) {
        return m.type() == MessageType.LEAVE_REKEY || m.type() == MessageType.BATCH_REKEY
                || (m.type() == MessageType.MEMBER_REKEY && m.tek().version() > before.version());
    }

    /** What a message may do to the group authentication key. */
    private enum AuthKeyRule {
        /**
         * A rebuild: the GCKS's current key, if the message carries it, replaces the one held
         * whatever its generation (the message states the group's current state; the sequence
         * number was checked), else the held one stays.
         */
        REBUILD,
        /** A departure: the GCKS rotated the key exactly once, so the next generation is required. */
        ROTATE,
        /** Any other multicast: the GCKS does not rotate the key, and a message that does is refused. */
        KEEP
    }

    /**
     * The group authentication key a GROUP_AUTH_KEY entry under the root key this member now holds
     * carries (the target's generation is the key's), by {@code rule}: one generation on after a
     * departure, never without one, anything the GCKS's current state says in a rebuild.
     */
    private void takeAuthKey(Work w, EntryIndex idx, AuthKeyRule rule) throws KeyUnavailableException {
        int r = w.nodes.length - 1;
        for (int j = idx.first(0); idx.targets(j, 0); j++) {
            KeyEntry e = idx.entry(j);
            if (e.content() == KeyContent.GROUP_AUTH_KEY && e.encryption() == Encryption.SYMMETRIC
                    && e.encryptingKey().nodeId() == 0 && e.encryptingKey().generation() == w.gens[r]) {
                int gen = e.target().generation();
                if (rule == AuthKeyRule.KEEP) {
                    throw new KeyUnavailableException("auth key entry of generation " + gen + " in a message without a departure");
                }
                if (rule == AuthKeyRule.ROTATE && (w.authGeneration == Integer.MAX_VALUE || gen != w.authGeneration + 1)) {
                    throw new KeyUnavailableException("auth key entry of generation " + gen + " is not the one after generation "
                            + w.authGeneration);
                }
                w.authKey = unwrap(Arrays.copyOfRange(w.keks, r * K, r * K + K), e.ciphertext());
                w.authGeneration = gen;
                return;
            }
        }
        if (rule == AuthKeyRule.ROTATE) {
            throw new KeyUnavailableException("a departure without the next group authentication key");
        }
    }

    /**
     * A split of the member's leaf (an entry or derivation targets it) moves the member to the first
     * child, repeatedly while the new leaf is split too (a batch can grow the tree by several
     * levels). Each step goes one level down and the child is computed exactly against the node-id
     * space ({@code NodeIdSpace.splitChild}), so the walk ends after at most
     * {@code NodeIdSpace.maxDepth()} steps; a split no tree of this degree can make is refused.
     */
    private void relocate(Work w, EntryIndex idx) throws KeyUnavailableException {
        while (true) {
            int leaf = w.nodes[0];
            if (!idx.hasTarget(leaf) && idx.derivedCount(leaf) == 0) {
                return;
            }
            int child = space.splitChild(leaf);
            if (child < 0) {
                throw new KeyUnavailableException("message splits leaf " + leaf + ", which no tree of degree " + degree
                        + " can split (its children would be beyond node id " + space.maxNode() + ")");
            }
            int len = w.nodes.length + 1;
            int[] nodes = new int[len];
            int[] gens = new int[len];
            nodes[0] = child;
            gens[0] = w.gens[0];
            System.arraycopy(w.nodes, 0, nodes, 1, len - 1);
            System.arraycopy(w.gens, 0, gens, 1, len - 1);
            byte[] keys = new byte[len * K];
            System.arraycopy(w.keys, 0, keys, 0, K); // the client key moves down ...
            System.arraycopy(w.keys, 0, keys, K, (len - 1) * K); // ... and stays the old node's key until refreshed
            byte[] keks = new byte[len * K]; // a sub-key depends on the key only: it moves with it
            System.arraycopy(w.keks, 0, keks, 0, K);
            System.arraycopy(w.keks, 0, keks, K, (len - 1) * K);
            w.nodes = nodes;
            w.gens = gens;
            Arrays.fill(w.keys, (byte) 0); // the working copy's own arrays, replaced
            Arrays.fill(w.keks, (byte) 0);
            w.keys = keys;
            w.keks = keks;
            if (hybrid) {
                byte[] privs = new byte[len * K];
                System.arraycopy(w.privs, 0, privs, 0, K);
                System.arraycopy(w.privs, 0, privs, K, (len - 1) * K);
                Arrays.fill(w.privs, (byte) 0);
                w.privs = privs;
            }
        }
    }

    /**
     * Walks the path bottom-up taking, for each node, a NODE_KEY entry of a newer generation
     * encrypted under the key the member holds for the child below, then the node's private key.
     * In a rebuild every node must be found; in an update a node with newer entries none of which
     * the member can open means it is out of date.
     */
    private void climb(Work w, EntryIndex idx, boolean rebuild) throws KeyUnavailableException {
        for (int i = 1; i < w.nodes.length; i++) {
            int v = w.nodes[i];
            int childNode = w.nodes[i - 1];
            int childGen = w.gens[i - 1];
            boolean newer = false;
            boolean took = false;
            for (int j = idx.first(v); idx.targets(j, v); j++) {
                KeyEntry e = idx.entry(j);
                if (e.content() != KeyContent.NODE_KEY || e.target().generation() <= w.gens[i]) {
                    continue;
                }
                newer = true;
                KeyRef enc = e.encryptingKey();
                if (enc.nodeId() != childNode || enc.generation() != childGen) {
                    continue;
                }
                byte[] k = open(e, w.keks, w.privs, i - 1);
                learn(w, i, k);
                Arrays.fill(k, (byte) 0);
                w.gens[i] = e.target().generation();
                took = true;
                break;
            }
            if ((rebuild && !took) || (newer && !took)) {
                throw new KeyUnavailableException("no entry for path node " + v + " under a key this member holds");
            }
            if (took && hybrid && v != 0) {
                takePrivate(w, idx, i);
            }
        }
    }

    private void takePrivate(Work w, EntryIndex idx, int i) throws KeyUnavailableException {
        int v = w.nodes[i];
        for (int j = idx.first(v); idx.targets(j, v); j++) {
            KeyEntry e = idx.entry(j);
            if (e.content() == KeyContent.NODE_PRIVATE_KEY && e.target().generation() == w.gens[i]
                    && e.encryptingKey().nodeId() == v && e.encryptingKey().generation() == w.gens[i]
                    && e.encryption() == Encryption.SYMMETRIC) {
                byte[] k = unwrap(Arrays.copyOfRange(w.keks, i * K, i * K + K), e.ciphertext());
                System.arraycopy(k, 0, w.privs, i * K, K);
                Arrays.fill(k, (byte) 0);
                return;
            }
        }
        // derived (one-way) private keys were set by the derivation; a refreshed node must carry one
        throw new KeyUnavailableException("no private key entry for path node " + v);
    }

    private void takeTek(Work w, EntryIndex idx, TekId target, byte[] oldTek, TekId oldId, boolean rebuild)
            throws KeyUnavailableException {
        int r = w.nodes.length - 1;
        for (int j = idx.first(0); idx.targets(j, 0); j++) {
            KeyEntry e = idx.entry(j);
            if (e.content() == KeyContent.TEK && e.encryption() == Encryption.SYMMETRIC
                    && e.encryptingKey().nodeId() == 0 && e.encryptingKey().generation() == w.gens[r]) {
                if (!rebuild && oldId != null && target.compareTo(oldId) <= 0) {
                    throw new KeyUnavailableException("TEK entry for " + target + " does not replace " + oldId);
                }
                w.tek = unwrap(Arrays.copyOfRange(w.keks, r * K, r * K + K), e.ciphertext());
                w.tekId = target;
                return;
            }
        }
        if (!rebuild && oldId != null) {
            if (target.equals(oldId)) {
                return;
            }
            if (target.version() == oldId.version() && target.revision() > oldId.revision()) {
                int steps = target.revision() - oldId.revision(); // both in 0..2^31-1: no overflow
                if (steps > MAX_REVISION_STEP) {
                    throw new KeyUnavailableException("TEK revision jump of " + steps + " from " + oldId
                            + " exceeds the bound of " + MAX_REVISION_STEP);
                }
                // counted steps: the revision never passes the target, so the last one (2^31-1) cannot wrap
                byte[] t = oldTek;
                for (int k = 1; k <= steps; k++) {
                    byte[] next = Labels.deriveTek(provider, t, target.version(), oldId.revision() + k);
                    if (t != oldTek) {
                        Arrays.fill(t, (byte) 0); // an intermediate revision
                    }
                    t = next;
                }
                w.tek = t;
                w.tekId = target;
                return;
            }
        }
        throw new KeyUnavailableException("TEK " + target + " not obtainable from this message");
    }

    private void takeRootPrivate(Work w, EntryIndex idx) throws KeyUnavailableException {
        if (!hybrid) {
            return;
        }
        int r = w.nodes.length - 1;
        for (int j = idx.first(0); idx.targets(j, 0); j++) {
            KeyEntry e = idx.entry(j);
            if (e.content() == KeyContent.ROOT_PRIVATE_KEY && e.encryption() == Encryption.SYMMETRIC
                    && e.target().generation() == w.gens[r]) {
                boolean padded = e.ciphertext().length != K + 8;
                byte[] kekBytes = Labels.tekKek(provider, w.tek);
                SecretBytes kek = SecretBytes.copyOf(kekBytes);
                Arrays.fill(kekBytes, (byte) 0);
                try {
                    w.rootPrivate = provider.keyWrap().unwrap(padded ? KeyWrapAlgorithm.AES_KWP : KeyWrapAlgorithm.AES_KW,
                            kek, e.ciphertext());
                } catch (CryptoException ex) {
                    throw new KeyUnavailableException("root private key entry does not open under the TEK's key-wrap key", ex);
                } finally {
                    kek.destroy();
                }
                if (!padded) {
                    System.arraycopy(w.rootPrivate, 0, w.privs, r * K, K);
                }
                return;
            }
        }
        // a rekey that did not refresh the root leaves the root private key as it was
        if (w.rootPrivate == null) {
            throw new KeyUnavailableException("root private key not obtainable");
        }
    }

    /** Decrypts entry {@code e} with the key's sub-key (SYMMETRIC) or the private key (PUBLIC) at path slot {@code i}. */
    private byte[] open(KeyEntry e, byte[] keks, byte[] privs, int i) throws KeyUnavailableException {
        if (e.encryption() == Encryption.SYMMETRIC) {
            return unwrap(Arrays.copyOfRange(keks, i * K, i * K + K), e.ciphertext());
        }
        if (privs == null) {
            throw new KeyUnavailableException("PUBLIC entry in a symmetric-only group");
        }
        byte[] sk = Arrays.copyOfRange(privs, i * K, i * K + K);
        try {
            byte[] k = HpkeEntries.open(provider, PrivateKey.decode(KeyType.X25519, sk), e.encapsulation(),
                    KeyEntry.hpkeInfo(group, epoch, e.target(), e.content()), e.ciphertext());
            if (k.length != K) {
                throw new KeyUnavailableException("PUBLIC entry carries a key of the wrong size");
            }
            return k;
        } catch (CryptoException ex) {
            throw new KeyUnavailableException("PUBLIC entry for node " + e.target().nodeId() + " does not open", ex);
        } finally {
            Arrays.fill(sk, (byte) 0);
        }
    }

    /** Installs a copy of {@code key} as path slot {@code i}'s key, with its AES-KW sub-key. */
    private void learn(Work w, int i, byte[] key) {
        System.arraycopy(key, 0, w.keys, i * K, K);
        byte[] kek = Labels.nodeKek(provider, key);
        System.arraycopy(kek, 0, w.keks, i * K, K);
        Arrays.fill(kek, (byte) 0);
    }

    private byte[] unwrap(byte[] kek, byte[] ct) throws KeyUnavailableException {
        try {
            return KeyUnwrap.unwrap32(provider, kek, ct);
        } catch (CryptoException ex) {
            throw new KeyUnavailableException("entry does not open under the key named", ex);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private byte[] unwrapOrNull(byte[] kek, byte[] ct) {
        if (ct.length != K + 8) {
            return null;
        }
        try {
            return KeyUnwrap.unwrap32(provider, kek, ct);
        } catch (CryptoException ex) {
            return null;
        }
    }

    private byte[] clientPublic(byte[] clientPriv) throws KeyUnavailableException {
        try {
            return provider.keys().publicKey(PrivateKey.decode(KeyType.X25519, clientPriv)).encoded();
        } catch (CryptoException e) {
            throw new KeyUnavailableException("client private key unusable", e);
        }
    }

    @Override
    public String toString() {
        if (destroyed) {
            return "MemberKeyState[member=" + memberId + ", destroyed]";
        }
        return "MemberKeyState[member=" + memberId + ", leaf=" + state.nodes[0] + ", tek=" + state.tekId + ", seq="
                + state.sequence + "]";
    }
}
