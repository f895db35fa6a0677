package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.junit.jupiter.api.Test;

/** The membership record: exact round trip, strict decoding, and its store (latest save wins across compaction). */
class MembershipTest {
    private static final EntityId A = EntityId.of("alice");
    private static final EntityId B = EntityId.of("bob");
    private static final EntityId C = EntityId.of("carol");

    private static Membership sample() {
        return new Membership(Map.of(A, 3, B, 7), Set.of(A), Map.of(A, 1L, B, 2L, C, 3L), 4, Set.of(C), 1_048_577);
    }

    @Test
    void roundTripsExactly() throws Exception {
        Membership m = sample();
        Membership back = Membership.decode(m.encode());
        assertEquals(m, back);
        assertArrayEquals(m.encode(), back.encode());
        assertEquals(Membership.empty(), Membership.decode(Membership.empty().encode()));
    }

    @Test
    void delegatedSubtreesRoundTripAndVersionOneStillDecodes() throws Exception {
        Membership m = new Membership(Map.of(), Set.of(), Map.of(), 1, Set.of(), 1,
                Map.of(0, new Membership.Subtree(0, 12, false), 5, new Membership.Subtree(3, 40, true)));
        Membership back = Membership.decode(m.encode());
        assertEquals(m, back);
        assertArrayEquals(m.encode(), back.encode());
        // version 1 (before subtrees): the same fields without the subtree table
        byte[] v2 = sample().encode();
        byte[] v1 = Arrays.copyOf(v2, v2.length - 4);
        v1[0] = 1;
        assertEquals(sample(), Membership.decode(v1));
        byte[] badFlag = m.encode();
        badFlag[badFlag.length - 1] = 2; // the last subtree's retired flag
        assertThrows(MalformedMessageException.class, () -> Membership.decode(badFlag));
        byte[] repeated = m.encode();
        // the second entry's subtree id (u32, 17 bytes after the first entry's) made the first's
        int second = repeated.length - 17;
        repeated[second + 3] = 0;
        assertThrows(MalformedMessageException.class, () -> Membership.decode(repeated));
    }

    @Test
    void malformedEncodingsAreRefused() {
        byte[] good = sample().encode();
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedMessageException.class, () -> Membership.decode(trailing));
        assertThrows(MalformedMessageException.class, () -> Membership.decode(Arrays.copyOf(good, good.length - 1)));
        byte[] version = good.clone();
        version[0] = 3;
        assertThrows(MalformedMessageException.class, () -> Membership.decode(version));
        // the confirmed flag of the first tree entry ("alice", 5 + 1 bytes, then the member id u32) set to 2
        byte[] flag = good.clone();
        flag[1 + 4 + 6 + 4] = 2;
        assertThrows(MalformedMessageException.class, () -> Membership.decode(flag));
        assertThrows(MalformedMessageException.class, () -> Membership.decode(new byte[0]));
    }

    @Test
    void theStoreGivesBackTheLatestSaveAcrossCompactions() throws Exception {
        try (GroupStore store = SealedGroupStore.open(new InMemoryGroupStore(), CryptoProviders.get("java"),
                SecretBytes.copyOf(new byte[32]))) {
            StoreMembership.Loaded none = StoreMembership.open(store, 9);
            assertEquals(java.util.Optional.empty(), none.membership());
            Membership last = null;
            for (int i = 1; i <= StoreMembership.COMPACT_EVERY * 2 + 3; i++) {
                last = new Membership(Map.of(A, i), Set.of(A), Map.of(A, 1L), 2, Set.of(), i);
                none.store().save(last);
            }
            StoreMembership.Loaded again = StoreMembership.open(store, 9);
            assertEquals(last, again.membership().orElseThrow());
            Membership next = Membership.empty();
            again.store().save(next);
            assertEquals(next, StoreMembership.open(store, 9).membership().orElseThrow());
        }
    }
}
