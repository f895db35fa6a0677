package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.EcdsaDer;
import org.gkm.crypto.spi.HkdfBatch;
import org.gkm.crypto.spi.X25519Batch;

/**
 * The OpenSSL 3 provider: every operation is a downcall into libcrypto (or into libgkm_native: key
 * wrap, single and batch, on its multi-lane AES-NI/VAES kernels; AES-GCM; HMAC; HKDF-Expand) through
 * the Java FFM API.
 *
 * <p>Key wrap batches run on the kernel path given by {@code -Dgkm.kw.path=auto|scalar|aesni|vaes}
 * (default auto: the C library's choice, which honours the {@code GKM_KW_PATH} environment
 * variable); {@link #details()} reports it as {@code kw.path}.
 *
 * <p>Memory rules. Symmetric, data-proportional calls (AES-GCM, single AES key wrap, HMAC) are
 * bound with {@code Linker.Option.critical(true)} and take the caller's heap arrays directly, so
 * keys, plaintexts and ciphertexts are never copied into native memory at all; OpenSSL copies the
 * key into its cipher context, which {@code EVP_CIPHER_CTX_free} cleanses. Public-key and KDF calls
 * (which are slower and may block) use a per-call confined {@link Scratch} arena; every native
 * segment that holds a key, plaintext or shared secret is zeroed before the arena closes. Every
 * OpenSSL object is created per call and freed in a {@code finally}; the only shared state is
 * immutable (method handles and fetched algorithm objects). After any failed OpenSSL call the
 * thread's error queue is cleared.
 *
 * <p>Every length is checked in Java before any downcall, so no Java-side input (even one that
 * bypassed crypto-api's validation) can make native code read or write out of bounds.
 */
public final class OpenSslProvider implements CryptoSpi {
    private static final MemorySegment NULL = MemorySegment.NULL;
    private static final int TAG = 16;
    private static final int ECDSA_DER_MAX = 72;
    private static final int MAX_RSA_BITS = 16384;

    /** PKCS#8 PrivateKeyInfo { v0, id-ecPublicKey/prime256v1, OCTET STRING { ECPrivateKey { 1, d } } } up to d. */
    private static final byte[] P256_PKCS8_PREFIX = hex(
            "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420");
    /** The key wrap kernel path batches run on; null when {@code gkm.kw.path} is unusable. */
    private final KwPath kwPath;
    /** Why {@link #kwPath} is null (unknown value, or a path this CPU lacks); else null. */
    private final String kwPathProblem;

    /**
     * Never throws: whether OpenSSL is usable is decided (and reported) by {@link #availability()}.
     * The key wrap kernel path comes from the system property {@code gkm.kw.path}
     * ({@code auto} (default), {@code scalar}, {@code aesni}, {@code vaes}); with {@code auto} the C
     * library honours the {@code GKM_KW_PATH} environment variable, else picks the best path.
     */
    public OpenSslProvider() {
        this(System.getProperty(KwPath.PROPERTY, "auto"));
    }

    /** A provider whose batches run on the given kernel path (tests: every path in turn). */
    OpenSslProvider(KwPath path) {
        this(path.label());
    }

