package org.gkm.rekey.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.TekId;
import org.gkm.crypto.testing.TestProviders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Data SA helper (seed 000 claim 8; claim 7 TEK ids in the header; RFC 4303 replay window) on
 * both providers. Nonce uniqueness across sender restarts is in {@link DataSaNonceUniquenessTest}.
 */
class DataSaTest {
    static final GroupId GROUP = GroupId.of("data-group");
    static final TekId TEK_ID = new TekId(2, 0);
    static final long SENDER = 7;

    static SecretBytes tek(long seed) {
        byte[] b = new byte[32];
        new Random(seed).nextBytes(b);
        return SecretBytes.copyOf(b);
    }

    static DataSaKey key(CryptoProvider p, TekId id) {
        return DataSaKey.derive(p, GROUP, id, tek(1));
    }

    /** A packet with sequence number {@code seq} from a new sender instance. */
    static byte[] packet(CryptoProvider p, DataSaKey key, long sender, long seq, byte[] pt) throws Exception {
        DataSaSender s = new DataSaSender(p, key, sender);
        s.advanceTo(seq);
        return s.seal(pt);
    }

    static byte[] sealAt(DataSaSender s, long seq, byte[] pt) throws Exception {
        s.advanceTo(seq);
        assertEquals(seq, s.nextSequence());
        return s.seal(pt);
    }

