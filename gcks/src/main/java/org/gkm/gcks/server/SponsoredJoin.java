package org.gkm.gcks.server;

import java.util.Arrays;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.gkmp.EntityId;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;

/**
 * A joiner a member is about to add (member-initiated join): the client keys the GCKS drew for it
 * when it handed out the join view, and their X25519 public half, which the member seals the
 * joiner's entry to. One per connection: a new view replaces it ({@link #destroy()} zeroes the keys
 * it drops), and it ends with the connection.
 */
record SponsoredJoin(EntityId joiner, ClientKeys keys, byte[] publicKey) {
    SponsoredJoin {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Fresh hybrid client keys for {@code joiner} (every copy of the private key but the keys' own zeroed). */
    static SponsoredJoin draw(CryptoProvider provider, EngineRandom random, EntityId joiner) {
        ClientKeys keys = ClientKeys.generate(random, true);
        SecretBytes priv = keys.clientPrivateKey();
        byte[] raw = priv.toByteArray(InsecureSecretAccess.get());
        PrivateKey pk = null;
        try {
            pk = PrivateKey.decode(KeyType.X25519, raw);
            return new SponsoredJoin(joiner, keys, provider.keys().publicKey(pk).encoded());
        } catch (InvalidKeyException | RuntimeException e) {
            keys.destroy();
            throw new IllegalStateException("a fresh X25519 client key does not decode", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
            priv.destroy();
            if (pk != null) {
                pk.destroy();
            }
        }
    }

    /** Zeroes the client keys (the key server holds its own copy once the join is committed). */
    void destroy() {
        keys.destroy();
    }

    @Override
    public String toString() {
        return "SponsoredJoin[" + joiner + "]";
    }
}
