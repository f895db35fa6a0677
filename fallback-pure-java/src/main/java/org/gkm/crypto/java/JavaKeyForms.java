package org.gkm.crypto.java;

import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.spi.KeyParser;
import org.gkm.crypto.spi.ParsedKey;

/**
 * The pure-Java provider's parsed forms of key values (see {@link org.gkm.crypto.spi.KeyMaterial}):
 * what each call would otherwise rebuild from the encoding, made once per key and kept with it.
 *
 * <ul>
 *   <li>Ed25519 private key: its public key (signing needs it; deriving it is a second scalar
 *       multiplication per signature). The secret stays in the key value only.
 *   <li>Ed25519 public key: BC's decoded point, with the checks BC's verification on the bytes
 *       makes of the key (canonical encoding, not of small order: {@code checkPointFullVar}), and
 *       no more; {@code null} when they refuse it, so verification fails as it does on the bytes.
 *       (BC's "full" export also checks the point's order, a scalar multiplication, which would
 *       make verification with a key used once twice as slow.)
 *   <li>P-256 public key: BC's decoded point, which also keeps the multiples BC precomputes for it
 *       on first verification.
 *   <li>RSA keys: the JCA key objects (DER decoding, and for a private key the CRT parameters).
 *       The JDK's RSA key objects cannot be erased ({@code Destroyable} is not implemented), so
 *       {@link ParsedKey#destroy()} drops the reference and the collector reclaims them, as it
 *       does the per-call objects they replace.
 * </ul>
 * P-256 and X25519 private keys have no parsed form: the scalar is used from the key value, so no
 * long-lived copy of it exists outside the key.
 */
final class JavaKeyForms {
    private JavaKeyForms() {}

    /** A parsed form that owns no native memory and no secret: destroy drops it. */
    record Form<T>(T value) implements ParsedKey {
        @Override
        public void destroy() {}

        @Override
        public String toString() {
            return "Form[" + (value == null ? "null" : value.getClass().getSimpleName()) + "]";
        }
    }

    static final KeyParser<Form<byte[]>> ED25519_PRIVATE = sk -> {
        byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(sk, 0, pk, 0);
        return new Form<>(pk);
    };

    static final KeyParser<Form<Ed25519.PublicPoint>> ED25519_PUBLIC =
            pk -> new Form<>(Ed25519.validatePublicKeyPartialExport(pk, 0));

    static final KeyParser<Form<ECPublicKeyParameters>> P256_PUBLIC =
            point -> new Form<>(PureJavaProvider.p256PublicParameters(point));

    static final KeyParser<Form<RSAPrivateKey>> RSA_PRIVATE =
            pkcs8 -> new Form<>(PureJavaProvider.rsaPrivate(Jca.engines().rsaKeys(), pkcs8));

    static final KeyParser<Form<RSAPublicKey>> RSA_PUBLIC = JavaKeyForms::rsaPublic;

    private static Form<RSAPublicKey> rsaPublic(byte[] spki) throws InvalidKeyException {
        return new Form<>(PureJavaProvider.rsaPublic(spki));
    }
}
