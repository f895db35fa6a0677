package org.gkm.gcks.net;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A frame in its wire form (length prefix, version, type, payload), encoded once and written as is to
 * any number of sockets or datagrams: a rekey message fanned out to every member costs one encoding.
 * Immutable; its bytes never leave except into an {@link OutputStream} or a datagram.
 */
public final class EncodedFrame {
    private final FrameType type;
    private final byte[] wire;

    EncodedFrame(FrameType type, byte[] wire) {
        this.type = Objects.requireNonNull(type, "type");
        this.wire = wire;
    }

    public FrameType type() {
        return type;
    }

    /** Bytes on the wire, prefix included. */
    public int size() {
        return wire.length;
    }

    /** Writes the whole frame (no flush). */
    public void writeTo(OutputStream out) throws IOException {
        out.write(wire);
    }

    /** The wire bytes, for a datagram (package-private: the array is not copied). */
    byte[] wireBytes() {
        return wire;
    }

    @Override
    public String toString() {
        return "EncodedFrame[" + type + ", " + wire.length + " bytes]";
    }
}
