package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.rekey.store.StoredMessage;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.SnapshotPolicy;
import org.gkm.rekey.store.StoreException;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract for the durable backend, under the sealed barrier over the in-memory store
 * and over SQLite, and what only a durable backend does: a reopened group is the committed one.
 */
class DurableGroupBackendTest {
    private static final byte[] MASTER = new byte[32];

    static {
        for (int i = 0; i < MASTER.length; i++) {
            MASTER[i] = (byte) (i * 7 + 1);
        }
    }

    /** Shared by both stores: the store comes from {@link #store()}. */
    abstract static class DurableContract extends GroupBackendContract {
        GroupStore store;

        abstract GroupStore store() throws Exception;

        @Override
        GroupBackend open(CryptoProvider provider, GroupPolicy policy, GroupId group, int retained) throws Exception {
            store = store();
            // snapshots as often as retained asks, without compaction: the durable server compacts only at a
            // snapshot and then everything before it, so "keeps at least retained" holds only without it
            return DurableGroupBackend.create(store, provider, policy, group, 1, new SnapshotPolicy(retained, false));
        }

        @Override
        boolean compactsBeyondRetained() {
            return false;
        }

        @Test
        void aSnapshotWithCompactionAnswersCompactedPast() throws Exception {
            CryptoProvider p = CryptoProviders.get("java");
            GroupPolicy policy = GroupPolicy.defaults();
            store = store();
            try (DurableGroupBackend b = DurableGroupBackend.create(store, p, policy, GROUP, 1, SnapshotPolicy.every(3))) {
                b.join(ClientKeys.generate(EngineRandom.of(p), policy.hybrid()));
                for (int i = 0; i < 3; i++) {
                    b.changeTek();
                }
                assertEquals(3, b.snapshotSequence());
                assertEquals(3, assertInstanceOf(MessagesSince.CompactedPast.class, b.messagesSince(0, 10)).compactedThrough());
                assertEquals(List.of(4L), assertInstanceOf(MessagesSince.Messages.class, b.messagesSince(3, 10)).messages()
                        .stream().map(StoredMessage::sequence).toList());
            }
        }

        @AfterEach
        void closeStore() throws StoreException {
            if (store != null) {
                store.close();
            }
        }

        @Test
        void aReopenedGroupIsTheCommittedOne() throws Exception {
            CryptoProvider p = CryptoProviders.get("java");
            GroupPolicy policy = GroupPolicy.defaults();
            store = store();
            GroupBackend b = DurableGroupBackend.create(store, p, policy, GROUP, 1, SnapshotPolicy.every(3));
            for (int i = 0; i < 5; i++) {
                b.join(ClientKeys.generate(EngineRandom.of(p), policy.hybrid()));
            }
            b.leave(b.memberIds()[2]);
            byte[] fp = b.fingerprint();
            long seq = b.sequence();
            String tek = b.tekFingerprint();
            byte[] signing = b.signingPublicKey().encoded();
            b.close();
            try (DurableGroupBackend again = DurableGroupBackend.open(store, p, GROUP, SnapshotPolicy.every(3))) {
                assertArrayEquals(fp, again.fingerprint());
                assertEquals(seq, again.sequence());
                assertEquals(tek, again.tekFingerprint());
                assertArrayEquals(signing, again.signingPublicKey().encoded());
                assertEquals(seq + 1, again.changeTek().sequence());
            }
            assertEquals(StoreException.Failure.SEQUENCE_REPEAT, assertThrows(StoreException.class,
                    () -> DurableGroupBackend.create(store, p, policy, GROUP, 1, SnapshotPolicy.every(3))).failure());
        }
    }

    @Nested
    class OverSealedInMemory extends DurableContract {
        @Override
        GroupStore store() {
            return SealedGroupStore.open(new InMemoryGroupStore(), CryptoProviders.get("java"), SecretBytes.copyOf(MASTER));
        }
    }

    @Nested
    class OverSealedSqlite extends DurableContract {
        @TempDir
        Path dir;

        @Override
        GroupStore store() throws StoreException {
            return SealedGroupStore.open(SqliteGroupStore.open(dir.resolve("gkm.db")), CryptoProviders.get("java"),
                    SecretBytes.copyOf(MASTER));
        }
    }
}
