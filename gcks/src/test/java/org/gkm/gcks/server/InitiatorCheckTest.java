package org.gkm.gcks.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.pki.Credentials;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.rekey.Privilege;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-request authentication of a member-initiated request's initiator (claim 15): the
 * certificates it carries must be the security manager's, for the connection's entity, unexpired,
 * not revoked, meeting the group's permissions, with a key of the group's rekey signature type;
 * the privileges are exactly the member rights its permission certificate names.
 */
class InitiatorCheckTest {
    private static final Permissions GROUP = Permissions.of(2, "ops");
    private static final long YEAR = 365L * 24 * 3600 * 1000;

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "java"})
    void acceptsOnlyValidCertificatesOfTheEntityAndGrantsItsRights(String provider) throws Exception {
        CryptoProvider p = CryptoProviders.get(provider);
        long now = System.currentTimeMillis();
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, EntityId.of("sm"), SignatureAlgorithm.ED25519, now);
        SecurityManagerAuthority other = new SecurityManagerAuthority(p, EntityId.of("sm"), SignatureAlgorithm.ED25519, now);
        InitiatorCheck check = new InitiatorCheck(p, sm.anchor(), GROUP);
        EntityId alice = EntityId.of("alice");
        Credentials a = sm.enroll(alice, SignatureAlgorithm.ED25519, Role.MEMBER,
                Permissions.of(3, "ops", "remove-member", "change-tek", "intel"), now);
        Crl none = sm.crl();

        InitiatorCheck.Initiator ok = check.verify(alice, a.certificate(), a.permissions().encode(), none, SignatureAlgorithm.ED25519, now);
        assertEquals(alice, ok.entity());
        assertEquals(Set.of(Privilege.REMOVE_MEMBER, Privilege.CHANGE_TEK), ok.grants());

        Credentials plain = sm.enroll(EntityId.of("bob"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops"), now);
        assertEquals(Set.of(), check.verify(EntityId.of("bob"), plain.certificate(), plain.permissions().encode(), none,
                SignatureAlgorithm.ED25519, now).grants(), "no right, no privilege");

        refused("another entity", () -> check.verify(EntityId.of("bob"), a.certificate(), a.permissions().encode(), none,
                SignatureAlgorithm.ED25519, now));
        refused("another entity's permission certificate", () -> check.verify(alice, a.certificate(),
                plain.permissions().encode(), none, SignatureAlgorithm.ED25519, now));
        Credentials foreign = other.enroll(alice, SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(3, "ops", "remove-member"), now);
        refused("another security manager", () -> check.verify(alice, foreign.certificate(), foreign.permissions().encode(),
                none, SignatureAlgorithm.ED25519, now));
        refused("expired", () -> check.verify(alice, a.certificate(), a.permissions().encode(), none,
                SignatureAlgorithm.ED25519, now + 2 * YEAR));
        Crl revoked = sm.revoke(now, alice);
        refused("revoked", () -> check.verify(alice, a.certificate(), a.permissions().encode(), revoked,
                SignatureAlgorithm.ED25519, now));
        Credentials low = sm.enroll(EntityId.of("carol"), SignatureAlgorithm.ED25519, Role.MEMBER, Permissions.of(1, "remove-member"), now);
        refused("below the group's permissions", () -> check.verify(EntityId.of("carol"), low.certificate(),
                low.permissions().encode(), none, SignatureAlgorithm.ED25519, now));
        Credentials ec = sm.enroll(EntityId.of("dave"), SignatureAlgorithm.ECDSA_P256_SHA256_DER, Role.MEMBER,
                Permissions.of(3, "ops", "remove-member"), now);
        refused("a key of another type than the group's rekey signatures", () -> check.verify(EntityId.of("dave"),
                ec.certificate(), ec.permissions().encode(), none, SignatureAlgorithm.ED25519, now));
        byte[] garbage = a.permissions().encode();
        garbage[garbage.length - 1] ^= 1;
        refused("a tampered permission certificate", () -> check.verify(alice, a.certificate(), garbage, none,
                SignatureAlgorithm.ED25519, now));
        refused("bytes that are not a certificate", () -> check.verify(alice, new byte[] {1, 2, 3}, new byte[] {4}, none,
                SignatureAlgorithm.ED25519, now));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void refused(String what, Call c) {
        HostedGroup.RefusedException e = assertThrows(HostedGroup.RefusedException.class, c::run, what);
        assertEquals(Refusal.NOT_AUTHORIZED, e.refusal, what);
        assertTrue(!e.getMessage().isEmpty(), what);
    }
}
