package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** {@link HpkeSealed} is a value: equal when its bytes are, and its string shows lengths only. */
class HpkeSealedTest {
    @Test
    void equalityFollowsTheBytes() {
        HpkeSealed a = new HpkeSealed(new byte[] {1, 2}, new byte[] {3, 4, 5});
        HpkeSealed b = new HpkeSealed(new byte[] {1, 2}, new byte[] {3, 4, 5});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new HpkeSealed(new byte[] {1, 2}, new byte[] {3, 4, 6}));
        assertNotEquals(a, new HpkeSealed(new byte[] {1, 3}, new byte[] {3, 4, 5}));
        // the same bytes split differently between enc and ciphertext are another value
        assertNotEquals(a, new HpkeSealed(new byte[] {1}, new byte[] {2, 3, 4, 5}));
        assertFalse(a.equals(null));
    }

    @Test
    void toStringShowsLengthsNotBytes() {
        assertEquals("HpkeSealed[enc=2 bytes, ciphertext=3 bytes]",
                new HpkeSealed(new byte[] {1, 2}, new byte[] {3, 4, 5}).toString());
    }
}
