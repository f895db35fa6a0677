package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;

/**
 * The GCKS's check of a member-initiated rekey message, phase 1 of the ingest: with the tree's
 * current keys and private keys (the GCKS holds all of them) it opens every entry aside,
 * bottom-up, and checks that each expected entry is there exactly once and no other, that all
 * children of a node were sent the same key (constant-time compare), that each new public key
 * matches its private key, that a join's TEK is the one-way revision and the joiner's public key
 * the registered one. Symmetric entries open under the sub-key {@link Labels#nodeKek} of the
 * encrypting node's key. Reads the tree, never writes it; any failure is a
 * {@link RejectedRekeyException} and the temporaries are zeroed.
 *
 * <p>Bounded work: the entry and public-key counts the change implies are checked first, before
 * anything is opened, so an initiator's message costs at most the expected entries' unwraps or
 * HPKE opens, one batch of public keys, and O(d) comparisons per expected entry over the entries
 * targeting its node.
 */
final class MemberRekeyCheck {
    private static final int K = KeyTree.KEY;

    private final CryptoProvider provider;
    private final KeyTree tree;
    private final GroupId group;
    private final long epoch;
    private final RekeyStats stats;

    /** The new keys of the refreshed nodes (same order as the change), their private keys, the new TEK. */
    static final class Opened {
        final byte[] newKeys;
        final byte[] newPrivs;
        final byte[] newTek;

        Opened(byte[] newKeys, byte[] newPrivs, byte[] newTek) {
            this.newKeys = newKeys;
            this.newPrivs = newPrivs;
            this.newTek = newTek;
        }
    }

    MemberRekeyCheck(CryptoProvider provider, KeyTree tree, GroupId group, long epoch, RekeyStats stats) {
        this.provider = provider;
        this.tree = tree;
        this.group = group;
        this.epoch = epoch;
        this.stats = stats;
    }

    Opened open(SingleChange ch, RekeyMessage m, TekId expectedTek, byte[] currentTek, ClientKeys joiner)
            throws RejectedRekeyException {
        int d = tree.degree();
        int n = ch.refreshed.length;
        int moved = ch.split == KeyTree.NONE ? KeyTree.NONE : d * ch.split + 1;
        // the counts the change implies, checked before any work on the entries
        int expectedEntries = 2; // the TEK and the root private key
        for (int i = 0; i < n; i++) {
            expectedEntries += ch.children[i].length + (ch.refreshed[i] != 0 ? 1 : 0);
        }
        if (m.entries().size() != expectedEntries) {
            throw new RejectedRekeyException("message has " + m.entries().size() + " entries, expected " + expectedEntries);
        }
        // public keys: one per refreshed node, matching its private key, plus the joiner's (and a moved client's)
        int expectedPubs = n + (ch.join ? 1 : 0) + (moved != KeyTree.NONE ? 1 : 0);
        if (m.publicKeys().size() != expectedPubs) {
            throw new RejectedRekeyException("unexpected public-key updates");
        }
        byte[] newKeys = new byte[n * K];
        byte[] newPrivs = new byte[n * K];
        boolean[] have = new boolean[n];
        byte[] newTek = null;
        EntryIndex idx = EntryIndex.index(m);
        boolean checked = false;
        try {
            // phase 1: open everything aside, bottom-up (children before parents)
            for (int i = 0; i < n; i++) {
                int v = ch.refreshed[i];
                int gen = ch.newGens[i];
                for (int ci = 0; ci < ch.children[i].length; ci++) {
                    int c = ch.children[i][ci];
                    int cg = ch.childGens[i][ci];
                    KeyEntry e = findEntry(idx, v, gen, KeyContent.NODE_KEY, c, cg);
                    byte[] k = openForGcks(e, c, ch, newKeys, newPrivs, joiner, moved);
                    if (!have[i]) {
                        System.arraycopy(k, 0, newKeys, i * K, K);
                        have[i] = true;
                    } else if (!java.security.MessageDigest.isEqual(k, Arrays.copyOfRange(newKeys, i * K, i * K + K))) {
                        Arrays.fill(k, (byte) 0);
                        throw new RejectedRekeyException("children of node " + v + " were sent different keys");
                    }
                    Arrays.fill(k, (byte) 0);
                }
                if (v != 0) {
                    KeyEntry e = findEntry(idx, v, gen, KeyContent.NODE_PRIVATE_KEY, v, gen);
                    byte[] p = unwrapKw(subKey(newKeys, i * K), e);
                    System.arraycopy(p, 0, newPrivs, i * K, K);
                    Arrays.fill(p, (byte) 0);
                }
            }
            int root = n - 1;
            int rootGen = ch.newGens[root];
            newTek = unwrapKw(subKey(newKeys, root * K),
                    findEntry(idx, 0, rootGen, KeyContent.TEK, 0, rootGen));
            if (ch.join) {
                byte[] derived = Labels.deriveTek(provider, currentTek, expectedTek.version(), expectedTek.revision());
                boolean same = java.security.MessageDigest.isEqual(derived, newTek);
                Arrays.fill(derived, (byte) 0);
                if (!same) {
                    throw new RejectedRekeyException("join TEK is not the one-way revision of the current TEK");
                }
            }
            byte[] rp = unwrapKw(Labels.tekKek(provider, newTek),
                    findEntry(idx, 0, rootGen, KeyContent.ROOT_PRIVATE_KEY, 0, rootGen));
            System.arraycopy(rp, 0, newPrivs, root * K, K);
            Arrays.fill(rp, (byte) 0);
            byte[] pubs = new byte[n * K]; // all n in one batch call (one downcall with OpenSSL)
            provider.keys().x25519PublicKeys(newPrivs, 0, pubs, 0, n);
            for (int i = 0; i < n; i++) {
                PublicKeyUpdate u = m.publicKeys().get(i);
                if (!u.node().equals(new KeyRef(ch.refreshed[i], ch.newGens[i]))
                        || !Arrays.equals(u.publicKey(), 0, K, pubs, i * K, i * K + K)) {
                    throw new RejectedRekeyException("public key of node " + ch.refreshed[i] + " does not match its private key");
                }
            }
            if (ch.join) {
                // the joiner's leaf must carry the client public key it registered
                PublicKeyUpdate u = m.publicKeys().get(n);
                PublicKey pk = provider.keys().publicKey(PrivateKey.decode(KeyType.X25519, joiner.clientPrivateArray()));
                if (u.node().nodeId() != ch.leaf || !Arrays.equals(u.publicKey(), pk.encoded())) {
                    throw new RejectedRekeyException("joiner's public key is not the registered one");
                }
            }
            checked = true;
            return new Opened(newKeys, newPrivs, newTek);
        } catch (CryptoException e) {
            throw new RejectedRekeyException("a member-initiated entry does not open", e);
        } finally {
            if (!checked) {
                Arrays.fill(newKeys, (byte) 0);
                Arrays.fill(newPrivs, (byte) 0);
                if (newTek != null) {
                    Arrays.fill(newTek, (byte) 0);
                }
            }
        }
    }

