package org.gkm.rekey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.spi.X25519Batch;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.PublicKeyUpdate;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;

/**
 * The planning half of a {@link GroupKeyServer} operation: turns a validated request into a
 * {@link PlannedRekey} (the rekey message and the {@link GroupChange} that {@code apply} makes the
 * server's state) reading the tree only. The new keys live in small flat arrays indexed by the
 * position of their node in the refreshed list (bottom-up, decreasing id), which is also the
 * overlay the wraps read: a node's new key is wrapped under the new key of a refreshed child and
 * under the tree's key of any other live child.
 *
 * <p>What planning writes: fresh bytes drawn from the server's {@link EngineRandom}, the operation
 * counters of {@link RekeyStats}, and the tree's AES-KW sub-key cache for nodes whose key does not
 * change (a cache of a function of the key, not state: the fingerprint does not see it). The
 * sub-keys of the new keys are derived once here and handed to apply with the change, as are the
 * X25519 public keys of new private keys. Not thread-safe; owned by one server.
 *
 * <p>Planned here: joins ({@link #joins}), batches with at least one leaver ({@link #fresh}),
 * joiners placed by {@link PlacementView} in both, and TEK changes. A member-initiated ingest is
 * planned by the server itself (its keys come from the initiator's checked message).
 */
final class ChangePlanner {
    private static final int K = KeyTree.KEY;
    private static final int[] NO_INTS = new int[0];

    private final GroupKeyServer server;
    private final KeyTree tree;
    private final PathMarks marks;

    ChangePlanner(GroupKeyServer server, KeyTree tree, PathMarks marks) {
        this.server = server;
        this.tree = tree;
        this.marks = marks;
    }

    /**
     * Leavers only (validated: members, each once): every node on the union of their paths that
     * still holds members after the departures gets a fresh key (and, hybrid, a fresh private
     * key), wrapped once under each live child's key; a fresh TEK (version + 1) and group
     * authentication key under the new root KEK.
     */
    PlannedRekey leaves(int[] leavers) {
        return fresh(leavers, List.of());
    }

