package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.gkm.crypto.openssl.OpenSslSupport.failure;
import static org.gkm.crypto.openssl.OpenSslSupport.ready;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;

/**
 * RSA key generation and RSA-OAEP (SHA-256, MGF1-SHA-256) for {@link OpenSslProvider}, over keys
 * decoded once per key value ({@link EvpKeys}): decoding DER and setting up blinding cost more than
 * an OAEP encryption.
 */
final class OpenSslRsa {
    private static final MemorySegment NULL = MemorySegment.NULL;
    private static final int MAX_RSA_BITS = 16384;
    private static final byte[] EMPTY = new byte[0];

    private OpenSslRsa() {}

    static byte[][] rsaGenerate(int bits) {
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

    static byte[] rsaPublicKey(byte[] pkcs8PrivateKey) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        MemorySegment pk = EvpKeys.rsaPrivate(pkcs8PrivateKey);
        try {
            return spki(pk);
        } finally {
            LibCrypto.EVP_PKEY_free(pk);
        }
    }

    static byte[] rsaOaepEncrypt(byte[] spkiPublicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(spkiPublicKey, "spkiPublicKey");
        Objects.requireNonNull(plaintext, "plaintext");
        return EvpKeys.withEncoded(spkiPublicKey, EvpKeys.RSA_PUBLIC, pk -> encrypt(pk, plaintext, label));
    }

    static byte[] rsaOaepEncrypt(KeyMaterial publicKey, byte[] plaintext, byte[] label) throws InvalidKeyException {
        ready();
        Objects.requireNonNull(plaintext, "plaintext");
        return EvpKeys.with(publicKey, EvpKeys.RSA_PUBLIC, pk -> encrypt(pk, plaintext, label));
    }

    static byte[] rsaOaepDecrypt(byte[] pkcs8PrivateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        ready();
        Objects.requireNonNull(pkcs8PrivateKey, "pkcs8PrivateKey");
        Objects.requireNonNull(ciphertext, "ciphertext");
        return EvpKeys.withEncoded(pkcs8PrivateKey, EvpKeys.RSA_PRIVATE, pk -> decrypt(pk, ciphertext, label));
    }

    static byte[] rsaOaepDecrypt(KeyMaterial privateKey, byte[] ciphertext, byte[] label)
            throws InvalidCiphertextException, InvalidKeyException {
        ready();
        Objects.requireNonNull(ciphertext, "ciphertext");
        return EvpKeys.with(privateKey, EvpKeys.RSA_PRIVATE, pk -> decrypt(pk, ciphertext, label));
    }

    /** One downcall on an encryption context the prepared key keeps. */
    private static byte[] encrypt(MemorySegment pk, byte[] plaintext, byte[] label) {
        byte[] out = new byte[GkmNative.gkm_pkey_size(pk)];
        if (plaintext.length > out.length - 66) {
            throw new IllegalArgumentException("RSA-OAEP plaintext longer than " + (out.length - 66) + " bytes");
        }
        int n = GkmNative.gkm_rsa_oaep_encrypt(pk, label == null ? EMPTY : label, plaintext, out);
        if (n != out.length) {
            throw new IllegalStateException("RSA-OAEP encryption failed: " + OpenSslSupport.nativeError(n));
        }
        return out;
    }

    /** One downcall on a decryption context the prepared key keeps; every failure is one answer. */
    private static byte[] decrypt(MemorySegment pk, byte[] ciphertext, byte[] label) throws InvalidCiphertextException {
        int k = GkmNative.gkm_pkey_size(pk);
        if (ciphertext.length != k) {
            throw new InvalidCiphertextException("RSA-OAEP decryption failed");
        }
        byte[] out = new byte[k];
        int n = GkmNative.gkm_rsa_oaep_decrypt(pk, label == null ? EMPTY : label, ciphertext, out);
        if (n == GkmNative.ERR_INTEGRITY) {
            throw new InvalidCiphertextException("RSA-OAEP decryption failed");
        }
        if (n < 0 || n > k) {
            throw new IllegalStateException("RSA-OAEP decryption failed: " + OpenSslSupport.nativeError(n));
        }
        byte[] plain = java.util.Arrays.copyOf(out, n);
        java.util.Arrays.fill(out, (byte) 0);
        return plain;
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
}
