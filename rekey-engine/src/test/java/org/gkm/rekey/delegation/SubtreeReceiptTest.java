package org.gkm.rekey.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.message.GroupId;
import org.junit.jupiter.api.Test;

/**
 * The parent's receipt of a subtree report: it round-trips, verifies under its link for its report
 * only, and any changed byte (field or tag), another link or another parent group makes it fail;
 * malformed encodings are refused with a {@link RejectedReportException}. Both providers give the
 * same tag.
 */
class SubtreeReceiptTest {
    private static final GroupId PARENT = GroupId.of("parent");

    private static SubtreeLink link(GroupId group, int subtree, byte fill) {
        byte[] k = new byte[SubtreeLink.KEY_BYTES];
        Arrays.fill(k, fill);
        return new SubtreeLink(group, subtree, SecretBytes.copyOf(k));
    }

    private static SubtreeReceipt.Fields fields(CryptoProvider p) {
        return new SubtreeReceipt.Fields(SubtreeReceipt.Status.ACCEPTED, 17, 17, 40, 3, 1,
                p.keys().generate(KeyType.ED25519).publicKey(), GroupId.of("gkmp-1"));
    }

    @Test
    void verifiesUnderItsLinkForItsReportOnly() throws Exception {
        byte[] first = null;
        for (CryptoProvider p : TestProviders.all()) {
            SubtreeLink link = link(PARENT, 2, (byte) 7);
            SubtreeReceipt.Fields f = new SubtreeReceipt.Fields(SubtreeReceipt.Status.ACCEPTED, 17, 17, 40, 3, 1,
                    org.gkm.crypto.PublicKey.decode(KeyType.ED25519, new byte[32]), GroupId.of("gkmp-1"));
            SubtreeReceipt r = SubtreeReceipt.issue(p, link, f);
            byte[] enc = r.encode();
            if (first == null) {
                first = enc;
            } else {
                assertTrue(Arrays.equals(first, enc), p.name() + ": providers tag alike");
            }
            SubtreeReceipt back = SubtreeReceipt.decode(enc);
            assertEquals(r, back);
            assertTrue(back.verify(p, link, 17));
            assertFalse(back.verify(p, link, 16), "a receipt answers one report");
            assertFalse(back.verify(p, link(PARENT, 2, (byte) 8), 17), "another link key");
            assertFalse(back.verify(p, link(PARENT, 3, (byte) 7), 17), "another subtree");
            assertFalse(back.verify(p, link(GroupId.of("other"), 2, (byte) 7), 17), "another parent group");
            link.destroy();
        }
    }

    @Test
    void everyChangedByteFailsOrIsRefused() throws Exception {
        CryptoProvider p = TestProviders.all().get(0);
        SubtreeLink link = link(PARENT, 0, (byte) 1);
        byte[] enc = SubtreeReceipt.issue(p, link, fields(p)).encode();
        for (int i = 0; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= 0x01;
            try {
                assertFalse(SubtreeReceipt.decode(t).verify(p, link, 17), "byte " + i + " changed, still verifies");
            } catch (RejectedReportException expected) {
                // a changed version, status, range or length is refused outright
            }
        }
        assertThrows(RejectedReportException.class, () -> SubtreeReceipt.decode(Arrays.copyOf(enc, enc.length - 1)));
        assertThrows(RejectedReportException.class, () -> SubtreeReceipt.decode(Arrays.copyOf(enc, enc.length + 1)));
        assertThrows(RejectedReportException.class, () -> SubtreeReceipt.decode(new byte[0]));
        link.destroy();
    }
}
