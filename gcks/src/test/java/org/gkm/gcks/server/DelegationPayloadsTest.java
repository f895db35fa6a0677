package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.net.EncodedFrame;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameCodec;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameType;
import org.gkm.rekey.delegation.SubtreeLink;
import org.gkm.rekey.delegation.SubtreeReceipt;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.Test;

/**
 * The delegation payloads round-trip, and are read strictly: truncated, trailing, oversized,
 * of an unknown kind, or carrying a malformed receipt, each is a {@link FrameException}.
 */
class DelegationPayloadsTest {
    /** The frame {@code e} is, as a receiver decodes it. */
    private static Frame frame(EncodedFrame e) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.writeTo(out);
        byte[] b = out.toByteArray();
        return FrameCodec.decodeDatagram(b, 0, b.length, 1 << 20);
    }

    /** {@code f} with its payload replaced by {@code payload}. */
    private static Frame with(Frame f, byte[] payload) {
        return Frame.of(f.type(), payload);
    }

    @Test
    void reportsRoundTripAndMalformedOnesAreRefused() throws Exception {
        byte[] report = new byte[91];
        Arrays.fill(report, (byte) 7);
        Frame f = frame(DelegationPayloads.report(42, report));
        DelegationPayloads.Report r = DelegationPayloads.report(f);
        assertEquals(42, r.group());
        assertArrayEquals(report, r.report());
        byte[] p = f.payload();
        assertThrows(FrameException.class, () -> DelegationPayloads.report(with(f, Arrays.copyOf(p, p.length - 1))));
        assertThrows(FrameException.class, () -> DelegationPayloads.report(with(f, Arrays.copyOf(p, p.length + 1))));
        assertThrows(FrameException.class, () -> DelegationPayloads.report(with(f, Arrays.copyOf(p, 8))));
        // a report longer than any a subtree makes
        byte[] big = Arrays.copyOf(p, 8 + 2 + DelegationPayloads.MAX_REPORT + 1);
        big[8] = (byte) ((DelegationPayloads.MAX_REPORT + 1) >> 8);
        big[9] = (byte) (DelegationPayloads.MAX_REPORT + 1);
        assertThrows(FrameException.class, () -> DelegationPayloads.report(with(f, big)));
    }

    @Test
    void repliesRoundTripAndMalformedOnesAreRefused() throws Exception {
        byte[] k = new byte[SubtreeLink.KEY_BYTES];
        SubtreeLink link = new SubtreeLink(GroupId.of("parent"), 0, SecretBytes.copyOf(k));
        SubtreeReceipt receipt = SubtreeReceipt.issue(CryptoProviders.get("java"), link, new SubtreeReceipt.Fields(
                SubtreeReceipt.Status.ACCEPTED, 5, 5, 9, 2, 1, PublicKey.decode(KeyType.ED25519, new byte[32]), GroupId.of("gkmp-1")));
        link.destroy();
        Frame ok = frame(DelegationPayloads.receipt(receipt));
        DelegationPayloads.Reply r = DelegationPayloads.reply(ok);
        assertEquals(receipt, r.receipt());
        assertNull(r.refused());
        Frame no = frame(DelegationPayloads.refused(Refusal.NOT_AUTHENTICATED, "does not authenticate"));
        DelegationPayloads.Reply n = DelegationPayloads.reply(no);
        assertNull(n.receipt());
        assertEquals(Refusal.NOT_AUTHENTICATED, n.refused().refusal().orElseThrow());
        byte[] p = ok.payload();
        assertThrows(FrameException.class, () -> DelegationPayloads.reply(with(ok, Arrays.copyOf(p, p.length - 1))));
        assertThrows(FrameException.class, () -> DelegationPayloads.reply(with(ok, Arrays.copyOf(p, p.length + 1))));
        byte[] kind = p.clone();
        kind[0] = 9;
        assertThrows(FrameException.class, () -> DelegationPayloads.reply(with(ok, kind)));
        byte[] badReceipt = p.clone();
        badReceipt[3] = 9; // the receipt's version
        assertThrows(FrameException.class, () -> DelegationPayloads.reply(with(ok, badReceipt)));
        byte[] q = no.payload();
        assertThrows(FrameException.class, () -> DelegationPayloads.reply(with(no, Arrays.copyOf(q, q.length + 1))));
    }

    @Test
    void relayedParentRekeysRoundTripAndMalformedOnesAreRefused() throws Exception {
        byte[] sealed = new byte[300];
        Arrays.fill(sealed, (byte) 3);
        Frame f = frame(DelegationPayloads.parentRekey(5, 17, sealed));
        DelegationPayloads.ParentRekey r = DelegationPayloads.parentRekey(f);
        assertEquals(5, r.group());
        assertEquals(17, r.parentSequence());
        assertArrayEquals(sealed, r.message());
        byte[] p = f.payload();
        assertThrows(FrameException.class, () -> DelegationPayloads.parentRekey(with(f, Arrays.copyOf(p, p.length - 1))));
        assertThrows(FrameException.class, () -> DelegationPayloads.parentRekey(with(f, Arrays.copyOf(p, p.length + 1))));
        byte[] negative = p.clone();
        negative[8] = (byte) 0x80; // a parent sequence below zero
        assertThrows(FrameException.class, () -> DelegationPayloads.parentRekey(with(f, negative)));
        assertEquals(FrameType.PARENT_REKEY, f.type());
    }
}
