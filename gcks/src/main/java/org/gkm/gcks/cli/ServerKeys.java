package org.gkm.gcks.cli;

import java.util.Arrays;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidKeyException;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.MalformedMessageException;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.LoadedGroup;
import org.gkm.rekey.store.Snapshot;
import org.gkm.rekey.store.StoreException;
import org.gkm.rekey.store.StoreGroupId;
import org.gkm.wire.WireReader;
import org.gkm.wire.WireWriter;

/**
 * The GCKS process's own long-term keys, kept in the store (sealed under the master key by the
 * barrier) as one snapshot under {@link #ID}: the local security manager's signing key (its trust
 * anchor is what every issued certificate verifies under, so it must not change across restarts)
 * and the GKMP controller's signing key (the GKMP group log is signed with it, so the log verifies
 * under one key). Both Ed25519. Written once, at the first start; never rewritten.
 */
final class ServerKeys implements AutoCloseable {
    static final StoreGroupId ID = StoreGroupId.of("gkm-serve/keys");
    static final SignatureAlgorithm ALGORITHM = SignatureAlgorithm.ED25519;
    private static final int VERSION = 1;

    private final KeyPair securityManager;
    private final KeyPair controller;

    private ServerKeys(KeyPair securityManager, KeyPair controller) {
        this.securityManager = securityManager;
        this.controller = controller;
    }

    KeyPair securityManager() {
        return securityManager;
    }

    KeyPair controller() {
        return controller;
    }

    /** New keys: the security manager's from {@code smSeed} when given (a key file), else fresh. */
    static ServerKeys generate(CryptoProvider p, SecretBytes smSeed) {
        KeyPair sm;
        if (smSeed == null) {
            sm = p.keys().generate(ALGORITHM.keyType());
        } else {
            byte[] raw = smSeed.toByteArray(InsecureSecretAccess.get());
            try {
                sm = pair(p, raw);
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("security manager key file: not an Ed25519 private key");
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
        return new ServerKeys(sm, p.keys().generate(ALGORITHM.keyType()));
    }

    private static KeyPair pair(CryptoProvider p, byte[] raw) throws InvalidKeyException {
        PrivateKey k = PrivateKey.decode(ALGORITHM.keyType(), raw);
        return new KeyPair(k, p.keys().publicKey(k));
    }

    /**
     * The stored keys, if any.
     *
     * @throws StoreException the store's failure (wrong master key, an edited or moved row)
     * @throws MalformedMessageException the stored record does not decode
     */
    static Optional<ServerKeys> load(GroupStore store, CryptoProvider p) throws StoreException, MalformedMessageException {
        Optional<LoadedGroup> l = store.load(ID);
        if (l.isEmpty()) {
            return Optional.empty();
        }
        LoadedGroup g = l.get();
        byte[] b = g.snapshot().payload();
        byte[] sm = null;
        byte[] ctl = null;
        try {
            WireReader<MalformedMessageException> r = new WireReader<>(b, MalformedMessageException::new);
            if (r.u8("server keys version") != VERSION) {
                throw new MalformedMessageException("server keys: unknown version");
            }
            sm = r.bytes16(32, 32, "security manager key");
            ctl = r.bytes16(32, 32, "controller key");
            r.finish("server keys");
            return Optional.of(new ServerKeys(pair(p, sm), pair(p, ctl)));
        } catch (InvalidKeyException e) {
            throw new MalformedMessageException("server keys: a key does not decode", e);
        } finally {
            Arrays.fill(b, (byte) 0);
            if (sm != null) {
                Arrays.fill(sm, (byte) 0);
            }
            if (ctl != null) {
                Arrays.fill(ctl, (byte) 0);
            }
            g.destroy();
        }
    }

    /** Writes the keys as the store's snapshot 0 of {@link #ID} (refused if present). */
    void write(GroupStore store) throws StoreException {
        byte[] sm = securityManager.privateKey().encoded(InsecureSecretAccess.get());
        byte[] ctl = controller.privateKey().encoded(InsecureSecretAccess.get());
        byte[] b = WireWriter.growable().u8(VERSION).bytes16(sm, 32).bytes16(ctl, 32).toByteArray();
        Arrays.fill(sm, (byte) 0);
        Arrays.fill(ctl, (byte) 0);
        Snapshot s = new Snapshot(ID, 0, 0, b);
        Arrays.fill(b, (byte) 0);
        try {
            store.writeSnapshot(s);
        } finally {
            s.destroy();
        }
    }

    @Override
    public void close() {
        securityManager.privateKey().destroy();
        controller.privateKey().destroy();
    }

    @Override
    public String toString() {
        return "ServerKeys[Ed25519 x2]";
    }
}
