package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * crypto-api promises that every length and encoding check happens in Java before the provider
 * runs, so both providers reject exactly the same inputs. A provider whose every operation fails
 * the test proves that the rejections below come from crypto-api, typed.
 */
class ValidationBeforeProviderTest {

    /** Fails on any crypto call. */
    static final class ForbiddenSpi implements CryptoSpi {
        private static AssertionError called(String what) {
            return new AssertionError("provider called (" + what + ") for input crypto-api must reject first");
        }

        @Override public String name() { return "forbidden"; }
        @Override public Availability availability() { return Availability.yes("test stub"); }
        @Override public Map<String, String> details() { return Map.of(); }
        @Override public byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key) { throw called("keyWrap"); }
        @Override public byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) { throw called("keyUnwrap"); }
        @Override public void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) { throw called("keyWrapBatch"); }
        @Override public int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) { throw called("keyUnwrapBatch"); }
        @Override public byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) { throw called("gcmSeal"); }
        @Override public byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ct) { throw called("gcmOpen"); }
        @Override public byte[] x25519(byte[] privateKey, byte[] publicKey) { throw called("x25519"); }
        @Override public byte[] x25519PublicKey(byte[] privateKey) { throw called("x25519PublicKey"); }
        @Override public void x25519PublicKeys(byte[] sk, int skOff, byte[] pk, int pkOff, int count) { throw called("x25519PublicKeys"); }
        @Override public byte[] p256Ecdh(byte[] d, byte[] q) { throw called("p256Ecdh"); }
        @Override public byte[] p256PublicKey(byte[] d) { throw called("p256PublicKey"); }
        @Override public byte[] ed25519PublicKey(byte[] privateKey) { throw called("ed25519PublicKey"); }
        @Override public byte[] ed25519Sign(byte[] privateKey, byte[] message) { throw called("ed25519Sign"); }
        @Override public boolean ed25519Verify(byte[] pk, byte[] m, byte[] s) { throw called("ed25519Verify"); }
        @Override public byte[] ecdsaP256Sign(byte[] d, byte[] m) { throw called("ecdsaP256Sign"); }
        @Override public boolean ecdsaP256Verify(byte[] q, byte[] m, byte[] s) { throw called("ecdsaP256Verify"); }
        @Override public byte[][] rsaGenerate(int bits) { throw called("rsaGenerate"); }
        @Override public byte[] rsaPublicKey(byte[] k) { throw called("rsaPublicKey"); }
        @Override public byte[] rsaOaepEncrypt(byte[] k, byte[] p, byte[] l) { throw called("rsaOaepEncrypt"); }
        @Override public byte[] rsaOaepDecrypt(byte[] k, byte[] c, byte[] l) { throw called("rsaOaepDecrypt"); }
        @Override public byte[] hmacSha256(byte[] key, byte[] message) { throw called("hmacSha256"); }
        @Override public byte[] hkdfExtract(byte[] salt, byte[] ikm) { throw called("hkdfExtract"); }
        @Override public byte[] hkdfExpand(byte[] prk, byte[] info, int length) { throw called("hkdfExpand"); }
        @Override public void randomBytes(byte[] buf, int off, int len) { throw called("randomBytes"); }
    }

    private final CryptoProvider p = CryptoProvider.of(new ForbiddenSpi());

    private static <T extends CryptoException> void typed(Class<T> type, Executable e) {
        assertThrows(type, e);
    }

    private static SecretBytes key(int len) {
        return SecretBytes.copyOf(new byte[len]);
    }

    @Test
    void keyWrap() {
        typed(InvalidKeyException.class, () -> p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, key(15), new byte[16]));
        typed(InvalidInputException.class, () -> p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, key(16), new byte[8]));
        typed(InvalidInputException.class, () -> p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, key(16), new byte[20]));
        typed(InvalidInputException.class, () -> p.keyWrap().wrap(KeyWrapAlgorithm.AES_KWP, key(16), new byte[0]));
        typed(InvalidKeyException.class, () -> p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, key(33), new byte[24]));
        typed(InvalidCiphertextException.class, () -> p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, key(16), new byte[16]));
        typed(InvalidCiphertextException.class, () -> p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KWP, key(16), new byte[8]));
        typed(InvalidCiphertextException.class, () -> p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KWP, key(16), new byte[17]));
        typed(InvalidInputException.class, () -> p.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW,
                KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 2, 16, 12)));
        typed(InvalidInputException.class, () -> p.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW,
                KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, 2, 20, 24)));
    }

    @Test
    void gcm() {
        typed(InvalidKeyException.class, () -> p.insecureNonceAesGcm().seal(new byte[15], new byte[12], null, new byte[0]));
        typed(InvalidInputException.class, () -> p.insecureNonceAesGcm().seal(new byte[16], new byte[0], null, new byte[0]));
        typed(InvalidInputException.class, () -> p.insecureNonceAesGcm().seal(new byte[16], new byte[1025], null, new byte[0]));
        typed(InvalidCiphertextException.class, () -> p.insecureNonceAesGcm().open(new byte[16], new byte[12], null, new byte[15]));
        typed(InvalidKeyException.class, () -> p.aead().encrypt(AeadAlgorithm.AES_256_GCM, key(16), new byte[1], null));
        typed(InvalidCiphertextException.class, () -> p.aead().decrypt(AeadAlgorithm.AES_128_GCM, key(16), new byte[27], null));
        NonceSequenceAead ns = p.nonceSequenceAead();
        typed(InvalidKeyException.class, () -> ns.newSealingKey(AeadAlgorithm.AES_256_GCM, key(31), new byte[0]));
        typed(InvalidInputException.class, () -> ns.newSealingKey(AeadAlgorithm.AES_128_GCM, key(16), new byte[1025]));
        typed(InvalidKeyException.class, () -> ns.openingKey(AeadAlgorithm.AES_128_GCM, key(15), new byte[16], new byte[0]));
        typed(InvalidInputException.class, () -> ns.openingKey(AeadAlgorithm.AES_128_GCM, key(16), new byte[15], new byte[0]));
        typed(InvalidInputException.class, () -> ns.openingKey(AeadAlgorithm.AES_128_GCM, key(16), new byte[32], new byte[0]));
    }

    @Test
    void macAndKdf() {
        typed(InvalidSignatureException.class, () -> p.mac().verify(key(32), new byte[0], new byte[31]));
        typed(InvalidSignatureException.class, () -> p.mac().verify(key(32), new byte[0], new byte[33]));
        typed(InvalidSignatureException.class, () -> p.mac().verifyTruncated(key(32), new byte[0], new byte[15]));
        typed(InvalidSignatureException.class, () -> p.mac().verifyTruncated(key(32), new byte[0], new byte[33]));
        typed(InvalidInputException.class, () -> p.kdf().expand(new byte[31], new byte[0], 32));
        typed(InvalidInputException.class, () -> p.kdf().expand(new byte[32], new byte[0], 0));
        typed(InvalidInputException.class, () -> p.kdf().expand(new byte[32], new byte[0], 8161));
        typed(InvalidInputException.class, () -> p.kdf().derive(null, new byte[1], null, 0));
        typed(InvalidInputException.class, () -> p.kdf().derive(null, new byte[1], null, 8161));
    }

    @Test
    void signatures() throws Exception {
        PublicKey ed = PublicKey.decode(KeyType.ED25519, new byte[32]);
        PublicKey ec = PublicKey.decode(KeyType.P256, P256Vectors.G);
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ED25519, ed, new byte[0], new byte[63]));
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, ec, new byte[0], new byte[63]));
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, ec, new byte[0], new byte[64]));
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_DER, ec, new byte[0],
                new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01}));
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_DER, ec, new byte[0],
                new byte[] {0x30, (byte) 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}));
        byte[] sN = new byte[64];
        sN[31] = 1;
        System.arraycopy(P256Vectors.N, 0, sN, 32, 32);
        typed(InvalidSignatureException.class, () -> p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_P1363, ec, new byte[0], sN));
        typed(InvalidKeyException.class, () -> p.verifier().verify(SignatureAlgorithm.ED25519, ec, new byte[0], new byte[64]));
    }

    @Test
    void keys() {
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.P256, new byte[32]));
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.P256, P256Vectors.N));
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.P256, new byte[33]));
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.X25519, new byte[31]));
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.ED25519, new byte[33]));
        typed(InvalidKeyException.class, () -> PrivateKey.decode(KeyType.RSA_2048, new byte[] {0x30, 0x00}));
        typed(InvalidKeyException.class, () -> PublicKey.decode(KeyType.X25519, new byte[33]));
        typed(InvalidKeyException.class, () -> PublicKey.decode(KeyType.RSA_2048, new byte[0]));
        typed(InvalidKeyException.class, () -> PublicKey.decode(KeyType.P256, new byte[0]));
        typed(InvalidKeyException.class, () -> p.keyAgreement().agree(
                PrivateKey.decode(KeyType.X25519, new byte[32]), PublicKey.decode(KeyType.ED25519, new byte[32])));
        typed(InvalidKeyException.class, () -> p.keyAgreement().agree(
                PrivateKey.decode(KeyType.ED25519, new byte[32]), PublicKey.decode(KeyType.ED25519, new byte[32])));
        typed(InvalidKeyException.class, () -> p.keyTransport().encrypt(PublicKey.decode(KeyType.X25519, new byte[32]), new byte[1], null));
        typed(InvalidInputException.class, () -> p.keys().x25519PublicKeys(new byte[64], 0, new byte[64], 0, 0));
        typed(InvalidInputException.class, () -> p.keys().x25519PublicKeys(new byte[64], 0, new byte[64], 0, 3));
        typed(InvalidInputException.class, () -> p.keys().x25519PublicKeys(new byte[64], 0, new byte[64], 40, 1));
        typed(InvalidInputException.class, () -> p.keys().x25519PublicKeys(new byte[64], 0, new byte[64], 0,
                org.gkm.crypto.spi.X25519Batch.MAX_KEYS + 1));
    }

    @Test
    void hpke() throws Exception {
        typed(InvalidInputException.class, () -> p.hpke().deriveKeyPair(HpkeSuite.Kem.DHKEM_X25519_HKDF_SHA256, new byte[31]));
        HpkeSuite suite = HpkeSuite.of(0x20, 1, 1);
        PublicKey pk = PublicKey.decode(KeyType.X25519, new byte[32]);
        // setupSender draws an ephemeral key before checking the PSK inputs, so use a fixed ephemeral here
        KeyPair eph = new KeyPair(PrivateKey.decode(KeyType.X25519, new byte[32]), PublicKey.decode(KeyType.X25519, new byte[32]));
        typed(InvalidInputException.class, () -> p.hpke().setupSenderWithEphemeral(suite, pk, null, SecretBytes.copyOf(new byte[32]), null, eph));
        typed(InvalidInputException.class, () -> p.hpke().setupSenderWithEphemeral(suite, pk, null, null, new byte[1], eph));
        typed(InvalidInputException.class, () -> p.hpke().setupSenderWithEphemeral(suite, pk, null, SecretBytes.copyOf(new byte[0]), new byte[1], eph));
        typed(InvalidCiphertextException.class, () -> p.hpke().setupRecipient(suite, PrivateKey.decode(KeyType.X25519, new byte[32]), new byte[31], null, null, null));
        typed(UnsupportedAlgorithmException.class, () -> HpkeSuite.of(0x21, 1, 1));
        typed(UnsupportedAlgorithmException.class, () -> HpkeSuite.of(0x20, 3, 1));
        typed(UnsupportedAlgorithmException.class, () -> HpkeSuite.of(0x20, 1, 3));
        typed(InvalidKeyException.class, () -> p.hpke().setupSenderWithEphemeral(suite, PublicKey.decode(KeyType.ED25519, new byte[32]), null, null, null, eph));
    }

    /** P-256 constants. */
    static final class P256Vectors {
        static final byte[] G = java.util.HexFormat.of().parseHex("04"
                + "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        static final byte[] N = java.util.HexFormat.of().parseHex(
                "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }
}
