package org.gkm.rekey;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void basic() throws Exception {
        for (GroupPolicy.TreeMode mode : GroupPolicy.TreeMode.values()) {
            TestGroup g = new TestGroup(Providers.java(), GroupPolicy.defaults().withTreeMode(mode), 10, 1);
            g.assertConverged();
            g.apply(g.gcks.leave(Requester.owner(), 3), List.of());
            g.assertConverged();
            ClientKeys c = g.newClient();
            g.apply(g.gcks.join(Requester.owner(), c), List.of(c));
            g.assertConverged();
            for (int i = 0; i < 8; i++) {
                ClientKeys c2 = g.newClient();
                g.apply(g.gcks.join(Requester.owner(), c2), List.of(c2));
                g.assertConverged();
            }
            List<ClientKeys> js = List.of(g.newClient(), g.newClient(), g.newClient());
            g.apply(g.gcks.batch(Requester.owner(), js, new int[] {0, 5, 11}), js);
            g.assertConverged();
            g.apply(g.gcks.changeTek(Requester.owner()), List.of());
            g.assertConverged();
        }
    }
}
