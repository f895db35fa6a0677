package org.gkm.gkmp.pki;

import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.gkmp.VerificationException;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * A permission certificate (RFC 2093 sec. 1.1, 3.12, 3.15): the security manager's signature binding
 * a role and {@link Permissions} to an entity id, with a serial and an expiry. Every entity can verify
 * anyone's certificate and modify none. Strict encoding: tbs then a u16-prefixed signature.
 */
public record PermissionCertificate(EntityId subject, Role role, Permissions permissions, long serial,
        long notAfterMillis, byte[] signature) {
    static final String PURPOSE = "permission-certificate";
    /** Upper bound of an encoded certificate. */
    public static final int MAX_ENCODED = 1 + 1 + EntityId.MAX_LENGTH + 2 + Permissions.MAX_RIGHTS * (1 + Permissions.MAX_RIGHT_LENGTH)
            + 16 + 2 + Signatures.MAX_LENGTH;

    public PermissionCertificate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(permissions, "permissions");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    static byte[] tbs(EntityId subject, Role role, Permissions permissions, long serial, long notAfter) {
        WireWriter w = WireWriter.growable();
        w.u8(role.code());
        subject.write(w);
        permissions.write(w);
        w.i64(serial).i64(notAfter);
        return w.toByteArray();
    }

    public byte[] encode() {
        WireWriter w = WireWriter.growable();
        w.raw(tbs(subject, role, permissions, serial, notAfterMillis));
        w.bytes16(signature, Signatures.MAX_LENGTH);
        return w.toByteArray();
    }

    public void write(WireWriter w) {
        w.bytes16(encode(), MAX_ENCODED);
    }

    public static PermissionCertificate read(WireReader<MalformedMessageException> outer) throws MalformedMessageException {
        return decode(outer.bytes16(1, MAX_ENCODED, "permission certificate"));
    }

    /** Decodes {@link #encode()}'s bytes strictly (every field checked, no trailing bytes); verifies nothing. */
    public static PermissionCertificate decode(byte[] encoded) throws MalformedMessageException {
        if (encoded.length > MAX_ENCODED) {
            throw new MalformedMessageException("permission certificate longer than " + MAX_ENCODED + " bytes");
        }
        WireReader<MalformedMessageException> r = new WireReader<>(encoded, MalformedMessageException::new);
        Role role = Role.fromCode(r.u8("role"));
        EntityId subject = EntityId.read(r, "subject");
        Permissions perms = Permissions.read(r);
        long serial = r.nonNegativeLong("serial");
        long notAfter = r.i64("notAfter");
        byte[] sig = r.bytes16(1, Signatures.MAX_LENGTH, "signature");
        r.finish("permission certificate");
        return new PermissionCertificate(subject, role, perms, serial, notAfter, sig);
    }

    /**
     * Checks the security manager's signature, that the certificate is for {@code expectedSubject} in
     * {@code expectedRole}, and not expired (states 3, 4, 6, 7, 10: "retrieved and validated using the
     * security managers public key").
     */
    public void verify(CryptoProvider p, TrustAnchor anchor, EntityId expectedSubject, Role expectedRole, long nowMillis)
            throws VerificationException {
        Signatures.verify(p, anchor.key(), PURPOSE, tbs(subject, role, permissions, serial, notAfterMillis), signature,
                Check.PERMISSION_CERTIFICATE);
        if (!subject.equals(expectedSubject)) {
            throw new VerificationException(Check.PERMISSION_CERTIFICATE, "certificate is for another entity");
        }
        if (role != expectedRole) {
            throw new VerificationException(Check.PERMISSION_CERTIFICATE, "certificate grants " + role + ", need " + expectedRole);
        }
        if (nowMillis > notAfterMillis) {
            throw new VerificationException(Check.PERMISSION_CERTIFICATE, "certificate expired");
        }
    }
}