    /**
     * Leavers (at least one) and joiners as one rekey, as {@link #leaves} with the joiners placed
     * where the tree will place them ({@link PlacementView}); their leaves' ancestors are marked
     * too. A split that moves a joiner of the same batch (it took the leaf the split takes) moves
     * it as the tree will: the split node is refreshed one generation past the joiner's, and the
     * joiner's client key encrypts under the split's first child.
     */
    PlannedRekey fresh(int[] leavers, List<ClientKeys> joiners) {
        CryptoProvider provider = server.provider();
        RekeyStats stats = server.stats();
        GroupPolicy policy = server.policy();
        boolean hybrid = tree.hybrid();
        int n = leavers.length;
        int[] leaverLeaves = new int[n];
        for (int i = 0; i < n; i++) {
            leaverLeaves[i] = tree.leafOf(leavers[i]);
        }
        int joins = joiners.size();
        PlacementView place = joins == 0 ? null : PlacementView.of(tree, leavers, leaverLeaves, joins);
        Placed placed = new Placed(tree, joiners);
        for (int j = 0; j < joins; j++) {
            if (place.joinerSplits[j] != KeyTree.NONE) {
                placed.split(place.joinerSplits[j]);
            }
            placed.install(place.leaves[j], j);
        }
        After after = new After(tree, leaverLeaves, place);
        marks.ensure();
        IntList marked = new IntList();
        marks.markPaths(leaverLeaves, marked);
        if (place != null) {
            marks.markPaths(place.leaves, marked);
        }
        // a split's ancestors may lie beyond the tree's current nodes, past the bitset scan: sort those
        int[] all = place != null && place.splits.length > 0 ? marks.takeSortedDescending(marked)
                : marks.takeDescending(marked, false);
        after.all = all;
        // liveness after the departures, bottom-up: a marked node's children precede it
        boolean[] alive = new boolean[all.length];
        after.alive = alive;
        int d = tree.degree();
        int live = 0;
        for (int i = 0; i < all.length; i++) {
            int first = tree.firstChild(all[i]);
            boolean a = false;
            for (int c = first; c < first + d && !a; c++) {
                a = after.alive(c);
            }
            // a departure that empties the tree still gives the root a fresh key: the last leaver knew the old
            // one, and a delegated subtree's parent leaf is derived from it (claim 18)
            alive[i] = a || all[i] == 0;
            if (alive[i]) {
                live++;
            }
        }
        int[] refreshed = new int[live];
        for (int i = 0, k = 0; i < all.length; i++) {
            if (alive[i]) {
                refreshed[k++] = all[i];
            }
        }
        // fresh bytes in the order the state takes them: per node key (then private key), TEK, auth key
        int per = hybrid ? 2 * K : K;
        byte[] rnd = new byte[live * per + 2 * K];
        server.random().fill(rnd, 0, rnd.length);
        byte[] newKeys = new byte[live * K];
        byte[] newPrivs = hybrid ? new byte[live * K] : null;
        int[] gens = new int[live];
        for (int i = 0; i < live; i++) {
            System.arraycopy(rnd, i * per, newKeys, i * K, K);
            if (hybrid) {
                System.arraycopy(rnd, i * per + K, newPrivs, i * K, K);
                stats.keyPairs++;
            }
            gens[i] = placed.generation(refreshed[i]) + 1;
        }
        byte[] newTek = Arrays.copyOfRange(rnd, live * per, live * per + K);
        byte[] newAuth = Arrays.copyOfRange(rnd, live * per + K, live * per + 2 * K);
        Arrays.fill(rnd, (byte) 0);
        TekId tekId = new TekId(server.tekId().version() + 1, 0);
        int authGeneration = server.authGeneration() + 1;
        KeyPair rsa = newRootRsa();
        byte[] subKeys = subKeysOf(newKeys, live); // apply caches those of the top nodes
        WrapJobs jobs = server.reusedJobs();
        KekTable keks = jobs.keks();
        int[] slot = new int[live];
        for (int i = 0; i < live; i++) {
            slot[i] = keks.copy(subKeys, i * K);
        }
        byte[] moved = new byte[K];
        for (int i = 0; i < live; i++) {
            int v = refreshed[i];
            int first = tree.firstChild(v);
            for (int c = first; c < first + d; c++) {
                if (!after.alive(c)) {
                    continue;
                }
                int j = indexDescending(refreshed, c);
                int jn = after.joinerIndex(c);
                if (j >= 0) {
                    jobs.add(slot[j], newKeys, i * K, v, gens[i], KeyContent.NODE_KEY, c, gens[j]);
                } else if (jn >= 0) {
                    // a joiner's leaf: its client key, one generation on (a leaf a split made starts at 1)
                    jobs.add(keks.derive(joiners.get(jn).clientKeyArray(), 0), newKeys, i * K, v, gens[i],
                            KeyContent.NODE_KEY, c, placed.generation(c));
                } else if (c >= tree.nodeCount()) {
                    // the first child of a split leaf: the member that was there (perhaps a joiner of
                    // this batch), its client key and generation
                    placed.copyKey(c, moved);
                    jobs.add(keks.derive(moved, 0), newKeys, i * K, v, gens[i], KeyContent.NODE_KEY, c,
                            placed.generation(c));
                } else {
                    jobs.add(keks.node(c), newKeys, i * K, v, gens[i], KeyContent.NODE_KEY, c, tree.generation(c));
                }
            }
            if (hybrid && v != 0) {
                jobs.add(slot[i], newPrivs, i * K, v, gens[i], KeyContent.NODE_PRIVATE_KEY, v, gens[i]);
            }
        }
        Arrays.fill(moved, (byte) 0);
        int r = live > 0 && refreshed[live - 1] == 0 ? live - 1 : -1;
        int rootSlot = r >= 0 ? slot[r] : keks.node(0);
        int g0 = r >= 0 ? gens[r] : tree.generation(0);
        addTekJobs(jobs, rootSlot, g0, newTek, rsa, r >= 0 ? newPrivs : tree.privateKeys, r >= 0 ? r * K : 0);
        jobs.add(rootSlot, newAuth, 0, 0, authGeneration, KeyContent.GROUP_AUTH_KEY, 0, g0);
        int wraps = jobs.count();
        List<KeyEntry> entries = jobs.runEncoded(provider, stats, policy.keyLifetimeSeconds(), policy.tekLifetimeSeconds(),
                rsa != null ? List.of(server.rsaRootEntry(rsa, newTek, g0)) : List.of());
        int[] ids = place == null ? NO_INTS : place.ids;
        int[] leaves = place == null ? NO_INTS : place.leaves;
        byte[] joinerKeys = new byte[joins * K];
        byte[] joinerPrivs = hybrid ? new byte[joins * K] : null;
        for (int j = 0; j < joins; j++) {
            System.arraycopy(joiners.get(j).clientKeyArray(), 0, joinerKeys, j * K, K);
            if (hybrid) {
                System.arraycopy(joiners.get(j).clientPrivateArray(), 0, joinerPrivs, j * K, K);
            }
        }
        byte[] publics = null;
        byte[] joinerPublics = null;
        List<PublicKeyUpdate> pubs = List.of();
        if (hybrid) {
            publics = new byte[live * K];
            joinerPublics = new byte[joins * K];
            x25519(provider, newPrivs, live, joinerPrivs, joins, publics, joinerPublics);
            pubs = new ArrayList<>(live + joins);
            for (int i = 0; i < live; i++) {
                KeyRef ref = new KeyRef(refreshed[i], gens[i]);
                pubs.add(refreshed[i] == 0 && rsa != null ? PublicKeyUpdate.of(ref, rsa.publicKey())
                        : new PublicKeyUpdate(ref, KeyType.X25519, Arrays.copyOfRange(publics, i * K, i * K + K)));
            }
            for (int j = 0; j < joins; j++) {
                int leaf = place.finalLeaves[j]; // where the joiner is after the batch's splits
                KeyRef ref = new KeyRef(leaf, placed.generation(leaf));
                pubs.add(new PublicKeyUpdate(ref, KeyType.X25519, Arrays.copyOfRange(joinerPublics, j * K, j * K + K)));
            }
        }
        MessageType type = n == 1 && joins == 0 ? MessageType.LEAVE_REKEY : MessageType.BATCH_REKEY;
        RekeyPlan plan = new RekeyPlan(type, leavers.clone(), leaverLeaves, ids.clone(), leaves.clone(),
                place == null ? NO_INTS : place.splits, refreshed, NO_INTS, tekId, wraps);
        GroupChange change = change(leavers.clone(), ids, leaves, joinerKeys, joinerPrivs, refreshed, gens, newKeys,
                newPrivs, tekId, newTek, authGeneration, newAuth, rsa);
        change.nodeSubKeys = subKeys;
        change.nodePublics = publics;
        change.joinerPublics = joinerPublics;
        return planned(plan, type, entries, pubs, change);
    }

