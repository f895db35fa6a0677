package org.gkm.gkmp.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.VerificationException;

/**
 * X.509 identity certificates with Bouncy Castle PKIX, signed and verified through our
 * {@link CryptoProvider} (a {@link ContentSigner} / {@link ContentVerifierProvider} over the
 * provider's Ed25519 or ECDSA P-256), so both providers run the same code path.
 */
public final class Certificates {
    /** Largest certificate accepted on the wire. */
    public static final int MAX_DER = 2048;

    private Certificates() {}

    static AlgorithmIdentifier sigAlgId(SignatureAlgorithm alg) {
        switch (alg) {
            case ED25519:
                return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            case ECDSA_P256_SHA256_DER:
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            default:
                throw new IllegalArgumentException("unsupported " + alg);
        }
    }

    static SubjectPublicKeyInfo spki(PublicKey key) {
        switch (key.type()) {
            case ED25519:
                return new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), key.encoded());
            case P256:
                return SubjectPublicKeyInfo.getInstance(key.subjectPublicKeyInfo());
            default:
                throw new IllegalArgumentException("identity keys are Ed25519 or P-256");
        }
    }

    static X500Name name(EntityId id) {
        return new X500Name(new RDN[] {new RDN(BCStyle.CN, new org.bouncycastle.asn1.DERUTF8String(id.value()))});
    }

    /** Issues a certificate binding {@code subject} to {@code subjectKey}, signed by {@code issuerKey}. */
    static byte[] issue(CryptoProvider p, EntityId issuer, SigningKey issuerKey, EntityId subject,
            VerifyingKey subjectKey, boolean ca, long notBeforeMillis, long notAfterMillis) {
        byte[] serialBytes = p.random().bytes(16);
        serialBytes[0] &= 0x7F;
        serialBytes[0] |= 0x01;
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(name(issuer), new BigInteger(serialBytes),
                new Date(notBeforeMillis), new Date(notAfterMillis), name(subject), spki(subjectKey.publicKey()));
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return b.build(new ProviderContentSigner(p, issuerKey)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
    }

    /**
     * Parses and verifies an identity certificate: strict DER, issued and signed by the security
     * manager {@code anchor}, valid at {@code nowMillis}, not a CA, CN a valid entity id, key Ed25519
     * or P-256.
     *
     * @throws VerificationException with {@link Check#CERTIFICATE} on any failure
     */
    public static Identity verify(CryptoProvider p, TrustAnchor anchor, byte[] der, long nowMillis)
            throws VerificationException {
        if (der.length > MAX_DER) {
            throw new VerificationException(Check.CERTIFICATE, "certificate too long");
        }
        X509CertificateHolder h;
        try {
            h = new X509CertificateHolder(der);
            if (!Arrays.equals(h.getEncoded(), der)) {
                throw new VerificationException(Check.CERTIFICATE, "certificate is not canonical DER");
            }
        } catch (IOException | RuntimeException e) {
            throw new VerificationException(Check.CERTIFICATE, "certificate does not parse");
        }
        if (!h.getIssuer().equals(name(anchor.id()))) {
            throw new VerificationException(Check.CERTIFICATE, "certificate not issued by the security manager");
        }
        try {
            if (!h.isSignatureValid(new ProviderVerifierProvider(p, anchor.key()))) {
                throw new VerificationException(Check.CERTIFICATE, "certificate signature invalid");
            }
        } catch (CertException | RuntimeException e) {
            throw new VerificationException(Check.CERTIFICATE, "certificate signature invalid");
        }
        if (!h.isValidOn(new Date(nowMillis))) {
            throw new VerificationException(Check.CERTIFICATE, "certificate not valid now");
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(h.getExtensions());
        if (bc != null && bc.isCA()) {
            throw new VerificationException(Check.CERTIFICATE, "a CA certificate is not an identity");
        }
        EntityId id = subjectId(h);
        return new Identity(id, subjectKey(h.getSubjectPublicKeyInfo()), der);
    }

    private static EntityId subjectId(X509CertificateHolder h) throws VerificationException {
        RDN[] cns = h.getSubject().getRDNs(BCStyle.CN);
        if (cns.length != 1 || h.getSubject().getRDNs().length != 1) {
            throw new VerificationException(Check.CERTIFICATE, "subject must be exactly one CN");
        }
        try {
            return new EntityId(IETFUtils.valueToString(cns[0].getFirst().getValue()));
        } catch (IllegalArgumentException e) {
            throw new VerificationException(Check.CERTIFICATE, "subject CN is not an entity id");
        }
    }

    private static VerifyingKey subjectKey(SubjectPublicKeyInfo spki) throws VerificationException {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        try {
            if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                if (spki.getAlgorithm().getParameters() != null) {
                    throw new VerificationException(Check.CERTIFICATE, "Ed25519 key with parameters");
                }
                return new VerifyingKey(PublicKey.decode(KeyType.ED25519, spki.getPublicKeyData().getOctets()),
                        SignatureAlgorithm.ED25519);
            }
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return new VerifyingKey(PublicKey.decode(KeyType.P256, spki.getEncoded()),
                        SignatureAlgorithm.ECDSA_P256_SHA256_DER);
            }
        } catch (InvalidKeyException | IOException | IllegalStateException e) {
            throw new VerificationException(Check.CERTIFICATE, "certificate key invalid");
        }
        throw new VerificationException(Check.CERTIFICATE, "certificate key is neither Ed25519 nor P-256");
    }

    /** A BC {@link ContentSigner} over the provider's signer. */
    private static final class ProviderContentSigner implements ContentSigner {
        private final CryptoProvider p;
        private final SigningKey key;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        ProviderContentSigner(CryptoProvider p, SigningKey key) {
            this.p = p;
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return sigAlgId(key.algorithm());
        }

        @Override
        public OutputStream getOutputStream() {
            return buf;
        }

        @Override
        public byte[] getSignature() {
            try {
                return p.signer().sign(key.algorithm(), key.privateKey(), buf.toByteArray());
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("issuer key rejected", e);
            }
        }
    }

    /** A BC {@link ContentVerifierProvider} over the provider's verifier, for one key. */
    private static final class ProviderVerifierProvider implements ContentVerifierProvider {
        private final CryptoProvider p;
        private final VerifyingKey key;

        ProviderVerifierProvider(CryptoProvider p, VerifyingKey key) {
            this.p = p;
            this.key = key;
        }

        @Override
        public boolean hasAssociatedCertificate() {
            return false;
        }

        @Override
        public X509CertificateHolder getAssociatedCertificate() {
            return null;
        }

        @Override
        public ContentVerifier get(AlgorithmIdentifier algId) {
            AlgorithmIdentifier expected = sigAlgId(key.algorithm());
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            return new ContentVerifier() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return expected;
                }

                @Override
                public OutputStream getOutputStream() {
                    return buf;
                }

                @Override
                public boolean verify(byte[] sig) {
                    // The algorithm named in the certificate must be the issuer key's algorithm,
                    // exactly (no parameters): no algorithm substitution.
                    if (!algId.equals(expected)) {
                        return false;
                    }
                    try {
                        p.verifier().verify(key.algorithm(), key.publicKey(), buf.toByteArray(), sig);
                        return true;
                    } catch (InvalidSignatureException | InvalidKeyException e) {
                        return false;
                    }
                }
            };
        }
    }
}
