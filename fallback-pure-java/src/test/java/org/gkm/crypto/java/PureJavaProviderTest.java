package org.gkm.crypto.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.conformance.VectorSources;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.junit.jupiter.api.Test;

class PureJavaProviderTest {
    private static final HexFormat HEX = HexFormat.of();
    private final CryptoSpi p = new PureJavaProvider();

    private static byte[] h(String s) {
        return HEX.parseHex(s);
    }

    private static String x(byte[] b) {
        return HEX.formatHex(b);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    // ---- provider plumbing ----

    @Test
    void nameAvailabilityDetailsAndServiceLoader() {
        assertEquals("java", p.name());
        Availability a = p.availability();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().startsWith("pure Java: JCA (SunJCE, SunRsaSign) + Bouncy Castle "), a.reason());
        Map<String, String> d = p.details();
        assertEquals(Runtime.version().toString(), d.get("jdk"));
        assertFalse(d.get("bouncycastle").isEmpty());
        assertEquals("Bouncy Castle rfc8032.Ed25519", d.get("ed25519"));
        boolean found = false;
        for (CryptoSpi s : ServiceLoader.load(CryptoSpi.class)) {
            found |= s instanceof PureJavaProvider;
        }
        assertTrue(found, "META-INF/services entry");
    }

    // ---- key wrap ----

