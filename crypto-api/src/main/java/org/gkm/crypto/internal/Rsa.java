package org.gkm.crypto.internal;

import java.util.Arrays;
import org.gkm.crypto.InvalidKeyException;

/**
 * Structural checks of RSA key encodings before a provider sees them: X.509 SubjectPublicKeyInfo
 * and PKCS#8 with algorithm rsaEncryption, strict DER, and the modulus size. The provider parses
 * the full key.
 */
public final class Rsa {
    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] ALG_ID = P256.hex("300d06092a864886f70d0101010500");

    private Rsa() {}

    /** Modulus bits of an RSA SubjectPublicKeyInfo. */
    public static int publicModulusBits(byte[] spki) throws InvalidKeyException {
        try {
            Der outer = new Der(spki);
            Der seq = outer.read(0x30);
            outer.expectEnd();
            if (!Arrays.equals(seq.readRaw(0x30), ALG_ID)) {
                throw new InvalidKeyException("RSA public key: algorithm is not rsaEncryption");
            }
            Der bits = seq.read(0x03);
            seq.expectEnd();
            byte[] content = bits.rest();
            if (content.length < 1 || content[0] != 0) {
                throw new InvalidKeyException("RSA public key: BIT STRING has unused bits");
            }
            Der key = new Der(Arrays.copyOfRange(content, 1, content.length));
            Der rsa = key.read(0x30);
            key.expectEnd();
            int n = Der.bitLength(rsa.readUnsignedInteger());
            byte[] e = rsa.readUnsignedInteger();
            rsa.expectEnd();
            if ((e[e.length - 1] & 1) == 0 || Der.bitLength(e) < 2) {
                throw new InvalidKeyException("RSA public key: exponent must be odd and > 1");
            }
            return n;
        } catch (Der.DerException ex) {
            throw new InvalidKeyException("RSA public key: malformed SubjectPublicKeyInfo (" + ex.getMessage() + ")");
        }
    }

    /** Modulus bits of a PKCS#8 RSA private key (version 0, rsaEncryption). */
    public static int privateModulusBits(byte[] pkcs8) throws InvalidKeyException {
        try {
            Der outer = new Der(pkcs8);
            Der seq = outer.read(0x30);
            outer.expectEnd();
            byte[] version = seq.readUnsignedInteger();
            if (version.length != 1 || version[0] != 0) {
                throw new InvalidKeyException("RSA private key: unsupported PKCS#8 version");
            }
            if (!Arrays.equals(seq.readRaw(0x30), ALG_ID)) {
                throw new InvalidKeyException("RSA private key: algorithm is not rsaEncryption");
            }
            Der key = seq.read(0x04);
            Der rsa = key.read(0x30);
            key.expectEnd();
            byte[] rsaVersion = rsa.readUnsignedInteger();
            if (rsaVersion.length != 1 || rsaVersion[0] != 0) {
                throw new InvalidKeyException("RSA private key: only two-prime keys are supported");
            }
            return Der.bitLength(rsa.readUnsignedInteger());
        } catch (Der.DerException ex) {
            throw new InvalidKeyException("RSA private key: malformed PKCS#8 (" + ex.getMessage() + ")");
        }
    }
}
