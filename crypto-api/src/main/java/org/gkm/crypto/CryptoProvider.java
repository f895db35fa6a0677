package org.gkm.crypto;

import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * One crypto provider (OpenSSL through FFM, or pure Java) and the primitives it hands out. Every
 * primitive is stateless, thread-safe and created once here; share one instance across threads.
 * All validation happens in these primitives before the provider runs, so both providers accept
 * and reject exactly the same inputs. Obtain one from {@link CryptoProviders}.
 */
public final class CryptoProvider {
    static {
        // Library code outside this package (tests, benchmarks) reaches the caller-nonce GCM only
        // through the internal package.
        InsecureNonceAesGcm.registerProviderAccess(p -> p.gcm);
    }

    private final CryptoSpi spi;
    private final KeyWrap keyWrap;
    private final InsecureNonceAesGcm gcm;
    private final Aead aead;
    private final NonceSequenceAead nonceSequenceAead;
    private final KeyAgreement keyAgreement;
    private final Keys keys;
    private final Hpke hpke;
    private final KeyTransport keyTransport;
    private final Signer signer;
    private final Verifier verifier;
    private final Mac mac;
    private final Kdf kdf;
    private final RandomSource random;

    private CryptoProvider(CryptoSpi spi) {
        this.spi = spi;
        this.keyWrap = new KeyWrap(spi);
        this.gcm = new InsecureNonceAesGcm(spi);
        this.aead = new Aead(spi, gcm);
        this.keyAgreement = new KeyAgreement(spi);
        this.keys = new Keys(spi);
        this.hpke = new Hpke(spi, gcm, keyAgreement, keys);
        this.keyTransport = new KeyTransport(spi);
        this.signer = new Signer(spi);
        this.verifier = new Verifier(spi);
        this.mac = new Mac(spi);
        this.kdf = new Kdf(spi);
        this.nonceSequenceAead = new NonceSequenceAead(spi, gcm, kdf);
        this.random = new RandomSource(spi);
    }

    /**
     * Wraps a provider implementation; it must be available.
     *
     * @throws ProviderUnavailableException if {@code spi.availability()} says no
     */
    public static CryptoProvider of(CryptoSpi spi) {
        Objects.requireNonNull(spi, "spi");
        var availability = spi.availability();
        if (!availability.available()) {
            throw new ProviderUnavailableException("crypto provider " + spi.name() + " unavailable: " + availability.reason(),
                    availability.cause());
        }
        return new CryptoProvider(spi);
    }

    /** "openssl" or "java". */
    public String name() {
        return spi.name();
    }

    /** Library versions, CPU features and implementation choices, for reports. */
    public Map<String, String> details() {
        return spi.details();
    }

    public KeyWrap keyWrap() {
        return keyWrap;
    }

    /** AES-GCM with a random nonce per message, drawn here. */
    public Aead aead() {
        return aead;
    }

    /** AES-GCM with numbered messages under per-sender keys whose nonces cannot repeat. */
    public NonceSequenceAead nonceSequenceAead() {
        return nonceSequenceAead;
    }

    /**
     * AES-GCM with caller nonces, for the known-answer self-test; HPKE holds its own. Not public:
     * a caller-chosen nonce can repeat. Library code elsewhere uses
     * {@link InsecureNonceAesGcm#of(CryptoProvider)}.
     */
    InsecureNonceAesGcm insecureNonceAesGcm() {
        return gcm;
    }

    public KeyAgreement keyAgreement() {
        return keyAgreement;
    }

    public Hpke hpke() {
        return hpke;
    }

    public KeyTransport keyTransport() {
        return keyTransport;
    }

    public Signer signer() {
        return signer;
    }

    public Verifier verifier() {
        return verifier;
    }

    public Mac mac() {
        return mac;
    }

    public Kdf kdf() {
        return kdf;
    }

    public RandomSource random() {
        return random;
    }

    public Keys keys() {
        return keys;
    }

    @Override
    public String toString() {
        return "CryptoProvider[" + spi.name() + "]";
    }
}
