package org.gkm.crypto.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;
import org.gkm.crypto.spi.ParsedKey;

/**
 * A provider's two forms of each asymmetric operation, on the encodings ({@code byte[]}) and on key
 * values ({@link KeyMaterial}, where the provider keeps its parsed form of a key), run on every
 * Wycheproof X25519, Ed25519, ECDSA P-256 and ECDH P-256 case, and the two forms of AES-GCM seal and
 * open on every Wycheproof AES-GCM case with a 12-byte nonce (crypto-api's nonce length; the case's
 * message sealed, its ciphertext and tag opened, also as a range of a larger array): they must give the same outcome (output bytes,
 * {@code true}/{@code false}, or the exception class), invalid inputs included. Each key value is
 * used twice, so a kept form is used again as well as made.
 */
public final class SpiFormsSuite {
    private static final HexFormat HEX = HexFormat.of();

    private SpiFormsSuite() {}

    /** A key value as crypto-api's keys are, for SPI-level tests: encoding plus kept forms. */
    static final class TestKey implements KeyMaterial {
        private final byte[] encoded;
        private final Map<KeyParser<?>, ParsedKey> forms = new ConcurrentHashMap<>();

        TestKey(byte[] encoded) {
            this.encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends ParsedKey> T parsed(KeyParser<T> parser) throws InvalidKeyException {
            ParsedKey f = forms.get(parser);
            if (f == null) {
                f = parser.parse(encoded);
                forms.put(parser, f);
            }
            return (T) f;
        }
    }

    interface Op {
        Object run() throws Exception;
    }

    private static String outcome(Op op) {
        try {
            Object r = op.run();
            return r instanceof byte[] b ? HEX.formatHex(b) : String.valueOf(r);
        } catch (Exception e) {
            return "!" + e.getClass().getSimpleName();
        }
    }

    /** Runs every case; returns the mismatches (empty when the forms agree) and counts cases in {@code cases[0]}. */
    public static List<String> run(CryptoSpi spi, int[] cases) throws Exception {
        Path dir = VectorSources.vendored().resolve("wycheproof");
        ObjectMapper json = new ObjectMapper();
        List<String> bad = new ArrayList<>();
        for (JsonNode g : read(json, dir.resolve("ed25519_test.json")).path("testGroups")) {
            byte[] pk = HEX.parseHex(g.path("publicKey").path("pk").asText());
            TestKey key = new TestKey(pk);
            for (JsonNode t : g.path("tests")) {
                byte[] msg = HEX.parseHex(t.path("msg").asText());
                byte[] sig = HEX.parseHex(t.path("sig").asText());
                compare(bad, cases, "ed25519 tcId " + t.path("tcId").asInt(),
                        () -> spi.ed25519Verify(pk, msg, sig), () -> spi.ed25519Verify(key, msg, sig));
            }
        }
        for (JsonNode g : read(json, dir.resolve("x25519_test.json")).path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                byte[] pub = HEX.parseHex(t.path("public").asText());
                byte[] priv = HEX.parseHex(t.path("private").asText());
                if (pub.length != 32 || priv.length != 32) {
                    continue; // refused by crypto-api before any provider call
                }
                TestKey sk = new TestKey(priv);
                TestKey pk = new TestKey(pub);
                compare(bad, cases, "x25519 tcId " + t.path("tcId").asInt(),
                        () -> spi.x25519(priv, pub), () -> spi.x25519(sk, pk));
            }
        }
        for (JsonNode g : read(json, dir.resolve("ecdsa_secp256r1_sha256_test.json")).path("testGroups")) {
            byte[] pk = HEX.parseHex(g.path("publicKey").path("uncompressed").asText());
            TestKey key = new TestKey(pk);
            for (JsonNode t : g.path("tests")) {
                byte[] msg = HEX.parseHex(t.path("msg").asText());
                byte[] rs;
                try {
                    rs = org.gkm.crypto.spi.EcdsaDer.derToP1363(HEX.parseHex(t.path("sig").asText()));
                } catch (org.gkm.crypto.InvalidSignatureException e) {
                    continue; // refused by crypto-api before any provider call
                }
                if (!org.gkm.crypto.internal.P256.isValidSignatureRange(rs)) {
                    continue; // likewise
                }
                compare(bad, cases, "ecdsa tcId " + t.path("tcId").asInt(),
                        () -> spi.ecdsaP256Verify(pk, msg, rs), () -> spi.ecdsaP256Verify(key, msg, rs));
            }
        }
        for (JsonNode g : read(json, dir.resolve("ecdh_secp256r1_test.json")).path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                byte[] priv = Vectors.p256Scalar(HEX.parseHex(t.path("private").asText()));
                org.gkm.crypto.PublicKey pub;
                try {
                    pub = org.gkm.crypto.PublicKey.decode(org.gkm.crypto.KeyType.P256, HEX.parseHex(t.path("public").asText()));
                    org.gkm.crypto.PrivateKey.decode(org.gkm.crypto.KeyType.P256, priv);
                } catch (InvalidKeyException e) {
                    continue; // refused by crypto-api before any provider call
                }
                byte[] point = pub.encoded();
                TestKey sk = new TestKey(priv);
                TestKey pk = new TestKey(point);
                compare(bad, cases, "ecdh tcId " + t.path("tcId").asInt(),
                        () -> spi.p256Ecdh(priv, point), () -> spi.p256Ecdh(sk, pk));
            }
        }
        for (JsonNode g : read(json, dir.resolve("aes_gcm_test.json")).path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                byte[] k = HEX.parseHex(t.path("key").asText());
                byte[] iv = HEX.parseHex(t.path("iv").asText());
                if (iv.length != 12) {
                    continue; // the key-value form is the byte[] form on the key's bytes for other nonces
                }
                byte[] aad = HEX.parseHex(t.path("aad").asText());
                byte[] msg = HEX.parseHex(t.path("msg").asText());
                byte[] ct = HEX.parseHex(t.path("ct").asText() + t.path("tag").asText());
                TestKey key = new TestKey(k);
                String id = "aes-gcm tcId " + t.path("tcId").asInt();
                compare(bad, cases, id + " seal",
                        () -> spi.gcmSeal(k, iv, aad, msg), () -> spi.gcmSeal(key, iv, aad, msg));
                compare(bad, cases, id + " open",
                        () -> spi.gcmOpen(k, iv, aad, ct), () -> spi.gcmOpen(key, iv, aad, ct));
                byte[] framed = new byte[ct.length + 9]; // the range form, inside a larger array
                java.util.Arrays.fill(framed, (byte) 0x5a);
                System.arraycopy(ct, 0, framed, 5, ct.length);
                compare(bad, cases, id + " open in place",
                        () -> spi.gcmOpen(k, iv, aad, ct), () -> spi.gcmOpen(key, iv, aad, framed, 5, ct.length));
            }
        }
        return bad;
    }

    /** The vectors may sit in a directory or in crypto-api's test jar (a zip file system): read by path. */
    private static JsonNode read(ObjectMapper json, Path file) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return json.readTree(in);
        }
    }

    private static void compare(List<String> bad, int[] cases, String what, Op bytes, Op value) {
        String a = outcome(bytes);
        for (int use = 0; use < 2; use++) {
            String b = outcome(value);
            cases[0]++;
            if (!a.equals(b)) {
                bad.add(what + " (use " + use + "): encoding " + a + ", key value " + b);
            }
        }
    }
}