    /** A provider for the kernel path labelled {@code pathLabel} (tests: unknown labels too). */
    OpenSslProvider(String pathLabel) {
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
        } else {
            m.put("error", NativeLoader.REASON);
        }
        return m;
    }

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

    // ------------------------------------------------------------------------------------------
    // key wrap

    @Override
    public byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key) {
        ready();
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        Objects.requireNonNull(key, "key");
        String bad = alg.checkKeyDataLength(key.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        // One critical downcall to gkm_kw_wrap (single-lane AES-NI, or scalar on CPUs without it):
        // OpenSSL 3.0's EVP wrap cipher runs table AES, several times slower than SunJCE
        // (docs/performance-notes.md#evp-aes-wrap-baseline); out.length is the capacity the C side
        // is told.
        byte[] out = new byte[alg.wrappedLength(key.length)];
        int n = GkmNative.gkm_kw_one(false, mode(alg), kek, key, out);
        if (n != out.length) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalStateException("libgkm_native key wrap failed: " + nativeError(n));
        }
        return out;
    }

    @Override
    public byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) throws InvalidCiphertextException {
        ready();
        Objects.requireNonNull(alg, "alg");
        checkKek(kek);
        Objects.requireNonNull(wrapped, "wrapped");
        String bad = alg.checkWrappedLength(wrapped.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        byte[] out = new byte[wrapped.length - 8];
        int n = GkmNative.gkm_kw_one(true, mode(alg), kek, wrapped, out);
        if (n == GkmNative.ERR_INTEGRITY) {
            Arrays.fill(out, (byte) 0); // the C side zeroed it too
            throw new InvalidCiphertextException("key unwrap failed");
        }
        if (n < 0 || n > out.length) {
            Arrays.fill(out, (byte) 0);
            throw new IllegalStateException("libgkm_native key unwrap failed: " + nativeError(n));
        }
        if (n == out.length) {
            return out;
        }
        byte[] r = Arrays.copyOf(out, n); // KWP: the unpadded key
        Arrays.fill(out, (byte) 0);
        return r;
    }

    private static int mode(KeyWrapAlgorithm alg) {
        return alg == KeyWrapAlgorithm.AES_KWP ? GkmNative.KW_MODE_KWP : GkmNative.KW_MODE_KW;
    }

    @Override
    public void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        int rc = batch(false, alg, batch);
        if (rc != 0) {
            throw new IllegalStateException("libgkm_native key wrap failed for " + rc + " jobs");
        }
    }

    @Override
    public int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        return batch(true, alg, batch);
    }

    /**
     * One critical downcall for the whole batch on this provider's kernel path; the heap arrays are
     * passed in place (why not a copy into an off-heap arena: {@link GkmNative}).
     */
    private int batch(boolean unwrap, KeyWrapAlgorithm alg, KeyWrapBatch b) {
        ready();
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(b, "batch");
        if (kwPath == null) {
            throw new IllegalStateException(kwPathProblem);
        }
        int count = b.count();
        // crypto-api's KeyWrap.wrapBatch/unwrapBatch has validated every count, KEK size, length
        // and region in Java (KeyWrapBatch.validate) before calling here; repeating that loop
        // here would cost again what it costs there.
        // Unwrap has no Java-side cost wrap lacks: outputs and status are written in place
        // (critical heap arrays), and the zeroing loop below runs only when a job failed
        // (figures: docs/performance-notes.md#java-side-validation-and-overhead).
        // What native code cannot check itself is checked here: the count, and that every per-job
        // array holds count entries (their lengths do not cross). The data buffers cross with their
        // lengths, and libgkm_native checks every job's KEK size, lengths and regions against them
        // before any work (GKM_ERR_*, nothing touched), so a direct SPI caller with a bad layout
        // gets an IllegalArgumentException, never an out-of-bounds access.
        if (count < 0 || count > KeyWrapBatch.MAX_JOBS) {
            throw new IllegalArgumentException("batch count out of range: " + count);
        }
        if (b.kekOffsets().length < count || b.kekLengths().length < count || b.inputOffsets().length < count
                || b.inputLengths().length < count || b.outputOffsets().length < count
                || b.outputLengths().length < count || b.status().length < count) {
            throw new IllegalArgumentException("batch count " + count + " exceeds a per-job array's length");
        }
        if (count == 0) {
            return 0;
        }
        if (count == 1 && kwPath == KwPath.AUTO) {
            return singleJob(unwrap, alg, b);
        }
        byte[] outputs = b.outputs();
        int rc = GkmNative.gkm_kw_batch_path(unwrap, kwPath.code, mode(alg), count,
                MemorySegment.ofArray(b.keks()), b.keks().length,
                MemorySegment.ofArray(b.kekOffsets()), MemorySegment.ofArray(b.kekLengths()),
                MemorySegment.ofArray(b.inputs()), b.inputs().length,
                MemorySegment.ofArray(b.inputOffsets()), MemorySegment.ofArray(b.inputLengths()),
                MemorySegment.ofArray(outputs), outputs.length,
                MemorySegment.ofArray(b.outputOffsets()), MemorySegment.ofArray(b.outputLengths()),
                MemorySegment.ofArray(b.status()));
        if (rc < 0) {
            throw new IllegalArgumentException("libgkm_native rejected the batch: " + nativeError(rc));
        }
        // A failed unwrap job's region is zeroed by the C driver, which does all job I/O for every
        // kernel path (and reads each job's layout once). It is not zeroed again here: that would
        // read the caller's arrays a second time, and a concurrent writer could then steer it onto
        // another job's good output.
        return rc;
    }

    /**
     * A one-job batch through the single-job entry point (gkm_kw_wrap / gkm_kw_unwrap, single-lane
     * AES-NI): the batch kernel's fixed lane set-up costs more than the whole single-job call, and a
     * one-job batch must beat SunJCE by 1.5x (docs/performance-notes.md#one-job-batches). Only in auto
     * mode: a forced path always runs its batch kernel.
     * Same contract as the batch call: status, output length, zeroed region on failure.
     */
    private static int singleJob(boolean unwrap, KeyWrapAlgorithm alg, KeyWrapBatch b) {
        // Each value is read from the caller's arrays once, and only what was read is checked and
        // used (another thread may be writing the arrays: see KeyWrapBatch).
        int kekOff = b.kekOffsets()[0];
        int kekLen = b.kekLengths()[0];
        int inOff = b.inputOffsets()[0];
        int inLen = b.inputLengths()[0];
        int outOff = b.outputOffsets()[0];
        String bad = KeyWrapAlgorithm.checkKekLength(kekLen);
        if (bad == null) {
            bad = unwrap ? alg.checkWrappedLength(inLen) : alg.checkKeyDataLength(inLen);
        }
        if (bad != null) {
            throw new IllegalArgumentException("job 0: " + bad);
        }
        int region = unwrap ? inLen - 8 : alg.wrappedLength(inLen);
        byte[] outputs = b.outputs();
        if (outOff < 0 || outOff > outputs.length - region || kekOff < 0 || kekOff > b.keks().length - kekLen
                || inOff < 0 || inOff > b.inputs().length - inLen) {
            throw new IllegalArgumentException("job 0: a region lies outside its array");
        }
        MemorySegment out = MemorySegment.ofArray(outputs).asSlice(outOff, region);
        int n = GkmNative.gkm_kw_one(unwrap, mode(alg),
                MemorySegment.ofArray(b.keks()).asSlice(kekOff, kekLen),
                MemorySegment.ofArray(b.inputs()).asSlice(inOff, inLen), out);
        if (unwrap && n == GkmNative.ERR_INTEGRITY) {
            Arrays.fill(outputs, outOff, outOff + region, (byte) 0);
            b.outputLengths()[0] = 0;
            b.status()[0] = 1;
            return 1;
        }
        if (n < 0 || n > region || (!unwrap && n != region)) {
            Arrays.fill(outputs, outOff, outOff + region, (byte) 0);
            throw new IllegalStateException("libgkm_native key " + (unwrap ? "unwrap" : "wrap") + " failed: " + nativeError(n));
        }
        if (n < region) { // KWP unwrap: the region past the unpadded key is zero, as in the batch call
            Arrays.fill(outputs, outOff + n, outOff + region, (byte) 0);
        }
        b.outputLengths()[0] = n;
        b.status()[0] = 0;
        return 0;
    }

    /** The C library's message for a result code (gkm_strerror), with the code. */
    static String nativeError(int rc) {
        return GkmNative.gkm_strerror(rc) + " (" + rc + ")";
    }

    // ------------------------------------------------------------------------------------------
    // AES-GCM

    @Override
    public byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        ready();
        checkAesKey(key);
        checkNonce(nonce);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length > Integer.MAX_VALUE - 32) {
            throw new IllegalArgumentException("plaintext too long");
        }
        // One downcall (libgkm_native: EVP GCM, or CRYPTO_gcm128 for nonces over EVP's 128 bytes)
        // instead of the nine EVP calls a message takes from Java.
        byte[] out = new byte[plaintext.length + TAG];
        int rc = GkmNative.gkm_gcm_seal(key, nonce, aad, plaintext, plaintext.length, out);
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM seal failed: native code " + rc);
        }
        return out;
    }

    @Override
    public byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        ready();
        checkAesKey(key);
        checkNonce(nonce);
        Objects.requireNonNull(aad, "aad");
        Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag");
        if (ciphertextAndTag.length < TAG) {
            throw new InvalidCiphertextException("AES-GCM ciphertext shorter than the tag");
        }
        byte[] out = new byte[ciphertextAndTag.length - TAG];
        int rc = GkmNative.gkm_gcm_open(key, nonce, aad, ciphertextAndTag, ciphertextAndTag.length, out);
        if (rc == 1) {
            throw new InvalidCiphertextException("AES-GCM authentication failed");
        }
        if (rc != 0) {
            throw new IllegalStateException("AES-GCM open failed: native code " + rc);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // X25519 / P-256

    @Override
    public byte[] x25519(byte[] privateKey, byte[] publicKey) {
        ready();
        check32(privateKey, "X25519 private key");
        check32(publicKey, "X25519 public key");
        MemorySegment pk = NULL;
        MemorySegment peer = NULL;
        MemorySegment ctx = NULL;
        try (Scratch s = new Scratch()) {
            pk = rawKey(true, LibCrypto.EVP_PKEY_X25519, s.secretCopy(privateKey));
            peer = rawKey(false, LibCrypto.EVP_PKEY_X25519, s.copy(publicKey));
            ctx = LibCrypto.EVP_PKEY_CTX_new(pk, NULL);
            if (ctx.equals(NULL) || LibCrypto.EVP_PKEY_derive_init(ctx) != 1
                    || LibCrypto.EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) != 1) {
                throw failure("X25519 init");
            }
            MemorySegment secret = s.secret(32);
            MemorySegment len = s.sizeT(32);
            if (LibCrypto.EVP_PKEY_derive(ctx, secret, len) != 1) {
                // OpenSSL refuses an all-zero result (small-order peer point); the SPI returns the
                // zeros and lets crypto-api reject them, as the pure-Java provider does.
                LibCrypto.ERR_clear_error();
                return new byte[32];
            }
            if (len.get(JAVA_LONG, 0) != 32) {
                throw new IllegalStateException("X25519 returned " + len.get(JAVA_LONG, 0) + " bytes");
            }
            return secret.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
            LibCrypto.EVP_PKEY_free(peer);
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public byte[] x25519PublicKey(byte[] privateKey) {
        return rawPublicKey(LibCrypto.EVP_PKEY_X25519, privateKey, "X25519 private key");
    }

    /**
     * One downcall for the whole batch (gkm_x25519_public_batch: one EVP_PKEY_CTX imports every
     * key), against four downcalls, a confined arena and an EVP_PKEY_CTX per key for
     * {@link #x25519PublicKey}. The private keys are staged in one native segment that is cleansed
     * before the arena closes; the public keys come back through another.
     *
     * <p>What that buys is the per-call overhead only, a few percent: the rest is OpenSSL 3.0's
     * scalar multiplication itself, whether on import or as EVP_PKEY_derive(k, 9) (figures:
     * docs/performance-notes.md#x25519-batch).
     */
    @Override
    public void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        ready();
        String bad = X25519Batch.check(privateKeys, privateOffset, publicKeys, publicOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        int length = count * X25519Batch.KEY_LENGTH; // <= 2^21: checked above
        try (Scratch s = new Scratch()) {
            MemorySegment priv = s.secret(length);
            MemorySegment.copy(privateKeys, privateOffset, priv, JAVA_BYTE, 0, length);
            MemorySegment pub = s.allocate(length);
            int rc = GkmNative.gkm_x25519_public_batch(count, priv, pub);
            if (rc != 0) {
                throw new IllegalStateException("libgkm_native X25519 public key batch failed: " + nativeError(rc));
            }
            MemorySegment.copy(pub, JAVA_BYTE, 0, publicKeys, publicOffset, length);
        }
    }

    @Override
    public byte[] ed25519PublicKey(byte[] privateKey) {
        return rawPublicKey(LibCrypto.EVP_PKEY_ED25519, privateKey, "Ed25519 private key");
    }

    private static byte[] rawPublicKey(int type, byte[] privateKey, String what) {
        ready();
        check32(privateKey, what);
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = rawKey(true, type, s.secretCopy(privateKey));
            MemorySegment pub = s.allocate(32);
            MemorySegment len = s.sizeT(32);
            if (LibCrypto.EVP_PKEY_get_raw_public_key(pk, pub, len) != 1 || len.get(JAVA_LONG, 0) != 32) {
                throw failure("EVP_PKEY_get_raw_public_key");
            }
            return pub.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    /** An X25519/Ed25519 EVP_PKEY from 32 raw bytes; never NULL. */
    private static MemorySegment rawKey(boolean priv, int type, MemorySegment raw) {
        MemorySegment pk = priv
                ? LibCrypto.EVP_PKEY_new_raw_private_key(type, NULL, raw, raw.byteSize())
                : LibCrypto.EVP_PKEY_new_raw_public_key(type, NULL, raw, raw.byteSize());
        if (pk.equals(NULL)) {
            throw failure(priv ? "EVP_PKEY_new_raw_private_key" : "EVP_PKEY_new_raw_public_key");
        }
        return pk;
    }

    @Override
    public byte[] p256Ecdh(byte[] privateScalar, byte[] publicPointUncompressed) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        checkPoint(publicPointUncompressed);
        MemorySegment pk = NULL;
        MemorySegment peer = NULL;
        MemorySegment ctx = NULL;
        try (Scratch s = new Scratch()) {
            pk = p256Private(s, privateScalar);
            peer = p256Public(s, publicPointUncompressed);
            if (peer.equals(NULL)) {
                throw new IllegalArgumentException("P-256 public key is not a point on the curve");
            }
            ctx = LibCrypto.EVP_PKEY_CTX_new(pk, NULL);
            // No peer re-validation: the import above already refused off-curve points, and P-256
            // has cofactor 1; the default full check (n*Q == O) is another scalar multiplication
            // (docs/performance-notes.md#p-256-in-the-openssl-provider).
            if (ctx.equals(NULL) || LibCrypto.EVP_PKEY_derive_init(ctx) != 1
                    || LibCrypto.EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) != 1) {
                throw failure("P-256 ECDH init");
            }
            MemorySegment secret = s.secret(32);
            MemorySegment len = s.sizeT(32);
            if (LibCrypto.EVP_PKEY_derive(ctx, secret, len) != 1 || len.get(JAVA_LONG, 0) != 32) {
                throw failure("P-256 ECDH");
            }
            return secret.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
            LibCrypto.EVP_PKEY_free(peer);
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public byte[] p256PublicKey(byte[] privateScalar) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = p256PrivateWithPublic(s, privateScalar);
            MemorySegment pub = s.allocate(65);
            MemorySegment len = s.sizeT(0);
            if (LibCrypto.EVP_PKEY_get_octet_string_param(pk, Evp.PARAM_PUB, pub, 65, len) != 1
                    || len.get(JAVA_LONG, 0) != 65 || pub.get(JAVA_BYTE, 0) != 4) {
                throw failure("P-256 public key");
            }
            return pub.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    /**
     * A P-256 private EVP_PKEY from the scalar, imported with EVP_PKEY_fromdata (no public point;
     * ECDH and ECDSA signing need only d). Never NULL.
     */
    private static MemorySegment p256Private(Scratch s, byte[] scalar) {
        MemorySegment pk = p256FromData(s, scalar, null);
        if (pk.equals(NULL)) {
            throw new IllegalArgumentException("P-256 private scalar rejected by OpenSSL");
        }
        return pk;
    }

    /** A P-256 public EVP_PKEY from a 65-byte uncompressed point, or NULL if not on the curve. */
    private static MemorySegment p256Public(Scratch s, byte[] point) {
        return p256FromData(s, null, point);
    }

    /**
     * EVP_PKEY_fromdata for P-256 with OSSL_PARAMs {group, priv} or {group, pub}; NULL (error queue
     * cleared) when OpenSSL rejects the value. OpenSSL checks that a public point is on the curve.
     * (Much faster in OpenSSL 3.0 than decoding DER, which goes through OSSL_DECODER:
     * docs/performance-notes.md#p-256-in-the-openssl-provider.)
     */
    private static MemorySegment p256FromData(Scratch s, byte[] scalar, byte[] point) {
        MemorySegment params = s.allocate(3 * LibCrypto.OSSL_PARAM_SIZE); // zeroed: 3rd is the terminator
        param(params, 0, Evp.PARAM_GROUP, LibCrypto.OSSL_PARAM_UTF8_STRING, Evp.GROUP_P256,
                Evp.GROUP_P256.byteSize() - 1);
        if (scalar != null) {
            // OSSL_PARAM integers are in native byte order.
            MemorySegment d = s.secret(32);
            boolean little = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
            for (int i = 0; i < 32; i++) {
                d.set(JAVA_BYTE, i, scalar[little ? 31 - i : i]);
            }
            param(params, 1, Evp.PARAM_PRIV, LibCrypto.OSSL_PARAM_UNSIGNED_INTEGER, d, 32);
        } else {
            param(params, 1, Evp.PARAM_PUB, LibCrypto.OSSL_PARAM_OCTET_STRING, s.copy(point), 65);
        }
        MemorySegment ctx = LibCrypto.EVP_PKEY_CTX_new_from_name(NULL, Evp.NAME_EC, NULL);
        if (ctx.equals(NULL)) {
            throw failure("EVP_PKEY_CTX_new_from_name(EC)");
        }
        try {
            if (LibCrypto.EVP_PKEY_fromdata_init(ctx) != 1) {
                throw failure("EVP_PKEY_fromdata_init");
            }
            MemorySegment ppk = s.pointer(NULL);
            int selection = scalar != null ? LibCrypto.EVP_PKEY_KEYPAIR : LibCrypto.EVP_PKEY_PUBLIC_KEY;
            if (LibCrypto.EVP_PKEY_fromdata(ctx, ppk, selection, params) != 1) {
                LibCrypto.ERR_clear_error();
                return NULL;
            }
            return ppk.get(ADDRESS, 0);
        } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
        }
    }

    private static void param(MemorySegment params, int index, MemorySegment key, int type, MemorySegment data,
            long size) {
        long o = index * LibCrypto.OSSL_PARAM_SIZE;
        params.set(ADDRESS, o + LibCrypto.OSSL_PARAM_KEY, key);
        params.set(java.lang.foreign.ValueLayout.JAVA_INT, o + LibCrypto.OSSL_PARAM_DATA_TYPE, type);
        params.set(ADDRESS, o + LibCrypto.OSSL_PARAM_DATA, data);
        params.set(JAVA_LONG, o + LibCrypto.OSSL_PARAM_DATA_SIZE, size);
        params.set(JAVA_LONG, o + LibCrypto.OSSL_PARAM_RETURN_SIZE, -1L); // OSSL_PARAM_UNMODIFIED
    }

    /**
     * A P-256 private key with its public point, decoded from a PKCS#8 DER built here: OpenSSL
     * computes the public point when the SEC1 structure leaves it out. Never NULL.
     */
    private static MemorySegment p256PrivateWithPublic(Scratch s, byte[] scalar) {
        MemorySegment der = s.secret(P256_PKCS8_PREFIX.length + 32);
        MemorySegment.copy(P256_PKCS8_PREFIX, 0, der, JAVA_BYTE, 0, P256_PKCS8_PREFIX.length);
        MemorySegment.copy(scalar, 0, der, JAVA_BYTE, P256_PKCS8_PREFIX.length, 32);
        MemorySegment pk = LibCrypto.d2i_AutoPrivateKey(NULL, s.pointer(der), der.byteSize());
        if (pk.equals(NULL)) {
            LibCrypto.ERR_clear_error();
            throw new IllegalArgumentException("P-256 private scalar rejected by OpenSSL");
        }
        if (LibCrypto.EVP_PKEY_get_base_id(pk) != LibCrypto.EVP_PKEY_EC) {
            LibCrypto.EVP_PKEY_free(pk);
            throw new IllegalStateException("P-256 private key decoded as another key type");
        }
        return pk;
    }

    // ------------------------------------------------------------------------------------------
    // signatures

    @Override
    public byte[] ed25519Sign(byte[] privateKey, byte[] message) {
        ready();
        check32(privateKey, "Ed25519 private key");
        Objects.requireNonNull(message, "message");
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = rawKey(true, LibCrypto.EVP_PKEY_ED25519, s.secretCopy(privateKey));
            MemorySegment sig = s.allocate(64);
            if (sign(pk, NULL, s.copy(message), sig) != 64) {
                throw new IllegalStateException("Ed25519 signature has the wrong length");
            }
            return sig.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        ready();
        check32(publicKey, "Ed25519 public key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != 64) {
            return false;
        }
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = LibCrypto.EVP_PKEY_new_raw_public_key(LibCrypto.EVP_PKEY_ED25519, NULL, s.copy(publicKey), 32);
            if (pk.equals(NULL)) {
                LibCrypto.ERR_clear_error();
                return false;
            }
            return verify(pk, NULL, s.copy(message), s.copy(signature));
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message) {
        ready();
        check32(privateScalar, "P-256 private scalar");
        Objects.requireNonNull(message, "message");
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = p256Private(s, privateScalar);
            MemorySegment sig = s.allocate(ECDSA_DER_MAX);
            int n = sign(pk, Evp.SHA256, s.copy(message), sig);
            try {
                return EcdsaDer.derToP1363(sig.asSlice(0, n).toArray(JAVA_BYTE));
            } catch (InvalidSignatureException e) {
                throw new IllegalStateException("OpenSSL produced an ECDSA signature that is not strict DER", e);
            }
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public boolean ecdsaP256Verify(byte[] publicPointUncompressed, byte[] message, byte[] signatureP1363) {
        ready();
        checkPoint(publicPointUncompressed);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signatureP1363, "signature");
        if (signatureP1363.length != 64) {
            return false;
        }
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            pk = p256Public(s, publicPointUncompressed);
            if (pk.equals(NULL)) {
                return false;
            }
            return verify(pk, Evp.SHA256, s.copy(message), s.copy(EcdsaDer.p1363ToDer(signatureP1363)));
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    /** EVP_DigestSign into {@code sig} (its size is the buffer size); returns the signature length. */
    private static int sign(MemorySegment pk, MemorySegment md, MemorySegment msg, MemorySegment sig) {
        MemorySegment mctx = LibCrypto.EVP_MD_CTX_new();
        if (mctx.equals(NULL)) {
            throw failure("EVP_MD_CTX_new");
        }
        try (Scratch s = new Scratch()) {
            MemorySegment len = s.sizeT(sig.byteSize());
            if (LibCrypto.EVP_DigestSignInit(mctx, NULL, md, NULL, pk) != 1
                    || LibCrypto.EVP_DigestSign(mctx, sig, len, msg, msg.byteSize()) != 1) {
                throw failure("EVP_DigestSign");
            }
            long n = len.get(JAVA_LONG, 0);
            if (n <= 0 || n > sig.byteSize()) {
                throw new IllegalStateException("signature length " + n);
            }
            return (int) n;
        } finally {
            LibCrypto.EVP_MD_CTX_free(mctx); // also frees the EVP_PKEY_CTX DigestSignInit made
        }
    }

    private static boolean verify(MemorySegment pk, MemorySegment md, MemorySegment msg, MemorySegment sig) {
        MemorySegment mctx = LibCrypto.EVP_MD_CTX_new();
        if (mctx.equals(NULL)) {
            throw failure("EVP_MD_CTX_new");
        }
        try {
            if (LibCrypto.EVP_DigestVerifyInit(mctx, NULL, md, NULL, pk) != 1) {
                throw failure("EVP_DigestVerifyInit");
            }
            int rc = LibCrypto.EVP_DigestVerify(mctx, sig, sig.byteSize(), msg, msg.byteSize());
            if (rc != 1) {
                LibCrypto.ERR_clear_error();
            }
            return rc == 1;
        } finally {
            LibCrypto.EVP_MD_CTX_free(mctx);
        }
    }

    // ------------------------------------------------------------------------------------------
    // RSA-OAEP

    @Override
    public byte[][] rsaGenerate(int bits) {
        ready();
        if (bits < 2048 || bits > MAX_RSA_BITS || bits % 8 != 0) {
            throw new IllegalArgumentException("RSA key size must be a multiple of 8 in [2048, " + MAX_RSA_BITS
                    + "], got " + bits);
        }
        MemorySegment ctx = NULL;
        MemorySegment pk = NULL;
        try (Scratch s = new Scratch()) {
            ctx = LibCrypto.EVP_PKEY_CTX_new_id(LibCrypto.EVP_PKEY_RSA, NULL);
            if (ctx.equals(NULL) || LibCrypto.EVP_PKEY_keygen_init(ctx) != 1
                    || LibCrypto.EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) != 1) {
                throw failure("RSA keygen init");
            }
            MemorySegment ppk = s.pointer(NULL);
            if (LibCrypto.EVP_PKEY_keygen(ctx, ppk) != 1) {
                throw failure("RSA keygen");
            }
            pk = ppk.get(ADDRESS, 0);
            return new byte[][] {pkcs8(pk), spki(pk)};
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
            LibCrypto.EVP_PKEY_CTX_free(ctx);
        }
    }

    @Override
    public byte[] rsaPublicKey(byte[] pkcs8PrivateKey) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        MemorySegment pk = NULL;
        try {
            pk = rsaPrivate(pkcs8PrivateKey);
            return spki(pk);
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public byte[] rsaOaepEncrypt(byte[] spkiPublicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(spkiPublicKey, "spkiPublicKey");
        Objects.requireNonNull(plaintext, "plaintext");
        MemorySegment pk = NULL;
        MemorySegment ctx = NULL;
        try (Scratch s = new Scratch()) {
            pk = rsaPublic(s, spkiPublicKey);
            int k = LibCrypto.EVP_PKEY_get_size(pk);
            if (k <= 66 || plaintext.length > k - 66) {
                throw new IllegalArgumentException("RSA-OAEP plaintext longer than " + (k - 66) + " bytes");
            }
            ctx = oaepContext(pk, true, label);
            MemorySegment out = s.allocate(k);
            MemorySegment outLen = s.sizeT(k);
            MemorySegment in = s.secretCopy(plaintext);
            if (LibCrypto.EVP_PKEY_encrypt(ctx, out, outLen, in, in.byteSize()) != 1
                    || outLen.get(JAVA_LONG, 0) != k) {
                throw failure("RSA-OAEP encrypt");
            }
            return out.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    @Override
    public byte[] rsaOaepDecrypt(byte[] pkcs8PrivateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        ready();
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        Objects.requireNonNull(ciphertext, "ciphertext");
        MemorySegment pk = NULL;
        MemorySegment ctx = NULL;
        try (Scratch s = new Scratch()) {
            pk = rsaPrivate(pkcs8PrivateKey);
            int k = LibCrypto.EVP_PKEY_get_size(pk);
            if (ciphertext.length != k) {
                throw new InvalidCiphertextException("RSA-OAEP decryption failed");
            }
            ctx = oaepContext(pk, false, label);
            MemorySegment out = s.secret(k);
            MemorySegment outLen = s.sizeT(k);
            MemorySegment in = s.copy(ciphertext);
            if (LibCrypto.EVP_PKEY_decrypt(ctx, out, outLen, in, k) != 1) {
                LibCrypto.ERR_clear_error();
                throw new InvalidCiphertextException("RSA-OAEP decryption failed");
            }
            long n = outLen.get(JAVA_LONG, 0);
            if (n < 0 || n > k) {
                throw new IllegalStateException("RSA-OAEP returned " + n + " bytes");
            }
            return out.asSlice(0, n).toArray(JAVA_BYTE);
        } finally {
            LibCrypto.EVP_PKEY_CTX_free(ctx);
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    /** An EVP_PKEY_CTX set up for RSA-OAEP with SHA-256 / MGF1-SHA-256 and {@code label}. */
    private static MemorySegment oaepContext(MemorySegment pk, boolean encrypt, byte[] label) {
        MemorySegment ctx = LibCrypto.EVP_PKEY_CTX_new(pk, NULL);
        if (ctx.equals(NULL)) {
            throw failure("EVP_PKEY_CTX_new");
        }
        boolean ok = false;
        try {
            if ((encrypt ? LibCrypto.EVP_PKEY_encrypt_init(ctx) : LibCrypto.EVP_PKEY_decrypt_init(ctx)) != 1
                    || LibCrypto.EVP_PKEY_CTX_set_rsa_padding(ctx, LibCrypto.RSA_PKCS1_OAEP_PADDING) != 1
                    || LibCrypto.EVP_PKEY_CTX_set_rsa_oaep_md(ctx, Evp.SHA256) != 1
                    || LibCrypto.EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, Evp.SHA256) != 1) {
                throw failure("RSA-OAEP init");
            }
            if (label != null && label.length > 0) {
                // set0 takes ownership of OPENSSL_malloc'ed memory on success.
                MemorySegment l = LibCrypto.CRYPTO_malloc(label.length, NULL, 0);
                if (l.equals(NULL)) {
                    throw failure("CRYPTO_malloc");
                }
                MemorySegment.copy(label, 0, l.reinterpret(label.length), JAVA_BYTE, 0, label.length);
                if (LibCrypto.EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, label.length) != 1) {
                    LibCrypto.CRYPTO_free(l, NULL, 0);
                    throw failure("EVP_PKEY_CTX_set0_rsa_oaep_label");
                }
            }
            ok = true;
            return ctx;
        } finally {
            if (!ok) {
                LibCrypto.EVP_PKEY_CTX_free(ctx);
            }
        }
    }

    /** Decodes a PKCS#8 RSA private key (whole input, RSA only); never NULL. */
    private static MemorySegment rsaPrivate(byte[] pkcs8) throws InvalidKeyException {
        MemorySegment p8 = NULL;
        try (Scratch s = new Scratch()) {
            MemorySegment der = s.secretCopy(pkcs8);
            MemorySegment pp = s.pointer(der);
            p8 = LibCrypto.d2i_PKCS8_PRIV_KEY_INFO(NULL, pp, der.byteSize());
            if (p8.equals(NULL)) {
                LibCrypto.ERR_clear_error();
                throw new InvalidKeyException("RSA private key is not PKCS#8 DER");
            }
            if (pp.get(ADDRESS, 0).address() != der.address() + der.byteSize()) {
                throw new InvalidKeyException("trailing bytes after the PKCS#8 RSA private key");
            }
            MemorySegment pk = LibCrypto.EVP_PKCS82PKEY(p8);
            if (pk.equals(NULL)) {
                LibCrypto.ERR_clear_error();
                throw new InvalidKeyException("PKCS#8 private key could not be decoded");
            }
            if (LibCrypto.EVP_PKEY_get_base_id(pk) != LibCrypto.EVP_PKEY_RSA) {
                LibCrypto.EVP_PKEY_free(pk);
                throw new InvalidKeyException("PKCS#8 private key is not an RSA key");
            }
            return pk;
        } finally {
            LibCrypto.PKCS8_PRIV_KEY_INFO_free(p8);
        }
    }

    /** Decodes an SPKI RSA public key (whole input, RSA only); never NULL. */
    private static MemorySegment rsaPublic(Scratch s, byte[] spki) throws InvalidKeyException {
        MemorySegment der = s.copy(spki);
        MemorySegment pp = s.pointer(der);
        MemorySegment pk = LibCrypto.d2i_PUBKEY(NULL, pp, der.byteSize());
        if (pk.equals(NULL)) {
            LibCrypto.ERR_clear_error();
            throw new InvalidKeyException("RSA public key is not X.509 SubjectPublicKeyInfo DER");
        }
        if (pp.get(ADDRESS, 0).address() != der.address() + der.byteSize()) {
            LibCrypto.EVP_PKEY_free(pk);
            throw new InvalidKeyException("trailing bytes after the RSA public key");
        }
        if (LibCrypto.EVP_PKEY_get_base_id(pk) != LibCrypto.EVP_PKEY_RSA) {
            LibCrypto.EVP_PKEY_free(pk);
            throw new InvalidKeyException("public key is not an RSA key");
        }
        return pk;
    }

    private static byte[] spki(MemorySegment pk) {
        try (Scratch s = new Scratch()) {
            int n = LibCrypto.i2d_PUBKEY(pk, NULL);
            if (n <= 0) {
                throw failure("i2d_PUBKEY");
            }
            MemorySegment der = s.allocate(n);
            if (LibCrypto.i2d_PUBKEY(pk, s.pointer(der)) != n) {
                throw failure("i2d_PUBKEY");
            }
            return der.toArray(JAVA_BYTE);
        }
    }

    private static byte[] pkcs8(MemorySegment pk) {
        MemorySegment p8 = LibCrypto.EVP_PKEY2PKCS8(pk);
        if (p8.equals(NULL)) {
            throw failure("EVP_PKEY2PKCS8");
        }
        try (Scratch s = new Scratch()) {
            int n = LibCrypto.i2d_PKCS8_PRIV_KEY_INFO(p8, NULL);
            if (n <= 0) {
                throw failure("i2d_PKCS8_PRIV_KEY_INFO");
            }
            MemorySegment der = s.secret(n);
            if (LibCrypto.i2d_PKCS8_PRIV_KEY_INFO(p8, s.pointer(der)) != n) {
                throw failure("i2d_PKCS8_PRIV_KEY_INFO");
            }
            return der.toArray(JAVA_BYTE);
        } finally {
            LibCrypto.PKCS8_PRIV_KEY_INFO_free(p8);
        }
    }

    // ------------------------------------------------------------------------------------------
    // HMAC / HKDF / random

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message) {
        ready();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        return hmac(key, message);
    }

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message, int offset, int length) {
        ready();
        Objects.requireNonNull(key, "key");
        Objects.checkFromIndexSize(offset, length, message.length);
        byte[] out = new byte[32];
        // the range is read in place (a heap segment slice crosses the critical downcall as is)
        if (GkmNative.gkm_hmac_sha256(key, message, offset, length, out) != 0) {
            throw failure("HMAC");
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        // libgkm_native keeps a SHA-256-bound HMAC template: OpenSSL 3.0's one-shot HMAC() fetches
        // the algorithm on every call, which for short inputs costs more than the hashing
        // (docs/performance-notes.md#hmac-and-hkdf).
        byte[] out = new byte[32];
        if (GkmNative.gkm_hmac_sha256(key, message, out) != 0) {
            throw failure("HMAC");
        }
        return out;
    }

    @Override
    public byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        ready();
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(ikm, "ikm");
        // HKDF-Extract(salt, IKM) = HMAC-SHA256(salt, IKM); an empty salt is HashLen zero bytes
        // (which HMAC would pad to the same block anyway).
        return hmac(salt.length == 0 ? new byte[32] : salt, ikm);
    }

    @Override
    public byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        ready();
        Objects.requireNonNull(prk, "prk");
        Objects.requireNonNull(info, "info");
        if (prk.length < 32) {
            throw new IllegalArgumentException("HKDF PRK must be at least 32 bytes, got " + prk.length);
        }
        if (length <= 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-SHA256 output length must be in [1, 8160], got " + length);
        }
        // One downcall over libgkm_native's HMAC template; OpenSSL 3.0's EVP_PKEY HKDF fetches and
        // parses on every call (docs/performance-notes.md#hmac-and-hkdf).
        byte[] out = new byte[length];
        if (GkmNative.gkm_hkdf_sha256_expand(prk, info, out) != 0) {
            throw failure("HKDF expand");
        }
        return out;
    }

    /**
     * Keys per downcall of {@link #hkdfExpandEach}: the call is critical (heap arrays in place), so
     * it holds the GC off for its duration, a fraction of a millisecond at this size.
     */
    private static final int HKDF_CHUNK = 2048;

    /**
     * One downcall per {@value #HKDF_CHUNK} keys into libgkm_native's batch expand, which writes
     * HMAC out over one reused SHA-256 context: an EVP_MAC context per key (what {@link #hkdfExpand}
     * duplicates) costs several times the hashing (docs/performance-notes.md#hmac-and-hkdf).
     */
    @Override
    public void hkdfExpandEach(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count) {
        ready();
        String bad = HkdfBatch.check(prks, prkOffset, info, out, outOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        final int k = HkdfBatch.KEY_LENGTH;
        for (int done = 0; done < count; ) {
            int n = Math.min(HKDF_CHUNK, count - done);
            int rc = GkmNative.gkm_hkdf_sha256_expand32_batch(n, prks, prkOffset + done * k, info, out, outOffset + done * k);
            if (rc != 0) {
                java.util.Arrays.fill(out, outOffset, outOffset + count * k, (byte) 0); // no partial result
                throw new IllegalStateException("libgkm_native HKDF expand batch failed: " + nativeError(rc));
            }
            done += n;
        }
    }

    private static final int RAND_CHUNK = 4096;

    @Override
    public void randomBytes(byte[] buf, int off, int len) {
        ready();
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(buf, "buf").length);
        if (len == 0) {
            return;
        }
        try (Scratch s = new Scratch()) {
            MemorySegment tmp = s.secret(Math.min(len, RAND_CHUNK));
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, RAND_CHUNK);
                if (LibCrypto.RAND_bytes(tmp, n) != 1) {
                    throw failure("RAND_bytes");
                }
                MemorySegment.copy(tmp, JAVA_BYTE, 0, buf, off + done, n);
                done += n;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // checks and errors

    private static void ready() {
        if (!NativeLoader.AVAILABLE) {
            throw new IllegalStateException(NativeLoader.REASON, NativeLoader.ERROR);
        }
    }

    private static void check32(byte[] a, String what) {
        Objects.requireNonNull(a, what);
        if (a.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + a.length);
        }
    }

    private static void checkAesKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
    }

    private static void checkKek(byte[] kek) {
        Objects.requireNonNull(kek, "kek");
        String bad = KeyWrapAlgorithm.checkKekLength(kek.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
    }

    private static void checkNonce(byte[] nonce) {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length < 1) {
            throw new IllegalArgumentException("AES-GCM nonce must not be empty");
        }
    }

    private static void checkPoint(byte[] p) {
        Objects.requireNonNull(p, "public key");
        if (p.length != 65 || p[0] != 4) {
            throw new IllegalArgumentException("P-256 public key must be a 65-byte uncompressed point");
        }
    }

    /** Clears the thread's OpenSSL error queue and describes its first entry. */
    private static IllegalStateException failure(String what) {
        long e = LibCrypto.ERR_get_error();
        String detail = "";
        if (e != 0) {
            try (Scratch s = new Scratch()) {
                MemorySegment buf = s.allocate(256);
                LibCrypto.ERR_error_string_n(e, buf, 256);
                detail = ": " + buf.getString(0);
            }
        }
        LibCrypto.ERR_clear_error();
        return new IllegalStateException("OpenSSL " + what + " failed" + detail);
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
