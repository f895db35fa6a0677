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
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.TekId;

/**
 * One member's keys: exactly its path, leaf (client key) to root, with generations, in a hybrid
 * tree also the path's X25519 private keys and the root private key, plus the TEK and its id, and
 * the sequence number of the last rekey message applied.
 *
 * <p>Receiving (DESIGN.md "Data flow"): size → MAC → signature → strict decode (the wire
 * envelope), then the sequence number (same: duplicate, ignored; older: {@link
 * StaleMessageException}; gap: {@link OutOfSyncException} with the missing range), then the
 * message is applied: relocation if the member's leaf was split, one-way derivations (join, claim
 * 16), the entries on its path bottom-up (AES-KW under the child key it holds, or HPKE to the
 * child's key pair), the node private keys, the TEK (entry, or one-way revision) and the root
 * private key (claim 3). Every step works on a copy; the copy replaces the state only when the
 * whole message applied, so any failure leaves the state exactly as it was.
 *
 * <p>Not thread-safe. {@code toString} shows no key material.
 */
public final class MemberKeyState {
    private static final int K = KeyTree.KEY;
    private static final int MAX_REVISION_STEPS = 1 << 16;

    /** What {@link #accept} did with a message. */
    public enum Outcome { APPLIED, DUPLICATE }

    private final CryptoProvider provider;
    private final GroupId group;
    private final long epoch;
    private final int degree;
    private final boolean hybrid;
    private final int memberId;
    private final SecretBytes authKey;
    private final Map<Long, PublicKey> signers;
    private final RekeyMessageOpener opener;
    private State state;

    /** Immutable snapshot of the keys; replaced as a whole. */
    private static final class State {
        final int[] nodes; // nodes[0] = leaf, last = root (0)
        final int[] gens;
        final byte[] keys;
        final byte[] privs; // hybrid: per path node (root slot unused when the root key is RSA)
        final byte[] rootPrivate; // hybrid: X25519 root private (32) or RSA PKCS#8, else null
        final byte[] tek;
        final TekId tekId;
        final long sequence;

        State(int[] nodes, int[] gens, byte[] keys, byte[] privs, byte[] rootPrivate, byte[] tek, TekId tekId, long sequence) {
            this.nodes = nodes;
            this.gens = gens;
            this.keys = keys;
            this.privs = privs;
            this.rootPrivate = rootPrivate;
            this.tek = tek;
            this.tekId = tekId;
            this.sequence = sequence;
        }
    }

    private MemberKeyState(CryptoProvider provider, GroupId group, long epoch, int degree, boolean hybrid, int memberId,
            SecretBytes authKey, Map<Long, PublicKey> signers) {
        this.provider = provider;
        this.group = group;
        this.epoch = epoch;
        this.degree = degree;
        this.hybrid = hybrid;
        this.memberId = memberId;
        this.authKey = SecretBytes.copyOf(authKey.toByteArray(InsecureSecretAccess.get()));
        this.signers = java.util.Collections.unmodifiableMap(signers); // live: initiators are certified over time
        this.opener = new RekeyMessageOpener(provider);
    }

    /**
     * A member's state from its sealed KEY_DOWNLOAD or RESYNC message (checked like every message)
     * and the client keys registration gave it.
     *
     * @param authKey the Rekey SA's group authentication key (from registration)
     * @param signers trusted signing keys by signer key id (the GCKS and authorized initiators); read
     *     at each message, so the caller may add initiators later
     */
    public static MemberKeyState fromDownload(CryptoProvider provider, GroupPolicy policy, GroupId group, long epoch,
            int memberId, ClientKeys client, SecretBytes authKey, Map<Long, PublicKey> signers, byte[] sealed)
            throws RekeyMessageException, RekeyEngineException {
        MemberKeyState s = new MemberKeyState(provider, group, epoch, policy.degree(), policy.hybrid(), memberId, authKey, signers);
        RekeyMessage m = s.openFromSender(sealed);
        s.checkGroup(m);
        s.state = s.rebuild(m, client.clientKeyArray(), client.clientPrivateArray());
        return s;
    }

