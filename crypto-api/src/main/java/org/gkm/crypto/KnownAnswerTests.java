package org.gkm.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Power-on known-answer tests: one check per primitive against published vectors (RFC 3394,
 * RFC 5649, the GCM spec, RFC 7748, RFC 8032, RFC 4231, RFC 5869, RFC 9180 A.1, and one valid
 * Wycheproof case each for P-256 ECDH, ECDSA and RSA-OAEP), plus sign/verify and
 * encrypt/decrypt round trips for the randomized primitives. {@link CryptoProviders} runs them
 * before choosing OpenSSL in {@code auto} mode; {@code gkm selftest} prints them.
 */
public final class KnownAnswerTests {

    /** Outcome of one check; {@code detail} never holds secret bytes. */
    public record Result(String primitive, boolean passed, String detail) {}

    @FunctionalInterface
    private interface Check {
        String run(CryptoProvider p) throws Exception;
    }

    private static final HexFormat HEX = HexFormat.of();

    private KnownAnswerTests() {}

    /** Runs every check against {@code provider}; never throws. */
    public static List<Result> run(CryptoProvider provider) {
        List<Result> results = new ArrayList<>();
        check(results, provider, "AES-KW (RFC 3394 4.6)", KnownAnswerTests::aesKw);
        check(results, provider, "AES-KWP (RFC 5649 sec. 6)", KnownAnswerTests::aesKwp);
        check(results, provider, "AES-KW batch", KnownAnswerTests::aesKwBatch);
        check(results, provider, "AES-GCM (GCM spec test case 2/3)", KnownAnswerTests::aesGcm);
        check(results, provider, "X25519 (RFC 7748 5.2, 6.1 incl. batch)", KnownAnswerTests::x25519);
        check(results, provider, "P-256 ECDH (Wycheproof)", KnownAnswerTests::p256Ecdh);
        check(results, provider, "Ed25519 (RFC 8032 test 1)", KnownAnswerTests::ed25519);
        check(results, provider, "ECDSA P-256 (Wycheproof + round trip)", KnownAnswerTests::ecdsa);
        check(results, provider, "RSA-OAEP-2048 SHA-256 (Wycheproof + round trip)", KnownAnswerTests::rsaOaep);
        check(results, provider, "HMAC-SHA256 (RFC 4231 case 2)", KnownAnswerTests::hmac);
        check(results, provider, "HKDF-SHA256 (RFC 5869 case 1)", KnownAnswerTests::hkdf);
        check(results, provider, "HPKE X25519/AES-128-GCM (RFC 9180 A.1)", KnownAnswerTests::hpke);
        check(results, provider, "CSPRNG", KnownAnswerTests::random);
        return results;
    }

    /** Whether every result passed. */
    public static boolean allPassed(List<Result> results) {
        return results.stream().allMatch(Result::passed);
    }

    private static void check(List<Result> out, CryptoProvider p, String name, Check c) {
        try {
            String failure = c.run(p);
            out.add(new Result(name, failure == null, failure == null ? "ok" : failure));
        } catch (Exception | LinkageError e) {
            out.add(new Result(name, false, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static String expect(String what, byte[] actual, String expectedHex) {
        return Arrays.equals(actual, HEX.parseHex(expectedHex)) ? null : what + " differs from the known answer";
    }

    private static String aesKw(CryptoProvider p) throws Exception {
        SecretBytes kek = SecretBytes.copyOf(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        String key = "00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f";
        String wrapped = "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21";
        String bad = expect("wrap", p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, kek, HEX.parseHex(key)), wrapped);
        return bad != null ? bad : expect("unwrap", p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, kek, HEX.parseHex(wrapped)), key);
    }

    private static String aesKwp(CryptoProvider p) throws Exception {
        SecretBytes kek = SecretBytes.copyOf(HEX.parseHex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"));
        String key = "c37b7e6492584340bed12207808941155068f738";
        String wrapped = "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a";
        String bad = expect("wrap", p.keyWrap().wrap(KeyWrapAlgorithm.AES_KWP, kek, HEX.parseHex(key)), wrapped);
        return bad != null ? bad : expect("unwrap", p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KWP, kek, HEX.parseHex(wrapped)), key);
    }

    private static String aesKwBatch(CryptoProvider p) throws Exception {
        // RFC 3394 4.1 (128/128) and 4.6 (256/256) in one ragged batch, then unwrap with job 1 corrupted.
        byte[] kek1 = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] kek2 = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] key1 = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] key2 = HEX.parseHex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f");
        String w1 = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";
        String w2 = "28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21";
        byte[] keks = concat(kek1, kek2);
        byte[] inputs = concat(key1, key2);
        KeyWrapBatch b = new KeyWrapBatch(2, keks, new int[] {0, 16}, new int[] {16, 32},
                inputs, new int[] {0, 16}, new int[] {16, 32},
                new byte[64], new int[] {0, 24}, new int[2], new byte[2]);
        p.keyWrap().wrapBatch(KeyWrapAlgorithm.AES_KW, b);
        String bad = expect("batch wrap", b.outputs(), w1 + w2);
        if (bad != null) {
            return bad;
        }
        byte[] wrapped = b.outputs().clone();
        wrapped[30] ^= 1;
        KeyWrapBatch u = new KeyWrapBatch(2, keks, new int[] {0, 16}, new int[] {16, 32},
                wrapped, new int[] {0, 24}, new int[] {24, 40},
                new byte[48], new int[] {0, 16}, new int[2], new byte[2]);
        int failed = p.keyWrap().unwrapBatch(KeyWrapAlgorithm.AES_KW, u);
        if (failed != 1 || u.status()[0] != 0 || u.status()[1] != 1) {
            return "batch unwrap did not flag exactly the corrupted job";
        }
        return expect("batch unwrap", u.outputs(), "00112233445566778899aabbccddeeff" + "00".repeat(32));
    }

