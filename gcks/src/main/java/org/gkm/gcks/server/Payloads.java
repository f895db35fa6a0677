package org.gkm.gcks.server;

import java.util.ArrayList;
import java.util.List;
import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameCodec;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.rekey.store.StoredMessage;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The payloads of the GCKS exchanges ({@code docs/gcks.md}, "Exchanges"), big-endian, each read
 * strictly (every field checked, no trailing bytes). Group ids are GKMP group ids (u64).
 *
 * <pre>
 * REGISTER           group u64, gkmp frame bytes32
 * REGISTER_REPLY     kind u8 = 1 GKMP: gkmp frame bytes32
 *                    kind u8 = 2 REGISTERED: group u64, tree member id u32, Data SA sender id u32, head sequence u64
 *                    kind u8 = 3 REFUSED: code u16, detail ascii8
 * DEREGISTER         group u64, tree member id u32, proof [32] (HMAC-SHA256 under the client key)
 * DEREGISTER_REPLY   kind u8 = 2 DONE: sequence u64 (the leave rekey) | kind u8 = 3 REFUSED: code u16, detail ascii8
 * REKEY              group u64, sequence u64, sealed rekey message bytes32
 * REKEY_ACK          group u64, sequence u64
 * RESYNC_REQUEST     group u64, after i64 (negative: refused), max u16 (>= 1)
 * RESYNC_REPLY       kind u8 = 1 MESSAGES: group u64, head u64, count u16, count x (sequence u64, message bytes32)
 *                    kind u8 = 2 COMPACTED: group u64, compacted through u64
 *                    kind u8 = 3 REFUSED: code u16, detail ascii8
 * </pre>
 */
public final class Payloads {
    public static final int KIND_GKMP = 1;
    public static final int KIND_OK = 2;
    public static final int KIND_REFUSED = 3;
    /** Largest GKMP frame carried in a registration frame. */
    public static final int MAX_GKMP_FRAME = 64 * 1024;
    /** Largest sealed rekey message carried. */
    public static final int MAX_MESSAGE = 1 << 20;
    public static final int PROOF_BYTES = 32;
    /** RESYNC_REPLY kinds. */
    public static final int RESYNC_MESSAGES = 1;
    public static final int RESYNC_COMPACTED = 2;

    private Payloads() {
    }

    static WireReader<FrameException> reader(Frame f, FrameType expected) {
        if (f.type() != expected) {
            throw new IllegalArgumentException("not a " + expected + " frame: " + f.type());
        }
        return f.reader();
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }

