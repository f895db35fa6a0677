package org.gkm.gcks.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with an optional absolute deadline: before every read the socket timeout is set
 * to the time left, so a peer trickling one byte at a time cannot stretch a deadline the way it could
 * a per-read timeout. Past the deadline a read throws {@link SocketTimeoutException}. Without a
 * deadline reads are untimed (the server's sessions: their deadlines are kept by the sweeper, which
 * spares every read a timer). The deadline is set by the reading thread between reads.
 */
final class DeadlineInputStream extends InputStream {
    private static final long NONE = Long.MIN_VALUE;

    private final Socket socket;
    private final InputStream in;
    private long deadlineNanos = NONE;
    private int soTimeout;

    DeadlineInputStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.soTimeout = socket.getSoTimeout();
    }

    /** Reads from now on must end by {@code System.nanoTime()} value {@code deadlineNanos}. */
    void deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Reads from now on are untimed. */
    void noDeadline() {
        this.deadlineNanos = NONE;
    }

    private void arm() throws IOException {
        int ms = 0;
        if (deadlineNanos != NONE) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
        }
        if (ms != soTimeout) {
            socket.setSoTimeout(ms);
            soTimeout = ms;
        }
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }
}
