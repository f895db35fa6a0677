package org.gkm.crypto.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.gkm.crypto.InvalidKeyException;

/**
 * Curve P-256 (secp256r1) facts and the checks gkm makes in Java before a provider sees a P-256 key:
 * decoding public keys from SEC1 (uncompressed or compressed) or X.509 SubjectPublicKeyInfo,
 * on-curve validation, and scalar range checks. Only public values are handled with BigInteger.
 */
public final class P256 {
    public static final BigInteger P = new BigInteger(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    public static final BigInteger N = new BigInteger(
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final BigInteger B = new BigInteger(
            "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    private static final BigInteger A = P.subtract(BigInteger.valueOf(3));

    /** DER of AlgorithmIdentifier { id-ecPublicKey, prime256v1 }. */
    private static final byte[] ALG_ID = hex("301306072a8648ce3d020106082a8648ce3d030107");

    /** SubjectPublicKeyInfo prefix for a 65-byte uncompressed point. */
    public static final byte[] SPKI_PREFIX = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

    private P256() {}

    /**
     * Decodes and validates a P-256 public key given as a 65-byte uncompressed point, a 33-byte
     * compressed point or an X.509 SubjectPublicKeyInfo (named curve prime256v1 only).
     *
     * @return the 65-byte uncompressed point
     */
    public static byte[] decodePublicKey(byte[] encoded) throws InvalidKeyException {
        if (encoded.length > 0 && encoded[0] == 0x30) {
            return decodePoint(pointFromSpki(encoded));
        }
        return decodePoint(encoded);
    }

    private static byte[] pointFromSpki(byte[] spki) throws InvalidKeyException {
        try {
            Der outer = new Der(spki);
            Der seq = outer.read(0x30);
            outer.expectEnd();
            byte[] algId = seq.readRaw(0x30);
            if (!Arrays.equals(algId, ALG_ID)) {
                throw new InvalidKeyException("P-256 public key: algorithm is not id-ecPublicKey with named curve prime256v1");
            }
            byte[] bits = seq.read(0x03).rest();
            seq.expectEnd();
            if (bits.length < 1 || bits[0] != 0) {
                throw new InvalidKeyException("P-256 public key: BIT STRING has unused bits");
            }
            return Arrays.copyOfRange(bits, 1, bits.length);
        } catch (Der.DerException e) {
            throw new InvalidKeyException("P-256 public key: malformed SubjectPublicKeyInfo (" + e.getMessage() + ")");
        }
    }

    /** Validates a SEC1 point (uncompressed or compressed) and returns it uncompressed. */
    public static byte[] decodePoint(byte[] point) throws InvalidKeyException {
        BigInteger x;
        BigInteger y;
        if (point.length == 65 && point[0] == 0x04) {
            x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
            y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
            if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
                throw new InvalidKeyException("P-256 public key: coordinate not reduced modulo p");
            }
            if (!y.multiply(y).subtract(rhs(x)).mod(P).equals(BigInteger.ZERO)) {
                throw new InvalidKeyException("P-256 public key: point is not on the curve");
            }
        } else if (point.length == 33 && (point[0] == 0x02 || point[0] == 0x03)) {
            x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
            if (x.compareTo(P) >= 0) {
                throw new InvalidKeyException("P-256 public key: coordinate not reduced modulo p");
            }
            BigInteger alpha = rhs(x).mod(P);
            // p = 3 mod 4, so a square root is alpha^((p+1)/4)
            y = alpha.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
            if (!y.multiply(y).mod(P).equals(alpha)) {
                throw new InvalidKeyException("P-256 public key: compressed x has no point on the curve");
            }
            if (y.testBit(0) != (point[0] == 0x03)) {
                y = P.subtract(y).mod(P);
            }
        } else {
            throw new InvalidKeyException("P-256 public key must be a 65-byte uncompressed or 33-byte compressed SEC1 point, got "
                    + point.length + " bytes");
        }
        byte[] out = new byte[65];
        out[0] = 0x04;
        put32(x, out, 1);
        put32(y, out, 33);
        return out;
    }

    /** The 33-byte compressed form of a validated uncompressed point. */
    public static byte[] compress(byte[] uncompressed) {
        byte[] out = new byte[33];
        out[0] = (byte) (0x02 | (uncompressed[64] & 1));
        System.arraycopy(uncompressed, 1, out, 1, 32);
        return out;
    }

    /** X.509 SubjectPublicKeyInfo of a validated uncompressed point. */
    public static byte[] toSpki(byte[] uncompressed) {
        byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 65);
        System.arraycopy(uncompressed, 0, out, SPKI_PREFIX.length, 65);
        return out;
    }

    private static BigInteger rhs(BigInteger x) {
        return x.multiply(x).multiply(x).add(A.multiply(x)).add(B);
    }

    /**
     * Whether a 32-byte big-endian value is a valid private scalar, 1 &lt;= d &lt; n. Compares without
     * BigInteger so the secret does not linger in heap objects; not constant-time across the
     * accept/reject decision, which only reveals validity.
     */
    public static boolean isValidScalar(byte[] d) {
        if (d.length != 32) {
            return false;
        }
        byte[] n = N_BYTES;
        int cmp = 0;
        int nonZero = 0;
        for (int i = 0; i < 32; i++) {
            int a = d[i] & 0xff;
            int b = n[i] & 0xff;
            nonZero |= a;
            if (cmp == 0) {
                cmp = Integer.compare(a, b);
            }
        }
        return nonZero != 0 && cmp < 0;
    }

    /** Whether both halves of a 64-byte r||s signature are in [1, n-1]. */
    public static boolean isValidSignatureRange(byte[] rs) {
        return rs.length == 64
                && isValidScalar(Arrays.copyOfRange(rs, 0, 32))
                && isValidScalar(Arrays.copyOfRange(rs, 32, 64));
    }

    private static final byte[] N_BYTES = to32(N);

    private static byte[] to32(BigInteger v) {
        byte[] out = new byte[32];
        put32(v, out, 0);
        return out;
    }

    private static void put32(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, off + 32 - len, len);
    }

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
