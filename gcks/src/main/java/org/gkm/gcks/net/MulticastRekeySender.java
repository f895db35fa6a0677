package org.gkm.gcks.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends rekey frames to a multicast group, each {@link MulticastConfig#copies()} times with the same
 * bytes (RFC 4046 sec. 5.3: "repeatedly transmit the rekey message"; 5.4: copies carry the same
 * sequence number). The first copy leaves on the caller's thread; the others are spaced on one timer
 * thread, so publishing never waits for the spacing. The frame is the one encoded for the TCP push:
 * one encoding for every path.
 *
 * <p>Datagrams are best effort: a member that misses every copy detects the gap by sequence number
 * and resyncs. {@link #close()} drops copies not yet sent (their publications are cancelled) and
 * stops the timer thread.
 */
public final class MulticastRekeySender implements AutoCloseable {
    private final MulticastConfig config;
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private final ScheduledThreadPoolExecutor timer;
    /** Publications with copies still to send (cancelled on close). */
    private final Set<Publication> pending = ConcurrentHashMap.newKeySet();

    /** One frame's remaining copies: the caller's future and the next scheduled copy. */
    private static final class Publication {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        volatile ScheduledFuture<?> next;
    }

    private MulticastRekeySender(MulticastConfig config, DatagramChannel channel) {
        this.config = config;
        this.channel = channel;
        this.target = new InetSocketAddress(config.group(), config.port());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gcks-multicast-copies");
            t.setDaemon(true);
            return t;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Opens the sending socket (loopback of own datagrams on, the configured interface and TTL). */
    public static MulticastRekeySender open(MulticastConfig config) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, config.networkInterface());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, config.ttl());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new MulticastRekeySender(config, ch);
    }

    /**
     * Sends {@code frame} now and its further copies at the configured spacing.
     *
     * @return completes with the number of copies sent once all were, exceptionally with the
     *     {@link IOException} of a failed send, or is cancelled if the sender was closed first
     *     (cancelling it stops the copies not yet sent)
     * @throws IllegalArgumentException the frame does not fit one datagram, or is not a frame a GCKS sends
     * @throws IOException the first copy could not be sent
     */
    public CompletableFuture<Integer> publish(EncodedFrame frame) throws IOException {
        if (frame.size() > FrameCodec.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("frame of " + frame.size() + " bytes does not fit one datagram");
        }
        if (!frame.type().direction().memberMayReceive() || frame.type() == FrameType.GOODBYE) {
            throw new IllegalArgumentException("not multicast: " + frame.type());
        }
        byte[] bytes = frame.wireBytes();
        channel.send(ByteBuffer.wrap(bytes), target);
        Publication p = new Publication();
        if (config.copies() == 1) {
            p.done.complete(1);
            return p.done;
        }
        pending.add(p);
        scheduleCopy(bytes, 2, p);
        return p.done;
    }

    private void scheduleCopy(byte[] bytes, int copy, Publication p) {
        try {
            p.next = timer.schedule(() -> {
                if (p.done.isDone()) {
                    pending.remove(p); // cancelled by the caller: no more copies
                    return;
                }
                try {
                    channel.send(ByteBuffer.wrap(bytes), target);
                } catch (IOException e) {
                    pending.remove(p);
                    p.done.completeExceptionally(e);
                    return;
                }
                if (copy == config.copies()) {
                    pending.remove(p);
                    p.done.complete(copy);
                } else {
                    scheduleCopy(bytes, copy + 1, p);
                }
            }, config.spacing().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pending.remove(p);
            p.done.cancel(false);
        }
    }

    /** Stops the timer (copies not yet sent are not sent), joins its thread and closes the socket. */
    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("multicast timer did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Publication p : pending) {
                ScheduledFuture<?> next = p.next;
                if (next != null) {
                    next.cancel(false);
                }
                p.done.cancel(false);
            }
            channel.close();
        }
    }

    /** Whether the timer thread has ended (true after {@link #close()}). */
    public boolean isTerminated() {
        return timer.isTerminated();
    }
}
