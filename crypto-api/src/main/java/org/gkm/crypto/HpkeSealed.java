package org.gkm.crypto;

import java.util.Arrays;

/**
 * Output of a single-shot HPKE seal: the encapsulated key and the ciphertext (with tag). Neither is
 * secret; the accessors return the arrays themselves, and two values are equal when their bytes are.
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode below compare contents
public record HpkeSealed(byte[] enc, byte[] ciphertext) {
    @Override
    public boolean equals(Object o) {
        return o instanceof HpkeSealed s && Arrays.equals(enc, s.enc) && Arrays.equals(ciphertext, s.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "HpkeSealed[enc=" + enc.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
