package org.gkm.replication;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI for mutual TLS between replicas (Bouncy Castle's certificate builder): a CA and
 * replica certificates it signs (EC P-256, subject alternative names 127.0.0.1 and localhost,
 * server and client authentication), written as PEM files the way an operator's PKI would hand them over.
 */
final class TestCertificates {
    private final KeyPair ca;
    private final X509Certificate caCert;
    private final SecureRandom random = new SecureRandom();

    TestCertificates(String name) throws Exception {
        ca = ecKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(random.nextLong() >>> 1),
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L), subject, ca.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Writes the CA certificate (the trust file) to {@code file}. */
    Path writeTrust(Path file) throws IOException {
        return write(file, "CERTIFICATE", encoded(caCert));
    }

    /** Issues a replica certificate; writes {@code dir/<name>.crt} and {@code dir/<name>.key}; returns the two paths. */
    Path[] issue(String name, Path dir) throws Exception {
        KeyPair kp = ecKeyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, BigInteger.valueOf(random.nextLong() >>> 1),
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=" + name), kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.getPrivate())));
        Path crt = write(dir.resolve(name + ".crt"), "CERTIFICATE", encoded(cert));
        Path key = write(dir.resolve(name + ".key"), "PRIVATE KEY", kp.getPrivate().getEncoded());
        return new Path[] {crt, key};
    }

    private static byte[] encoded(X509Certificate c) throws IOException {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }
}
