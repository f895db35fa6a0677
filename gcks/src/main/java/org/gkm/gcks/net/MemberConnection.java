package org.gkm.gcks.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A member's connection to a GCKS (member agents and tests): blocking, frame at a time, with the
 * same strict codec and frame limit as the server. Sending is thread-safe (one frame at a time);
 * receiving is for one thread.
 *
 * <p>{@link #receive(Duration)} has an absolute deadline; when it passes, or a frame breaks the
 * format, the connection is closed (the stream can no longer be trusted to be at a frame boundary).
 */
public final class MemberConnection implements AutoCloseable {
    private final Socket socket;
    private final DeadlineInputStream raw;
    private final BufferedInputStream buffered;
    private final FrameReader frames;
    private final OutputStream out;

    private MemberConnection(Socket socket, int maxFrameBytes) throws IOException {
        this.socket = socket;
        this.raw = new DeadlineInputStream(socket);
        this.buffered = new BufferedInputStream(raw, 8 * 1024);
        this.frames = new FrameReader(buffered, maxFrameBytes);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /**
     * Connects to the GCKS at {@code gcks}.
     *
     * @param maxFrameBytes the largest frame this member accepts from the GCKS
     * @param connectTimeout bound on the TCP connect
     */
    public static MemberConnection connect(InetSocketAddress gcks, int maxFrameBytes, Duration connectTimeout)
            throws IOException {
        FrameCodec.checkLimit(maxFrameBytes);
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(gcks, (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            return new MemberConnection(socket, maxFrameBytes);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Connects with the default frame limit and a 5-second connect timeout. */
    public static MemberConnection connect(InetSocketAddress gcks) throws IOException {
        return connect(gcks, ServerConfig.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(5));
    }

    /**
     * Sends one frame and flushes.
     *
     * @throws IllegalArgumentException for a type members do not send
     */
    public void send(FrameType type, byte[] payload) throws IOException {
        send(FrameCodec.encode(type, payload));
    }

    /** Sends one encoded frame and flushes. */
    public void send(EncodedFrame frame) throws IOException {
        if (!frame.type().direction().gcksMayReceive()) {
            throw new IllegalArgumentException("members do not send " + frame.type() + " frames");
        }
        synchronized (out) {
            frame.writeTo(out);
            out.flush();
        }
    }

    /** Sends a goodbye and closes the connection. */
    public void goodbye() throws IOException {
        try {
            send(ControlFrames.goodbye(CloseReason.PEER_CLOSED, ""));
        } finally {
            close();
        }
    }

    /**
     * The next frame from the GCKS, within {@code timeout}.
     *
     * @throws EOFException the GCKS closed the connection at a frame boundary
     * @throws SocketTimeoutException no whole frame within the timeout (the connection is closed)
     * @throws FrameException the GCKS's bytes break the format, or it sent a type it may not (the
     *     connection is closed)
     */
    public Frame receive(Duration timeout) throws IOException, FrameException {
        raw.deadline(System.nanoTime() + timeout.toNanos());
        try {
            Frame f = frames.next();
            if (f == null) {
                throw new EOFException("the GCKS closed the connection");
            }
            if (!f.type().direction().memberMayReceive()) {
                throw new FrameException(FrameException.Reason.UNEXPECTED_TYPE, f.type() + " frames are not sent by a GCKS");
            }
            return f;
        } catch (SocketTimeoutException | FrameException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits up to {@code wait} for the GCKS's next frame to begin, then reads it whole within
     * {@code frameTimeout}. Unlike {@link #receive}, a wait that ends with no byte of a new frame
     * returns null and leaves the connection open (the stream is still at a frame boundary): what an
     * idle member does between rekeys.
     *
     * @throws EOFException the GCKS closed the connection at a frame boundary
     */
    public Frame poll(Duration wait, Duration frameTimeout) throws IOException, FrameException {
        raw.deadline(System.nanoTime() + wait.toNanos());
        buffered.mark(1);
        try {
            if (buffered.read() < 0) {
                throw new EOFException("the GCKS closed the connection");
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        buffered.reset();
        return receive(frameTimeout);
    }

    /** The local address of this connection. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
