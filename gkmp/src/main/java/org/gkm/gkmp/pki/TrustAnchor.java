package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.gkmp.EntityId;

/**
 * The security manager's id and public key: the one key every GKMP entity holds in advance (RFC
 * 2093 sec. 6.1.2: "the public key used to verify net wide parameters ... are widely held"). It
 * verifies identity certificates, permission certificates and CRLs.
 */
public record TrustAnchor(EntityId id, VerifyingKey key) {
    public TrustAnchor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
    }
}
