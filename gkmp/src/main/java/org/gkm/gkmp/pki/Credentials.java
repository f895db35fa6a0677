package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.gkmp.EntityId;

/**
 * What one GKMP entity holds about itself: its id, its signature key, its X.509 identity certificate
 * and its permission certificate (both issued by the security manager).
 */
public record Credentials(EntityId id, SigningKey signingKey, byte[] certificate, PermissionCertificate permissions) {
    public Credentials {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(permissions, "permissions");
        certificate = certificate.clone();
        if (!permissions.subject().equals(id)) {
            throw new IllegalArgumentException("permission certificate is for another entity");
        }
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    @Override
    public String toString() {
        return "Credentials[" + id + ", " + permissions.role() + "]";
    }
}
