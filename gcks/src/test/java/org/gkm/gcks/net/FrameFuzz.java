package org.gkm.gcks.net;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded generator of mutated frame streams for the decoder and live-server fuzz tests. */
public final class FrameFuzz {
    private FrameFuzz() {
    }

    /** A valid frame of a random type and payload of at most {@code maxPayload} bytes. */
    public static byte[] valid(SplittableRandom rnd, int maxPayload) {
        FrameType[] types = FrameType.values();
        FrameType t = types[rnd.nextInt(types.length)];
        byte[] payload = switch (t) {
            case PING, PONG -> ControlFramesPayloads.token(rnd.nextLong());
            default -> {
                byte[] p = new byte[rnd.nextInt(Math.min(maxPayload, 300) + 1)];
                rnd.nextBytes(p);
                yield p;
            }
        };
        return FrameCodec.encode(t, payload).wireBytes().clone();
    }

    /** One to three frames, then one mutation: bit flips, a new length, type or version, a cut, junk. */
    static byte[] mutate(SplittableRandom rnd, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.writeBytes(valid(rnd, limit));
        }
        return mutate(rnd, out.toByteArray(), limit);
    }

    /**
     * One mutation of {@code frames} (whole frames in wire form; not modified): bit flips anywhere, a
     * new length, type or version in the first header, a cut, random bytes instead, junk appended,
     * bit flips or random bytes in the first frame's payload only (the header stays valid, so the
     * payload's own decoder is what meets them), or none (left valid).
     */
    public static byte[] mutate(SplittableRandom rnd, byte[] frames, int limit) {
        byte[] b = frames.clone();
        int payloadFrom = FrameCodec.PREFIX_BYTES + FrameCodec.HEADER_BYTES;
        switch (rnd.nextInt(10)) {
            case 8 -> {
                if (b.length > payloadFrom) {
                    for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                        b[payloadFrom + rnd.nextInt(b.length - payloadFrom)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                }
            }
            case 9 -> {
                if (b.length > payloadFrom) {
                    int at = payloadFrom + rnd.nextInt(b.length - payloadFrom);
                    int len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                    for (int i = 0; i < len; i++) {
                        b[at + i] = (byte) rnd.nextInt(256);
                    }
                }
            }
            case 0 -> {
                for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> {
                long len = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextLong(0, 1L << 32);
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> rnd.nextInt(3);
                    default -> limit + 1 + rnd.nextInt(100);
                };
                b[0] = (byte) (len >>> 24);
                b[1] = (byte) (len >>> 16);
                b[2] = (byte) (len >>> 8);
                b[3] = (byte) len;
            }
            case 2 -> b[5] = (byte) rnd.nextInt(256);
            case 3 -> b[4] = (byte) rnd.nextInt(256);
            case 4 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 5 -> {
                b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
            }
            case 6 -> {
                byte[] junk = new byte[1 + rnd.nextInt(16)];
                rnd.nextBytes(junk);
                byte[] c = Arrays.copyOf(b, b.length + junk.length);
                System.arraycopy(junk, 0, c, b.length, junk.length);
                b = c;
            }
            default -> {
                // left valid: the server must keep serving valid frames among the fuzz
            }
        }
        return b;
    }

    /** Payload helpers that do not go through the encoders' argument checks. */
    private static final class ControlFramesPayloads {
        static byte[] token(long v) {
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (56 - 8 * i));
            }
            return b;
        }
    }

    /** What the server's parser makes of a byte sequence: whole frames, then a cut or a format error (or none). */
    public record Prediction(FrameException error, int framesBefore) {
        /** Whether the bytes end inside a frame. */
        public boolean truncated() {
            return error != null && error.reason() == FrameException.Reason.TRUNCATED;
        }
    }

    /** Runs the frame parser over {@code bytes} with a frame limit of {@code limit} bytes. */
    public static Prediction predict(byte[] bytes, int limit) throws IOException {
        FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), limit);
        int frames = 0;
        try {
            while (r.next() != null) {
                frames++;
            }
            return new Prediction(null, frames);
        } catch (FrameException e) {
            return new Prediction(e, frames);
        }
    }
}
