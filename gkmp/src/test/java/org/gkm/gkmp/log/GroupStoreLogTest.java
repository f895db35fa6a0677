package org.gkm.gkmp.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.VerifyingKey;
import org.gkm.rekey.store.AuditEntry;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.store.sqlite.SqliteGroupStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The group management log persisted in a GCKS's group store: every record reaches the store's
 * audit entries (sealed under the barrier), reads back equal and verifies offline; a restarted log
 * continues the stored chain; an edited stored record fails verification at its index, a
 * truncated one fails to decode, a wrong master key fails to open; a store failure surfaces typed
 * and the records reach the store at the next flush. Also through SQLite.
 */
class GroupStoreLogTest {
    private static final EntityId GC = EntityId.of("gc");
    private static final GkmpGroupId G = new GkmpGroupId(7);
    private static final StoreGroupId LOG = StoreGroupId.of("group-7");

    @TempDir
    Path dir;

    static List<String> providers() {
        return TestProviders.names();
    }

    private record Owner(CryptoProvider p, SigningKey sk, VerifyingKey vk) {
    }

    private static Owner owner(String provider) {
        CryptoProvider p = TestProviders.get(provider);
        KeyPair kp = p.keys().generate(SignatureAlgorithm.ED25519.keyType());
        return new Owner(p, new SigningKey(kp.privateKey(), SignatureAlgorithm.ED25519),
                new VerifyingKey(kp.publicKey(), SignatureAlgorithm.ED25519));
    }

    private static SecretBytes master(int seed) {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        Arrays.fill(k, (byte) seed);
        return SecretBytes.copyOf(k);
    }

    private static GroupLog log(Owner o, GroupStoreLog stored) {
        return new GroupLog(o.p(), GC, o.sk(), 3, stored, 1, stored.nextSeq(), stored.lastHash());
    }