    /** As {@link #fromDownload} from an already verified message (the simulation verifies once per message). */
    public static MemberKeyState fromVerifiedDownload(CryptoProvider provider, GroupPolicy policy, GroupId group, long epoch,
            int memberId, ClientKeys client, SecretBytes authKey, Map<Long, PublicKey> signers, RekeyMessage m)
            throws RekeyEngineException {
        MemberKeyState s = new MemberKeyState(provider, group, epoch, policy.degree(), policy.hybrid(), memberId, authKey, signers);
        s.state = s.rebuild(m, client.clientKeyArray(), client.clientPrivateArray());
        return s;
    }

    public int memberId() {
        return memberId;
    }

    public TekId tekId() {
        return state.tekId;
    }

    /** The current TEK (a copy). */
    public SecretBytes tek() {
        return SecretBytes.copyOf(state.tek);
    }

    /** Sequence number of the last message applied. */
    public long sequence() {
        return state.sequence;
    }

    /** The member's leaf node id. */
    public int leaf() {
        return state.nodes[0];
    }

    /** The key references the member holds, leaf first, root last. */
    public KeyRef[] path() {
        KeyRef[] r = new KeyRef[state.nodes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = new KeyRef(state.nodes[i], state.gens[i]);
        }
        return r;
    }

    /** Bytes of key material held: the compactness figure of the member side. */
    public int keyBytes() {
        State s = state;
        return s.keys.length + (s.privs == null ? 0 : s.privs.length) + (s.rootPrivate == null ? 0 : s.rootPrivate.length)
                + s.tek.length;
    }

