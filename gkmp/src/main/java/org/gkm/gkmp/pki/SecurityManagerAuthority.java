package org.gkm.gkmp.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.EntityId;

/**
 * The network security manager (RFC 2093 sec. 1.1, 3.9-3.15): the CA that binds ids to signature
 * keys (X.509), assigns permissions (permission certificates) and publishes the compromise recovery
 * list. Holds its signing key; everything it issues verifies under {@link #anchor()}. Not
 * thread-safe (the CRL grows in place).
 */
public final class SecurityManagerAuthority {
    private static final long YEAR_MILLIS = 365L * 24 * 3600 * 1000;

    private final CryptoProvider provider;
    private final EntityId id;
    private final SigningKey key;
    private final TrustAnchor anchor;
    private final TreeSet<EntityId> revoked = new TreeSet<>();
    private long serial;
    private Crl crl;

    public SecurityManagerAuthority(CryptoProvider provider, EntityId id, SignatureAlgorithm alg, long nowMillis) {
        this(provider, id, alg, provider.keys().generate(alg.keyType()), nowMillis);
    }

    /**
     * A security manager with an existing key pair of {@code alg} (one restored from sealed storage):
     * its anchor is the same as before, so what it issued still verifies. The CRL starts empty at
     * version 0 and permission serials at 1; a caller that restores one keeps its revocations itself.
     */
    public SecurityManagerAuthority(CryptoProvider provider, EntityId id, SignatureAlgorithm alg, KeyPair kp, long nowMillis) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.id = Objects.requireNonNull(id, "id");
        if (kp.type() != alg.keyType()) {
            throw new IllegalArgumentException("key of type " + kp.type() + " for " + alg);
        }
        this.key = new SigningKey(kp.privateKey(), alg);
        this.anchor = new TrustAnchor(id, new VerifyingKey(kp.publicKey(), alg));
        this.crl = sign(0, nowMillis);
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    public EntityId id() {
        return id;
    }

    /** Issues an X.509 identity certificate for {@code subject}, valid from {@code nowMillis} for a year. */
    public byte[] issueCertificate(EntityId subject, VerifyingKey subjectKey, long nowMillis) {
        return Certificates.issue(provider, id, key, subject, subjectKey, false, nowMillis - 1000, nowMillis + YEAR_MILLIS);
    }

    /** Issues a certificate with an explicit validity window (tests of expiry). */
    public byte[] issueCertificate(EntityId subject, VerifyingKey subjectKey, long notBefore, long notAfter) {
        return Certificates.issue(provider, id, key, subject, subjectKey, false, notBefore, notAfter);
    }

    public PermissionCertificate issuePermissions(EntityId subject, Role role, Permissions perms, long notAfterMillis) {
        long s = ++serial;
        byte[] sig = Signatures.sign(provider, key, PermissionCertificate.PURPOSE,
                PermissionCertificate.tbs(subject, role, perms, s, notAfterMillis));
        return new PermissionCertificate(subject, role, perms, s, notAfterMillis, sig);
    }

    /**
     * Creates an entity: a fresh signature key pair of {@code alg}, its certificate and a permission
     * certificate valid for a year.
     */
    public Credentials enroll(EntityId subject, SignatureAlgorithm alg, Role role, Permissions perms, long nowMillis) {
        KeyPair kp = provider.keys().generate(alg.keyType());
        byte[] cert = issueCertificate(subject, new VerifyingKey(kp.publicKey(), alg), nowMillis);
        return new Credentials(subject, new SigningKey(kp.privateKey(), alg), cert,
                issuePermissions(subject, role, perms, nowMillis + YEAR_MILLIS));
    }

    /** Adds {@code ids} to the CRL and publishes the next version. */
    public Crl revoke(long nowMillis, EntityId... ids) {
        revoked.addAll(List.of(ids));
        crl = sign(crl.version() + 1, nowMillis);
        return crl;
    }

    /** The current CRL (served to entities that ask for an update). */
    public Crl crl() {
        return crl;
    }

    private Crl sign(long version, long now) {
        List<EntityId> ids = new ArrayList<>(revoked);
        return new Crl(version, now, ids, Signatures.sign(provider, key, Crl.PURPOSE, Crl.tbs(version, now, ids)));
    }
}
