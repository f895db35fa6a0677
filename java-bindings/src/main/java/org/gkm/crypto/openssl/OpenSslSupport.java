package org.gkm.crypto.openssl;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** Checks and error reporting shared by the OpenSSL provider's families. */
final class OpenSslSupport {
    private OpenSslSupport() {}

    /** Throws unless libcrypto and libgkm_native are loaded. */
    static void ready() {
        if (!NativeLoader.AVAILABLE) {
            throw new IllegalStateException(NativeLoader.REASON, NativeLoader.ERROR);
        }
    }

    static void check32(byte[] a, String what) {
        Objects.requireNonNull(a, what);
        if (a.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + a.length);
        }
    }

    static void checkPoint(byte[] p) {
        Objects.requireNonNull(p, "public key");
        if (p.length != 65 || p[0] != 4) {
            throw new IllegalArgumentException("P-256 public key must be a 65-byte uncompressed point");
        }
    }

    /** The C library's message for a result code (gkm_strerror), with the code. */
    static String nativeError(int rc) {
        return GkmNative.gkm_strerror(rc) + " (" + rc + ")";
    }

    /** Clears the thread's OpenSSL error queue and describes its first entry. */
    static IllegalStateException failure(String what) {
        long e = LibCrypto.ERR_get_error();
        String detail = "";
        if (e != 0) {
            try (Scratch s = new Scratch()) {
                MemorySegment buf = s.allocate(256);
                LibCrypto.ERR_error_string_n(e, buf, 256);
                detail = ": " + buf.getString(0);
            }
        }
        LibCrypto.ERR_clear_error();
        return new IllegalStateException("OpenSSL " + what + " failed" + detail);
    }
}
