package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.rekey.audit.BackwardAudit;
import org.gkm.rekey.audit.ForwardAudit;
import org.gkm.rekey.message.RekeyMessage;
import org.junit.jupiter.api.Test;
import org.gkm.crypto.testing.TestProviders;

/**
 * The audits can fail: fed keys that DO open later (or earlier) messages they count violations;
 * fed the keys of genuinely departed members (or genuine joiners) they count none. Without this
 * the zero counts of the churn tests would prove nothing.
 */
class AuditTest {
    @Test
    void forwardAuditCountsWhatACoalitionCanOpen() throws Exception {
        for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
            TestGroup g = new TestGroup(TestProviders.java(), GroupPolicy.defaults().withTreeMode(mode), 30, 8);
            ForwardAudit genuine = new ForwardAudit(g.provider);
            ForwardAudit leaky = new ForwardAudit(g.provider);
            genuine.departed(g.gcks.memberKeys(5, InsecureSecretAccess.get()));
            genuine.departed(g.gcks.memberKeys(6, InsecureSecretAccess.get()));
            // a "departed" member that never left (member 7 stays): the audit must see it learn keys
            leaky.departed(g.gcks.memberKeys(7, InsecureSecretAccess.get()));
            Rekey r = g.apply(g.gcks.batch(Requester.owner(), List.of(), new int[] {5, 6}), List.of());
            genuine.observe(r.message(), g.gcks);
            leaky.observe(r.message(), g.gcks);
            for (int i = 0; i < 3; i++) {
                ClientKeys c = g.newClient();
                Rekey j = g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
                genuine.observe(j.message(), g.gcks);
                leaky.observe(j.message(), g.gcks);
                Rekey t = g.apply(g.gcks.changeTek(Requester.owner()), List.of());
                genuine.observe(t.message(), g.gcks);
                leaky.observe(t.message(), g.gcks);
            }
            assertEquals(0, genuine.violations(), "departed members learnt nothing");
            assertTrue(leaky.violations() > 0, "a current member's keys open the later messages");
        }
    }

    @Test
    void backwardAuditCountsEarlierKeysAJoinerCouldOpen() throws Exception {
        TestGroup g = new TestGroup(TestProviders.java(), GroupPolicy.defaults(), 20, 9);
        BackwardAudit audit = new BackwardAudit(g.provider, 8);
        MemberKeyState.HeldKeys oldKeys = g.gcks.memberKeys(3, InsecureSecretAccess.get());
        byte[] tekBefore = g.gcks.tek().toByteArray(InsecureSecretAccess.get());
        RekeyMessage leave = g.apply(g.gcks.leave(Requester.owner(), 1), List.of()).message();
        audit.record(leave, tekBefore);
        ClientKeys c = g.newClient();
        Rekey join = g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
        int joiner = join.plan().joiners()[0];
        assertEquals(0, audit.checkJoiner(g.gcks.memberKeys(joiner, InsecureSecretAccess.get())), "a real joiner opens nothing earlier");
        // keys that existed before the leave do open it: counted
        assertTrue(audit.checkJoiner(oldKeys) > 0);
    }
}