    private static final String PRINTABLE;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            b.append(c);
        }
        PRINTABLE = b.toString();
    }

    /** A refusal: its code (a {@link Refusal} if known) and a printable detail. */
    public record Refused(int code, String detail) {
        public java.util.Optional<Refusal> refusal() {
            return Refusal.fromCode(code);
        }
    }

    static byte[] refused(Refusal r, String detail) {
        return WireWriter.growable().u8(KIND_REFUSED).u16(r.code()).ascii8(printable(detail)).toByteArray();
    }

    static Refused readRefused(WireReader<FrameException> r, String what) throws FrameException {
        int code = r.u16("refusal code");
        String detail = r.ascii8(0, 255, PRINTABLE, "refusal detail");
        r.finish(what);
        return new Refused(code, detail);
    }

    // ------------------------------------------------------------------ registration

    /** A REGISTER frame: the group and one GKMP frame. */
    public record Register(long group, byte[] gkmpFrame) {
    }

    public static EncodedFrame register(long group, byte[] gkmpFrame) {
        return FrameCodec.encode(FrameType.REGISTER, WireWriter.growable().i64(group).bytes32(gkmpFrame, MAX_GKMP_FRAME).toByteArray());
    }

    public static Register register(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.REGISTER);
        long g = r.i64("group");
        byte[] gkmp = r.bytes32(1, MAX_GKMP_FRAME, "gkmp frame");
        r.finish("REGISTER payload");
        return new Register(g, gkmp);
    }

    /** A successful registration's facts. */
    public record Registered(long group, int memberId, long senderId, long headSequence) {
    }

    /** What a REGISTER_REPLY holds: exactly one of the three. */
    public record RegisterReply(byte[] gkmpFrame, Registered registered, Refused refused) {
    }

    public static EncodedFrame registerGkmp(byte[] gkmpFrame) {
        return FrameCodec.encode(FrameType.REGISTER_REPLY,
                WireWriter.growable().u8(KIND_GKMP).bytes32(gkmpFrame, MAX_GKMP_FRAME).toByteArray());
    }

    public static EncodedFrame registered(Registered r) {
        return FrameCodec.encode(FrameType.REGISTER_REPLY, WireWriter.growable().u8(KIND_OK).i64(r.group())
                .u32(r.memberId()).u32(r.senderId()).i64(r.headSequence()).toByteArray());
    }

    public static EncodedFrame registerRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.REGISTER_REPLY, refused(why, detail));
    }

    public static RegisterReply registerReply(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.REGISTER_REPLY);
        int kind = r.u8("kind");
        switch (kind) {
            case KIND_GKMP -> {
                byte[] gkmp = r.bytes32(1, MAX_GKMP_FRAME, "gkmp frame");
                r.finish("REGISTER_REPLY payload");
                return new RegisterReply(gkmp, null, null);
            }
            case KIND_OK -> {
                long g = r.i64("group");
                long id = r.u32("member id");
                long sender = r.u32("sender id");
                long head = r.nonNegativeLong("head sequence");
                r.finish("REGISTER_REPLY payload");
                if (id > Integer.MAX_VALUE) {
                    throw FrameException.malformed("member id out of range");
                }
                return new RegisterReply(null, new Registered(g, (int) id, sender, head), null);
            }
            case KIND_REFUSED -> {
                return new RegisterReply(null, null, readRefused(r, "REGISTER_REPLY payload"));
            }
            default -> throw FrameException.malformed("unknown REGISTER_REPLY kind " + kind);
        }
    }

    // ------------------------------------------------------------------ de-registration

    public record Deregister(long group, int memberId, byte[] proof) {
    }

    public static EncodedFrame deregister(long group, int memberId, byte[] proof) {
        return FrameCodec.encode(FrameType.DEREGISTER,
                WireWriter.growable().i64(group).u32(memberId).fixed(proof, PROOF_BYTES).toByteArray());
    }

    public static Deregister deregister(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.DEREGISTER);
        long g = r.i64("group");
        long id = r.u32("member id");
        byte[] proof = r.fixed(PROOF_BYTES, "proof");
        r.finish("DEREGISTER payload");
        if (id > Integer.MAX_VALUE) {
            throw FrameException.malformed("member id out of range");
        }
        return new Deregister(g, (int) id, proof);
    }

    /** A de-registration's answer: the leave rekey's sequence, or a refusal. */
    public record DeregisterReply(long sequence, Refused refused) {
    }

    public static EncodedFrame deregistered(long sequence) {
        return FrameCodec.encode(FrameType.DEREGISTER_REPLY, WireWriter.growable().u8(KIND_OK).i64(sequence).toByteArray());
    }

    public static EncodedFrame deregisterRefused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.DEREGISTER_REPLY, refused(why, detail));
    }

    public static DeregisterReply deregisterReply(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.DEREGISTER_REPLY);
        int kind = r.u8("kind");
        if (kind == KIND_OK) {
            long seq = r.nonNegativeLong("sequence");
            r.finish("DEREGISTER_REPLY payload");
            return new DeregisterReply(seq, null);
        }
        if (kind == KIND_REFUSED) {
            return new DeregisterReply(-1, readRefused(r, "DEREGISTER_REPLY payload"));
        }
        throw FrameException.malformed("unknown DEREGISTER_REPLY kind " + kind);
    }

    // ------------------------------------------------------------------ rekey push and ack

    /** A pushed rekey: the sequence is a hint for ordering and gap detection; the message authenticates itself. */
    public record Rekey(long group, long sequence, byte[] message) {
    }

    public static EncodedFrame rekey(long group, long sequence, byte[] sealed) {
        return FrameCodec.encode(FrameType.REKEY, WireWriter.growable().i64(group).i64(sequence).bytes32(sealed, MAX_MESSAGE).toByteArray());
    }

    public static Rekey rekey(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.REKEY);
        long g = r.i64("group");
        long seq = r.nonNegativeLong("sequence");
        byte[] m = r.bytes32(1, MAX_MESSAGE, "rekey message");
        r.finish("REKEY payload");
        return new Rekey(g, seq, m);
    }

    public record Ack(long group, long sequence) {
    }

    public static EncodedFrame ack(long group, long sequence) {
        return FrameCodec.encode(FrameType.REKEY_ACK, WireWriter.growable().i64(group).i64(sequence).toByteArray());
    }

    public static Ack ack(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.REKEY_ACK);
        long g = r.i64("group");
        long seq = r.nonNegativeLong("sequence");
        r.finish("REKEY_ACK payload");
        return new Ack(g, seq);
    }

    // ------------------------------------------------------------------ resync

    /** "Rekey messages after sequence {@code after}": {@code after} as sent (a negative one is refused, not malformed). */
    public record ResyncRequest(long group, long after, int max) {
    }

    public static EncodedFrame resyncRequest(long group, long after, int max) {
        return FrameCodec.encode(FrameType.RESYNC_REQUEST, WireWriter.growable().i64(group).i64(after).u16(max).toByteArray());
    }

    public static ResyncRequest resyncRequest(Frame f) throws FrameException {
        WireReader<FrameException> r = reader(f, FrameType.RESYNC_REQUEST);
        long g = r.i64("group");
        long after = r.i64("after");
        int max = r.u16("max");
        r.finish("RESYNC_REQUEST payload");
        return new ResyncRequest(g, after, max);
    }

    /** A resync answer: messages (with the head), compacted past, or refused; exactly one. */
    public record ResyncReply(long group, long head, List<StoredMessage> messages, long compactedThrough, Refused refused) {
        public boolean isMessages() {
            return messages != null;
        }

        public boolean isCompacted() {
            return messages == null && refused == null;
        }
    }

    /** The body of a MESSAGES answer (also the HTTP resync body). */
    public static byte[] messagesBody(long group, long head, List<StoredMessage> messages) {
        WireWriter w = WireWriter.growable().u8(RESYNC_MESSAGES).i64(group).i64(head).u16(messages.size());
        for (StoredMessage m : messages) {
            w.i64(m.sequence()).bytes32(m.message(), MAX_MESSAGE);
        }
        return w.toByteArray();
    }

    public static byte[] compactedBody(long group, long compactedThrough) {
        return WireWriter.growable().u8(RESYNC_COMPACTED).i64(group).i64(compactedThrough).toByteArray();
    }

    public static byte[] refusedBody(Refusal why, String detail) {
        return refused(why, detail);
    }

    public static EncodedFrame resyncReplyFrame(byte[] body) {
        return FrameCodec.encode(FrameType.RESYNC_REPLY, body);
    }

    public static ResyncReply resyncReply(Frame f) throws FrameException {
        return resyncReply(reader(f, FrameType.RESYNC_REPLY));
    }

    /** Reads a resync answer body (from a frame or an HTTP response). */
    public static ResyncReply readResyncReply(byte[] body) throws FrameException {
        return resyncReply(new WireReader<>(body, FrameException::malformed));
    }

    private static ResyncReply resyncReply(WireReader<FrameException> r) throws FrameException {
        int kind = r.u8("kind");
        switch (kind) {
            case 1 -> {
                long g = r.i64("group");
                long head = r.nonNegativeLong("head");
                int n = r.count16(0xFFFF, 12, "message count");
                List<StoredMessage> out = new ArrayList<>(n);
                long prev = -1;
                for (int i = 0; i < n; i++) {
                    long seq = r.nonNegativeLong("sequence");
                    if (seq <= prev || seq > head) {
                        throw FrameException.malformed("resync messages out of order or past the head");
                    }
                    prev = seq;
                    out.add(new StoredMessage(seq, r.bytes32(1, MAX_MESSAGE, "rekey message")));
                }
                r.finish("RESYNC_REPLY payload");
                return new ResyncReply(g, head, out, -1, null);
            }
            case 2 -> {
                long g = r.i64("group");
                long through = r.nonNegativeLong("compacted through");
                r.finish("RESYNC_REPLY payload");
                return new ResyncReply(g, -1, null, through, null);
            }
            case 3 -> {
                return new ResyncReply(-1, -1, null, -1, readRefused(r, "RESYNC_REPLY payload"));
            }
            default -> throw FrameException.malformed("unknown RESYNC_REPLY kind " + kind);
        }
    }
}
