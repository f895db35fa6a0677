package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gkm.crypto.conformance.SpiFormsSuite;
import org.junit.jupiter.api.Test;

/** The provider's operations on key values give what its operations on the encodings give, on every vector. */
class OpenSslSpiFormsTest {

    @Test
    void keyValueFormsMatchEncodingFormsOnEveryVector() throws Exception {
        int[] cases = new int[1];
        List<String> bad = SpiFormsSuite.run(new org.gkm.crypto.openssl.OpenSslProvider(), cases);
        assertTrue(cases[0] > 1000, "vectors found: " + cases[0]);
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())), bad.size() + " of " + cases[0] + " differ");
    }
}
