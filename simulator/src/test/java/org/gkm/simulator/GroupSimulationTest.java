package org.gkm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.rekey.GroupPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random churn through the whole engine: owner and member initiators,
 * single events and batches, TEK changes, missed messages with resync, on groups from 60 to 10^4
 * members. Every run must converge with no forward (departed coalition) or backward (joiner)
 * violation; the audits' ability to see violations is tested in {@code AuditTest}.
 */
class GroupSimulationTest {
    static List<CryptoProvider> providers() {
        List<CryptoProvider> out = new ArrayList<>();
        out.add(CryptoProviders.get(CryptoProviders.JAVA));
        for (CryptoSpi spi : CryptoProviders.discover()) {
            if (spi.name().equals(CryptoProviders.OPENSSL) && spi.availability().available()) {
                out.add(CryptoProviders.get(CryptoProviders.OPENSSL));
            }
        }
        return out;
    }

    static final GroupPolicy.TreeMode SYM = GroupPolicy.TreeMode.SYMMETRIC_ONLY;
    static final GroupPolicy.TreeMode HYB = GroupPolicy.TreeMode.HYBRID;

    static SimulationConfig[] configs(long seed) {
        return new SimulationConfig[] {
            new SimulationConfig(200, 200, 1, 1, 1, 4, SYM, Initiator.OWNER, seed, 200),
            new SimulationConfig(60, 80, 1, 1, 1, 3, HYB, Initiator.MIXED, seed + 1, 60),
            new SimulationConfig(150, 50, 2, 1, 1, 2, HYB, Initiator.MEMBER, seed + 2, 150),
            new SimulationConfig(200, 160, 1, 2, 8, 4, HYB, Initiator.MEMBER, seed + 3, 200),
            new SimulationConfig(2000, 640, 1, 1, 32, 8, HYB, Initiator.OWNER, seed + 4, 300),
            new SimulationConfig(10_000, 1280, 1, 1, 64, 4, SYM, Initiator.OWNER, seed + 5, 10_000),
            new SimulationConfig(500, 100, 1, 1, 1, 4, HYB, Initiator.MIXED, seed + 6, 500),
            new SimulationConfig(10_000, 300, 3, 1, 1, 4, SYM, Initiator.OWNER, seed + 7, 1_000),
        };
    }

    @ParameterizedTest
    @MethodSource("providers")
    void churnConvergesWithoutAccessViolations(CryptoProvider p) {
        long seed = Long.getLong("gkm.sim.seed", 20261122L);
        for (SimulationConfig c : configs(seed)) {
            long t0 = System.nanoTime();
            SimulationReport r = GroupSimulation.run(p, c, SimulationListener.none());
            String where = "seed " + c.seed() + ", " + c + " -> " + r;
            System.out.printf("%s %s B=%d d=%d %s: %d rekeys, %.1f s%n", p.name(), r.tree(), c.batch(), c.degree(),
                    c.initiator(), r.rekeys(), (System.nanoTime() - t0) / 1e9);
            assertTrue(r.converged(), where);
            assertEquals(0, r.forwardViolations(), where);
            assertEquals(0, r.backwardViolations(), where);
            int batches = (c.events() + c.batch() - 1) / c.batch();
            assertTrue(r.rekeys() >= batches, where);
            assertTrue(r.wraps() > 0 && r.multicastBytes() > 0 && r.verifiedMembers() > 0, where);
            if (c.initiator() != Initiator.OWNER && c.batch() == 1) {
                assertTrue(r.hpkeOps() > 0, "member-initiated operations use HPKE: " + where);
                assertTrue(r.memberRekeys() > 0, where);
            } else {
                assertEquals(0, r.memberRekeys(), "owner rekeys and member-requested batches: " + where);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void mixedInitiatorsWithBatchesRunMemberRekeysBetweenTheOwnersBatches(CryptoProvider p) {
        SimulationConfig c = new SimulationConfig(300, 120, 1, 1, 8, 4, HYB, Initiator.MIXED, 20261207L, 300);
        List<int[]> calls = new ArrayList<>();
        SimulationReport r = GroupSimulation.run(p, c, (done, total) -> calls.add(new int[] {done, total}));
        String where = c + " -> " + r;
        assertTrue(r.converged(), where);
        assertEquals(0, r.forwardViolations(), where);
        assertEquals(0, r.backwardViolations(), where);
        // each event is drawn owner or member with probability 1/2: member-initiated ones run singly
        // (HPKE to copath public keys where the initiator lacks the key), the owner's in batches of 8
        assertTrue(r.memberRekeys() > 20 && r.memberRekeys() < 100, where);
        assertTrue(r.hpkeOps() > 0, "member-initiated operations use HPKE: " + where);
        long ownerEvents = c.events() - r.memberRekeys();
        long ownerRekeys = r.rekeys() - r.tekChanges() - r.memberRekeys();
        assertTrue(ownerRekeys >= (ownerEvents + 7) / 8 && ownerRekeys <= (ownerEvents + 7) / 8 + 1,
                "the owner's events are batched 8 at a time: " + where);
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] >= calls.get(i - 1)[0], "progress never goes back");
        }
        assertEquals(c.events(), calls.get(calls.size() - 1)[0]);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void progressIsReportedUpToTheLastEvent(CryptoProvider p) {
        List<int[]> calls = new ArrayList<>();
        GroupSimulation.run(p, new SimulationConfig(50, 37, 1, 1, 5, 4, SYM, Initiator.OWNER, 1, 50),
                (done, total) -> calls.add(new int[] {done, total}));
        assertEquals(0, calls.get(0)[0]);
        assertEquals(37, calls.get(calls.size() - 1)[0]);
        assertEquals(37, calls.get(calls.size() - 1)[1]);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void memberInitiatorsNeedAHybridTree(CryptoProvider p) {
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 10, 1, 1, 1, 4, SYM, Initiator.MEMBER, 1, 10));
    }
}
