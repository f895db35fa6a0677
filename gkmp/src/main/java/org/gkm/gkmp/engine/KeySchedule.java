package org.gkm.gkmp.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.Check;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;
import org.gkm.gkmp.VerificationException;
import org.gkm.wire.WireWriter;

/**
 * Cooperative key creation (RFC 2093 sec. 6.1.2, 6.1.3) and gkmp's hashes, all on the provider's
 * X25519 and HKDF-SHA256.
 *
 * <p>Each side contributes an X25519 key share per key (the "creation fields" of sec. 3.6, 3.7,
 * 3.14). With {@code th} the transcript hash of the two signed creation messages (so the keys are
 * bound to both identities and both shares):
 * <pre>
 *   GTEK = HKDF(salt = th, ikm = DH(gtek shares), info = "GKMP-1 gtek"  || grp || gtek id || gkek id)
 *   GKEK = HKDF(salt = th, ikm = DH(gkek shares), info = "GKMP-1 gkek"  || grp || gtek id || gkek id)
 *   NEG  = HKDF(salt = th, ikm = DH(gtek) || DH(gkek), info = "GKMP-1 negotiate" || ...)
 *   SKEK = HKDF(salt = th, ikm = DH(skek shares), info = "GKMP-1 skek" || grp || skek id)
 *   SNEG, CHECK likewise with "session-negotiate" and "checksum"
 * </pre>
 * Neither side alone chooses a key: each output depends on both shares' DH. NEG encrypts
 * Negotiate_Grp_Keys_* and SNEG Negotiate_Session_Keys_*: the RFC encrypts these "in the GTEK just
 * created" / "the KEK just created"; gkm derives a separate key for them as sec. 6.1.3 allows ("the
 * key used to encrypt the negotiation messages can be combined differently").
 */
public final class KeySchedule {
    public static final int KEY_LENGTH = 32;
    private static final byte[] HASH_SALT = "GKMP-1 hash".getBytes(StandardCharsets.US_ASCII);

    private final CryptoProvider p;

    public KeySchedule(CryptoProvider p) {
        this.p = p;
    }

    /** A fresh single-use X25519 key share. */
    public KeyPair share() {
        return p.keys().generate(org.gkm.crypto.KeyType.X25519);
    }

    /** X25519 with the peer's 32-byte share; an invalid or low-order share fails {@code check}. */
    public byte[] dh(PrivateKey mine, byte[] peerShare, Check check) throws VerificationException {
        try {
            return p.keyAgreement().agree(mine, PublicKey.decode(org.gkm.crypto.KeyType.X25519, peerShare));
        } catch (InvalidKeyException e) {
            throw new VerificationException(check, "key share rejected");
        }
    }

    /**
     * Collision-resistant hash of length-prefixed parts: HKDF-Extract (HMAC-SHA256) under a fixed
     * public salt. crypto-api has no bare SHA-256, and HMAC with a fixed key is collision resistant
     * exactly as SHA-256 is.
     */
    public byte[] hash(byte[]... parts) {
        WireWriter w = WireWriter.growable();
        for (byte[] part : parts) {
            w.u32(part.length).raw(part);
        }
        return p.kdf().extract(HASH_SALT, w.toByteArray());
    }

    private static byte[] info(String label, GkmpGroupId g, KeyId a, KeyId b) {
        WireWriter w = WireWriter.growable();
        w.raw(("GKMP-1 " + label).getBytes(StandardCharsets.US_ASCII)).u8(0).i64(g.value()).i64(a.value());
        if (b != null) {
            w.i64(b.value());
        }
        return w.toByteArray();
    }

    private SecretBytes derive(byte[] salt, byte[] ikm, byte[] info) {
        try {
            byte[] k = p.kdf().derive(salt, ikm, info, KEY_LENGTH);
            SecretBytes s = SecretBytes.copyOf(k);
            Arrays.fill(k, (byte) 0);
            return s;
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF refused a 32-byte output", e);
        }
    }

    /** GTEK, GKEK and the negotiation key of one cooperative creation. */
    public GroupKeys groupKeys(byte[] dhGtek, byte[] dhGkek, byte[] transcriptHash, GkmpGroupId g, KeyId gtekId, KeyId gkekId) {
        byte[] both = new byte[dhGtek.length + dhGkek.length];
        System.arraycopy(dhGtek, 0, both, 0, dhGtek.length);
        System.arraycopy(dhGkek, 0, both, dhGtek.length, dhGkek.length);
        GroupKeys k = new GroupKeys(gtekId, derive(transcriptHash, dhGtek, info("gtek", g, gtekId, gkekId)), gkekId,
                derive(transcriptHash, dhGkek, info("gkek", g, gtekId, gkekId)),
                derive(transcriptHash, both, info("negotiate", g, gtekId, gkekId)));
        Arrays.fill(both, (byte) 0);
        Arrays.fill(dhGtek, (byte) 0);
        Arrays.fill(dhGkek, (byte) 0);
        return k;
    }

    /** SKEK, session negotiation key and checksum key of one session exchange. */
    public SessionKeys sessionKeys(byte[] dh, byte[] transcriptHash, GkmpGroupId g, KeyId skekId) {
        SessionKeys s = new SessionKeys(skekId, derive(transcriptHash, dh, info("skek", g, skekId, null)),
                derive(transcriptHash, dh, info("session-negotiate", g, skekId, null)),
                derive(transcriptHash, dh, info("checksum", g, skekId, null)));
        Arrays.fill(dh, (byte) 0);
        return s;
    }

    /** Checksum of Encrypted Grp Keys (sec. 3.16): HMAC-SHA256 under the session's checksum key. */
    public byte[] checksum(SecretBytes key, byte[] data) {
        return p.mac().compute(key, data);
    }

    /** Fingerprint of a key for equality checks in tests and logs (a hash, never the key). */
    public String fingerprint(SecretBytes key) {
        byte[] raw = key.toByteArray(InsecureSecretAccess.get());
        byte[] h = hash("fingerprint".getBytes(StandardCharsets.US_ASCII), raw);
        Arrays.fill(raw, (byte) 0);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(String.format("%02x", h[i]));
        }
        return sb.toString();
    }

    /** The group keys of one creation: GTEK, GKEK and the key that protects Negotiate_Grp_Keys_*. */
    public record GroupKeys(KeyId gtekId, SecretBytes gtek, KeyId gkekId, SecretBytes gkek, SecretBytes negotiation) {
        public void destroyNegotiation() {
            negotiation.destroy();
        }

        @Override
        public String toString() {
            return "GroupKeys[" + gtekId + ", " + gkekId + "]";
        }
    }

    /** The keys of one session exchange (sec. 6.1.3): SKEK, the negotiation key, the checksum key. */
    public record SessionKeys(KeyId skekId, SecretBytes skek, SecretBytes negotiation, SecretBytes checksum) {
        public void destroy() {
            skek.destroy();
            negotiation.destroy();
            checksum.destroy();
        }

        @Override
        public String toString() {
            return "SessionKeys[" + skekId + "]";
        }
    }
}
