package org.gkm.crypto.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.conformance.VectorSources;
import org.gkm.crypto.spi.Availability;
import org.junit.jupiter.api.Test;

/**
 * Raw-key AES-GCM on each one-shot path ({@code gkm.gcm.path}): every Wycheproof AES-GCM case on
 * the provider path and on libgkm_native's AES-NI kernel, path selection and reporting (the default
 * is the kernel where the CPU has it, so the other suites run on it), and the refusal of an unknown
 * or unsupported path.
 */
class GcmPathTest {
    private static final HexFormat HEX = HexFormat.of();

    private static List<GcmPath> supportedPaths() {
        List<GcmPath> paths = new ArrayList<>();
        for (GcmPath p : GcmPath.values()) {
            if (p != GcmPath.AUTO && GkmNative.gkm_gcm_path_supported(p.code)) {
                paths.add(p);
            }
        }
        return paths;
    }

    @Test
    void everyWycheproofCaseOnEveryPath() throws Exception {
        assertTrue(NativeLoader.AVAILABLE, NativeLoader.REASON);
        JsonNode root;
        try (InputStream in = Files.newInputStream(VectorSources.vendored().resolve("wycheproof/aes_gcm_test.json"))) {
            root = new ObjectMapper().readTree(in);
        }
        List<GcmPath> paths = supportedPaths();
        assertTrue(paths.contains(GcmPath.PROVIDER), "provider path always supported");
        for (GcmPath path : paths) {
            OpenSslProvider spi = new OpenSslProvider(path);
            assertTrue(spi.availability().available(), spi.availability().reason());
            assertEquals(path, spi.effectiveGcmPath());
            List<String> bad = new ArrayList<>();
            int cases = 0;
            int nonce12 = 0;
            for (JsonNode g : root.path("testGroups")) {
                for (JsonNode t : g.path("tests")) {
                    cases++;
                    int id = t.path("tcId").asInt();
                    byte[] key = HEX.parseHex(t.path("key").asText());
                    byte[] iv = HEX.parseHex(t.path("iv").asText());
                    byte[] aad = HEX.parseHex(t.path("aad").asText());
                    byte[] msg = HEX.parseHex(t.path("msg").asText());
                    byte[] ct = HEX.parseHex(t.path("ct").asText() + t.path("tag").asText());
                    boolean valid = t.path("result").asText().equals("valid");
                    nonce12 += iv.length == 12 ? 1 : 0;
                    if (iv.length == 0) {
                        continue; // refused before any downcall (crypto-api needs a nonce); not a GCM path matter
                    }
                    if (valid) {
                        byte[] sealed = spi.gcmSeal(key, iv, aad, msg);
                        if (!Arrays.equals(ct, sealed)) {
                            bad.add("tcId " + id + ": seal differs");
                        }
                        try {
                            if (!Arrays.equals(msg, spi.gcmOpen(key, iv, aad, ct))) {
                                bad.add("tcId " + id + ": open differs");
                            }
                        } catch (InvalidCiphertextException e) {
                            bad.add("tcId " + id + ": valid case refused");
                        }
                    } else {
                        try {
                            spi.gcmOpen(key, iv, aad, ct);
                            bad.add("tcId " + id + ": invalid case accepted");
                        } catch (InvalidCiphertextException expected) {
                            // refused, as it must be
                        }
                    }
                }
            }
            assertEquals(316, cases, "Wycheproof AES-GCM cases");
            assertEquals(197, nonce12, "cases with a 12-byte nonce");
            assertEquals(List.of(), bad, path.label() + ": " + bad.size() + " of " + cases + " cases wrong");
        }
    }

    @Test
    void defaultPathIsTheKernelWhereTheCpuHasIt() {
        OpenSslProvider spi = new OpenSslProvider();
        GcmPath expected = GkmNative.gkm_gcm_path_supported(GcmPath.AESNI.code) ? GcmPath.AESNI : GcmPath.PROVIDER;
        String env = System.getenv("GKM_GCM_PATH");
        if (System.getProperty(GcmPath.PROPERTY) == null && (env == null || env.isBlank())) {
            assertEquals(expected, spi.effectiveGcmPath());
            assertEquals(expected.label() + " (auto)", spi.details().get("gcm.path"));
        }
        OpenSslProvider forced = new OpenSslProvider(GcmPath.PROVIDER);
        assertEquals("provider (forced by gkm.gcm.path)", forced.details().get("gcm.path"));
    }

    @Test
    void pathsGiveTheSameBytesOnRandomMessages() throws Exception {
        List<GcmPath> paths = supportedPaths();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x6c3d);
        for (int i = 0; i < 300; i++) {
            byte[] key = new byte[16 + 8 * (i % 3)];
            byte[] iv = new byte[12];
            byte[] aad = new byte[rnd.nextInt(70)];
            byte[] msg = new byte[i < 150 ? i : rnd.nextInt(3000)];
            rnd.nextBytes(key);
            rnd.nextBytes(iv);
            rnd.nextBytes(aad);
            rnd.nextBytes(msg);
            byte[] first = null;
            for (GcmPath p : paths) {
                OpenSslProvider spi = new OpenSslProvider(p);
                byte[] sealed = spi.gcmSeal(key, iv, aad, msg);
                if (first == null) {
                    first = sealed;
                } else {
                    assertArrayEquals(first, sealed, p.label() + ", message " + i);
                }
                assertArrayEquals(msg, spi.gcmOpen(key, iv, aad, sealed));
                byte[] forged = sealed.clone();
                forged[rnd.nextInt(forged.length)] ^= 1;
                assertThrows(InvalidCiphertextException.class, () -> spi.gcmOpen(key, iv, aad, forged), p.label());
            }
        }
    }

    @Test
    void unknownOrUnsupportedPathMakesTheProviderUnavailable() {
        Availability a = new OpenSslProvider("auto", "avx9000").availability();
        assertFalse(a.available());
        assertEquals("gkm.gcm.path=avx9000 is not one of auto, provider, aesni", a.reason());
        OpenSslProvider bad = new OpenSslProvider("auto", "avx9000");
        assertThrows(IllegalStateException.class, () -> bad.gcmSeal(new byte[16], new byte[12], new byte[0], new byte[1]));
        if (!GkmNative.gkm_gcm_path_supported(GcmPath.AESNI.code)) {
            Availability b = new OpenSslProvider(GcmPath.AESNI).availability();
            assertFalse(b.available());
            assertTrue(b.reason().contains("cannot run"), b.reason());
        }
        assertEquals(-7, GkmNative.gkm_gcm_seal_path(3, new byte[16], new byte[12], new byte[0], new byte[1], 1,
                new byte[17]));
    }
}
