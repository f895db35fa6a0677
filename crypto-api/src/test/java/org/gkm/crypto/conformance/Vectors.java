package org.gkm.crypto.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeContext;
import org.gkm.crypto.HpkeSuite;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.crypto.internal.InsecureNonceAesGcm;

/**
 * Loads the test vector files ({@link VectorSources}: the vendored set, plus an optional extra
 * directory) and turns each test case into a runnable {@link Case} against one {@link
 * CryptoProvider}. Wycheproof files are recognised by their
 * {@code schema} (and {@code algorithm}) fields, never by their names, so a further file of a
 * supported kind runs without code changes. The two RFC files (AES key wrap RFC 3394/5649 and HPKE
 * RFC 9180) are recognised by their structure.
 *
 * <p>Judgement of a case: {@code valid} must succeed with exactly the expected output; {@code
 * invalid} must be rejected with a subclass of {@link CryptoException} (any other exception is a
 * failure: the library did not type its error); {@code acceptable} may go either way (but never
 * with an untyped exception or a wrong output), and the choice is the case's outcome string.
 */
public final class Vectors {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    // ---------------------------------------------------------------------------------------------
    // Model
    // ---------------------------------------------------------------------------------------------

    /** What a test case expects. */
    public enum Expect {
        VALID, INVALID, ACCEPTABLE;

        static Expect of(String result) {
            switch (result) {
                case "valid":
                    return VALID;
                case "invalid":
                    return INVALID;
                case "acceptable":
                    return ACCEPTABLE;
                default:
                    throw new IllegalArgumentException("unknown Wycheproof result '" + result + "'");
            }
        }
    }

    /** The judged result of one case: pass/fail, an outcome string to compare across providers, and why. */
    public static final class Result {
        public final boolean passed;
        /** "accepted", "accepted:mismatch:...", "rejected:step:ExceptionClass" or "error:step:ExceptionClass". */
        public final String outcome;
        public final String detail;
        public final Throwable error;

        Result(boolean passed, String outcome, String detail, Throwable error) {
            this.passed = passed;
            this.outcome = outcome;
            this.detail = detail;
            this.error = error;
        }
    }

    /** One runnable test case. */
    public static final class Case {
        public final String file;
        /** tcId for Wycheproof; a descriptive id for RFC files. */
        public final String id;
        public final String label;
        public final Expect expect;
        private final Check check;

        Case(String file, String id, String label, Expect expect, Check check) {
            this.file = file;
            this.id = id;
            this.label = label;
            this.expect = expect;
            this.check = check;
        }

        /** The key of this case in outcome maps: {@code file#id}. */
        public String key() {
            return file + "#" + id;
        }

        /** Runs and judges the case; never throws (except Errors such as OutOfMemoryError). */
        public Result run() {
            Attempt a;
            try {
                a = check.run();
            } catch (RuntimeException e) {
                // harness-level exception outside any step: treat as an untyped library error
                a = Attempt.error("harness", e);
            }
            return judge(expect, a);
        }
    }

    /** A vector file and its cases, or the reason it was skipped. */
    public static final class VectorFile {
        public final String name;
        public final Path path;
        public final String kind;
        /** numberOfTests for Wycheproof; the computed count for RFC files. */
        public final int declared;
        public final List<Case> cases;
        /** Cases in unsupported groups of an otherwise supported file (not run). */
        public final int unsupportedCases;
        /** Non-null when the whole file is skipped. */
        public final String skipReason;

        VectorFile(String name, Path path, String kind, int declared, List<Case> cases, int unsupportedCases,
                String skipReason) {
            this.name = name;
            this.path = path;
            this.kind = kind;
            this.declared = declared;
            this.cases = cases;
            this.unsupportedCases = unsupportedCases;
            this.skipReason = skipReason;
        }
    }

    /** Everything found under the vector sources. */
    public static final class Loaded {
        /** The sources read, for logs ({@link VectorSources#describe()} or one directory). */
        public final String sources;
        public final List<VectorFile> files;
        /** Files that are neither Wycheproof vectors nor known RFC files (e.g. JSON schemas). */
        public final List<String> ignored;
        /** Extra-directory files with the same bytes as a vendored file (run once, as the vendored one). */
        public final List<String> duplicates;

