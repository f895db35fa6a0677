package org.gkm.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.PlannedRekey;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.store.sqlite.SqliteGroupStore;

/**
 * What the GCKS store benchmarks share: a GCKS of a given size with its signing key, real leave
 * rekeys with their change records and sealed messages (planned, recorded, then applied, as
 * {@code DurableGroupServer} commits them), and a sealed SQLite store in a directory of its own.
 */
public final class StoreBenchFixture {
    /** Group id of every benchmark group. */
    public static final GroupId GROUP = GroupId.of("gkm-store-bench");
    /** The same group as the store names it. */
    public static final StoreGroupId STORE_GROUP = StoreGroupId.of("gkm-store-bench");
    private StoreBenchFixture() {}

    /** A GCKS of {@code members} members 0..n-1 and the Ed25519 key it signs its rekey messages with. */
    public record Gcks(CryptoProvider provider, GroupPolicy policy, EngineRandom random, GroupKeyServer server,
            KeyPair signing, RekeyMessageSealer sealer) {}

    /** The group policy of a tree mode ("symmetric" or "hybrid") and degree. */
    public static GroupPolicy policy(String tree, int degree) {
        GroupPolicy.TreeMode mode = switch (tree) {
            case "symmetric" -> GroupPolicy.TreeMode.SYMMETRIC_ONLY;
            case "hybrid" -> GroupPolicy.TreeMode.HYBRID;
            default -> throw new IllegalArgumentException("tree must be symmetric or hybrid: " + tree);
        };
        return GroupPolicy.defaults().withDegree(degree).withTreeMode(mode);
    }

    /** Builds a GCKS of {@code members} members (keys from the provider's CSPRNG). */
    public static Gcks gcks(CryptoProvider provider, String tree, int degree, int members) {
        GroupPolicy policy = policy(tree, degree);
        EngineRandom random = EngineRandom.of(provider);
        GroupKeyServer server = GroupKeyServer.create(provider, policy, GROUP, random, members, 1);
        KeyPair signing = provider.keys().generate(KeyType.ED25519);
        RekeyMessageSealer sealer = new RekeyMessageSealer(provider, policy.signatureAlgorithm(), signing.privateKey(),
                GroupKeyServer.GCKS_SENDER);
        return new Gcks(provider, policy, random, server, signing, sealer);
    }

    /**
     * The sizes of one rekey removing {@code leavers} members.
     *
     * @param leavers members removed by the rekey
     * @param refreshedNodes nodes that got a new key
     * @param recordBytes the change record's payload (before the at-rest barrier seals it)
     * @param messageBytes the sealed rekey message
     */
    public record ChangeSize(int leavers, int refreshedNodes, int recordBytes, int messageBytes) {}

    /**
     * Removes {@code leavers} random members of {@code g} (drawn from {@code pick} among the ids
     * below {@code idBound} that are still members) in one real rekey, planned, recorded and applied
     * as a durable GCKS does: a single leave for one, a batch rekey for several. Returns the rekey's
     * sizes, its change record and its sealed message (the group shrinks by {@code leavers}).
     */
    public static Measured removeMembers(Gcks g, int leavers, int idBound, SplittableRandom pick)
            throws RekeyEngineException {
        Set<Integer> chosen = new HashSet<>();
        int[] ids = new int[leavers];
        int n = 0;
        while (n < leavers) {
            int m = pick.nextInt(idBound);
            if (chosen.add(m) && isMember(g.server(), m)) {
                ids[n++] = m;
            }
        }
        PlannedRekey planned = g.server().planLeaves(Requester.owner(), ids);
        Rekey r = planned.rekey();
        byte[] sealed = g.sealer().seal(r.message(), r.authKey());
        byte[] record = planned.changeRecord(InsecureSecretAccess.get());
        r.authKey().destroy();
        g.server().apply(planned);
        return new Measured(new ChangeSize(leavers, r.plan().refreshed().length, record.length, sealed.length), record,
                sealed);
    }

    /**
     * A rekey's sizes, its change record (secret keys in the clear: the store's barrier seals it;
     * zero it when done) and its sealed message.
     */
    public record Measured(ChangeSize size, byte[] changeRecord, byte[] sealedMessage) {}

    private static boolean isMember(GroupKeyServer s, int m) {
        try {
            s.leafOf(m);
            return true;
        } catch (org.gkm.rekey.UnknownMemberException e) {
            return false;
        }
    }

    /** A fixed benchmark master key (the store's secrecy is not what is measured). */
    public static SecretBytes masterKey() {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        Arrays.fill(k, (byte) 0x5a);
        try {
            return SecretBytes.copyOf(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Opens the sealed SQLite store {@code dir/gkm.db} (created if absent; default integrity check). */
    public static SealedGroupStore openStore(CryptoProvider provider, Path dir) throws StoreException {
        SecretBytes master = masterKey();
        try {
            return SealedGroupStore.open(SqliteGroupStore.open(dir.resolve("gkm.db")), provider, master);
        } finally {
            master.destroy();
        }
    }

    /** The store's files in {@code dir}: database, WAL and shared-memory index (0 for an absent one). */
    public record StoreFiles(long db, long wal, long shm) {
        public static StoreFiles of(Path dir) {
            return new StoreFiles(size(dir.resolve("gkm.db")), size(dir.resolve("gkm.db-wal")),
                    size(dir.resolve("gkm.db-shm")));
        }

        /** Database plus WAL. */
        public long total() {
            return db + wal;
        }

        private static long size(Path p) {
            try {
                return Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new directory for a store under {@code parent} (the system temporary directory if empty). */
    public static Path newStoreDir(String parent) throws IOException {
        Path base = parent == null || parent.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(parent);
        return Files.createTempDirectory(base, "gkm-store-bench-");
    }

    /** Deletes a store directory and what it holds. */
    public static void deleteDir(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