    /**
     * Joiners only (validated, at least one): the one-way join rekey (claims 10, 11). The joiners
     * are placed where the tree will place them ({@link PlacementView}, leaf splits included); the
     * union of their new paths is refreshed bottom-up: a node that held no member before gets a
     * fresh key (a departed member knew its old one), any other node the one-way derivation of its
     * key as the placements leave it ({@link Labels#deriveNode}; a split leaf's key is the client
     * key of the member it held), and, hybrid, the private key derived from the new key. The TEK
     * takes its one-way revision, an RSA root a fresh key pair. The multicast is a JOIN_NOTICE
     * listing the derived nodes; each joiner gets a KEY_DOWNLOAD of its path view after the change
     * from the leaf it ends in (a later split of the batch may move it from the leaf it took), all
     * downloads' wraps in one batch.
     */
    PlannedRekey joins(List<ClientKeys> joiners) {
        CryptoProvider provider = server.provider();
        RekeyStats stats = server.stats();
        GroupPolicy policy = server.policy();
        boolean hybrid = tree.hybrid();
        int n = joiners.size();
        PlacementView place = PlacementView.of(tree, NO_INTS, NO_INTS, n);
        int[] leaves = place.leaves;
        // the placements in order, on an overlay of the nodes they touch; each joiner marks its future ancestors
        Placed placed = new Placed(tree, joiners);
        marks.ensure();
        IntList marked = new IntList();
        for (int j = 0; j < n; j++) {
            for (int v = leaves[j]; v > 0; ) {
                v = tree.parent(v);
                if (marks.marked(v)) {
                    break;
                }
                marks.set(v);
                marked.add(v);
            }
            if (place.joinerSplits[j] != KeyTree.NONE) {
                placed.split(place.joinerSplits[j]);
            }
            placed.install(leaves[j], j);
        }
        int[] refreshed = marks.takeSortedDescending(marked);
        int live = refreshed.length;
        // where each joiner ends (a later split of the batch moves it); the plan and the record name
        // the leaf it took, which apply checks
        int[] finalLeaves = place.finalLeaves;
        // a node is fresh if it was interior and empty; a split leaf always held a member (nothing was free)
        int oldFirstLeaf = tree.firstLeaf();
        boolean[] fresh = new boolean[live];
        int freshCount = 0;
        for (int i = 0; i < live; i++) {
            fresh[i] = refreshed[i] < oldFirstLeaf && !tree.nonEmpty(refreshed[i]);
            freshCount += fresh[i] ? 1 : 0;
        }
        int per = hybrid ? 2 * K : K;
        byte[] rnd = new byte[freshCount * per];
        if (rnd.length > 0) {
            server.random().fill(rnd, 0, rnd.length);
        }
        byte[] newKeys = new byte[live * K];
        byte[] newPrivs = hybrid ? new byte[live * K] : null;
        int[] gens = new int[live];
        IntList derived = new IntList();
        byte[] old = new byte[K];
        for (int i = 0, fi = 0; i < live; i++) {
            int v = refreshed[i];
            gens[i] = placed.generation(v) + 1;
            if (fresh[i]) {
                System.arraycopy(rnd, fi * per, newKeys, i * K, K);
                if (hybrid) {
                    System.arraycopy(rnd, fi * per + K, newPrivs, i * K, K);
                    stats.keyPairs++;
                }
                fi++;
            } else {
                placed.copyKey(v, old);
                byte[] next = Labels.deriveNode(provider, old, v, gens[i]);
                System.arraycopy(next, 0, newKeys, i * K, K);
                stats.derivations++;
                derived.add(v);
                if (hybrid) {
                    byte[] priv = Labels.derivePrivate(provider, next, v, gens[i]);
                    System.arraycopy(priv, 0, newPrivs, i * K, K);
                    Arrays.fill(priv, (byte) 0);
                    stats.keyPairs++;
                }
                Arrays.fill(next, (byte) 0);
            }
        }
        Arrays.fill(old, (byte) 0);
        Arrays.fill(rnd, (byte) 0);
        TekId current = server.tekId();
        byte[] newTek = Labels.deriveTek(provider, server.tekArray(), current.version(), current.revision() + 1);
        TekId tekId = new TekId(current.version(), current.revision() + 1);
        stats.derivations++;
        KeyPair rsa = newRootRsa();
        byte[] subKeys = subKeysOf(newKeys, live);
        // key downloads: each joiner's path view after the change, all wraps of all downloads in one batch
        WrapJobs jobs = server.reusedJobs();
        KekTable keks = jobs.keks();
        int[] slot = new int[live];
        for (int i = 0; i < live; i++) {
            slot[i] = keks.copy(subKeys, i * K);
        }
        int root = live - 1; // every joiner's path ends at the root, the smallest id
        int g0 = gens[root];
        int[] jobEnds = new int[n];
        for (int j = 0; j < n; j++) {
            int child = finalLeaves[j];
            while (child > 0) {
                int v = tree.parent(child);
                int i = indexDescending(refreshed, v);
                int ci = indexDescending(refreshed, child);
                if (ci >= 0) {
                    jobs.add(slot[ci], newKeys, i * K, v, gens[i], KeyContent.NODE_KEY, child, gens[ci]);
                } else {
                    jobs.add(keks.derive(joiners.get(j).clientKeyArray(), 0), newKeys, i * K, v, gens[i],
                            KeyContent.NODE_KEY, child, placed.generation(child));
                }
                if (hybrid && v != 0) {
                    jobs.add(slot[i], newPrivs, i * K, v, gens[i], KeyContent.NODE_PRIVATE_KEY, v, gens[i]);
                }
                child = v;
            }
            addTekJobs(jobs, slot[root], g0, newTek, rsa, newPrivs, root * K);
            jobs.add(slot[root], server.authKeyArray(), 0, 0, server.authGeneration(), KeyContent.GROUP_AUTH_KEY, 0, g0);
            jobEnds[j] = jobs.count();
        }
        int wraps = jobs.count();
        List<KeyEntry> all = new ArrayList<>(wraps);
        jobs.run(provider, stats, policy.keyLifetimeSeconds(), policy.tekLifetimeSeconds(), all);
        byte[] joinerKeys = new byte[n * K];
        byte[] joinerPrivs = hybrid ? new byte[n * K] : null;
        for (int j = 0; j < n; j++) {
            System.arraycopy(joiners.get(j).clientKeyArray(), 0, joinerKeys, j * K, K);
            if (hybrid) {
                System.arraycopy(joiners.get(j).clientPrivateArray(), 0, joinerPrivs, j * K, K);
            }
        }
        byte[] publics = null;
        byte[] joinerPublics = null;
        if (hybrid) {
            publics = new byte[live * K];
            joinerPublics = new byte[n * K];
            x25519(provider, newPrivs, live, joinerPrivs, n, publics, joinerPublics);
        }
        Publics pub = new Publics(refreshed, gens, publics, finalLeaves, placed, joinerPublics, rsa);
        List<PublicKeyUpdate> pubs = new ArrayList<>();
        if (hybrid) {
            for (int v : refreshed) {
                pubs.add(pub.of(v));
            }
            for (int j = 0; j < n; j++) {
                pubs.add(pub.ofJoiner(j));
            }
        }
        List<KeyRef> derivedRefs = new ArrayList<>(derived.size());
        for (int k = 0; k < derived.size(); k++) {
            int v = derived.get(k);
            derivedRefs.add(new KeyRef(v, gens[indexDescending(refreshed, v)]));
        }
        RekeyPlan plan = new RekeyPlan(MessageType.JOIN_NOTICE, NO_INTS, NO_INTS, place.ids.clone(), leaves.clone(),
                place.splits, refreshed, derived.toArray(), tekId, wraps);
        // an RSA root cannot be derived: its fresh private key goes under the new TEK (claim 3)
        List<KeyEntry> entries = rsa != null ? List.of(server.rsaRootEntry(rsa, newTek, g0)) : List.of();
        server.stats().entries += entries.size();
        long sequence = server.sequence() + 1;
        RekeyMessage m = new RekeyMessage(server.group(), server.epoch(), sequence, MessageType.JOIN_NOTICE, tekId,
                server.gkma(), GroupKeyServer.GCKS_SENDER, derivedRefs, entries, pubs);
        List<Rekey.Download> downloads = new ArrayList<>(n);
        int from = 0;
        for (int j = 0; j < n; j++) {
            List<KeyEntry> mine = new ArrayList<>(all.subList(from, jobEnds[j]));
            if (rsa != null) {
                mine.add(server.rsaRootEntry(rsa, newTek, g0));
            }
            from = jobEnds[j];
            List<PublicKeyUpdate> path = new ArrayList<>();
            if (hybrid) {
                path.add(pub.ofJoiner(j));
                for (int v = finalLeaves[j]; v > 0; ) {
                    v = tree.parent(v);
                    path.add(pub.of(v));
                }
            }
            downloads.add(new Rekey.Download(place.ids[j], new RekeyMessage(server.group(), server.epoch(), sequence,
                    MessageType.KEY_DOWNLOAD, tekId, server.gkma(), GroupKeyServer.GCKS_SENDER, List.of(), mine, path)));
        }
        GroupChange change = change(NO_INTS, place.ids.clone(), leaves.clone(), joinerKeys, joinerPrivs, refreshed, gens,
                newKeys, newPrivs, tekId, newTek, server.authGeneration(), server.authKeyArray().clone(), rsa);
        change.nodeSubKeys = subKeys;
        change.nodePublics = publics;
        change.joinerPublics = joinerPublics;
        return new PlannedRekey(server, new Rekey(plan, m, downloads, server.authKey()), change);
    }

