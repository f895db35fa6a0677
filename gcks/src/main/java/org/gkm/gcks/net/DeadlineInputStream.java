package org.gkm.gcks.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input with an absolute deadline: before every read the socket timeout is set to the time
 * left, so a peer trickling one byte at a time cannot stretch a deadline the way it could a per-read
 * timeout. Past the deadline a read throws {@link SocketTimeoutException}. The deadline is set by the
 * reading thread between reads.
 */
final class DeadlineInputStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private long deadlineNanos;

    DeadlineInputStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Reads from now on must end by {@code System.nanoTime()} value {@code deadlineNanos}. */
    void deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    private void arm() throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        long ms = Math.max(1, (left + 999_999) / 1_000_000);
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
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
