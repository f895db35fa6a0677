package org.gkm.bench.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The GCKS store benchmarks' set-up, at 10^3 members, on both gkm providers. */
class StoreBenchmarksTest {
    private static final int MEMBERS = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"openssl, symmetric", "openssl, hybrid", "java, symmetric", "java, hybrid"})
    void restoredServerReplaysTheRecordsToTheOriginalState(String provider, String tree) throws Exception {
        CryptoProvider p = CryptoProviders.get(provider);
        StoreBenchFixture.Gcks g = StoreBenchFixture.gcks(p, tree, 4, MEMBERS);
        long atSnapshot = g.server().sequence();
        StoreRestoreMeasurement.Written w = StoreRestoreMeasurement.write(g, MEMBERS, dir, 3);
        assertTrue(w.files().db() > w.snapshotBytes(), "the database holds the sealed snapshot: " + w.files());
        assertEquals(atSnapshot + 3, w.sequence(), "three leaves were stored after the snapshot");

        StoreRestoreMeasurement.Timing t = StoreRestoreMeasurement.restore(p, dir);
        try {
            assertArrayEquals(w.fingerprint(), t.restored().view().fingerprint());
            assertEquals(w.sequence(), t.restored().view().sequence(), "the records were replayed");
            StoreRestoreMeasurement.check(w, t.restored());
            assertTrue(t.open().nanos() > 0 && t.group().nanos() > 0);

            // the check the runner relies on refuses another state
            byte[] other = w.fingerprint().clone();
            other[0] ^= 1;
            StoreRestoreMeasurement.Written wrong = new StoreRestoreMeasurement.Written(w.members(), w.snapshotBytes(),
                    w.files(), other, w.sequence(), w.records());
            assertThrows(IllegalStateException.class, () -> StoreRestoreMeasurement.check(wrong, t.restored()));
        } finally {
            t.restored().close();
        }
    }

    @Test
    void freshJvmModesWriteThenRestoreAndCheck() throws Exception {
        Path store = dir.resolve("s");
        StoreRestoreMeasurement.main(new String[] {"write", store.toString(), "1000", "hybrid"});
        assertTrue(Files.size(store.resolve("gkm.db")) > 0);
        StoreRestoreMeasurement.main(new String[] {"restore", store.toString()});
        // another expected fingerprint: the restore refuses
        String[] expected = Files.readString(store.resolve("expected")).trim().split(" ");
        char flipped = expected[0].charAt(0) == '0' ? '1' : '0';
        Files.writeString(store.resolve("expected"), flipped + expected[0].substring(1) + " " + expected[1]);
        assertThrows(IllegalStateException.class,
                () -> StoreRestoreMeasurement.main(new String[] {"restore", store.toString()}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void changeSizesComeFromTheRekey(String provider) throws Exception {
        StoreBenchFixture.Gcks g = StoreBenchFixture.gcks(CryptoProviders.get(provider), "symmetric", 4, MEMBERS);
        SplittableRandom pick = new SplittableRandom(7);
        StoreBenchFixture.Measured one = StoreBenchFixture.removeMembers(g, 1, MEMBERS, pick);
        // 1000 leaves in a 4-ary tree: the leaver's path has 4 or 5 ancestors, each refreshed
        int refreshed = one.size().refreshedNodes();
        assertTrue(refreshed >= 4 && refreshed <= 5, "refreshed " + refreshed);
        // the record holds each refreshed node's new key and generation; the message wraps each new key at least once
        assertTrue(one.changeRecord().length >= refreshed * (32 + 4), "record of " + one.changeRecord().length + " B");
        assertTrue(one.sealedMessage().length >= refreshed * 40, "message of " + one.sealedMessage().length + " B");

        StoreBenchFixture.Measured ten = StoreBenchFixture.removeMembers(g, 10, MEMBERS, pick);
        assertEquals(10, ten.size().leavers());
        assertTrue(ten.size().refreshedNodes() > refreshed, "a batch of 10 leaves refreshes more nodes");
        assertTrue(ten.size().messageBytes() > one.size().messageBytes());
        assertTrue(ten.size().recordBytes() > one.size().recordBytes(), "the record holds every refreshed node");
        assertEquals(MEMBERS - 11, countMembers(g));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sealed", "plain"})
    void commitBenchmarkAppendsRecordsAndCleansUp(String store) throws Exception {
        StoreCommitBenchmark.Commit s = new StoreCommitBenchmark.Commit();
        s.provider = "openssl";
        s.members = MEMBERS;
        s.degree = 4;
        s.leavesPerRecord = 10;
        s.store = store;
        s.dir = dir.toString();
        s.setUp();
        Path storeDir = s.storeDir;
        StoreCommitBenchmark bench = new StoreCommitBenchmark();
        assertEquals(1, bench.commit(s));
        assertEquals(2, bench.commit(s));
        assertEquals(2, s.groupStore.status(StoreBenchFixture.STORE_GROUP).orElseThrow().headSequence());
        LoadedGroup loaded = s.groupStore.load(StoreBenchFixture.STORE_GROUP).orElseThrow();
        assertEquals(2, loaded.records().size());
        assertArrayEquals(s.payload, loaded.records().get(1).payload());
        assertArrayEquals(s.message, loaded.records().get(1).rekeyMessage());
        // sealed: the barrier encrypted the payload, the WAL does not hold it in the clear; plain: it does
        byte[] wal = Files.readAllBytes(storeDir.resolve("gkm.db-wal"));
        assertEquals(store.equals("plain"), contains(wal, Arrays.copyOf(s.payload, 64)), "payload in the clear");
        s.tearDown();
        assertFalse(Files.exists(storeDir), "the store directory is deleted");
    }

    @Test
    void fsyncBenchmarkWritesAndCleansUp() throws Exception {
        StoreCommitBenchmark.SyncFile s = new StoreCommitBenchmark.SyncFile();
        s.dir = dir.toString();
        s.setUp();
        Path fileDir = s.fileDir;
        StoreCommitBenchmark bench = new StoreCommitBenchmark();
        bench.fsync(s);
        bench.fsync(s);
        assertEquals(2 * 4096, Files.size(fileDir.resolve("sync")));
        s.tearDown();
        assertFalse(Files.exists(fileDir));
    }

    private static int countMembers(StoreBenchFixture.Gcks g) {
        int n = 0;
        for (int m = 0; m < MEMBERS; m++) {
            try {
                g.server().leafOf(m);
                n++;
            } catch (org.gkm.rekey.UnknownMemberException e) {
                // left
            }
        }
        return n;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
