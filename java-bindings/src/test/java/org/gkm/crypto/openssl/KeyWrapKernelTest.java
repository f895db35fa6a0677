package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.java.PureJavaProvider;
import org.gkm.crypto.spi.Availability;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL provider on libgkm_native's key wrap kernels: path selection and
 * reporting, every supported path against the RFC 3394 / 5649 vectors and the pure-Java provider,
 * the single-job entry points, and the checks that refuse bad input before any downcall.
 */
class KeyWrapKernelTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 3394 4.6: 256-bit KEK, 256-bit key data
    private static final byte[] KEK_4_6 = HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    private static final byte[] KEY_4_6 = HEX.parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
    private static final byte[] WRAPPED_4_6 = HEX.parseHex(
            "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
    // RFC 5649 section 6: 192-bit KEK, 20-octet key
    private static final byte[] KEK_5649 = HEX.parseHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");
    private static final byte[] KEY_5649 = HEX.parseHex("c37b7e6492584340bed12207808941155068f738");
    private static final byte[] WRAPPED_5649 = HEX.parseHex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");

    private static final PureJavaProvider JAVA = new PureJavaProvider();

    static List<KwPath> supportedPaths() {
        List<KwPath> out = new ArrayList<>();
        for (KwPath p : KwPath.values()) {
            if (p != KwPath.AUTO && GkmNative.gkm_kw_path_supported(p.code)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void pathIsReportedAndForceable() {
        OpenSslProvider auto = new OpenSslProvider();
        assertTrue(auto.availability().available(), auto.availability().reason());
        Map<String, String> d = auto.details();
        KwPath chosen = KwPath.ofCode(GkmNative.gkm_kw_path());
        assertTrue(chosen != null && chosen != KwPath.AUTO, "auto resolves to a concrete path: " + chosen);
        assertEquals(chosen, auto.effectiveKwPath());
        assertTrue(d.get("kw.path").startsWith(chosen.label() + " "), d.toString());
        assertTrue(auto.availability().reason().contains("key wrap path " + chosen.label()), auto.availability().reason());
        List<KwPath> supported = supportedPaths();
        assertTrue(supported.contains(KwPath.SCALAR), "scalar runs on any CPU");
        assertTrue(supported.contains(chosen), "auto picks a supported path");
        StringBuilder labels = new StringBuilder();
        for (KwPath p : supported) {
            labels.append(labels.isEmpty() ? "" : " ").append(p.label());
            OpenSslProvider forced = new OpenSslProvider(p);
            assertTrue(forced.availability().available(), forced.availability().reason());
            assertEquals(p, forced.effectiveKwPath());
            assertEquals(p.label() + " (forced by gkm.kw.path)", forced.details().get("kw.path"));
        }
        assertEquals(labels.toString(), d.get("kw.paths.supported"));
        // the CPU flags decide which paths exist
        int cpu = GkmNative.gkm_cpu_features();
        assertEquals((cpu & 1) != 0, supported.contains(KwPath.AESNI), "aesni path iff AES-NI");
        if (supported.contains(KwPath.VAES)) {
            assertTrue((cpu & (1 << 4)) != 0 && (cpu & (1 << 3)) != 0, "vaes path needs VAES and AVX-512F");
        }
        for (KwPath p : KwPath.values()) {
            if (p != KwPath.AUTO && !supported.contains(p)) {
                Availability a = new OpenSslProvider(p).availability();
                assertFalse(a.available(), "a forced path the CPU lacks is refused: " + p);
                assertTrue(a.reason().contains("cannot run"), a.reason());
            }
        }
    }

    @Test
    void unknownPathMakesTheProviderUnavailableNotSlower() {
        OpenSslProvider p = new OpenSslProvider("avx9000");
        Availability a = p.availability();
        assertFalse(a.available());
        assertEquals("gkm.kw.path=avx9000 is not one of auto, scalar, aesni, vaes", a.reason());
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 1, 16, 16);
        assertThrows(IllegalStateException.class, () -> p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, b));
        assertEquals(KwPath.AESNI, KwPath.parse(" AESNI "));
        assertEquals(null, KwPath.parse(null));
    }

    @Test
    void everyPathMatchesTheRfcVectors() {
        for (KwPath path : supportedPaths()) {
            OpenSslProvider p = new OpenSslProvider(path);
            // KW: 40 jobs (more than one lane group), all RFC 3394 4.6, two tampered on unwrap
            int n = 40;
            KeyWrapBatch w = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, n, 32, 32);
            for (int i = 0; i < n; i++) {
                System.arraycopy(KEK_4_6, 0, w.keks(), i * 32, 32);
                System.arraycopy(KEY_4_6, 0, w.inputs(), i * 32, 32);
            }
            p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, w);
            KeyWrapBatch u = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, n, 32, 40);
            for (int i = 0; i < n; i++) {
                assertArrayEquals(WRAPPED_4_6, Arrays.copyOfRange(w.outputs(), i * 40, i * 40 + 40), path + " job " + i);
                assertEquals(40, w.outputLengths()[i]);
                System.arraycopy(KEK_4_6, 0, u.keks(), i * 32, 32);
                System.arraycopy(WRAPPED_4_6, 0, u.inputs(), i * 40, 40);
            }
            u.inputs()[5 * 40 + 39] ^= 1;
            u.inputs()[38 * 40] ^= (byte) 0x80;
            Arrays.fill(u.outputs(), (byte) 0x77);
            assertEquals(2, p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, u), path.label());
            for (int i = 0; i < n; i++) {
                byte[] out = Arrays.copyOfRange(u.outputs(), i * 32, i * 32 + 32);
                boolean bad = i == 5 || i == 38;
                assertEquals(bad ? 1 : 0, u.status()[i], path + " job " + i);
                assertEquals(bad ? 0 : 32, u.outputLengths()[i], path + " job " + i);
                assertArrayEquals(bad ? new byte[32] : KEY_4_6, out, path + " job " + i);
            }
            // KWP: RFC 5649 192-bit KEK, 20-byte key, 17 jobs
            int m = 17;
            KeyWrapBatch wp = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KWP, false, m, 24, 20);
            for (int i = 0; i < m; i++) {
                System.arraycopy(KEK_5649, 0, wp.keks(), i * 24, 24);
                System.arraycopy(KEY_5649, 0, wp.inputs(), i * 20, 20);
            }
            p.keyWrapBatch(KeyWrapAlgorithm.AES_KWP, wp);
            for (int i = 0; i < m; i++) {
                assertArrayEquals(WRAPPED_5649, Arrays.copyOfRange(wp.outputs(), i * 32, i * 32 + 32), path + " kwp " + i);
            }
        }
    }

    /** Seeded random ragged batches on every path against the pure-Java provider (a quick version of DifferentialTest). */
    @Test
    void everyPathMatchesPureJavaOnRaggedBatches() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom r = new SplittableRandom(seed);
        String ctx = "seed=" + seed;
        for (int round = 0; round < 6; round++) {
            KeyWrapAlgorithm alg = round % 2 == 0 ? KeyWrapAlgorithm.AES_KW : KeyWrapAlgorithm.AES_KWP;
            int n = 1 + r.nextInt(300);
            byte[] keks = new byte[n * 32];
            r.nextBytes(keks);
            int[] kekOff = new int[n];
            int[] kekLen = new int[n];
            int[] inOff = new int[n];
            int[] inLen = new int[n];
            int[] outOff = new int[n];
            int inPos = 0;
            int outPos = 0;
            for (int i = 0; i < n; i++) {
                kekLen[i] = 16 + 8 * r.nextInt(3);
                kekOff[i] = r.nextInt(4) == 0 && i > 0 ? kekOff[i - 1] : 32 * r.nextInt(n);
                if (r.nextInt(4) == 0 && i > 0) {
                    kekLen[i] = kekLen[i - 1];
                }
                inLen[i] = alg == KeyWrapAlgorithm.AES_KW ? 16 + 8 * r.nextInt(7) : 1 + r.nextInt(64);
                inOff[i] = inPos;
                inPos += inLen[i] + r.nextInt(3);
                outOff[i] = outPos;
                outPos += alg.wrappedLength(inLen[i]) + r.nextInt(3);
            }
            byte[] in = new byte[inPos];
            r.nextBytes(in);
            KeyWrapBatch ref = new KeyWrapBatch(n, keks, kekOff, kekLen, in, inOff, inLen, new byte[outPos], outOff,
                    new int[n], new byte[n]);
            JAVA.keyWrapBatch(alg, ref);
            for (KwPath path : supportedPaths()) {
                KeyWrapBatch got = new KeyWrapBatch(n, keks, kekOff, kekLen, in, inOff, inLen, new byte[outPos], outOff,
                        new int[n], new byte[n]);
                new OpenSslProvider(path).keyWrapBatch(alg, got);
                assertArrayEquals(ref.outputs(), got.outputs(), ctx + " " + path + " " + alg + " n=" + n);
                assertArrayEquals(ref.outputLengths(), got.outputLengths(), ctx + " " + path);
                assertArrayEquals(ref.status(), got.status(), ctx + " " + path);
            }
        }
    }

    @Test
    void singleWrapAndUnwrapUseTheKernel() throws Exception {
        OpenSslProvider p = new OpenSslProvider();
        assertArrayEquals(WRAPPED_4_6, p.keyWrap(KeyWrapAlgorithm.AES_KW, KEK_4_6, KEY_4_6));
        assertArrayEquals(KEY_4_6, p.keyUnwrap(KeyWrapAlgorithm.AES_KW, KEK_4_6, WRAPPED_4_6));
        assertArrayEquals(WRAPPED_5649, p.keyWrap(KeyWrapAlgorithm.AES_KWP, KEK_5649, KEY_5649));
        assertArrayEquals(KEY_5649, p.keyUnwrap(KeyWrapAlgorithm.AES_KWP, KEK_5649, WRAPPED_5649));
        // the same as OpenSSL's own EVP wrap cipher, for every KEK size and several lengths
        SplittableRandom r = new SplittableRandom(7);
        for (int kl : new int[] {16, 24, 32}) {
            for (KeyWrapAlgorithm alg : KeyWrapAlgorithm.values()) {
                for (int len = alg == KeyWrapAlgorithm.AES_KW ? 16 : 1; len <= 72; len += alg == KeyWrapAlgorithm.AES_KW ? 8 : 5) {
                    byte[] kek = new byte[kl];
                    byte[] key = new byte[len];
                    r.nextBytes(kek);
                    r.nextBytes(key);
                    byte[] evp = new byte[alg.wrappedLength(len)];
                    assertEquals(evp.length, EvpKeyWrap.wrap(alg, kek, 0, kl, key, 0, len, evp, 0));
                    byte[] w = p.keyWrap(alg, kek, key);
                    assertArrayEquals(evp, w, alg + " kek " + kl + " len " + len);
                    assertArrayEquals(key, p.keyUnwrap(alg, kek, w));
                    byte[] back = new byte[w.length - 8];
                    assertEquals(len, EvpKeyWrap.unwrap(alg, kek, 0, kl, w, 0, w.length, back, 0));
                    w[r.nextInt(w.length)] ^= (byte) (1 << r.nextInt(8));
                    assertThrows(InvalidCiphertextException.class, () -> p.keyUnwrap(alg, kek, w));
                    Arrays.fill(back, (byte) 0x33);
                    assertEquals(EvpKeyWrap.INTEGRITY_FAILURE, EvpKeyWrap.unwrap(alg, kek, 0, kl, w, 0, w.length, back, 0));
                    assertArrayEquals(new byte[back.length], back, "EVP failure zeroes the output");
                }
            }
        }
    }

    @Test
    void singleCallsRefuseBadLengthsInJava() {
        OpenSslProvider p = new OpenSslProvider();
        assertThrows(IllegalArgumentException.class, () -> p.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[20], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> p.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[12]));
        assertThrows(IllegalArgumentException.class, () -> p.keyWrap(KeyWrapAlgorithm.AES_KWP, new byte[16], new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> p.keyWrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[KeyWrapAlgorithm.MAX_KEY_DATA + 8]));
        assertThrows(IllegalArgumentException.class, () -> p.keyUnwrap(KeyWrapAlgorithm.AES_KW, new byte[16], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> p.keyUnwrap(KeyWrapAlgorithm.AES_KWP, new byte[16], new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> p.keyUnwrap(KeyWrapAlgorithm.AES_KW, new byte[33], new byte[24]));
        assertThrows(NullPointerException.class, () -> p.keyWrap(KeyWrapAlgorithm.AES_KW, null, new byte[16]));
        assertThrows(IllegalArgumentException.class,
                () -> EvpKeyWrap.wrap(KeyWrapAlgorithm.AES_KW, new byte[32], 0, 20, new byte[16], 0, 16, new byte[24], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> EvpKeyWrap.wrap(KeyWrapAlgorithm.AES_KW, new byte[32], 16, 24, new byte[16], 0, 16, new byte[24], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> EvpKeyWrap.wrap(KeyWrapAlgorithm.AES_KW, new byte[32], 0, 32, new byte[16], 0, 16, new byte[24], 1));
    }

    /**
     * A bad layout given straight to the SPI (bypassing crypto-api's validation) is refused, by the
     * Java checks (count, per-job array lengths) or by libgkm_native's checks before any work, and
     * leaves every output, length and status untouched; also for one-job batches in auto mode.
     */
    @Test
    void badBatchLayoutsTouchNothing() {
        List<OpenSslProvider> providers = new ArrayList<>();
        for (KwPath path : supportedPaths()) {
            providers.add(new OpenSslProvider(path));
        }
        providers.add(new OpenSslProvider());
        for (OpenSslProvider p : providers) {
            KwPath path = p.effectiveKwPath();
            for (int n : new int[] {8, 1}) {
                for (int defect = 0; defect < 6; defect++) {
                    KeyWrapBatch ok = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, n, 32, 32);
                    int[] kekLen = ok.kekLengths().clone();
                    int[] inLen = ok.inputLengths().clone();
                    int[] inOff = ok.inputOffsets().clone();
                    int[] outOff = ok.outputOffsets().clone();
                    int count = n;
                    byte[] status = new byte[n];
                    switch (defect) {
                        case 0 -> kekLen[n - 1] = 20;          // bad KEK size on the last job
                        case 1 -> inLen[n - 1] = 20;           // KW length not a multiple of 8
                        case 2 -> inOff[n - 1] = ok.inputs().length - 8; // input runs past its array
                        case 3 -> outOff[n - 1] = -1;          // negative offset
                        case 4 -> count = n + 1;               // more jobs than per-job entries
                        default -> status = new byte[n - 1];   // status array too short
                    }
                    byte[] outputs = new byte[ok.outputs().length];
                    Arrays.fill(outputs, (byte) 0x5a);
                    Arrays.fill(status, (byte) 9);
                    int[] outLen = new int[n];
                    Arrays.fill(outLen, -7);
                    KeyWrapBatch bad = new KeyWrapBatch(count, ok.keks(), ok.kekOffsets(), kekLen, ok.inputs(), inOff, inLen,
                            outputs, outOff, outLen, status);
                    assertThrows(IllegalArgumentException.class, () -> p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, bad),
                            path + " defect " + defect);
                    byte[] expect = new byte[outputs.length];
                    Arrays.fill(expect, (byte) 0x5a);
                    assertArrayEquals(expect, outputs, path + " defect " + defect);
                    for (int i = 0; i < status.length; i++) {
                        assertEquals(9, status[i]);
                    }
                    for (int i = 0; i < n; i++) {
                        assertEquals(-7, outLen[i]);
                    }
                }
            }
            // unwrap with a wrap-sized layout: 32-byte inputs are valid KW unwrap lengths, but a
            // 16-byte one is not
            KeyWrapBatch shortIn = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, 2, 16, 16);
            assertThrows(IllegalArgumentException.class, () -> p.keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, shortIn));
            // still usable afterwards
            KeyWrapBatch fine = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, false, 3, 16, 16);
            p.keyWrapBatch(KeyWrapAlgorithm.AES_KW, fine);
            assertEquals(24, fine.outputLengths()[2]);
        }
    }

    /** In auto mode a one-job batch takes the single-job entry point: same bytes, status and zeroing as the batch kernel. */
    @Test
    void oneJobBatchesMatchPureJavaAndTheBatchKernel() {
        OpenSslProvider auto = new OpenSslProvider();
        OpenSslProvider kernel = new OpenSslProvider(KwPath.SCALAR);
        SplittableRandom r = new SplittableRandom(11);
        for (KeyWrapAlgorithm alg : KeyWrapAlgorithm.values()) {
            for (int kl : new int[] {16, 24, 32}) {
                for (int len : alg == KeyWrapAlgorithm.AES_KW ? new int[] {16, 24, 32, 64} : new int[] {1, 7, 8, 9, 20, 32}) {
                    byte[] keks = new byte[kl + 5];
                    r.nextBytes(keks);
                    byte[] in = new byte[len + 3];
                    r.nextBytes(in);
                    int wl = alg.wrappedLength(len);
                    KeyWrapBatch[] w = new KeyWrapBatch[3];
                    for (int k = 0; k < 3; k++) {
                        byte[] out = new byte[wl + 9];
                        Arrays.fill(out, (byte) 0x3c);
                        w[k] = new KeyWrapBatch(1, keks, new int[] {5}, new int[] {kl}, in, new int[] {3}, new int[] {len},
                                out, new int[] {4}, new int[1], new byte[] {9});
                    }
                    JAVA.keyWrapBatch(alg, w[0]);
                    auto.keyWrapBatch(alg, w[1]);
                    kernel.keyWrapBatch(alg, w[2]);
                    String ctx = alg + " kek " + kl + " len " + len;
                    for (int k = 1; k < 3; k++) {
                        assertArrayEquals(w[0].outputs(), w[k].outputs(), ctx);
                        assertArrayEquals(w[0].outputLengths(), w[k].outputLengths(), ctx);
                        assertArrayEquals(w[0].status(), w[k].status(), ctx);
                    }
                    byte[] wrapped = Arrays.copyOfRange(w[0].outputs(), 4, 4 + wl);
                    for (boolean corrupt : new boolean[] {false, true}) {
                        byte[] uin = wrapped.clone();
                        if (corrupt) {
                            uin[r.nextInt(uin.length)] ^= (byte) (1 << r.nextInt(8));
                        }
                        KeyWrapBatch[] u = new KeyWrapBatch[3];
                        for (int k = 0; k < 3; k++) {
                            byte[] out = new byte[wl - 8 + 6];
                            Arrays.fill(out, (byte) 0x3c);
                            u[k] = new KeyWrapBatch(1, keks, new int[] {5}, new int[] {kl}, uin, new int[] {0}, new int[] {wl},
                                    out, new int[] {2}, new int[] {-1}, new byte[] {9});
                        }
                        int f0 = JAVA.keyUnwrapBatch(alg, u[0]);
                        assertEquals(corrupt ? 1 : 0, f0, ctx);
                        assertEquals(f0, auto.keyUnwrapBatch(alg, u[1]), ctx);
                        assertEquals(f0, kernel.keyUnwrapBatch(alg, u[2]), ctx);
                        for (int k = 1; k < 3; k++) {
                            assertArrayEquals(u[0].outputs(), u[k].outputs(), ctx + " corrupt " + corrupt);
                            assertArrayEquals(u[0].outputLengths(), u[k].outputLengths(), ctx);
                            assertArrayEquals(u[0].status(), u[k].status(), ctx);
                        }
                        if (corrupt) {
                            assertArrayEquals(new byte[wl - 8], Arrays.copyOfRange(u[1].outputs(), 2, 2 + wl - 8), ctx);
                        } else {
                            assertArrayEquals(Arrays.copyOfRange(in, 3, 3 + len), Arrays.copyOfRange(u[1].outputs(), 2, 2 + len), ctx);
                        }
                    }
                }
            }
        }
    }

    @Test
    void emptyBatchIsANoOp() {
        KeyWrapBatch b = KeyWrapBatch.uniform(KeyWrapAlgorithm.AES_KW, true, 0, 16, 24);
        assertEquals(0, new OpenSslProvider().keyUnwrapBatch(KeyWrapAlgorithm.AES_KW, b));
    }
}
