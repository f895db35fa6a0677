package org.gkm.simulator.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Labels;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.Gkma;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyContent;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.MessageType;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.TekId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * The audits can fail: fed keys that DO open later (or earlier) messages they count violations;
 * fed the keys of genuinely departed members (or genuine joiners) they count none. Without this
 * the zero counts of the churn tests would prove nothing. The pool opens what is wrapped under the
 * AES-KW sub-key of a key it holds, and also what would be wrapped under the key itself. Both
 * providers.
 */
class AuditTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void forwardAuditCountsWhatACoalitionCanOpen(CryptoProvider p) throws Exception {
        for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
            AuditGroup g = new AuditGroup(p, GroupPolicy.defaults().withTreeMode(mode), 30, 8);
            ForwardAudit genuine = new ForwardAudit(g.provider);
            ForwardAudit leaky = new ForwardAudit(g.provider);
            genuine.departed(g.gcks.memberKeys(5, InsecureSecretAccess.get()));
            genuine.departed(g.gcks.memberKeys(6, InsecureSecretAccess.get()));
            // a "departed" member that never left (member 7 stays): the audit must see it learn keys
            leaky.departed(g.gcks.memberKeys(7, InsecureSecretAccess.get()));
            Rekey r = g.gcks.batch(Requester.owner(), List.of(), new int[] {5, 6});
            genuine.observe(r.message(), g.gcks);
            leaky.observe(r.message(), g.gcks);
            for (int i = 0; i < 3; i++) {
                ClientKeys c = g.newClient();
                Rekey j = g.gcks.join(Requester.owner(), c);
                genuine.observe(j.message(), g.gcks);
                leaky.observe(j.message(), g.gcks);
                Rekey t = g.gcks.changeTek(Requester.owner());
                genuine.observe(t.message(), g.gcks);
                leaky.observe(t.message(), g.gcks);
            }
            assertEquals(0, genuine.violations(), "departed members learnt nothing");
            assertTrue(leaky.violations() > 0, "a current member's keys open the later messages");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void backwardAuditCountsEarlierKeysAJoinerCouldOpen(CryptoProvider p) throws Exception {
        AuditGroup g = new AuditGroup(p, GroupPolicy.defaults(), 20, 9);
        BackwardAudit audit = new BackwardAudit(g.provider, 8);
        MemberKeyState.HeldKeys oldKeys = g.gcks.memberKeys(3, InsecureSecretAccess.get());
        byte[] tekBefore = g.gcks.tek().toByteArray(InsecureSecretAccess.get());
        RekeyMessage leave = g.gcks.leave(Requester.owner(), 1).message();
        audit.record(leave, tekBefore);
        ClientKeys c = g.newClient();
        Rekey join = g.gcks.join(Requester.owner(), c);
        int joiner = join.plan().joiners()[0];
        assertEquals(0, audit.checkJoiner(g.gcks.memberKeys(joiner, InsecureSecretAccess.get())), "a real joiner opens nothing earlier");
        // keys that existed before the leave do open it: counted
        assertTrue(audit.checkJoiner(oldKeys) > 0);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void thePoolOpensEntriesUnderSubKeysOfItsKeysAndUnderMisusedRawKeys(CryptoProvider p) throws Exception {
        SeededRandom r = new SeededRandom(10);
        byte[] held = new byte[4 * 32]; // node keys of (1, 0), (5, 0), (6, 0) and a TEK
        r.fill(held, 0, held.length);
        byte[] secrets = new byte[3 * 32];
        r.fill(secrets, 0, secrets.length);
        byte[] k1 = java.util.Arrays.copyOfRange(held, 0, 32);
        byte[] k5 = java.util.Arrays.copyOfRange(held, 32, 64);
        byte[] k6 = java.util.Arrays.copyOfRange(held, 64, 96);
        List<KeyEntry> entries = List.of(
                // as the engine wraps: under the sub-key
                entry(p, new KeyRef(0, 1), new KeyRef(1, 0), Labels.nodeKek(p, k1), secrets, 0),
                // a key misused as a KEK: whoever holds it opens the entry, and so must the audit
                entry(p, new KeyRef(1, 1), new KeyRef(5, 0), k5, secrets, 32),
                // under a key the pool does not hold (the sub-key of a key it does hold is no key of its own)
                entry(p, new KeyRef(2, 1), new KeyRef(7, 0), Labels.nodeKek(p, k6), secrets, 64));
        RekeyMessage m = new RekeyMessage(GroupId.of("audit"), 1, 1, MessageType.LEAVE_REKEY, new TekId(1, 0), Gkma.lkh(4),
                GroupKeyServer.GCKS_SENDER, List.of(), entries, List.of());
        KeyPool pool = new KeyPool(p);
        pool.absorb(new MemberKeyState.HeldKeys(new int[] {1, 5, 6}, new int[] {0, 0, 0},
                java.util.Arrays.copyOf(held, 96), null, null, java.util.Arrays.copyOfRange(held, 96, 128), new TekId(1, 0)));
        assertEquals(2, pool.learn(m), "the entries under the sub-key of (1, 0) and the raw key of (5, 0)");
        assertEquals(0, pool.learn(m), "nothing more to learn");
    }

    private static KeyEntry entry(CryptoProvider p, KeyRef target, KeyRef under, byte[] kek, byte[] secrets, int off)
            throws Exception {
        byte[] ct = p.keyWrap().wrap(org.gkm.crypto.KeyWrapAlgorithm.AES_KW, org.gkm.crypto.SecretBytes.copyOf(kek),
                java.util.Arrays.copyOfRange(secrets, off, off + 32));
        return KeyEntry.symmetric(target, KeyContent.NODE_KEY, 3600, under, ct);
    }
}
