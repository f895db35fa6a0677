package org.gkm.gkmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.pki.Certificates;
import org.gkm.gkmp.pki.Crl;
import org.gkm.gkmp.pki.Identity;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.gkm.gkmp.pki.VerifyingKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/** X.509 identities, permission certificates and the CRL: issued by the security manager, verified strictly. */
class PkiTest {
    static java.util.List<String> providers() {
        return TestProviders.names();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void certificatesVerifyOnlyUnderTheSecurityManagerAndInTheirValidity(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, World.SM, SignatureAlgorithm.ECDSA_P256_SHA256_DER, World.T0);
        for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.ED25519, SignatureAlgorithm.ECDSA_P256_SHA256_DER}) {
            KeyPair kp = p.keys().generate(alg.keyType());
            byte[] der = sm.issueCertificate(World.M1, new VerifyingKey(kp.publicKey(), alg), World.T0);
            Identity id = Certificates.verify(p, sm.anchor(), der, World.T0);
            assertEquals(World.M1, id.id());
            assertEquals(kp.publicKey(), id.key().publicKey());
            assertEquals(alg, id.key().algorithm());
            VerificationException expired = assertThrows(VerificationException.class,
                    () -> Certificates.verify(p, sm.anchor(), der, World.T0 + 2L * 365 * 24 * 3600 * 1000));
            assertEquals(Check.CERTIFICATE, expired.check());
            assertEquals(GkmpException.Reason.VERIFICATION_FAILED, expired.reason());
            SecurityManagerAuthority other = new SecurityManagerAuthority(p, World.SM, alg, World.T0);
            assertEquals(Check.CERTIFICATE, assertThrows(VerificationException.class,
                    () -> Certificates.verify(p, other.anchor(), der, World.T0)).check());
            byte[] bad = der.clone();
            bad[bad.length - 3] ^= 1;
            assertEquals(Check.CERTIFICATE, assertThrows(VerificationException.class,
                    () -> Certificates.verify(p, sm.anchor(), bad, World.T0)).check());
            assertEquals(Check.CERTIFICATE, assertThrows(VerificationException.class,
                    () -> Certificates.verify(p, sm.anchor(), new byte[] {0x30, 0x00}, World.T0)).check());
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void permissionCertificatesAndCrlAreBoundToTheSecurityManager(String provider) throws Exception {
        CryptoProvider p = TestProviders.get(provider);
        SecurityManagerAuthority sm = new SecurityManagerAuthority(p, World.SM, SignatureAlgorithm.ED25519, World.T0);
        PermissionCertificate pc = sm.issuePermissions(World.M1, Role.MEMBER, Permissions.of(2, "ops"), World.T0 + 1000);
        pc.verify(p, sm.anchor(), World.M1, Role.MEMBER, World.T0);
        assertEquals(Check.PERMISSION_CERTIFICATE, assertThrows(VerificationException.class,
                () -> pc.verify(p, sm.anchor(), World.M2, Role.MEMBER, World.T0)).check());
        assertEquals(Check.PERMISSION_CERTIFICATE, assertThrows(VerificationException.class,
                () -> pc.verify(p, sm.anchor(), World.M1, Role.CONTROLLER, World.T0)).check());
        assertEquals(Check.PERMISSION_CERTIFICATE, assertThrows(VerificationException.class,
                () -> pc.verify(p, sm.anchor(), World.M1, Role.MEMBER, World.T0 + 1001)).check());
        // A level raised after issue no longer verifies.
        PermissionCertificate raised = new PermissionCertificate(pc.subject(), pc.role(), Permissions.of(9, "ops"), pc.serial(),
                pc.notAfterMillis(), pc.signature());
        assertEquals(Check.PERMISSION_CERTIFICATE, assertThrows(VerificationException.class,
                () -> raised.verify(p, sm.anchor(), World.M1, Role.MEMBER, World.T0)).check());

        Crl v1 = sm.revoke(World.T0, World.M3, World.M2);
        assertEquals(1, v1.version());
        v1.verify(p, sm.anchor());
        assertEquals(true, v1.isRevoked(World.M2));
        assertEquals(false, v1.isRevoked(World.M1));
        Crl shrunk = new Crl(v1.version(), v1.issuedAtMillis(), java.util.List.of(World.M3), v1.signature());
        assertEquals(Check.CRL_UPDATE, assertThrows(VerificationException.class, () -> shrunk.verify(p, sm.anchor())).check());
    }
}