    /**
     * Every key this member holds (path keys, private keys, TEK), for the audit of departed
     * members' coalitions and for member-initiated operations. Needs the greppable token.
     */
    public HeldKeys heldKeys(InsecureSecretAccess access) {
        Objects.requireNonNull(access, "access");
        State s = state;
        return new HeldKeys(s.nodes.clone(), s.gens.clone(), s.keys.clone(), s.privs == null ? null : s.privs.clone(),
                s.rootPrivate == null ? null : s.rootPrivate.clone(), s.tek.clone(), s.tekId);
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
     * Checks and applies a sealed multicast rekey message: size, MAC, signature, decoding (wire
     * envelope), group and epoch, sequence number, then the keys.
     */
    public Outcome process(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        return accept(EntryIndex.of(openFromSender(sealed)));
    }

    /**
     * Opens a sealed message and binds its claimed sender to its signer: signer key ids are sender
     * ids (GCKS 0, member m as m + 1), so a trusted initiator cannot pass its message off as the
     * GCKS's or another member's.
     */
    private RekeyMessage openFromSender(byte[] sealed) throws RekeyMessageException, KeyUnavailableException {
        org.gkm.rekey.message.OpenedRekeyMessage o = opener.open(sealed, authKey, signers);
        if (o.signerKeyId() != o.message().senderId()) {
            throw new KeyUnavailableException("message claims sender " + o.message().senderId() + " but is signed by "
                    + o.signerKeyId());
        }
        return o.message();
    }

    /**
     * Applies a message that already passed the envelope checks (size, MAC, signature, decoding),
     * indexed once for all receivers: group/epoch, sequence policy, then the keys.
     */
    public Outcome accept(EntryIndex indexed) throws RekeyEngineException {
        RekeyMessage m = indexed.message();
        checkGroup(m);
        if (m.type() == MessageType.KEY_DOWNLOAD || m.type() == MessageType.RESYNC) {
            throw new KeyUnavailableException(m.type() + " is unicast: use resync");
        }
        long cur = state.sequence;
        if (m.sequence() == cur) {
            return Outcome.DUPLICATE;
        }
        if (m.sequence() < cur) {
            throw new StaleMessageException("rekey message " + m.sequence() + " is older than the state (" + cur + ")");
        }
        if (m.sequence() > cur + 1) {
            throw new OutOfSyncException(cur + 1, m.sequence() - 1);
        }
        state = apply(state, indexed);
        return Outcome.APPLIED;
    }

    /** Rebuilds the whole state from a sealed RESYNC (or KEY_DOWNLOAD) message with the client key alone. */
    public void resync(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        resyncVerified(openFromSender(sealed));
    }

    /** As {@link #resync(byte[])} for an already verified message. */
    public void resyncVerified(RekeyMessage m) throws RekeyEngineException {
        checkGroup(m);
        if (m.type() != MessageType.RESYNC && m.type() != MessageType.KEY_DOWNLOAD) {
            throw new KeyUnavailableException("not a resync message: " + m.type());
        }
        if (m.senderId() != GroupKeyServer.GCKS_SENDER) {
            throw new KeyUnavailableException("resync state comes from the GCKS only");
        }
        if (m.sequence() < state.sequence) {
            throw new StaleMessageException("resync at " + m.sequence() + " is older than the state (" + state.sequence + ")");
        }
        byte[] client = Arrays.copyOf(state.keys, K);
        byte[] clientPriv = hybrid ? Arrays.copyOf(state.privs, K) : null;
        try {
            state = rebuild(m, client, clientPriv);
        } finally {
            Arrays.fill(client, (byte) 0);
            if (clientPriv != null) {
                Arrays.fill(clientPriv, (byte) 0);
            }
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

    private State rebuild(RekeyMessage m, byte[] clientKey, byte[] clientPriv) throws KeyUnavailableException {
        EntryIndex idx = EntryIndex.of(m);
        // find the leaf: the NODE_KEY entry (target = parent of its encrypting node) that the client key opens
        int leaf = -1;
        int leafGen = -1;
        byte[] parentKey = null;
        for (KeyEntry e : m.entries()) {
            if (e.content() == KeyContent.NODE_KEY && e.encryption() == Encryption.SYMMETRIC
                    && e.encryptingKey().nodeId() > 0 && (e.encryptingKey().nodeId() - 1) / degree == e.target().nodeId()) {
                byte[] k = unwrapOrNull(clientKey, e.ciphertext());
                if (k != null) {
                    leaf = e.encryptingKey().nodeId();
                    leafGen = e.encryptingKey().generation();
                    parentKey = k;
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
        if (parentKey != null) {
            Arrays.fill(parentKey, (byte) 0);
        }
        int len = depthOf(leaf) + 1;
        int[] nodes = new int[len];
        int[] gens = new int[len];
        nodes[0] = leaf;
        gens[0] = leafGen;
        for (int i = 1; i < len; i++) {
            nodes[i] = (nodes[i - 1] - 1) / degree;
            gens[i] = -1;
        }
        byte[] keys = new byte[len * K];
        System.arraycopy(clientKey, 0, keys, 0, K);
        byte[] privs = null;
        if (hybrid) {
            privs = new byte[len * K];
            System.arraycopy(clientPriv, 0, privs, 0, K);
        }
        Work w = new Work(nodes, gens, keys, privs, null, null, null);
        climb(w, idx, true);
        takeTek(w, idx, m.tek(), null, null, true);
        takeRootPrivate(w, idx);
        return new State(w.nodes, w.gens, w.keys, w.privs, w.rootPrivate, w.tek, w.tekId, m.sequence());
    }

    // ------------------------------------------------------------------ apply a multicast message

    /** Mutable working copy of a state. */
    private static final class Work {
        int[] nodes;
        int[] gens;
        byte[] keys;
        byte[] privs;
        byte[] rootPrivate;
        byte[] tek;
        TekId tekId;

        Work(int[] nodes, int[] gens, byte[] keys, byte[] privs, byte[] rootPrivate, byte[] tek, TekId tekId) {
            this.nodes = nodes;
            this.gens = gens;
            this.keys = keys;
            this.privs = privs;
            this.rootPrivate = rootPrivate;
            this.tek = tek;
            this.tekId = tekId;
        }
    }

    private State apply(State s, EntryIndex idx) throws RekeyEngineException {
        RekeyMessage m = idx.message();
        Work w = new Work(s.nodes.clone(), s.gens.clone(), s.keys.clone(), s.privs == null ? null : s.privs.clone(),
                s.rootPrivate, s.tek, s.tekId);
        relocate(w, idx);
        // one-way refresh of the listed nodes (claim 16)
        for (KeyRef r : m.derived()) {
            int i = indexOf(w.nodes, r.nodeId());
            if (i > 0 && w.gens[i] == r.generation() - 1) {
                byte[] next = Labels.deriveNode(provider, Arrays.copyOfRange(w.keys, i * K, i * K + K), r.nodeId(), r.generation());
                System.arraycopy(next, 0, w.keys, i * K, K);
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
        }
        climb(w, idx, false);
        takeTek(w, idx, m.tek(), s.tek, s.tekId, false);
        takeRootPrivate(w, idx);
        return new State(w.nodes, w.gens, w.keys, w.privs, w.rootPrivate, w.tek, w.tekId, m.sequence());
    }

    /** A split of the member's leaf (an entry or derivation targets it) moves the member to the first child. */
    private void relocate(Work w, EntryIndex idx) {
        RekeyMessage m = idx.message();
        while (true) {
            int leaf = w.nodes[0];
            boolean split = idx.hasTarget(leaf);
            for (KeyRef r : m.derived()) {
                split |= r.nodeId() == leaf;
            }
            if (!split) {
                return;
            }
            int child = degree * leaf + 1;
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
            w.nodes = nodes;
            w.gens = gens;
            w.keys = keys;
            if (hybrid) {
                byte[] privs = new byte[len * K];
                System.arraycopy(w.privs, 0, privs, 0, K);
                System.arraycopy(w.privs, 0, privs, K, (len - 1) * K);
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
                byte[] k = open(e, w.keys, w.privs, i - 1);
                System.arraycopy(k, 0, w.keys, i * K, K);
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
                byte[] k = unwrap(Arrays.copyOfRange(w.keys, i * K, i * K + K), e.ciphertext());
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
                w.tek = unwrap(Arrays.copyOfRange(w.keys, r * K, r * K + K), e.ciphertext());
                w.tekId = target;
                return;
            }
        }
        if (!rebuild && oldId != null) {
            if (target.equals(oldId)) {
                return;
            }
            if (target.version() == oldId.version() && target.revision() > oldId.revision()
                    && target.revision() - oldId.revision() <= MAX_REVISION_STEPS) {
                byte[] t = oldTek;
                for (int rev = oldId.revision() + 1; rev <= target.revision(); rev++) {
                    t = Labels.deriveTek(provider, t, target.version(), rev);
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
                try {
                    w.rootPrivate = provider.keyWrap().unwrap(padded ? KeyWrapAlgorithm.AES_KWP : KeyWrapAlgorithm.AES_KW,
                            SecretBytes.copyOf(w.tek), e.ciphertext());
                } catch (CryptoException ex) {
                    throw new KeyUnavailableException("root private key entry does not open under the TEK", ex);
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

    /** Decrypts entry {@code e} with the key (SYMMETRIC) or private key (PUBLIC) at path slot {@code i}. */
    private byte[] open(KeyEntry e, byte[] keys, byte[] privs, int i) throws KeyUnavailableException {
        if (e.encryption() == Encryption.SYMMETRIC) {
            return unwrap(Arrays.copyOfRange(keys, i * K, i * K + K), e.ciphertext());
        }
        if (privs == null) {
            throw new KeyUnavailableException("PUBLIC entry in a symmetric-only group");
        }
        byte[] sk = Arrays.copyOfRange(privs, i * K, i * K + K);
        try {
            byte[] k = HpkeEntries.open(provider, PrivateKey.decode(KeyType.X25519, sk), e.encapsulation(),
                    KeyEntry.hpkeInfo(group, e.target(), e.content()), e.ciphertext());
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

    private int depthOf(int node) {
        int depth = 0;
        while (node > 0) {
            node = (node - 1) / degree;
            depth++;
        }
        return depth;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "MemberKeyState[member=" + memberId + ", leaf=" + state.nodes[0] + ", tek=" + state.tekId + ", seq="
                + state.sequence + "]";
    }
}
