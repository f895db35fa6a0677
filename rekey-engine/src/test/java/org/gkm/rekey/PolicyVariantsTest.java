package org.gkm.rekey;

import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SignatureAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * Every owner operation converges under each policy variant: both tree modes, degrees 2 and 8,
 * TEK changes by revision and by version, Ed25519 and ECDSA P-256 message signatures.
 */
class PolicyVariantsTest {
    static List<CryptoProvider> providers() {
        return TestProviders.all();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void ownerOperationsConvergeUnderEveryPolicy(CryptoProvider p) throws Exception {
        GroupPolicy base = GroupPolicy.defaults();
        GroupPolicy[] policies = {
            base,
            base.withTreeMode(GroupPolicy.TreeMode.HYBRID).withTekChange(GroupPolicy.TekChangeMode.VERSION),
            base.withDegree(2).withSignatureAlgorithm(SignatureAlgorithm.ECDSA_P256_SHA256_DER),
            base.withDegree(8).withTreeMode(GroupPolicy.TreeMode.HYBRID)
                    .withSignatureAlgorithm(SignatureAlgorithm.ECDSA_P256_SHA256_P1363),
        };
        for (GroupPolicy policy : policies) {
            TestGroup g = new TestGroup(p, policy, 10, 1);
            g.assertConverged();
            g.apply(g.gcks.leave(Requester.owner(), 3), List.of());
            g.assertConverged();
            for (int i = 0; i < 9; i++) { // fills the freed leaf, then splits leaves
                ClientKeys c = g.newClient();
                g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
                g.assertConverged();
            }
            List<ClientKeys> js = List.of(g.newClient(), g.newClient(), g.newClient());
            g.apply(g.gcks.batch(Requester.owner(), js, new int[] {0, 5, 11}), js);
            g.assertConverged();
            g.apply(g.gcks.changeTek(Requester.owner()), List.of());
            g.assertConverged();
            g.apply(g.gcks.batch(Requester.owner(), List.of(), new int[] {1, 2, 4, 6}), List.of());
            g.assertConverged();
        }
    }
}
