package org.gkm.gcks.net;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;

/**
 * A member's receiver of multicast rekey frames: joins the group on the configured interface and
 * decodes each datagram with the same strict codec and a frame limit (a datagram holds exactly one
 * frame). A datagram that breaks the format, or carries a type a GCKS does not send, is a
 * {@link FrameException} for that datagram only: UDP has no stream to lose, the next receive goes on.
 *
 * <p>Copies of one frame are all delivered: duplicates are discarded by the member after the rekey
 * message authenticates, by its sequence number, never here on unauthenticated bytes. Not
 * thread-safe: one receiving thread.
 */
public final class MulticastRekeyReceiver implements AutoCloseable {
    private final DatagramChannel channel;
    private final MembershipKey membership;
    private final DatagramSocket socket;
    private final int maxFrameBytes;
    private final byte[] buf = new byte[FrameCodec.MAX_DATAGRAM_BYTES + 1];

    private MulticastRekeyReceiver(DatagramChannel channel, MembershipKey membership, int maxFrameBytes) {
        this.channel = channel;
        this.membership = membership;
        this.socket = channel.socket();
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Binds the group's port (address reuse on, so several members on one host can listen) and joins
     * the group on the configured interface.
     */
    public static MulticastRekeyReceiver open(MulticastConfig config, int maxFrameBytes) throws IOException {
        FrameCodec.checkLimit(maxFrameBytes);
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(config.port()));
            MembershipKey key = ch.join(config.group(), config.networkInterface());
            return new MulticastRekeyReceiver(ch, key, maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The next frame from the group, within {@code timeout}.
     *
     * @throws java.net.SocketTimeoutException no datagram within the timeout
     * @throws FrameException this datagram is not one valid frame a GCKS sends (the receiver stays usable)
     */
    public Frame receive(Duration timeout) throws IOException, FrameException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        Frame f = FrameCodec.decodeDatagram(p.getData(), p.getOffset(), p.getLength(), maxFrameBytes);
        if (!f.type().direction().memberMayReceive()) {
            throw new FrameException(FrameException.Reason.UNEXPECTED_TYPE, f.type() + " frames are not sent by a GCKS");
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        membership.drop();
        channel.close();
    }
}