    /**
     * The keys and generations of the nodes a batch of joins places, over the tree's: a joiner's
     * leaf holds its client key one generation on (a leaf a split made starts at 0), the first child
     * of a split leaf the key and generation the split leaf held, every other node its tree's.
     */
    private static final class Placed {
        private final KeyTree tree;
        private final List<ClientKeys> joiners;
        private final int oldNodes;
        /** node -> {key source: joiner index, or -1 - tree node; generation}. */
        private final java.util.Map<Integer, int[]> at = new java.util.HashMap<>();

        Placed(KeyTree tree, List<ClientKeys> joiners) {
            this.tree = tree;
            this.joiners = joiners;
            this.oldNodes = tree.nodeCount();
        }

        private int[] state(int v) {
            int[] s = at.get(v);
            if (s != null) {
                return s;
            }
            return new int[] {-1 - v, v < oldNodes ? tree.generation(v) : 0};
        }

        int generation(int v) {
            // leaves-only changes place nothing: the tree's own generation, no lookup, no allocation
            int[] s = at.isEmpty() ? null : at.get(v);
            return s != null ? s[1] : v < oldNodes ? tree.generation(v) : 0;
        }

        void split(int c) {
            at.put(tree.firstChild(c), state(c).clone());
        }

        void install(int leaf, int joiner) {
            at.put(leaf, new int[] {joiner, generation(leaf) + 1});
        }

