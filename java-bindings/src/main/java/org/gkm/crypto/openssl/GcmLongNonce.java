package org.gkm.crypto.openssl;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * AES-GCM nonces longer than OpenSSL 3.0 accepts (its GCM context keeps at most 128 IV bytes).
 *
 * <p>For a nonce that is not 12 bytes, GCM starts from J0 = GHASH_H(IV || 0-pad || [0]_64 ||
 * [bitlen(IV)]_64) with H = AES_K(0^128). We compute J0 for the long nonce here and hand OpenSSL a
 * 16-byte substitute IV' whose own J0 is the same value: OpenSSL computes J0' = ((IV'·H) ⊕ L)·H with
 * L = [0]_64 || [128]_64, so IV' = (J0·H⁻¹ ⊕ L)·H⁻¹. Encryption and the tag depend on the IV only
 * through J0, so the result is exactly GCM with the long nonce. (If H were 0, every J0 is 0 and the
 * formula still gives a correct IV' = 0.) The field arithmetic is branch-free in the secret H.
 */
final class GcmLongNonce {
    private GcmLongNonce() {}

    /** Longest nonce passed to OpenSSL as is. */
    static final int OPENSSL_MAX_NONCE = 128;

    /** The nonce OpenSSL should be given for {@code nonce} under {@code key}. */
    static byte[] substitute(byte[] key, byte[] nonce) {
        if (nonce.length <= OPENSSL_MAX_NONCE) {
            return nonce;
        }
        byte[] hb = new byte[32];
        aesEncryptZeroBlock(key, hb);
        long hHi = be64(hb, 0);
        long hLo = be64(hb, 8);
        Arrays.fill(hb, (byte) 0);

        // J0 = GHASH_H(nonce || pad || [0]_64 || [bitlen]_64)
        long[] y = new long[2];
        byte[] block = new byte[16];
        for (int off = 0; off < nonce.length; off += 16) {
            Arrays.fill(block, (byte) 0);
            System.arraycopy(nonce, off, block, 0, Math.min(16, nonce.length - off));
            y[0] ^= be64(block, 0);
            y[1] ^= be64(block, 8);
            mul(y, hHi, hLo);
        }
        y[1] ^= (long) nonce.length * 8;
        mul(y, hHi, hLo);

        // H^-1 = H^(2^128 - 2)
        long[] inv = {hHi, hLo};
        for (int i = 0; i < 126; i++) {
            mul(inv, inv[0], inv[1]); // square
            mul(inv, hHi, hLo);
        }
        mul(inv, inv[0], inv[1]); // inv = H^(2^128 - 2)

        mul(y, inv[0], inv[1]); // J0·H^-1
        y[1] ^= 128; // ⊕ L
        mul(y, inv[0], inv[1]);
        byte[] iv = new byte[16];
        put64(iv, 0, y[0]);
        put64(iv, 8, y[1]);
        return iv;
    }

    /** x := x·(yHi,yLo) in GF(2^128) with GCM's bit order (SP 800-38D algorithm 1), constant time. */
    static void mul(long[] x, long yHi, long yLo) {
        long zHi = 0;
        long zLo = 0;
        long vHi = yHi;
        long vLo = yLo;
        long xHi = x[0];
        long xLo = x[1];
        for (int i = 0; i < 128; i++) {
            long bit = i < 64 ? (xHi >>> (63 - i)) & 1 : (xLo >>> (127 - i)) & 1;
            long m = -bit;
            zHi ^= vHi & m;
            zLo ^= vLo & m;
            long lsb = -(vLo & 1);
            vLo = (vLo >>> 1) | (vHi << 63);
            vHi = (vHi >>> 1) ^ (0xE100000000000000L & lsb);
        }
        x[0] = zHi;
        x[1] = zLo;
    }

    private static void aesEncryptZeroBlock(byte[] key, byte[] out) {
        MemorySegment ctx = LibCrypto.EVP_CIPHER_CTX_new();
        if (ctx.equals(MemorySegment.NULL)) {
            LibCrypto.ERR_clear_error();
            throw new IllegalStateException("OpenSSL EVP_CIPHER_CTX_new failed");
        }
        try {
            int[] outl = new int[1];
            // ECB with padding on: Update emits the one full block; Final (the pad block) is never called.
            if (LibCrypto.EVP_EncryptInit_ex(ctx, Evp.ecb(key.length), MemorySegment.NULL,
                    MemorySegment.ofArray(key), MemorySegment.NULL) != 1
                    || LibCrypto.EVP_EncryptUpdate(ctx, MemorySegment.ofArray(out), MemorySegment.ofArray(outl),
                            MemorySegment.ofArray(new byte[16]), 16) != 1
                    || outl[0] != 16) {
                LibCrypto.ERR_clear_error();
                throw new IllegalStateException("OpenSSL AES-ECB failed");
            }
        } finally {
            LibCrypto.EVP_CIPHER_CTX_free(ctx);
        }
    }

    private static long be64(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
