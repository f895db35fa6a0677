package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class OpenSslProviderTest {
    private static final OpenSslProvider P = new OpenSslProvider();

    static byte[] h(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String x(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @BeforeAll
    static void available() {
        Availability a = P.availability();
        if (!a.available()) {
            AssertionError e = new AssertionError("OpenSSL provider must be available here: " + a.reason());
            if (a.cause() != null) {
                e.initCause(a.cause());
            }
            throw e;
        }
        System.out.println("OPENSSL-PROVIDER " + a.reason());
        System.out.println("OPENSSL-PROVIDER details " + P.details());
    }

    @Test
    void identityAndServiceLoader() {
        assertEquals("openssl", P.name());
        Map<String, String> d = P.details();
        assertTrue(d.get("openssl.version").startsWith("OpenSSL 3."), d.toString());
        assertEquals(NativeLoader.EXPECTED_NATIVE_VERSION, d.get("native.version"));
        assertNotNull(d.get("cpu.features"));
        boolean found = false;
        for (CryptoSpi spi : ServiceLoader.load(CryptoSpi.class)) {
            found |= spi instanceof OpenSslProvider;
        }
        assertTrue(found, "OpenSslProvider registered in META-INF/services");
    }

    @Test
    void cpuFeatureNames() {
        assertEquals("none", OpenSslProvider.cpuFeatureNames(0));
        assertEquals("aes-ni pclmulqdq avx2 avx512f vaes vpclmulqdq sha-ni", OpenSslProvider.cpuFeatureNames(0x7f));
        assertEquals("aes-ni avx2", OpenSslProvider.cpuFeatureNames(0b101));
    }

    // ---- key wrap ----

    static final byte[] KEK_4_6 = h("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    static final byte[] KEY_4_6 = h("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
    static final byte[] WRAPPED_4_6 = h("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

    @Test
    void rfc3394_4_6_single() throws Exception {
        assertArrayEquals(WRAPPED_4_6, P.keyWrap(KeyWrapAlgorithm.AES_KW, KEK_4_6, KEY_4_6));
        assertArrayEquals(KEY_4_6, P.keyUnwrap(KeyWrapAlgorithm.AES_KW, KEK_4_6, WRAPPED_4_6));
        byte[] bad = WRAPPED_4_6.clone();
        bad[5] ^= 1;
        assertThrows(InvalidCiphertextException.class, () -> P.keyUnwrap(KeyWrapAlgorithm.AES_KW, KEK_4_6, bad));
    }

    @Test
    void rfc5649_single() throws Exception {
        byte[] kek = h("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
        byte[] k20 = h("c37b7e6492584340bed12207808941155068f738");
        byte[] w20 = h("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
        byte[] k7 = h("466f7250617369");
        byte[] w7 = h("afbeb0f07dfbf5419200f2ccb50bb24f");
        assertArrayEquals(w20, P.keyWrap(KeyWrapAlgorithm.AES_KWP, kek, k20));
        assertArrayEquals(w7, P.keyWrap(KeyWrapAlgorithm.AES_KWP, kek, k7));
        assertArrayEquals(k20, P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, kek, w20));
        assertArrayEquals(k7, P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, kek, w7));
        byte[] bad = w7.clone();
        bad[15] ^= (byte) 0x80;
        assertThrows(InvalidCiphertextException.class, () -> P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, kek, bad));
    }

    @Test
    void rfc3394_4_6_batch() {
        int n = 64;
        KeyWrapBatch w = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, n, 32, 32);
        for (int i = 0; i < n; i++) {
            System.arraycopy(KEK_4_6, 0, w.keks(), i * 32, 32);
            System.arraycopy(KEY_4_6, 0, w.inputs(), i * 32, 32);
        }
        P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, w);
        KeyWrapBatch u = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, n, 32, 40);
        for (int i = 0; i < n; i++) {
            assertEquals(0, w.status()[i]);
            assertEquals(40, w.outputLengths()[i]);
            assertArrayEquals(WRAPPED_4_6, Arrays.copyOfRange(w.outputs(), i * 40, i * 40 + 40), "job " + i);
            System.arraycopy(KEK_4_6, 0, u.keks(), i * 32, 32);
            System.arraycopy(w.outputs(), i * 40, u.inputs(), i * 40, 40);
        }
        u.inputs()[7 * 40 + 3] ^= 1; // job 7 tampered
        u.inputs()[63 * 40] ^= 1; // job 63 tampered
        assertEquals(2, P.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, u));
        for (int i = 0; i < n; i++) {
            byte[] out = Arrays.copyOfRange(u.outputs(), i * 32, i * 32 + 32);
            if (i == 7 || i == 63) {
                assertEquals(1, u.status()[i]);
                assertEquals(0, u.outputLengths()[i]);
                assertArrayEquals(new byte[32], out);
            } else {
                assertEquals(0, u.status()[i]);
                assertEquals(32, u.outputLengths()[i]);
                assertArrayEquals(KEY_4_6, out);
            }
        }
    }

    @Test
    void raggedKwpBatchMatchesSingle() throws Exception {
        // Mixed KEK sizes and key lengths, shared KEK buffer, non-contiguous output offsets.
        int n = 20;
        byte[] keks = new byte[16 + 24 + 32];
        P.randomBytes(keks, 0, keks.length);
        int[] kekOff = new int[n];
        int[] kekLen = new int[n];
        int[] inOff = new int[n];
        int[] inLen = new int[n];
        int[] outOff = new int[n];
        int inPos = 0;
        int outPos = 0;
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            kekOff[i] = k == 0 ? 0 : k == 1 ? 16 : 40;
            kekLen[i] = 16 + 8 * k;
            inLen[i] = 1 + i * 5;
            inOff[i] = inPos;
            inPos += inLen[i];
            outOff[i] = outPos;
            outPos += KeyWrapAlgorithm.AES_KWP.wrappedLength(inLen[i]) + 3;
        }
        byte[] in = new byte[inPos];
        P.randomBytes(in, 0, in.length);
        KeyWrapBatch b = new KeyWrapBatch(n, keks, kekOff, kekLen, in, inOff, inLen,
                new byte[outPos], outOff, new int[n], new byte[n]);
        b.validate(KeyWrapAlgorithm.AES_KWP, false);
        P.keyWrapBatch(KeyWrapAlgorithm.AES_KWP, b);
        for (int i = 0; i < n; i++) {
            byte[] kek = Arrays.copyOfRange(keks, kekOff[i], kekOff[i] + kekLen[i]);
            byte[] key = Arrays.copyOfRange(in, inOff[i], inOff[i] + inLen[i]);
            byte[] single = P.keyWrap(KeyWrapAlgorithm.AES_KWP, kek, key);
            assertEquals(single.length, b.outputLengths()[i]);
            assertArrayEquals(single, Arrays.copyOfRange(b.outputs(), outOff[i], outOff[i] + single.length));
            assertArrayEquals(key, P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, kek, single));
        }
    }

    @Test
    void batchLayoutErrorsThrowNeverCrash() {
        // Bypassing KeyWrapBatch.validate: the provider (and libgkm_native) must still refuse.
        KeyWrapBatch ok = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 4, 16, 16);
        KeyWrapBatch tooMany = new KeyWrapBatch(5, ok.keks(), ok.kekOffsets(), ok.kekLengths(), ok.inputs(),
                ok.inputOffsets(), ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, tooMany));
        KeyWrapBatch negative = new KeyWrapBatch(-1, ok.keks(), ok.kekOffsets(), ok.kekLengths(), ok.inputs(),
                ok.inputOffsets(), ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, negative));
        int[] farOff = {0, 0, 0, 1 << 30};
        KeyWrapBatch outOfBounds = new KeyWrapBatch(4, ok.keks(), ok.kekOffsets(), ok.kekLengths(), ok.inputs(),
                farOff, ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, outOfBounds));
        int[] negOff = {0, -8, 0, 0};
        KeyWrapBatch negativeOffset = new KeyWrapBatch(4, ok.keks(), negOff, ok.kekLengths(), ok.inputs(),
                ok.inputOffsets(), ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, negativeOffset));
        int[] badKek = {16, 16, 17, 16};
        KeyWrapBatch badKekLen = new KeyWrapBatch(4, ok.keks(), ok.kekOffsets(), badKek, ok.inputs(),
                ok.inputOffsets(), ok.inputLengths(), ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, badKekLen));
        int[] badIn = {16, 16, 12, 16};
        KeyWrapBatch badInLen = new KeyWrapBatch(4, ok.keks(), ok.kekOffsets(), ok.kekLengths(), ok.inputs(),
                ok.inputOffsets(), badIn, ok.outputs(), ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, badInLen));
        KeyWrapBatch smallOut = new KeyWrapBatch(4, ok.keks(), ok.kekOffsets(), ok.kekLengths(), ok.inputs(),
                ok.inputOffsets(), ok.inputLengths(), new byte[10], ok.outputOffsets(), ok.outputLengths(), ok.status());
        assertThrows(IllegalArgumentException.class, () -> P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, smallOut));
        assertThrows(IllegalArgumentException.class, () -> P.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, ok)); // 16 < 24
        // Still usable afterwards.
        P.keyWrapBatch(KeyWrapAlgorithm.AES_KW, ok);
        assertEquals(24, ok.outputLengths()[3]);
    }

    // ---- AES-GCM ----

    @Test
    void gcmKnownAnswerAndRoundTrip() throws Exception {
        // McGrew-Viega test case 2: zero key, zero 96-bit IV, 16 zero bytes.
        byte[] c = P.gcmSeal(new byte[16], new byte[12], new byte[0], new byte[16]);
        assertEquals("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf", x(c));
        assertArrayEquals(new byte[16], P.gcmOpen(new byte[16], new byte[12], new byte[0], c));
        // Empty plaintext: just the tag (test case 1).
        assertEquals("58e2fccefa7e3061367f1d57a4e7455a", x(P.gcmSeal(new byte[16], new byte[12], new byte[0], new byte[0])));
        for (int keyLen : new int[] {16, 24, 32}) {
            for (int nonceLen : new int[] {1, 8, 12, 16, 60, 128, 129, 257, 1024}) {
                byte[] key = rnd(keyLen);
                byte[] nonce = rnd(nonceLen);
                byte[] aad = rnd(nonceLen % 7 * 5);
                byte[] pt = rnd(nonceLen * 3 % 100);
                byte[] ct = P.gcmSeal(key, nonce, aad, pt);
                assertEquals(pt.length + 16, ct.length);
                assertArrayEquals(pt, P.gcmOpen(key, nonce, aad, ct), keyLen + "/" + nonceLen);
                for (int i : new int[] {0, ct.length - 1}) {
                    byte[] bad = ct.clone();
                    bad[i] ^= 1;
                    assertThrows(InvalidCiphertextException.class, () -> P.gcmOpen(key, nonce, aad, bad));
                }
                byte[] badAad = Arrays.copyOf(aad, aad.length + 1);
                assertThrows(InvalidCiphertextException.class, () -> P.gcmOpen(key, nonce, badAad, ct));
                assertThrows(InvalidCiphertextException.class,
                        () -> P.gcmOpen(key, nonce, aad, Arrays.copyOf(ct, 15)));
            }
        }
    }

    @Test
    void gcmLongNonceKnownAnswer() throws Exception {
        // McGrew-Viega test case 6: a 60-byte IV (GHASHed into J0).
        byte[] key = h("feffe9928665731c6d6a8f9467308308");
        byte[] iv = h("9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b5254"
                + "16aedbf5a0de6a57a637b39b");
        byte[] aad = h("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] pt = h("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b39");
        String expect = "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6f"
                + "d62875d2aca417034c34aee5" + "619cc5aefffe0bfa462af43c1699d050";
        assertEquals(expect, x(P.gcmSeal(key, iv, aad, pt)));
    }

    @Test
    void gcmMatchesJdkForEveryNonceLength() throws Exception {
        // Includes nonces longer than OpenSSL 3.0's 128-byte limit (handled by libgkm_native).
        for (int keyLen : new int[] {16, 24, 32}) {
            for (int nonceLen : new int[] {1, 12, 13, 127, 128, 129, 130, 200, 257, 1024, 5000}) {
                byte[] key = rnd(keyLen);
                byte[] nonce = rnd(nonceLen);
                byte[] aad = rnd(17);
                byte[] pt = rnd(77);
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                        new javax.crypto.spec.GCMParameterSpec(128, nonce));
                c.updateAAD(aad);
                byte[] expect = c.doFinal(pt);
                assertEquals(x(expect), x(P.gcmSeal(key, nonce, aad, pt)), keyLen + "/" + nonceLen);
                assertArrayEquals(pt, P.gcmOpen(key, nonce, aad, expect));
            }
        }
    }

    @Test
    void gcmDowncallRefusesInconsistentHeapBuffers() {
        // The native side cannot see heap array bounds, so the binding checks them before the downcall.
        byte[] key = new byte[16];
        byte[] iv = new byte[12];
        byte[] pt = new byte[40];
        assertThrows(IllegalArgumentException.class,
                () -> GkmNative.gkm_gcm_seal(key, iv, new byte[0], pt, pt.length, new byte[pt.length + 15]));
        assertThrows(IllegalArgumentException.class,
                () -> GkmNative.gkm_gcm_seal(key, iv, new byte[0], pt, pt.length + 1, new byte[pt.length + 17]));
        assertThrows(IllegalArgumentException.class,
                () -> GkmNative.gkm_gcm_open(key, iv, new byte[0], pt, pt.length, new byte[pt.length]));
        assertThrows(IllegalArgumentException.class,
                () -> GkmNative.gkm_gcm_open(key, iv, new byte[0], new byte[15], 15, new byte[0]));
        byte[] out = new byte[pt.length + 16];
        assertEquals(0, GkmNative.gkm_gcm_seal(key, iv, new byte[0], pt, pt.length, out));
        byte[] back = new byte[pt.length];
        assertEquals(0, GkmNative.gkm_gcm_open(key, iv, new byte[0], out, out.length, back));
        assertArrayEquals(pt, back);
    }

    // ---- X25519 / Ed25519 ----

    @Test
    void rfc7748() {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                x(P.x25519(h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        byte[] a = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] b = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] pa = P.x25519PublicKey(a);
        byte[] pb = P.x25519PublicKey(b);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", x(pa));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", x(pb));
        String k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(k, x(P.x25519(a, pb)));
        assertEquals(k, x(P.x25519(b, pa)));
        // Small-order peer: all zeros come back for crypto-api to reject.
        assertArrayEquals(new byte[32], P.x25519(a, new byte[32]));
    }

    @Test
    void rfc8032_test1() {
        byte[] sk = h("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pk = h("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = h("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b");
        assertArrayEquals(pk, P.ed25519PublicKey(sk));
        assertArrayEquals(sig, P.ed25519Sign(sk, new byte[0]));
        assertTrue(P.ed25519Verify(pk, new byte[0], sig));
        assertFalse(P.ed25519Verify(pk, new byte[] {0}, sig));
        byte[] bad = sig.clone();
        bad[63] ^= 0x40;
        assertFalse(P.ed25519Verify(pk, new byte[0], bad));
        assertFalse(P.ed25519Verify(new byte[32], new byte[0], sig));
        assertFalse(P.ed25519Verify(pk, new byte[0], Arrays.copyOf(sig, 63)));
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff); // not a valid point encoding
        assertFalse(P.ed25519Verify(ff, new byte[0], sig));
    }

    // ---- P-256 ----

    static final byte[] G = h("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e"
            + "162bce33576b315ececbb6406837bf51f5");

    static byte[] scalar(int v) {
        byte[] d = new byte[32];
        d[31] = (byte) v;
        d[30] = (byte) (v >> 8);
        return d;
    }

    @Test
    void p256() {
        assertArrayEquals(G, P.p256PublicKey(scalar(1)));
        byte[] a = rnd(32);
        byte[] b = rnd(32);
        a[0] &= 0x7f; // < n
        b[0] &= 0x7f;
        byte[] pa = P.p256PublicKey(a);
        byte[] pb = P.p256PublicKey(b);
        assertArrayEquals(P.p256Ecdh(a, pb), P.p256Ecdh(b, pa));
        // 1*B == x(B)
        assertArrayEquals(Arrays.copyOfRange(pb, 1, 33), P.p256Ecdh(scalar(1), pb));
        byte[] off = G.clone();
        off[64] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> P.p256Ecdh(a, off));
        assertFalse(P.ecdsaP256Verify(off, new byte[1], new byte[64]));
    }

    @Test
    void ecdsa() {
        byte[] d = rnd(32);
        d[0] &= 0x7f;
        byte[] q = P.p256PublicKey(d);
        byte[] msg = "message".getBytes(StandardCharsets.UTF_8);
        byte[] sig = P.ecdsaP256Sign(d, msg);
        assertEquals(64, sig.length);
        assertTrue(P.ecdsaP256Verify(q, msg, sig));
        assertFalse(P.ecdsaP256Verify(q, "messagf".getBytes(StandardCharsets.UTF_8), sig));
        assertFalse(P.ecdsaP256Verify(G, msg, sig));
        byte[] bad = sig.clone();
        bad[40] ^= 1;
        assertFalse(P.ecdsaP256Verify(q, msg, bad));
        // Randomized signatures differ but both verify.
        byte[] sig2 = P.ecdsaP256Sign(d, msg);
        assertFalse(Arrays.equals(sig, sig2));
        assertTrue(P.ecdsaP256Verify(q, msg, sig2));
    }

    @Test
    void ecdsaAgainstJdk() throws Exception {
        // Cross-check with SunEC: our P1363 signature verifies under SHA256withECDSAinP1363Format.
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        byte[] d = toFixed(((java.security.interfaces.ECPrivateKey) kp.getPrivate()).getS().toByteArray());
        java.security.Signature v = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        v.initVerify(kp.getPublic());
        byte[] msg = rnd(100);
        v.update(msg);
        assertTrue(v.verify(P.ecdsaP256Sign(d, msg)));
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(kp.getPrivate());
        s.update(msg);
        assertTrue(P.ecdsaP256Verify(P.p256PublicKey(d), msg, s.sign()));
    }

    static byte[] toFixed(byte[] bigEndian) {
        byte[] out = new byte[32];
        int n = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - n, out, 32 - n, n);
        return out;
    }

    // ---- RSA ----

    @Test
    void rsaOaep2048() throws Exception {
        byte[][] kp = P.rsaGenerate(2048);
        byte[] pkcs8 = kp[0];
        byte[] spki = kp[1];
        assertEquals(0x30, pkcs8[0] & 0xff);
        assertArrayEquals(spki, P.rsaPublicKey(pkcs8));
        byte[] label = "gkm label".getBytes(StandardCharsets.UTF_8);
        byte[] pt = rnd(190); // k - 66 for 2048 bits
        byte[] ct = P.rsaOaepEncrypt(spki, pt, label);
        assertEquals(256, ct.length);
        assertArrayEquals(pt, P.rsaOaepDecrypt(pkcs8, ct, label));
        byte[] ct2 = P.rsaOaepEncrypt(spki, new byte[0], new byte[0]);
        assertArrayEquals(new byte[0], P.rsaOaepDecrypt(pkcs8, ct2, new byte[0]));
        assertThrows(InvalidCiphertextException.class, () -> P.rsaOaepDecrypt(pkcs8, ct, "other".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidCiphertextException.class, () -> P.rsaOaepDecrypt(pkcs8, ct, new byte[0]));
        byte[] bad = ct.clone();
        bad[100] ^= 1;
        assertThrows(InvalidCiphertextException.class, () -> P.rsaOaepDecrypt(pkcs8, bad, label));
        assertThrows(InvalidCiphertextException.class, () -> P.rsaOaepDecrypt(pkcs8, Arrays.copyOf(ct, 255), label));
        assertThrows(IllegalArgumentException.class, () -> P.rsaOaepEncrypt(spki, rnd(191), label));
        // Interop with the JDK: its KeyFactory reads our encodings and decrypts our ciphertext.
        java.security.KeyFactory kf = java.security.KeyFactory.getInstance("RSA");
        java.security.PrivateKey jpriv = kf.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
        kf.generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(javax.crypto.Cipher.DECRYPT_MODE, jpriv, new javax.crypto.spec.OAEPParameterSpec("SHA-256", "MGF1",
                java.security.spec.MGF1ParameterSpec.SHA256, new javax.crypto.spec.PSource.PSpecified(label)));
        assertArrayEquals(pt, c.doFinal(ct));
        // Undecodable or wrong-type keys.
        assertThrows(InvalidKeyException.class, () -> P.rsaPublicKey(new byte[0]));
        assertThrows(InvalidKeyException.class, () -> P.rsaPublicKey(rnd(7)));
        assertThrows(InvalidKeyException.class, () -> P.rsaPublicKey(Arrays.copyOf(pkcs8, pkcs8.length - 1)));
        assertThrows(InvalidKeyException.class, () -> P.rsaPublicKey(Arrays.copyOf(pkcs8, pkcs8.length + 1)));
        assertThrows(InvalidKeyException.class, () -> P.rsaPublicKey(spki));
        assertThrows(InvalidKeyException.class, () -> P.rsaOaepEncrypt(pkcs8, pt, label));
        assertThrows(InvalidKeyException.class, () -> P.rsaOaepEncrypt(Arrays.copyOf(spki, spki.length + 2), pt, label));
        assertThrows(InvalidKeyException.class, () -> P.rsaOaepDecrypt(spki, ct, label));
        byte[] ecSpki = h("3059301306072a8648ce3d020106082a8648ce3d030107034200");
        byte[] ecSpkiFull = Arrays.copyOf(ecSpki, ecSpki.length + 65);
        System.arraycopy(G, 0, ecSpkiFull, ecSpki.length, 65);
        assertThrows(InvalidKeyException.class, () -> P.rsaOaepEncrypt(ecSpkiFull, pt, label));
    }

    // ---- HMAC / HKDF / random ----

    @Test
    void rfc4231_case2() {
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                x(P.hmacSha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8))));
        // Empty key == key of zeros (HMAC pads the key with zeros).
        assertArrayEquals(P.hmacSha256(new byte[64], "abc".getBytes(StandardCharsets.UTF_8)), P.hmacSha256(new byte[0], "abc".getBytes(StandardCharsets.UTF_8)));
        byte[] longKey = rnd(200);
        assertEquals(32, P.hmacSha256(longKey, new byte[0]).length);
    }

    @Test
    void rfc5869_case1() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] prk = P.hkdfExtract(h("000102030405060708090a0b0c"), ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", x(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                x(P.hkdfExpand(prk, h("f0f1f2f3f4f5f6f7f8f9"), 42)));
        // RFC 5869 case 3: empty salt and info.
        byte[] prk3 = P.hkdfExtract(new byte[0], ikm);
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", x(prk3));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                x(P.hkdfExpand(prk3, new byte[0], 42)));
        assertEquals(255 * 32, P.hkdfExpand(prk, rnd(5000), 255 * 32).length);
    }

    @Test
    void random() {
        byte[] a = new byte[10000];
        P.randomBytes(a, 3, 9990);
        assertEquals(0, a[0] | a[1] | a[2] | a[9993] | a[9999]);
        assertFalse(Arrays.equals(new byte[64], Arrays.copyOfRange(a, 3, 67)));
        P.randomBytes(a, 0, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> P.randomBytes(a, 9999, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> P.randomBytes(a, -1, 2));
    }

    // ---- wrong sizes to every method: exceptions, never a crash ----

    @Test
    void badLengthsThrow() {
        List<Executable> calls = new ArrayList<>();
        for (int len : new int[] {0, 1, 7, 31, 33, 64}) {
            byte[] k = new byte[len];
            calls.add(() -> P.x25519(k, new byte[32]));
            calls.add(() -> P.x25519(new byte[32], k));
            calls.add(() -> P.x25519PublicKey(k));
            calls.add(() -> P.ed25519PublicKey(k));
            calls.add(() -> P.ed25519Sign(k, new byte[1]));
            calls.add(() -> P.ed25519Verify(k, new byte[1], new byte[64]));
            calls.add(() -> P.p256PublicKey(k));
            calls.add(() -> P.p256Ecdh(k, G));
            calls.add(() -> P.p256Ecdh(scalar(1), k));
            calls.add(() -> P.ecdsaP256Sign(k, new byte[1]));
            calls.add(() -> P.ecdsaP256Verify(k, new byte[1], new byte[64]));
            calls.add(() -> P.gcmSeal(k, new byte[12], new byte[0], new byte[1]));
            calls.add(() -> P.gcmOpen(k, new byte[12], new byte[0], new byte[17]));
            calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KW, k, new byte[16]));
            calls.add(() -> P.keyUnwrap(KeyWrapAlgorithm.AES_KW, k, new byte[24]));
            calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KWP, k, new byte[5]));
            calls.add(() -> P.rsaOaepEncrypt(k, new byte[1], new byte[0]));
            calls.add(() -> P.rsaOaepDecrypt(k, new byte[256], new byte[0]));
            calls.add(() -> P.rsaPublicKey(k));
            if (len < 32) {
                calls.add(() -> P.hkdfExpand(k, new byte[0], 32));
            }
        }
        calls.add(() -> P.gcmSeal(new byte[16], new byte[0], new byte[0], new byte[1]));
        calls.add(() -> P.gcmOpen(new byte[16], new byte[0], new byte[0], new byte[17]));
        calls.add(() -> P.gcmOpen(new byte[16], new byte[12], new byte[0], new byte[15]));
        calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[15]));
        calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[8]));
        calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[17]));
        calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KWP, new byte[16], new byte[0]));
        calls.add(() -> P.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[KeyWrapAlgorithm.MAX_KEY_DATA + 8]));
        calls.add(() -> P.keyUnwrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[16]));
        calls.add(() -> P.keyUnwrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[25]));
        calls.add(() -> P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, new byte[16], new byte[8]));
        calls.add(() -> P.keyUnwrap(KeyWrapAlgorithm.AES_KWP, new byte[16], new byte[0]));
        calls.add(() -> P.ecdsaP256Verify(new byte[65], new byte[1], new byte[64])); // 0x00 prefix
        calls.add(() -> P.hkdfExpand(new byte[32], new byte[0], 0));
        calls.add(() -> P.hkdfExpand(new byte[32], new byte[0], 255 * 32 + 1));
        calls.add(() -> P.hkdfExpand(new byte[32], new byte[0], -1));
        calls.add(() -> P.rsaGenerate(0));
        calls.add(() -> P.rsaGenerate(-2048));
        calls.add(() -> P.rsaGenerate(1 << 20));
        calls.add(() -> P.p256Ecdh(new byte[32], G)); // d = 0
        calls.add(() -> P.x25519(null, new byte[32]));
        calls.add(() -> P.gcmSeal(new byte[16], new byte[12], null, new byte[1]));
        int i = 0;
        for (Executable call : calls) {
            int n = i++;
            try {
                call.execute();
                fail("call " + n + " accepted a bad length");
            } catch (RuntimeException | org.gkm.crypto.CryptoException expected) {
                // IllegalArgumentException, NullPointerException, InvalidKeyException, ...: all fine.
            } catch (Throwable t) {
                fail("call " + n + " threw " + t, t);
            }
        }
        // Odd but legal ECDSA verify inputs are just false.
        assertFalse(P.ecdsaP256Verify(G, new byte[1], new byte[63]));
        assertFalse(P.ed25519Verify(new byte[32], new byte[1], new byte[0]));
    }

    static byte[] rnd(int n) {
        byte[] b = new byte[n];
        P.randomBytes(b, 0, n);
        return b;
    }
}
