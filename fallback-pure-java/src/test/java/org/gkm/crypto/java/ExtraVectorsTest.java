package org.gkm.crypto.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.conformance.VectorSources;
import org.gkm.crypto.conformance.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extra vectors directory runs in addition to the vendored set: its new files become cases of
 * their own (named {@code extra:...}), and copies of vendored files are not run twice.
 */
class ExtraVectorsTest {
    private final CryptoProvider p = CryptoProvider.of(new PureJavaProvider());

    @TempDir
    Path extra;

    private static List<String> names(Vectors.Loaded l) {
        return l.files.stream().map(f -> f.name).collect(Collectors.toList());
    }

    @Test
    void extraFilesRunBesideTheVendoredOnes() throws IOException {
        Path rfc = VectorSources.vendored().resolve("rfc3394_rfc5649.json");
        String json = Files.readString(rfc, StandardCharsets.UTF_8);
        Files.writeString(extra.resolve("same.json"), json);
        // the same vectors with the first expected output changed: a file of its own whose first case must fail
        int at = json.indexOf("\"wrapped\"");
        int digit = json.indexOf('"', json.indexOf(':', at)) + 1;
        char c = json.charAt(digit);
        String broken = json.substring(0, digit) + (c == '0' ? '1' : '0') + json.substring(digit + 1);
        Files.createDirectory(extra.resolve("local"));
        Files.writeString(extra.resolve("local/broken.json"), broken);

        Vectors.Loaded vendoredOnly = Vectors.load(p, Optional.empty());
        Vectors.Loaded l = Vectors.load(p, Optional.of(extra));

        assertEquals(List.of(Vectors.EXTRA_PREFIX + "same.json"), l.duplicates);
        List<String> expected = new java.util.ArrayList<>(names(vendoredOnly));
        expected.add(Vectors.EXTRA_PREFIX + "local/broken.json");
        assertEquals(expected, names(l));
        assertTrue(l.sources.contains("extra " + extra), l.sources);

        Vectors.VectorFile added = l.files.get(l.files.size() - 1);
        assertEquals(8, added.cases.size());
        assertEquals(Vectors.EXTRA_PREFIX + "local/broken.json#" + added.cases.get(0).id, added.cases.get(0).key());
        assertFalse(added.cases.get(0).run().passed, "the changed vector runs and fails");
        for (Vectors.Case k : added.cases.subList(1, added.cases.size())) {
            assertTrue(k.run().passed, k.label);
        }
    }
}
