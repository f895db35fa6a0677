package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.DurableGroupBackend;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage faults: {@code gkm serve} on a data directory with a torn or edited record, a corrupted
 * database page, under a wrong master key, or without its key file refuses to start with an error
 * naming the cause, and leaves every byte of the data directory as it was (hashed before and after).
 */
class ServeStorageFaultTest {
    private static final byte[] MASTER = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            MASTER[i] = (byte) (3 * i + 5);
        }
    }

    @TempDir
    Path dir;
    private Path config;
    private final CryptoProvider p = CryptoProviders.get("java");

    private CliRun serve() {
        return CliRun.of("serve", "--config", config.toString(), "--provider", "java", "--stop-after-start");
    }

    /**
     * A data directory as a server left it: group 1 created, six joins committed to its key server,
     * and a restart that removed them again (they had no confirmed registration): 12 change records,
     * no snapshot since the first.
     */
    @BeforeEach
    void populate() throws Exception {
        ServeProcess.ownerOnly(dir.resolve("master.key"), MASTER);
        config = Files.writeString(dir.resolve("gkm.json"), """
                {"port": 0, "httpPort": 0, "dataDirectory": "data", "masterKeyFile": "master.key", "groups": [{"id": 1}]}
                """);
        CliRun first = serve();
        assertEquals(0, first.status(), first.err());
        try (GroupStore store = SealedGroupStore.open(SqliteGroupStore.open(db()), p, SecretBytes.copyOf(MASTER));
                DurableGroupBackend b = DurableGroupBackend.open(store, p, GroupId.of("gkmp-1"), SnapshotPolicy.every(1000))) {
            for (int i = 0; i < 6; i++) {
                b.join(ClientKeys.generate(EngineRandom.of(p), false));
            }
        }
        CliRun again = serve();
        assertEquals(0, again.status(), again.err());
        // the six tree members have no confirmed registration: the restart removes them (six leave rekeys)
        assertTrue(again.out().contains("group 1 opened at sequence 12, 0 member(s)"), again.out());
    }

    private Path db() {
        return dir.resolve("data").resolve("gkm.db");
    }

    /** Every file of the data directory with the SHA-256 of its bytes. */
    private Map<String, String> hashes() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    private void refusedNaming(String cause) throws Exception {
        Map<String, String> before = hashes();
        CliRun r = serve();
        assertEquals(1, r.status(), r.out());
        assertTrue(r.err().contains("refusing to start") && r.err().contains(cause), r.err());
        assertEquals(before, hashes(), "the data directory changed");
        System.out.println("refused as expected: " + r.err().strip());
    }

    /** Rewrites the stored payload of change record {@code sequence} with {@code edit}. */
    private void editRecord(long sequence, java.util.function.UnaryOperator<byte[]> edit) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db())) {
            byte[] payload;
            try (PreparedStatement st = c.prepareStatement("SELECT payload FROM records WHERE sequence = ? AND group_id = ?")) {
                st.setLong(1, sequence);
                st.setBytes(2, GroupId.of("gkmp-1").value());
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    assertTrue(rs.next(), "record " + sequence);
                    payload = rs.getBytes(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE records SET payload = ? WHERE sequence = ? AND group_id = ?")) {
                st.setBytes(1, edit.apply(payload));
                st.setLong(2, sequence);
                st.setBytes(3, GroupId.of("gkmp-1").value());
                assertEquals(1, st.executeUpdate());
            }
        }
    }

    @Test
    void theGkmpLogIsInTheStoreAndVerifiesOfflineAcrossRestarts() throws Exception {
        try (GroupStore store = SealedGroupStore.open(SqliteGroupStore.open(db()), p, SecretBytes.copyOf(MASTER));
                ServerKeys keys = ServerKeys.load(store, p).orElseThrow()) {
            java.util.List<org.gkm.gkmp.log.LogEntry> entries = org.gkm.gkmp.log.GroupStoreLog.read(store, ServeState.logId(1));
            assertTrue(entries.size() > 2, "the controller logged the group's creation at both starts: " + entries.size());
            long covered = org.gkm.gkmp.log.GroupStoreLog.verify(p,
                    new org.gkm.gkmp.pki.VerifyingKey(keys.controller().publicKey(), ServerKeys.ALGORITHM), store, ServeState.logId(1));
            // verify throws on a broken chain or a bad checkpoint signature; it returns what the last checkpoint covers
            assertTrue(covered >= 0 && covered <= entries.size(), "covered " + covered + " of " + entries.size());
        }
    }

    @Test
    void anEditedRecordRefusesToStart() throws Exception {
        // flip one byte inside the sealed payload of change record 3
        editRecord(3, b -> {
            b[20] ^= 1;
            return b;
        });
        refusedNaming("corrupted record");
    }

    @Test
    void aTornRecordRefusesToStart() throws Exception {
        // the last record cut short, as a write torn mid-row would leave it
        editRecord(6, b -> java.util.Arrays.copyOf(b, b.length / 2));
        refusedNaming("corrupted record");
    }

    @Test
    void aCorruptedDatabasePageRefusesToStart() throws Exception {
        long size = Files.size(db());
        try (RandomAccessFile f = new RandomAccessFile(db().toFile(), "rw")) {
            int pageSize = 4096;
            long page = Math.max(1, size / pageSize / 2);
            f.seek(page * pageSize);
            byte[] junk = new byte[pageSize];
            new java.util.Random(7).nextBytes(junk);
            f.write(junk);
        }
        refusedNaming("corrupt");
    }

    @Test
    void aWrongMasterKeyRefusesToStart() throws Exception {
        byte[] wrong = MASTER.clone();
        wrong[0] ^= 1;
        Files.delete(dir.resolve("master.key"));
        ServeProcess.ownerOnly(dir.resolve("master.key"), wrong);
        refusedNaming("wrong master key");
    }

    @Test
    void aMissingKeyFileRefusesToStart() throws Exception {
        Files.delete(dir.resolve("master.key"));
        refusedNaming("does not exist");
    }
}
