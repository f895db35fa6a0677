package org.gkm.gcks.net;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how rekey frames are multicast (RFC 4046 sec. 5.2-5.4): the IPv4 group and port, the
 * interface, the TTL, and the retransmission: each frame goes out {@code copies} times,
 * {@code spacing} apart, byte for byte the same (so with the same sequence number; a member discards
 * the copies after authenticating the first, by that number).
 *
 * @param group an IPv4 multicast address (239.0.0.0/8, administratively scoped, is the usual choice)
 * @param port the group's UDP port (1-65535)
 * @param networkInterface the interface to send and join on
 * @param ttl 0 keeps datagrams on this host, 1 on the link
 * @param copies how many times each frame is sent (at least 1)
 * @param spacing time between two copies (zero: back to back)
 */
public record MulticastConfig(InetAddress group, int port, NetworkInterface networkInterface, int ttl, int copies,
        Duration spacing) {
    public MulticastConfig {
        Objects.requireNonNull(networkInterface, "networkInterface");
        if (!(group instanceof Inet4Address) || !group.isMulticastAddress()) {
            throw new IllegalArgumentException("not an IPv4 multicast group: " + group);
        }
        if (port < 1 || port > 0xFFFF || ttl < 0 || ttl > 255 || copies < 1 || spacing.isNegative()) {
            throw new IllegalArgumentException("port, ttl, copies or spacing out of range");
        }
    }

    /** The group on the loopback interface, TTL 0, three copies 10 ms apart (tests and demos). */
    public static MulticastConfig loopback(InetAddress group, int port) {
        return new MulticastConfig(group, port, loopbackInterface(), 0, 3, Duration.ofMillis(10));
    }

    /** The interface that holds the loopback address. */
    public static NetworkInterface loopbackInterface() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
            if (lo == null) {
                throw new IllegalStateException("no interface holds the loopback address");
            }
            return lo;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    public MulticastConfig withCopies(int v) {
        return new MulticastConfig(group, port, networkInterface, ttl, v, spacing);
    }

    public MulticastConfig withSpacing(Duration v) {
        return new MulticastConfig(group, port, networkInterface, ttl, copies, v);
    }
}
