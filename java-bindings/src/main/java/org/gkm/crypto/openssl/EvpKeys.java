package org.gkm.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;

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
 * {@code OSSL_DECODER}, RSA blinding set-up). RSA keys are kept as libgkm_native prepared keys
 * ({@code gkm_pkey}), which also keep the operation contexts their calls initialised, so a later
 * call skips OpenSSL's per-context set-up as well. (P-256 keys are libgkm_native's own prepared
 * keys: {@link P256Keys}.) An encoding passed as {@code byte[]} is imported for its call only.
 *
 * <p>RSA keys are decoded from DER, their canonical encodings. Secret bytes cross in
 * {@link Scratch} segments that are cleansed when the import returns; OpenSSL keeps its own copy
 * and cleanses it on free.
 * (Curve25519 keys need no import: libgkm_native's kernels take the raw bytes; see
 * {@link OpenSslSignatures} for Ed25519's expanded keys.)
 */
final class EvpKeys {
    private static final MemorySegment NULL = MemorySegment.NULL;

    private EvpKeys() {}

    // Prepared keys (libgkm_native's gkm_pkey: the EVP_PKEY with its pooled, initialised contexts).
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
