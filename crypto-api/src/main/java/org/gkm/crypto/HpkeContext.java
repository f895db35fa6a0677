package org.gkm.crypto;

import java.util.Arrays;
import org.gkm.crypto.internal.InsecureNonceAesGcm;

/**
 * An HPKE encryption context (RFC 9180 sec. 5.2) for a sender or a recipient: AEAD key, base nonce,
 * sequence number and exporter secret. Stateful: each seal/open uses and advances the sequence
 * number, so methods are synchronized; a failed open does not advance it. {@link #destroy()} zeroes
 * the secrets.
 */
public final class HpkeContext {
    private final Hpke hpke;
    private final HpkeSuite suite;
    private final byte[] enc;
    private final byte[] key;
    private final byte[] baseNonce;
    private final byte[] exporterSecret;
    private final boolean sender;
    private long seq;
    private boolean destroyed;

    HpkeContext(Hpke hpke, HpkeSuite suite, byte[] enc, byte[] key, byte[] baseNonce, byte[] exporterSecret, boolean sender) {
        this.hpke = hpke;
        this.suite = suite;
        this.enc = enc;
        this.key = key;
        this.baseNonce = baseNonce;
        this.exporterSecret = exporterSecret;
        this.sender = sender;
    }

    public HpkeSuite suite() {
        return suite;
    }

    /** The encapsulated key to send to the recipient (sender contexts). */
    public byte[] enc() {
        return enc.clone();
    }

    /** Encrypts with the next sequence number (sender only). */
    public synchronized byte[] seal(byte[] aad, byte[] plaintext) throws InvalidInputException {
        checkAead(true);
        try {
            byte[] ct = gcm().seal(key, nonce(), aad, plaintext);
            seq++;
            return ct;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts with the next sequence number (recipient only); a failure leaves the sequence number as it was. */
    public synchronized byte[] open(byte[] aad, byte[] ciphertext) throws InvalidCiphertextException {
        checkAead(false);
        try {
            byte[] pt = gcm().open(key, nonce(), aad, ciphertext);
            seq++;
            return pt;
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Secret export (RFC 9180 sec. 5.3): {@code length} bytes bound to {@code exporterContext}. */
    public synchronized byte[] export(byte[] exporterContext, int length) throws InvalidInputException {
        if (destroyed) {
            throw new IllegalStateException("context destroyed");
        }
        return hpke.labeledExpand(suite.suiteId(), exporterSecret, "sec", exporterContext, length);
    }

    /** Zeroes key, nonce and exporter secret; later use throws IllegalStateException. */
    public synchronized void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
        Arrays.fill(baseNonce, (byte) 0);
        Arrays.fill(exporterSecret, (byte) 0);
    }

    private void checkAead(boolean seal) {
        if (destroyed) {
            throw new IllegalStateException("context destroyed");
        }
        if (suite.aead() == HpkeSuite.AeadId.EXPORT_ONLY) {
            throw new IllegalStateException("export-only HPKE context cannot " + (seal ? "seal" : "open"));
        }
        if (seal != sender) {
            throw new IllegalStateException(sender ? "sender context cannot open" : "recipient context cannot seal");
        }
        if (seq == Long.MAX_VALUE) {
            throw new IllegalStateException("HPKE sequence number exhausted");
        }
    }

    private InsecureNonceAesGcm gcm() {
        return hpke.gcm();
    }

    private byte[] nonce() {
        byte[] n = baseNonce.clone();
        long s = seq;
        for (int i = n.length - 1; i >= n.length - 8; i--) {
            n[i] ^= (byte) s;
            s >>>= 8;
        }
        return n;
    }

    @Override
    public String toString() {
        return "HpkeContext[" + suite + (sender ? ", sender" : ", recipient") + "]";
    }
}
