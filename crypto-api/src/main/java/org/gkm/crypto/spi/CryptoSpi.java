package org.gkm.crypto.spi;

import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.KeyWrapBatch;

/**
 * The raw operations a crypto provider implements (OpenSSL through FFM, or pure Java).
 *
 * <p>This is the whole provider SPI. Everything callers touch ({@link org.gkm.crypto.CryptoProvider}
 * and its primitives) is built in {@code crypto-api} on top of it, so that input validation,
 * encodings (SPKI, SEC1, DER signatures), the all-zero shared-secret check and HPKE are written
 * once and the two providers cannot disagree on them. An implementation may therefore assume the
 * preconditions stated on each method; they have been checked in Java before the call. It must
 * still never crash the JVM on any input (defence in depth), must be stateless and thread-safe, and
 * must draw randomness only from its own CSPRNG.
 *
 * <p>Failures that depend on secret or attacker-controlled data (tag mismatch, integrity check,
 * padding) are reported by throwing {@link InvalidCiphertextException} or returning {@code false};
 * messages never contain key or plaintext bytes.
 *
 * <p>Key encodings used throughout: X25519 and Ed25519 private and public keys are the raw 32 bytes
 * of RFC 7748 / RFC 8032; P-256 private keys are the 32-byte big-endian scalar d with 1 &lt;= d &lt; n;
 * P-256 public keys are 65-byte uncompressed SEC1 points already checked to be on the curve; RSA
 * private keys are PKCS#8 DER, RSA public keys X.509 SubjectPublicKeyInfo DER.
 *
 * <p>Operations on asymmetric keys come in two forms: on the encodings ({@code byte[]}), and on the
 * key values ({@link KeyMaterial}), which is what crypto-api's primitives call. The second lets a
 * provider parse a key once and keep its parsed form with the key; its defaults call the first on
 * the encoding, so a provider that keeps nothing need not override them. Both forms of one
 * operation give identical results, rejections included. Operations under secret keys that a key
 * is used for many times (HMAC, AES-GCM) have a key-value form too, for a {@link
 * org.gkm.crypto.SecretBytes} and the forms prepared of it.
 */
public interface CryptoSpi {

    /** Short provider name: {@code "openssl"} or {@code "java"}. */
    String name();

    /**
     * Whether this provider can run here, and why not. Must not throw. A provider that is not
     * available is never handed out by {@link org.gkm.crypto.CryptoProviders}.
     */
    Availability availability();

    /** Human-readable facts for the self-test report: library versions, CPU features used. */
    java.util.Map<String, String> details();

    // ---- key wrap (RFC 3394 / RFC 5649) ----

    /** Wraps; kek is 16, 24 or 32 bytes, key length valid for {@code alg}. */
    byte[] keyWrap(KeyWrapAlgorithm alg, byte[] kek, byte[] key);

    /** Unwraps; kek is 16, 24 or 32 bytes, wrapped length valid for {@code alg}. */
    byte[] keyUnwrap(KeyWrapAlgorithm alg, byte[] kek, byte[] wrapped) throws InvalidCiphertextException;

