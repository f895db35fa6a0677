package org.gkm.crypto.openssl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.KeyMaterial;

/**
 * The OpenSSL 3 provider: every operation is a downcall into libcrypto (or into libgkm_native: key
 * wrap, single and batch, on its multi-lane AES-NI/VAES kernels; AES-GCM; HMAC; HKDF-Expand; P-256
 * public keys) through the Java FFM API. This class dispatches; one class per family does the work:
 * {@link OpenSslKeyWrap}, {@link OpenSslAead}, {@link OpenSslKeyAgreement} (X25519, P-256 ECDH),
 * {@link OpenSslSignatures} (Ed25519, ECDSA), {@link OpenSslRsa} and {@link OpenSslMacKdf} (HMAC,
 * HKDF, random).
 *
 * <p>Key wrap batches run on the kernel path given by {@code -Dgkm.kw.path=auto|scalar|aesni|vaes}
 * (default auto: the C library's choice, which honours the {@code GKM_KW_PATH} environment
 * variable); {@link #details()} reports it as {@code kw.path}. AES-GCM under raw key bytes runs on
 * the path given by {@code -Dgkm.gcm.path=auto|provider|aesni} (default auto: libgkm_native's AES-NI
 * kernel where the CPU has it, or the {@code GKM_GCM_PATH} environment variable's choice), reported
 * as {@code gcm.path}.
 *
 * <p>Keys. An asymmetric key value is imported into an {@code EVP_PKEY} once, on first use, and the
 * handle kept with the key ({@link EvpKeys}, owned by a {@link NativeResource}: freed exactly once,
 * when the key is destroyed and no call is using it, or when the key is unreachable). The
 * {@code byte[]} forms of the SPI import the encoding for their call only. A MAC key value
 * ({@code SecretBytes}) is prepared the same way: its HMAC hash states are made once and kept with
 * it ({@link OpenSslMacKdf}).
 *
 * <p>Memory rules. Symmetric, data-proportional calls (AES-GCM, single AES key wrap, HMAC) are
 * bound with {@code Linker.Option.critical(true)} and take the caller's heap arrays directly, so
 * keys, plaintexts and ciphertexts are never copied into native memory at all; OpenSSL copies the
 * key into its cipher context, which {@code EVP_CIPHER_CTX_free} cleanses. Public-key and KDF calls
 * (which are slower and may block) use a per-call confined {@link Scratch} arena; every native
 * segment that holds a key, plaintext or shared secret is zeroed before the arena closes. Per-call
 * OpenSSL objects are freed in a {@code finally}. After any failed OpenSSL call the thread's error
 * queue is cleared.
 *
 * <p>Every length is checked in Java before any downcall, so no Java-side input (even one that
 * bypassed crypto-api's validation) can make native code read or write out of bounds.
 */
public final class OpenSslProvider implements CryptoSpi {
    /** The key wrap kernel path batches run on; null when {@code gkm.kw.path} is unusable. */
    private final KwPath kwPath;
    /** Why {@link #kwPath} is null (unknown value, or a path this CPU lacks); else null. */
    private final String kwPathProblem;
    private final OpenSslKeyWrap keyWrap;
    /** The one-shot AES-GCM path; null when {@code gkm.gcm.path} is unusable. */
    private final GcmPath gcmPath;
    /** Why {@link #gcmPath} is null; else null. */
    private final String gcmPathProblem;

    /**
     * Never throws: whether OpenSSL is usable is decided (and reported) by {@link #availability()}.
     * The key wrap kernel path comes from the system property {@code gkm.kw.path}
     * ({@code auto} (default), {@code scalar}, {@code aesni}, {@code vaes}); with {@code auto} the C
     * library honours the {@code GKM_KW_PATH} environment variable, else picks the best path.
     */
    public OpenSslProvider() {
        this(System.getProperty(KwPath.PROPERTY, "auto"));
    }

    /** A provider whose raw-key AES-GCM runs on the given path (tests: every path in turn). */
    OpenSslProvider(GcmPath gcm) {
        this(System.getProperty(KwPath.PROPERTY, "auto"), gcm.label());
    }

    /** A provider whose batches run on the given kernel path (tests: every path in turn). */
    OpenSslProvider(KwPath path) {
        this(path.label());
    }

