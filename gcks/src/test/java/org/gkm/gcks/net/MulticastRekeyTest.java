package org.gkm.gcks.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rekey frames over UDP multicast on loopback ({@code IP_MULTICAST_LOOP}): each frame arrives as
 * many times as configured, byte for byte the same, with the same codec as TCP; bad datagrams are
 * typed errors that leave the receiver usable.
 */
class MulticastRekeyTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A free UDP port for the group (the receivers bind it with address reuse). */
    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static MulticastConfig config() throws Exception {
        return MulticastConfig.loopback(InetAddress.getByName("239.255.71.1"), freePort()).withSpacing(Duration.ofMillis(5));
    }

    @Test
    void eachFrameArrivesAsOftenAsItIsRetransmittedWithTheSameBytes() throws Exception {
        MulticastConfig config = config().withCopies(3);
        byte[] rekey = new byte[2000];
        new SplittableRandom(3).nextBytes(rekey);
        EncodedFrame first = FrameCodec.encode(FrameType.REKEY, rekey);
        EncodedFrame second = FrameCodec.encode(FrameType.REKEY, "next".getBytes(StandardCharsets.US_ASCII));
        MulticastRekeySender sender = MulticastRekeySender.open(config);
        try (MulticastRekeyReceiver a = MulticastRekeyReceiver.open(config, ServerConfig.DEFAULT_MAX_FRAME_BYTES);
                MulticastRekeyReceiver b = MulticastRekeyReceiver.open(config, ServerConfig.DEFAULT_MAX_FRAME_BYTES)) {
            assertEquals(3, sender.publish(first).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(3, sender.publish(second).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            for (MulticastRekeyReceiver r : new MulticastRekeyReceiver[] {a, b}) {
                for (int copy = 0; copy < 3; copy++) {
                    Frame f = r.receive(WAIT);
                    assertEquals(FrameType.REKEY, f.type());
                    assertArrayEquals(rekey, f.payload(), "copy " + copy);
                }
                assertArrayEquals("next".getBytes(StandardCharsets.US_ASCII), r.receive(WAIT).payload(),
                        "exactly three copies of the first frame");
            }
        } finally {
            sender.close();
        }
        assertTrue(sender.isTerminated());
    }

    @Test
    void aBadDatagramIsATypedErrorAndTheReceiverGoesOn() throws Exception {
        MulticastConfig config = config().withCopies(1);
        InetSocketAddress group = new InetSocketAddress(config.group(), config.port());
        try (MulticastRekeySender sender = MulticastRekeySender.open(config);
                MulticastRekeyReceiver r = MulticastRekeyReceiver.open(config, 4096);
                DatagramChannel raw = DatagramChannel.open(StandardProtocolFamily.INET)) {
            raw.setOption(StandardSocketOptions.IP_MULTICAST_IF, config.networkInterface());
            raw.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0);
            raw.send(ByteBuffer.wrap(new byte[] {0x7F, -1, -1, -1, 1, 0x10}), group);
            assertEquals(FrameException.Reason.TOO_LARGE, assertThrows(FrameException.class, () -> r.receive(WAIT)).reason());
            raw.send(ByteBuffer.wrap(FrameCodec.encode(FrameType.REKEY, new byte[10]).wireBytes(), 0, 12), group);
            assertEquals(FrameException.Reason.TRUNCATED, assertThrows(FrameException.class, () -> r.receive(WAIT)).reason());
            raw.send(ByteBuffer.wrap(FrameCodec.encode(FrameType.REGISTER, new byte[1]).wireBytes()), group);
            assertEquals(FrameException.Reason.UNEXPECTED_TYPE, assertThrows(FrameException.class, () -> r.receive(WAIT)).reason());
            sender.publish(FrameCodec.encode(FrameType.REKEY, new byte[] {9})).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertArrayEquals(new byte[] {9}, r.receive(WAIT).payload());
        }
    }

    @Test
    void framesThatDoNotFitADatagramOrAreNotSentByAGcksAreRefused() throws Exception {
        try (MulticastRekeySender sender = MulticastRekeySender.open(config())) {
            assertThrows(IllegalArgumentException.class,
                    () -> sender.publish(FrameCodec.encode(FrameType.REKEY, new byte[FrameCodec.MAX_DATAGRAM_BYTES])));
            assertThrows(IllegalArgumentException.class, () -> sender.publish(FrameCodec.encode(FrameType.REKEY_ACK, new byte[0])));
        }
    }

    @Test
    void theGroupMustBeAnIpv4MulticastAddress() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> MulticastConfig.loopback(InetAddress.getLoopbackAddress(), 4000));
        assertThrows(IllegalArgumentException.class, () -> MulticastConfig.loopback(InetAddress.getByName("ff02::1"), 4000));
    }
}
