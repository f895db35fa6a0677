package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.log.InMemoryLogStore;
import org.gkm.gkmp.log.LogStore;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.VerifyingKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/** The group management log (RFC 2093 sec. 5.9): verification detects every edit, removal, reordering and forged checkpoint. */
class GroupLogTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    record Log(CryptoProvider p, VerifyingKey key, SigningKey sk, GroupLog log) {}

    static Log log(String provider, int records) {
        CryptoProvider p = TestProviders.get(provider);
        KeyPair kp = p.keys().generate(SignatureAlgorithm.ED25519.keyType());
        SigningKey sk = new SigningKey(kp.privateKey(), SignatureAlgorithm.ED25519);
        GroupLog log = new GroupLog(p, World.GC, sk, 3);
        for (int i = 0; i < records; i++) {
            log.append(1000 + i, World.GC, World.G1, "MEMBER_CONFIRMED", "m" + i);
        }
        log.checkpoint(5000);
        return new Log(p, new VerifyingKey(kp.publicKey(), SignatureAlgorithm.ED25519), sk, log);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void intactLogVerifiesAndIsPeriodicallySigned(String provider) throws Exception {
        Log l = log(provider, 10);
        List<LogEntry> e = l.log().entries();
        assertEquals(e.size(), GroupLog.verify(l.p(), l.key(), e));
        assertEquals(4, e.stream().filter(LogEntry::isCheckpoint).count(), "a checkpoint after every 3 records and one on demand");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void everyEditRemovalAndReorderIsDetected(String provider) throws Exception {
        Log l = log(provider, 10);
        List<LogEntry> e = l.log().entries();
        for (int i = 0; i < e.size(); i++) {
            List<LogEntry> edited = new ArrayList<>(e);
            edited.set(i, e.get(i).withDetail(e.get(i).detail() + "x"));
            LogVerificationException x = assertThrows(LogVerificationException.class, () -> GroupLog.verify(l.p(), l.key(), edited));
            assertEquals(i, x.index(), "edit of record " + i);
            assertEquals(GkmpException.Reason.LOG_INVALID, x.reason());

            List<LogEntry> removed = new ArrayList<>(e);
            removed.remove(i);
            if (i < e.size() - 1) {
                assertThrows(LogVerificationException.class, () -> GroupLog.verify(l.p(), l.key(), removed), "removal of " + i);
            } else {
                // Removing the last record leaves a shorter valid prefix: only the signed length reveals it.
                assertTrue(GroupLog.verify(l.p(), l.key(), removed) < e.size());
            }
            if (i + 1 < e.size()) {
                List<LogEntry> swapped = new ArrayList<>(e);
                Collections.swap(swapped, i, i + 1);
                assertThrows(LogVerificationException.class, () -> GroupLog.verify(l.p(), l.key(), swapped), "swap at " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aRebuiltChainWithoutTheOwnersKeyFailsAtTheFirstCheckpoint(String provider) throws Exception {
        Log l = log(provider, 5);
        // An attacker rebuilds the whole chain with edited content and its own key.
        KeyPair other = l.p().keys().generate(SignatureAlgorithm.ED25519.keyType());
        GroupLog forged = new GroupLog(l.p(), World.GC, new SigningKey(other.privateKey(), SignatureAlgorithm.ED25519), 3);
        for (int i = 0; i < 5; i++) {
            forged.append(1000 + i, World.GC, World.G1, "MEMBER_CONFIRMED", "forged" + i);
        }
        LogVerificationException x = assertThrows(LogVerificationException.class,
                () -> GroupLog.verify(l.p(), l.key(), forged.entries()));
        assertTrue(x.getMessage().contains("checkpoint"), x.getMessage());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void atMostNRecordsStayInMemoryAndTheStoreContinuesTheChain(String provider) throws Exception {
        Log l = log(provider, 0);
        InMemoryLogStore store = new InMemoryLogStore(100_000);
        GroupLog log = new GroupLog(l.p(), World.GC, l.sk(), 3, store, 16);
        for (int i = 0; i < 10_000; i++) {
            log.append(1000 + i, World.GC, World.G1, "MEMBER_CONFIRMED", "m" + i);
            assertTrue(log.size() <= 16, "in memory: " + log.size());
        }
        assertEquals(log.length(), store.received() + log.size());
        List<LogEntry> all = new ArrayList<>(store.records());
        all.addAll(log.entries());
        assertTrue(GroupLog.verify(l.p(), l.key(), all) > 13_000, "checkpoints cover the chain across store and memory");
        // the records in memory verify on their own, anchored on the store's last record
        LogEntry last = store.records().get(store.records().size() - 1);
        GroupLog.verify(l.p(), l.key(), log.entries(), last.seq() + 1, last.hash());
        List<LogEntry> gap = new ArrayList<>(all);
        gap.remove(all.size() - 20);
        assertThrows(LogVerificationException.class, () -> GroupLog.verify(l.p(), l.key(), gap));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aBoundedStoreDropsTheOldestAndAFailingStoreLosesNothing(String provider) throws Exception {
        Log l = log(provider, 0);
        InMemoryLogStore small = new InMemoryLogStore(100);
        boolean[] failing = {false};
        LogStore flaky = records -> {
            if (failing[0]) {
                throw new IllegalStateException("store offline");
            }
            small.append(records);
        };
        GroupLog log = new GroupLog(l.p(), World.GC, l.sk(), 3, flaky, 8);
        for (int i = 0; i < 1000; i++) {
            log.append(i, World.GC, World.G1, "MEMBER_CONFIRMED", "m" + i);
        }
        assertEquals(100, small.records().size());
        assertEquals(small.received() - 100, small.dropped());
        List<LogEntry> kept = new ArrayList<>(small.records());
        kept.addAll(log.entries());
        GroupLog.verify(l.p(), l.key(), kept, kept.get(0).seq(), kept.get(0).prevHash());
        // the store fails: records stay in memory (the bound waits for the store), nothing is lost
        failing[0] = true;
        long before = log.length();
        for (int i = 0; i < 10; i++) {
            try {
                log.append(2000 + i, World.GC, World.G1, "MEMBER_CONFIRMED", "x" + i);
            } catch (IllegalStateException e) {
                assertEquals("store offline", e.getMessage());
            }
        }
        assertTrue(log.length() >= before + 10);
        failing[0] = false;
        log.append(3000, World.GC, World.G1, "MEMBER_CONFIRMED", "back");
        assertTrue(log.size() <= 8);
        List<LogEntry> after = new ArrayList<>(small.records());
        after.addAll(log.entries());
        GroupLog.verify(l.p(), l.key(), after, after.get(0).seq(), after.get(0).prevHash());
        assertEquals(log.length(), after.get(after.size() - 1).seq() + 1);
    }
}
