package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.LogVerificationException;
import org.gkm.gkmp.log.GroupLog;
import org.gkm.gkmp.log.GroupStoreLog;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.pki.SigningKey;
import org.gkm.gkmp.pki.VerifyingKey;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.StoreGroupId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole GKMP log of a durable group for the audit export: the stored chain from record 0, then
 * the records a failed flush left in memory, each record once; records stored after the export's
 * point are left out; a hole stays visible to verification.
 */
class AuditTrailTest {
    private static final EntityId GC = EntityId.of("gcks");
    private static final GkmpGroupId G = new GkmpGroupId(7);

    private static List<String> hashes(List<LogEntry> log) {
        return log.stream().map(e -> HexFormat.of().formatHex(e.hash())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void theStoredChainThenTheRecordsInMemoryEachOnce(String provider) throws Exception {
        CryptoProvider p = CryptoProviders.get(provider);
        KeyPair kp = p.keys().generate(SignatureAlgorithm.ED25519.keyType());
        VerifyingKey vk = new VerifyingKey(kp.publicKey(), SignatureAlgorithm.ED25519);
        InMemoryGroupStore store = new InMemoryGroupStore();
        GroupStoreLog stored = GroupStoreLog.open(store, StoreGroupId.of("gkm-serve/log/7"));
        GroupLog log = new GroupLog(p, GC, new SigningKey(kp.privateKey(), SignatureAlgorithm.ED25519), 4, stored, 1000, 0,
                new byte[32]);
        for (int i = 0; i < 6; i++) {
            log.append(1000 + i, GC, G, "MEMBER_CONFIRMED", "member " + i);
            log.flush();
        }
        List<LogEntry> inStore = stored.readStored();
        for (int i = 6; i < 9; i++) {
            log.append(1000 + i, GC, G, "MEMBER_CONFIRMED", "member " + i); // not flushed: as after a failed flush
        }
        log.checkpoint(2000);
        List<LogEntry> memory = log.entries();
        long end = log.length();

        List<LogEntry> whole = AuditTrail.whole(G, stored, end, memory);
        assertEquals(end, whole.size());
        assertEquals(0, whole.get(0).seq());
        assertEquals(end, GroupLog.verify(p, vk, whole), "every record, covered by the closing checkpoint");

        // a batch that failed part-way: the log hands back records the store holds already
        List<LogEntry> overlapping = new ArrayList<>(inStore.subList(inStore.size() - 3, inStore.size()));
        overlapping.addAll(memory);
        assertEquals(hashes(whole), hashes(AuditTrail.whole(G, stored, end, overlapping)));

        // records stored after the export's point are not part of it
        log.flush();
        log.append(3000, GC, G, "MEMBER_LEFT", "later");
        log.flush();
        assertEquals(hashes(whole), hashes(AuditTrail.whole(G, stored, end, List.of())));

        // in-memory records past a hole are kept, so verification names the gap
        List<LogEntry> gap = AuditTrail.whole(G, GroupStoreLog.open(new InMemoryGroupStore(), StoreGroupId.of("empty")), end,
                memory);
        LogVerificationException e = assertThrows(LogVerificationException.class, () -> GroupLog.verify(p, vk, gap));
        assertEquals(0, e.index());
    }
}
