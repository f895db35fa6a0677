package org.gkm.crypto.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the test vectors come from.
 *
 * <ul>
 *   <li>The vendored set: the resource directory {@value #VENDORED} of the artifact this class is
 *       loaded from (crypto-api's {@code target/test-classes} or its test-jar), so every module that
 *       uses the conformance harness reads the same files with nothing beside the repository. It is
 *       checked against its {@value #MANIFEST} inventory before use; a missing, changed or unlisted
 *       file, or a missing licence file, is an {@link IllegalStateException} (tests fail, never skip).
 *   <li>Optionally one extra directory, named by the system property {@value #PROPERTY} or else the
 *       environment variable {@value #ENV}, whose files run in addition to the vendored ones. Naming a
 *       directory that does not exist is an error, not a silent fallback.
 * </ul>
 */
public final class VectorSources {
    /** System property naming an extra vectors directory. */
    public static final String PROPERTY = "gkm.vectors.dir";
    /** Environment variable naming an extra vectors directory (the property wins). */
    public static final String ENV = "GKM_VECTORS_DIR";
    /** Resource directory of the vendored vectors. */
    public static final String VENDORED = "vectors";
    /** The inventory of the vendored directory: {@code sha256sum} lines, one per file. */
    public static final String MANIFEST = "SHA256SUMS";
    /** Files the inventory must list: the licences the vendored vectors are distributed under. */
    public static final List<String> REQUIRED = List.of("NOTICE", "wycheproof/LICENSE", "hpke/LICENSE.md",
            "hpke/CONTRIBUTING.md");
    /** Files of the vendored directory that the inventory does not list. */
    private static final Set<String> NOT_INVENTORIED = Set.of(MANIFEST, ".gitattributes");
    private static final HexFormat HEX = HexFormat.of();

    private static Path vendored;
    private static Map<String, String> vendoredDigests;

    private VectorSources() {}

    /**
     * The vendored vectors directory, verified against its inventory (once per JVM).
     *
     * @throws IllegalStateException when it is missing or does not match the inventory
     */
    public static synchronized Path vendored() {
        if (vendored == null) {
            Path dir = locate();
            vendoredDigests = verify(dir);
            vendored = dir;
        }
        return vendored;
    }

    /** SHA-256 (lowercase hex) of every inventoried vendored file, by relative path. */
    public static synchronized Map<String, String> vendoredDigests() {
        vendored();
        return vendoredDigests;
    }

    /**
     * The extra directory of {@value #PROPERTY} (else {@value #ENV}), or empty when neither is set.
     *
     * @throws IllegalStateException naming the path and where it came from when it is not a directory
     */
    public static Optional<Path> extra() {
        return extra(System.getProperty(PROPERTY), System.getenv(ENV));
    }

    /** {@link #extra()} from the given property and environment values (either may be null or blank). */
    static Optional<Path> extra(String property, String env) {
        String p = property;
        String from = "system property " + PROPERTY;
        if (p == null || p.isBlank()) {
            p = env;
            from = "environment variable " + ENV;
        }
        if (p == null || p.isBlank()) {
            return Optional.empty();
        }
        Path dir = Paths.get(p).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("extra test vectors directory does not exist: " + dir + " (from " + from + ")");
        }
        return Optional.of(dir);
    }

    /** One line naming the sources, for test logs. */
    public static String describe() {
        return "vendored " + vendored().toUri() + extra().map(d -> " + extra " + d).orElse("");
    }

    /**
     * Checks {@code dir} against its {@value #MANIFEST}: every listed file present with the listed
     * SHA-256, every file listed, the {@link #REQUIRED} licence files among them.
     *
     * @return the listed digests by relative path
     * @throws IllegalStateException listing every problem found
     */
    public static Map<String, String> verify(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("vendored test vectors missing: " + dir
                    + " is not a directory (the repository keeps them in crypto-api/src/test/resources/" + VENDORED + ")");
        }
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("vendored test vectors: inventory " + manifest + " missing");
        }
        Map<String, String> listed = parseManifest(manifest);
        List<String> problems = new ArrayList<>();
        for (String r : REQUIRED) {
            if (!listed.containsKey(r)) {
                problems.add(r + ": required licence file not listed");
            }
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                problems.add(e.getKey() + ": missing");
            } else if (!sha256(f).equals(e.getValue())) {
                problems.add(e.getKey() + ": content differs from " + MANIFEST);
            }
        }
        for (String rel : relativeFiles(dir)) {
            if (!listed.containsKey(rel) && !NOT_INVENTORIED.contains(rel)) {
                problems.add(rel + ": not listed in " + MANIFEST);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("vendored test vectors under " + dir.toUri() + " do not match " + MANIFEST
                    + ": " + String.join("; ", problems));
        }
        return listed;
    }

    /** Every regular file under {@code dir}, as sorted '/'-separated relative paths. */
    static List<String> relativeFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(f -> dir.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** SHA-256 of a file's bytes, lowercase hex. */
    static String sha256(Path f) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static Map<String, String> parseManifest(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            // sha256sum format: 64 hex digits, a space, ' ' (text) or '*' (binary), the path
            if (line.length() < 67 || !line.substring(0, 64).matches("[0-9a-f]{64}") || line.charAt(64) != ' ') {
                throw new IllegalStateException(manifest + " line " + (i + 1) + ": not a sha256sum line: " + line);
            }
            out.put(line.substring(66), line.substring(0, 64));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(manifest + " lists no files");
        }
        return out;
    }

    /** The {@value #VENDORED} directory inside the classes directory or jar this class came from. */
    private static Path locate() {
        CodeSource cs = VectorSources.class.getProtectionDomain().getCodeSource();
        URL url = cs == null ? null : cs.getLocation();
        if (url == null) {
            throw new IllegalStateException("vendored test vectors: cannot tell where " + VectorSources.class.getName()
                    + " was loaded from");
        }
        Path origin;
        try {
            origin = Paths.get(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("vendored test vectors: unusable code source " + url, e);
        }
        if (Files.isDirectory(origin)) {
            return origin.resolve(VENDORED);
        }
        try {
            FileSystem jar = FileSystems.newFileSystem(origin, (ClassLoader) null);
            return jar.getPath("/" + VENDORED);
        } catch (IOException e) {
            throw new UncheckedIOException("vendored test vectors: cannot open " + origin, e);
        }
    }
}