        void copyKey(int v, byte[] out) {
            int[] s = at.isEmpty() ? null : at.get(v);
            int src = s != null ? s[0] : -1 - v;
            if (src >= 0) {
                System.arraycopy(joiners.get(src).clientKeyArray(), 0, out, 0, K);
            } else if (-1 - src < oldNodes) {
                tree.copyKey(-1 - src, out, 0);
            } else {
                throw new IllegalStateException("node " + v + " holds no key after the placements");
            }
        }
    }

    /** The public-key updates of a planned join: refreshed nodes' new keys, joiners' leaves, an RSA root. */
    private static final class Publics {
        private final int[] refreshed;
        private final int[] gens;
        private final byte[] publics;
        private final int[] leaves;
        private final Placed placed;
        private final byte[] joinerPublics;
        private final KeyPair rsa;

        Publics(int[] refreshed, int[] gens, byte[] publics, int[] leaves, Placed placed, byte[] joinerPublics, KeyPair rsa) {
            this.refreshed = refreshed;
            this.gens = gens;
            this.publics = publics;
            this.leaves = leaves;
            this.placed = placed;
            this.joinerPublics = joinerPublics;
            this.rsa = rsa;
        }

        /** Refreshed node {@code v}'s update after the change. */
        PublicKeyUpdate of(int v) {
            int i = indexDescending(refreshed, v);
            if (i < 0) {
                throw new IllegalStateException("node " + v + " is not refreshed");
            }
            KeyRef ref = new KeyRef(v, gens[i]);
            return v == 0 && rsa != null ? PublicKeyUpdate.of(ref, rsa.publicKey())
                    : new PublicKeyUpdate(ref, KeyType.X25519, Arrays.copyOfRange(publics, i * K, i * K + K));
        }