    private static KeyEntry findEntry(EntryIndex idx, int node, int gen, KeyContent content, int encNode, int encGen)
            throws RejectedRekeyException {
        KeyEntry found = null;
        for (int j = idx.first(node); idx.targets(j, node); j++) {
            KeyEntry e = idx.entry(j);
            if (e.content() == content && e.target().generation() == gen && e.encryptingKey().nodeId() == encNode
                    && e.encryptingKey().generation() == encGen) {
                if (found != null) {
                    throw new RejectedRekeyException("duplicate " + content + " entry for node " + node);
                }
                found = e;
            }
        }
        if (found == null) {
            throw new RejectedRekeyException("missing " + content + " entry for node " + node + " under " + encNode);
        }
        return found;
    }

    /** Opens a NODE_KEY entry under child {@code c}: the new key of a refreshed child, else the current key or private key. */
    private byte[] openForGcks(KeyEntry e, int c, SingleChange ch, byte[] newKeys, byte[] newPrivs, ClientKeys joiner,
            int moved) throws CryptoException, RejectedRekeyException {
        int r = ch.indexOf(c);
        byte[] k;
        if (e.encryption() == Encryption.SYMMETRIC) {
            byte[] key;
            if (r >= 0) {
                key = Arrays.copyOfRange(newKeys, r * K, r * K + K);
            } else if (ch.join && c == ch.leaf) {
                key = joiner.clientKeyArray().clone();
            } else {
                key = new byte[K];
                tree.copyKey(c == moved ? ch.split : c, key, 0);
            }
            try {
                k = unwrapKw(subKey(key, 0), e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } else {
            byte[] sk;
            if (r >= 0) {
                sk = Arrays.copyOfRange(newPrivs, r * K, r * K + K);
            } else if (ch.join && c == ch.leaf) {
                sk = joiner.clientPrivateArray().clone();
            } else {
                sk = new byte[K];
                tree.copyPrivate(c == moved ? ch.split : c, sk, 0);
            }
            try {
                k = HpkeEntries.open(provider, PrivateKey.decode(KeyType.X25519, sk), e.encapsulation(),
                        KeyEntry.hpkeInfo(group, epoch, e.target(), e.content()), e.ciphertext());
                stats.hpkeOpens++;
            } finally {
                Arrays.fill(sk, (byte) 0);
            }
        }
        if (k.length != K) {
            throw new RejectedRekeyException("entry carries a key of the wrong size");
        }
        return k;
    }

    /** The AES-KW sub-key ({@link Labels#nodeKek}) of the node key at {@code keys[off..+32)}. */
    private byte[] subKey(byte[] keys, int off) {
        byte[] key = Arrays.copyOfRange(keys, off, off + K);
        try {
            return Labels.nodeKek(provider, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] unwrapKw(byte[] kek, KeyEntry e) throws CryptoException, RejectedRekeyException {
        if (e.encryption() != Encryption.SYMMETRIC || e.ciphertext().length != K + 8) {
            Arrays.fill(kek, (byte) 0);
            throw new RejectedRekeyException("expected a symmetric " + e.content() + " entry");
        }
        try {
            stats.unwraps++;
            return KeyUnwrap.unwrap32(provider, kek, e.ciphertext());
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

}