        Loaded(String sources, List<VectorFile> files, List<String> ignored, List<String> duplicates) {
            this.sources = sources;
            this.files = files;
            this.ignored = ignored;
            this.duplicates = duplicates;
        }

        public List<VectorFile> runnable() {
            return files.stream().filter(f -> f.skipReason == null).collect(Collectors.toList());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Loading
    // ---------------------------------------------------------------------------------------------

    /** Prefix of the names of files from the extra directory ({@link VectorSources#extra()}). */
    public static final String EXTRA_PREFIX = "extra:";

    /**
     * Loads the vendored vectors ({@link VectorSources#vendored()}, names relative to it) and, when
     * one is named, every vector file of the extra directory (names prefixed {@value #EXTRA_PREFIX})
     * except those byte-identical to a vendored file.
     *
     * @throws IllegalStateException when the vendored vectors are missing or do not match their
     *     inventory, or the named extra directory does not exist
     */
    public static Loaded load(CryptoProvider provider) {
        return load(provider, VectorSources.extra());
    }

    /** {@link #load(CryptoProvider)} with the given extra directory instead of the configured one. */
    public static Loaded load(CryptoProvider provider, Optional<Path> extra) {
        Path vendored = VectorSources.vendored();
        Loaded v = load(provider, vendored, "", Set.of());
        String sources = "vendored " + vendored.toUri() + extra.map(d -> " + extra " + d).orElse("");
        if (extra.isEmpty()) {
            return new Loaded(sources, v.files, v.ignored, List.of());
        }
        Set<String> vendoredDigests = new HashSet<>(VectorSources.vendoredDigests().values());
        Loaded e = load(provider, extra.get(), EXTRA_PREFIX, vendoredDigests);
        List<VectorFile> files = new ArrayList<>(v.files);
        files.addAll(e.files);
        List<String> ignored = new ArrayList<>(v.ignored);
        ignored.addAll(e.ignored);
        return new Loaded(sources, files, ignored, e.duplicates);
    }

    /** Loads every *.json under {@code dir} (recursively, sorted by relative path). */
    public static Loaded load(CryptoProvider provider, Path dir) {
        return load(provider, dir, "", Set.of());
    }

    private static Loaded load(CryptoProvider provider, Path dir, String prefix, Set<String> skipDigests) {
        List<VectorFile> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (String rel : VectorSources.relativeFiles(dir)) {
            if (!rel.endsWith(".json")) {
                continue;
            }
            Path f = dir.resolve(rel);
            String name = prefix + rel;
            if (!skipDigests.isEmpty() && skipDigests.contains(VectorSources.sha256(f))) {
                duplicates.add(name);
                continue;
            }
            JsonNode root;
            try (InputStream in = Files.newInputStream(f)) {
                root = JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse JSON vector file " + f.toUri(), e);
            }
            VectorFile vf = classify(provider, name, f, root);
            if (vf == null) {
                ignored.add(name);
            } else {
                files.add(vf);
            }
        }
        return new Loaded(dir.toUri().toString(), files, ignored, duplicates);
    }

    private static VectorFile classify(CryptoProvider p, String name, Path path, JsonNode root) {
        if (root.isObject() && root.has("schema") && root.has("testGroups")) {
            return wycheproof(p, name, path, root);
        }
        if (root.isArray() && root.size() > 0) {
            JsonNode first = root.get(0);
            if (first.has("kek") && first.has("wrapped") && first.has("rfc")) {
                return rfcKeyWrap(p, name, path, root);
            }
            if (first.has("kem_id") && first.has("ikmR") && first.has("encryptions")) {
                return rfc9180(p, name, path, root);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // Wycheproof
    // ---------------------------------------------------------------------------------------------

    /** Builds the cases of one test group, or returns null when the group is unsupported. */
    private interface GroupHandler {
        List<Case> build(JsonNode group) throws Exception;
    }

    private static VectorFile wycheproof(CryptoProvider p, String name, Path path, JsonNode root) {
        String schema = root.path("schema").asText();
        String algorithm = root.path("algorithm").asText();
        int declared = root.path("numberOfTests").asInt(-1);
        String kind = schema + " / " + algorithm;
        GroupHandler h = handler(p, name, schema, algorithm);
        if (h == null) {
            return new VectorFile(name, path, kind, declared, List.of(), 0,
                    "unrecognised or unsupported schema '" + schema + "' algorithm '" + algorithm + "'");
        }
        List<Case> cases = new ArrayList<>();
        int unsupported = 0;
        List<String> unsupportedWhy = new ArrayList<>();
        for (JsonNode g : root.path("testGroups")) {
            List<Case> gc;
            try {
                gc = h.build(g);
            } catch (Exception e) {
                throw new IllegalStateException(name + ": cannot build cases of group " + g.path("type").asText()
                        + ": " + e, e);
            }
            if (gc == null) {
                unsupported += g.path("tests").size();
                unsupportedWhy.add(groupDescription(g));
            } else {
                cases.addAll(gc);
            }
        }
        if (cases.isEmpty() && unsupported > 0) {
            return new VectorFile(name, path, kind, declared, List.of(), unsupported,
                    "every test group is unsupported (" + String.join("; ", unsupportedWhy.subList(0,
                            Math.min(3, unsupportedWhy.size()))) + (unsupportedWhy.size() > 3 ? "; ..." : "") + ")");
        }
        return new VectorFile(name, path, kind, declared, cases, unsupported, null);
    }

    private static String groupDescription(JsonNode g) {
        List<String> parts = new ArrayList<>();
        for (String f : List.of("curve", "sha", "mgfSha", "keySize", "tagSize", "ivSize")) {
            if (g.has(f)) {
                parts.add(f + "=" + g.get(f).asText());
            }
        }
        if (g.has("publicKey") && g.get("publicKey").has("curve")) {
            parts.add("publicKey.curve=" + g.get("publicKey").get("curve").asText());
        }
        return g.path("type").asText() + " " + String.join(",", parts);
    }

    private static GroupHandler handler(CryptoProvider p, String file, String schema, String algorithm) {
        switch (schema) {
            case "keywrap_test_schema_v1.json": {
                KeyWrapAlgorithm alg = "AES-WRAP".equals(algorithm) ? KeyWrapAlgorithm.AES_KW
                        : "AES-KWP".equals(algorithm) ? KeyWrapAlgorithm.AES_KWP : null;
                return alg == null ? null : g -> keyWrapGroup(p, file, alg, g);
            }
            case "aead_test_schema_v1.json":
                return "AES-GCM".equals(algorithm) ? g -> gcmGroup(p, file, g) : null;
            case "xdh_comp_schema_v1.json":
                return "XDH".equals(algorithm) ? g -> xdhGroup(p, file, g) : null;
            case "eddsa_verify_schema_v1.json":
                return "EDDSA".equals(algorithm) ? g -> eddsaGroup(p, file, g) : null;
            case "ecdh_test_schema_v1.json", "ecdh_ecpoint_test_schema_v1.json": // SPKI or raw SEC1 points
                return "ECDH".equals(algorithm) ? g -> ecdhGroup(p, file, g) : null;
            case "ecdsa_verify_schema_v1.json":
                return "ECDSA".equals(algorithm)
                        ? g -> ecdsaGroup(p, file, g, SignatureAlgorithm.ECDSA_P256_SHA256_DER) : null;
            case "ecdsa_p1363_verify_schema_v1.json":
                return "ECDSA".equals(algorithm)
                        ? g -> ecdsaGroup(p, file, g, SignatureAlgorithm.ECDSA_P256_SHA256_P1363) : null;
            case "rsaes_oaep_decrypt_schema_v1.json":
                return "RSAES-OAEP".equals(algorithm) ? g -> oaepGroup(p, file, g) : null;
            case "hkdf_test_schema_v1.json":
                return "HKDF-SHA-256".equals(algorithm) ? g -> hkdfGroup(p, file, g) : null;
            case "mac_test_schema_v1.json":
                return "HMACSHA256".equals(algorithm) ? g -> macGroup(p, file, g) : null;
            default:
                return null;
        }
    }

    private static Case wcase(String file, JsonNode t, Check check) {
        String id = Integer.toString(t.path("tcId").asInt());
        String comment = t.path("comment").asText("");
        String result = t.path("result").asText();
        String label = "tcId=" + id + " [" + result + "]" + (comment.isEmpty() ? "" : " " + comment)
                + (t.path("flags").size() > 0 ? " " + t.path("flags") : "");
        return new Case(file, id, label, Expect.of(result), check);
    }

    private static List<Case> keyWrapGroup(CryptoProvider p, String file, KeyWrapAlgorithm alg, JsonNode g) {
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] kek = hex(t, "key");
            byte[] msg = hex(t, "msg");
            byte[] ct = hex(t, "ct");
            out.add(wcase(file, t, () -> Attempt.independent(
                    step("wrap", c -> c.expect("wrapped", ct, p.keyWrap().wrap(alg, SecretBytes.copyOf(kek), msg))),
                    step("unwrap", c -> c.expect("unwrapped", msg, p.keyWrap().unwrap(alg, SecretBytes.copyOf(kek), ct))))));
        }
        return out;
    }

    private static List<Case> gcmGroup(CryptoProvider p, String file, JsonNode g) {
        if (g.path("tagSize").asInt() != 128) {
            return null;
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] key = hex(t, "key");
            byte[] iv = hex(t, "iv");
            byte[] aad = hex(t, "aad");
            byte[] msg = hex(t, "msg");
            byte[] ctTag = concat(hex(t, "ct"), hex(t, "tag"));
            out.add(wcase(file, t, () -> Attempt.independent(
                    step("seal", c -> c.expect("ct||tag", ctTag, InsecureNonceAesGcm.of(p).seal(key, iv, aad, msg))),
                    step("open", c -> c.expect("plaintext", msg, InsecureNonceAesGcm.of(p).open(key, iv, aad, ctTag))))));
        }
        return out;
    }

    private static List<Case> xdhGroup(CryptoProvider p, String file, JsonNode g) {
        if (!"curve25519".equals(g.path("curve").asText())) {
            return null;
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] pub = hex(t, "public");
            byte[] priv = hex(t, "private");
            byte[] shared = hex(t, "shared");
            out.add(wcase(file, t, () -> Attempt.sequential(step("agree", c -> {
                PrivateKey sk = PrivateKey.decode(KeyType.X25519, priv);
                PublicKey pk = PublicKey.decode(KeyType.X25519, pub);
                c.expect("shared", shared, p.keyAgreement().agree(sk, pk));
            }))));
        }
        return out;
    }

