package org.gkm.gcks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code gkm member --server}: one address, or every replica's, comma-separated. */
class MemberCommandReplicasTest {
    @Test
    void aListOfReplicasKeepsItsOrder() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7400)), MemberCommand.replicas("127.0.0.1:7400"));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7402), new InetSocketAddress("127.0.0.1", 7400),
                new InetSocketAddress("::1", 7401)), MemberCommand.replicas("127.0.0.1:7402, 127.0.0.1:7400,[::1]:7401"));
    }

    @Test
    void aBadListIsRefusedNamingTheProblem() {
        for (String bad : List.of("", "127.0.0.1:7400,", ",127.0.0.1:7400", "127.0.0.1:7400,,127.0.0.1:7401", "127.0.0.1",
                "127.0.0.1:7400,127.0.0.1:0", "127.0.0.1:x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberCommand.replicas(bad), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), bad);
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> MemberCommand.replicas("127.0.0.1:7400,127.0.0.1:7400"));
        assertEquals("--server lists 127.0.0.1:7400 twice", twice.getMessage());
    }
}