    /** The flat objects of the vendored RFC key wrap vectors file: {"k": "v", ...} with string values only. */
    static List<Map<String, String>> wrapVectors() throws IOException {
        Path dir = VectorSources.vendored();
        String json = Files.readString(dir.resolve("rfc3394_rfc5649.json"), StandardCharsets.UTF_8);
        List<Map<String, String>> out = new ArrayList<>();
        Matcher obj = Pattern.compile("\\{([^{}]*)\\}").matcher(json);
        Pattern kv = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
        while (obj.find()) {
            Map<String, String> m = new LinkedHashMap<>();
            Matcher f = kv.matcher(obj.group(1));
            while (f.find()) {
                m.put(f.group(1), f.group(2));
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void rfc3394AndRfc5649Vectors() throws Exception {
        List<Map<String, String>> vs = wrapVectors();
        assertEquals(8, vs.size());
        for (Map<String, String> v : vs) {
            KeyWrapAlgorithm alg = v.get("rfc").contains("5649") ? KeyWrapAlgorithm.AES_KWP : KeyWrapAlgorithm.AES_KW;
            byte[] kek = h(v.get("kek"));
            byte[] key = h(v.get("key"));
            byte[] wrapped = h(v.get("wrapped"));
            String id = v.get("rfc") + " " + v.get("section");
            assertEquals(x(wrapped), x(p.keyWrap(alg, kek, key)), id);
            assertEquals(x(key), x(p.keyUnwrap(alg, kek, wrapped)), id);
            wrapped[wrapped.length - 1] ^= 1;
            InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class,
                    () -> p.keyUnwrap(alg, kek, wrapped), id);
            assertEquals("key unwrap failed", e.getMessage());
        }
    }

    @Test
    void kwpRoundTripAllShortLengths() throws Exception {
        byte[] kek = filled(32, 7);
        for (int n = 1; n <= 40; n++) {
            byte[] key = filled(n, n);
            byte[] w = p.keyWrap(KeyWrapAlgorithm.AES_KWP, kek, key);
            assertEquals(KeyWrapAlgorithm.AES_KWP.wrappedLength(n), w.length);
            assertArrayEquals(key, p.keyUnwrap(KeyWrapAlgorithm.AES_KWP, kek, w));
        }
    }

    @Test
    void batchRoundTripWithCorruptedJob() throws Exception {
        for (KeyWrapAlgorithm alg : KeyWrapAlgorithm.values()) {
            int count = 7;
            int keyLen = alg == KeyWrapAlgorithm.AES_KW ? 32 : 20; // KWP: padded, so tails must be cleared
            int kekLen = 16;
            KeyWrapBatch wb = KeyWrapBatch.uniform(alg, false, count, kekLen, keyLen);
            for (int i = 0; i < wb.keks().length; i++) {
                wb.keks()[i] = (byte) (i * 31 + 5);
            }
            for (int i = 0; i < wb.inputs().length; i++) {
                wb.inputs()[i] = (byte) (i * 17 + 3);
            }
            Arrays.fill(wb.status(), (byte) 9);
            wb.validate(alg, false);
            p.keyWrapBatch(alg, wb);
            int wl = alg.wrappedLength(keyLen);
            for (int i = 0; i < count; i++) {
                assertEquals(0, wb.status()[i]);
                assertEquals(wl, wb.outputLengths()[i]);
                byte[] kek = Arrays.copyOfRange(wb.keks(), i * kekLen, (i + 1) * kekLen);
                byte[] key = Arrays.copyOfRange(wb.inputs(), i * keyLen, (i + 1) * keyLen);
                assertArrayEquals(p.keyWrap(alg, kek, key), Arrays.copyOfRange(wb.outputs(), i * wl, (i + 1) * wl));
            }

            KeyWrapBatch ub = KeyWrapBatch.uniform(alg, true, count, kekLen, wl);
            System.arraycopy(wb.keks(), 0, ub.keks(), 0, wb.keks().length);
            System.arraycopy(wb.outputs(), 0, ub.inputs(), 0, wb.outputs().length);
            ub.inputs()[3 * wl + 5] ^= 0x40; // corrupt job 3
            Arrays.fill(ub.outputs(), (byte) 0x55);
            ub.validate(alg, true);
            assertEquals(1, p.keyUnwrapBatch(alg, ub));
            int region = wl - 8;
            for (int i = 0; i < count; i++) {
                byte[] got = Arrays.copyOfRange(ub.outputs(), i * region, (i + 1) * region);
                if (i == 3) {
                    assertEquals(1, ub.status()[i]);
                    assertEquals(0, ub.outputLengths()[i]);
                    assertArrayEquals(new byte[region], got);
                } else {
                    assertEquals(0, ub.status()[i]);
                    assertEquals(keyLen, ub.outputLengths()[i]);
                    byte[] expect = Arrays.copyOf(Arrays.copyOfRange(wb.inputs(), i * keyLen, (i + 1) * keyLen), region);
                    assertArrayEquals(expect, got, "job " + i + " (tail zeroed)");
                }
            }
        }
    }

    /**
     * Every KW length 16..72 and KWP length 1..72 wrapped in one batch at odd, non-zero output
     * offsets: covers both sides of the SunJCE non-zero-offset rule (in place when the padded length
     * is 0 mod 16, through scratch when it is 8 mod 16) against the offset-0 single wrap.
     */
    @Test
    void batchWrapAtNonZeroOffsetsEveryLength() throws Exception {
        for (KeyWrapAlgorithm alg : KeyWrapAlgorithm.values()) {
            int first = alg == KeyWrapAlgorithm.AES_KW ? 16 : 1;
            int step = alg == KeyWrapAlgorithm.AES_KW ? 8 : 1;
            int n = (72 - first) / step + 1;
            byte[] keks = new byte[32 + 24];
            for (int i = 0; i < keks.length; i++) {
                keks[i] = (byte) (i * 7 + 1);
            }
            int[] kekOff = new int[n];
            int[] kekLen = new int[n];
            int[] inOff = new int[n];
            int[] inLen = new int[n];
            int[] outOff = new int[n];
            int in = 0;
            int out = 3; // job 0 at a non-zero offset too
            for (int j = 0; j < n; j++) {
                kekOff[j] = j % 2 == 0 ? 0 : 32;
                kekLen[j] = j % 2 == 0 ? 32 : 24;
                inLen[j] = first + j * step;
                inOff[j] = in;
                in += inLen[j];
                outOff[j] = out;
                out += alg.wrappedLength(inLen[j]) + 1 + j % 5;
            }
            byte[] inputs = new byte[in];
            for (int i = 0; i < in; i++) {
                inputs[i] = (byte) (i * 13 + 11);
            }
            KeyWrapBatch b = new KeyWrapBatch(n, keks, kekOff, kekLen, inputs, inOff, inLen,
                    new byte[out], outOff, new int[n], new byte[n]);
            b.validate(alg, false);
            p.keyWrapBatch(alg, b);
            for (int j = 0; j < n; j++) {
                byte[] kek = Arrays.copyOfRange(keks, kekOff[j], kekOff[j] + kekLen[j]);
                byte[] key = Arrays.copyOfRange(inputs, inOff[j], inOff[j] + inLen[j]);
                byte[] single = p.keyWrap(alg, kek, key);
                assertEquals(single.length, b.outputLengths()[j], alg + " length " + inLen[j]);
                assertArrayEquals(single, Arrays.copyOfRange(b.outputs(), outOff[j], outOff[j] + single.length),
                        alg + " length " + inLen[j] + " at offset " + outOff[j]);
            }
        }
    }

    /**
     * Straight to the SPI, bypassing {@link KeyWrapBatch#validate}: a batch whose last job is bad
     * (KEK or input length, or a region outside its array), or whose count exceeds its arrays, is
     * refused with an IllegalArgumentException before any job is written, as libgkm_native does.
     */
    @Test
    void batchLayoutErrorsAreRefusedBeforeAnyJobIsWritten() {
        List<java.util.function.Consumer<KeyWrapBatch>> corruptions = List.of(
                b -> b.kekLengths()[3] = 17,
                b -> b.kekLengths()[3] = 40,
                b -> b.inputLengths()[3] = 12,
                b -> b.inputLengths()[3] = KeyWrapAlgorithm.MAX_KEY_DATA + 8,
                b -> b.kekOffsets()[3] = -16,
                b -> b.kekOffsets()[3] = b.keks().length - 8,
                b -> b.inputOffsets()[3] = 1 << 30,
                b -> b.outputOffsets()[3] = b.outputs().length - 8);
        for (boolean unwrap : new boolean[] {false, true}) {
            for (int c = 0; c <= corruptions.size(); c++) {
                KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, unwrap, 4, 16, unwrap ? 24 : 16);
                if (c < corruptions.size()) {
                    corruptions.get(c).accept(b);
                } else { // one job more than the per-job arrays hold
                    b = new KeyWrapBatch(5, b.keks(), b.kekOffsets(), b.kekLengths(), b.inputs(), b.inputOffsets(),
                            b.inputLengths(), b.outputs(), b.outputOffsets(), b.outputLengths(), b.status());
                }
                Arrays.fill(b.outputs(), (byte) 0xAA);
                Arrays.fill(b.outputLengths(), -77);
                Arrays.fill(b.status(), (byte) 0x77);
                KeyWrapBatch bad = b;
                assertThrows(IllegalArgumentException.class, () -> {
                    if (unwrap) {
                        p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, bad);
                    } else {
                        p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, bad);
                    }
                }, "corruption " + c + (unwrap ? ", unwrap" : ", wrap"));
                for (byte o : b.outputs()) {
                    assertEquals((byte) 0xAA, o, "corruption " + c + ": an output was written");
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals(-77, b.outputLengths()[i], "corruption " + c + ": an output length was written");
                    assertEquals((byte) 0x77, b.status()[i], "corruption " + c + ": a status was written");
                }
            }
        }
    }

    /** The per-thread KEK holder is zeroed after single and batch calls, even when an unwrap fails. */
    @Test
    void kekHolderClearedAfterUse() throws Exception {
        byte[] kek = new byte[32];
        Arrays.fill(kek, (byte) 0x5a);
        byte[] w = p.keyWrap(KeyWrapAlgorithm.AES_KW, kek, new byte[16]);
        assertTrue(Jca.engines().kek().isDestroyed());
        w[0] ^= 1;
        assertThrows(InvalidCiphertextException.class, () -> p.keyUnwrap(KeyWrapAlgorithm.AES_KW, kek, w));
        assertTrue(Jca.engines().kek().isDestroyed());
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, 2, 32, 24);
        System.arraycopy(kek, 0, b.keks(), 0, 32);
        System.arraycopy(kek, 0, b.keks(), 32, 32);
        System.arraycopy(w, 0, b.inputs(), 0, 24);
        System.arraycopy(w, 0, b.inputs(), 24, 24);
        assertEquals(2, p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, b));
        assertTrue(Jca.engines().kek().isDestroyed());
        assertEquals(0, Jca.engines().kek().getEncoded().length);
        assertTrue(Jca.engines().kek().allZero());
    }

    @Test
    void batchSharedKekAndRaggedLayout() throws Exception {
        // three jobs on one KEK region, one on a 32-byte KEK, different key lengths
        byte[] keks = new byte[16 + 32];
        for (int i = 0; i < keks.length; i++) {
            keks[i] = (byte) (200 - i);
        }
        int[] kekOff = {0, 0, 16, 0};
        int[] kekLen = {16, 16, 32, 16};
        int[] inLen = {16, 24, 32, 40};
        int[] inOff = {0, 16, 40, 72};
        byte[] inputs = new byte[112];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (byte) i;
        }
        int[] outOff = {0, 24, 56, 96};
        KeyWrapBatch b = new KeyWrapBatch(4, keks, kekOff, kekLen, inputs, inOff, inLen,
                new byte[144], outOff, new int[4], new byte[4]);
        b.validate(KeyWrapAlgorithm.AES_KW, false);
        p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, b);
        for (int i = 0; i < 4; i++) {
            byte[] kek = Arrays.copyOfRange(keks, kekOff[i], kekOff[i] + kekLen[i]);
            byte[] key = Arrays.copyOfRange(inputs, inOff[i], inOff[i] + inLen[i]);
            byte[] expect = p.keyWrap(KeyWrapAlgorithm.AES_KW, kek, key);
            assertArrayEquals(expect, Arrays.copyOfRange(b.outputs(), outOff[i], outOff[i] + expect.length));
            assertEquals(expect.length, b.outputLengths()[i]);
        }
    }

    // ---- AES-GCM ----

    @Test
    void gcmRoundTripTamperAndNonceSizes() throws Exception {
        byte[] aad = "header".getBytes(StandardCharsets.US_ASCII);
        byte[] pt = "attack at dawn, or maybe a little later".getBytes(StandardCharsets.US_ASCII);
        for (int keyLen : new int[] {16, 24, 32}) {
            byte[] key = filled(keyLen, 0x42);
            for (int nonceLen : new int[] {1, 8, 12, 16, 64, 256}) {
                byte[] nonce = filled(nonceLen, nonceLen);
                byte[] ct = p.gcmSeal(key, nonce, aad, pt);
                assertEquals(pt.length + 16, ct.length);
                // same key and nonce again: SunJCE refuses this on one Cipher object; the SPI must not
                assertArrayEquals(ct, p.gcmSeal(key, nonce, aad, pt));
                assertArrayEquals(pt, p.gcmOpen(key, nonce, aad, ct));
                for (int pos : new int[] {0, pt.length, ct.length - 1}) {
                    byte[] bad = ct.clone();
                    bad[pos] ^= 1;
                    InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class,
                            () -> p.gcmOpen(key, nonce, aad, bad));
                    assertFalse(e.getMessage().contains(x(key)));
                }
                assertThrows(InvalidCiphertextException.class, () -> p.gcmOpen(key, nonce, new byte[0], ct));
            }
        }
        // empty plaintext and aad: just the tag
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        byte[] tag = p.gcmSeal(key, nonce, new byte[0], new byte[0]);
        // NIST GCM test case 1
        assertEquals("58e2fccefa7e3061367f1d57a4e7455a", x(tag));
        assertArrayEquals(new byte[0], p.gcmOpen(key, nonce, new byte[0], tag));
    }

    // ---- X25519 ----

    @Test
    void rfc7748X25519() {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                x(p.x25519(h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                        h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))));
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                x(p.x25519(h("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                        h("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))));
        byte[] alice = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePub = p.x25519PublicKey(alice);
        byte[] bobPub = p.x25519PublicKey(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", x(alicePub));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", x(bobPub));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, x(p.x25519(alice, bobPub)));
        assertEquals(shared, x(p.x25519(bob, alicePub)));
        // a low-order point gives all zeros (the caller rejects it), not an exception
        assertArrayEquals(new byte[32], p.x25519(alice, new byte[32]));
    }

    @Test
    void x25519PublicKeyBatch() {
        // RFC 7748 sec. 6.1: Alice and Bob in one batch, at offsets, with untouched bytes around
        byte[] sk = h("00" + "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
                + "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] pk = filled(3 + 64 + 5, 0xAA);
        p.x25519PublicKeys(sk, 1, pk, 3, 2);
        assertEquals("aaaaaa" + "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
                + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f" + "aaaaaaaaaa", x(pk));
        // a larger random batch equals the single call key by key, and leaves its input alone
        java.util.Random r = new java.util.Random(0x7748);
        int n = 50;
        byte[] many = new byte[n * 32];
        r.nextBytes(many);
        Arrays.fill(many, 0, 32, (byte) 0); // all-zero and all-ones private keys clamp like any other
        Arrays.fill(many, 32, 64, (byte) 0xff);
        byte[] copy = many.clone();
        byte[] out = new byte[n * 32];
        p.x25519PublicKeys(many, 0, out, 0, n);
        for (int i = 0; i < n; i++) {
            assertArrayEquals(p.x25519PublicKey(Arrays.copyOfRange(many, i * 32, i * 32 + 32)),
                    Arrays.copyOfRange(out, i * 32, i * 32 + 32), "key " + i);
        }
        assertArrayEquals(copy, many);
        // bad layouts (crypto-api refuses them first; the provider checks again): unchecked, nothing written
        byte[] untouched = filled(64, 0xAA);
        assertThrows(IllegalArgumentException.class, () -> p.x25519PublicKeys(many, 0, untouched, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> p.x25519PublicKeys(many, 0, untouched, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> p.x25519PublicKeys(many, n * 32 - 31, untouched, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.x25519PublicKeys(many, -1, untouched, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.x25519PublicKeys(many, 0, many, 32, 2));
        assertThrows(IllegalArgumentException.class,
                () -> p.x25519PublicKeys(many, 0, untouched, 0, org.gkm.crypto.spi.X25519Batch.MAX_KEYS + 1));
        assertArrayEquals(filled(64, 0xAA), untouched);
    }

    // ---- Ed25519 ----

    @Test
    void rfc8032Ed25519Tests1And2() {
        String[][] t = {
            {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
             "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
             "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        };
        for (String[] v : t) {
            byte[] sk = h(v[0]);
            byte[] msg = h(v[2]);
            assertEquals(v[1], x(p.ed25519PublicKey(sk)));
            assertEquals(v[3], x(p.ed25519Sign(sk, msg)));
            assertTrue(p.ed25519Verify(h(v[1]), msg, h(v[3])));
            byte[] bad = h(v[3]);
            bad[10] ^= 1;
            assertFalse(p.ed25519Verify(h(v[1]), msg, bad));
            assertFalse(p.ed25519Verify(h(v[1]), "x".getBytes(StandardCharsets.US_ASCII), h(v[3])));
            assertFalse(p.ed25519Verify(filled(32, 0xff), msg, h(v[3]))); // not a valid point encoding
        }
    }

    // ---- P-256 ----

    @Test
    void p256EcdhAndEcdsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 5; i++) {
            KeyPair a = g.generateKeyPair();
            KeyPair b = g.generateKeyPair();
            byte[] da = scalar((ECPrivateKey) a.getPrivate());
            byte[] db = scalar((ECPrivateKey) b.getPrivate());
            byte[] qa = p.p256PublicKey(da);
            byte[] qb = p.p256PublicKey(db);
            assertArrayEquals(point((ECPublicKey) a.getPublic()), qa, "d*G matches the JCA key pair");
            byte[] s1 = p.p256Ecdh(da, qb);
            byte[] s2 = p.p256Ecdh(db, qa);
            assertEquals(32, s1.length);
            assertArrayEquals(s1, s2);

            byte[] msg = ("message " + i).getBytes(StandardCharsets.US_ASCII);
            byte[] sig = p.ecdsaP256Sign(da, msg);
            assertEquals(64, sig.length);
            assertTrue(p.ecdsaP256Verify(qa, msg, sig));
            assertFalse(p.ecdsaP256Verify(qb, msg, sig));
            assertFalse(p.ecdsaP256Verify(qa, "other".getBytes(StandardCharsets.US_ASCII), sig));
            sig[40] ^= 1;
            assertFalse(p.ecdsaP256Verify(qa, msg, sig));
        }
        // d = 1 gives G
        byte[] one = new byte[32];
        one[31] = 1;
        assertEquals("046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                + "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5", x(p.p256PublicKey(one)));
    }

    private static byte[] scalar(ECPrivateKey k) {
        return fixed(k.getS());
    }

    private static byte[] point(ECPublicKey k) {
        byte[] out = new byte[65];
        out[0] = 4;
        System.arraycopy(fixed(k.getW().getAffineX()), 0, out, 1, 32);
        System.arraycopy(fixed(k.getW().getAffineY()), 0, out, 33, 32);
        return out;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, b.length);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    // ---- RSA-OAEP ----

    @Test
    void rsaOaep2048() throws Exception {
        byte[][] kp = p.rsaGenerate(2048);
        byte[] priv = kp[0];
        byte[] pub = kp[1];
        assertArrayEquals(pub, p.rsaPublicKey(priv));
        byte[] msg = filled(256 - 66, 0x5a); // the longest allowed
        for (byte[] label : new byte[][] {null, new byte[0], "label".getBytes(StandardCharsets.US_ASCII)}) {
            byte[] ct = p.rsaOaepEncrypt(pub, msg, label);
            assertEquals(256, ct.length);
            assertArrayEquals(msg, p.rsaOaepDecrypt(priv, ct, label));
            byte[] otherLabel = label == null || label.length == 0 ? new byte[] {1} : null;
            InvalidCiphertextException e = assertThrows(InvalidCiphertextException.class,
                    () -> p.rsaOaepDecrypt(priv, ct, otherLabel));
            assertEquals("RSA-OAEP decryption failed", e.getMessage());
            assertEquals(null, e.getCause());
            byte[] bad = ct.clone();
            bad[100] ^= 1;
            assertThrows(InvalidCiphertextException.class, () -> p.rsaOaepDecrypt(priv, bad, label));
            assertThrows(InvalidCiphertextException.class,
                    () -> p.rsaOaepDecrypt(priv, Arrays.copyOf(ct, 255), label));
            assertThrows(InvalidCiphertextException.class, () -> p.rsaOaepDecrypt(priv, filled(256, 0xff), label));
        }
        assertArrayEquals(new byte[0], p.rsaOaepDecrypt(priv, p.rsaOaepEncrypt(pub, new byte[0], null), null));

        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> p.rsaOaepEncrypt(ec.getPublic().getEncoded(), msg, null));
        assertThrows(InvalidKeyException.class, () -> p.rsaOaepDecrypt(ec.getPrivate().getEncoded(), new byte[256], null));
        assertThrows(InvalidKeyException.class, () -> p.rsaPublicKey(ec.getPrivate().getEncoded()));
        assertThrows(InvalidKeyException.class, () -> p.rsaPublicKey(new byte[] {0x30, 0x03, 0x02, 0x01}));
        assertThrows(InvalidKeyException.class, () -> p.rsaOaepEncrypt(new byte[10], msg, null));
    }

    // ---- HMAC / HKDF / random ----

    @Test
    void rfc4231HmacCases1And2() {
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                x(p.hmacSha256(filled(20, 0x0b), "Hi There".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                x(p.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void hmacEmptyKeyMatchesBouncyCastle() {
        for (byte[] msg : new byte[][] {new byte[0], "abc".getBytes(StandardCharsets.US_ASCII), filled(1000, 3)}) {
            HMac m = new HMac(new SHA256Digest());
            m.init(new KeyParameter(new byte[0]));
            m.update(msg, 0, msg.length);
            byte[] expect = new byte[32];
            m.doFinal(expect, 0);
            assertArrayEquals(expect, p.hmacSha256(new byte[0], msg));
        }
        // long keys (hashed first) also go through the JCA path
        assertEquals(32, p.hmacSha256(filled(131, 0xaa), new byte[0]).length);
    }

    @Test
    void rfc5869HkdfCases1And3() {
        byte[] ikm = filled(22, 0x0b);
        byte[] prk = p.hkdfExtract(h("000102030405060708090a0b0c"), ikm);
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", x(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                x(p.hkdfExpand(prk, h("f0f1f2f3f4f5f6f7f8f9"), 42)));

        byte[] prk3 = p.hkdfExtract(new byte[0], ikm);
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04", x(prk3));
        assertArrayEquals(prk3, p.hkdfExtract(new byte[32], ikm));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                x(p.hkdfExpand(prk3, new byte[0], 42)));

        assertEquals(255 * 32, p.hkdfExpand(prk3, new byte[0], 255 * 32).length);
        byte[] one = p.hkdfExpand(prk3, new byte[0], 1);
        assertEquals("8d", x(one));
    }

    @Test
    void randomBytesRespectsRange() {
        byte[] buf = new byte[64];
        p.randomBytes(buf, 16, 32);
        for (int i = 0; i < 16; i++) {
            assertEquals(0, buf[i]);
            assertEquals(0, buf[48 + i]);
        }
        assertFalse(Arrays.equals(new byte[32], Arrays.copyOfRange(buf, 16, 48)));
        byte[] all = new byte[32];
        p.randomBytes(all, 0, 32);
        assertFalse(Arrays.equals(new byte[32], all));
        p.randomBytes(all, 5, 0);
    }

    // ---- concurrency ----

    @Test
    void concurrencySmoke() throws Exception {
        byte[] kek = filled(32, 1);
        byte[] key = filled(32, 2);
        byte[] wrapped = p.keyWrap(KeyWrapAlgorithm.AES_KW, kek, key);
        byte[] gkey = filled(16, 3);
        byte[] nonce = filled(12, 4);
        byte[] sealed = p.gcmSeal(gkey, nonce, new byte[0], key);
        byte[] mac = p.hmacSha256(kek, key);
        byte[] edSk = filled(32, 5);
        byte[] edSig = p.ed25519Sign(edSk, key);
        byte[] edPk = p.ed25519PublicKey(edSk);
        byte[] d = filled(32, 6);
        byte[] q = p.p256PublicKey(d);
        byte[] ecdh = p.p256Ecdh(d, q);

        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int id = t;
                fs.add(ex.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        assertArrayEquals(wrapped, p.keyWrap(KeyWrapAlgorithm.AES_KW, kek, key));
                        assertArrayEquals(key, p.keyUnwrap(KeyWrapAlgorithm.AES_KW, kek, wrapped));
                        assertArrayEquals(sealed, p.gcmSeal(gkey, nonce, new byte[0], key));
                        assertArrayEquals(key, p.gcmOpen(gkey, nonce, new byte[0], sealed));
                        assertArrayEquals(mac, p.hmacSha256(kek, key));
                        assertArrayEquals(ecdh, p.p256Ecdh(d, q));
                        if (i % 20 == id) {
                            assertArrayEquals(edSig, p.ed25519Sign(edSk, key));
                            assertTrue(p.ed25519Verify(edPk, key, edSig));
                            assertTrue(p.ecdsaP256Verify(q, key, p.ecdsaP256Sign(d, key)));
                        }
                        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KWP, false, 8, 16, 24);
                        Arrays.fill(b.keks(), (byte) id);
                        p.keyWrapBatch(KeyWrapAlgorithm.AES_KWP, b);
                        KeyWrapBatch u = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KWP, true, 8, 16, 32);
                        Arrays.fill(u.keks(), (byte) id);
                        System.arraycopy(b.outputs(), 0, u.inputs(), 0, b.outputs().length);
                        assertEquals(0, p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KWP, u));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
