package org.gkm.gkmp;

import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.gkmp.engine.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tree path source that defers a member's path (a GCKS committing joins as one batch): the
 * exchange waits after Negotiate_Session_Keys_2, Download_Grp_Keys leaves only when the owner
 * delivers the path, and a refused path ends the exchange without keys. Both providers.
 */
class DeferredTreePathTest {
    static List<String> providers() {
        return TestProviders.names();
    }

    private static World world(String provider) {
        World w = new World(TestProviders.get(provider));
        w.treePaths.put(GC, (g, m) -> m.equals(M4) ? null : new byte[0]);
        w.start();
        w.createG1();
        w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
        w.net.run();
        return w;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aDeferredPathIsDownloadedWhenDelivered(String provider) throws Exception {
        World w = world(provider);
        assertEquals(List.of(new Event.PathDeferred(G1, M4)), w.net.events(GC, Event.PathDeferred.class));
        assertTrue(w.node(GC).awaitsPath(G1, M4));
        assertNull(w.node(M4).keyFingerprint(G1), "no keys before the path is delivered");
        assertTrue(w.net.events(GC, Event.MemberConfirmed.class).stream().noneMatch(e -> e.member().equals(M4)));

        byte[] path = {1, 2, 3, 4, 5};
        w.net.post(GC, w.node(GC).deliverPath(G1, M4, path.clone(), w.net.now));
        w.net.run();
        assertFalse(w.node(GC).awaitsPath(G1, M4));
        w.assertHolds(G1, GC, M4);
        List<Event.TreePathReceived> got = w.net.events(M4, Event.TreePathReceived.class);
        assertEquals(1, got.size());
        assertArrayEquals(path, got.get(0).path().toByteArray(InsecureSecretAccess.get()));
        assertTrue(w.net.events(GC, Event.MemberConfirmed.class).stream().anyMatch(e -> e.member().equals(M4)));
        // delivered once: a second delivery finds no waiting exchange
        assertThrows(IllegalStateException.class, () -> w.node(GC).deliverPath(G1, M4, new byte[1], w.net.now));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aRefusedPathEndsTheExchangeWithoutKeys(String provider) throws Exception {
        World w = world(provider);
        assertTrue(w.node(GC).awaitsPath(G1, M4));
        var r = w.node(GC).refusePath(G1, M4, "the key server could not commit the join", w.net.now);
        assertEquals(1, r.reports().size());
        assertEquals(Check.JOIN_NOT_AVAILABLE, r.reports().get(0).check());
        assertFalse(w.node(GC).awaitsPath(G1, M4));
        assertThrows(IllegalStateException.class, () -> w.node(GC).deliverPath(G1, M4, new byte[1], w.net.now));
        assertNull(w.node(M4).keyFingerprint(G1));
        // refusing again changes nothing
        assertTrue(w.node(GC).refusePath(G1, M4, "again", w.net.now).reports().isEmpty());
    }
}
