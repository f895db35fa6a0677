package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
    private static final InsecureSecretAccess ACCESS = InsecureSecretAccess.get();

    @Test
    void toStringHidesBytes() {
        byte[] k = HexFormat.of().parseHex("deadbeefcafebabe0123456789abcdef");
        SecretBytes s = SecretBytes.copyOf(k);
        String str = s.toString();
        assertFalse(str.toLowerCase(Locale.ROOT).contains("deadbeef"), str);
        assertFalse(str.toLowerCase(Locale.ROOT).contains("cafe"), str);
        assertFalse(str.contains("[-34"), str); // Arrays.toString form
        assertTrue(str.contains("16"), str);
    }

    @Test
    void copiesOnCreation() {
        byte[] k = {1, 2, 3, 4};
        SecretBytes s = SecretBytes.copyOf(k);
        k[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, s.toByteArray(ACCESS));
        byte[] out = s.toByteArray(ACCESS);
        out[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, s.toByteArray(ACCESS));
        assertEquals(4, s.length());
    }

    @Test
    void copyOfRange() {
        byte[] k = {1, 2, 3, 4, 5};
        assertArrayEquals(new byte[] {2, 3}, SecretBytes.copyOf(k, 1, 2).toByteArray(ACCESS));
        assertArrayEquals(new byte[0], SecretBytes.copyOf(k, 5, 0).toByteArray(ACCESS));
        assertThrows(IndexOutOfBoundsException.class, () -> SecretBytes.copyOf(k, 4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> SecretBytes.copyOf(k, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> SecretBytes.copyOf(k, 1, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> SecretBytes.copyOf(k, Integer.MAX_VALUE, 2));
    }

    @Test
    void destroyZeroes() throws Exception {
        SecretBytes s = SecretBytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Field f = SecretBytes.class.getDeclaredField("bytes");
        f.setAccessible(true);
        byte[] backing = (byte[]) f.get(s);
        s.destroy();
        assertArrayEquals(new byte[8], backing);
        assertThrows(IllegalStateException.class, () -> s.toByteArray(ACCESS));
        assertThrows(IllegalStateException.class, () -> s.equalsConstantTime(SecretBytes.copyOf(new byte[8])));
        assertThrows(IllegalStateException.class, () -> SecretBytes.copyOf(new byte[8]).equalsConstantTime(s));
        s.destroy(); // idempotent
        assertFalse(s.toString().contains("0, 0"));
    }

    @Test
    void equalsConstantTime() {
        SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2, 3});
        assertTrue(a.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 3})));
        assertTrue(a.equalsConstantTime(a));
        assertFalse(a.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 4})));
        assertFalse(a.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2})));
        assertFalse(a.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 3, 0})));
        assertTrue(SecretBytes.copyOf(new byte[0]).equalsConstantTime(SecretBytes.copyOf(new byte[0])));
    }

    @Test
    void toByteArrayNeedsAccessToken() {
        SecretBytes a = SecretBytes.copyOf(new byte[] {1});
        assertThrows(NullPointerException.class, () -> a.toByteArray(null));
    }
}