    /** A provider for the kernel path labelled {@code pathLabel} (tests: unknown labels too). */
    OpenSslProvider(String pathLabel) {
        this(pathLabel, System.getProperty(GcmPath.PROPERTY, "auto"));
    }

    /** A provider for the key wrap and AES-GCM paths so labelled (tests: unknown labels too). */
    OpenSslProvider(String pathLabel, String gcmLabel) {
        KwPath p = KwPath.parse(pathLabel);
        String problem = null;
        if (p == null) {
            problem = KwPath.PROPERTY + "=" + pathLabel + " is not one of auto, scalar, aesni, vaes";
        } else if (p != KwPath.AUTO && NativeLoader.AVAILABLE && !GkmNative.gkm_kw_path_supported(p.code)) {
            problem = KwPath.PROPERTY + "=" + p.label() + ": this CPU cannot run that key wrap path";
            p = null;
        }
        this.kwPath = p;
        this.kwPathProblem = problem;
        this.keyWrap = new OpenSslKeyWrap(p, problem);
        GcmPath g = GcmPath.parse(gcmLabel);
        String gcmProblem = null;
        if (g == null) {
            gcmProblem = GcmPath.PROPERTY + "=" + gcmLabel + " is not one of auto, provider, aesni";
        } else if (g != GcmPath.AUTO && NativeLoader.AVAILABLE && !GkmNative.gkm_gcm_path_supported(g.code)) {
            gcmProblem = GcmPath.PROPERTY + "=" + g.label() + ": this CPU cannot run that AES-GCM path";
            g = null;
        }
        this.gcmPath = g;
        this.gcmPathProblem = gcmProblem;
    }

    /** The raw-key AES-GCM path, resolved; null when unusable or the library is not loaded. */
    GcmPath effectiveGcmPath() {
        if (gcmPath == null || !NativeLoader.AVAILABLE) {
            return null;
        }
        return gcmPath == GcmPath.AUTO ? GcmPath.ofCode(GkmNative.gkm_gcm_path()) : gcmPath;
    }

    /** The path raw-key AES-GCM calls pass (checked usable by {@link #availability()}). */
    private GcmPath gcm() {
        if (gcmPath == null) {
            throw new IllegalStateException(gcmPathProblem);
        }
        return gcmPath;
    }

