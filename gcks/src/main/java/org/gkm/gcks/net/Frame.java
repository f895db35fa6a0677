package org.gkm.gcks.net;

import java.util.Arrays;
import java.util.Objects;
import org.gkm.wire.WireReader;

/**
 * One decoded frame: its type and payload. Immutable: the payload is copied in and handed out as a
 * copy or through a {@link WireReader} that never writes. {@link #toString()} shows the type and the
 * payload's length, never its bytes (registration payloads carry key material).
 */
public final class Frame {
    private final FrameType type;
    private final byte[] payload;

    private Frame(FrameType type, byte[] payload) {
        this.type = Objects.requireNonNull(type, "type");
        this.payload = payload;
    }

    /** A frame of {@code type} carrying a copy of {@code payload}. */
    public static Frame of(FrameType type, byte[] payload) {
        return new Frame(type, payload.clone());
    }

    /** A frame that takes ownership of {@code payload} (the codec's freshly read array). */
    static Frame owning(FrameType type, byte[] payload) {
        return new Frame(type, payload);
    }

    public FrameType type() {
        return type;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** A strict reader over the payload whose errors are {@link FrameException.Reason#MALFORMED}. */
    public WireReader<FrameException> reader() {
        return new WireReader<>(payload, FrameException::malformed);
    }

    /** This frame encoded for the wire. */
    public EncodedFrame encode() {
        return FrameCodec.encode(type, payload);
    }

    /** Same type and payload bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", " + payload.length + " payload bytes]";
    }
}
