package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.gkmp.EntityId;

/**
 * A verified identity: an X.509 certificate issued by the security manager (RFC 2093 sec. 3.9,
 * 3.11: "this public key is itself signed by the network security manager to bind the public to a
 * specific net member ID"), its subject id and signature key. Only {@link Certificates#verify}
 * and the authority create these from external bytes.
 */
public record Identity(EntityId id, VerifyingKey key, byte[] certificate) {
    public Identity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        certificate = certificate.clone();
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }
}
