package org.gkm.crypto.java;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;
import org.gkm.crypto.spi.Availability;
import org.gkm.crypto.spi.CryptoSpi;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.X25519Batch;

/**
 * The pure-Java provider: the JDK's own providers (SunJCE, SunRsaSign) wherever they have
 * the primitive and are fast, the Bouncy Castle lightweight API where they are not.
 *
 * <p>Choices (figures, JDK 17: docs/performance-notes.md#pure-java-provider):
 * <ul>
 *   <li>AES-KW/KWP: SunJCE "AES/KW/NoPadding", "AES/KWP/NoPadding" (RFC 3394 / 5649 byte for
 *       byte; AES-NI intrinsics, far faster than BC's table-driven AES).
 *   <li>AES-GCM, HMAC-SHA256, RSA-OAEP: SunJCE / SunRsaSign (intrinsics; BC's HMac is several
 *       times slower).
 *   <li>X25519: BC rfc7748.X25519 (faster than SunEC XDH with its key-spec conversions), with
 *       RFC 7748 decoding of non-canonical u for free.
 *   <li>P-256 ECDH and ECDSA: BC over the custom SecP256R1 curve. SunEC rejects valid ECDSA
 *       signatures whose k*G has x >= n (Wycheproof ecdsa_secp256r1_sha256 tcId 350, 479) and
 *       is slower.
 *   <li>Ed25519: BC rfc8032.Ed25519 (an order of magnitude faster than SunEC).
 *   <li>P-256 public key d*G: BC fixed-point comb over the custom SecP256R1 curve (the JCA has
 *       no public-from-private operation).
 * </ul>
 *
 * <p>Stateless and thread-safe: JCA engine objects live in per-thread caches and are re-initialised
 * on every call; BC's static functions have no mutable state. Randomness comes only from one DRBG.
 */
public final class PureJavaProvider implements CryptoSpi {

    private static final int GCM_TAG_BITS = 128;
    private static final byte[] ONE_ZERO_BYTE = new byte[1];
    private static final OAEPParameterSpec OAEP_NO_LABEL = new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    public PureJavaProvider() {}

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Availability availability() {
        try {
            Jca.engines(); // loads the JCA providers and the DRBG
            return Availability.yes("pure Java: JCA (SunJCE, SunRsaSign) + Bouncy Castle " + Bc.VERSION);
        } catch (Throwable t) { // must not throw; a missing JDK provider or BC jar lands here
            return Availability.no("pure Java provider cannot start: " + t, t);
        }
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jdk", Runtime.version().toString());
        m.put("jdk.vendor", System.getProperty("java.vendor", "unknown"));
        m.put("bouncycastle", Bc.VERSION);
        m.put("random", Jca.RNG.getAlgorithm() + " (" + Jca.RNG + ")");
        m.put("aes-kw", "SunJCE AES/KW/NoPadding");
        m.put("aes-kwp", "SunJCE AES/KWP/NoPadding");
        m.put("aes-gcm", "SunJCE AES/GCM/NoPadding");
        m.put("x25519", "Bouncy Castle rfc7748.X25519");
        m.put("ed25519", "Bouncy Castle rfc8032.Ed25519");
        m.put("p256-ecdh", "Bouncy Castle SecP256R1");
        m.put("p256-ecdsa", "Bouncy Castle ECDSASigner (SecP256R1)");
        m.put("p256-public-key", "Bouncy Castle FixedPointCombMultiplier (SecP256R1)");
        m.put("rsa-oaep", "SunJCE RSA/ECB/OAEPPadding (SHA-256, MGF1-SHA-256), keys SunRsaSign");
        m.put("hmac-sha256", "SunJCE HmacSHA256");
        m.put("hkdf-sha256", "RFC 5869 over SunJCE HmacSHA256");
        // AES-NI, CLMUL and SHA use is HotSpot's choice (intrinsics), not visible through a public API.
        m.put("os.arch", System.getProperty("os.arch", "unknown"));
        return Collections.unmodifiableMap(m);
    }

