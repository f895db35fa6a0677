package org.gkm.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.gkm.rekey.store.ChangeRecord;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.RecordKind;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreException.Failure;
import org.gkm.rekey.store.StoreGroupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store's file: its settings (WAL, FULL sync, schema version), owner-only permissions,
 * the owner lock, and the checks on open (foreign, newer, corrupt files are refused and left as
 * they were); a record deleted behind its back is a hole the store reports.
 */
class SqliteGroupStoreTest {
    private static final StoreGroupId G = StoreGroupId.of("g");

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("gkm.db");
    }

    private static StoreException refused(Failure reason, GroupStoreContract.StoreAction action) {
        return GroupStoreContract.refused(reason, action);
    }

    private void fill(int records, int payloadBytes) throws Exception {
        try (SqliteGroupStore s = SqliteGroupStore.open(db())) {
            s.writeSnapshot(new Snapshot(G, 0, 0, new byte[payloadBytes]));
            for (int i = 1; i <= records; i++) {
                byte[] p = new byte[payloadBytes];
                p[0] = (byte) i;
                s.append(new ChangeRecord(G, 0, i, p, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private Connection raw() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + db());
    }

    @Test
    void usesWalWithFullSyncAndTheVersionedSchemaInAnOwnerOnlyFile() throws Exception {
        try (SqliteGroupStore s = SqliteGroupStore.open(db())) {
            s.writeSnapshot(new Snapshot(G, 0, 0, new byte[10]));
            // the WAL holds committed rows until a checkpoint: owner-only like the database
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dir.resolve("gkm.db-wal")));
            Map<String, String> settings = s.settings();
            assertEquals("wal", settings.get("journal_mode"));
            assertEquals("2", settings.get("synchronous")); // FULL
            assertEquals(String.valueOf(SqliteGroupStore.SCHEMA_VERSION), settings.get("user_version"));
            assertEquals(String.valueOf(SqliteGroupStore.APPLICATION_ID), settings.get("application_id"));
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(db());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);
        // an existing store opens with every check
        for (SqliteGroupStore.IntegrityCheck c : SqliteGroupStore.IntegrityCheck.values()) {
            SqliteGroupStore.open(db(), new SqliteGroupStore.Options(c, Duration.ofSeconds(1))).close();
        }
    }

    @Test
    void aSecondOpenerIsLockedOutUntilTheFirstCloses() throws Exception {
        SqliteGroupStore first = SqliteGroupStore.open(db());
        StoreException e = refused(Failure.LOCKED, () -> SqliteGroupStore.open(db()));
        assertTrue(e.getMessage().contains("gkm.db"), e.getMessage());
        first.writeSnapshot(new Snapshot(G, 0, 0, new byte[1]));
        first.close();
        try (SqliteGroupStore second = SqliteGroupStore.open(db())) {
            assertEquals(0, second.status(G).orElseThrow().headSequence());
        }
    }

    @Test
    void aNewerSchemaVersionIsRefusedAndTheFileLeftAsItWas() throws Exception {
        fill(3, 10);
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 2");
        }
        byte[] before = Files.readAllBytes(db());
        StoreException e = refused(Failure.SCHEMA, () -> SqliteGroupStore.open(db()));
        assertTrue(e.getMessage().contains("schema version 2"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db()));
    }

    @Test
    void aForeignDatabaseIsRefused() throws Exception {
        try (Connection c = raw(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x INTEGER)");
        }
        byte[] before = Files.readAllBytes(db());
        StoreException e = refused(Failure.SCHEMA, () -> SqliteGroupStore.open(db()));
        assertTrue(e.getMessage().contains("not a gkm store"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db()));
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftAsItWas() throws Exception {
        byte[] junk = new byte[8192];
        new java.util.SplittableRandom(3).nextBytes(junk);
        Files.write(db(), junk);
        refused(Failure.STORAGE_CORRUPT, () -> SqliteGroupStore.open(db()));
        assertArrayEquals(junk, Files.readAllBytes(db()));
    }

    @Test
    void aCorruptedPageIsRefusedOnOpen() throws Exception {
        fill(300, 600);
        long pages = Files.size(db()) / 4096;
        assertTrue(pages > 20, "pages: " + pages);
        // overwrite the page in the middle of the file with garbage
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            byte[] garbage = new byte[4096];
            java.util.Arrays.fill(garbage, (byte) 0xA5);
            f.seek((pages / 2) * 4096);
            f.write(garbage);
        }
        byte[] before = Files.readAllBytes(db());
        StoreException e = refused(Failure.STORAGE_CORRUPT, () -> SqliteGroupStore.open(db()));
        assertTrue(e.getMessage().contains("integrity check") || e.getMessage().contains("malformed"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(db()));
    }

    @Test
    void aRecordDeletedFromTheMiddleIsAHoleNotAShorterHistory() throws Exception {
        fill(6, 10);
        try (Connection c = raw(); PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE sequence = ?")) {
            ps.setLong(1, 3);
            assertEquals(1, ps.executeUpdate());
        }
        try (SqliteGroupStore s = SqliteGroupStore.open(db())) {
            StoreException e = refused(Failure.RECORD_MISSING, () -> s.load(G));
            assertEquals(RecordKind.CHANGE, e.kind().orElseThrow());
            assertEquals(3, e.position());
            e = refused(Failure.RECORD_MISSING, () -> s.messagesSince(G, 1, 10));
            assertEquals(3, e.position());
            assertTrue(s.messagesSince(G, 3, 10) instanceof MessagesSince.Messages);
        }
    }
}
