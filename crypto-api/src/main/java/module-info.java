/**
 * gkm's crypto facade and the provider SPI.
 *
 * <p>Applications see {@code org.gkm.crypto} alone: validating, typed primitives whose AEAD nonces
 * the library draws or numbers. {@code org.gkm.crypto.spi} (raw primitives on byte arrays, among
 * them AES-GCM with a caller-chosen nonce) is exported only to the two provider modules, and to the
 * rekey engine, which sizes its X25519 batches by {@code X25519Batch.MAX_KEYS}.
 * {@code org.gkm.crypto.internal} (the caller-nonce AES-GCM, DER, P-256 and RSA helpers the facade
 * is built from) is exported to no module.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: on the module path through the
 * provider modules' {@code provides} clauses, on the class path through their
 * {@code META-INF/services} files.
 */
module org.gkm.crypto {
    exports org.gkm.crypto;
    exports org.gkm.crypto.spi to org.gkm.crypto.java, org.gkm.crypto.openssl, org.gkm.rekey;

    uses org.gkm.crypto.spi.CryptoSpi;
}
