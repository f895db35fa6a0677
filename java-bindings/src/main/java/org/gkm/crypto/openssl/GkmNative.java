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
 * <p>The key wrap entry points (batch and single) are bound with {@code critical(true)}: they take
 * the caller's heap arrays directly ({@link MemorySegment#ofArray}), so a whole batch crosses
 * without a copy (faster than staging in off-heap memory, which must also be zeroed:
 * docs/performance-notes.md#critical-heap-arrays). They never call back into Java; the GC waits for the call to finish
 * (a batch of N jobs holds it off for roughly N AES key wraps). The batch calls run on a kernel path
 * ({@link KwPath}) the caller chooses.
 */
final class GkmNative {
    private GkmNative() {}

    static final int KW_MODE_KW = 0;
    static final int KW_MODE_KWP = 1;

    // The result codes of gkm_native.h's one block (their numbers are part of the ABI);
    // gkm_strerror gives their messages.
    static final int OK = 0;
    static final int ERR_COUNT = -1;
    static final int ERR_KEY_LEN = -2;
    static final int ERR_INPUT_LEN = -3;
    static final int ERR_BOUNDS = -4;
    static final int ERR_MODE = -5;
    static final int ERR_INTERNAL = -6;
    static final int ERR_UNSUPPORTED = -7;
    static final int ERR_INTEGRITY = -8;
    static final int ERR_KEY = -9;

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

    private static final MethodHandle gkm_strerror$MH = downcall("gkm_strerror",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** gkm_strerror: the C library's message for a result code (a fixed one for unknown codes). */
    static String gkm_strerror(int code) {
        try {
            return NativeLoader.cString((MemorySegment) gkm_strerror$MH.invokeExact(code));
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

    private static final FunctionDescriptor KW_BATCH_PATH_FD = FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
            ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);

    // Batch key wrap passes the caller's heap arrays in place (critical(true)) rather than
    // copying them into an off-heap segment for a plain downcall: the copy moves ~150 bytes per job
    // each way and must zero the staged KEKs and key data, and measured slower
    // (docs/performance-notes.md#critical-heap-arrays). Cost of critical: the GC waits for the
    // call, and the native code must never call back into Java (it does not).
    private static final MethodHandle gkm_kw_wrap_batch_path$MH = downcall("gkm_kw_wrap_batch_path",
            KW_BATCH_PATH_FD, Linker.Option.critical(true));
    private static final MethodHandle gkm_kw_unwrap_batch_path$MH = downcall("gkm_kw_unwrap_batch_path",
            KW_BATCH_PATH_FD, Linker.Option.critical(true));

    /**
     * One batch (gkm_kw_wrap_batch_path / gkm_kw_unwrap_batch_path) on kernel path {@code path}
     * (a {@link KwPath} code). The data buffers carry their lengths across (the C side checks every
     * region against them); the per-job int/byte arrays do not, so the caller has checked that each
     * holds at least {@code count} entries.
     */
    static int gkm_kw_batch_path(boolean unwrap, int path, int mode, int count,
            MemorySegment keks, long kekBufLen, MemorySegment kekOff, MemorySegment kekLen,
            MemorySegment in, long inBufLen, MemorySegment inOff, MemorySegment inLen,
            MemorySegment out, long outBufLen, MemorySegment outOff, MemorySegment outLen, MemorySegment status) {
        try {
            return unwrap
                    ? (int) gkm_kw_unwrap_batch_path$MH.invokeExact(path, mode, count, keks, kekBufLen, kekOff,
                            kekLen, in, inBufLen, inOff, inLen, out, outBufLen, outOff, outLen, status)
                    : (int) gkm_kw_wrap_batch_path$MH.invokeExact(path, mode, count, keks, kekBufLen, kekOff,
                            kekLen, in, inBufLen, inOff, inLen, out, outBufLen, outOff, outLen, status);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_kw_path$MH = downcall("gkm_kw_path", FunctionDescriptor.of(JAVA_INT));

    /** The path GKM_KW_PATH_AUTO resolves to in this process (the C library reads GKM_KW_PATH once). */
    static int gkm_kw_path() {
        try {
            return (int) gkm_kw_path$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_kw_path_supported$MH = downcall("gkm_kw_path_supported",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Whether this CPU can run kernel path {@code path}. */
    static boolean gkm_kw_path_supported(int path) {
        try {
            return (int) gkm_kw_path_supported$MH.invokeExact(path) == 1;
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final FunctionDescriptor KW_ONE_FD = FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle gkm_kw_wrap$MH = downcall("gkm_kw_wrap", KW_ONE_FD, Linker.Option.critical(true));
    private static final MethodHandle gkm_kw_unwrap$MH = downcall("gkm_kw_unwrap", KW_ONE_FD,
            Linker.Option.critical(true));

    /**
     * One wrap (gkm_kw_wrap) or unwrap (gkm_kw_unwrap) of all of {@code in} under all of
     * {@code kek} into {@code out} (all heap arrays, passed in place). Returns the output length,
     * {@link #ERR_INTEGRITY} (out zeroed by the C side) or another negative error code. The array
     * lengths are what the C side is told, so it cannot run past them.
     */
    static int gkm_kw_one(boolean unwrap, int mode, byte[] kek, byte[] in, byte[] out) {
        return gkm_kw_one(unwrap, mode, MemorySegment.ofArray(kek), MemorySegment.ofArray(in),
                MemorySegment.ofArray(out));
    }

    /**
     * As {@link #gkm_kw_one(boolean, int, byte[], byte[], byte[])} on (heap or native) segments:
     * all of {@code kek} and {@code in}, with room {@code out.byteSize()} at {@code out}. The
     * segments' sizes are what the C side is told, so it cannot run past them.
     */
    static int gkm_kw_one(boolean unwrap, int mode, MemorySegment kek, MemorySegment in, MemorySegment out) {
        try {
            return unwrap
                    ? (int) gkm_kw_unwrap$MH.invokeExact(mode, kek, (int) kek.byteSize(), in, (int) in.byteSize(),
                            out, (int) out.byteSize())
                    : (int) gkm_kw_wrap$MH.invokeExact(mode, kek, (int) kek.byteSize(), in, (int) in.byteSize(),
                            out, (int) out.byteSize());
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

    private static final FunctionDescriptor GCM_PATH_FD = FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

    private static final MethodHandle gkm_gcm_seal_path$MH = downcall("gkm_gcm_seal_path", GCM_PATH_FD,
            Linker.Option.critical(true));

    /** {@link #gkm_gcm_seal} on path {@code path} (GKM_GCM_PATH_*; -7 when unknown or unsupported). */
    static int gkm_gcm_seal_path(int path, byte[] key, byte[] iv, byte[] aad, byte[] in, int inLen, byte[] out) {
        if (inLen < 0 || inLen > in.length || out.length != inLen + 16) {
            throw new IllegalArgumentException("AES-GCM seal buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_seal_path$MH.invokeExact(path, MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(iv), iv.length, MemorySegment.ofArray(aad), aad.length,
                    MemorySegment.ofArray(in), inLen, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_open_path$MH = downcall("gkm_gcm_open_path", GCM_PATH_FD,
            Linker.Option.critical(true));

    /** {@link #gkm_gcm_open} on path {@code path} (GKM_GCM_PATH_*; -7 when unknown or unsupported). */
    static int gkm_gcm_open_path(int path, byte[] key, byte[] iv, byte[] aad, byte[] in, int inLen, byte[] out) {
        if (inLen < 16 || inLen > in.length || out.length != inLen - 16) {
            throw new IllegalArgumentException("AES-GCM open buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_open_path$MH.invokeExact(path, MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(iv), iv.length, MemorySegment.ofArray(aad), aad.length,
                    MemorySegment.ofArray(in), inLen, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_path$MH = downcall("gkm_gcm_path", FunctionDescriptor.of(JAVA_INT));

    /** The path GKM_GCM_PATH_AUTO resolves to in this process (the C library reads GKM_GCM_PATH once). */
    static int gkm_gcm_path() {
        try {
            return (int) gkm_gcm_path$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_path_supported$MH = downcall("gkm_gcm_path_supported",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Whether this CPU can run AES-GCM path {@code path}. */
    static boolean gkm_gcm_path_supported(int path) {
        try {
            return (int) gkm_gcm_path_supported$MH.invokeExact(path) == 1;
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_key_new$MH = downcall("gkm_gcm_key_new",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.critical(true));

    /**
     * A prepared AES-GCM key (gkm_gcm_key_new) of all of {@code key}, its address written to the
     * native segment {@code out} (8 bytes). Returns 0 or a negative GKM_ERR_* code ({@code out}
     * then holds NULL).
     */
    static int gkm_gcm_key_new(byte[] key, MemorySegment out) {
        try {
            return (int) gkm_gcm_key_new$MH.invokeExact(MemorySegment.ofArray(key), key.length, out);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_key_free$MH = downcall("gkm_gcm_key_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    /** Frees a prepared AES-GCM key and its pooled contexts, cleansed (once; never while a call is using it). */
    static void gkm_gcm_key_free(MemorySegment key) {
        try {
            gkm_gcm_key_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final FunctionDescriptor GCM_KEY_FD = FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);

    private static final MethodHandle gkm_gcm_key_seal$MH = downcall("gkm_gcm_key_seal", GCM_KEY_FD,
            Linker.Option.critical(true));

    /** AES-GCM seal under a prepared key, 12-byte nonce; out holds in.length + 16 bytes. */
    static int gkm_gcm_key_seal(MemorySegment key, byte[] iv, byte[] aad, byte[] in, byte[] out) {
        // native code cannot see heap array bounds: check them here
        if (out.length != in.length + 16) {
            throw new IllegalArgumentException("AES-GCM seal buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_key_seal$MH.invokeExact(key, MemorySegment.ofArray(iv), iv.length,
                    MemorySegment.ofArray(aad), aad.length, MemorySegment.ofArray(in), in.length,
                    MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_gcm_key_open$MH = downcall("gkm_gcm_key_open", GCM_KEY_FD,
            Linker.Option.critical(true));

    /**
     * AES-GCM open of in[off, off+len) (read in place) under a prepared key, 12-byte nonce; out holds
     * len - 16 bytes; 1 means tag mismatch.
     */
    static int gkm_gcm_key_open(MemorySegment key, byte[] iv, byte[] aad, byte[] in, int off, int len, byte[] out) {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        if (len < 16 || out.length != len - 16) {
            throw new IllegalArgumentException("AES-GCM open buffer sizes inconsistent");
        }
        try {
            return (int) gkm_gcm_key_open$MH.invokeExact(key, MemorySegment.ofArray(iv), iv.length,
                    MemorySegment.ofArray(aad), aad.length, MemorySegment.ofArray(in).asSlice(off, len), len,
                    MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** Largest batch gkm_x25519_public_batch takes (GKM_X25519_MAX_COUNT). */
    static final int X25519_MAX_COUNT = 1 << 16;

    // Not critical(true), unlike the key wrap batch: a key costs ~30 us of scalar multiplication,
    // so a critical call would hold the GC off for ~30 ms per 1000 keys (2 s at the maximum),
    // while staging the keys in native memory costs a few ns per key.
    private static final MethodHandle gkm_x25519_public_batch$MH = downcall("gkm_x25519_public_batch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));

    /**
     * {@code count} X25519 public keys (gkm_x25519_public_batch) from the native segment
     * {@code priv} into the native segment {@code pub}. The segments' sizes are what the C side is
     * told, so it cannot run past them. Returns 0 or a negative GKM_ERR_* code.
     */
    static int gkm_x25519_public_batch(int count, MemorySegment priv, MemorySegment pub) {
        try {
            return (int) gkm_x25519_public_batch$MH.invokeExact(count, priv, priv.byteSize(), pub, pub.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_p256_public_key$MH = downcall("gkm_p256_public_key",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));

    /**
     * The P-256 public key of the 32-byte scalar in the native segment {@code d}, into the native
     * segment {@code out} (65 bytes); the segments' sizes are what the C side is told. Returns 0 or
     * a negative GKM_ERR_* code (GKM_ERR_KEY: d is 0 or at least the group order).
     */
    static int gkm_p256_public_key(MemorySegment d, MemorySegment out) {
        try {
            return (int) gkm_p256_public_key$MH.invokeExact(d, (int) d.byteSize(), out, (int) out.byteSize());
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    // P-256 (p256.c: s2n-bignum kernels, or OpenSSL where the CPU or build lacks them). Keys are
    // opaque native objects; calls that pass heap arrays are critical: the C side reads each input
    // once (the message by the one hash) before it writes.
    private static final MethodHandle gkm_p256_path$MH = downcall("gkm_p256_path", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle gkm_p256_key_new$MH = downcall("gkm_p256_key_new",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle gkm_p256_key_free$MH = downcall("gkm_p256_key_free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gkm_p256_pub_new$MH = downcall("gkm_p256_pub_new",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle gkm_p256_pub_free$MH = downcall("gkm_p256_pub_free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gkm_p256_ecdsa_sign$MH = downcall("gkm_p256_ecdsa_sign",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), Linker.Option.critical(true));
    private static final MethodHandle gkm_p256_ecdsa_verify$MH = downcall("gkm_p256_ecdsa_verify",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), Linker.Option.critical(true));
    private static final MethodHandle gkm_p256_ecdh$MH = downcall("gkm_p256_ecdh",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), Linker.Option.critical(true));

    // RSA-OAEP paths: encryption of 2048/3072-bit keys with e = 65537 (rsa_pub.c), decryption of 2048/3072-bit
    // two-prime keys (rsa_crt.c); other keys always take EVP.
    private static final MethodHandle gkm_rsa_path$MH = downcall("gkm_rsa_path", FunctionDescriptor.of(JAVA_INT));

    /** The RSA path GKM_RSA_PATH_AUTO resolves to in this process (1 evp, 2 ifma). */
    static int gkm_rsa_path() {
        try {
            return (int) gkm_rsa_path$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_p256_path_supported$MH = downcall("gkm_p256_path_supported",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** Whether this build and CPU can run the P-256 path (GKM_P256_PATH_*). */
    static boolean gkm_p256_path_supported(int path) {
        try {
            return (int) gkm_p256_path_supported$MH.invokeExact(path) == 1;
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** The P-256 kernel path in use (GKM_P256_PATH_*: 1 evp, 2 alt, 3 fast). */
    static int gkm_p256_path() {
        try {
            return (int) gkm_p256_path$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /**
     * A prepared P-256 private key of the 32-byte scalar in the native segment {@code d} (its size is
     * what the C side is told), stored into the pointer cell {@code out}. Returns 0 or a negative
     * GKM_ERR_* code (GKM_ERR_KEY: d is 0 or at least the group order; *out stays NULL).
     */
    static int gkm_p256_key_new(MemorySegment d, MemorySegment out) {
        try {
            return (int) gkm_p256_key_new$MH.invokeExact(d, (int) d.byteSize(), out);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static void gkm_p256_key_free(MemorySegment key) {
        try {
            gkm_p256_key_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /**
     * A validated P-256 public key of the point in the native segment {@code point} (65 bytes
     * uncompressed), stored into the pointer cell {@code out}. Returns 0 or a negative GKM_ERR_*
     * code (GKM_ERR_KEY: not an uncompressed point on the curve; *out stays NULL).
     */
    static int gkm_p256_pub_new(MemorySegment point, MemorySegment out) {
        try {
            return (int) gkm_p256_pub_new$MH.invokeExact(point, (int) point.byteSize(), out);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static void gkm_p256_pub_free(MemorySegment key) {
        try {
            gkm_p256_pub_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** ECDSA P-256/SHA-256 of msg into sig[64] (r || s) with a prepared private key; 0 or a GKM_ERR_* code. */
    static int gkm_p256_ecdsa_sign(MemorySegment key, byte[] msg, byte[] sig) {
        try {
            return (int) gkm_p256_ecdsa_sign$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig), sig.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** 1 valid, 0 invalid, or a GKM_ERR_* code, under a prepared public key; sig is r || s. */
    static int gkm_p256_ecdsa_verify(MemorySegment key, byte[] msg, byte[] sig) {
        try {
            return (int) gkm_p256_ecdsa_verify$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig), sig.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** The 32-byte P-256 ECDH secret (x of d Q) of two prepared keys into out; 0 or a GKM_ERR_* code. */
    static int gkm_p256_ecdh(MemorySegment key, MemorySegment peer, byte[] out) {
        try {
            return (int) gkm_p256_ecdh$MH.invokeExact(key, peer, MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    // Curve25519 (curve25519.c: s2n-bignum kernels, or EVP where the CPU or build lacks them). The
    // calls are critical: the C side reads each input once into private memory before it writes.
    private static final MethodHandle gkm_c25519_path$MH = downcall("gkm_c25519_path", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle gkm_x25519$MH = downcall("gkm_x25519",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_x25519_base$MH = downcall("gkm_x25519_base",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_key_new$MH = downcall("gkm_ed25519_key_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_key_free$MH = downcall("gkm_ed25519_key_free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gkm_ed25519_key_public$MH = downcall("gkm_ed25519_key_public",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_sign$MH = downcall("gkm_ed25519_sign",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_verify$MH = downcall("gkm_ed25519_verify",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_pub_new$MH = downcall("gkm_ed25519_pub_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS), Linker.Option.critical(true));
    private static final MethodHandle gkm_ed25519_pub_free$MH = downcall("gkm_ed25519_pub_free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gkm_ed25519_pub_verify$MH = downcall("gkm_ed25519_pub_verify",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), Linker.Option.critical(true));

    /** The Curve25519 kernel path in use (GKM_C25519_PATH_*: 1 evp, 2 alt, 3 fast). */
    static int gkm_c25519_path() {
        try {
            return (int) gkm_c25519_path$MH.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** X25519(scalar, u) into out (all 32 bytes; lengths checked by the caller). */
    static int gkm_x25519(byte[] out, byte[] scalar, byte[] u) {
        check32(out, scalar, u);
        try {
            return (int) gkm_x25519$MH.invokeExact(MemorySegment.ofArray(out), MemorySegment.ofArray(scalar),
                    MemorySegment.ofArray(u));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** X25519(scalar, 9) into out. */
    static int gkm_x25519_base(byte[] out, byte[] scalar) {
        check32(out, scalar, scalar);
        try {
            return (int) gkm_x25519_base$MH.invokeExact(MemorySegment.ofArray(out), MemorySegment.ofArray(scalar));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** An expanded Ed25519 key of a 32-byte seed, or NULL. */
    static MemorySegment gkm_ed25519_key_new(byte[] seed) {
        check32(seed, seed, seed);
        try {
            return (MemorySegment) gkm_ed25519_key_new$MH.invokeExact(MemorySegment.ofArray(seed));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static void gkm_ed25519_key_free(MemorySegment key) {
        try {
            gkm_ed25519_key_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static int gkm_ed25519_key_public(MemorySegment key, byte[] out) {
        check32(out, out, out);
        try {
            return (int) gkm_ed25519_key_public$MH.invokeExact(key, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** Ed25519 signature of msg into sig[64]. */
    static int gkm_ed25519_sign(MemorySegment key, byte[] msg, byte[] sig) {
        if (sig.length != 64) {
            throw new IllegalArgumentException("Ed25519 signature buffer must be 64 bytes");
        }
        try {
            return (int) gkm_ed25519_sign$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** 1 valid, 0 invalid, or a GKM_ERR_* code; pub 32 bytes, sig 64 bytes. */
    static int gkm_ed25519_verify(byte[] pub, byte[] msg, byte[] sig) {
        if (pub.length != 32 || sig.length != 64) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes and signature 64 bytes");
        }
        try {
            return (int) gkm_ed25519_verify$MH.invokeExact(MemorySegment.ofArray(pub), MemorySegment.ofArray(msg),
                    (long) msg.length, MemorySegment.ofArray(sig));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** An Ed25519 public key of a 32-byte encoding, decoded once, or NULL (allocation failed). */
    static MemorySegment gkm_ed25519_pub_new(byte[] pub) {
        check32(pub, pub, pub);
        try {
            return (MemorySegment) gkm_ed25519_pub_new$MH.invokeExact(MemorySegment.ofArray(pub));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static void gkm_ed25519_pub_free(MemorySegment key) {
        try {
            gkm_ed25519_pub_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** 1 valid, 0 invalid, or a GKM_ERR_* code, under a key of {@link #gkm_ed25519_pub_new}; sig 64 bytes. */
    static int gkm_ed25519_pub_verify(MemorySegment key, byte[] msg, byte[] sig) {
        if (sig.length != 64) {
            throw new IllegalArgumentException("Ed25519 signature must be 64 bytes");
        }
        try {
            return (int) gkm_ed25519_pub_verify$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** The fixed-size Curve25519 calls have no length arguments: every array must be 32 bytes. */
    private static void check32(byte[] a, byte[] b, byte[] c) {
        if (a.length != 32 || b.length != 32 || c.length != 32) {
            throw new IllegalArgumentException("Curve25519 values must be 32 bytes");
        }
    }

    private static final MethodHandle gkm_random_bytes$MH = downcall("gkm_random_bytes",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.critical(true));

    /** Random bytes into buf[off, off+len) in place (range checked by the caller); 0 or a GKM_ERR_* code. */
    static int gkm_random_bytes(byte[] buf, int off, int len) {
        try {
            return (int) gkm_random_bytes$MH.invokeExact(MemorySegment.ofArray(buf).asSlice(off, len), len);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    // Prepared keys (pkey.c). Calls that pass heap arrays are critical: their inputs are small (a
    // message to hash, an RSA block), and copying them to native memory would cost more than the call.
    private static final MethodHandle gkm_pkey_wrap$MH = downcall("gkm_pkey_wrap",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle gkm_pkey_free$MH = downcall("gkm_pkey_free",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle gkm_ecdsa_p256_sign$MH = downcall("gkm_ecdsa_p256_sign",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), Linker.Option.critical(true));
    private static final MethodHandle gkm_ecdsa_p256_verify$MH = downcall("gkm_ecdsa_p256_verify",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT), Linker.Option.critical(true));
    private static final MethodHandle gkm_rsa_oaep_encrypt$MH = downcall("gkm_rsa_oaep_encrypt",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.critical(true));
    private static final MethodHandle gkm_rsa_oaep_decrypt$MH = downcall("gkm_rsa_oaep_decrypt",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.critical(true));
    private static final MethodHandle gkm_pkey_derive$MH = downcall("gkm_pkey_derive",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), Linker.Option.critical(true));

    private static final MethodHandle gkm_pkey_size$MH = downcall("gkm_pkey_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** EVP_PKEY_get_size of a prepared key (RSA: the modulus size in bytes). */
    static int gkm_pkey_size(MemorySegment key) {
        try {
            return (int) gkm_pkey_size$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** Wraps (and owns) an EVP_PKEY; NULL on failure, when the EVP_PKEY has been freed. */
    static MemorySegment gkm_pkey_wrap(MemorySegment evpPkey) {
        try {
            return (MemorySegment) gkm_pkey_wrap$MH.invokeExact(evpPkey);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    static void gkm_pkey_free(MemorySegment key) {
        try {
            gkm_pkey_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** ECDSA P-256/SHA-256 of msg into sig[64] (r || s); 0 or a GKM_ERR_* code. */
    static int gkm_ecdsa_p256_sign(MemorySegment key, byte[] msg, byte[] sig) {
        try {
            return (int) gkm_ecdsa_p256_sign$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig), sig.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** 1 valid, 0 invalid, or a GKM_ERR_* code. */
    static int gkm_ecdsa_p256_verify(MemorySegment key, byte[] msg, byte[] sig) {
        try {
            return (int) gkm_ecdsa_p256_verify$MH.invokeExact(key, MemorySegment.ofArray(msg), (long) msg.length,
                    MemorySegment.ofArray(sig), sig.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** RSA-OAEP encryption into out (the modulus size); returns its length or a GKM_ERR_* code. */
    static int gkm_rsa_oaep_encrypt(MemorySegment key, byte[] label, byte[] in, byte[] out) {
        try {
            return (int) gkm_rsa_oaep_encrypt$MH.invokeExact(key, MemorySegment.ofArray(label), label.length,
                    MemorySegment.ofArray(in), in.length, MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** RSA-OAEP decryption into out (the modulus size); the plaintext length, ERR_INTEGRITY, or another code. */
    static int gkm_rsa_oaep_decrypt(MemorySegment key, byte[] label, byte[] in, byte[] out) {
        try {
            return (int) gkm_rsa_oaep_decrypt$MH.invokeExact(key, MemorySegment.ofArray(label), label.length,
                    MemorySegment.ofArray(in), in.length, MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    /** The 32-byte ECDH/X25519 secret into out: 0, 1 when OpenSSL refuses the result, or a GKM_ERR_* code. */
    static int gkm_pkey_derive(MemorySegment key, MemorySegment peer, byte[] out) {
        try {
            return (int) gkm_pkey_derive$MH.invokeExact(key, peer, MemorySegment.ofArray(out), out.length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hmac_sha256$MH = downcall("gkm_hmac_sha256",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.critical(true));

    /** HMAC-SHA256 into out[32]; heap segments are never NULL, so an empty key is a zero-length key. */
    static int gkm_hmac_sha256(byte[] key, byte[] msg, byte[] out) {
        return gkm_hmac_sha256(key, msg, 0, msg.length, out);
    }

    /** HMAC-SHA256 of msg[off, off+len) into out[32], the range passed in place (bounds checked by the caller). */
    static int gkm_hmac_sha256(byte[] key, byte[] msg, int off, int len, byte[] out) {
        if (out.length != 32) {
            throw new IllegalArgumentException("HMAC output buffer must be 32 bytes");
        }
        try {
            return (int) gkm_hmac_sha256$MH.invokeExact(MemorySegment.ofArray(key), key.length,
                    MemorySegment.ofArray(msg).asSlice(off, len), len, MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hmac_sha256_key_new$MH = downcall("gkm_hmac_sha256_key_new",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.critical(true));

    /**
     * A prepared HMAC-SHA256 key (gkm_hmac_sha256_key_new) of all of {@code key}, its address
     * written to the native segment {@code out} (8 bytes). Returns 0 or a negative GKM_ERR_* code
     * ({@code out} then holds NULL).
     */
    static int gkm_hmac_sha256_key_new(byte[] key, MemorySegment out) {
        try {
            return (int) gkm_hmac_sha256_key_new$MH.invokeExact(MemorySegment.ofArray(key), key.length, out);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hmac_sha256_key_free$MH = downcall("gkm_hmac_sha256_key_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    /** Cleanses and frees a prepared HMAC key (once; never while a call is using it). */
    static void gkm_hmac_sha256_key_free(MemorySegment key) {
        try {
            gkm_hmac_sha256_key_free$MH.invokeExact(key);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hmac_sha256_prepared$MH = downcall("gkm_hmac_sha256_prepared",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS), Linker.Option.critical(true));

    /**
     * HMAC-SHA256 of msg[off, off+len) under the prepared key {@code key} into out[32], the range
     * passed in place (bounds checked by the caller).
     */
    static int gkm_hmac_sha256_prepared(MemorySegment key, byte[] msg, int off, int len, byte[] out) {
        if (out.length != 32) {
            throw new IllegalArgumentException("HMAC output buffer must be 32 bytes");
        }
        try {
            return (int) gkm_hmac_sha256_prepared$MH.invokeExact(key, MemorySegment.ofArray(msg).asSlice(off, len), len,
                    MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }

    private static final MethodHandle gkm_hkdf_sha256$MH = downcall("gkm_hkdf_sha256",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.critical(true));

    /** HKDF-SHA256 extract and expand (gkm_hkdf_sha256) into all of out (1..8160 bytes, checked by the caller). */
    static int gkm_hkdf_sha256(byte[] salt, byte[] ikm, byte[] info, byte[] out) {
        try {
            return (int) gkm_hkdf_sha256$MH.invokeExact(MemorySegment.ofArray(salt), salt.length,
                    MemorySegment.ofArray(ikm), ikm.length, MemorySegment.ofArray(info), info.length,
                    MemorySegment.ofArray(out), out.length);
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

    /** Largest batch gkm_hkdf_sha256_expand32_batch takes (GKM_HKDF_MAX_COUNT). */
    static final int HKDF_MAX_COUNT = 1 << 16;

    private static final MethodHandle gkm_hkdf_sha256_expand32_batch$MH = downcall("gkm_hkdf_sha256_expand32_batch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG),
            Linker.Option.critical(true));

    /**
     * {@code count} one-block HKDF-SHA256-Expands (gkm_hkdf_sha256_expand32_batch) of the PRKs at
     * {@code prks[prkOffset ..]} under {@code info} into {@code out[outOffset ..]}, the heap arrays
     * passed in place. The regions ({@code 32 * count} bytes each) must lie inside their arrays
     * (checked by the caller); the sizes the C side is told are those regions, so it cannot run past
     * them. Returns 0 or a negative GKM_ERR_* code.
     */
    static int gkm_hkdf_sha256_expand32_batch(int count, byte[] prks, int prkOffset, byte[] info, byte[] out,
            int outOffset) {
        long length = 32L * Math.max(0, count); // a negative count reaches C, which refuses it
        try {
            return (int) gkm_hkdf_sha256_expand32_batch$MH.invokeExact(count,
                    MemorySegment.ofArray(prks).asSlice(prkOffset, length), length, MemorySegment.ofArray(info),
                    info.length, MemorySegment.ofArray(out).asSlice(outOffset, length), length);
        } catch (Throwable t) {
            throw new AssertionError("downcall failed", t);
        }
    }
}
