package org.gkm.rekey.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.TekId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-answer bytes of the Data SA packet header (the AES-GCM AAD, {@link DataSaHeader}) and of
 * the HKDF contexts and group tag of {@link DataSaKey}: the formats are fixed, so any change to how
 * they are written or read fails here.
 */
class DataSaWireVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final GroupId GROUP = new GroupId("grp-1".getBytes(StandardCharsets.US_ASCII));

    static final String HEADER =
            // version 2, group tag, TEK 5.1, sender id 0xfffffffe
              "02" + "5555555555555555" + "0000000500000001" + "fffffffe"
            // sender salt, sequence number 0x01020304
            + "66666666666666666666666666666666" + "01020304";

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void headerEncodesAndParsesToTheKnownBytes() throws Exception {
        DataSaHeader h = new DataSaHeader(fill(8, 0x55), new TekId(5, 1), 0xFFFF_FFFEL, fill(16, 0x66), 0x0102_0304L);
        assertEquals(HEADER, HEX.formatHex(h.encode()));
        assertEquals(DataSaHeader.BYTES, HEADER.length() / 2);
        assertEquals(h, DataSaHeader.parse(HEX.parseHex(HEADER)));
    }

    @ParameterizedTest
    @MethodSource("org.gkm.crypto.testing.TestProviders#all")
    void keyContextsHaveTheKnownBytes(CryptoProvider provider) {
        DataSaKey k = DataSaKey.derive(provider, GROUP, new TekId(5, 1), SecretBytes.copyOf(fill(32, 0x77)));
        // "gkm data sa v2 sender", u8 5, "grp-1", u32 TEK version 5, u32 revision 1, u32 sender id
        assertEquals("676b6d20646174612073612076322073656e646572056772702d310000000500000001fffffffe", HEX.formatHex(k.senderContext(0xFFFF_FFFEL)));
        assertEquals("87d943dc30c944e9", HEX.formatHex(k.groupTag()));
    }
}
