package org.gkm.rekey.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No (key, nonce) pair is ever used twice under one Data SA key, whatever senders do: a restarted
 * sender (a new instance with the same sender id and data key, and no memory of the old counter)
 * and two live senders that share an id. Each packet's key and nonce are recomputed here from the
 * header and the documented derivation ({@link DataSaSender}), and checked to be what sealed the
 * packet (raw AES-GCM under them opens it) before they are counted, so a wrong derivation cannot
 * make the uniqueness check pass. Under format version 1 (nonce = sender id || sequence under the
 * data key) the restart case repeated every nonce of the first instance.
 */
class DataSaNonceUniquenessTest {
    private static final HexFormat HEX = HexFormat.of();

    /** K of packet {@code packet}, from its header, computed independently of the sender. */
    static byte[] senderKey(CryptoProvider p, DataSaKey key, DataSaHeader h) throws Exception {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes("gkm nonce-sequence aead v1".getBytes(StandardCharsets.US_ASCII));
        info.write(0x00);
        info.write(0x02); // AES-256-GCM
        info.writeBytes("gkm data sa v2 sender".getBytes(StandardCharsets.US_ASCII));
        byte[] group = key.group().value();
        info.write(group.length);
        info.writeBytes(group);
        writeInt(info, h.tek().version());
        writeInt(info, h.tek().revision());
        writeInt(info, (int) h.senderId());
        return p.kdf().derive(h.salt(), key.dataKey().toByteArray(InsecureSecretAccess.get()), info.toByteArray(), 32);
    }

    static byte[] nonce(long sequence) {
        byte[] n = new byte[12];
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        return n;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** Checks that (K, nonce) of the header sealed {@code packet} to {@code pt}, and returns the pair as text. */
    static String keyNoncePair(CryptoProvider p, DataSaKey key, byte[] packet, byte[] pt) throws Exception {
        DataSaHeader h = DataSaHeader.parse(packet);
        byte[] k = senderKey(p, key, h);
        byte[] n = nonce(h.sequence());
        byte[] opened = InsecureNonceAesGcm.of(p).open(k, n, Arrays.copyOf(packet, DataSaHeader.BYTES),
                Arrays.copyOfRange(packet, DataSaHeader.BYTES, packet.length));
        assertArrayEquals(pt, opened, "packet not sealed under the documented key and nonce");
        return HEX.formatHex(k) + "/" + HEX.formatHex(n);
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void restartedSenderNeverRepeatsAKeyNoncePair(CryptoProvider p) throws Exception {
        DataSaKey key = DataSaTest.key(p, DataSaTest.TEK_ID);
        Set<String> pairs = new HashSet<>();
        Set<String> salts = new HashSet<>();
        List<byte[]> sent = new ArrayList<>();
        for (int restart = 0; restart < 3; restart++) {
            // Same sender id, same data key, counter state lost: a process restart.
            DataSaSender s = new DataSaSender(p, key, DataSaTest.SENDER);
            salts.add(HEX.formatHex(s.salt()));
            for (int i = 0; i < 200; i++) {
                byte[] pt = {(byte) restart, (byte) i};
                byte[] pkt = s.seal(pt);
                assertEquals(i + 1, DataSaHeader.parse(pkt).sequence());
                pairs.add(keyNoncePair(p, key, pkt, pt));
                sent.add(pkt);
            }
        }
        assertEquals(sent.size(), pairs.size(), sent.size() + " packets but only " + pairs.size() + " distinct (key, nonce) pairs");
        assertEquals(3, salts.size());
        // Every instance is its own stream at a receiver: all 600 packets are accepted.
        DataSaReceiver r = new DataSaReceiver(p, key);
        for (byte[] pkt : sent) {
            r.open(pkt);
        }
        assertEquals(3, r.trackedStreams());
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void twoSendersWithOneIdNeverShareAKeyNoncePair(CryptoProvider p) throws Exception {
        DataSaKey key = DataSaTest.key(p, DataSaTest.TEK_ID);
        DataSaSender a = new DataSaSender(p, key, DataSaTest.SENDER);
        DataSaSender b = new DataSaSender(p, DataSaTest.key(p, DataSaTest.TEK_ID), DataSaTest.SENDER);
        Set<String> pairs = new HashSet<>();
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            for (DataSaSender s : new DataSaSender[] {a, b}) {
                byte[] pt = {(byte) (s == a ? 0 : 1), (byte) i};
                byte[] pkt = s.seal(pt);
                pairs.add(keyNoncePair(p, key, pkt, pt));
                sent.add(pkt);
            }
        }
        assertEquals(600, pairs.size(), "600 packets but only " + pairs.size() + " distinct (key, nonce) pairs");
        // Both streams carry the same sequence numbers, interleaved; the receiver keeps them apart.
        DataSaReceiver r = new DataSaReceiver(p, key);
        for (byte[] pkt : sent) {
            r.open(pkt);
        }
        assertEquals(2, r.trackedStreams());
        for (byte[] pkt : sent.subList(sent.size() - 10, sent.size())) {
            assertThrows(ReplayedPacketException.class, () -> r.open(pkt));
        }
    }
}
