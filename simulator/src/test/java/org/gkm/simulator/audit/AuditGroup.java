package org.gkm.simulator.audit;

import org.gkm.crypto.CryptoProvider;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;

/**
 * Test fixture of the audit tests: a GCKS over a seeded random and fresh joiners' client keys. The
 * audits read what a party holds from the GCKS and the rekey messages from its rekeys, so no member
 * state is kept here (rekey-engine's own tests check delivery to members).
 */
final class AuditGroup {
    static final GroupId GROUP = GroupId.of("audit-group");
    final CryptoProvider provider;
    final GroupPolicy policy;
    final SeededRandom random;
    final GroupKeyServer gcks;

    AuditGroup(CryptoProvider provider, GroupPolicy policy, int n, long seed) {
        this.provider = provider;
        this.policy = policy;
        this.random = new SeededRandom(seed);
        this.gcks = GroupKeyServer.create(provider, policy, GROUP, random, n, 7);
    }

    ClientKeys newClient() {
        return ClientKeys.generate(random, policy.hybrid());
    }
}
