package org.gkm.gcks.net;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * A test client that writes arbitrary bytes (garbage, cut frames, frames members may not send) and
 * reads the server's frames back with the real codec.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DeadlineInputStream raw;
    private final FrameReader frames;
    private final OutputStream out;

    public RawConnection(InetSocketAddress at) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(at, 5_000);
        raw = new DeadlineInputStream(socket);
        frames = new FrameReader(new BufferedInputStream(raw), ServerConfig.DEFAULT_MAX_FRAME_BYTES);
        out = socket.getOutputStream();
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next frame, or null when the server closed the connection. */
    public Frame next(Duration timeout) throws IOException, FrameException {
        raw.deadline(System.nanoTime() + timeout.toNanos());
        return frames.next();
    }

    /** Reads to the end of the stream: the goodbye's reason if one came (null if none), then EOF. */
    public CloseReason goodbyeThenEnd(Duration timeout) throws IOException, FrameException {
        CloseReason reason = null;
        for (Frame f; (f = next(timeout)) != null; ) {
            if (f.type() == FrameType.GOODBYE) {
                reason = ControlFrames.goodbye(f).reason().orElseThrow();
            }
        }
        return reason;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
