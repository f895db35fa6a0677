package org.gkm.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gkm.crypto.internal.InsecureNonceAesGcm;
import org.gkm.crypto.internal.P256;
import org.gkm.crypto.spi.CryptoSpi;

/**
 * HPKE (RFC 9180) base and psk modes over DHKEM(X25519 | P-256, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM | AES-256-GCM | export-only, composed from the provider's primitives (OpenSSL 3.0 has
 * no HPKE). Single-shot seal/open and export, and multi-message contexts. Stateless and
 * thread-safe; contexts are not shared state.
 *
 * <p>Mode rules (RFC 9180 sec. 5.1, VerifyPSKInputs): base mode takes no PSK; psk mode needs both a
 * non-empty psk and a non-empty psk_id.
 */
public final class Hpke {
    private static final byte MODE_BASE = 0x00;
    private static final byte MODE_PSK = 0x01;
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] VERSION = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NH = 32;
    private static final int NN = 12;

    private final CryptoSpi spi;
    private final InsecureNonceAesGcm gcm;
    private final KeyAgreement keyAgreement;
    private final Keys keys;

    Hpke(CryptoSpi spi, InsecureNonceAesGcm gcm, KeyAgreement keyAgreement, Keys keys) {
        this.spi = spi;
        this.gcm = gcm;
        this.keyAgreement = keyAgreement;
        this.keys = keys;
    }

    InsecureNonceAesGcm gcm() {
        return gcm;
    }

    // ---- single-shot API (RFC 9180 sec. 6) ----

    /** Base-mode single-shot encryption to {@code recipient}. */
    public HpkeSealed seal(HpkeSuite suite, PublicKey recipient, byte[] info, byte[] aad, byte[] plaintext)
            throws InvalidKeyException, InvalidInputException {
        HpkeContext ctx = setupSender(suite, recipient, info, null, null);
        try {
            return new HpkeSealed(ctx.enc(), ctx.seal(aad, plaintext));
        } finally {
            ctx.destroy();
        }
    }

    /** PSK-mode single-shot encryption. */
    public HpkeSealed sealPsk(HpkeSuite suite, PublicKey recipient, byte[] info, byte[] aad, byte[] plaintext,
            SecretBytes psk, byte[] pskId) throws InvalidKeyException, InvalidInputException {
        HpkeContext ctx = setupSender(suite, recipient, info, psk, pskId);
        try {
            return new HpkeSealed(ctx.enc(), ctx.seal(aad, plaintext));
        } finally {
            ctx.destroy();
        }
    }

    /** Base-mode single-shot decryption. */
    public byte[] open(HpkeSuite suite, PrivateKey recipient, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext)
            throws InvalidKeyException, InvalidCiphertextException, InvalidInputException {
        HpkeContext ctx = setupRecipient(suite, recipient, enc, info, null, null);
        try {
            return ctx.open(aad, ciphertext);
        } finally {
            ctx.destroy();
        }
    }

    /** PSK-mode single-shot decryption. */
    public byte[] openPsk(HpkeSuite suite, PrivateKey recipient, byte[] enc, byte[] info, byte[] aad, byte[] ciphertext,
            SecretBytes psk, byte[] pskId) throws InvalidKeyException, InvalidCiphertextException, InvalidInputException {
        HpkeContext ctx = setupRecipient(suite, recipient, enc, info, psk, pskId);
        try {
            return ctx.open(aad, ciphertext);
        } finally {
            ctx.destroy();
        }
    }

    // ---- contexts (RFC 9180 sec. 5) ----

    /**
     * Sender setup: encapsulates to {@code recipient} with a fresh ephemeral key. {@code psk} and
     * {@code pskId} both null selects base mode, both non-empty psk mode.
     */
    public HpkeContext setupSender(HpkeSuite suite, PublicKey recipient, byte[] info, SecretBytes psk, byte[] pskId)
            throws InvalidKeyException, InvalidInputException {
        verifyPsk(psk, pskId); // before drawing an ephemeral key for a request that will fail
        return setupSenderWithEphemeral(suite, recipient, info, psk, pskId, keys.generate(suite.kem().keyType()));
    }

    /**
     * Sender setup with a given ephemeral key pair. For known-answer tests only: reusing an
     * ephemeral key across encapsulations breaks HPKE's security.
     */
    public HpkeContext setupSenderWithEphemeral(HpkeSuite suite, PublicKey recipient, byte[] info,
            SecretBytes psk, byte[] pskId, KeyPair ephemeral) throws InvalidKeyException, InvalidInputException {
        byte mode = verifyPsk(psk, pskId);
        KeyType kt = suite.kem().keyType();
        if (recipient.type() != kt || ephemeral.type() != kt) {
            throw new InvalidKeyException(suite.kem() + " needs " + kt + " keys");
        }
        byte[] enc = ephemeral.publicKey().encoded();
        byte[] dh = keyAgreement.agree(ephemeral.privateKey(), recipient);
        byte[] shared = extractAndExpand(suite.kem(), dh, concat(enc, recipient.array()));
        return keySchedule(suite, mode, shared, info, psk, pskId, enc, true);
    }

    /** Recipient setup: decapsulates {@code enc} with {@code recipient}. */
    public HpkeContext setupRecipient(HpkeSuite suite, PrivateKey recipient, byte[] enc, byte[] info,
            SecretBytes psk, byte[] pskId) throws InvalidKeyException, InvalidCiphertextException, InvalidInputException {
        byte mode = verifyPsk(psk, pskId);
        KeyType kt = suite.kem().keyType();
        if (recipient.type() != kt) {
            throw new InvalidKeyException(suite.kem() + " needs a " + kt + " private key, got " + recipient.type());
        }
        if (enc.length != suite.kem().encLength()) {
            throw new InvalidCiphertextException("HPKE enc must be " + suite.kem().encLength() + " bytes, got " + enc.length);
        }
        byte[] dh;
        try {
            PublicKey pkE = PublicKey.decode(kt, enc);
            if (kt == KeyType.P256 && enc[0] != 0x04) {
                throw new InvalidKeyException("P-256 enc must be an uncompressed point");
            }
            dh = keyAgreement.agree(recipient, pkE);
        } catch (InvalidKeyException e) {
            throw new InvalidCiphertextException("HPKE decapsulation failed: invalid encapsulated key");
        }
        byte[] pkR = keys.publicKey(recipient).array();
        byte[] shared = extractAndExpand(suite.kem(), dh, concat(enc, pkR));
        return keySchedule(suite, mode, shared, info, psk, pskId, enc.clone(), false);
    }

    /** Single-shot export, sender side: returns the context's enc and the exported secret. */
    public HpkeSealed sendExport(HpkeSuite suite, PublicKey recipient, byte[] info, byte[] exporterContext, int length)
            throws InvalidKeyException, InvalidInputException {
        HpkeContext ctx = setupSender(suite, recipient, info, null, null);
        try {
            return new HpkeSealed(ctx.enc(), ctx.export(exporterContext, length));
        } finally {
            ctx.destroy();
        }
    }

    /** Single-shot export, recipient side. */
    public byte[] receiveExport(HpkeSuite suite, PrivateKey recipient, byte[] enc, byte[] info, byte[] exporterContext,
            int length) throws InvalidKeyException, InvalidCiphertextException, InvalidInputException {
        HpkeContext ctx = setupRecipient(suite, recipient, enc, info, null, null);
        try {
            return ctx.export(exporterContext, length);
        } finally {
            ctx.destroy();
        }
    }

    /** DeriveKeyPair (RFC 9180 sec. 7.1.3): a deterministic key pair from at least 32 bytes of ikm. */
    public KeyPair deriveKeyPair(HpkeSuite.Kem kem, byte[] ikm) throws InvalidInputException {
        if (ikm.length < 32) {
            throw new InvalidInputException("HPKE DeriveKeyPair needs at least 32 bytes of ikm, got " + ikm.length);
        }
        byte[] sid = kemSuiteId(kem);
        byte[] dkpPrk = labeledExtract(sid, EMPTY, "dkp_prk", ikm);
        byte[] sk;
        if (kem == HpkeSuite.Kem.DHKEM_X25519_HKDF_SHA256) {
            sk = labeledExpand(sid, dkpPrk, "sk", EMPTY, 32);
        } else {
            sk = null;
            for (int counter = 0; counter < 256 && sk == null; counter++) {
                byte[] candidate = labeledExpand(sid, dkpPrk, "candidate", new byte[] {(byte) counter}, 32);
                if (P256.isValidScalar(candidate)) {
                    sk = candidate;
                }
            }
            if (sk == null) {
                throw new IllegalStateException("DeriveKeyPair found no P-256 scalar in 256 candidates");
            }
        }
        Arrays.fill(dkpPrk, (byte) 0);
        PrivateKey priv = PrivateKey.adopt(kem.keyType(), sk);
        try {
            return new KeyPair(priv, keys.publicKey(priv));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("derived key rejected", e);
        }
    }

    // ---- internals ----

    private static byte verifyPsk(SecretBytes psk, byte[] pskId) throws InvalidInputException {
        boolean hasPsk = psk != null && psk.length() > 0;
        boolean hasId = pskId != null && pskId.length > 0;
        if (hasPsk != hasId) {
            throw new InvalidInputException("HPKE psk and psk_id must be given together");
        }
        return hasPsk ? MODE_PSK : MODE_BASE;
    }

    private byte[] extractAndExpand(HpkeSuite.Kem kem, byte[] dh, byte[] kemContext) {
        byte[] sid = kemSuiteId(kem);
        byte[] eaePrk = labeledExtract(sid, EMPTY, "eae_prk", dh);
        Arrays.fill(dh, (byte) 0);
        try {
            return labeledExpand(sid, eaePrk, "shared_secret", kemContext, 32);
        } catch (InvalidInputException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(eaePrk, (byte) 0);
        }
    }

    private HpkeContext keySchedule(HpkeSuite suite, byte mode, byte[] shared, byte[] info, SecretBytes psk,
            byte[] pskId, byte[] enc, boolean sender) throws InvalidInputException {
        byte[] sid = suite.suiteId();
        byte[] pskIdHash = labeledExtract(sid, EMPTY, "psk_id_hash", pskId == null ? EMPTY : pskId);
        byte[] infoHash = labeledExtract(sid, EMPTY, "info_hash", info == null ? EMPTY : info);
        byte[] context = concat(new byte[] {mode}, concat(pskIdHash, infoHash));
        byte[] secret = labeledExtract(sid, shared, "secret", psk == null ? EMPTY : psk.array());
        Arrays.fill(shared, (byte) 0);
        int nk = suite.aead().keyLength();
        byte[] key = nk == 0 ? EMPTY : labeledExpand(sid, secret, "key", context, nk);
        byte[] baseNonce = nk == 0 ? new byte[NN] : labeledExpand(sid, secret, "base_nonce", context, NN);
        byte[] exporter = labeledExpand(sid, secret, "exp", context, NH);
        Arrays.fill(secret, (byte) 0);
        return new HpkeContext(this, suite, enc, key, baseNonce, exporter, sender);
    }

    private static byte[] kemSuiteId(HpkeSuite.Kem kem) {
        return new byte[] {'K', 'E', 'M', (byte) (kem.code() >> 8), (byte) kem.code()};
    }

    byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
        byte[] labeled = join(VERSION, suiteId, label.getBytes(StandardCharsets.US_ASCII), ikm);
        try {
            return spi.hkdfExtract(salt, labeled);
        } finally {
            Arrays.fill(labeled, (byte) 0);
        }
    }

    byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) throws InvalidInputException {
        if (length < 1 || length > 255 * NH) {
            throw new InvalidInputException("HPKE expand length must be 1.." + 255 * NH + ", got " + length);
        }
        byte[] labeled = join(new byte[] {(byte) (length >> 8), (byte) length}, VERSION, suiteId,
                label.getBytes(StandardCharsets.US_ASCII), info == null ? EMPTY : info);
        return spi.hkdfExpand(prk, labeled, length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return join(a, b);
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
