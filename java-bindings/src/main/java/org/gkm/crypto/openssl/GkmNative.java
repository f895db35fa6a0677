package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings to libgkm_native (native/include/gkm_native.h), jextract style. The library is the
 * one {@link NativeLoader} found; initializing this class when the loader failed throws (callers
 * check {@link NativeLoader#AVAILABLE} first).
 *
 * <p>The batch entry points are bound with {@code critical(true)}: they take the caller's heap
 * arrays directly ({@link MemorySegment#ofArray}), so a whole batch crosses without a copy. They
 * never call back into Java; the GC waits for the call to finish (a batch of N jobs holds it off
 * for roughly N AES key wraps).
 */
final class GkmNative {
    private GkmNative() {}

    static final int KW_MODE_KW = 0;
    static final int KW_MODE_KWP = 1;

    static final int ERR_COUNT = -1;
    static final int ERR_KEK_LEN = -2;
    static final int ERR_IN_LEN = -3;
    static final int ERR_BOUNDS = -4;
    static final int ERR_MODE = -5;
    static final int ERR_INTERNAL = -6;

    private static final SymbolLookup LOOKUP = NativeLoader.nativeLookup();
    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libgkm_native: symbol not found: " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    private static final MethodHandle gkm_native_version$MH = downcall("gkm_native_version",
            FunctionDescriptor.of(ADDRESS));

    static MemorySegment gkm_native_version() {
        try {
            return (MemorySegment) gkm_native_version$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_cpu_features$MH = downcall("gkm_cpu_features",
            FunctionDescriptor.of(JAVA_INT));

    static int gkm_cpu_features() {
        try {
            return (int) gkm_cpu_features$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final FunctionDescriptor KW_BATCH_FD = FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_INT,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);

    private static final MethodHandle gkm_kw_wrap_batch$MH = downcall("gkm_kw_wrap_batch", KW_BATCH_FD,
            Linker.Option.critical(true));

    static int gkm_kw_wrap_batch(int mode, int count,
            MemorySegment keks, long kekBufLen, MemorySegment kekOff, MemorySegment kekLen,
            MemorySegment in, long inBufLen, MemorySegment inOff, MemorySegment inLen,
            MemorySegment out, long outBufLen, MemorySegment outOff, MemorySegment outLen, MemorySegment status) {
        try {
            return (int) gkm_kw_wrap_batch$MH.invokeExact(mode, count, keks, kekBufLen, kekOff, kekLen,
                    in, inBufLen, inOff, inLen, out, outBufLen, outOff, outLen, status);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_kw_unwrap_batch$MH = downcall("gkm_kw_unwrap_batch", KW_BATCH_FD,
            Linker.Option.critical(true));

    static int gkm_kw_unwrap_batch(int mode, int count,
            MemorySegment keks, long kekBufLen, MemorySegment kekOff, MemorySegment kekLen,
            MemorySegment in, long inBufLen, MemorySegment inOff, MemorySegment inLen,
            MemorySegment out, long outBufLen, MemorySegment outOff, MemorySegment outLen, MemorySegment status) {
        try {
            return (int) gkm_kw_unwrap_batch$MH.invokeExact(mode, count, keks, kekBufLen, kekOff, kekLen,
                    in, inBufLen, inOff, inLen, out, outBufLen, outOff, outLen, status);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final FunctionDescriptor GCM_FD = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

    private static final MethodHandle gkm_gcm_seal$MH = downcall("gkm_gcm_seal", GCM_FD,
            Linker.Option.critical(true));

    /** AES-GCM seal (any nonce length >= 1) in one downcall; out holds inLen + 16 bytes. Lengths checked by the caller. */
    static int gkm_gcm_seal(byte[] key, byte[] iv, byte[] aad, byte[] in, int inLen, byte[] out) {
        // native code cannot see heap array bounds: check them here
        if (inLen < 0 || inLen > in.length || out.length != inLen + 16) {
            throw new IllegalArgumentException("AES-GCM seal buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_seal$MH.invokeExact(MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(iv), iv.length, MemorySegment.ofArray(aad), aad.length,
                    MemorySegment.ofArray(in), inLen, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_open$MH = downcall("gkm_gcm_open", GCM_FD,
            Linker.Option.critical(true));

    /** AES-GCM open (any nonce length >= 1) in one downcall; out holds inLen - 16 bytes; 1 means tag mismatch. */
    static int gkm_gcm_open(byte[] key, byte[] iv, byte[] aad, byte[] in, int inLen, byte[] out) {
        if (inLen < 16 || inLen > in.length || out.length != inLen - 16) {
            throw new IllegalArgumentException("AES-GCM open buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_open$MH.invokeExact(MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(iv), iv.length, MemorySegment.ofArray(aad), aad.length,
                    MemorySegment.ofArray(in), inLen, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hmac_sha256$MH = downcall("gkm_hmac_sha256",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.critical(true));

    /** HMAC-SHA256 into out[32]; heap segments are never NULL, so an empty key is a zero-length key. */
    static int gkm_hmac_sha256(byte[] key, byte[] msg, byte[] out) {
        if (out.length != 32) {
            throw new IllegalArgumentException("HMAC output buffer must be 32 bytes");
        }
        try {
            return (int) gkm_hmac_sha256$MH.invokeExact(MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(msg), msg.length, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hkdf_sha256_expand$MH = downcall("gkm_hkdf_sha256_expand",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.critical(true));

    /** HKDF-SHA256-Expand into all of out (1..8160 bytes; prk >= 32 bytes, checked by the caller). */
    static int gkm_hkdf_sha256_expand(byte[] prk, byte[] info, byte[] out) {
        try {
            return (int) gkm_hkdf_sha256_expand$MH.invokeExact(MemorySegment.ofArray(prk), prk.length,
                    MemorySegment.ofArray(info), info.length, MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }
}