    // ---- key wrap ----

    @Override
    public byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key) {
        Jca.PerThread t = Jca.engines();
        Cipher c = t.keyWrap(alg == KeyWrapAlgorithm.AES_KWP);
        Jca.KekKey k = t.kek();
        try {
            initAes(c, Cipher.ENCRYPT_MODE, k.set(kek, 0, kek.length));
            return c.doFinal(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " wrap failed on validated input", e);
        } finally {
            k.clear();
        }
    }

    @Override
    public byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) throws InvalidCiphertextException {
        Jca.PerThread t = Jca.engines();
        Cipher c = t.keyWrap(alg == KeyWrapAlgorithm.AES_KWP);
        Jca.KekKey k = t.kek();
        try {
            initAes(c, Cipher.DECRYPT_MODE, k.set(kek, 0, kek.length));
            return c.doFinal(wrapped);
        } catch (GeneralSecurityException e) { // integrity check, or KWP length/padding check
            throw new InvalidCiphertextException("key unwrap failed");
        } finally {
            k.clear();
        }
    }

    /**
     * SunJCE's KW/KWP wrap (JDK 17 through 25) throws ArrayIndexOutOfBoundsException when asked to
     * write at a non-zero output offset and the padded key length is 8 mod 16 (KW: 24, 40, 56 ...
     * bytes; KWP: 1-8, 17-24, 33-40 ... bytes): it sizes an internal buffer for whole AES blocks.
     * Unwrap is unaffected, and so is every output at offset 0 (probed on both JDKs for every
     * length up to 72 and several offsets; docs/architecture.md). Only those jobs wrap into the
     * per-thread scratch array and are copied; the rest (16- and 32-byte keys among them) wrap in
     * place.
     */
    private static boolean sunJceWrapsInPlace(int outOffset, int keyLength) {
        return outOffset == 0 || (((keyLength + 7) & ~7) & 15) == 0;
    }

    /**
     * Wraps job after job with this thread's cached SunJCE cipher (the reference implementation the
     * differential tests compare the OpenSSL kernel against): a key schedule only when a job's KEK
     * region differs from the previous job's. The layout is read once into a private
     * {@link BatchJobs} copy and checked before any job runs, so a bad layout, or another thread
     * changing the arrays, gets an {@link IllegalArgumentException} with nothing written.
     */
    @Override
    public void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        final BatchJobs jobs = BatchJobs.snapshot(alg, false, batch);
        Jca.PerThread t = Jca.engines();
        Cipher c = t.keyWrap(alg == KeyWrapAlgorithm.AES_KWP);
        Jca.KekKey key = t.kek();
        final byte[] keks = batch.keks();
        final byte[] in = batch.inputs();
        final byte[] out = batch.outputs();
        final int[] outLen = batch.outputLengths();
        final byte[] status = batch.status();
        long lastKek = NO_KEK;
        try {
            for (int i = 0; i < jobs.count(); i++) {
                lastKek = selectKek(c, Cipher.ENCRYPT_MODE, key, keks, jobs, i, lastKek);
                final int inOff = jobs.inputOffset(i);
                final int inLen = jobs.inputLength(i);
                final int o = jobs.outputOffset(i);
                if (sunJceWrapsInPlace(o, inLen)) {
                    outLen[i] = c.doFinal(in, inOff, inLen, out, o);
                } else {
                    // After the wrap the scratch holds only ciphertext (every semiblock is
                    // overwritten), nothing secret.
                    byte[] scratch = t.scratch(alg.wrappedLength(inLen));
                    int n = c.doFinal(in, inOff, inLen, scratch, 0);
                    System.arraycopy(scratch, 0, out, o, n);
                    outLen[i] = n;
                }
                status[i] = 0;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " wrap failed on a validated batch", e);
        } finally {
            key.clear();
        }
    }

    /**
     * Unwraps job after job like {@link #keyWrapBatch}, from a private, checked copy of the layout.
     * A job whose integrity check fails gets its region zeroed, length 0 and status 1.
     */
    @Override
    public int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch) {
        final BatchJobs jobs = BatchJobs.snapshot(alg, true, batch);
        Jca.PerThread t = Jca.engines();
        Cipher c = t.keyWrap(alg == KeyWrapAlgorithm.AES_KWP);
        Jca.KekKey key = t.kek();
        final byte[] keks = batch.keks();
        final byte[] in = batch.inputs();
        final byte[] out = batch.outputs();
        final int[] outLen = batch.outputLengths();
        final byte[] status = batch.status();
        int failures = 0;
        long lastKek = NO_KEK;
        try {
            for (int i = 0; i < jobs.count(); i++) {
                lastKek = selectKek(c, Cipher.DECRYPT_MODE, key, keks, jobs, i, lastKek);
                final int inLen = jobs.inputLength(i);
                final int o = jobs.outputOffset(i);
                int region = inLen - 8;
                try {
                    int n = c.doFinal(in, jobs.inputOffset(i), inLen, out, o);
                    if (n < region) { // KWP: clear the rest of the region so its content is defined
                        Arrays.fill(out, o + n, o + region, (byte) 0);
                    }
                    outLen[i] = n;
                    status[i] = 0;
                } catch (ShortBufferException e) {
                    throw new IllegalStateException(alg + " unwrap: output region too short for job " + i, e);
                } catch (GeneralSecurityException e) { // integrity check (or KWP length/padding check)
                    Arrays.fill(out, o, o + region, (byte) 0);
                    outLen[i] = 0;
                    status[i] = 1;
                    failures++;
                    lastKek = NO_KEK; // re-init after a failure rather than trust the engine's reset
                }
            }
        } finally {
            key.clear();
        }
        return failures;
    }

    /** A KEK region no job has: the next job keys the cipher. */
    private static final long NO_KEK = -1;

    /**
     * Keys {@code c} for job {@code i}'s KEK unless the job names the same KEK region as the
     * previous one ({@code lastKek}): a JCA cipher returns to its initialised state after doFinal,
     * so jobs under one KEK region share a key schedule (only the layout is compared, not bytes).
     * Returns job i's region, the next job's {@code lastKek}.
     */
    private static long selectKek(Cipher c, int mode, Jca.KekKey key, byte[] keks, BatchJobs jobs, int i,
            long lastKek) {
        long region = jobs.kekRegion(i);
        if (region != lastKek) {
            initAes(c, mode, key.set(keks, jobs.kekOffset(i), jobs.kekLength(i)));
        }
        return region;
    }

    private static void initAes(Cipher c, int mode, javax.crypto.SecretKey key) {
        try {
            c.init(mode, key, Jca.RNG);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("AES key rejected", e);
        }
    }

    // ---- AES-GCM ----

    @Override
    public byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        Jca.PerThread t = Jca.engines();
        Cipher c = t.gcm();
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        GCMParameterSpec p = new GCMParameterSpec(GCM_TAG_BITS, nonce);
        try {
            try {
                c.init(Cipher.ENCRYPT_MODE, k, p, Jca.RNG);
            } catch (InvalidAlgorithmParameterException sameKeyAndIvAsLastTime) {
                c = t.freshGcm();
                c.init(Cipher.ENCRYPT_MODE, k, p, Jca.RNG);
            }
            if (aad != null && aad.length > 0) {
                c.updateAAD(aad);
            }
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed on validated input", e);
        }
    }

    @Override
    public byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        Cipher c = Jca.engines().gcm();
        try {
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(GCM_TAG_BITS, nonce), Jca.RNG);
            if (aad != null && aad.length > 0) {
                c.updateAAD(aad);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM init failed on validated input", e);
        }
        try {
            return c.doFinal(ciphertextAndTag);
        } catch (GeneralSecurityException e) { // AEADBadTagException, or a too-short input
            throw new InvalidCiphertextException("AES-GCM decryption failed");
        }
    }

    // ---- X25519 / P-256 ----

    @Override
    public byte[] x25519(byte[] privateKey, byte[] publicKey) {
        byte[] r = new byte[X25519.POINT_SIZE];
        X25519.scalarMult(privateKey, 0, publicKey, 0, r, 0);
        return r;
    }

    @Override
    public byte[] x25519PublicKey(byte[] privateKey) {
        byte[] r = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(privateKey, 0, r, 0);
        return r;
    }

    /**
     * BC's scalarMultBase straight between the caller's arrays at their offsets: no output array
     * or key copy per key here (BC clamps its own copy of the scalar, as in the single call).
     */
    @Override
    public void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        String bad = X25519Batch.check(privateKeys, privateOffset, publicKeys, publicOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        for (int i = 0; i < count; i++) {
            X25519.scalarMultBase(privateKeys, privateOffset + i * X25519.SCALAR_SIZE, publicKeys,
                    publicOffset + i * X25519.POINT_SIZE);
        }
    }

    @Override
    public byte[] p256Ecdh(byte[] privateScalar, byte[] publicPointUncompressed) {
        // BC, not SunEC: several times faster (see the class javadoc)
        return Bc.p256Ecdh(privateScalar, Bc.P256.getCurve().decodePoint(publicPointUncompressed));
    }

    @Override
    public byte[] p256PublicKey(byte[] privateScalar) {
        return Bc.p256PublicKey(privateScalar);
    }

    // ---- signatures ----

    @Override
    public byte[] ed25519PublicKey(byte[] privateKey) {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, pk, 0);
        return pk;
    }

    @Override
    public byte[] ed25519Sign(byte[] privateKey, byte[] message) {
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /** Signs with the public key kept with the key value, so BC does not derive it again per signature. */
    @Override
    public byte[] ed25519Sign(KeyMaterial privateKey, byte[] message) throws InvalidKeyException {
        byte[] pk = privateKey.parsed(JavaKeyForms.ED25519_PRIVATE).value();
        byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey.encoded(), 0, pk, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** Verifies against the point decoded (and fully validated) once per key value. */
    @Override
    public boolean ed25519Verify(KeyMaterial publicKey, byte[] message, byte[] signature) throws InvalidKeyException {
        Ed25519.PublicPoint point = publicKey.parsed(JavaKeyForms.ED25519_PUBLIC).value();
        return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    @Override
    public byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message) {
        return Bc.ecdsaSign(privateScalar, message);
    }

    @Override
    public boolean ecdsaP256Verify(byte[] publicPointUncompressed, byte[] message, byte[] signatureP1363) {
        // BC, not SunEC: SunEC rejects valid signatures whose k*G has x >= n (Wycheproof
        // ecdsa_secp256r1_sha256 tcId 350, 479), and is slower
        return Bc.ecdsaVerify(p256PublicParameters(publicPointUncompressed), message, signatureP1363);
    }

    @Override
    public boolean ecdsaP256Verify(KeyMaterial publicKey, byte[] message, byte[] signatureP1363)
            throws InvalidKeyException {
        return Bc.ecdsaVerify(publicKey.parsed(JavaKeyForms.P256_PUBLIC).value(), message, signatureP1363);
    }

    @Override
    public byte[] p256Ecdh(KeyMaterial privateKey, KeyMaterial publicKey) throws InvalidKeyException {
        return Bc.p256Ecdh(privateKey.encoded(), publicKey.parsed(JavaKeyForms.P256_PUBLIC).value().getQ());
    }

    /** BC's parameters of a validated 65-byte uncompressed P-256 point. */
    static ECPublicKeyParameters p256PublicParameters(byte[] point) {
        return new ECPublicKeyParameters(Bc.P256.getCurve().decodePoint(point), Bc.DOMAIN);
    }

    // ---- RSA-OAEP ----

    @Override
    public byte[][] rsaGenerate(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", Jca.SUN_RSA_SIGN);
            g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), Jca.RNG);
            KeyPair kp = g.generateKeyPair();
            return new byte[][] {kp.getPrivate().getEncoded(), kp.getPublic().getEncoded()};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-" + bits + " key generation failed", e);
        }
    }

    @Override
    public byte[] rsaPublicKey(byte[] pkcs8PrivateKey) throws InvalidKeyException {
        KeyFactory kf = Jca.engines().rsaKeys();
        RSAPrivateKey k = rsaPrivate(kf, pkcs8PrivateKey);
        if (!(k instanceof RSAPrivateCrtKey)) {
            throw new InvalidKeyException("RSA private key lacks the public exponent (not a CRT key)");
        }
        RSAPrivateCrtKey crt = (RSAPrivateCrtKey) k;
        try {
            return kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("RSA private key has an unusable public part");
        }
    }

    @Override
    public byte[] rsaOaepEncrypt(byte[] spkiPublicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        return rsaOaepEncrypt(rsaPublic(spkiPublicKey), plaintext, label);
    }

    @Override
    public byte[] rsaOaepEncrypt(KeyMaterial publicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        return rsaOaepEncrypt(publicKey.parsed(JavaKeyForms.RSA_PUBLIC).value(), plaintext, label);
    }

    private static byte[] rsaOaepEncrypt(RSAPublicKey pub, byte[] plaintext, byte[] label) throws InvalidKeyException {
        Cipher c = Jca.engines().rsaOaep();
        try {
            c.init(Cipher.ENCRYPT_MODE, pub, oaep(label), Jca.RNG);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("RSA public key unusable for OAEP-SHA256", e);
        }
        try {
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed on validated input", e);
        }
    }

    /** Decodes an X.509 SubjectPublicKeyInfo RSA public key. */
    static RSAPublicKey rsaPublic(byte[] spkiPublicKey) throws InvalidKeyException {
        PublicKey pub;
        try {
            pub = Jca.engines().rsaKeys().generatePublic(new X509EncodedKeySpec(spkiPublicKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("not an RSA SubjectPublicKeyInfo", e);
        }
        if (!(pub instanceof RSAPublicKey) || !"RSA".equals(pub.getAlgorithm())) {
            throw new InvalidKeyException("not an RSA public key: " + pub.getAlgorithm());
        }
        return (RSAPublicKey) pub;
    }

    @Override
    public byte[] rsaOaepDecrypt(byte[] pkcs8PrivateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        return rsaOaepDecrypt(rsaPrivate(Jca.engines().rsaKeys(), pkcs8PrivateKey), ciphertext, label);
    }

    @Override
    public byte[] rsaOaepDecrypt(KeyMaterial privateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        return rsaOaepDecrypt(privateKey.parsed(JavaKeyForms.RSA_PRIVATE).value(), ciphertext, label);
    }

    private static byte[] rsaOaepDecrypt(RSAPrivateKey priv, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        Cipher c = Jca.engines().rsaOaep();
        try {
            c.init(Cipher.DECRYPT_MODE, priv, oaep(label), Jca.RNG);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("RSA private key unusable for OAEP-SHA256");
        }
        try {
            return c.doFinal(ciphertext);
        } catch (GeneralSecurityException | RuntimeException e) {
            // length, range, padding or label: one answer, no cause (its message says which check failed)
            throw new InvalidCiphertextException("RSA-OAEP decryption failed");
        }
    }

    static RSAPrivateKey rsaPrivate(KeyFactory kf, byte[] pkcs8) throws InvalidKeyException {
        PrivateKey k;
        try {
            k = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeyException("not an RSA PKCS#8 private key"); // no cause: it may quote key bytes
        }
        if (!(k instanceof RSAPrivateKey) || !"RSA".equals(k.getAlgorithm())) {
            throw new InvalidKeyException("not an RSA private key: " + k.getAlgorithm());
        }
        return (RSAPrivateKey) k;
    }

    private static OAEPParameterSpec oaep(byte[] label) {
        return label == null || label.length == 0
                ? OAEP_NO_LABEL
                : new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
    }

    // ---- HMAC / HKDF / random ----

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message) {
        Mac m = Jca.engines().hmac();
        initHmac(m, key);
        return m.doFinal(message);
    }

    @Override
    public byte[] hmacSha256(byte[] key, byte[] message, int offset, int length) {
        Mac m = Jca.engines().hmac();
        initHmac(m, key);
        m.update(message, offset, length);
        return m.doFinal();
    }

    @Override
    public byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        // An absent salt is HashLen zero bytes; as an HMAC key that pads to the same block as the
        // empty key, so the general path covers it.
        return hmacSha256(salt == null ? ONE_ZERO_BYTE : salt, ikm);
    }

    @Override
    public byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
        Mac m = Jca.engines().hmac();
        initHmac(m, prk);
        byte[] out = new byte[length];
        byte[] block = new byte[32];
        try {
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                if (i > 1) {
                    m.update(block);
                }
                if (info != null) {
                    m.update(info);
                }
                m.update((byte) i);
                m.doFinal(block, 0);
                int n = Math.min(32, length - pos);
                System.arraycopy(block, 0, out, pos, n);
                pos += n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(block, (byte) 0);
        }
        return out;
    }

    /**
     * HMAC keys shorter than the 64-byte block are zero-padded, so the empty key (which
     * SecretKeySpec refuses) is exactly the one-byte key {0}.
     */
    private static void initHmac(Mac m, byte[] key) {
        try {
            m.init(new SecretKeySpec(key.length == 0 ? ONE_ZERO_BYTE : key, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 key rejected", e);
        }
    }

    @Override
    public void randomBytes(byte[] buf, int off, int len) {
        if (off == 0 && len == buf.length) {
            Jca.RNG.nextBytes(buf);
            return;
        }
        byte[] tmp = new byte[len];
        Jca.RNG.nextBytes(tmp);
        System.arraycopy(tmp, 0, buf, off, len);
        Arrays.fill(tmp, (byte) 0);
    }

    @Override
    public String toString() {
        return "PureJavaProvider[java]";
    }

    /** Bouncy Castle pieces with static state, loaded on first use. */
    private static final class Bc {
        static final String VERSION = Jca.bouncyCastleVersion();
        static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
        private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

        static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);

        static byte[] p256PublicKey(byte[] scalar) {
            return COMB.multiply(P256.getG(), new BigInteger(1, scalar)).normalize().getEncoded(false);
        }

        static byte[] p256Ecdh(byte[] scalar, ECPoint q) {
            ECPoint r = q.multiply(new BigInteger(1, scalar)).normalize();
            if (r.isInfinity()) {
                throw new IllegalStateException("P-256 ECDH gave the point at infinity on validated input");
            }
            return BigIntegers.asUnsignedByteArray(32, r.getAffineXCoord().toBigInteger());
        }

        static byte[] ecdsaSign(byte[] scalar, byte[] message) {
            ECDSASigner signer = new ECDSASigner();
            signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, scalar), DOMAIN), Jca.RNG));
            BigInteger[] rs = signer.generateSignature(sha256(message));
            byte[] out = new byte[64];
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[1]), 0, out, 32, 32);
            return out;
        }

        static boolean ecdsaVerify(ECPublicKeyParameters key, byte[] message, byte[] rs) {
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(sha256(message),
                    new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)), new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)));
        }

        private static byte[] sha256(byte[] message) {
            SHA256Digest d = new SHA256Digest();
            d.update(message, 0, message.length);
            byte[] h = new byte[32];
            d.doFinal(h, 0);
            return h;
        }
    }
}
