package org.gkm.gcks.server;

import java.util.Objects;
import java.util.Set;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.Identity;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.TrustAnchor;
import org.gkm.rekey.Privilege;

/**
 * Authenticates the initiator of a member-initiated request (claim 15: "determining whether the
 * group member that initiated the request has sufficient privileges") from the certificates the
 * request carries, checked at the time of the request: the X.509 identity certificate and the GKMP
 * permission certificate, both issued by the group's security manager, for the entity the
 * connection registered, unexpired, not on the current CRL, meeting the group's permissions. The
 * privileges are the rights the permission certificate names ({@link MemberRights}). The identity
 * certificate's key is the initiator key: its MEMBER_REKEY message must be signed with it, so its
 * type must be the group's rekey signature key type.
 *
 * <p>Checking per request (rather than remembering a certification from registration) means an
 * expiry or a CRL entry takes effect at once and the key server keeps no certification state.
 */
final class InitiatorCheck {
    /** An authenticated initiator: its identity key and the privileges its permission certificate grants. */
    record Initiator(EntityId entity, PublicKey key, Set<Privilege> grants) {
        Initiator {
            grants = grants.isEmpty() ? Set.of() : Set.copyOf(grants);
        }
    }

    private final CryptoProvider provider;
    private final TrustAnchor anchor;
    private final Permissions groupPermissions;

    InitiatorCheck(CryptoProvider provider, TrustAnchor anchor, Permissions groupPermissions) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.groupPermissions = Objects.requireNonNull(groupPermissions, "groupPermissions");
    }

    /**
     * Verifies {@code entity}'s certificates now against {@code crl}.
     *
     * @throws HostedGroup.RefusedException {@link Refusal#NOT_AUTHORIZED} naming the failed check
     */
    Initiator verify(EntityId entity, byte[] identityCertificate, byte[] permissionCertificate, Crl crl,
            SignatureAlgorithm rekeySignatures, long nowMillis) throws HostedGroup.RefusedException {
        Identity id;
        PermissionCertificate pc;
        try {
            id = Certificates.verify(provider, anchor, identityCertificate, nowMillis);
            pc = PermissionCertificate.decode(permissionCertificate);
            pc.verify(provider, anchor, entity, Role.MEMBER, nowMillis);
        } catch (VerificationException | MalformedMessageException e) {
            throw refused("certificate: " + e.getMessage());
        }
        if (!id.id().equals(entity)) {
            throw refused("the identity certificate is for another entity");
        }
        if (crl.isRevoked(entity)) {
            throw refused("certificate revoked");
        }
        if (!pc.permissions().meetsOrExceeds(groupPermissions)) {
            throw refused("permissions do not meet the group's");
        }
        PublicKey key = id.key().publicKey();
        if (key.type() != rekeySignatures.keyType()) {
            throw refused("the identity key is " + key.type() + "; the group's rekey messages are signed with "
                    + rekeySignatures.keyType() + " keys");
        }
        return new Initiator(entity, key, MemberRights.grants(pc.permissions()));
    }

    private static HostedGroup.RefusedException refused(String why) {
        return new HostedGroup.RefusedException(Refusal.NOT_AUTHORIZED, why);
    }
}
