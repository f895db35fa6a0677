package org.gkm.rekey;

import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.KeyPair;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.PublicKeyUpdate;

/**
 * Publication of a group's keying material infrastructure (claim 18, RFC 4046 sec. 5.3 resync by
 * public posting): one member's path view, or the whole infrastructure, computed from the server's
 * current state. Wrapped keys are not stored (AES-KW is deterministic), so each view recomputes its
 * wraps; nothing of the group's state changes (only the public-key and sub-key caches fill, and the
 * infrastructure counters count). Not thread-safe; owned by one {@link GroupKeyServer}.
 */
final class InfrastructurePublisher {
    private static final int K = KeyTree.KEY;

    private final GroupKeyServer s;

    InfrastructurePublisher(GroupKeyServer server) {
        this.s = server;
    }

    /** The path view of the member at {@code leaf} (see {@link GroupKeyServer#pathView(int, boolean)}). */
    PublishedInfrastructure pathView(int leaf, boolean full) {
        KeyTree tree = s.tree();
        GroupPolicy policy = s.policy();
        KeyPair rootRsa = s.rootRsa();
        WrapJobs jobs = s.reusedJobs();
        s.addPathJobs(jobs, leaf);
        List<KeyEntry> extra = new ArrayList<>(2);
        if (tree.hybrid()) {
            if (rootRsa != null) {
                extra.add(s.rsaRootEntry());
            }
            if (full) {
                extra.add(tekToRootPublic());
            }
        }
        List<KeyEntry> entries = jobs.runEncoded(s.provider(), s.infrastructureStats(), policy.keyLifetimeSeconds(),
                policy.tekLifetimeSeconds(), extra);
        return new PublishedInfrastructure(s.group(), s.epoch(), s.sequence(), s.tekId(), s.gkma(), List.of(leaf), entries,
                full ? s.publicKeyCache().path(leaf, rootRsa) : List.of());
    }

    /** The whole infrastructure (see {@link GroupKeyServer#snapshot()}). */
    PublishedInfrastructure snapshot() {
        KeyTree tree = s.tree();
        GroupPolicy policy = s.policy();
        KeyPair rootRsa = s.rootRsa();
        int nodes = tree.nodeCount();
        WrapJobs jobs = new WrapJobs(nodes * 2); // not the reused list: it would keep this size
        jobs.reset(tree);
        List<Integer> leaves = new ArrayList<>();
        for (int v = 0; v < tree.firstLeaf(); v++) {
            if (!tree.nonEmpty(v)) {
                continue;
            }
            int gen = tree.generation(v);
            for (int c = tree.firstChild(v); c < tree.firstChild(v) + tree.degree(); c++) {
                if (tree.nonEmpty(c)) {
                    jobs.add(jobs.keks().node(c), tree.keys, v * K, v, gen, KeyContent.NODE_KEY, c, tree.generation(c));
                }
            }
            if (tree.hybrid() && v != 0) {
                jobs.add(jobs.keks().node(v), tree.privateKeys, v * K, v, gen, KeyContent.NODE_PRIVATE_KEY, v, gen);
            }
        }
        for (int v = tree.firstLeaf(); v < nodes; v++) {
            if (tree.nonEmpty(v)) {
                leaves.add(v);
            }
        }
        s.addTekJobs(jobs);
        s.addAuthKeyJob(jobs);
        // entry objects, not an EncodedEntries block: a snapshot may exceed a message's entry limit
        List<KeyEntry> entries = new ArrayList<>(jobs.count() + 2);
        jobs.run(s.provider(), s.infrastructureStats(), policy.keyLifetimeSeconds(), policy.tekLifetimeSeconds(), entries);
        List<PublicKeyUpdate> pubs = new ArrayList<>();
        if (tree.hybrid()) {
            if (rootRsa != null) {
                entries.add(s.rsaRootEntry());
            }
            entries.add(tekToRootPublic());
            IntList live = new IntList();
            for (int v = 0; v < nodes; v++) {
                if (tree.nonEmpty(v)) {
                    live.add(v);
                }
            }
            s.publicKeyCache().ensure(live.toArray()); // all missing public keys in batches, not one provider call per node
            for (int i = 0; i < live.size(); i++) {
                pubs.add(s.publicKeyCache().update(live.get(i), rootRsa));
            }
        }
        return new PublishedInfrastructure(s.group(), s.epoch(), s.sequence(), s.tekId(), s.gkma(), leaves, entries, pubs);
    }

    /** The TEK sealed to the root public key (claim 4): HPKE for X25519, RSA-OAEP for RSA-3072. */
    private KeyEntry tekToRootPublic() {
        GroupPolicy policy = s.policy();
        KeyPair rootRsa = s.rootRsa();
        int g0 = s.tree().generation(0);
        KeyRef ref = new KeyRef(0, g0);
        byte[] info = KeyEntry.hpkeInfo(s.group(), s.epoch(), ref, KeyContent.TEK);
        try {
            if (rootRsa != null) {
                byte[] ct = s.provider().keyTransport().encrypt(rootRsa.publicKey(), s.tekArray(), info);
                return KeyEntry.toPublicKey(ref, KeyContent.TEK, policy.tekLifetimeSeconds(), ref, new byte[0], ct);
            }
            byte[] eph = new byte[K];
            s.random().fill(eph, 0, K);
            HpkeSealed sealed = HpkeEntries.seal(s.provider(), s.publicKey(0), eph, info, s.tekArray());
            s.stats().hpkeSeals++;
            return KeyEntry.toPublicKey(ref, KeyContent.TEK, policy.tekLifetimeSeconds(), ref, sealed.enc(), sealed.ciphertext());
        } catch (CryptoException e) {
            throw new IllegalStateException("sealing the TEK to the root public key failed", e);
        }
    }
}
