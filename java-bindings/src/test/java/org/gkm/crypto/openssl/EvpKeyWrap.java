package org.gkm.crypto.openssl;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.gkm.crypto.KeyWrapAlgorithm;

/**
 * OpenSSL's own AES key wrap (EVP "AES-*-WRAP" / "AES-*-WRAP-PAD"), one EVP operation per key, as a
 * single-key caller would use it: a new cipher context, init with the KEK, one update, free.
 *
 * <p>This is not the product path ({@link OpenSslProvider} wraps through libgkm_native's kernel);
 * it is the {@code evp} baseline of the benchmarks and a second opinion for tests, so it lives in
 * java-bindings' test-jar, outside the product jar. OpenSSL 3.0's
 * wrap cipher runs its AES through the table implementation, not AES-NI, which is why the key-wrap
 * kernel exists (figures: docs/performance-notes.md).
 *
 * <p>Every length is checked here before any downcall; the heap arrays cross with
 * {@code critical(true)} (nothing is copied). Stateless and thread-safe; throws
 * {@link IllegalStateException} when OpenSSL is not available.
 */
public final class EvpKeyWrap {
    private EvpKeyWrap() {}

    /** Result of {@link #unwrap} when the integrity check fails (the output is zeroed then). */
    public static final int INTEGRITY_FAILURE = -1;

    /**
     * Wraps {@code in[inOff .. +inLen)} under {@code kek[kekOff .. +kekLen)} into {@code out} at
     * {@code outOff}.
     *
     * @return the wrapped length
     * @throws IllegalArgumentException on a bad KEK size, key length or region
     */
    public static int wrap(KeyWrapAlgorithm alg, byte[] kek, int kekOff, int kekLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.requireNonNull(alg, "alg");
        String bad = alg.checkKeyDataLength(inLen);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return run(true, alg, kek, kekOff, kekLen, in, inOff, inLen, out, outOff, alg.wrappedLength(inLen));
    }

    /**
     * Unwraps {@code in[inOff .. +inLen)} into {@code out} at {@code outOff} (room for
     * {@code inLen - 8} bytes).
     *
     * @return the unwrapped length, or {@link #INTEGRITY_FAILURE} with the output region zeroed
     * @throws IllegalArgumentException on a bad KEK size, wrapped length or region
     */
    public static int unwrap(KeyWrapAlgorithm alg, byte[] kek, int kekOff, int kekLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        Objects.requireNonNull(alg, "alg");
        String bad = alg.checkWrappedLength(inLen);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return run(false, alg, kek, kekOff, kekLen, in, inOff, inLen, out, outOff, inLen - 8);
    }

    private static int run(boolean encrypt, KeyWrapAlgorithm alg, byte[] kek, int kekOff, int kekLen,
            byte[] in, int inOff, int inLen, byte[] out, int outOff, int outRegion) {
        if (!NativeLoader.AVAILABLE) {
            throw new IllegalStateException(NativeLoader.REASON, NativeLoader.ERROR);
        }
        String badKek = KeyWrapAlgorithm.checkKekLength(kekLen);
        if (badKek != null) {
            throw new IllegalArgumentException(badKek);
        }
        Objects.checkFromIndexSize(kekOff, kekLen, kek.length);
        Objects.checkFromIndexSize(inOff, inLen, in.length);
        Objects.checkFromIndexSize(outOff, outRegion, out.length);
        MemorySegment kekSeg = MemorySegment.ofArray(kek).asSlice(kekOff, kekLen);
        MemorySegment inSeg = MemorySegment.ofArray(in).asSlice(inOff, inLen);
        MemorySegment outSeg = MemorySegment.ofArray(out).asSlice(outOff, outRegion);
        MemorySegment cipher = Evp.wrap(alg == KeyWrapAlgorithm.AES_KWP, kekLen);
        MemorySegment ctx = LibCrypto.EVP_CIPHER_CTX_new();
        if (ctx.equals(MemorySegment.NULL)) {
            LibCrypto.ERR_clear_error();
            throw new IllegalStateException("OpenSSL EVP_CIPHER_CTX_new failed");
        }
        try {
            LibCrypto.EVP_CIPHER_CTX_set_flags(ctx, LibCrypto.EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
            int[] outl = new int[1];
            MemorySegment outlSeg = MemorySegment.ofArray(outl);
            if (encrypt) {
                if (LibCrypto.EVP_EncryptInit_ex(ctx, cipher, MemorySegment.NULL, kekSeg, MemorySegment.NULL) != 1
                        || LibCrypto.EVP_EncryptUpdate(ctx, outSeg, outlSeg, inSeg, inLen) != 1) {
                    LibCrypto.ERR_clear_error();
                    throw new IllegalStateException("OpenSSL EVP key wrap failed");
                }
            } else {
                if (LibCrypto.EVP_DecryptInit_ex(ctx, cipher, MemorySegment.NULL, kekSeg, MemorySegment.NULL) != 1) {
                    LibCrypto.ERR_clear_error();
                    throw new IllegalStateException("OpenSSL EVP key unwrap init failed");
                }
                if (LibCrypto.EVP_DecryptUpdate(ctx, outSeg, outlSeg, inSeg, inLen) <= 0) {
                    LibCrypto.ERR_clear_error();
                    outSeg.fill((byte) 0);
                    return INTEGRITY_FAILURE;
                }
            }
            int n = outl[0];
            if (n < 0 || n > outRegion) {
                outSeg.fill((byte) 0);
                throw new IllegalStateException("OpenSSL key wrap returned length " + n);
            }
            return n;
        } finally {
            LibCrypto.EVP_CIPHER_CTX_free(ctx);
        }
    }
}
