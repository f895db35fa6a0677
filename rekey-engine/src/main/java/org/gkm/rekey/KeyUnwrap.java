package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;

/**
 * Unwraps one AES-KW entry carrying a 32-byte key under a 32-byte KEK as a one-job
 * {@code unwrapBatch}: the member side unwraps bottom-up (each KEK is the previous result), so its
 * unwraps cannot share a batch, and the batch entry point is the provider's cheapest single-job
 * path (the OpenSSL provider sends a one-job batch to its native single-job kernel instead of
 * setting up an EVP context per call, which dominated member-side time in the simulation).
 */
public final class KeyUnwrap {
    private static final int K = KeyTree.KEY;

    private KeyUnwrap() {
    }

    /**
     * The 32-byte key in {@code ciphertext} (40 bytes) under {@code kek} (32 bytes).
     *
     * @throws InvalidCiphertextException if the length is wrong or the integrity check fails
     */
    public static byte[] unwrap32(CryptoProvider p, byte[] kek, byte[] ciphertext) throws InvalidCiphertextException {
        if (kek.length != K || ciphertext.length != K + 8) {
            throw new InvalidCiphertextException("expected a 40-byte AES-KW entry under a 32-byte key");
        }
        byte[] out = new byte[K];
        KeyWrapBatch b = new KeyWrapBatch(1, kek, new int[] {0}, new int[] {K}, ciphertext, new int[] {0},
                new int[] {K + 8}, out, new int[] {0}, new int[1], new byte[1]);
        int failed;
        try {
            failed = p.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW, b);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("one-job unwrap batch rejected", e);
        }
        if (failed != 0) {
            Arrays.fill(out, (byte) 0);
            throw new InvalidCiphertextException("key unwrap failed");
        }
        return out;
    }
}
