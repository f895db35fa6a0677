package org.gkm.gcks.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and deadlines of a {@link FrameServer}. Every bound here is what keeps one member, or many
 * at once, from growing the server's memory or threads without limit.
 *
 * @param bind where to listen; the default is the loopback address, ephemeral port
 * @param maxFrameBytes the frame limit: the largest length prefix accepted (checked before allocation)
 * @param handshakeDeadline time from accept to the end of the first frame, and from the start of a
 *     registration to its end; a slow sender past it is closed ({@link CloseReason#HANDSHAKE_TIMEOUT})
 * @param idleDeadline time allowed between two frames from a member past its handshake
 * @param writeDeadline time one write to a member may stay blocked (the member does not read)
 * @param outboundQueueFrames frames queued per member; one more and the member is disconnected
 * @param maxConcurrentRegistrations registrations in progress at once; past it a member's registration
 *     frame is answered "busy, retry after {@code retryAfter}" at once (RFC 4046 sec. 5.5)
 * @param retryAfter what a busy answer tells the member to wait
 * @param maxConnections open connections at once; past it a new one gets busy and goodbye
 * @param closeGrace how long a closing connection may take to deliver its goodbye and drain
 * @param backlog the listen backlog
 */
public record ServerConfig(
        InetSocketAddress bind,
        int maxFrameBytes,
        Duration handshakeDeadline,
        Duration idleDeadline,
        Duration writeDeadline,
        int outboundQueueFrames,
        int maxConcurrentRegistrations,
        Duration retryAfter,
        int maxConnections,
        Duration closeGrace,
        int backlog) {

    /** Default frame limit: 1 MiB (a batched rekey message of a large group fits; a GKMP message is far smaller). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        FrameCodec.checkLimit(maxFrameBytes);
        positive(handshakeDeadline, "handshakeDeadline");
        positive(idleDeadline, "idleDeadline");
        positive(writeDeadline, "writeDeadline");
        positive(closeGrace, "closeGrace");
        if (retryAfter.isNegative() || retryAfter.toMillis() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("retryAfter out of range: " + retryAfter);
        }
        if (outboundQueueFrames < 1 || maxConcurrentRegistrations < 1 || maxConnections < 1 || backlog < 1) {
            throw new IllegalArgumentException("queue, registration, connection and backlog bounds must be positive");
        }
    }

    private static void positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** Loopback, ephemeral port, and the defaults documented in {@code docs/gcks.md}. */
    public static ServerConfig defaults() {
        return new ServerConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(10), 256, 64, Duration.ofSeconds(1),
                10_000, Duration.ofSeconds(1), 1024);
    }

    public ServerConfig withBind(InetSocketAddress v) {
        return new ServerConfig(v, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withMaxFrameBytes(int v) {
        return new ServerConfig(bind, v, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withHandshakeDeadline(Duration v) {
        return new ServerConfig(bind, maxFrameBytes, v, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withIdleDeadline(Duration v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, v, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withWriteDeadline(Duration v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, v, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withOutboundQueueFrames(int v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, v,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withMaxConcurrentRegistrations(int v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                v, retryAfter, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withRetryAfter(Duration v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, v, maxConnections, closeGrace, backlog);
    }

    public ServerConfig withMaxConnections(int v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, v, closeGrace, backlog);
    }

    public ServerConfig withCloseGrace(Duration v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, v, backlog);
    }

    public ServerConfig withBacklog(int v) {
        return new ServerConfig(bind, maxFrameBytes, handshakeDeadline, idleDeadline, writeDeadline, outboundQueueFrames,
                maxConcurrentRegistrations, retryAfter, maxConnections, closeGrace, v);
    }
}
