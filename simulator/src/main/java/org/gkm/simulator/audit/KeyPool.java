package org.gkm.simulator.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.HpkeEntries;
import org.gkm.rekey.KeyUnwrap;
import org.gkm.rekey.Labels;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.TreeView;
import org.gkm.rekey.message.Encryption;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;

/**
 * A pool of keys held by some set of parties (departed members, or a joiner), and the greedy
 * attacker that uses them: given a rekey message it opens every entry it can with any pooled key
 * (AES-KW under the sub-key {@link Labels#nodeKek} of a pooled node key, and under the pooled key
 * itself in case something was wrapped under it directly, HPKE with a pooled private key, the root
 * private key under a pooled TEK's sub-key, the group authentication key under a pooled root key),
 * applies the one-way derivations to keys it holds, derives TEK revisions, adds what it learns to
 * the pool and repeats until nothing more opens. Sub-keys are derived from pooled keys as needed
 * and not counted as keys of their own: holding a node key is holding its sub-key. The count of
 * keys learned is what the access-control audits report.
 */
public final class KeyPool {
    private static final int K = 32;
    private final CryptoProvider provider;
    private final Map<Long, byte[]> keys = new HashMap<>();
    /** {@link Labels#nodeKek} of pooled node keys, derived on first use. */
    private final Map<Long, byte[]> keks = new HashMap<>();
    private final Map<Long, byte[]> privates = new HashMap<>();
    private final Map<TekId, byte[]> teks = new HashMap<>();
    /** Group authentication keys by generation (a departed coalition must not learn a newer one). */
    private final Map<Integer, byte[]> authKeys = new HashMap<>();

    public KeyPool(CryptoProvider provider) {
        this.provider = provider;
    }

    private static long ref(int node, int gen) {
        return ((long) node << 32) | (gen & 0xFFFFFFFFL);
    }

    private static long ref(KeyRef r) {
        return ref(r.nodeId(), r.generation());
    }

    /** Adds everything a party holds. */
    public void absorb(MemberKeyState.HeldKeys h) {
        int[] nodes = h.nodes();
        for (int i = 0; i < nodes.length; i++) {
            long r = ref(nodes[i], h.generations()[i]);
            keys.put(r, java.util.Arrays.copyOfRange(h.keys(), i * K, i * K + K));
            keks.remove(r); // derived again from the key now pooled
            if (h.privateKeys() != null) {
                privates.put(ref(nodes[i], h.generations()[i]), java.util.Arrays.copyOfRange(h.privateKeys(), i * K, i * K + K));
            }
        }
        teks.put(h.tekId(), h.tek().clone());
    }

    /** Number of keys pooled (symmetric, private and TEKs). */
    public int size() {
        return keys.size() + privates.size() + teks.size();
    }

    /** Whether the pool holds TEK {@code id} with exactly these bytes. */
    public boolean holdsTek(byte[] tek) {
        for (byte[] t : teks.values()) {
            if (java.security.MessageDigest.isEqual(t, tek)) {
                return true;
            }
        }
        return false;
    }

    /** Every TEK value pooled. */
    public List<byte[]> tekValues() {
        return new ArrayList<>(teks.values());
    }

