package org.gkm.gkmp.pki;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.InvalidSignatureException;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.VerificationException;

/**
 * gkmp's own signatures (tokens, permission certificates, CRLs, signed messages, log checkpoints):
 * the signer signs {@code "GKMP-1 " + purpose + 0x00 || tbs}, so a signature made for one purpose is
 * never valid for another (domain separation; RFC 2093 does not define encodings, see
 * docs/gkmp.md).
 */
public final class Signatures {
    /** Longest signature accepted on the wire: Ed25519 is 64 bytes, strict-DER ECDSA P-256 at most 72. */
    public static final int MAX_LENGTH = 72;

    private Signatures() {}

    private static byte[] framed(String purpose, byte[] tbs) {
        byte[] label = ("GKMP-1 " + purpose).getBytes(StandardCharsets.US_ASCII);
        byte[] m = Arrays.copyOf(label, label.length + 1 + tbs.length);
        System.arraycopy(tbs, 0, m, label.length + 1, tbs.length);
        return m;
    }

    public static byte[] sign(CryptoProvider p, SigningKey key, String purpose, byte[] tbs) {
        try {
            return p.signer().sign(key.algorithm(), key.privateKey(), framed(purpose, tbs));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("signing key rejected by the provider", e);
        }
    }

    /** Verifies or throws {@link VerificationException} naming {@code check}. */
    public static void verify(CryptoProvider p, VerifyingKey key, String purpose, byte[] tbs, byte[] sig, Check check)
            throws VerificationException {
        try {
            p.verifier().verify(key.algorithm(), key.publicKey(), framed(purpose, tbs), sig);
        } catch (InvalidSignatureException | InvalidKeyException e) {
            throw new VerificationException(check, purpose + " signature invalid");
        }
    }
}
