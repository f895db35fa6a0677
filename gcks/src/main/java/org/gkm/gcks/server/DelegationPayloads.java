package org.gkm.gcks.server;

import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameCodec;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.delegation.SubtreeReceipt;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The payloads of subtree delegation between GCKS processes (claim 18), read as strictly as
 * {@link Payloads}:
 *
 * <pre>
 * SUBTREE_REPORT        parent group u64, report bytes16 (a {@link org.gkm.rekey.delegation.SubtreeReport})
 * SUBTREE_REPORT_REPLY  kind u8 = 2 RECEIPT: receipt bytes16 (a {@link SubtreeReceipt}, tagged under the link key)
 *                       kind u8 = 3 REFUSED: code u16, detail ascii8 (unauthenticated: the sender retries later)
 * PARENT_REKEY          subtree group u64, parent sequence u64, sealed parent rekey message bytes32
 * </pre>
 */
public final class DelegationPayloads {
    /** Largest report carried (an encoded report is at most 91 bytes). */
    static final int MAX_REPORT = 128;
    /** Largest receipt carried. */
    static final int MAX_RECEIPT = 128;

    private DelegationPayloads() {
    }

    /** A SUBTREE_REPORT: the parent group and the encoded report. */
    public record Report(long group, byte[] report) {
    }

    public static EncodedFrame report(long group, byte[] report) {
        return FrameCodec.encode(FrameType.SUBTREE_REPORT, WireWriter.growable().i64(group).bytes16(report, MAX_REPORT).toByteArray());
    }

    public static Report report(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.SUBTREE_REPORT);
        long g = r.i64("group");
        byte[] report = r.bytes16(1, MAX_REPORT, "report");
        r.finish("SUBTREE_REPORT payload");
        return new Report(g, report);
    }

    /** A PARENT_REKEY: the subtree group it is relayed in, and the parent's committed message. */
    public record ParentRekey(long group, long parentSequence, byte[] message) {
    }

    public static EncodedFrame parentRekey(long group, long parentSequence, byte[] sealed) {
        return FrameCodec.encode(FrameType.PARENT_REKEY,
                WireWriter.growable().i64(group).i64(parentSequence).bytes32(sealed, Payloads.MAX_MESSAGE).toByteArray());
    }

    public static ParentRekey parentRekey(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.PARENT_REKEY);
        long g = r.i64("group");
        long seq = r.nonNegativeLong("parent sequence");
        byte[] m = r.bytes32(1, Payloads.MAX_MESSAGE, "message");
        r.finish("PARENT_REKEY payload");
        return new ParentRekey(g, seq, m);
    }

    /** A SUBTREE_REPORT_REPLY: exactly one of a receipt (not yet verified) and a refusal. */
    public record Reply(SubtreeReceipt receipt, Payloads.Refused refused) {
    }

    public static EncodedFrame receipt(SubtreeReceipt receipt) {
        return FrameCodec.encode(FrameType.SUBTREE_REPORT_REPLY,
                WireWriter.growable().u8(Payloads.KIND_OK).bytes16(receipt.encode(), MAX_RECEIPT).toByteArray());
    }

    public static EncodedFrame refused(Refusal why, String detail) {
        return FrameCodec.encode(FrameType.SUBTREE_REPORT_REPLY, Payloads.refused(why, detail));
    }

    public static Reply reply(Frame f) throws FrameException {
        WireReader<FrameException> r = Payloads.reader(f, FrameType.SUBTREE_REPORT_REPLY);
        int kind = r.u8("kind");
        switch (kind) {
            case Payloads.KIND_OK -> {
                byte[] b = r.bytes16(1, MAX_RECEIPT, "receipt");
                r.finish("SUBTREE_REPORT_REPLY payload");
                try {
                    return new Reply(SubtreeReceipt.decode(b), null);
                } catch (RejectedReportException e) {
                    throw FrameException.malformed(e.getMessage());
                }
            }
            case Payloads.KIND_REFUSED -> {
                return new Reply(null, Payloads.readRefused(r, "SUBTREE_REPORT_REPLY payload"));
            }
            default -> throw FrameException.malformed("unknown SUBTREE_REPORT_REPLY kind " + kind);
        }
    }
}