    /** The window state of the stream {@code packet} belongs to, or null if untracked. */
    static long[] state(DataSaReceiver r, byte[] packet) throws Exception {
        ReplayWindow w = r.window(DataSaHeader.parse(packet));
        return w == null ? null : new long[] {w.highest(), w.bitmap()};
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void roundTripsOfManySizes(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaSender sender = new DataSaSender(p, key, SENDER);
        DataSaReceiver receiver = new DataSaReceiver(p, key(p, TEK_ID));
        Random rnd = new Random(10);
        long seq = 1;
        for (int n : new int[] {0, 1, 15, 16, 17, 1000, 65_536}) {
            byte[] pt = new byte[n];
            rnd.nextBytes(pt);
            assertEquals(seq, sender.nextSequence());
            byte[] packet = sender.seal(pt);
            assertEquals(DataSaHeader.BYTES + n + 16, packet.length);
            DataSaHeader h = DataSaHeader.parse(packet);
            assertEquals(new DataSaHeader(key.groupTag(), TEK_ID, SENDER, sender.salt(), seq), h);
            assertArrayEquals(pt, receiver.open(packet));
            seq++;
        }
        assertEquals(1, receiver.trackedStreams());
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void dataKeyIsDerivedPerTekIdAndIsNotTheTek(CryptoProvider p) throws Exception {
        DataSaKey a = key(p, new TekId(2, 0));
        DataSaKey b = key(p, new TekId(2, 1));
        DataSaKey c = DataSaKey.derive(p, GroupId.of("other"), new TekId(2, 0), tek(1));
        byte[] tek = tek(1).toByteArray(InsecureSecretAccess.get());
        byte[] ka = a.dataKey().toByteArray(InsecureSecretAccess.get());
        assertFalse(Arrays.equals(tek, ka));
        assertFalse(a.dataKey().equalsConstantTime(b.dataKey()));
        assertFalse(a.dataKey().equalsConstantTime(c.dataKey()));
        assertFalse(Arrays.equals(a.groupTag(), c.groupTag()));
        assertArrayEquals(a.groupTag(), b.groupTag());
        assertFalse(a.toString().contains(java.util.HexFormat.of().formatHex(ka)));
        a.destroy();
        assertThrows(IllegalStateException.class, a::dataKey);
        assertThrows(IllegalStateException.class, () -> new DataSaSender(p, a, SENDER));
        assertThrows(IllegalArgumentException.class, () -> DataSaKey.derive(p, GROUP, TEK_ID, SecretBytes.copyOf(new byte[16])));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void providersOpenEachOthersPackets(CryptoProvider p) throws Exception {
        byte[] pt = "hello group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (CryptoProvider q : TestProviders.all()) {
            byte[] mine = packet(p, key(p, TEK_ID), SENDER, 5, pt);
            assertArrayEquals(pt, new DataSaReceiver(q, key(q, TEK_ID)).open(mine), p.name() + " -> " + q.name());
        }
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void replayedAndStalePacketsAreRejectedAndLeaveTheWindowUnchanged(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaReceiver r = new DataSaReceiver(p, key);
        DataSaSender s = new DataSaSender(p, key, SENDER);
        byte[] p36 = sealAt(s, 36, new byte[3]);
        byte[] p37 = sealAt(s, 37, new byte[3]);
        byte[] p100 = sealAt(s, 100, new byte[3]);
        r.open(p100);
        long[] before = state(r, p100);
        assertThrows(ReplayedPacketException.class, () -> r.open(p100));
        assertArrayEquals(before, state(r, p100));
        r.open(p37); // offset 63: inside
        before = state(r, p100);
        assertThrows(StalePacketException.class, () -> r.open(p36)); // offset 64: outside
        assertThrows(ReplayedPacketException.class, () -> r.open(p37));
        assertArrayEquals(before, state(r, p100));
        // Another instance with the same sender id is another stream with its own window.
        byte[] other = new DataSaSender(p, key, SENDER).seal(new byte[3]);
        assertArrayEquals(new byte[3], r.open(other));
        assertEquals(1, state(r, other)[0]);
        assertArrayEquals(before, state(r, p100));
        assertEquals(2, r.trackedStreams());
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void reorderingWithinTheWindowMatchesTheModel(CryptoProvider p) throws Exception {
        long seed = 0xD47A5EEDL;
        Random rnd = new Random(seed);
        DataSaKey key = key(p, TEK_ID);
        DataSaSender s = new DataSaSender(p, key, SENDER);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            packets.add(s.seal(new byte[] {(byte) i}));
        }
        // Local shuffles of blocks of up to 40 packets, plus random duplicates.
        List<Integer> order = new ArrayList<>();
        for (int base = 0; base < 400; base += 40) {
            List<Integer> block = new ArrayList<>();
            for (int i = base; i < base + 40; i++) {
                block.add(i);
            }
            Collections.shuffle(block, rnd);
            order.addAll(block);
            for (int d = 0; d < 5; d++) {
                order.add(base + rnd.nextInt(40));
            }
            if (rnd.nextInt(3) == 0) {
                order.add(Math.max(0, base - 64 - rnd.nextInt(10)));
            }
        }
        DataSaReceiver r = new DataSaReceiver(p, key);
        Set<Long> seen = new HashSet<>();
        long highest = 0;
        for (int idx : order) {
            long seq = idx + 1;
            String expected = seq > highest ? "ok" : highest - seq >= 64 ? "stale" : seen.contains(seq) ? "replay" : "ok";
            String actual;
            try {
                assertArrayEquals(new byte[] {(byte) idx}, r.open(packets.get(idx)));
                actual = "ok";
            } catch (StalePacketException e) {
                actual = "stale";
            } catch (ReplayedPacketException e) {
                actual = "replay";
            }
            if (!expected.equals(actual)) {
                fail("seed " + seed + " seq " + seq + ": expected " + expected + ", got " + actual);
            }
            if (actual.equals("ok")) {
                seen.add(seq);
                highest = Math.max(highest, seq);
            }
        }
        assertEquals(400, seen.size(), "every packet arrived once inside the window, seed " + seed);
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void unknownOlderAndNewerTekIdsAreRejected(CryptoProvider p) throws Exception {
        DataSaReceiver r = new DataSaReceiver(p, key(p, TEK_ID));
        for (TekId other : new TekId[] {new TekId(1, 5), new TekId(2, 1), new TekId(3, 0)}) {
            byte[] pkt = packet(p, key(p, other), SENDER, 1, new byte[4]);
            assertThrows(UnknownTekException.class, () -> r.open(pkt), other.toString());
            assertEquals(0, r.trackedStreams());
        }
        byte[] old = packet(p, key(p, TEK_ID), SENDER, 1, new byte[4]);
        r.open(old);
        assertEquals(1, r.trackedStreams());
        r.rekey(key(p, new TekId(2, 1)));
        assertEquals(0, r.trackedStreams());
        assertThrows(UnknownTekException.class, () -> r.open(old));
        r.open(packet(p, key(p, new TekId(2, 1)), SENDER, 1, new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> r.rekey(key(p, TEK_ID)));
        assertThrows(IllegalArgumentException.class, () -> r.rekey(DataSaKey.derive(p, GroupId.of("x"), new TekId(9, 0), tek(1))));
        // A packet under another group.
        byte[] foreign = packet(p, DataSaKey.derive(p, GroupId.of("x"), new TekId(2, 1), tek(1)), SENDER, 2, new byte[4]);
        assertThrows(WrongGroupException.class, () -> r.open(foreign));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void everyTamperedTruncatedOrOversizedPacketIsRejectedAndNothingChanges(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaReceiver r = new DataSaReceiver(p, key);
        DataSaSender s = new DataSaSender(p, key, SENDER);
        for (int i = 0; i < 10; i++) {
            r.open(s.seal(new byte[8]));
        }
        byte[] pkt = sealAt(s, 200, "payload of the tampering test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long[] before = state(r, pkt);
        List<String> order = r.streamOrder();
        for (int i = 0; i < pkt.length; i++) {
            byte[] t = pkt.clone();
            t[i] ^= 0x01;
            Class<? extends DataSaException> expected = i == 0 ? MalformedPacketException.class
                    : i < DataSaHeader.TEK_AT ? WrongGroupException.class
                    : i < DataSaHeader.SENDER_AT ? UnknownTekException.class
                    : DataAuthenticationException.class; // sender id, salt, sequence, ciphertext, tag
            DataSaException e = assertThrows(DataSaException.class, () -> r.open(t), "byte " + i);
            assertEquals(expected, e.getClass(), "byte " + i + ": " + e);
            t[i] ^= (byte) 0x81; // now 0x80 flipped: top bits of numbers
            assertThrows(DataSaException.class, () -> r.open(t), "byte " + i + " ^ 0x80");
            assertArrayEquals(before, state(r, pkt), "window moved after tampering byte " + i);
            assertEquals(order, r.streamOrder(), "streams changed after tampering byte " + i);
        }
        for (int len = 0; len < pkt.length; len++) {
            byte[] t = Arrays.copyOf(pkt, len);
            DataSaException e = assertThrows(DataSaException.class, () -> r.open(t));
            assertEquals(len < DataSaHeader.BYTES + 16 ? MalformedPacketException.class : DataAuthenticationException.class, e.getClass(),
                    "truncated to " + len);
        }
        byte[] extended = Arrays.copyOf(pkt, pkt.length + 1);
        assertThrows(DataAuthenticationException.class, () -> r.open(extended));
        byte[] oversized = Arrays.copyOf(pkt, DataSaHeader.BYTES + 16 + DataSaSender.MAX_PLAINTEXT_BYTES + 1);
        assertThrows(MalformedPacketException.class, () -> r.open(oversized));
        byte[] seqZero = pkt.clone();
        Arrays.fill(seqZero, DataSaHeader.SEQUENCE_AT, DataSaHeader.SEQUENCE_AT + 4, (byte) 0);
        assertThrows(MalformedPacketException.class, () -> r.open(seqZero));
        byte[] version1 = pkt.clone();
        version1[0] = 1;
        assertThrows(MalformedPacketException.class, () -> r.open(version1));
        assertArrayEquals(before, state(r, pkt));
        assertEquals(order, r.streamOrder());
        // The untouched packet still opens after all that.
        r.open(pkt);
        assertEquals(200, state(r, pkt)[0]);
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void forgedPacketsWithFreshSaltsCreateNoState(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaReceiver r = new DataSaReceiver(p, key, 4);
        byte[] genuine = new DataSaSender(p, key, SENDER).seal(new byte[8]);
        r.open(genuine);
        List<String> order = r.streamOrder();
        Random rnd = new Random(0x5A17L);
        for (int i = 0; i < 2_000; i++) {
            byte[] forged = genuine.clone();
            byte[] salt = new byte[DataSaHeader.SALT_BYTES];
            rnd.nextBytes(salt);
            System.arraycopy(salt, 0, forged, DataSaHeader.SALT_AT, salt.length);
            forged[DataSaHeader.SENDER_AT + 3] = (byte) rnd.nextInt();
            assertThrows(DataAuthenticationException.class, () -> r.open(forged));
        }
        assertEquals(order, r.streamOrder());
        assertEquals(0, r.evictions());
        assertThrows(ReplayedPacketException.class, () -> r.open(genuine));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void streamTableIsBoundedAndEvictsTheLeastRecentlyAccepted(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaReceiver r = new DataSaReceiver(p, key, 3);
        DataSaSender[] senders = new DataSaSender[5];
        byte[][] first = new byte[5][];
        for (int i = 0; i < 3; i++) {
            senders[i] = new DataSaSender(p, key, SENDER + i);
            first[i] = senders[i].seal(new byte[1]);
            r.open(first[i]);
        }
        r.open(senders[0].seal(new byte[1])); // stream 0 is now the most recent; stream 1 the least
        for (int i = 3; i < 5; i++) {
            senders[i] = new DataSaSender(p, key, SENDER + i);
            first[i] = senders[i].seal(new byte[1]);
            r.open(first[i]);
            assertEquals(3, r.trackedStreams());
        }
        assertEquals(2, r.evictions());
        assertNull(state(r, first[1]), "least recently accepted stream 1 evicted first");
        assertNull(state(r, first[2]), "then stream 2");
        for (int i : new int[] {0, 3, 4}) {
            byte[] replay = first[i];
            assertThrows(ReplayedPacketException.class, () -> r.open(replay), "stream " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new DataSaReceiver(p, key, 0));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void senderRefusesToWrapItsSequenceNumber(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaSender s = new DataSaSender(p, key, SENDER);
        byte[] a = sealAt(s, DataSaHeader.MAX_SEQUENCE - 1, new byte[1]);
        byte[] b = s.seal(new byte[1]);
        assertThrows(SequenceExhaustedException.class, () -> s.seal(new byte[1]));
        assertThrows(SequenceExhaustedException.class, () -> s.seal(new byte[1]));
        assertEquals(DataSaHeader.MAX_SEQUENCE + 1, s.nextSequence());
        DataSaReceiver r = new DataSaReceiver(p, key);
        r.open(a);
        r.open(b);
        assertEquals(DataSaHeader.MAX_SEQUENCE, state(r, b)[0]);
        // A new instance continues at 1 under its own key.
        DataSaSender next = new DataSaSender(p, key, SENDER);
        assertEquals(1, next.nextSequence());
        r.open(next.seal(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new DataSaSender(p, key, -1));
        assertThrows(IllegalArgumentException.class, () -> new DataSaSender(p, key, DataSaHeader.MAX_SENDER_ID + 1));
        assertTrue(new DataSaSender(p, key, DataSaHeader.MAX_SENDER_ID).seal(new byte[0]).length > 0);
        next.destroy();
        assertThrows(IllegalStateException.class, () -> next.seal(new byte[1]));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void concurrentOpenersAcceptEachPacketExactlyOnce(CryptoProvider p) throws Exception {
        DataSaKey key = key(p, TEK_ID);
        DataSaSender s = new DataSaSender(p, key, SENDER);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            packets.add(s.seal(new byte[16]));
        }
        DataSaReceiver r = new DataSaReceiver(p, key);
        java.util.concurrent.atomic.AtomicIntegerArray accepted = new java.util.concurrent.atomic.AtomicIntegerArray(200);
        java.util.concurrent.atomic.AtomicReference<Throwable> unexpected = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < packets.size(); i++) {
                    try {
                        r.open(packets.get(i));
                        accepted.incrementAndGet(i);
                    } catch (ReplayedPacketException | StalePacketException e) {
                        // another thread won this packet
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertNull(unexpected.get());
        // No packet is accepted twice; each is accepted once unless it fell out of the window meanwhile.
        int total = 0;
        for (int i = 0; i < 200; i++) {
            assertTrue(accepted.get(i) <= 1, "packet " + i + " accepted " + accepted.get(i) + " times");
            total += accepted.get(i);
        }
        assertTrue(total >= 64, "accepted " + total);
        assertEquals(200, state(r, packets.get(0))[0]);
        assertEquals(1, r.trackedStreams());
        for (byte[] pkt : packets) {
            assertThrows(DataSaException.class, () -> r.open(pkt));
        }
    }
}
