package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The leader a NOT_LEADER refusal names: what a replica writes reads back; anything else (no
 * leader, a name to resolve, a port out of range, a truncated or oversized detail) names none, so
 * the member tries its configured replicas instead of going where an unauthenticated frame says.
 */
class RefusalTest {
    @Test
    void aLeaderDetailReadsBack() {
        InetSocketAddress v4 = new InetSocketAddress("127.0.0.1", 7601);
        assertEquals(Optional.of(v4), Refusal.leaderIn(Refusal.notLeaderDetail(v4)));
        assertEquals("leader 127.0.0.1:7601", Refusal.notLeaderDetail(v4));
        InetSocketAddress v6 = new InetSocketAddress("::1", 7602);
        assertEquals(Optional.of(v6), Refusal.leaderIn(Refusal.notLeaderDetail(v6)));
        assertEquals(Optional.of(new InetSocketAddress("localhost", 80)), Refusal.leaderIn("leader localhost:80"));
        assertEquals(Refusal.NO_LEADER, Refusal.notLeaderDetail(null));
    }

    @Test
    void anythingElseNamesNoLeader() {
        for (String bad : new String[] {null, "", Refusal.NO_LEADER, "leader", "leader ", "leader 127.0.0.1",
                "leader 127.0.0.1:", "leader :7601", "leader 127.0.0.1:0", "leader 127.0.0.1:65536", "leader 127.0.0.1:-1",
                "leader 127.0.0.1:76x1", "leader evil.example:7601", "leader 127.0.0.1 :7601", "LEADER 127.0.0.1:7601",
                "leader 127.0.0.1:7601" + "0".repeat(70), "registration refused"}) {
            assertEquals(Optional.empty(), Refusal.leaderIn(bad), String.valueOf(bad));
        }
    }
}