        /** The update of joiner {@code j}'s leaf (where it ends after the batch's splits): its client public key. */
        PublicKeyUpdate ofJoiner(int j) {
            int leaf = leaves[j];
            return new PublicKeyUpdate(new KeyRef(leaf, placed.generation(leaf)), KeyType.X25519,
                    Arrays.copyOfRange(joinerPublics, j * K, j * K + K));
        }
    }

    /** A scheduled TEK change, by policy a revision (one-way, no entry) or a version (fresh, under the root KEK). */
    PlannedRekey tekChange() {
        CryptoProvider provider = server.provider();
        RekeyStats stats = server.stats();
        GroupPolicy policy = server.policy();
        TekId current = server.tekId();
        byte[] newTek;
        TekId tekId;
        List<KeyEntry> entries = List.of();
        int wraps = 0;
        if (policy.tekChange() == GroupPolicy.TekChangeMode.REVISION) {
            newTek = Labels.deriveTek(provider, server.tekArray(), current.version(), current.revision() + 1);
            tekId = new TekId(current.version(), current.revision() + 1);
            stats.derivations++;
        } else {
            newTek = new byte[K];
            server.random().fill(newTek, 0, K);
            tekId = new TekId(current.version() + 1, 0);
            WrapJobs jobs = server.reusedJobs();
            int g0 = tree.generation(0);
            addTekJobs(jobs, jobs.keks().node(0), g0, newTek, server.rootRsa(), tree.privateKeys, 0);
            wraps = jobs.count();
            KeyPair rsa = server.rootRsa();
            entries = jobs.runEncoded(provider, stats, policy.keyLifetimeSeconds(), policy.tekLifetimeSeconds(),
                    rsa != null ? List.of(server.rsaRootEntry(rsa, newTek, g0)) : List.of());
        }
        RekeyPlan plan = new RekeyPlan(MessageType.TEK_CHANGE, NO_INTS, NO_INTS, NO_INTS, NO_INTS, NO_INTS, NO_INTS,
                NO_INTS, tekId, wraps);
        GroupChange change = change(NO_INTS, NO_INTS, NO_INTS, new byte[0], tree.hybrid() ? new byte[0] : null, NO_INTS,
                NO_INTS, new byte[0], tree.hybrid() ? new byte[0] : null, tekId,
                newTek, server.authGeneration(), server.authKeyArray().clone(), server.rootRsa());
        return planned(plan, MessageType.TEK_CHANGE, entries, List.of(), change);
    }

