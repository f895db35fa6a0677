package org.gkm.crypto;

/** Output of a single-shot HPKE seal: the encapsulated key and the ciphertext (with tag). */
public record HpkeSealed(byte[] enc, byte[] ciphertext) {
    @Override
    public String toString() {
        return "HpkeSealed[enc=" + enc.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
}
