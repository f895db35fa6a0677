package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.gkm.crypto.openssl.OpenSslSupport.failure;

import java.lang.foreign.MemorySegment;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyMaterial;
import org.gkm.crypto.spi.KeyParser;

/**
 * Keys imported into OpenSSL {@code EVP_PKEY}s, and the parsers that keep them with key values.
 *
 * <p>A key value ({@link KeyMaterial}) is imported once, on first use, and kept with it in a
 * {@link NativeResource}: an {@code EVP_PKEY} is read-only after import, and reusing it saves what
 * importing costs on every call in OpenSSL 3.0 (key manager fetch, DER decoding through
 * {@code OSSL_DECODER}, RSA blinding set-up). P-256 and RSA keys are kept as libgkm_native
 * prepared keys ({@code gkm_pkey}), which also keep the operation contexts their calls
 * initialised, so a later call skips OpenSSL's per-context set-up as well. An encoding passed as
 * {@code byte[]} is imported for its call only.
 *
 * <p>Imports use raw-key constructors and {@code EVP_PKEY_fromdata}, never DER decoders, except for
 * RSA, whose canonical encodings are DER. Secret bytes cross in {@link Scratch} segments that are
 * cleansed when the import returns; OpenSSL keeps its own copy and cleanses it on free.
 * (Curve25519 keys need no import: libgkm_native's kernels take the raw bytes; see
 * {@link OpenSslSignatures} for Ed25519's expanded keys.)
 */
final class EvpKeys {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private EvpKeys() {}

    // Prepared keys (libgkm_native's gkm_pkey: the EVP_PKEY with its pooled, initialised contexts).
    static final KeyParser<NativeResource> P256_PRIVATE = enc -> NativeResource.prepared(p256Private(enc));
    static final KeyParser<NativeResource> P256_PUBLIC = enc -> NativeResource.prepared(p256Public(enc));
    static final KeyParser<NativeResource> RSA_PRIVATE = enc -> NativeResource.prepared(rsaPrivate(enc));
    static final KeyParser<NativeResource> RSA_PUBLIC = enc -> NativeResource.prepared(rsaPublic(enc));

    /** What a call does with an imported key. */
    @FunctionalInterface
    interface KeyUse<R, E extends Exception> {
        R apply(MemorySegment pkey) throws E;
    }

    /** Runs {@code use} on the {@code EVP_PKEY} kept with {@code key} (imported on first use). */
    static <R, E extends Exception> R with(KeyMaterial key, KeyParser<NativeResource> parser, KeyUse<R, E> use)
            throws E, InvalidKeyException {
        NativeResource r = key.parsed(parser);
        MemorySegment pk = r.acquire();
        try {
            return use.apply(pk);
        } finally {
            r.release();
        }
    }

    /** Runs {@code use} on {@code encoded} imported for this call only. */
    static <R, E extends Exception> R withEncoded(byte[] encoded, KeyParser<NativeResource> parser,
            KeyUse<R, E> use) throws E, InvalidKeyException {
        NativeResource r = parser.parse(encoded);
        try {
            MemorySegment pk = r.acquire();
            try {
                return use.apply(pk);
            } finally {
                r.release();
            }
        } finally {
            r.destroy();
        }
    }

    /**
     * A P-256 private key from its scalar, imported with EVP_PKEY_fromdata (no public point: ECDH
     * and ECDSA signing need only d).
     */
    private static MemorySegment p256Private(byte[] scalar) {
        try (Scratch s = new Scratch()) {
            MemorySegment pk = p256FromData(s, scalar, null);
            if (pk.equals(NULL)) {
                throw new IllegalArgumentException("P-256 private scalar rejected by OpenSSL");
            }
            return pk;
        }
    }

    /** A P-256 public key from a 65-byte uncompressed point; OpenSSL checks it is on the curve. */
    private static MemorySegment p256Public(byte[] point) throws InvalidKeyException {
        OpenSslSupport.checkPoint(point);
        try (Scratch s = new Scratch()) {
            MemorySegment pk = p256FromData(s, null, point);
            if (pk.equals(NULL)) {
                throw new InvalidKeyException("P-256 public key is not a point on the curve");
            }
            return pk;
        }
    }

    /**
     * EVP_PKEY_fromdata for P-256 with OSSL_PARAMs {group, priv} or {group, pub}; NULL (error queue
     * cleared) when OpenSSL rejects the value. (Much faster in OpenSSL 3.0 than decoding DER, which
     * goes through OSSL_DECODER: docs/performance-notes.md#p-256-in-the-openssl-provider.)
     */
    private static MemorySegment p256FromData(Scratch s, byte[] scalar, byte[] point) {
        MemorySegment params = s.allocate(3 * LibCrypto.OSSL_PARAM_SIZE); // zeroed: 3rd is the terminator
        param(params, 0, Evp.PARAM_GROUP, LibCrypto.OSSL_PARAM_UTF8_STRING, Evp.GROUP_P256,
                Evp.GROUP_P256.byteSize() - 1);
        if (scalar != null) {
            OpenSslSupport.check32(scalar, "P-256 private scalar");
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

    /** Decodes a PKCS#8 RSA private key (whole input, RSA only); never NULL. */
    static MemorySegment rsaPrivate(byte[] pkcs8) throws InvalidKeyException {
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
    static MemorySegment rsaPublic(byte[] spki) throws InvalidKeyException {
        try (Scratch s = new Scratch()) {
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
    }
}