    /**
     * Wraps every job of a batch whose layout {@link KeyWrapBatch#validate} accepted: writes each
     * output and its length, and status 0 per job. The batch's arrays may change under the call
     * (another thread): an implementation reads each job's layout once, checks what it read and uses
     * only that, and refuses a layout that fails the checks with an {@link IllegalArgumentException}
     * before writing anything.
     */
    void keyWrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch);

    /**
     * Unwraps every job of a validated batch. A job whose integrity check fails gets status 1, its
     * whole output region (input length - 8 bytes) zeroed and output length 0; others status 0.
     * The layout is read and checked as for {@link #keyWrapBatch}.
     *
     * @return the number of failed jobs
     */
    int keyUnwrapBatch(KeyWrapAlgorithm alg, KeyWrapBatch batch);

    // ---- AES-GCM with an explicit nonce (the managed-nonce Aead is built on this) ----

    /**
     * AES-GCM encryption with a 16-byte tag. key is 16, 24 or 32 bytes; nonce at least 1 byte.
     *
     * @return ciphertext || tag
     */
    byte[] gcmSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext);

    /** AES-GCM decryption; {@code ciphertextAndTag} is at least 16 bytes. */
    byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException;

    /**
     * {@link #gcmSeal(byte[], byte[], byte[], byte[])} under a key value (a {@link
     * org.gkm.crypto.SecretBytes} AEAD key), so that a provider can prepare the key once (AES key
     * schedule, GHASH key) and keep that form with it. The default runs the {@code byte[]} form on
     * the key's bytes; both give identical output for every nonce length, and the same exceptions.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    default byte[] gcmSeal(KeyMaterial key, byte[] nonce, byte[] aad, byte[] plaintext) {
        return gcmSeal(key.encoded(), nonce, aad, plaintext);
    }

    /**
     * {@link #gcmOpen(byte[], byte[], byte[], byte[])} under a key value; see {@link
     * #gcmSeal(KeyMaterial, byte[], byte[], byte[])}. Refuses exactly what the {@code byte[]} form
     * refuses, with the same exception.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    default byte[] gcmOpen(KeyMaterial key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag)
            throws InvalidCiphertextException {
        return gcmOpen(key.encoded(), nonce, aad, ciphertextAndTag);
    }

    /**
     * {@link #gcmOpen(KeyMaterial, byte[], byte[], byte[])} of {@code input[offset, offset+length)}
     * (range checked by the caller, at least 16 bytes), so that a message's ciphertext and tag can be
     * opened where they sit, after its nonce. The default copies a range that is not the whole
     * array; providers override it to read the array in place. Same output and refusals as the other
     * forms.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    default byte[] gcmOpen(KeyMaterial key, byte[] nonce, byte[] aad, byte[] input, int offset, int length)
            throws InvalidCiphertextException {
        return gcmOpen(key, nonce, aad, offset == 0 && length == input.length
                ? input : java.util.Arrays.copyOfRange(input, offset, offset + length));
    }

    // ---- X25519 / P-256 ----

    /** Raw X25519 (RFC 7748); may return all zeros (the caller rejects that). */
    byte[] x25519(byte[] privateKey, byte[] publicKey);

    /** X25519 public key of a private key. */
    byte[] x25519PublicKey(byte[] privateKey);

    /**
     * X25519 public keys of {@code count} private keys in one call: for {@code 0 <= i < count},
     * writes X25519(k_i, 9) of the private key {@code privateKeys[privateOffset + 32i, +32)} to
     * {@code publicKeys[publicOffset + 32i, +32)}, byte for byte what {@link #x25519PublicKey} gives
     * for that key, and writes nothing else. The layout passed {@link X25519Batch#check} (count in
     * [1, {@link X25519Batch#MAX_KEYS}], regions inside their arrays and disjoint).
     *
     * <p>This default loops over {@link #x25519PublicKey}, copying each key through one scratch
     * array that it zeroes afterwards. Providers override it where one call per batch is cheaper
     * (the OpenSSL provider: one downcall instead of four per key).
     *
     * @throws IllegalArgumentException if the layout fails {@link X25519Batch#check} (nothing written)
     */
    default void x25519PublicKeys(byte[] privateKeys, int privateOffset, byte[] publicKeys, int publicOffset, int count) {
        String bad = X25519Batch.check(privateKeys, privateOffset, publicKeys, publicOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        final int k = X25519Batch.KEY_LENGTH;
        byte[] sk = new byte[k];
        try {
            for (int i = 0; i < count; i++) {
                System.arraycopy(privateKeys, privateOffset + i * k, sk, 0, k);
                System.arraycopy(x25519PublicKey(sk), 0, publicKeys, publicOffset + i * k, k);
            }
        } finally {
            java.util.Arrays.fill(sk, (byte) 0);
        }
    }

    /** P-256 ECDH: the 32-byte x coordinate of d*Q. */
    byte[] p256Ecdh(byte[] privateScalar, byte[] publicPointUncompressed);

    /** P-256 public key d*G as a 65-byte uncompressed point. */
    byte[] p256PublicKey(byte[] privateScalar);

    // ---- signatures ----

    /** Ed25519 public key of a 32-byte private key (seed). */
    byte[] ed25519PublicKey(byte[] privateKey);

    /** Ed25519 signature (64 bytes), RFC 8032 (pure, no context). */
    byte[] ed25519Sign(byte[] privateKey, byte[] message);

    /** Ed25519 verification; public key is any 32 bytes, signature exactly 64 bytes. */
    boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature);

    /** ECDSA P-256 with SHA-256, signature as r||s, 64 bytes (IEEE P1363). */
    byte[] ecdsaP256Sign(byte[] privateScalar, byte[] message);

    /**
     * ECDSA P-256 with SHA-256 verification of an r||s signature (64 bytes) whose r and s are both
     * in [1, n-1] (checked by the caller).
     */
    boolean ecdsaP256Verify(byte[] publicPointUncompressed, byte[] message, byte[] signatureP1363);

    // ---- RSA-OAEP (SHA-256, MGF1-SHA-256) ----

    /** Generates an RSA key pair (e = 65537) of {@code bits}; returns {PKCS#8 private, SPKI public}. */
    byte[][] rsaGenerate(int bits);

    /** SPKI public key of a PKCS#8 RSA private key; an undecodable key is an InvalidKeyException. */
    byte[] rsaPublicKey(byte[] pkcs8PrivateKey) throws org.gkm.crypto.InvalidKeyException;

    /** RSA-OAEP encryption; plaintext length at most k - 66. */
    byte[] rsaOaepEncrypt(byte[] spkiPublicKey, byte[] plaintext, byte[] label)
            throws org.gkm.crypto.InvalidKeyException;

    /** RSA-OAEP decryption; any failure (length, padding, label) is one InvalidCiphertextException. */
    byte[] rsaOaepDecrypt(byte[] pkcs8PrivateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, org.gkm.crypto.InvalidKeyException;

    // ---- the same operations on key values (parsed once per key; see KeyMaterial) ----

    /** {@link #x25519(byte[], byte[])} on key values. */
    default byte[] x25519(KeyMaterial privateKey, KeyMaterial publicKey) throws org.gkm.crypto.InvalidKeyException {
        return x25519(privateKey.encoded(), publicKey.encoded());
    }

    /** {@link #p256Ecdh(byte[], byte[])} on key values. */
    default byte[] p256Ecdh(KeyMaterial privateKey, KeyMaterial publicKey) throws org.gkm.crypto.InvalidKeyException {
        return p256Ecdh(privateKey.encoded(), publicKey.encoded());
    }

    /** {@link #ed25519Sign(byte[], byte[])} on a key value. */
    default byte[] ed25519Sign(KeyMaterial privateKey, byte[] message) throws org.gkm.crypto.InvalidKeyException {
        return ed25519Sign(privateKey.encoded(), message);
    }

    /** {@link #ed25519Verify(byte[], byte[], byte[])} on a key value. */
    default boolean ed25519Verify(KeyMaterial publicKey, byte[] message, byte[] signature)
            throws org.gkm.crypto.InvalidKeyException {
        return ed25519Verify(publicKey.encoded(), message, signature);
    }

    /** {@link #ecdsaP256Sign(byte[], byte[])} on a key value. */
    default byte[] ecdsaP256Sign(KeyMaterial privateKey, byte[] message) throws org.gkm.crypto.InvalidKeyException {
        return ecdsaP256Sign(privateKey.encoded(), message);
    }

    /** {@link #ecdsaP256Verify(byte[], byte[], byte[])} on a key value. */
    default boolean ecdsaP256Verify(KeyMaterial publicKey, byte[] message, byte[] signatureP1363)
            throws org.gkm.crypto.InvalidKeyException {
        return ecdsaP256Verify(publicKey.encoded(), message, signatureP1363);
    }

    /** {@link #rsaOaepEncrypt(byte[], byte[], byte[])} on a key value. */
    default byte[] rsaOaepEncrypt(KeyMaterial publicKey, byte[] plaintext, byte[] label)
            throws org.gkm.crypto.InvalidKeyException {
        return rsaOaepEncrypt(publicKey.encoded(), plaintext, label);
    }

    /** {@link #rsaOaepDecrypt(byte[], byte[], byte[])} on a key value. */
    default byte[] rsaOaepDecrypt(KeyMaterial privateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, org.gkm.crypto.InvalidKeyException {
        return rsaOaepDecrypt(privateKey.encoded(), ciphertext, label);
    }

    // ---- HMAC / HKDF / random ----

    /** HMAC-SHA256 over msg with a key of any length (including empty). */
    byte[] hmacSha256(byte[] key, byte[] message);

    /**
     * HMAC-SHA256 over {@code message[offset, offset+length)} (range checked by the caller), without
     * copying it: a rekey envelope MACs and hashes megabytes in place. The default copies the range;
     * providers override it to read the array in place.
     */
    default byte[] hmacSha256(byte[] key, byte[] message, int offset, int length) {
        return hmacSha256(key, java.util.Arrays.copyOfRange(message, offset, offset + length));
    }

    /**
     * {@link #hmacSha256(byte[], byte[], int, int)} under a key value (a {@link
     * org.gkm.crypto.SecretBytes} MAC key), so that a provider can prepare the key once (HMAC's
     * inner and outer hash states) and keep that form with it. The default runs the {@code byte[]}
     * form on the key's bytes; both give identical tags.
     *
     * @throws IllegalStateException if the key was destroyed
     */
    default byte[] hmacSha256(KeyMaterial key, byte[] message, int offset, int length) {
        byte[] k = key.encoded();
        return offset == 0 && length == message.length
                ? hmacSha256(k, message)
                : hmacSha256(k, message, offset, length);
    }

    /** HKDF-SHA256 extract (RFC 5869); salt may be empty (treated as 32 zero bytes). */
    byte[] hkdfExtract(byte[] salt, byte[] ikm);

    /** HKDF-SHA256 expand; prk at least 32 bytes, 0 &lt; length &lt;= 255*32. */
    byte[] hkdfExpand(byte[] prk, byte[] info, int length);

    /**
     * HKDF-SHA256 extract then expand (RFC 5869) in one call: {@code hkdfExpand(hkdfExtract(salt,
     * ikm), info, length)}; salt may be empty, 0 &lt; length &lt;= 255*32. This default does exactly
     * that and zeroes the PRK; providers override it where one call is cheaper (the OpenSSL
     * provider: one downcall, the PRK never leaving native code).
     */
    default byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        byte[] prk = hkdfExtract(salt, ikm);
        try {
            return hkdfExpand(prk, info, length);
        } finally {
            java.util.Arrays.fill(prk, (byte) 0);
        }
    }

    /**
     * One-block HKDF-SHA256 expand under each of {@code count} 32-byte PRKs with the same
     * {@code info}: for {@code 0 <= i < count}, writes {@code hkdfExpand(prk_i, info, 32)} of the PRK
     * {@code prks[prkOffset + 32i, +32)} to {@code out[outOffset + 32i, +32)}, and nothing else. The
     * layout passed {@link HkdfBatch#check} (count in [1, {@link HkdfBatch#MAX_KEYS}], info at most
     * {@link HkdfBatch#MAX_INFO} bytes, regions inside their arrays and disjoint).
     *
     * <p>This default loops over {@link #hkdfExpand}, copying each PRK through one scratch array that
     * it zeroes afterwards. Providers override it where one call per batch is cheaper (the OpenSSL
     * provider: one downcall, and HMAC on one reused digest context instead of a MAC context per key).
     *
     * @throws IllegalArgumentException if the layout fails {@link HkdfBatch#check} (nothing written)
     */
    default void hkdfExpandEach(byte[] prks, int prkOffset, byte[] info, byte[] out, int outOffset, int count) {
        String bad = HkdfBatch.check(prks, prkOffset, info, out, outOffset, count);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        final int k = HkdfBatch.KEY_LENGTH;
        byte[] prk = new byte[k];
        try {
            for (int i = 0; i < count; i++) {
                System.arraycopy(prks, prkOffset + i * k, prk, 0, k);
                byte[] okm = hkdfExpand(prk, info, k);
                System.arraycopy(okm, 0, out, outOffset + i * k, k);
                java.util.Arrays.fill(okm, (byte) 0);
            }
        } finally {
            java.util.Arrays.fill(prk, (byte) 0);
        }
    }

    /** Fills {@code buf[off, off+len)} from the provider's CSPRNG. */
    void randomBytes(byte[] buf, int off, int len);
}
