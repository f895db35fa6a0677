package org.gkm.rekey.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire-encoded entry block the GCKS builds: same list, same bytes as ordinary entries; headers checked. */
class EncodedEntriesTest {
    private static final KeyContent[] CONTENTS = KeyContent.values();

    /** A block of n random symmetric entries and the same entries as objects. */
    private static EncodedEntries block(Random rnd, int n, List<KeyEntry> tail, List<KeyEntry> expected) {
        EncodedEntries.Builder b = EncodedEntries.symmetric(n, 40);
        for (int i = 0; i < n; i++) {
            KeyRef t = new KeyRef(rnd.nextInt(Integer.MAX_VALUE), rnd.nextInt(Integer.MAX_VALUE));
            KeyRef e = new KeyRef(rnd.nextInt(Integer.MAX_VALUE), rnd.nextInt(Integer.MAX_VALUE));
            KeyContent c = CONTENTS[rnd.nextInt(CONTENTS.length)];
            long life = rnd.nextLong() >>> 1;
            byte[] ct = RandomMessages.bytes(rnd, 40);
            b.header(i, t.nodeId(), t.generation(), c, life, e.nodeId(), e.generation());
            System.arraycopy(ct, 0, b.array(), b.ciphertextOffset(i), 40);
            expected.add(KeyEntry.symmetric(t, c, life, e, ct));
        }
        expected.addAll(tail);
        return b.build(tail);
    }

    @Test
    void sameListAndSameBytesAsOrdinaryEntries() throws Exception {
        Random rnd = new Random(0xB10C);
        for (int n : new int[] {0, 1, 2, 17, 300}) {
            List<KeyEntry> tail = new ArrayList<>();
            for (int k = 0; k < n % 3; k++) {
                tail.add(RandomMessages.entry(rnd));
            }
            List<KeyEntry> expected = new ArrayList<>();
            EncodedEntries block = block(rnd, n, tail, expected);
            assertEquals(expected, block);
            assertEquals(block, expected);
            assertEquals(expected.hashCode(), block.hashCode());
            RekeyMessage base = RandomMessages.message(rnd, MessageType.BATCH_REKEY, 4);
            RekeyMessage a = new RekeyMessage(base.group(), base.epoch(), base.sequence(), base.type(), base.tek(), base.gkma(),
                    base.senderId(), base.derived(), block, base.publicKeys());
            RekeyMessage b = new RekeyMessage(base.group(), base.epoch(), base.sequence(), base.type(), base.tek(), base.gkma(),
                    base.senderId(), base.derived(), expected, base.publicKeys());
            assertEquals(a, b);
            assertEquals(RekeyMessageCodec.encodedSize(b), RekeyMessageCodec.encodedSize(a));
            byte[] encoded = RekeyMessageCodec.encode(a);
            assertArrayEquals(RekeyMessageCodec.encode(b), encoded);
            assertEquals(b, RekeyMessageCodec.decode(encoded));
        }
    }

    @Test
    void immutableAndSingleUse() {
        List<KeyEntry> expected = new ArrayList<>();
        EncodedEntries.Builder b = EncodedEntries.symmetric(1, 40);
        b.header(0, 1, 2, KeyContent.NODE_KEY, 3, 4, 5);
        EncodedEntries e = b.build(List.of());
        assertThrows(UnsupportedOperationException.class, () -> e.add(e.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> e.set(0, e.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> e.remove(0));
        assertThrows(IllegalStateException.class, b::array);
        assertThrows(IllegalStateException.class, () -> b.build(List.of()));
        assertThrows(IndexOutOfBoundsException.class, () -> e.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> block(new Random(1), 2, List.of(), expected).get(-1));
    }

    @Test
    void headersAreCheckedWhenWrittenAndWhenBuilt() {
        EncodedEntries.Builder b = EncodedEntries.symmetric(2, 40);
        assertThrows(IllegalArgumentException.class, () -> b.header(0, -1, 0, KeyContent.TEK, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.header(0, 0, 0, KeyContent.TEK, -1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.header(0, 0, 0, KeyContent.TEK, 0, 0, -5));
        assertThrows(IndexOutOfBoundsException.class, () -> b.header(2, 0, 0, KeyContent.TEK, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EncodedEntries.symmetric(1, 41));
        assertThrows(IllegalArgumentException.class, () -> EncodedEntries.symmetric(1, 8));
        assertThrows(IllegalArgumentException.class, () -> EncodedEntries.symmetric(-1, 40));
        // a header never written, or overwritten through the array, is refused at build
        b.header(0, 1, 1, KeyContent.TEK, 1, 0, 1);
        assertThrows(IllegalStateException.class, () -> b.build(List.of()));
        for (int at : new int[] {0, 4, 8, 9, 17, 21, 25, 26, 27, 28}) {
            EncodedEntries.Builder c = EncodedEntries.symmetric(1, 40);
            c.header(0, 1, 1, KeyContent.TEK, 1, 0, 1);
            c.array()[at] ^= (byte) 0x80;
            assertThrows(IllegalStateException.class, () -> c.build(List.of()), "byte " + at);
        }
    }
}