    /**
     * Greedily learns from {@code m}; returns how many new keys (node keys, private keys, TEKs,
     * group authentication keys) it obtained.
     */
    public long learn(RekeyMessage m) {
        long learned = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (KeyRef r : m.derived()) {
                byte[] old = keys.get(ref(r.nodeId(), r.generation() - 1));
                if (old != null && !keys.containsKey(ref(r))) {
                    byte[] k = Labels.deriveNode(provider, old, r.nodeId(), r.generation());
                    keys.put(ref(r), k);
                    privates.put(ref(r), Labels.derivePrivate(provider, k, r.nodeId(), r.generation()));
                    learned++;
                    progress = true;
                }
            }
            for (KeyEntry e : m.entries()) {
                long t = ref(e.target());
                KeyContent c = e.content();
                boolean known = switch (c) {
                    case TEK -> teks.containsKey(m.tek());
                    case NODE_PRIVATE_KEY, ROOT_PRIVATE_KEY, CLIENT_PRIVATE_KEY -> privates.containsKey(t);
                    case GROUP_AUTH_KEY -> authKeys.containsKey(e.target().generation());
                    default -> keys.containsKey(t);
                };
                if (known) {
                    continue;
                }
                byte[] k = open(e, c == KeyContent.ROOT_PRIVATE_KEY ? teks.get(m.tek()) : null, m);
                if (k == null) {
                    continue;
                }
                switch (c) {
                    case TEK -> teks.put(m.tek(), k);
                    case NODE_PRIVATE_KEY, ROOT_PRIVATE_KEY, CLIENT_PRIVATE_KEY -> privates.put(t, k);
                    case GROUP_AUTH_KEY -> authKeys.put(e.target().generation(), k);
                    default -> keys.put(t, k);
                }
                learned++;
                progress = true;
            }
            if (!teks.containsKey(m.tek()) && m.tek().revision() > 0) {
                byte[] prev = teks.get(new TekId(m.tek().version(), m.tek().revision() - 1));
                if (prev != null) {
                    teks.put(m.tek(), Labels.deriveTek(provider, prev, m.tek().version(), m.tek().revision()));
                    learned++;
                    progress = true;
                }
            }
        }
        return learned;
    }

    /** Opens entry {@code e} with a pooled key, or returns null. */
    private byte[] open(KeyEntry e, byte[] tekForRoot, RekeyMessage m) {
        try {
            if (e.encryption() == Encryption.SYMMETRIC) {
                if (e.content() == KeyContent.ROOT_PRIVATE_KEY) {
                    // the root private key is under the TEK's key-wrap sub-key (claim 3), or wrongly under the TEK
                    if (tekForRoot == null) {
                        return null;
                    }
                    byte[] tekKek = Labels.tekKek(provider, tekForRoot);
                    try {
                        return unwrapEither(tekKek, tekForRoot, e.ciphertext());
                    } finally {
                        java.util.Arrays.fill(tekKek, (byte) 0);
                    }
                }
                long enc = ref(e.encryptingKey());
                byte[] key = keys.get(enc);
                return key == null ? null
                        : unwrapEither(keks.computeIfAbsent(enc, r -> Labels.nodeKek(provider, key)), key, e.ciphertext());
            }
            if (e.encapsulation().length == 0) {
                return null; // RSA-OAEP (claim 4 entry): the pool holds no RSA private keys by node
            }
            byte[] sk = privates.get(ref(e.encryptingKey()));
            if (sk == null) {
                return null;
            }
            return HpkeEntries.open(provider, PrivateKey.decode(KeyType.X25519, sk), e.encapsulation(),
                    KeyEntry.hpkeInfo(m.group(), m.epoch(), e.target(), e.content()), e.ciphertext());
        } catch (CryptoException ex) {
            return null; // an entry this key does not open
        }
    }

    /** The key under {@code kek} (how the engine wraps), else under {@code raw} (a key misused as a KEK), or null. */
    private byte[] unwrapEither(byte[] kek, byte[] raw, byte[] ciphertext) {
        byte[] k = unwrapOrNull(kek, ciphertext);
        return k != null ? k : unwrapOrNull(raw, ciphertext);
    }

    private byte[] unwrapOrNull(byte[] kek, byte[] ciphertext) {
        try {
            if (ciphertext.length == K + 8) {
                return KeyUnwrap.unwrap32(provider, kek, ciphertext);
            }
            return provider.keyWrap().unwrap(KeyWrapAlgorithm.AES_KWP, SecretBytes.copyOf(kek), ciphertext);
        } catch (CryptoException ex) {
            return null;
        }
    }

    /** Drops keys older than the group's current generations: they can no longer open anything new. */
    public void prune(TreeView view) {
        prune(keys, view);
        prune(keks, view);
        prune(privates, view);
        TekId cur = view.tekId();
        teks.keySet().removeIf(id -> id.compareTo(cur) < 0 && id.version() < cur.version());
    }

    private static void prune(Map<Long, byte[]> map, TreeView view) {
        int nodes = view.nodeCount();
        for (Iterator<Map.Entry<Long, byte[]>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, byte[]> en = it.next();
            int node = (int) (en.getKey() >>> 32);
            int gen = (int) (long) en.getKey();
            if (node < nodes && gen < view.generation(node)) {
                java.util.Arrays.fill(en.getValue(), (byte) 0);
                it.remove();
            }
        }
    }
}
