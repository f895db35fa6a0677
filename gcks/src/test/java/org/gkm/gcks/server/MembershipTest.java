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