    private static String aesGcm(CryptoProvider p) throws Exception {
        byte[] zero16 = new byte[16];
        String bad = expect("GCM test case 2", p.insecureNonceAesGcm().seal(zero16, new byte[12], new byte[0], zero16),
                "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
        if (bad != null) {
            return bad;
        }
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308");
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        String pt = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                + "b16aedf5aa0de657ba637b391aafd255";
        String ct = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa05"
                + "1ba30b396a0aac973d58e091473f5985" + "4d5c2af327cd64a62cf35abd2ba6fab4";
        bad = expect("GCM test case 3", p.insecureNonceAesGcm().seal(key, iv, new byte[0], HEX.parseHex(pt)), ct);
        if (bad != null) {
            return bad;
        }
        SecretBytes k = p.keys().generateSymmetric(32);
        byte[] sealed = p.aead().encrypt(AeadAlgorithm.AES_256_GCM, k, HEX.parseHex(pt), new byte[] {1});
        if (!Arrays.equals(p.aead().decrypt(AeadAlgorithm.AES_256_GCM, k, sealed, new byte[] {1}), HEX.parseHex(pt))) {
            return "AEAD round trip failed";
        }
        sealed[sealed.length - 1] ^= 1;
        try {
            p.aead().decrypt(AeadAlgorithm.AES_256_GCM, k, sealed, new byte[] {1});
            return "tampered AEAD ciphertext accepted";
        } catch (InvalidCiphertextException expected) {
            return null;
        }
    }

    private static String x25519(CryptoProvider p) throws Exception {
        PrivateKey sk = PrivateKey.decode(KeyType.X25519, HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));
        PublicKey pk = PublicKey.decode(KeyType.X25519, HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
        String bad = expect("X25519", p.keyAgreement().agree(sk, pk), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        if (bad != null) {
            return bad;
        }
        // RFC 7748 sec. 6.1: Alice's public key
        PrivateKey alice = PrivateKey.decode(KeyType.X25519, HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        bad = expect("X25519 public key", p.keys().publicKey(alice).encoded(),
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        if (bad != null) {
            return bad;
        }
        // the batch call (its own native entry point in the OpenSSL provider): Alice and Bob at once
        byte[] both = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
                + "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] pubs = new byte[64];
        p.keys().x25519PublicKeys(both, 0, pubs, 0, 2);
        return expect("X25519 public key batch", pubs, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
                + "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    }

    private static String p256Ecdh(CryptoProvider p) throws Exception {
        PublicKey pk = PublicKey.decode(KeyType.P256, HEX.parseHex("3059301306072a8648ce3d020106082a8648ce3d03010703420004"
                + "62d5bd3372af75fe85a040715d0f502428e07046868b0bfdfa61d731afe44f26ac333a93a9e70a81cd5a95b5bf8d13990eb741c8c38872b4a07d275a014e30cf"));
        PrivateKey sk = PrivateKey.decode(KeyType.P256, HEX.parseHex("0612465c89a023ab17855b0a6bcebfd3febb53aef84138647b5352e02c10c346"));
        String bad = expect("P-256 ECDH", p.keyAgreement().agree(sk, pk), "53020d908b0219328b658b525f26780e3ae12bcd952bb25a93bc0895e1714285");
        if (bad != null) {
            return bad;
        }
        byte[] one = new byte[32];
        one[31] = 1;
        return expect("P-256 generator", p.keys().publicKey(PrivateKey.decode(KeyType.P256, one)).encoded(),
                "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
    }

    private static String ed25519(CryptoProvider p) throws Exception {
        PrivateKey sk = PrivateKey.decode(KeyType.ED25519, HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        String pk = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        String sig = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        String bad = expect("Ed25519 public key", p.keys().publicKey(sk).encoded(), pk);
        if (bad == null) {
            bad = expect("Ed25519 signature", p.signer().sign(SignatureAlgorithm.ED25519, sk, new byte[0]), sig);
        }
        if (bad == null) {
            p.verifier().verify(SignatureAlgorithm.ED25519, PublicKey.decode(KeyType.ED25519, HEX.parseHex(pk)), new byte[0], HEX.parseHex(sig));
        }
        return bad;
    }

    private static String ecdsa(CryptoProvider p) throws Exception {
        PublicKey pk = PublicKey.decode(KeyType.P256, HEX.parseHex("0404aaec73635726f213fb8a9e64da3b8632e41495a944d0045b522eba7240fad5"
                + "87d9315798aaa3a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e8365d525d"));
        p.verifier().verify(SignatureAlgorithm.ECDSA_P256_SHA256_DER, pk, new byte[0], HEX.parseHex(
                "3045022100b292a619339f6e567a305c951c0dcbcc42d16e47f219f9e98e76e09d8770b34a02200177e60492c5a8242f76f07bfe3661bde59ec2a17ce5bd2dab2abebdf89a62e2"));
        KeyPair kp = p.keys().generate(KeyType.P256);
        byte[] msg = "gkm".getBytes(StandardCharsets.US_ASCII);
        for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.ECDSA_P256_SHA256_DER, SignatureAlgorithm.ECDSA_P256_SHA256_P1363}) {
            byte[] sig = p.signer().sign(alg, kp.privateKey(), msg);
            p.verifier().verify(alg, kp.publicKey(), msg, sig);
            try {
                p.verifier().verify(alg, kp.publicKey(), "gkn".getBytes(StandardCharsets.US_ASCII), sig);
                return alg + " accepted a signature over another message";
            } catch (InvalidSignatureException expected) {
                // fine
            }
        }
        return null;
    }

    private static String rsaOaep(CryptoProvider p) throws Exception {
        PrivateKey sk = PrivateKey.decode(KeyType.RSA_2048, HEX.parseHex(RSA_PKCS8));
        String bad = expect("RSA-OAEP decrypt", p.keyTransport().decrypt(sk, HEX.parseHex(RSA_CT), HEX.parseHex(RSA_LABEL)), RSA_MSG);
        if (bad != null) {
            return bad;
        }
        PublicKey pk = p.keys().publicKey(sk);
        byte[] ct = p.keyTransport().encrypt(pk, HEX.parseHex(RSA_MSG), null);
        return expect("RSA-OAEP round trip", p.keyTransport().decrypt(sk, ct, null), RSA_MSG);
    }

    private static String hmac(CryptoProvider p) throws Exception {
        SecretBytes key = SecretBytes.copyOf("Jefe".getBytes(StandardCharsets.US_ASCII));
        byte[] msg = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        String tag = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        String bad = expect("HMAC", p.mac().compute(key, msg), tag);
        if (bad == null) {
            p.mac().verify(key, msg, HEX.parseHex(tag));
        }
        return bad;
    }

    private static String hkdf(CryptoProvider p) throws Exception {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] prk = p.kdf().extract(HEX.parseHex("000102030405060708090a0b0c"), ikm);
        String bad = expect("HKDF PRK", prk, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        if (bad == null) {
            bad = expect("HKDF OKM", p.kdf().expand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42),
                    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
        }
        if (bad != null) {
            return bad;
        }
        // the batch call (its own native entry point in the OpenSSL provider): T(1) of this PRK and
        // of RFC 5869 case 3's PRK under case 1's info at once
        byte[] prks = HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
                + "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        byte[] both = new byte[64];
        p.kdf().expandEach(prks, 0, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), both, 0, 2);
        return expect("HKDF expand batch", both, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "abbafb13f5c1bc489d4203135817956dd521b39e3bd61d1cc85cef884d1f8e2e");
    }

    private static String hpke(CryptoProvider p) throws Exception {
        HpkeSuite suite = HpkeSuite.of(0x0020, 0x0001, 0x0001);
        PrivateKey skR = PrivateKey.decode(KeyType.X25519, HEX.parseHex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"));
        byte[] pt = p.hpke().open(suite, skR,
                HEX.parseHex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"),
                "Ode on a Grecian Urn".getBytes(StandardCharsets.US_ASCII), "Count-0".getBytes(StandardCharsets.US_ASCII),
                HEX.parseHex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"));
        return Arrays.equals(pt, "Beauty is truth, truth beauty".getBytes(StandardCharsets.US_ASCII))
                ? null : "HPKE open differs from the known answer";
    }

    private static String random(CryptoProvider p) {
        byte[] a = p.random().bytes(32);
        byte[] b = p.random().bytes(32);
        return Arrays.equals(a, b) || Arrays.equals(a, new byte[32]) ? "CSPRNG repeated itself or gave zeros" : null;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static final String RSA_PKCS8 =
            "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100a2b451a07d0aa5f96e45" +
            "5671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89" +
            "d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff" +
            "8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be" +
            "82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d" +
            "9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf782" +
            "0283f742b9d502030100010282010024cdc62317f5d72a6f6ba6cc9632899b01d1ff28867d72f61688995bc855a4e420" +
            "a8405250089bdb13cf8e09543827b748b9d27fbb2b4d9e20af8c5a6a862796d1a4cc18ad16ea678bc1bd4a83bbbe9c5e" +
            "57453b5ce7388e41a3ba4ce2b77b4438a229e954f720dae0353dc088ac8a76b26dc276f8e1b7851ddd6398ad16ff2e78" +
            "195123b9b036e945c38c9d12434f6df76fe22359eb3e1ac9c011678fc926fad3ae475a4fffff55feb2d147e9c894f4c0" +
            "e29a599e762462482d968bf42780945fc0d2c31c573c4431b8f4fe8b8c67bec815abd44f7a86edca1c2308737358d2c2" +
            "ae5e2e0e2dadf730980262377e58b13b7d9992060a0bc870ccfdb4a9319ee102818100dc431050f782e894fb5248247d" +
            "98cb7d58b8d1e24f3b55d041c56e4de086b0d5bb028bda42eeb5d234d5681e5809d415e6a289ad4cfbf78f978f6c3581" +
            "4f50eebff1c5b80a69f788e81e6bab5ddaa78369d659d143ec6f17e79813a575cfad9c569156b90113e2e9110ad9e7b4" +
            "8a1c9348a6e653321191290ea36cfb3a5b18f102818100bd1a81e7977f9898122273ae3222b598ea5fb19eb4eabc3830" +
            "8a5e32196603b2e500ffb79f5b886816611debc472fac45544070beb057c941378a6868af3b7a03d3f9880ec47d5e089" +
            "b94fbde542aba9ae8d72c57088d7abf5b131f39098f7bc160f90536abc9492fd4e06f3ed7299d4b97bb03677207d9566" +
            "9f140cfbc20f2502818100a94b528b28f291599121d91952ffd1c7f21d7c1479d99d478885fb161870ee1218bf084726" +
            "12dbe5497e8d9c650688e09c786961ae3e2c354dc48ae34514759c4c23c4588488961dc06b414e61c0e1e7fbbd2923d3" +
            "1532fe289f96da220711e58c14019808e00414276933bb07e4efb9b4a9b37656917205209f33f09515d7c10281803af0" +
            "e72a933aef09ff2503df78bafed531c02ff1a2bc437c540cdcbd4ad35435cf511763596543480629b114ca7f780ff7ef" +
            "a32ea0cb6e000d6d9ea1f2ef71fd9cf9948422a165557e37e755edfe70d90b920502eb478bc98a63f788ce3a0f856d6e" +
            "de7251a383bfa8fa480a81a925af7b3cc538c4bab8c9f7597ffb68011d8d0281802640fbfbcfefb163ee7a87b6483a66" +
            "ee41f956d90fa8a7939bfc042ee0924b1b7993d0445f758d51933e85179c0320b0c968b48a91c38b5be923e1097c0c56" +
            "2f88d42294b6a2759bafa5428a74f1270874e45f6fcc60f21602de5eccd143cf31241f5921b5ad3983fb54ef17be3b28" +
            "5367e50c999c67247b552fe4bfce945f7b";
    private static final String RSA_CT =
            "6583e2f176aa7e7f655d2c53497349c156c8851fb23325589e85fb83bfa857346caba222cdaa3234e71564154298c24d" +
            "bb85e18822a1d5e7faa47863a64d76874a3cbc70f4d9f137426a344c473fac1dd7008a9973765e9f66c5b492535a647c" +
            "273c4f78ceb5aa7ba963a2142f2ce4a81f804c002b9b2eabb3c75e80a3c6ceafe5384a544c672a5d28d32bb87115f43e" +
            "b79775fd9b3f4a2f6e6a89368bdd95ef1d014877b60afdb1234acd57653a65459f01b2fbe381f22a739504b4897a7e6c" +
            "33b6349b276db6083abad9c169405859b800c812237634b503de6ada43013c1d86697a135be78a9784576d796d62aa78" +
            "19e2ea0e2d902ffdd9cfdd1ae66212ee";
    private static final String RSA_MSG = "313233343030";
    private static final String RSA_LABEL = "0000000000000000";
}
