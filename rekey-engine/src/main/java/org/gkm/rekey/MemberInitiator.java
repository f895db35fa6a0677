package org.gkm.rekey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;

/**
 * A member initiating a join or a removal (claims 13, 14) in a hybrid tree. It knows only its own
 * path keys and the published infrastructure ({@link TreeView}: shape, generations, public keys),
 * so it draws fresh keys for the affected path and sends each one under every child that still
 * holds members: symmetrically (AES-KW under the child key's sub-key {@link Labels#nodeKek}, all in
 * one {@code wrapBatch}) when it knows the child's key (the child is on the affected path or on its
 * own path), otherwise with HPKE to the child's
 * public key ("symmetric and asymmetric forwarding"). The GCKS holds every private key, so it can
 * read all of it and ingests the message ({@link GroupKeyServer#ingestRemove},
 * {@link GroupKeyServer#ingestAdd}). A networked member builds on the GCKS-signed
 * {@link InitiatorView} of the operation; a lookup outside that view is a
 * {@link KeyUnavailableException}.
 *
 * <p>Join: fresh keys on the joiner's path, TEK revision + 1 by the one-way function (claim 16), also
 * wrapped under the new root KEK so the joiner gets it; the joiner's own entry is sealed to its
 * client public key. Leave: fresh keys and key pairs on the path (claim 14), fresh TEK, version + 1.
 * A member cannot rekey its own departure (it would know the new keys): that goes to the GCKS.
 */
public final class MemberInitiator {
    private static final int K = KeyTree.KEY;

    private final CryptoProvider provider;
    private final EngineRandom random;
    private final RekeyStats stats = new RekeyStats();

