package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
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
        return EvpKeys.withEncoded(pkcs8PrivateKey, EvpKeys.RSA_PRIVATE, OpenSslRsa::spki);
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

    private static byte[] encrypt(MemorySegment pk, byte[] plaintext, byte[] label) {
        int k = LibCrypto.EVP_PKEY_get_size(pk);
        if (k <= 66 || plaintext.length > k - 66) {
            throw new IllegalArgumentException("RSA-OAEP plaintext longer than " + (k - 66) + " bytes");
        }
        MemorySegment ctx = oaepContext(pk, true, label);
        try (Scratch s = new Scratch()) {
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
        }
    }

    private static byte[] decrypt(MemorySegment pk, byte[] ciphertext, byte[] label) throws InvalidCiphertextException {
        int k = LibCrypto.EVP_PKEY_get_size(pk);
        if (ciphertext.length != k) {
            throw new InvalidCiphertextException("RSA-OAEP decryption failed");
        }
        MemorySegment ctx = oaepContext(pk, false, label);
        try (Scratch s = new Scratch()) {
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
