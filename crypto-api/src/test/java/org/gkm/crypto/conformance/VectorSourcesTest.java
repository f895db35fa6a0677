package org.gkm.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendored vectors are found from the harness's own artifact, match their inventory, cover
 * every suite, and any damage to them stops the tests instead of shrinking what runs.
 */
class VectorSourcesTest {
    /** The vector files the conformance and differential suites rely on (a floor, not the whole set). */
    static final List<String> SUITE_FILES = List.of(
            "rfc3394_rfc5649.json",
            "hpke/rfc9180_test_vectors.json",
            "wycheproof/aes_gcm_test.json",
            "wycheproof/aes_wrap_test.json",
            "wycheproof/ecdh_secp256r1_test.json",
            "wycheproof/ecdsa_secp256r1_sha256_test.json",
            "wycheproof/ed25519_test.json",
            "wycheproof/hkdf_sha256_test.json",
            "wycheproof/hmac_sha256_test.json",
            "wycheproof/rsa_oaep_2048_sha256_mgf1sha256_test.json",
            "wycheproof/x25519_test.json");

    @TempDir
    Path tmp;

    @Test
    void vendoredSetIsFoundVerifiedAndCoversEverySuite() {
        Path dir = VectorSources.vendored();
        Map<String, String> listed = VectorSources.vendoredDigests();
        for (String f : SUITE_FILES) {
            assertTrue(listed.containsKey(f), f + " listed in " + VectorSources.MANIFEST);
            assertTrue(Files.isRegularFile(dir.resolve(f)), f + " present under " + dir.toUri());
        }
        for (String f : VectorSources.REQUIRED) {
            assertTrue(listed.containsKey(f), f);
        }
        assertTrue(licence(dir, "wycheproof/LICENSE").contains("Apache License"), "Wycheproof's Apache-2.0 text");
        assertTrue(licence(dir, "NOTICE").contains("wycheproof/LICENSE"));
    }

    private static String licence(Path dir, String f) {
        try {
            return Files.readString(dir.resolve(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A writable copy of the vendored directory (it may live inside the test-jar). */
    private Path copyOfVendored() throws IOException {
        Path src = VectorSources.vendored();
        Path dst = tmp.resolve("vectors");
        for (String rel : VectorSources.relativeFiles(src)) {
            Path t = dst.resolve(rel);
            Files.createDirectories(t.getParent());
            Files.copy(src.resolve(rel), t);
        }
        return dst;
    }

    private static String failure(Path dir) {
        return assertThrows(IllegalStateException.class, () -> VectorSources.verify(dir)).getMessage();
    }

    @Test
    void intactCopyVerifies() throws IOException {
        Path d = copyOfVendored();
        assertEquals(VectorSources.vendoredDigests(), VectorSources.verify(d));
    }

    @Test
    void missingVectorFileFails() throws IOException {
        Path d = copyOfVendored();
        Files.delete(d.resolve("wycheproof/x25519_test.json"));
        String m = failure(d);
        assertTrue(m.contains("wycheproof/x25519_test.json: missing"), m);
    }

    @Test
    void changedVectorFileFails() throws IOException {
        Path d = copyOfVendored();
        Path f = d.resolve("rfc3394_rfc5649.json");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 1;
        Files.write(f, b);
        String m = failure(d);
        assertTrue(m.contains("rfc3394_rfc5649.json: content differs"), m);
    }

    @Test
    void unlistedFileFails() throws IOException {
        Path d = copyOfVendored();
        Files.writeString(d.resolve("wycheproof/new_test.json"), "{}");
        String m = failure(d);
        assertTrue(m.contains("wycheproof/new_test.json: not listed"), m);
    }

    @Test
    void licenceRemovedFromDirectoryAndInventoryFails() throws IOException {
        Path d = copyOfVendored();
        Files.delete(d.resolve("wycheproof/LICENSE"));
        Path manifest = d.resolve(VectorSources.MANIFEST);
        List<String> lines = Files.readAllLines(manifest).stream()
                .filter(l -> !l.endsWith("  wycheproof/LICENSE")).collect(Collectors.toList());
        Files.write(manifest, lines);
        String m = failure(d);
        assertTrue(m.contains("wycheproof/LICENSE: required licence file not listed"), m);
    }

    @Test
    void missingInventoryOrDirectoryFails() throws IOException {
        Path d = copyOfVendored();
        Files.delete(d.resolve(VectorSources.MANIFEST));
        assertTrue(failure(d).contains("inventory"));
        assertTrue(failure(tmp.resolve("absent")).contains("not a directory"));
    }

    @Test
    void extraDirectoryIsOptionalButMustExistWhenNamed() throws IOException {
        assertEquals(Optional.empty(), VectorSources.extra(null, null));
        assertEquals(Optional.empty(), VectorSources.extra(" ", ""));
        Path e = Files.createDirectory(tmp.resolve("extra"));
        assertEquals(Optional.of(e.toAbsolutePath()), VectorSources.extra(e.toString(), null));
        assertEquals(Optional.of(e.toAbsolutePath()), VectorSources.extra("", e.toString()));
        String m = assertThrows(IllegalStateException.class,
                () -> VectorSources.extra(tmp.resolve("nope").toString(), e.toString())).getMessage();
        assertTrue(m.contains("system property " + VectorSources.PROPERTY), m);
    }
}
