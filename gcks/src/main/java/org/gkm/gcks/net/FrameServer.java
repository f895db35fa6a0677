package org.gkm.gcks.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The GCKS's TCP transport: accepts member connections, runs each as a {@link Session} on two
 * virtual threads over a blocking socket, and hands the member's frames to a {@link FrameHandler}.
 * Why virtual threads and not Netty: {@code docs/gcks.md}, "Transport".
 *
 * <p>Bounds (all in {@link ServerConfig}): the frame limit, checked before allocation; a handshake
 * deadline (first frame, and each registration exchange) and an idle deadline, both absolute so a
 * trickling sender cannot stretch them, kept (with the write deadline and the close grace) by one
 * sweeper thread that runs every quarter of the shortest of them, so reads and writes carry no timer
 * of their own; a write deadline and a bounded outbound queue per member,
 * past which the member is disconnected; a bound on registrations in progress, past which a
 * registration is answered "busy, retry after t" at once (RFC 4046 sec. 5.5); and a bound on open
 * connections.
 *
 * <p>{@link #broadcast} queues one encoded frame to every session: encoded once, written by each
 * session's own writer, so a member that does not read loses its own connection and delays no one.
 * {@link #close()} closes every socket and returns only when every thread the server started has
 * ended.
 */
public final class FrameServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FrameServer.class.getName());
    /** How long {@link #close()} waits for threads after closing every socket before it gives up. */
    private static final Duration JOIN_BOUND = Duration.ofSeconds(10);

    private final ServerConfig config;
    private final FrameHandler handler;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final ScheduledExecutorService sweeper;
    private final ScheduledFuture<?> sweeping;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final Semaphore registrations;
    private final EncodedFrame busyFrame;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong nextId = new AtomicLong();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refusedFull = new LongAdder();
    private final LongAdder busyAnswers = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);
    private final Future<?> acceptor;
    private volatile boolean closing;
    private boolean closedDone;

    private FrameServer(ServerConfig config, FrameHandler handler, ServerSocket listener) {
        this.config = config;
        this.handler = handler;
        this.listener = listener;
        this.registrations = new Semaphore(config.maxConcurrentRegistrations());
        this.busyFrame = ControlFrames.busy(new ControlFrames.Busy(config.retryAfter()));
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, new LongAdder());
        }
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gcks-net-", 0).factory());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gcks-net-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.sweeper = timer;
        long shortest = Math.min(Math.min(config.writeDeadline().toNanos(), config.closeGrace().toNanos()),
                Math.min(config.handshakeDeadline().toNanos(), config.idleDeadline().toNanos()));
        long period = Math.clamp(shortest / 4, TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(1));
        this.sweeping = sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
        this.acceptor = threads.submit(this::acceptLoop);
    }

    /**
     * Binds {@code config.bind()} and starts accepting.
     *
     * @throws IOException the address cannot be bound
     */
    public static FrameServer start(ServerConfig config, FrameHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(config.bind(), config.backlog());
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return new FrameServer(config, handler, listener);
    }

    /** The bound address (the actual port when the configuration asked for port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public ServerConfig config() {
        return config;
    }

    FrameHandler handler() {
        return handler;
    }

    /** Sessions open now. */
    public int openSessions() {
        return sessions.size();
    }

    /** Queues {@code frame} to every open session. */
    public BroadcastResult broadcast(EncodedFrame frame) {
        return broadcast(frame, s -> true);
    }

    /**
     * Queues {@code frame}, encoded once, to every open session {@code to} accepts (sessions already
     * closing are skipped). Never blocks on a member: a session whose queue is full is disconnected
     * and counted as dropped.
     *
     * @throws IllegalArgumentException for a frame type the GCKS does not send
     */
    public BroadcastResult broadcast(EncodedFrame frame, Predicate<Session> to) {
        int queued = 0;
        int dropped = 0;
        for (Session s : sessions.values()) {
            if (s.isOpen() && to.test(s)) {
                if (s.send(frame)) {
                    queued++;
                } else {
                    dropped++;
                }
            }
        }
        return new BroadcastResult(queued, dropped);
    }

    public ServerStats stats() {
        Map<CloseReason, Long> c = new EnumMap<>(CloseReason.class);
        closed.forEach((r, n) -> {
            long v = n.sum();
            if (v > 0) {
                c.put(r, v);
            }
        });
        return new ServerStats(accepted.sum(), sessions.size(), refusedFull.sum(), busyAnswers.sum(),
                config.maxConcurrentRegistrations() - registrations.availablePermits(), framesIn.sum(), framesOut.sum(), c);
    }

    // ------------------------------------------------------------------ session hooks

    boolean tryAdmitRegistration() {
        return registrations.tryAcquire();
    }

    void releaseRegistration() {
        registrations.release();
    }

    EncodedFrame busyFrame() {
        return busyFrame;
    }

    void busyAnswered() {
        busyAnswers.increment();
    }

    void frameIn() {
        framesIn.increment();
    }

    void frameOut() {
        framesOut.increment();
    }

    void closed(CloseReason reason) {
        closed.get(reason).increment();
    }

    void ended(Session s) {
        sessions.remove(s.id());
        open.decrementAndGet();
    }

    // ------------------------------------------------------------------ accepting

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "accept failed: {0}", e.toString());
                backOff();
                continue;
            }
            accepted.increment();
            long now = System.nanoTime();
            if (open.incrementAndGet() > config.maxConnections()) {
                open.decrementAndGet();
                refusedFull.increment();
                threads.execute(() -> refuseFull(socket));
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "socket options: {0}", e.toString());
            }
            Session s = new Session(nextId.incrementAndGet(), this, socket, now);
            sessions.put(s.id(), s);
            threads.execute(s::writeLoop);
            threads.execute(s::readLoop);
        }
    }

    /** A pause after a failed accept (for example out of file descriptors), so the loop does not spin. */
    private static void backOff() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Past the connection bound: busy and goodbye on the fresh socket, a short linger, close. */
    private void refuseFull(Socket socket) {
        try (socket) {
            DeadlineInputStream in = new DeadlineInputStream(socket);
            in.deadline(System.nanoTime() + config.closeGrace().toNanos());
            OutputStream out = socket.getOutputStream();
            busyFrame.writeTo(out);
            ControlFrames.goodbye(CloseReason.SERVER_FULL, "connection limit reached").writeTo(out);
            out.flush();
            socket.shutdownOutput();
            byte[] sink = new byte[4096];
            while (in.read(sink, 0, sink.length) >= 0) {
                // discard until the peer closes or the grace passes
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "refused connection: {0}", e.toString());
        }
    }

    /** One pass of the sweeper; it never throws, since a periodic task that throws is never run again. */
    private void sweep() {
        long now = System.nanoTime();
        for (Session s : sessions.values()) {
            try {
                s.sweep(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "sweeping session " + s.id() + " failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops accepting, says goodbye ({@link CloseReason#SHUTDOWN}) to every member, closes every
     * socket (at the latest after the close grace) and waits for every thread the server started.
     * Idempotent.
     *
     * @throws IllegalStateException if threads are still running {@code JOIN_BOUND} after every socket
     *     was closed (a handler that does not return)
     */
    @Override
    public synchronized void close() {
        if (closedDone) {
            return;
        }
        closedDone = true;
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "listener close: {0}", e.toString());
        }
        boolean interrupted = false;
        try {
            acceptor.get();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "acceptor failed", e.getCause());
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (Session s : sessions.values()) {
            s.close(CloseReason.SHUTDOWN, "server shutting down");
        }
        threads.shutdown();
        try {
            long graceNanos = config.closeGrace().toNanos() * 2;
            if (!threads.awaitTermination(graceNanos, TimeUnit.NANOSECONDS)) {
                for (Session s : sessions.values()) {
                    s.hardClose();
                }
                if (!threads.awaitTermination(JOIN_BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("server threads still running after every socket was closed");
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            threads.shutdownNow();
        } finally {
            sweeping.cancel(false);
            sweeper.shutdownNow();
            try {
                if (!sweeper.awaitTermination(JOIN_BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "sweeper did not stop");
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether every thread the server started has ended (true after {@link #close()} returned). */
    public boolean isTerminated() {
        return threads.isTerminated() && sweeper.isTerminated();
    }
}