    /**
     * The TEK under the root KEK's slot (claims 1, 6) and, hybrid with an X25519 root, the root
     * private key {@code rootPrivate[off..+32)} under the new TEK's key-wrap sub-key (claim 3).
     */
    private void addTekJobs(WrapJobs jobs, int rootSlot, int g0, byte[] newTek, KeyPair rsa, byte[] rootPrivate, int off) {
        jobs.add(rootSlot, newTek, 0, 0, g0, KeyContent.TEK, 0, g0);
        if (tree.hybrid() && rsa == null) {
            byte[] kek = Labels.tekKek(server.provider(), newTek);
            jobs.add(jobs.keks().copy(kek, 0), rootPrivate, off, 0, g0, KeyContent.ROOT_PRIVATE_KEY, 0, g0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    private GroupChange change(int[] leavers, int[] joinerIds, int[] joinerLeaves, byte[] joinerKeys, byte[] joinerPrivs,
            int[] nodes, int[] gens, byte[] keys, byte[] privs, TekId tekId, byte[] tek, int authGeneration, byte[] authKey,
            KeyPair rsa) {
        GroupChange c = new GroupChange(server.epoch(), server.sequence() + 1, tree.hybrid(), leavers, joinerIds,
                joinerLeaves, joinerKeys, joinerPrivs, nodes, gens, keys, privs, tekId, tek, authGeneration, authKey,
                rsa == null ? null : rsa.privateKey().encoded(InsecureSecretAccess.get()),
                rsa == null ? null : rsa.publicKey().encoded());
        c.rsaPair = rsa;
        return c;
    }

    private PlannedRekey planned(RekeyPlan plan, MessageType type, List<KeyEntry> entries, List<PublicKeyUpdate> pubs,
            GroupChange change) {
        server.stats().entries += entries.size();
        RekeyMessage m = new RekeyMessage(server.group(), server.epoch(), server.sequence() + 1, type, plan.tek(),
                server.gkma(), GroupKeyServer.GCKS_SENDER, List.of(), entries, pubs);
        GroupAuthKey sealing = server.authKey(); // a departure's message goes under the key before the rotation
        return new PlannedRekey(server, new Rekey(plan, m, List.of(), sealing), change);
    }

    /**
     * Which nodes hold a member after the change: the joiners' leaves and the first children of
     * split leaves do, the other leaves a split makes and the leavers' leaves (unless a joiner took
     * them) do not, a marked interior node does when {@link #alive} says so (filled bottom-up),
     * every other node as in the tree now.
     */
    private static final class After {
        private final KeyTree tree;
        private final int[] gone;
        /** {@code leaf << 32 | joinerIndex}, sorted: the joiner at a leaf by binary search. */
        private final long[] joinerByLeaf;
        private final int oldNodes;
        int[] all;
        boolean[] alive;

        After(KeyTree tree, int[] leaverLeaves, PlacementView place) {
            this.tree = tree;
            this.gone = leaverLeaves.clone();
            Arrays.sort(gone);
            int[] leaves = place == null ? NO_INTS : place.leaves;
            this.joinerByLeaf = new long[leaves.length];
            for (int j = 0; j < leaves.length; j++) {
                joinerByLeaf[j] = (long) leaves[j] << 32 | j;
            }
            Arrays.sort(joinerByLeaf);
            this.oldNodes = tree.nodeCount();
        }

        /** The index of the joiner placed at leaf {@code c}, or -1. */
        int joinerIndex(int c) {
            int lo = 0;
            int hi = joinerByLeaf.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int leaf = (int) (joinerByLeaf[mid] >>> 32);
                if (leaf == c) {
                    return (int) joinerByLeaf[mid];
                }
                if (leaf < c) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }

        boolean alive(int c) {
            if (joinerIndex(c) >= 0) {
                return true;
            }
            if (c >= oldNodes) {
                return c % tree.degree() == 1; // a split's first child holds the moved member
            }
            if (c < tree.firstLeaf()) {
                int i = indexDescending(all, c);
                if (i >= 0) {
                    return alive[i];
                }
            } else if (Arrays.binarySearch(gone, c) >= 0) {
                return false;
            }
            return tree.nonEmpty(c);
        }
    }

    /** Index of {@code v} in {@code a} (sorted in decreasing order), or -1. */
    private static int indexDescending(int[] a, int v) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] == v) {
                return mid;
            }
            if (a[mid] > v) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /**
     * X25519 public keys of the {@code na} node and {@code nb} joiner private keys, in one provider
     * batch (per {@link X25519Batch#MAX_KEYS}) for both.
     */
    private static void x25519(CryptoProvider provider, byte[] a, int na, byte[] b, int nb, byte[] outA, byte[] outB) {
        byte[] privs = new byte[(na + nb) * K];
        byte[] pubs = new byte[(na + nb) * K];
        try {
            System.arraycopy(a, 0, privs, 0, na * K);
            System.arraycopy(b, 0, privs, na * K, nb * K);
            x25519(provider, privs, pubs, na + nb);
            System.arraycopy(pubs, 0, outA, 0, na * K);
            System.arraycopy(pubs, na * K, outB, 0, nb * K);
        } finally {
            java.util.Arrays.fill(privs, (byte) 0);
        }
    }

    /** X25519 public keys of {@code n} private keys, one provider batch per {@link X25519Batch#MAX_KEYS}. */
    private static void x25519(CryptoProvider provider, byte[] privs, byte[] out, int n) {
        try {
            for (int done = 0; done < n; ) {
                int m = Math.min(X25519Batch.MAX_KEYS, n - done);
                provider.keys().x25519PublicKeys(privs, done * K, out, done * K, m);
                done += m;
            }
        } catch (InvalidInputException e) {
            throw new IllegalStateException("X25519 public key batch layout rejected", e);
        }
    }

    /** A fresh RSA root key pair if the group's root has one (RSA cannot be derived one-way), else null. */
    private KeyPair newRootRsa() {
        if (server.rootRsa() == null) {
            return null;
        }
        server.stats().keyPairs++;
        return server.provider().keys().generate(KeyType.RSA_3072);
    }

    /** The sub-keys (KEKs) of the first {@code live} new node keys, derived in one batch. */
    private byte[] subKeysOf(byte[] newKeys, int live) {
        byte[] subKeys = new byte[live * K];
        long t0 = System.nanoTime();
        Labels.nodeKeks(server.provider(), newKeys, 0, live, subKeys, 0);
        RekeyStats stats = server.stats();
        stats.kekDerivations += live;
        stats.kekNanos += System.nanoTime() - t0;
        return subKeys;
    }
}
