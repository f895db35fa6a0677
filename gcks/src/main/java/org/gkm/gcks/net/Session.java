package org.gkm.gcks.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One member's connection to a {@link FrameServer}: a reader thread that decodes the member's frames
 * and calls the {@link FrameHandler}, a writer thread that drains a bounded outbound queue, and the
 * connection's deadlines. Both threads are virtual; a member that stalls blocks only its own.
 *
 * <p>Invariants: at most {@code outboundQueueFrames} frames wait for a member; one more and the
 * member is disconnected ({@link CloseReason#OUTBOUND_OVERFLOW}), never buffered without bound. A
 * session holds at most one registration slot, given back when the handler says the registration
 * ended or the session closes. A session closes once, with one {@link CloseReason}; it then sends
 * nothing but a goodbye, and its socket is closed within the close grace.
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final long id;
    private final FrameServer server;
    private final ServerConfig config;
    private final Socket socket;
    private final ArrayBlockingQueue<EncodedFrame> outbound;
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    private final AtomicBoolean registrationSlot = new AtomicBoolean();
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private volatile Thread writer;
    /** {@code System.nanoTime()} when the blocked write began, 0 when the writer is not writing. */
    private volatile long writeStartedNanos;
    /** {@code System.nanoTime()} when closing began, 0 while open. */
    private volatile long closingSinceNanos;
    /** {@code System.nanoTime()} by which the member's next frame must be complete; {@link #NO_DEADLINE} while none is awaited. */
    private volatile long readDeadlineNanos;
    /** What passing {@link #readDeadlineNanos} means: a handshake (first frame, registration) or idleness. */
    private volatile CloseReason readDeadlineReason = CloseReason.HANDSHAKE_TIMEOUT;
    private volatile Object attachment;
    // Reader thread only.
    private long registrationStartedNanos;

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    Session(long id, FrameServer server, Socket socket, long acceptedNanos) {
        this.id = id;
        this.server = server;
        this.config = server.config();
        this.socket = socket;
        this.outbound = new ArrayBlockingQueue<>(config.outboundQueueFrames());
        this.readDeadlineNanos = acceptedNanos + config.handshakeDeadline().toNanos();
    }

    /** The server-unique id of this connection. */
    public long id() {
        return id;
    }

    /** The member's address. */
    public SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    /** Whether the session is neither closing nor closed. */
    public boolean isOpen() {
        return closeReason.get() == null;
    }

    /** Why the session closed, once it did. */
    public Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason.get());
    }

    /** What the exchanges keep with this connection (the member's identity, its group); null at first. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    /**
     * Queues one frame for the member, without blocking. A full queue means the member does not read:
     * the session is closed ({@link CloseReason#OUTBOUND_OVERFLOW}) and the frame dropped.
     *
     * @return whether the frame was queued (false once the session is closing)
     * @throws IllegalArgumentException for a type the GCKS does not send, or a goodbye (use {@link #close})
     */
    public boolean send(EncodedFrame frame) {
        FrameType t = frame.type();
        if (!t.direction().memberMayReceive() || t == FrameType.GOODBYE) {
            throw new IllegalArgumentException("a GCKS does not send " + t + " frames this way");
        }
        return enqueue(frame);
    }

    private boolean enqueue(EncodedFrame frame) {
        if (closeReason.get() != null) {
            return false;
        }
        if (outbound.offer(frame)) {
            return true;
        }
        close(CloseReason.OUTBOUND_OVERFLOW, "member does not read: " + outbound.size() + " frames queued");
        return false;
    }

    /** Gives back this session's registration slot (the exchange ended, successfully or not). */
    public void registrationDone() {
        if (registrationSlot.compareAndSet(true, false)) {
            server.releaseRegistration();
        }
    }

    /**
     * Ends the connection from the exchange side (a refused or ejected member): a goodbye with
     * {@link CloseReason#CLOSED_BY_HANDLER} and {@code detail} (printable ASCII, no secrets), then close.
     */
    public void close(String detail) {
        close(CloseReason.CLOSED_BY_HANDLER, detail);
    }

    /** Starts closing with {@code reason}: a goodbye where the member can act on one, else at once. */
    void close(CloseReason reason, String detail) {
        if (!closeReason.compareAndSet(null, reason)) {
            return;
        }
        server.closed(reason);
        registrationDone();
        closingSinceNanos = System.nanoTime() | 1;
        if (!sendsGoodbye(reason)) {
            hardClose();
            return;
        }
        outbound.clear();
        if (!outbound.offer(ControlFrames.goodbye(reason, printable(detail)))) {
            hardClose();
        }
    }

    private static boolean sendsGoodbye(CloseReason reason) {
        return switch (reason) {
            case PEER_CLOSED, IO_ERROR, OUTBOUND_OVERFLOW, WRITE_STALLED -> false;
            default -> true;
        };
    }

    private static String printable(String detail) {
        StringBuilder b = new StringBuilder(Math.min(detail.length(), 200));
        for (int i = 0; i < detail.length() && b.length() < 200; i++) {
            char c = detail.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    /** Closes the socket now (idempotent); both threads end soon after. */
    void hardClose() {
        if (!socketClosed.compareAndSet(false, true)) {
            return;
        }
        closeReason.compareAndSet(null, CloseReason.IO_ERROR);
        registrationDone();
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "session {0}: close failed: {1}", id, e);
        }
        Thread w = writer;
        if (w != null) {
            w.interrupt();
        }
    }

    /**
     * Called by the server's sweeper: ends a read past its deadline (with a goodbye), a stalled write
     * or an overlong close. The sweeper keeps the read deadlines so that reads need no timer each;
     * its period bounds how late past a deadline a connection is closed.
     */
    void sweep(long now) {
        long rd = readDeadlineNanos;
        if (rd != NO_DEADLINE && now - rd > 0) {
            CloseReason r = readDeadlineReason;
            close(r, r == CloseReason.HANDSHAKE_TIMEOUT ? "handshake deadline passed" : "idle deadline passed");
        }
        long ws = writeStartedNanos;
        if (ws != 0 && now - ws > config.writeDeadline().toNanos()) {
            if (closeReason.compareAndSet(null, CloseReason.WRITE_STALLED)) {
                server.closed(CloseReason.WRITE_STALLED);
                closingSinceNanos = now | 1;
            }
            hardClose();
        }
        long cs = closingSinceNanos;
        if (cs != 0 && now - cs > config.closeGrace().toNanos()) {
            hardClose();
        }
    }

    // ------------------------------------------------------------------ writer thread

    void writeLoop() {
        writer = Thread.currentThread();
        writer.setName("gcks-write-" + id);
        try {
            if (socketClosed.get()) {
                return;
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (true) {
                EncodedFrame f = outbound.take();
                writeStartedNanos = System.nanoTime() | 1;
                f.writeTo(out);
                boolean last = f.type() == FrameType.GOODBYE;
                if (last || outbound.isEmpty()) {
                    out.flush();
                }
                writeStartedNanos = 0;
                server.frameOut();
                if (last) {
                    socket.shutdownOutput();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // hardClose: the socket is closed; nothing more to write
        } catch (IOException e) {
            if (closeReason.compareAndSet(null, CloseReason.IO_ERROR)) {
                server.closed(CloseReason.IO_ERROR);
            }
            hardClose();
        } finally {
            writeStartedNanos = 0;
            writerDone.countDown();
        }
    }

    // ------------------------------------------------------------------ reader thread

    void readLoop() {
        Thread.currentThread().setName("gcks-read-" + id);
        DeadlineInputStream raw = null;
        try {
            raw = new DeadlineInputStream(socket);
            FrameReader frames = new FrameReader(new BufferedInputStream(raw, 8 * 1024), config.maxFrameBytes());
            server.handler().onOpen(this);
            while (closeReason.get() == null) {
                Frame f = frames.next();
                if (f == null) {
                    close(CloseReason.PEER_CLOSED, "");
                    break;
                }
                if (closeReason.get() != null) {
                    break;
                }
                // Nothing is awaited from the member while its frame is handled (a slow commit is ours).
                readDeadlineNanos = NO_DEADLINE;
                server.frameIn();
                dispatch(f);
                if (registrationSlot.get()) {
                    readDeadlineReason = CloseReason.HANDSHAKE_TIMEOUT;
                    readDeadlineNanos = registrationStartedNanos + config.handshakeDeadline().toNanos();
                } else {
                    readDeadlineReason = CloseReason.IDLE_TIMEOUT;
                    readDeadlineNanos = System.nanoTime() + config.idleDeadline().toNanos();
                }
            }
        } catch (FrameException e) {
            close(CloseReason.of(e.reason()), e.getMessage());
        } catch (IOException e) {
            close(CloseReason.IO_ERROR, "");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session " + id + ": handler failed", e);
            close(CloseReason.HANDLER_FAILED, "internal error");
        } finally {
            linger(raw);
            hardClose();
            try {
                server.handler().onClose(this, closeReason.get());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "session " + id + ": onClose failed", e);
            }
            server.ended(this);
        }
    }

    private void dispatch(Frame f) throws FrameException {
        FrameType t = f.type();
        if (!t.direction().gcksMayReceive()) {
            throw new FrameException(FrameException.Reason.UNEXPECTED_TYPE, t + " frames are not sent by members");
        }
        switch (t) {
            case PING -> enqueue(ControlFrames.pong(ControlFrames.token(f)));
            case PONG -> ControlFrames.token(f);
            case GOODBYE -> {
                ControlFrames.goodbye(f);
                close(CloseReason.PEER_CLOSED, "");
            }
            default -> {
                if (t.opensRegistration() && !registrationSlot.get()) {
                    if (!server.tryAdmitRegistration()) {
                        server.busyAnswered();
                        enqueue(server.busyFrame());
                        return;
                    }
                    registrationSlot.set(true);
                    registrationStartedNanos = System.nanoTime();
                    if (socketClosed.get()) {
                        registrationDone();
                    }
                }
                server.handler().onFrame(this, f);
            }
        }
    }

    /**
     * After a close with a goodbye: let the writer deliver it, then read and discard what the member
     * still sends until it closes or the grace passes, so closing does not reset the connection
     * under the goodbye.
     */
    private void linger(DeadlineInputStream raw) {
        if (socketClosed.get() || raw == null) {
            return;
        }
        long deadline = closingSinceNanos + config.closeGrace().toNanos();
        try {
            if (!writerDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
            raw.deadline(deadline);
            byte[] sink = new byte[4096];
            while (raw.read(sink, 0, sink.length) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // deadline passed or the member reset: close now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
