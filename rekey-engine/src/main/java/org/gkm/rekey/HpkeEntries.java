package org.gkm.rekey;

import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.HpkeContext;
import org.gkm.crypto.HpkeSealed;
import org.gkm.crypto.HpkeSuite;
import org.gkm.crypto.InvalidCiphertextException;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;

/**
 * HPKE for PUBLIC entries (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, empty
 * aad; info from {@code KeyEntry.hpkeInfo}, binding group, target and content). The ephemeral
 * private key is drawn from the engine's {@link EngineRandom} (fresh bytes for every seal, the
 * provider's CSPRNG in production) rather than inside the provider, so that tests can run both
 * providers from one seed and compare messages byte for byte; an ephemeral is never reused.
 */
public final class HpkeEntries {
    static final HpkeSuite SUITE = new HpkeSuite(HpkeSuite.Kem.DHKEM_X25519_HKDF_SHA256, HpkeSuite.Kdf.HKDF_SHA256,
            HpkeSuite.AeadId.AES_128_GCM);
    private static final byte[] AAD = new byte[0];

    private HpkeEntries() {
    }

    /** Seals {@code plaintext} to {@code recipient} with the ephemeral private key {@code ephemeral} (32 fresh bytes, zeroed here). */
    static HpkeSealed seal(CryptoProvider p, PublicKey recipient, byte[] ephemeral, byte[] info, byte[] plaintext)
            throws InvalidKeyException, InvalidInputException {
        try {
            PrivateKey sk = PrivateKey.decode(KeyType.X25519, ephemeral);
            KeyPair eph = new KeyPair(sk, p.keys().publicKey(sk));
            HpkeContext ctx = p.hpke().setupSenderWithEphemeral(SUITE, recipient, info, null, null, eph);
            try {
                return new HpkeSealed(ctx.enc(), ctx.seal(AAD, plaintext));
            } finally {
                ctx.destroy();
                sk.destroy();
            }
        } finally {
            Arrays.fill(ephemeral, (byte) 0);
        }
    }

    /** Opens a PUBLIC entry with the recipient node's private key. */
    public static byte[] open(CryptoProvider p, PrivateKey recipient, byte[] enc, byte[] info, byte[] ciphertext)
            throws InvalidKeyException, InvalidCiphertextException, InvalidInputException {
        return p.hpke().open(SUITE, recipient, enc, info, AAD, ciphertext);
    }
}