    public MemberInitiator(CryptoProvider provider, EngineRandom random) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.random = Objects.requireNonNull(random, "random");
    }

    public RekeyStats stats() {
        return stats;
    }

    /** Sender id of member {@code m} in rekey messages (0 is the GCKS). */
    public static long senderId(int member) {
        return member + 1L;
    }

    /** The MEMBER_REKEY message by which {@code initiator} (holding {@code keys}) removes {@code target}. */
    public RekeyMessage remove(TreeView view, int initiator, MemberKeyState.HeldKeys keys, int target)
            throws RekeyEngineException {
        check(view, keys);
        if (target == initiator) {
            throw new AuthorizationException("a member cannot rekey its own departure; ask the GCKS");
        }
        int leaf = view.leafOf(target);
        try {
            SingleChange ch = SingleChange.leave(view, leaf);
            TekId tek = new TekId(view.tekId().version() + 1, 0);
            return build(view, initiator, keys, ch, tek, null, null);
        } catch (InitiatorView.NodeOutsideViewException e) {
            throw outsideView(e);
        }
    }

    /** The MEMBER_REKEY message by which {@code initiator} adds a joiner with client public key {@code joinerPublic}. */
    public RekeyMessage add(TreeView view, int initiator, MemberKeyState.HeldKeys keys, PublicKey joinerPublic)
            throws RekeyEngineException {
        check(view, keys);
        if (joinerPublic.type() != KeyType.X25519) {
            throw new IllegalArgumentException("joiner client key must be X25519");
        }
        SingleChange ch;
        try {
            ch = SingleChange.join(view);
        } catch (InitiatorView.NodeOutsideViewException e) {
            throw outsideView(e);
        }
        TekId tek = new TekId(view.tekId().version(), view.tekId().revision() + 1);
        byte[] nextTek = Labels.deriveTek(provider, keys.tek(), tek.version(), tek.revision());
        try {
            return build(view, initiator, keys, ch, tek, nextTek, joinerPublic);
        } catch (InitiatorView.NodeOutsideViewException e) {
            throw outsideView(e);
        } finally {
            Arrays.fill(nextTek, (byte) 0);
        }
    }

    /** A lookup outside an {@link InitiatorView}: the view is not the one for this operation. */
    private static KeyUnavailableException outsideView(InitiatorView.NodeOutsideViewException e) {
        return new KeyUnavailableException("the view lacks what this operation reads: " + e.getMessage(), e);
    }

    private void check(TreeView view, MemberKeyState.HeldKeys keys) throws KeyUnavailableException {
        if (!view.policy().hybrid() || view.policy().rootKeyType() != KeyType.X25519) {
            throw new KeyUnavailableException("member-initiated operations need a hybrid tree with an X25519 root");
        }
        if (!keys.tekId().equals(view.tekId())) {
            throw new KeyUnavailableException("initiator's keys are out of date (TEK " + keys.tekId() + ", group at "
                    + view.tekId() + ")");
        }
    }

    private RekeyMessage build(TreeView view, int initiator, MemberKeyState.HeldKeys keys, SingleChange ch, TekId tek,
            byte[] derivedTek, PublicKey joinerPublic) throws RekeyEngineException {
        int n = ch.refreshed.length;
        // count PUBLIC entries to draw all fresh bytes (keys, private keys, TEK, HPKE ephemerals) in one call
        int publicCount = 0;
        for (int i = 0; i < n; i++) {
            for (int c : ch.children[i]) {
                if (ch.indexOf(c) < 0 && held(keys, ch, view, c, genOf(ch, i, c)) < 0) {
                    publicCount++;
                }
            }
        }
        byte[] rnd = new byte[n * 2 * K + K + publicCount * K];
        random.fill(rnd, 0, rnd.length);
        int tekOff = n * 2 * K;
        byte[] newTek = derivedTek != null ? derivedTek.clone() : Arrays.copyOfRange(rnd, tekOff, tekOff + K);
        int ephOff = tekOff + K;
        WrapJobs jobs = new WrapJobs(n * 6);
        KekTable keks = jobs.keks();
        int[] freshKek = new int[n]; // the sub-key slot of each refreshed node's fresh key
        for (int i = 0; i < n; i++) {
            freshKek[i] = keks.derive(rnd, i * 2 * K);
        }
        List<KeyEntry> publicEntries = new ArrayList<>(publicCount);
        long life = view.policy().keyLifetimeSeconds();
        try {
            for (int i = 0; i < n; i++) {
                int v = ch.refreshed[i];
                int gen = ch.newGens[i];
                KeyRef target = new KeyRef(v, gen);
                for (int ci = 0; ci < ch.children[i].length; ci++) {
                    int c = ch.children[i][ci];
                    int cg = ch.childGens[i][ci];
                    int r = ch.indexOf(c);
                    int h = held(keys, ch, view, c, cg);
                    if (r >= 0) {
                        jobs.add(freshKek[r], rnd, i * 2 * K, v, gen, KeyContent.NODE_KEY, c, cg);
                    } else if (h >= 0) {
                        jobs.add(keks.derive(keys.keys(), h * K), rnd, i * 2 * K, v, gen, KeyContent.NODE_KEY, c, cg);
                    } else {
                        PublicKey pk = c == ch.leaf && ch.join ? joinerPublic : view.publicKey(c == moved(ch, view) ? ch.split : c);
                        byte[] eph = Arrays.copyOfRange(rnd, ephOff, ephOff + K);
                        ephOff += K;
                        byte[] info = KeyEntry.hpkeInfo(view.group(), view.epoch(), target, KeyContent.NODE_KEY);
                        HpkeSealed s = HpkeEntries.seal(provider, pk, eph, info,
                                Arrays.copyOfRange(rnd, i * 2 * K, i * 2 * K + K));
                        stats.hpkeSeals++;
                        publicEntries.add(KeyEntry.toPublicKey(target, KeyContent.NODE_KEY, life, new KeyRef(c, cg), s.enc(),
                                s.ciphertext()));
                    }
                }
                if (v != 0) {
                    jobs.add(freshKek[i], rnd, i * 2 * K + K, v, gen, KeyContent.NODE_PRIVATE_KEY, v, gen);
                }
            }
            int root = n - 1; // the root is always refreshed and last (bottom-up)
            int rootGen = ch.newGens[root];
            jobs.add(freshKek[root], newTek, 0, 0, rootGen, KeyContent.TEK, 0, rootGen);
            byte[] tekKek = Labels.tekKek(provider, newTek);
            jobs.add(keks.copy(tekKek, 0), rnd, root * 2 * K + K, 0, rootGen, KeyContent.ROOT_PRIVATE_KEY, 0, rootGen);
            Arrays.fill(tekKek, (byte) 0);
            List<KeyEntry> entries = jobs.runEncoded(provider, stats, life, view.policy().tekLifetimeSeconds(), publicEntries);
            List<PublicKeyUpdate> pubs = new ArrayList<>(n + 2);
            // the path's fresh key pairs: all public keys in one batch call (one downcall with OpenSSL)
            byte[] privs = new byte[n * K];
            byte[] pubKeys = new byte[n * K];
            try {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rnd, i * 2 * K + K, privs, i * K, K);
                }
                provider.keys().x25519PublicKeys(privs, 0, pubKeys, 0, n);
            } catch (InvalidInputException e) {
                throw new IllegalStateException("X25519 public key batch layout rejected", e);
            } finally {
                Arrays.fill(privs, (byte) 0);
            }
            for (int i = 0; i < n; i++) {
                pubs.add(new PublicKeyUpdate(new KeyRef(ch.refreshed[i], ch.newGens[i]), KeyType.X25519,
                        Arrays.copyOfRange(pubKeys, i * K, i * K + K)));
                stats.keyPairs++;
            }
            if (ch.join) {
                pubs.add(PublicKeyUpdate.of(new KeyRef(ch.leaf, ch.childGens[0][indexIn(ch.children[0], ch.leaf)]), joinerPublic));
                if (ch.split != KeyTree.NONE) {
                    int moved = view.policy().degree() * ch.split + 1;
                    pubs.add(PublicKeyUpdate.of(new KeyRef(moved, view.generation(ch.split)), view.publicKey(ch.split)));
                }
            }
            stats.rekeys++;
            stats.entries += entries.size();
            return new RekeyMessage(view.group(), view.epoch(), view.sequence() + 1, MessageType.MEMBER_REKEY, tek,
                    view.gkma(), senderId(initiator), List.of(), entries, pubs);
        } catch (InvalidKeyException e) {
            throw new KeyUnavailableException("a published public key is unusable", e);
        } catch (CryptoException e) {
            throw new IllegalStateException("HPKE seal failed", e);
        } finally {
            jobs.reset(null); // zeroes what a failure left staged
            Arrays.fill(rnd, (byte) 0);
            Arrays.fill(newTek, (byte) 0);
        }
    }

    private static int genOf(SingleChange ch, int i, int c) {
        return ch.childGens[i][indexIn(ch.children[i], c)];
    }

    private static int indexIn(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** The split leaf's first child (where its member moves), or -1. */
    private static int moved(SingleChange ch, TreeView view) {
        return ch.split == KeyTree.NONE ? KeyTree.NONE : view.policy().degree() * ch.split + 1;
    }

    /** Slot of child {@code c}'s key in the initiator's path (a moved client is still at the split node), or -1. */
    private static int held(MemberKeyState.HeldKeys keys, SingleChange ch, TreeView view, int c, int gen) {
        return heldIndex(keys, c == moved(ch, view) ? ch.split : c, gen);
    }

    /** Slot of {@code node} at generation {@code gen} in the initiator's path, or -1. */
    private static int heldIndex(MemberKeyState.HeldKeys keys, int node, int gen) {
        int[] nodes = keys.nodes();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == node && keys.generations()[i] == gen) {
                return i;
            }
        }
        return -1;
    }
}
