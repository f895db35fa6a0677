package org.gkm.gcks.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The frame format: round trips, and every rule of strict decoding with its typed error. */
class FrameCodecTest {
    private static final int LIMIT = 1 << 20;

    private static byte[] wire(EncodedFrame f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.writeTo(out);
        return out.toByteArray();
    }

    private static Frame readOne(byte[] bytes, int limit) throws IOException, FrameException {
        return new FrameReader(new ByteArrayInputStream(bytes), limit).next();
    }

    private static FrameException.Reason failure(byte[] bytes, int limit) {
        return assertThrows(FrameException.class, () -> readOne(bytes, limit)).reason();
    }

    private static byte[] header(long length, int version, int type) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
            (byte) version, (byte) type};
    }

    @Test
    void everyTypeRoundTripsThroughStreamAndDatagram() throws Exception {
        SplittableRandom rnd = new SplittableRandom(1);
        for (FrameType type : FrameType.values()) {
            for (int size : new int[] {0, 1, 1000, FrameReader.CHUNK_BYTES + 1, 3 * FrameReader.CHUNK_BYTES + 17}) {
                byte[] payload = new byte[size];
                rnd.nextBytes(payload);
                byte[] bytes = wire(FrameCodec.encode(type, payload));
                assertEquals(FrameCodec.PREFIX_BYTES + FrameCodec.HEADER_BYTES + size, bytes.length);
                assertEquals(FrameCodec.VERSION, bytes[4]);
                assertEquals(type.code(), bytes[5] & 0xFF);
                Frame f = readOne(bytes, LIMIT);
                assertEquals(type, f.type());
                assertArrayEquals(payload, f.payload());
                assertEquals(Frame.of(type, payload), f);
                if (bytes.length <= FrameCodec.MAX_DATAGRAM_BYTES) {
                    assertEquals(f, FrameCodec.decodeDatagram(bytes, 0, bytes.length, LIMIT));
                }
            }
        }
    }

    @Test
    void consecutiveFramesAndCleanEndOfStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ControlFrames.ping(7).writeTo(out);
        FrameCodec.encode(FrameType.REKEY, new byte[] {1, 2, 3}).writeTo(out);
        FrameReader r = new FrameReader(new ByteArrayInputStream(out.toByteArray()), LIMIT);
        assertEquals(7, ControlFrames.token(r.next()));
        assertArrayEquals(new byte[] {1, 2, 3}, r.next().payload());
        assertNull(r.next(), "end of stream at a frame boundary is a clean end");
    }

    @Test
    void aFrameAtTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
        int limit = 100;
        byte[] atLimit = wire(FrameCodec.encode(FrameType.REKEY, new byte[limit - FrameCodec.HEADER_BYTES]));
        assertEquals(limit - FrameCodec.HEADER_BYTES, readOne(atLimit, limit).payloadLength());
        byte[] over = wire(FrameCodec.encode(FrameType.REKEY, new byte[limit - FrameCodec.HEADER_BYTES + 1]));
        assertEquals(FrameException.Reason.TOO_LARGE, failure(over, limit));
        assertEquals(FrameException.Reason.TOO_LARGE,
                assertThrows(FrameException.class, () -> FrameCodec.decodeDatagram(over, 0, over.length, limit)).reason());
    }

    /** Bytes allocated by this thread so far (HotSpot's per-thread allocation counter). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void aLengthPrefixOfTwoToTheThirtyOneMinusOneIsRefusedBeforeAnyAllocation() throws Exception {
        byte[] prefix = header(Integer.MAX_VALUE, FrameCodec.VERSION, FrameType.REKEY.code());
        CountingStream in = new CountingStream(new ByteArrayInputStream(prefix));
        FrameReader reader = new FrameReader(in, LIMIT);
        long before = allocated();
        FrameException e = assertThrows(FrameException.class, reader::next);
        long used = allocated() - before;
        assertEquals(FrameException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("2147483647") && e.getMessage().contains(String.valueOf(LIMIT)), e.getMessage());
        assertEquals(FrameCodec.PREFIX_BYTES, in.consumed, "nothing past the length prefix is read");
        assertTrue(used < 64 * 1024, "refusing the prefix allocated " + used + " bytes");
    }

    @Test
    void aLengthWithinAHugeLimitStillAllocatesOnlyAboutWhatArrives() throws Exception {
        // The limit allows the claim; the peer then sends 100 bytes and stops. Chunked reading holds
        // memory proportional to what arrived, not to the 2 GiB claimed.
        long claimed = FrameCodec.MAX_FRAME_LIMIT;
        byte[] bytes = Arrays.copyOf(header(claimed, FrameCodec.VERSION, FrameType.REKEY.code()), 106);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), FrameCodec.MAX_FRAME_LIMIT);
        long before = allocated();
        FrameException e = assertThrows(FrameException.class, reader::next);
        long used = allocated() - before;
        assertEquals(FrameException.Reason.TRUNCATED, e.reason());
        assertTrue(used < 1024 * 1024, "a truncated claim of " + claimed + " bytes allocated " + used + " bytes");
    }

    @Test
    void theHeaderIsCheckedBeforeThePayloadIsRead() throws Exception {
        byte[] badVersion = Arrays.copyOf(header(12, 2, FrameType.REKEY.code()), 16);
        CountingStream in = new CountingStream(new ByteArrayInputStream(badVersion));
        assertEquals(FrameException.Reason.UNSUPPORTED_VERSION,
                assertThrows(FrameException.class, () -> new FrameReader(in, LIMIT).next()).reason());
        assertEquals(6, in.consumed);

        byte[] unknown = Arrays.copyOf(header(12, FrameCodec.VERSION, 0x7F), 16);
        CountingStream in2 = new CountingStream(new ByteArrayInputStream(unknown));
        FrameException e = assertThrows(FrameException.class, () -> new FrameReader(in2, LIMIT).next());
        assertEquals(FrameException.Reason.UNKNOWN_TYPE, e.reason());
        assertTrue(e.getMessage().contains("0x7f"), e.getMessage());
        assertEquals(6, in2.consumed);
    }

    @Test
    void lengthsBelowTheHeaderAreMalformed() {
        for (long length : new long[] {0, 1}) {
            assertEquals(FrameException.Reason.MALFORMED, failure(header(length, 1, 1), LIMIT), "length " + length);
        }
    }

    @Test
    void everyTruncationIsTruncated() throws Exception {
        byte[] whole = wire(FrameCodec.encode(FrameType.REGISTER, new byte[40]));
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertEquals(FrameException.Reason.TRUNCATED, failure(part, LIMIT), "cut at " + cut);
            int c = cut;
            assertEquals(FrameException.Reason.TRUNCATED,
                    assertThrows(FrameException.class, () -> FrameCodec.decodeDatagram(part, 0, c, LIMIT)).reason());
        }
    }

    @Test
    void aDatagramWithTrailingBytesIsMalformed() throws Exception {
        byte[] whole = wire(ControlFrames.ping(1));
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertEquals(FrameException.Reason.MALFORMED,
                assertThrows(FrameException.class, () -> FrameCodec.decodeDatagram(longer, 0, longer.length, LIMIT)).reason());
    }

    @Test
    void controlPayloadsRoundTripAndAreStrict() throws Exception {
        assertEquals(-5L, ControlFrames.token(readOne(wire(ControlFrames.pong(-5)), LIMIT)));
        ControlFrames.Busy busy = ControlFrames.busy(readOne(wire(ControlFrames.busy(new ControlFrames.Busy(Duration.ofMillis(1500)))), LIMIT));
        assertEquals(Duration.ofMillis(1500), busy.retryAfter());
        ControlFrames.Goodbye bye = ControlFrames.goodbye(readOne(wire(ControlFrames.goodbye(CloseReason.IDLE_TIMEOUT, "idle")), LIMIT));
        assertEquals(CloseReason.IDLE_TIMEOUT, bye.reason().orElseThrow());
        assertEquals("idle", bye.detail());
        assertTrue(new ControlFrames.Goodbye(0xFFFF, "").reason().isEmpty(), "an unknown code is carried, not mapped");

        FrameException trailing = assertThrows(FrameException.class,
                () -> ControlFrames.token(Frame.of(FrameType.PING, new byte[9])));
        assertEquals(FrameException.Reason.MALFORMED, trailing.reason());
        assertEquals(FrameException.Reason.MALFORMED, assertThrows(FrameException.class,
                () -> ControlFrames.busy(Frame.of(FrameType.BUSY, new byte[3]))).reason());
        byte[] control = {0, 1, 1, 0x07};
        assertEquals(FrameException.Reason.MALFORMED, assertThrows(FrameException.class,
                () -> ControlFrames.goodbye(Frame.of(FrameType.GOODBYE, control))).reason(), "a goodbye detail must be printable");
        assertThrows(IllegalArgumentException.class, () -> ControlFrames.goodbye(CloseReason.SHUTDOWN, "line\nbreak"));
    }

    @Test
    void frameTypeCodesAreUniqueAndUnknownCodesAreRefused() throws Exception {
        for (FrameType t : FrameType.values()) {
            assertEquals(t, FrameType.fromCode(t.code()));
        }
        int known = 0;
        for (int code = 0; code < 256; code++) {
            try {
                FrameType.fromCode(code);
                known++;
            } catch (FrameException e) {
                assertEquals(FrameException.Reason.UNKNOWN_TYPE, e.reason());
            }
        }
        assertEquals(FrameType.values().length, known);
        assertEquals(FrameException.Reason.UNKNOWN_TYPE, assertThrows(FrameException.class, () -> FrameType.fromCode(-1)).reason());
    }

    @Test
    void theFrameLimitMustBeOneAReaderCanHonour() {
        InputStream empty = new ByteArrayInputStream(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(empty, 1));
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(empty, Integer.MAX_VALUE));
    }

    @Test
    void toStringShowsNoPayloadBytes() {
        Frame f = Frame.of(FrameType.REGISTER, "secret-key-material".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("Frame[REGISTER, 19 payload bytes]", f.toString());
    }

    /** Seeded mutations of valid frames: every outcome is a frame or a typed error, nothing else. */
    @Test
    void fuzzedStreamsDecodeOrFailTyped() throws Exception {
        long seed = Long.getLong("gkm.fuzz.seed", System.nanoTime());
        System.out.println("FrameCodecTest fuzz seed " + seed + " (-Dgkm.fuzz.seed=" + seed + " repeats it)");
        SplittableRandom rnd = new SplittableRandom(seed);
        int frames = 0;
        int errors = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = FrameFuzz.mutate(rnd, 4096);
            FrameReader r = new FrameReader(new ByteArrayInputStream(bytes), 4096);
            try {
                while (r.next() != null) {
                    frames++;
                }
            } catch (FrameException e) {
                errors++;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + ": untyped failure", e);
            }
        }
        assertTrue(frames > 0 && errors > 0, "the fuzzer should produce both outcomes: " + frames + " frames, " + errors + " errors");
    }

    /** Counts the bytes a reader consumed. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        int consumed;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }
    }
}
