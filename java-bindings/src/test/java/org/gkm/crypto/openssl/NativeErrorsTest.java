package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.junit.jupiter.api.Test;

/**
 * The Java side's result codes ({@link GkmNative}'s OK and ERR_* constants) are the C library's
 * (gkm_native.h's one block): each has its own gkm_strerror message, which the provider's errors
 * carry.
 */
class NativeErrorsTest {
    private static final String UNKNOWN = "unknown gkm error code";

    @Test
    void everyJavaResultCodeHasItsOwnCMessage() throws IllegalAccessException {
        Map<String, String> seen = new HashMap<>();
        int n = 0;
        for (Field f : GkmNative.class.getDeclaredFields()) {
            String name = f.getName();
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())
                    || !(name.equals("OK") || name.startsWith("ERR_"))) {
                continue;
            }
            int code = f.getInt(null);
            String m = GkmNative.gkm_strerror(code);
            assertNotEquals(UNKNOWN, m, name + " (" + code + ") is not a code the C library defines");
            assertTrue(!m.isEmpty(), name);
            String other = seen.put(m, name);
            assertEquals(null, other, name + " and " + other + " share a message");
            assertTrue(name.equals("OK") ? code == 0 : code < 0, name + " = " + code);
            n++;
        }
        assertEquals(10, n, "OK and the nine ERR_* codes");
        assertEquals("success", GkmNative.gkm_strerror(GkmNative.OK));
    }

    @Test
    void undefinedCodesGetTheUnknownMessage() {
        for (int code : new int[] {1, -10, -1000, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertEquals(UNKNOWN, GkmNative.gkm_strerror(code), Integer.toString(code));
        }
    }

    @Test
    void aNativeRefusalCarriesTheCMessage() {
        // Bypasses KeyWrapBatch.validate, so the refusal is libgkm_native's.
        KeyWrapBatch ok = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 4, 16, 16);
        int[] badKek = {16, 16, 17, 16};
        KeyWrapBatch bad = new KeyWrapBatch(4, ok.keks(), ok.kekOffsets(), badKek, ok.inputs(), ok.inputOffsets(),
                ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpenSslProvider().keyWrapBatch(KeyWrapAlgorithm.AES_KW, bad));
        assertTrue(e.getMessage().contains(GkmNative.gkm_strerror(GkmNative.ERR_KEY_LEN)), e.getMessage());
        assertTrue(e.getMessage().contains("(" + GkmNative.ERR_KEY_LEN + ")"), e.getMessage());
    }
}
