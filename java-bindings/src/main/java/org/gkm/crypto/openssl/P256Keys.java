package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.MemorySegment;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyParser;

/**
 * P-256 keys prepared once in libgkm_native ({@code gkm_p256_key}, {@code gkm_p256_pub}) and kept
 * with key values, as Ed25519's expanded keys are ({@link OpenSslSignatures}): a private key holds
 * its checked scalar and public point, a public key its validated point in the kernels' form. The
 * native side picks the kernel path (s2n-bignum, or OpenSSL where the CPU or build lacks it).
 *
 * <p>Refusals are those of the OpenSSL import these keys replace: a scalar of 0 or at least the
 * group order is an {@link IllegalArgumentException}; a 65-byte point with the 0x04 prefix that is
 * not on the curve (or has a coordinate of at least p) an {@link InvalidKeyException}; a wrong
 * length or prefix an {@link IllegalArgumentException} ({@link OpenSslSupport#checkPoint}).
 */
final class P256Keys {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private P256Keys() {}

    static final KeyParser<NativeResource> PRIVATE = P256Keys::privateKey;
    static final KeyParser<NativeResource> PUBLIC = P256Keys::publicKey;

    private static NativeResource privateKey(byte[] scalar) {
        OpenSslSupport.check32(scalar, "P-256 private scalar");
        try (Scratch s = new Scratch()) {
            MemorySegment out = s.pointer(NULL);
            int rc = GkmNative.gkm_p256_key_new(s.secretCopy(scalar), out);
            if (rc == GkmNative.ERR_KEY) {
                throw new IllegalArgumentException("P-256 private scalar rejected: " + OpenSslSupport.nativeError(rc));
            }
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native could not prepare the P-256 key: "
                        + OpenSslSupport.nativeError(rc));
            }
            return new NativeResource(out.get(ADDRESS, 0), GkmNative::gkm_p256_key_free);
        }
    }

    private static NativeResource publicKey(byte[] point) throws InvalidKeyException {
        OpenSslSupport.checkPoint(point);
        try (Scratch s = new Scratch()) {
            MemorySegment out = s.pointer(NULL);
            int rc = GkmNative.gkm_p256_pub_new(s.copy(point), out);
            if (rc == GkmNative.ERR_KEY) {
                throw new InvalidKeyException("P-256 public key is not a point on the curve");
            }
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native could not prepare the P-256 public key: "
                        + OpenSslSupport.nativeError(rc));
            }
            return new NativeResource(out.get(ADDRESS, 0), GkmNative::gkm_p256_pub_free);
        }
    }
}
