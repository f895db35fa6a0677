package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written FFM bindings to the few libcrypto (OpenSSL 3) functions gkm uses, in the style
 * jextract generates: one static {@link MethodHandle} per function plus a static wrapper with the C
 * signature. C {@code int} is {@code int}, {@code long}/{@code unsigned long}/{@code size_t} are
 * {@code long} (LP64), pointers are {@link MemorySegment}.
 *
 * <p>Functions bound with {@code critical(true)} ("{@code _c}" handle names) are short, never call
 * back into Java and never block; they may be handed heap segments ({@link MemorySegment#ofArray})
 * which cross without copying. They are only used for symmetric work proportional to the data
 * (AES-GCM, AES key wrap, HMAC), never for public-key math or key generation.
 *
 * <p>Class initialization throws if libcrypto.so.3 or a symbol is missing; {@link NativeLoader}
 * initializes this class inside a catch-all and reports the failure.
 */
final class LibCrypto {
    private LibCrypto() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());

    /** Leaf calls on heap segments: no thread-state transition, heap access allowed. */
    private static final Linker.Option CRITICAL_HEAP = Linker.Option.critical(true);

    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libcrypto.so.3: symbol not found: " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    private static AssertionError fail(Throwable t) {
        return new AssertionError("downcall failed", t);
    }

    // ---- constants (from the OpenSSL 3.0 headers) ----

    static final int OPENSSL_VERSION = 0;
    static final int OPENSSL_VERSION_STRING = 6;
    static final int EVP_CIPHER_CTX_FLAG_WRAP_ALLOW = 0x1;
    static final int EVP_PKEY_RSA = 6;
    static final int EVP_PKEY_EC = 408;
    /** EVP_PKEY_KEYPAIR / EVP_PKEY_PUBLIC_KEY selections for EVP_PKEY_fromdata. */
    static final int EVP_PKEY_KEYPAIR = 0x87;
    static final int EVP_PKEY_PUBLIC_KEY = 0x86;
    /** OSSL_PARAM data types and layout ({@code struct ossl_param_st}, 40 bytes on LP64). */
    static final int OSSL_PARAM_UNSIGNED_INTEGER = 2;
    static final int OSSL_PARAM_UTF8_STRING = 4;
    static final int OSSL_PARAM_OCTET_STRING = 5;
    static final long OSSL_PARAM_SIZE = 40;
    static final long OSSL_PARAM_KEY = 0;
    static final long OSSL_PARAM_DATA_TYPE = 8;
    static final long OSSL_PARAM_DATA = 16;
    static final long OSSL_PARAM_DATA_SIZE = 24;
    static final long OSSL_PARAM_RETURN_SIZE = 32;

    // ---- version / errors / memory / random ----

    private static final MethodHandle OpenSSL_version_num$MH = downcall("OpenSSL_version_num",
            FunctionDescriptor.of(JAVA_LONG));

    static long OpenSSL_version_num() {
        try {
            return (long) OpenSSL_version_num$MH.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle OpenSSL_version$MH = downcall("OpenSSL_version",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    static MemorySegment OpenSSL_version(int type) {
        try {
            return (MemorySegment) OpenSSL_version$MH.invokeExact(type);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle ERR_get_error$MH = downcall("ERR_get_error",
            FunctionDescriptor.of(JAVA_LONG));

    static long ERR_get_error() {
        try {
            return (long) ERR_get_error$MH.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle ERR_clear_error$MH = downcall("ERR_clear_error",
            FunctionDescriptor.ofVoid());

    static void ERR_clear_error() {
        try {
            ERR_clear_error$MH.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle ERR_error_string_n$MH = downcall("ERR_error_string_n",
            FunctionDescriptor.ofVoid(JAVA_LONG, ADDRESS, JAVA_LONG));

    static void ERR_error_string_n(long e, MemorySegment buf, long len) {
        try {
            ERR_error_string_n$MH.invokeExact(e, buf, len);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle OPENSSL_cleanse$MH = downcall("OPENSSL_cleanse",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));

    static void OPENSSL_cleanse(MemorySegment ptr, long len) {
        try {
            OPENSSL_cleanse$MH.invokeExact(ptr, len);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // ---- digests / HMAC ----

    /** {@code unsigned char *HMAC(const EVP_MD *, const void *key, int key_len, const unsigned char *d, size_t n, unsigned char *md, unsigned int *md_len)}. */
    // ---- symmetric ciphers ----

    private static final MethodHandle EVP_CIPHER_fetch$MH = downcall("EVP_CIPHER_fetch",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    static MemorySegment EVP_CIPHER_fetch(MemorySegment libctx, MemorySegment algorithm, MemorySegment properties) {
        try {
            return (MemorySegment) EVP_CIPHER_fetch$MH.invokeExact(libctx, algorithm, properties);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_CIPHER_CTX_new$MH = downcall("EVP_CIPHER_CTX_new",
            FunctionDescriptor.of(ADDRESS));

    static MemorySegment EVP_CIPHER_CTX_new() {
        try {
            return (MemorySegment) EVP_CIPHER_CTX_new$MH.invokeExact();
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_CIPHER_CTX_free$MH = downcall("EVP_CIPHER_CTX_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    /** Frees (and cleanses: OpenSSL clears the key schedule) a cipher context; NULL is a no-op. */
    static void EVP_CIPHER_CTX_free(MemorySegment ctx) {
        try {
            EVP_CIPHER_CTX_free$MH.invokeExact(ctx);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_CIPHER_CTX_set_flags$MH = downcall("EVP_CIPHER_CTX_set_flags",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT), Linker.Option.critical(false));

    static void EVP_CIPHER_CTX_set_flags(MemorySegment ctx, int flags) {
        try {
            EVP_CIPHER_CTX_set_flags$MH.invokeExact(ctx, flags);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final FunctionDescriptor INIT_FD =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor UPDATE_FD =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT);

    private static final MethodHandle EVP_EncryptInit_ex$MH = downcall("EVP_EncryptInit_ex", INIT_FD, CRITICAL_HEAP);

    static int EVP_EncryptInit_ex(MemorySegment ctx, MemorySegment cipher, MemorySegment engine,
            MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_EncryptInit_ex$MH.invokeExact(ctx, cipher, engine, key, iv);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_EncryptUpdate$MH = downcall("EVP_EncryptUpdate", UPDATE_FD, CRITICAL_HEAP);

    static int EVP_EncryptUpdate(MemorySegment ctx, MemorySegment out, MemorySegment outl, MemorySegment in, int inl) {
        try {
            return (int) EVP_EncryptUpdate$MH.invokeExact(ctx, out, outl, in, inl);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_DecryptInit_ex$MH = downcall("EVP_DecryptInit_ex", INIT_FD, CRITICAL_HEAP);

    static int EVP_DecryptInit_ex(MemorySegment ctx, MemorySegment cipher, MemorySegment engine,
            MemorySegment key, MemorySegment iv) {
        try {
            return (int) EVP_DecryptInit_ex$MH.invokeExact(ctx, cipher, engine, key, iv);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_DecryptUpdate$MH = downcall("EVP_DecryptUpdate", UPDATE_FD, CRITICAL_HEAP);

    static int EVP_DecryptUpdate(MemorySegment ctx, MemorySegment out, MemorySegment outl, MemorySegment in, int inl) {
        try {
            return (int) EVP_DecryptUpdate$MH.invokeExact(ctx, out, outl, in, inl);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // ---- EVP_PKEY ----

    private static final MethodHandle EVP_PKEY_get_octet_string_param$MH = downcall(
            "EVP_PKEY_get_octet_string_param",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    static int EVP_PKEY_get_octet_string_param(MemorySegment pkey, MemorySegment name, MemorySegment buf,
            long max, MemorySegment outLen) {
        try {
            return (int) EVP_PKEY_get_octet_string_param$MH.invokeExact(pkey, name, buf, max, outLen);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_get_base_id$MH = downcall("EVP_PKEY_get_base_id",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    static int EVP_PKEY_get_base_id(MemorySegment pkey) {
        try {
            return (int) EVP_PKEY_get_base_id$MH.invokeExact(pkey);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_free$MH = downcall("EVP_PKEY_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    /** Frees a key (OpenSSL cleanses private material); NULL is a no-op. */
    static void EVP_PKEY_free(MemorySegment pkey) {
        try {
            EVP_PKEY_free$MH.invokeExact(pkey);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final FunctionDescriptor D2I_FD = FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    private static final FunctionDescriptor I2D_FD = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    private static final MethodHandle d2i_PUBKEY$MH = downcall("d2i_PUBKEY", D2I_FD);

    /** {@code EVP_PKEY *d2i_PUBKEY(EVP_PKEY **a, const unsigned char **pp, long length)}. */
    static MemorySegment d2i_PUBKEY(MemorySegment a, MemorySegment pp, long length) {
        try {
            return (MemorySegment) d2i_PUBKEY$MH.invokeExact(a, pp, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle i2d_PUBKEY$MH = downcall("i2d_PUBKEY", I2D_FD);

    static int i2d_PUBKEY(MemorySegment pkey, MemorySegment pp) {
        try {
            return (int) i2d_PUBKEY$MH.invokeExact(pkey, pp);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle d2i_PKCS8_PRIV_KEY_INFO$MH = downcall("d2i_PKCS8_PRIV_KEY_INFO", D2I_FD);

    static MemorySegment d2i_PKCS8_PRIV_KEY_INFO(MemorySegment a, MemorySegment pp, long length) {
        try {
            return (MemorySegment) d2i_PKCS8_PRIV_KEY_INFO$MH.invokeExact(a, pp, length);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle i2d_PKCS8_PRIV_KEY_INFO$MH = downcall("i2d_PKCS8_PRIV_KEY_INFO", I2D_FD);

    static int i2d_PKCS8_PRIV_KEY_INFO(MemorySegment p8, MemorySegment pp) {
        try {
            return (int) i2d_PKCS8_PRIV_KEY_INFO$MH.invokeExact(p8, pp);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY2PKCS8$MH = downcall("EVP_PKEY2PKCS8",
            FunctionDescriptor.of(ADDRESS, ADDRESS));

    static MemorySegment EVP_PKEY2PKCS8(MemorySegment pkey) {
        try {
            return (MemorySegment) EVP_PKEY2PKCS8$MH.invokeExact(pkey);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKCS82PKEY$MH = downcall("EVP_PKCS82PKEY",
            FunctionDescriptor.of(ADDRESS, ADDRESS));

    static MemorySegment EVP_PKCS82PKEY(MemorySegment p8) {
        try {
            return (MemorySegment) EVP_PKCS82PKEY$MH.invokeExact(p8);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle PKCS8_PRIV_KEY_INFO_free$MH = downcall("PKCS8_PRIV_KEY_INFO_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    /** Frees (and clears the private key octets of) a PKCS8_PRIV_KEY_INFO; NULL is a no-op. */
    static void PKCS8_PRIV_KEY_INFO_free(MemorySegment p8) {
        try {
            PKCS8_PRIV_KEY_INFO_free$MH.invokeExact(p8);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    // ---- EVP_PKEY_CTX ----

    private static final MethodHandle EVP_PKEY_CTX_new_id$MH = downcall("EVP_PKEY_CTX_new_id",
            FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));

    static MemorySegment EVP_PKEY_CTX_new_id(int id, MemorySegment engine) {
        try {
            return (MemorySegment) EVP_PKEY_CTX_new_id$MH.invokeExact(id, engine);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_CTX_new_from_name$MH = downcall("EVP_PKEY_CTX_new_from_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    static MemorySegment EVP_PKEY_CTX_new_from_name(MemorySegment libctx, MemorySegment name, MemorySegment propq) {
        try {
            return (MemorySegment) EVP_PKEY_CTX_new_from_name$MH.invokeExact(libctx, name, propq);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_fromdata_init$MH = downcall("EVP_PKEY_fromdata_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    static int EVP_PKEY_fromdata_init(MemorySegment ctx) {
        try {
            return (int) EVP_PKEY_fromdata_init$MH.invokeExact(ctx);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_fromdata$MH = downcall("EVP_PKEY_fromdata",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));

    /** {@code int EVP_PKEY_fromdata(EVP_PKEY_CTX *, EVP_PKEY **ppkey, int selection, OSSL_PARAM params[])}. */
    static int EVP_PKEY_fromdata(MemorySegment ctx, MemorySegment ppkey, int selection, MemorySegment params) {
        try {
            return (int) EVP_PKEY_fromdata$MH.invokeExact(ctx, ppkey, selection, params);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_CTX_free$MH = downcall("EVP_PKEY_CTX_free",
            FunctionDescriptor.ofVoid(ADDRESS));

    static void EVP_PKEY_CTX_free(MemorySegment ctx) {
        try {
            EVP_PKEY_CTX_free$MH.invokeExact(ctx);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final FunctionDescriptor CTX_INT_FD = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor CTX_INT_INT_FD = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor CTX_PTR_FD = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
    private static final FunctionDescriptor CTX_BUF_INT_FD = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    /** {@code int f(EVP_PKEY_CTX *, unsigned char *out, size_t *outlen, const unsigned char *in, size_t inlen)}. */
    private static final FunctionDescriptor CTX_CRYPT_FD =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);

    private static final MethodHandle EVP_PKEY_keygen_init$MH = downcall("EVP_PKEY_keygen_init", CTX_INT_FD);

    static int EVP_PKEY_keygen_init(MemorySegment ctx) {
        try {
            return (int) EVP_PKEY_keygen_init$MH.invokeExact(ctx);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_keygen$MH = downcall("EVP_PKEY_keygen", CTX_PTR_FD);

    static int EVP_PKEY_keygen(MemorySegment ctx, MemorySegment ppkey) {
        try {
            return (int) EVP_PKEY_keygen$MH.invokeExact(ctx, ppkey);
        } catch (Throwable t) {
            throw fail(t);
        }
    }

    private static final MethodHandle EVP_PKEY_CTX_set_rsa_keygen_bits$MH = downcall(
            "EVP_PKEY_CTX_set_rsa_keygen_bits", CTX_INT_INT_FD);

    static int EVP_PKEY_CTX_set_rsa_keygen_bits(MemorySegment ctx, int bits) {
        try {
            return (int) EVP_PKEY_CTX_set_rsa_keygen_bits$MH.invokeExact(ctx, bits);
        } catch (Throwable t) {
            throw fail(t);
        }
    }
}
