package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.RecordKind;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreException.Failure;
import org.gkm.rekey.store.StoreGroupId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The barrier over a real SQLite file edited behind its back with plain SQL, as someone with the
 * file (and no master key) could: nothing secret is in the file in the clear, and every edit is a
 * typed error naming the row, with nothing loaded.
 */
class SealedSqliteGroupStoreTest {
    private static final StoreGroupId A = StoreGroupId.of("alpha");
    private static final StoreGroupId B = StoreGroupId.of("beta");

    @TempDir
    Path dir;

    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    private Path db() {
        return dir.resolve("gkm.db");
    }

    private static SecretBytes master(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return SecretBytes.copyOf(k);
    }

    private GroupStore open(CryptoProvider p, int key) throws StoreException {
        return SealedGroupStore.open(SqliteGroupStore.open(db()), p, master(key), new SealedGroupStore.Options(3, 1 << 20));
    }

    private static byte[] secret(StoreGroupId g, long seq) {
        return ("TOPSECRET node key " + seq + " " + g.hex()).getBytes(StandardCharsets.UTF_8);
    }

    private void fill(CryptoProvider p) throws Exception {
        try (GroupStore s = open(p, 1)) {
            for (StoreGroupId g : List.of(A, B)) {
                s.writeSnapshot(new Snapshot(g, 1, 0, secret(g, 0)));
                for (int i = 1; i <= 6; i++) {
                    s.append(new ChangeRecord(g, 1, i, secret(g, i), ("msg " + i).getBytes(StandardCharsets.UTF_8)),
                            List.of(new AuditEntry(g, i - 1, ("TOPSECRET audit " + i).getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
    }

    private void sql(String statement, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertTrue(ps.executeUpdate() > 0, statement);
        }
    }

    private byte[] column(String query, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), query);
                return rs.getBytes(1);
            }
        }
    }

    /** Group A's load through a fresh barrier (a restart) fails with {@code reason}. */
    private StoreException loadFails(CryptoProvider p, Failure reason) throws Exception {
        try (GroupStore s = open(p, 1)) {
            return GroupStoreContract.refused(reason, () -> s.load(A));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theFileHoldsNoSecretInTheClearAndTheRightKeyReadsItBack(CryptoProvider p) throws Exception {
        fill(p);
        String file = new String(Files.readAllBytes(db()), StandardCharsets.ISO_8859_1);
        assertFalse(file.contains("TOPSECRET"));
        assertTrue(file.contains("msg 4"), "rekey messages are public");
        try (GroupStore s = open(p, 1)) {
            LoadedGroup g = s.load(B).orElseThrow();
            assertArrayEquals(secret(B, 0), g.snapshot().payload());
            assertArrayEquals(secret(B, 6), g.records().get(5).payload());
            assertEquals(6, s.audit(A, 0, 10).size());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aWrongMasterKeyIsRefusedAndTheFileLeftAsItWas(CryptoProvider p) throws Exception {
        fill(p);
        byte[] before = Files.readAllBytes(db());
        try (GroupStore s = open(p, 2)) {
            StoreException e = GroupStoreContract.refused(Failure.WRONG_MASTER_KEY, () -> s.load(A));
            assertTrue(e.getMessage().contains("wrong master key"), e.getMessage());
            GroupStoreContract.refused(Failure.WRONG_MASTER_KEY,
                    () -> s.append(new ChangeRecord(A, 1, 7, new byte[3], new byte[3])));
        }
        assertArrayEquals(before, Files.readAllBytes(db()));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rowsEditedWithSqlAreTypedErrorsNamingTheRow(CryptoProvider p) throws Exception {
        fill(p);
        StoreGroupId group = A;
        byte[] a2 = column("SELECT payload FROM records WHERE group_id = ? AND sequence = 2", group.value());
        byte[] a3 = column("SELECT payload FROM records WHERE group_id = ? AND sequence = 3", group.value());

        // one byte of record 3 flipped
        byte[] edited = a3.clone();
        edited[edited.length - 20] ^= 1;
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 3", edited, group.value());
        StoreException e = loadFails(p, Failure.RECORD_CORRUPT);
        assertEquals(RecordKind.CHANGE, e.kind().orElseThrow());
        assertEquals(3, e.position());
        // records 2 and 3 swapped
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 3", a2, group.value());
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 2", a3, group.value());
        assertEquals(2, loadFails(p, Failure.RECORD_CORRUPT).position());
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 2", a2, group.value());
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 3", a3, group.value());
        // group B's record 2 in group A's place
        byte[] b2 = column("SELECT payload FROM records WHERE group_id = ? AND sequence = 2", B.value());
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 2", b2, group.value());
        assertEquals(2, loadFails(p, Failure.RECORD_CORRUPT).position());
        sql("UPDATE records SET payload = ? WHERE group_id = ? AND sequence = 2", a2, group.value());
        // a rekey message replaced
        sql("UPDATE records SET message = ? WHERE group_id = ? AND sequence = 5", "forged".getBytes(StandardCharsets.UTF_8),
                group.value());
        assertEquals(5, loadFails(p, Failure.RECORD_CORRUPT).position());
        sql("UPDATE records SET message = ? WHERE group_id = ? AND sequence = 5", "msg 5".getBytes(StandardCharsets.UTF_8),
                group.value());
        // a truncated snapshot
        byte[] snap = column("SELECT payload FROM snapshots WHERE group_id = ?", group.value());
        sql("UPDATE snapshots SET payload = ? WHERE group_id = ?", java.util.Arrays.copyOf(snap, snap.length - 1), group.value());
        assertEquals(RecordKind.SNAPSHOT, loadFails(p, Failure.RECORD_CORRUPT).kind().orElseThrow());
        sql("UPDATE snapshots SET payload = ? WHERE group_id = ?", snap, group.value());
        // segment 1's key record copied over segment 2's
        byte[] k1 = column("SELECT material FROM segment_keys WHERE group_id = ? AND segment = 1", group.value());
        byte[] k2 = column("SELECT material FROM segment_keys WHERE group_id = ? AND segment = 2", group.value());
        sql("UPDATE segment_keys SET material = ? WHERE group_id = ? AND segment = 2", k1, group.value());
        assertEquals(2, loadFails(p, Failure.KEY_RECORD_CORRUPT).position());
        sql("UPDATE segment_keys SET material = ? WHERE group_id = ? AND segment = 2", k2, group.value());
        // a key record deleted
        sql("DELETE FROM segment_keys WHERE group_id = ? AND segment = 2", group.value());
        assertEquals(2, loadFails(p, Failure.KEY_RECORD_MISSING).position());
        sql("INSERT INTO segment_keys (group_id, segment, material) VALUES (?, 2, ?)", group.value(), k2);
        // a record deleted from the middle
        byte[] m4 = column("SELECT message FROM records WHERE group_id = ? AND sequence = 4", group.value());
        byte[] p4 = column("SELECT payload FROM records WHERE group_id = ? AND sequence = 4", group.value());
        sql("DELETE FROM records WHERE group_id = ? AND sequence = 4", group.value());
        assertEquals(4, loadFails(p, Failure.RECORD_MISSING).position());
        sql("INSERT INTO records (group_id, sequence, epoch, payload, message) VALUES (?, 4, 1, ?, ?)", group.value(), p4, m4);
        // every edit undone: the group loads again
        try (GroupStore s = open(p, 1)) {
            assertArrayEquals(secret(A, 6), s.load(A).orElseThrow().records().get(5).payload());
        }
    }
}
