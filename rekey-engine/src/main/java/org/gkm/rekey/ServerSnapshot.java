package org.gkm.rekey;

import java.util.Objects;
import java.util.Optional;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.PrivateKey;

/**
 * A {@link GroupKeyServer} written out and restored exactly: a versioned binary snapshot of the
 * whole server state (docs/storage.md, "Server snapshot"), the payload of a store
 * {@link org.gkm.rekey.store.Snapshot}. It holds the policy, group, epoch, sequence, TEK id and TEK,
 * the group authentication key and its generation, every node's key, generation and (hybrid) private
 * key, the members' leaves, the free leaf and member-id stacks in order (they decide where the next
 * joiner goes), an RSA root key pair, the certified initiator keys and, optionally, the GCKS's
 * signing key. Caches that are functions of the keys (public keys, AES-KW sub-keys) and the
 * operation counters are not kept: a restored server recomputes the caches on use and counts from
 * zero. The restored server has the original's {@link GroupKeyServer#fingerprint()} and sequence,
 * and its next rekey continues the sequence and opens for the members that followed the original.
 *
 * <p><b>The bytes hold every secret of the group in the clear.</b> Write them only through
 * {@link org.gkm.rekey.store.SealedGroupStore} (or another at-rest encryption); zero them when done.
 * {@link #write} therefore needs the greppable {@link InsecureSecretAccess} token. {@code toString}
 * shows no key material.
 */
public final class ServerSnapshot {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = SnapshotCodec.VERSION;

    private final GroupKeyServer server;
    private final KeyPair signingKey;

    ServerSnapshot(GroupKeyServer server, KeyPair signingKey) {
        this.server = server;
        this.signingKey = signingKey;
    }

    /** The snapshot of {@code server} without a signing key. */
    public static byte[] write(GroupKeyServer server, InsecureSecretAccess access) {
        return write(server, null, access);
    }

    /**
     * The snapshot of {@code server}, with the GCKS's signing key when {@code signingKey} is not
     * null (its type must be the policy's signature algorithm's).
     */
    public static byte[] write(GroupKeyServer server, PrivateKey signingKey, InsecureSecretAccess access) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(access, "access");
        return SnapshotCodec.encode(server, signingKey);
    }

    /**
     * Restores a snapshot: the server computes with {@code provider} and draws fresh key bytes from
     * {@code random}. The input is only read (zeroing it is the caller's business).
     *
     * @throws MalformedSnapshotException if the bytes are truncated, corrupted (checksum), of another
     *     format version, or break a limit or the key tree's invariants; nothing is restored
     */
    public static ServerSnapshot read(CryptoProvider provider, EngineRandom random, byte[] snapshot)
            throws MalformedSnapshotException {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(snapshot, "snapshot");
        return SnapshotCodec.decode(provider, random, snapshot);
    }

    /** The restored server. */
    public GroupKeyServer server() {
        return server;
    }

    /** The GCKS's signing key pair, if the snapshot holds one. */
    public Optional<KeyPair> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    @Override
    public String toString() {
        return "ServerSnapshot[" + server + ", signingKey=" + (signingKey == null ? "absent" : "present") + "]";
    }
}