    private static List<Case> eddsaGroup(CryptoProvider p, String file, JsonNode g) {
        JsonNode pkNode = g.path("publicKey");
        if (!"edwards25519".equals(pkNode.path("curve").asText("edwards25519"))) {
            return null;
        }
        byte[] pk = HEX.parseHex(pkNode.path("pk").asText());
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] msg = hex(t, "msg");
            byte[] sig = hex(t, "sig");
            out.add(wcase(file, t, () -> Attempt.sequential(step("verify", c -> p.verifier()
                    .verify(SignatureAlgorithm.ED25519, PublicKey.decode(KeyType.ED25519, pk), msg, sig)))));
        }
        return out;
    }

    private static List<Case> ecdhGroup(CryptoProvider p, String file, JsonNode g) {
        if (!"secp256r1".equals(g.path("curve").asText())) {
            return null;
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] pub = hex(t, "public");
            byte[] priv = p256Scalar(hex(t, "private"));
            byte[] shared = hex(t, "shared");
            out.add(wcase(file, t, () -> Attempt.sequential(step("agree", c -> {
                // PublicKey.decode takes raw SEC1 points and SubjectPublicKeyInfo alike
                PublicKey pk = PublicKey.decode(KeyType.P256, pub);
                PrivateKey sk = PrivateKey.decode(KeyType.P256, priv);
                c.expect("shared", shared, p.keyAgreement().agree(sk, pk));
            }))));
        }
        return out;
    }

    /**
     * Normalises a Wycheproof BigInt private value to the 32-byte scalar encoding: leading zero bytes
     * stripped, then left-padded to 32. A value that still does not fit is passed on as is, so that
     * {@link PrivateKey#decode} must reject it with a typed exception.
     */
    static byte[] p256Scalar(byte[] v) {
        int start = 0;
        while (start < v.length && v[start] == 0) {
            start++;
        }
        int len = v.length - start;
        if (len > 32) {
            return Arrays.copyOfRange(v, start, v.length);
        }
        byte[] out = new byte[32];
        System.arraycopy(v, start, out, 32 - len, len);
        return out;
    }

    private static List<Case> ecdsaGroup(CryptoProvider p, String file, JsonNode g, SignatureAlgorithm alg) {
        JsonNode pkNode = g.path("publicKey");
        String curve = pkNode.path("curve").asText();
        if (!"secp256r1".equals(curve) || !"SHA-256".equals(g.path("sha").asText())) {
            return null;
        }
        byte[] pk = pkNode.has("uncompressed") ? HEX.parseHex(pkNode.get("uncompressed").asText())
                : HEX.parseHex(g.path("publicKeyDer").asText());
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] msg = hex(t, "msg");
            byte[] sig = hex(t, "sig");
            out.add(wcase(file, t, () -> Attempt.sequential(step("verify", c -> p.verifier()
                    .verify(alg, PublicKey.decode(KeyType.P256, pk), msg, sig)))));
        }
        return out;
    }

    private static List<Case> oaepGroup(CryptoProvider p, String file, JsonNode g) {
        if (!"SHA-256".equals(g.path("sha").asText()) || !"SHA-256".equals(g.path("mgfSha").asText())
                || !"MGF1".equals(g.path("mgf").asText("MGF1"))) {
            return null;
        }
        int bits = g.path("keySize").asInt();
        KeyType type = bits == 2048 ? KeyType.RSA_2048 : bits == 3072 ? KeyType.RSA_3072 : null;
        if (type == null) {
            return null;
        }
        byte[] pkcs8 = HEX.parseHex(g.path("privateKeyPkcs8").asText());
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] msg = hex(t, "msg");
            byte[] ct = hex(t, "ct");
            byte[] label = hex(t, "label");
            boolean valid = "valid".equals(t.path("result").asText());
            out.add(wcase(file, t, () -> {
                List<Step> steps = new ArrayList<>();
                steps.add(step("decrypt", c -> c.expect("plaintext", msg,
                        p.keyTransport().decrypt(PrivateKey.decode(type, pkcs8), ct, label))));
                if (valid) {
                    steps.add(step("roundtrip", c -> {
                        PrivateKey sk = PrivateKey.decode(type, pkcs8);
                        byte[] fresh = p.keyTransport().encrypt(p.keys().publicKey(sk), msg, label);
                        c.expect("round-trip plaintext", msg, p.keyTransport().decrypt(sk, fresh, label));
                    }));
                }
                return Attempt.sequential(steps.toArray(new Step[0]));
            }));
        }
        return out;
    }

    private static List<Case> hkdfGroup(CryptoProvider p, String file, JsonNode g) {
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] ikm = hex(t, "ikm");
            byte[] salt = hex(t, "salt");
            byte[] info = hex(t, "info");
            int size = t.path("size").asInt();
            byte[] okm = hex(t, "okm");
            out.add(wcase(file, t, () -> Attempt.sequential(
                    step("derive", c -> c.expect("okm", okm, p.kdf().derive(salt, ikm, info, size))))));
        }
        return out;
    }

    private static List<Case> macGroup(CryptoProvider p, String file, JsonNode g) {
        int tagBits = g.path("tagSize").asInt();
        if (tagBits % 8 != 0) {
            return null;
        }
        boolean full = tagBits == 256;
        List<Case> out = new ArrayList<>();
        for (JsonNode t : g.path("tests")) {
            byte[] key = hex(t, "key");
            byte[] msg = hex(t, "msg");
            byte[] tag = hex(t, "tag");
            boolean valid = "valid".equals(t.path("result").asText());
            out.add(wcase(file, t, () -> {
                if (full) {
                    return Attempt.independent(
                            step("compute", c -> {
                                byte[] computed = p.mac().compute(SecretBytes.copyOf(key), msg);
                                if (valid) {
                                    c.expect("tag", tag, computed);
                                }
                            }),
                            step("verify", c -> p.mac().verify(SecretBytes.copyOf(key), msg, tag)));
                }
                return Attempt.independent(
                        step("compute-prefix", c -> {
                            byte[] computed = p.mac().compute(SecretBytes.copyOf(key), msg);
                            if (valid) {
                                c.expect("tag prefix", tag, Arrays.copyOf(computed, tag.length));
                            }
                        }),
                        step("verifyTruncated", c -> p.mac().verifyTruncated(SecretBytes.copyOf(key), msg, tag)));
            }));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // RFC files
    // ---------------------------------------------------------------------------------------------

    private static VectorFile rfcKeyWrap(CryptoProvider p, String name, Path path, JsonNode root) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode e : root) {
            String rfc = e.path("rfc").asText();
            KeyWrapAlgorithm alg = rfc.equals("RFC3394") ? KeyWrapAlgorithm.AES_KW
                    : rfc.equals("RFC5649") ? KeyWrapAlgorithm.AES_KWP : null;
            byte[] kek = hex(e, "kek");
            byte[] key = hex(e, "key");
            byte[] wrapped = hex(e, "wrapped");
            String id = rfc + " sec. " + e.path("section").asText() + " (kek " + kek.length + " bytes, key "
                    + key.length + " bytes)";
            if (alg == null) {
                throw new IllegalStateException(name + ": unknown rfc '" + rfc + "'");
            }
            cases.add(new Case(name, id, id, Expect.VALID, () -> Attempt.independent(
                    step("wrap", c -> c.expect("wrapped", wrapped, p.keyWrap().wrap(alg, SecretBytes.copyOf(kek), key))),
                    step("unwrap", c -> c.expect("key", key, p.keyWrap().unwrap(alg, SecretBytes.copyOf(kek), wrapped))))));
        }
        return new VectorFile(name, path, "RFC 3394 / RFC 5649 key wrap", root.size(), cases, 0, null);
    }

    /** Per-entry state of an RFC 9180 vector: contexts set up by the "keys" case, used by the rest in order. */
    private static final class HpkeState {
        HpkeContext sender;
        HpkeContext recipient;
    }

    private static VectorFile rfc9180(CryptoProvider p, String name, Path path, JsonNode root) {
        List<Case> cases = new ArrayList<>();
        int declared = 0;
        int index = 0;
        for (JsonNode e : root) {
            declared += 1 + e.path("encryptions").size() + e.path("exports").size();
            int kemId = e.path("kem_id").asInt();
            int kdfId = e.path("kdf_id").asInt();
            int aeadId = e.path("aead_id").asInt();
            int mode = e.path("mode").asInt();
            String prefix = String.format(Locale.ROOT, "entry %d (mode %d, kem 0x%04x, kdf 0x%04x, aead 0x%04x)",
                    index, mode, kemId, kdfId, aeadId);
            String idPrefix = "entry" + index;
            index++;
            byte[] info = hex(e, "info");
            byte[] psk = e.has("psk") ? hex(e, "psk") : null;
            byte[] pskId = e.has("psk_id") ? hex(e, "psk_id") : null;
            byte[] enc = hex(e, "enc");
            HpkeState st = new HpkeState();
            cases.add(new Case(name, idPrefix + "/keys", prefix + " keys", Expect.VALID,
                    () -> Attempt.sequential(step("keys", c -> {
                        st.sender = null;
                        st.recipient = null;
                        HpkeSuite suite = HpkeSuite.of(kemId, kdfId, aeadId);
                        KeyPair r = p.hpke().deriveKeyPair(suite.kem(), hex(e, "ikmR"));
                        KeyPair eph = p.hpke().deriveKeyPair(suite.kem(), hex(e, "ikmE"));
                        c.expect("skRm", hex(e, "skRm"), r.privateKey().encoded(InsecureSecretAccess.get()));
                        c.expect("pkRm", hex(e, "pkRm"), r.publicKey().encoded());
                        c.expect("skEm", hex(e, "skEm"), eph.privateKey().encoded(InsecureSecretAccess.get()));
                        c.expect("pkEm", hex(e, "pkEm"), eph.publicKey().encoded());
                        PublicKey pkR = PublicKey.decode(suite.kem().keyType(), hex(e, "pkRm"));
                        SecretBytes pskS = psk == null ? null : SecretBytes.copyOf(psk);
                        st.sender = p.hpke().setupSenderWithEphemeral(suite, pkR, info, pskS, pskId, eph);
                        c.expect("enc", enc, st.sender.enc());
                        PrivateKey skR = PrivateKey.decode(suite.kem().keyType(), hex(e, "skRm"));
                        st.recipient = p.hpke().setupRecipient(suite, skR, enc, info, pskS, pskId);
                    }))));
            int i = 0;
            for (JsonNode x : e.path("encryptions")) {
                byte[] aad = hex(x, "aad");
                byte[] pt = hex(x, "pt");
                byte[] ct = hex(x, "ct");
                String id = idPrefix + "/enc" + i;
                cases.add(new Case(name, id, prefix + " encryption " + i, Expect.VALID,
                        () -> Attempt.sequential(step("seal+open", c -> {
                            requireSetup(st);
                            c.expect("ct", ct, st.sender.seal(aad, pt));
                            c.expect("pt", pt, st.recipient.open(aad, ct));
                        }))));
                i++;
            }
            i = 0;
            for (JsonNode x : e.path("exports")) {
                byte[] ctx = hex(x, "exporter_context");
                int len = x.path("L").asInt();
                byte[] value = hex(x, "exported_value");
                String id = idPrefix + "/export" + i;
                cases.add(new Case(name, id, prefix + " export " + i, Expect.VALID,
                        () -> Attempt.sequential(step("export", c -> {
                            requireSetup(st);
                            c.expect("sender export", value, st.sender.export(ctx, len));
                            c.expect("recipient export", value, st.recipient.export(ctx, len));
                        }))));
                i++;
            }
        }
        return new VectorFile(name, path, "RFC 9180 HPKE", declared, cases, 0, null);
    }

    private static void requireSetup(HpkeState st) {
        if (st.sender == null || st.recipient == null) {
            throw new HarnessFailure("HPKE context setup (the entry's keys case) failed; cannot run");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Attempts and judgement
    // ---------------------------------------------------------------------------------------------

    /** Thrown by the harness itself for a failed precondition; judged as a failure, never as a rejection. */
    static final class HarnessFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HarnessFailure(String message) {
            super(message);
        }
    }

    interface Check {
        Attempt run();
    }

    interface StepBody {
        void run(Mismatches c) throws Exception;
    }

    static final class Step {
        final String name;
        final StepBody body;

        Step(String name, StepBody body) {
            this.name = name;
            this.body = body;
        }
    }

    static Step step(String name, StepBody body) {
        return new Step(name, body);
    }

    /** Collects output mismatches of a step (an accepted operation with the wrong output). */
    static final class Mismatches {
        final List<String> list = new ArrayList<>();
        final List<String> actual = new ArrayList<>();

        void expect(String what, byte[] expected, byte[] actualBytes) {
            if (!Arrays.equals(expected, actualBytes)) {
                list.add(what + ": expected " + HEX.formatHex(expected) + " got "
                        + (actualBytes == null ? "null" : HEX.formatHex(actualBytes)));
                actual.add(what + "=" + (actualBytes == null ? "null" : HEX.formatHex(actualBytes)));
            }
        }
    }

    /** What the library did on a case: accepted (maybe with wrong output), rejected typed, or failed untyped. */
    static final class Attempt {
        final List<String> mismatches = new ArrayList<>();
        final List<String> mismatchOutputs = new ArrayList<>();
        final List<String> typed = new ArrayList<>();
        final List<String> typedMessages = new ArrayList<>();
        final List<String> untyped = new ArrayList<>();
        Throwable firstUntyped;

        static Attempt error(String step, Throwable t) {
            Attempt a = new Attempt();
            a.recordUntyped(step, t);
            return a;
        }

        void recordUntyped(String step, Throwable t) {
            untyped.add(step + ":" + t.getClass().getName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")"));
            if (firstUntyped == null) {
                firstUntyped = t;
            }
        }

        /** Runs every step even when an earlier one failed ("either direction"). */
        static Attempt independent(Step... steps) {
            return run(false, steps);
        }

        /** Stops at the first step that throws. */
        static Attempt sequential(Step... steps) {
            return run(true, steps);
        }

        private static Attempt run(boolean stopOnThrow, Step... steps) {
            Attempt a = new Attempt();
            for (Step s : steps) {
                Mismatches m = new Mismatches();
                try {
                    s.body.run(m);
                } catch (CryptoException e) {
                    a.typed.add(s.name + ":" + e.getClass().getSimpleName());
                    a.typedMessages.add(s.name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    if (stopOnThrow) {
                        return a;
                    }
                    continue;
                } catch (VirtualMachineError e) {
                    if (e instanceof StackOverflowError) {
                        a.recordUntyped(s.name, e);
                        if (stopOnThrow) {
                            return a;
                        }
                        continue;
                    }
                    throw e;
                } catch (Throwable e) {
                    // RuntimeException, Error (LinkageError, AssertionError...), undeclared checked exceptions
                    a.recordUntyped(s.name, e);
                    if (stopOnThrow) {
                        return a;
                    }
                    continue;
                }
                for (String x : m.list) {
                    a.mismatches.add(s.name + ": " + x);
                }
                for (String x : m.actual) {
                    a.mismatchOutputs.add(s.name + ":" + x);
                }
            }
            return a;
        }
    }

    static Result judge(Expect expect, Attempt a) {
        if (!a.untyped.isEmpty()) {
            boolean harness = a.firstUntyped instanceof HarnessFailure;
            String what = harness ? "harness precondition failed: " : "untyped exception (library did not type its error): ";
            return new Result(false, "error:" + String.join(",", a.untyped), what + String.join("; ", a.untyped)
                    + (a.typed.isEmpty() ? "" : "; typed rejections too: " + String.join("; ", a.typedMessages)), a.firstUntyped);
        }
        if (!a.typed.isEmpty()) {
            String outcome = "rejected:" + String.join(",", a.typed);
            String msgs = String.join("; ", a.typedMessages);
            switch (expect) {
                case VALID:
                    return new Result(false, outcome, "valid case rejected: " + msgs
                            + (a.mismatches.isEmpty() ? "" : "; mismatches: " + String.join("; ", a.mismatches)), null);
                default:
                    return new Result(true, outcome, "rejected: " + msgs, null);
            }
        }
        if (!a.mismatches.isEmpty()) {
            String outcome = "accepted:mismatch:" + String.join(",", a.mismatchOutputs);
            return new Result(false, outcome, (expect == Expect.INVALID ? "invalid case accepted, and " : "")
                    + "wrong output: " + String.join("; ", a.mismatches), null);
        }
        if (expect == Expect.INVALID) {
            return new Result(false, "accepted", "invalid case accepted (no typed rejection)", null);
        }
        return new Result(true, "accepted", "accepted with the expected output", null);
    }

    // ---------------------------------------------------------------------------------------------

    private static byte[] hex(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalStateException("vector field '" + field + "' missing in " + abbreviate(n.toString()));
        }
        return HEX.parseHex(v.asText());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
