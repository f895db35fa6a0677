package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known-answer bytes of the HKDF info of the engine's one-way functions ({@link Labels}): label || u32 || u32. */
class LabelsInfoTest {
    @Test
    void infoIsTheLabelThenTwoBigEndianWords() {
        // "gkm lkh join node v1", node 6, generation 2
        assertEquals("676b6d206c6b68206a6f696e206e6f64652076310000000600000002",
                HexFormat.of().formatHex(Labels.info(Labels.NODE_JOIN, 6, 2)));
        // "gkm lkh tek revision v1", the largest TEK version and revision
        assertEquals(HexFormat.of().formatHex("gkm lkh tek revision v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "7fffffff7fffffff", HexFormat.of().formatHex(Labels.info(Labels.TEK_REVISION, Integer.MAX_VALUE, Integer.MAX_VALUE)));
    }
}