    /**
     * The kernel path this provider's batches run on, resolved ({@code AUTO} becomes what the C
     * library chose); null when unusable or the library is not loaded.
     */
    KwPath effectiveKwPath() {
        if (kwPath == null || !NativeLoader.AVAILABLE) {
            return null;
        }
        return kwPath == KwPath.AUTO ? KwPath.ofCode(GkmNative.gkm_kw_path()) : kwPath;
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public Availability availability() {
        try {
            if (!NativeLoader.AVAILABLE) {
                return Availability.no(NativeLoader.REASON, NativeLoader.ERROR);
            }
            if (gcmPathProblem != null) {
                return Availability.no(gcmPathProblem, null);
            }
            return kwPathProblem != null
                    ? Availability.no(kwPathProblem, null)
                    : Availability.yes(NativeLoader.REASON + "; key wrap path " + String.valueOf(effectiveKwPath()).toLowerCase(java.util.Locale.ROOT));
        } catch (Throwable t) { // cannot happen: NativeLoader's initializer catches everything
            return Availability.no("OpenSSL provider unavailable: " + t, t);
        }
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("provider", "openssl");
        m.put("available", Boolean.toString(NativeLoader.AVAILABLE));
        if (NativeLoader.OPENSSL_VERSION_TEXT != null) {
            m.put("openssl.version", NativeLoader.OPENSSL_VERSION_TEXT);
            m.put("openssl.version_num", "0x" + Long.toHexString(NativeLoader.OPENSSL_VERSION_NUM));
        }
        if (NativeLoader.AVAILABLE) {
            m.put("native.version", NativeLoader.NATIVE_VERSION);
            m.put("native.abi", Integer.toString(NativeLoader.NATIVE_ABI_VERSION));
            m.put("native.source", NativeLoader.NATIVE_SOURCE);
            m.put("cpu.features", cpuFeatureNames(GkmNative.gkm_cpu_features()));
            KwPath p = effectiveKwPath();
            m.put("kw.path", p == null ? "unusable: " + kwPathProblem : p.label()
                    + (kwPath == KwPath.AUTO ? " (auto)" : " (forced by " + KwPath.PROPERTY + ")"));
            StringBuilder supported = new StringBuilder();
            for (KwPath q : KwPath.values()) {
                if (q != KwPath.AUTO && GkmNative.gkm_kw_path_supported(q.code)) {
                    supported.append(supported.isEmpty() ? "" : " ").append(q.label());
                }
            }
            m.put("kw.paths.supported", supported.toString());
            GcmPath g = effectiveGcmPath();
            m.put("gcm.path", g == null ? "unusable: " + gcmPathProblem : g.label()
                    + (gcmPath == GcmPath.AUTO ? " (auto)" : " (forced by " + GcmPath.PROPERTY + ")"));
            m.put("c25519.path", C25519_PATHS[Math.max(0, Math.min(3, GkmNative.gkm_c25519_path()))]
                    + " (Curve25519 kernels; GKM_C25519_PATH=evp|alt|fast forces one)");
            m.put("p256.path", C25519_PATHS[Math.max(0, Math.min(3, GkmNative.gkm_p256_path()))]
                    + " (P-256 kernels; GKM_P256_PATH=evp|alt|fast forces one)");
            m.put("rsa.path", (GkmNative.gkm_rsa_path() == 2 ? "ifma" : "evp")
                    + " (RSA-2048/3072 encryption with e = 65537, RSA-2048/3072 two-prime decryption;"
                    + " GKM_RSA_PATH=evp|ifma forces one)");
        } else {
            m.put("error", NativeLoader.REASON);
        }
        return m;
    }

    /** Names of the GKM_C25519_PATH_* and GKM_P256_PATH_* codes (the same numbering). */
    private static final String[] C25519_PATHS = {"auto", "evp", "alt", "fast"};

    private static final String[] CPU_FEATURES = {
        "aes-ni", "pclmulqdq", "avx2", "avx512f", "vaes", "vpclmulqdq", "sha-ni"
    };

    static String cpuFeatureNames(int bits) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < CPU_FEATURES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(CPU_FEATURES[i]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    // ---- dispatch: one class per family ----

    @Override
    public byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key) {
        return keyWrap.keyWrap(alg, kek, key);
    }

    @Override
    public byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) throws InvalidCiphertextException {
        return keyWrap.keyUnwrap(alg, kek, wrapped);
    }