    private static void write(GroupLog log, int from, int n) {
        for (int i = from; i < from + n; i++) {
            log.append(1000 + i, GC, G, "MEMBER_CONFIRMED", "member " + i);
            log.flush();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void logPersistsVerifiesOfflineAndContinuesAfterRestart(String provider) throws Exception {
        Owner o = owner(provider);
        InMemoryGroupStore rows = new InMemoryGroupStore();
        GroupStore store = SealedGroupStore.open(rows, o.p(), master(1));
        GroupLog log = log(o, GroupStoreLog.open(store, LOG));
        write(log, 0, 10);
        log.checkpoint(5000);
        log.flush();
        List<LogEntry> stored = GroupStoreLog.read(store, LOG);
        assertEquals(14, stored.size(), "10 records, 3 periodic checkpoints and one on demand");
        assertEquals(14, GroupStoreLog.verify(o.p(), o.vk(), store, LOG));

        // a restarted GCKS continues the stored chain
        GroupStoreLog reopened = GroupStoreLog.open(store, LOG);
        assertEquals(14, reopened.nextSeq());
        assertArrayEquals(stored.get(13).hash(), reopened.lastHash());
        GroupLog again = log(o, reopened);
        write(again, 10, 4);
        again.checkpoint(6000);
        again.flush();
        List<LogEntry> all = GroupStoreLog.read(store, LOG);
        assertEquals(all.size(), GroupStoreLog.verify(o.p(), o.vk(), store, LOG));
        for (int i = 0; i < stored.size(); i++) {
            assertArrayEquals(GroupStoreLog.encode(stored.get(i)), GroupStoreLog.encode(all.get(i)));
        }

        // a wrong master key does not open the entries
        StoreException wrong = assertThrows(StoreException.class,
                () -> GroupStoreLog.read(SealedGroupStore.open(rows, o.p(), master(2)), LOG));
        assertEquals(StoreException.Failure.WRONG_MASTER_KEY, wrong.failure(), wrong.getMessage());
        // the rows under the barrier are not the log in the clear
        assertThrows(MalformedMessageException.class, () -> GroupStoreLog.read(rows, LOG));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void editedOrTruncatedStoredRecordsAreCaught(String provider) throws Exception {
        Owner o = owner(provider);
        InMemoryGroupStore store = new InMemoryGroupStore();
        GroupLog log = log(o, GroupStoreLog.open(store, LOG));
        write(log, 0, 8);
        log.checkpoint(5000);
        log.flush();
        List<AuditEntry> rows = store.audit(LOG, 0, 100);
        for (int at : new int[] {0, 4, 9}) {
            InMemoryGroupStore forged = new InMemoryGroupStore();
            for (AuditEntry a : rows) {
                byte[] b = a.entry();
                if (a.index() == at) {
                    LogEntry e = GroupStoreLog.decode(b);
                    b = GroupStoreLog.encode(e.withDetail(e.detail() + "!"));
                }
                forged.appendAudit(new AuditEntry(LOG, a.index(), b));
            }
            LogVerificationException x = assertThrows(LogVerificationException.class,
                    () -> GroupStoreLog.verify(o.p(), o.vk(), forged, LOG));
            assertEquals(at, x.index());
        }
        InMemoryGroupStore truncated = new InMemoryGroupStore();
        for (AuditEntry a : rows) {
            byte[] b = a.entry();
            truncated.appendAudit(new AuditEntry(LOG, a.index(), a.index() == 3 ? Arrays.copyOf(b, b.length - 1) : b));
        }
        assertThrows(MalformedMessageException.class, () -> GroupStoreLog.verify(o.p(), o.vk(), truncated, LOG));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aStoreFailureIsTypedAndTheRecordsArriveAtTheNextFlush(String provider) throws Exception {
        Owner o = owner(provider);
        InMemoryGroupStore rows = new InMemoryGroupStore();
        int[] failNext = {0};
        GroupStore flaky = (GroupStore) Proxy.newProxyInstance(GroupStore.class.getClassLoader(),
                new Class<?>[] {GroupStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("appendAudit") && failNext[0] > 0) {
                        failNext[0]--;
                        throw new StoreException(StoreException.Failure.IO, "injected");
                    }
                    try {
                        return m.invoke(rows, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        GroupLog log = new GroupLog(o.p(), GC, o.sk(), 100, GroupStoreLog.open(flaky, LOG), 100);
        write(log, 0, 3);
        log.append(2000, GC, G, "MEMBER_CONFIRMED", "x");
        log.append(2001, GC, G, "MEMBER_CONFIRMED", "y");
        failNext[0] = 1;
        StoredLogException e = assertThrows(StoredLogException.class, log::flush);
        assertEquals(StoreException.Failure.IO, e.storeFailure().failure());
        assertEquals(3, GroupStoreLog.read(rows, LOG).size(), "nothing of the failed flush was stored");
        assertEquals(2, log.size(), "the log keeps the records");
        write(log, 3, 1);
        log.checkpoint(3000);
        log.flush();
        assertEquals(7, GroupStoreLog.verify(o.p(), o.vk(), rows, LOG));
    }

    /**
     * A store whose batch append is the interface's default (one entry per transaction, not atomic)
     * fails on the second entry of a flush: the first stays stored, and the next flush stores the
     * rest once (before: the retry sent the stored entry again and was refused every time).
     */
    @ParameterizedTest
    @MethodSource("providers")
    void aFlushThatAStoreKeptPartOfIsCompletedByTheNextFlush(String provider) throws Exception {
        Owner o = owner(provider);
        InMemoryGroupStore rows = new InMemoryGroupStore();
        int[] singles = {0};
        int[] failAt = {-1};
        GroupStore notAtomic = (GroupStore) Proxy.newProxyInstance(GroupStore.class.getClassLoader(),
                new Class<?>[] {GroupStore.class}, (proxy, m, args) -> {
                    if (m.getName().equals("appendAudit") && args[0] instanceof java.util.List) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args); // one by one, through here
                    }
                    if (m.getName().equals("appendAudit") && ++singles[0] == failAt[0]) {
                        throw new StoreException(StoreException.Failure.IO, "injected");
                    }
                    try {
                        return m.invoke(rows, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        GroupLog log = new GroupLog(o.p(), GC, o.sk(), 100, GroupStoreLog.open(notAtomic, LOG), 100);
        write(log, 0, 2);
        log.append(2000, GC, G, "MEMBER_CONFIRMED", "x");
        log.append(2001, GC, G, "MEMBER_CONFIRMED", "y");
        log.append(2002, GC, G, "MEMBER_CONFIRMED", "z");
        failAt[0] = singles[0] + 2; // the flush's second entry fails, after its first was stored
        assertThrows(StoredLogException.class, log::flush);
        assertEquals(3, GroupStoreLog.read(rows, LOG).size(), "the store kept the first entry of the failed flush");
        log.checkpoint(3000);
        log.flush();
        assertEquals(6, GroupStoreLog.verify(o.p(), o.vk(), rows, LOG), "every record stored once, the chain whole");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sqliteRoundTrip(String provider) throws Exception {
        Owner o = owner(provider);
        Path db = dir.resolve(provider + ".db");
        try (GroupStore store = SealedGroupStore.open(SqliteGroupStore.open(db), o.p(), master(3))) {
            GroupLog log = log(o, GroupStoreLog.open(store, LOG));
            write(log, 0, 7);
            log.checkpoint(4000);
            log.flush();
        }
        try (GroupStore store = SealedGroupStore.open(SqliteGroupStore.open(db), o.p(), master(3))) {
            assertEquals(10, GroupStoreLog.verify(o.p(), o.vk(), store, LOG));
            GroupLog log = log(o, GroupStoreLog.open(store, LOG));
            write(log, 7, 2);
            log.checkpoint(5000);
            log.flush();
            assertEquals(13, GroupStoreLog.verify(o.p(), o.vk(), store, LOG));
        }
    }
}
