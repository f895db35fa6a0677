package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Frame;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Inner;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.gkm.crypto.testing.TestProviders;

/** Strict codec: every message type round-trips byte for byte; malformed encodings are refused with typed errors. */
class CodecTest {
    static World w;

    @BeforeAll
    static void traffic() {
        w = new World(TestProviders.get("java")).start();
        w.runAllFunctions();
    }

    @Test
    void everyMessageTypeRoundTripsByteForByte() throws Exception {
        for (MessageType t : MessageType.values()) {
            List<byte[]> frames = w.seen(t);
            assertFalse(frames.isEmpty(), t + " never crossed the network");
            for (byte[] frame : frames) {
                Frame f = Codec.decode(frame);
                assertEquals(t, f.header().type());
                assertEquals(t, f.body().type());
                assertArrayEquals(frame, Codec.encode(f.header(), f.body()), t + " does not re-encode identically");
            }
        }
    }

    @Test
    void dataItemsRoundTrip() throws Exception {
        GroupToken t = w.createToken(World.G1);
        assertEquals(t.encode().length, GroupToken.decode(t.encode()).encode().length);
        assertArrayEquals(t.encode(), GroupToken.decode(t.encode()).encode());
        Crl crl = w.sm.crl();
        assertArrayEquals(crl.encode(), Crl.decode(crl.encode()).encode());
        PermissionCertificate pc = w.creds.get(World.M1).permissions();
        WireWriter ww = WireWriter.growable();
        pc.write(ww);
        WireReader<MalformedMessageException> r = new WireReader<>(ww.toByteArray(), MalformedMessageException::new);
        assertArrayEquals(pc.encode(), PermissionCertificate.read(r).encode());
        Inner.MemberTerms mt = new Inner.MemberTerms(pc, 7);
        assertArrayEquals(mt.encode(), Inner.MemberTerms.decode(mt.encode()).encode());
    }

    @Test
    void trailingBytesTruncationAndUnknownCodesAreRejected() throws Exception {
        byte[] frame = w.seen(MessageType.CREATE_GRP_KEYS_1).get(0);
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        GkmpException trailing = assertThrows(MalformedMessageException.class, () -> Codec.decode(longer));
        assertEquals(GkmpException.Reason.MALFORMED, trailing.reason());
        for (int len = 0; len < frame.length; len++) {
            byte[] cut = Arrays.copyOf(frame, len);
            assertThrows(MalformedMessageException.class, () -> Codec.decode(cut), "truncated to " + len);
        }
        byte[] badVersion = frame.clone();
        badVersion[0] = 2;
        assertThrows(MalformedMessageException.class, () -> Codec.decode(badVersion));
        byte[] badType = frame.clone();
        badType[1] = 99;
        assertThrows(MalformedMessageException.class, () -> Codec.decode(badType));
        assertThrows(MalformedMessageException.class, () -> Codec.decode(new byte[Codec.MAX_FRAME + 1]));
        assertThrows(MalformedMessageException.class, () -> Codec.decode(null));
    }

    @Test
    void lengthAndCountLiesAreRejectedBeforeAllocation() {
        // A u32 ciphertext length of 2^32-1 with four bytes behind it.
        byte[] frame = Codec.encode(new Header(MessageType.DOWNLOAD_GRP_KEYS, World.G1, World.GC, World.M1),
                new Messages.DownloadGrpKeys(new KeyId(1), new byte[40]));
        int lenAt = frame.length - 40 - 4;
        byte[] lie = frame.clone();
        lie[lenAt] = lie[lenAt + 1] = lie[lenAt + 2] = lie[lenAt + 3] = (byte) 0xFF;
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> Codec.decode(lie));
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        // A count that exceeds what the remaining bytes could hold.
        WireWriter ww = WireWriter.growable().u16(500).u8(1);
        MalformedMessageException c = assertThrows(MalformedMessageException.class,
                () -> new WireReader<>(ww.toByteArray(), MalformedMessageException::new).count16(512, 2, "members"));
        assertTrue(c.getMessage().contains("bytes remain"), c.getMessage());
    }

    @Test
    void nonCanonicalSetsAreRejected() throws Exception {
        // Rights must be strictly increasing: "b" then "a" is refused.
        byte[] enc = WireWriter.growable().u8(1).u8(2).ascii8("b").ascii8("a").toByteArray();
        assertThrows(MalformedMessageException.class, () -> Permissions.read(new WireReader<>(enc, MalformedMessageException::new)));
        byte[] ok = WireWriter.growable().u8(1).u8(2).ascii8("a").ascii8("b").toByteArray();
        assertEquals(Permissions.of(1, "a", "b"), Permissions.read(new WireReader<>(ok, MalformedMessageException::new)));
    }

    @Test
    void meetOrExceedIsTheLatticeOrder() {
        Permissions group = Permissions.of(2, "ops");
        assertTrue(Permissions.of(2, "ops").meetsOrExceeds(group));
        assertTrue(Permissions.of(3, "intel", "ops").meetsOrExceeds(group));
        assertFalse(Permissions.of(1, "ops").meetsOrExceeds(group));
        assertFalse(Permissions.of(5, "intel").meetsOrExceeds(group));
    }
}