    @Override
    public void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        keyWrap.keyWrapBatch(alg, batch);
    }

    @Override
    public int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        return keyWrap.keyUnwrapBatch(alg, batch);
    }

    @Override
    public byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return OpenSslAead.gcmSeal(gcm(), key, nonce, aad, plaintext);
    }

    @Override
    public byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        return OpenSslAead.gcmOpen(gcm(), key, nonce, aad, ciphertextAndTag);
    }

    @Override
    public byte[] gcmSeal(KeyMaterial key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return OpenSslAead.gcmSeal(key, nonce, aad, plaintext);
    }

    @Override
    public byte[] gcmOpen(KeyMaterial key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        return OpenSslAead.gcmOpen(key, nonce, aad, ciphertextAndTag, 0, ciphertextAndTag.length);
    }

    @Override
    public byte[] gcmOpen(KeyMaterial key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
            throws InvalidCiphertextException {
        return OpenSslAead.gcmOpen(key, nonce, aad, input, offset, length);
    }

    @Override
    public byte[] x25519(byte[] privateKey, byte[] publicKey) {
        return OpenSslKeyAgreement.x25519(privateKey, publicKey);
    }

    @Override
    public byte[] x25519(KeyMaterial privateKey, KeyMaterial publicKey) throws InvalidKeyException {
        return OpenSslKeyAgreement.x25519(privateKey, publicKey);
    }

    @Override
    public byte[] x25519PublicKey(byte[] privateKey) {
        return OpenSslKeyAgreement.x25519PublicKey(privateKey);
    }

    @Override
    public void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        OpenSslKeyAgreement.x25519PublicKeys(privateKeys, privateOffset, publicKeys, publicOffset, count);
    }

    @Override
    public byte[] p256Ecdh(byte[] privateScalar, byte[] publicPointUncompressed) {
        return OpenSslKeyAgreement.p256Ecdh(privateScalar, publicPointUncompressed);
    }

    @Override
    public byte[] p256Ecdh(KeyMaterial privateKey, KeyMaterial publicKey) throws InvalidKeyException {
        return OpenSslKeyAgreement.p256Ecdh(privateKey, publicKey);
    }

    @Override
    public byte[] p256PublicKey(byte[] privateScalar) {
        return OpenSslKeyAgreement.p256PublicKey(privateScalar);
    }

    @Override
    public byte[] ed25519PublicKey(byte[] privateKey) {
        return OpenSslSignatures.ed25519PublicKey(privateKey);
    }

    @Override
    public byte[] ed25519Sign(byte[] privateKey, byte[] message) {
        return OpenSslSignatures.ed25519Sign(privateKey, message);
    }

    @Override
    public byte[] ed25519Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        return OpenSslSignatures.ed25519Sign(privateKey, message);
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        return OpenSslSignatures.ed25519Verify(publicKey, message, signature);
    }

    @Override
    public boolean ed25519Verify(KeyMaterial publicKey, byte[] message, byte[] signature) throws InvalidKeyException {
        return OpenSslSignatures.ed25519Verify(publicKey, message, signature);
    }

    @Override
    public byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message) {
        return OpenSslSignatures.ecdsaP256Sign(privateScalar, message);
    }

    @Override
    public byte[] ecdsaP256Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        return OpenSslSignatures.ecdsaP256Sign(privateKey, message);
    }

    @Override
    public boolean ecdsaP256Verify(byte[] publicPointUncompressed, byte[] message, byte[] signatureP1363) {
        return OpenSslSignatures.ecdsaP256Verify(publicPointUncompressed, message, signatureP1363);
    }

    @Override
    public boolean ecdsaP256Verify(KeyMaterial publicKey, byte[] message, byte[] signatureP1363) {
        return OpenSslSignatures.ecdsaP256Verify(publicKey, message, signatureP1363);
    }

    @Override
    public byte[][] rsaGenerate(int bits) {
        return OpenSslRsa.rsaGenerate(bits);
    }

    @Override
    public byte[] rsaPublicKey(byte[] pkcs8PrivateKey) throws InvalidKeyException {
        return OpenSslRsa.rsaPublicKey(pkcs8PrivateKey);
    }

    @Override
    public byte[] rsaOaepEncrypt(byte[] spkiPublicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        return OpenSslRsa.rsaOaepEncrypt(spkiPublicKey, plaintext, label);
    }

    @Override
    public byte[] rsaOaepEncrypt(KeyMaterial publicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        return OpenSslRsa.rsaOaepEncrypt(publicKey, plaintext, label);
    }

    @Override
    public byte[] rsaOaepDecrypt(byte[] pkcs8PrivateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        return OpenSslRsa.rsaOaepDecrypt(pkcs8PrivateKey, ciphertext, label);
    }

    @Override
    public byte[] rsaOaepDecrypt(KeyMaterial privateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        return OpenSslRsa.rsaOaepDecrypt(privateKey, ciphertext, label);
    }

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message) {
        return OpenSslMacKdf.hmacSha256(key, message);
    }

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message, int offset, int length) {
        return OpenSslMacKdf.hmacSha256(key, message, offset, length);
    }

    @Override
    public byte[] hmacSha256(KeyMaterial key, byte[] message, int offset, int length) {
        return OpenSslMacKdf.hmacSha256(key, message, offset, length);
    }

    @Override
    public byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        return OpenSslMacKdf.hkdf(salt, ikm, info, length);
    }

    @Override
    public byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        return OpenSslMacKdf.hkdfExtract(salt, ikm);
    }

    @Override
    public byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        return OpenSslMacKdf.hkdfExpand(prk, info, length);
    }

    @Override
    public void hkdfExpandEach(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count) {
        OpenSslMacKdf.hkdfExpandEach(prks, prkOffset, info, out, outOffset, count);
    }

    @Override
    public void randomBytes(byte[] buf, int off, int len) {
        OpenSslMacKdf.randomBytes(buf, off, len);
    }
}
