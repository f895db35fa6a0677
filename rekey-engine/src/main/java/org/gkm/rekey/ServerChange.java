package org.gkm.rekey;

import java.util.Objects;
import org.gkm.crypto.InsecureSecretAccess;

/**
 * Change records: what one rekey changed, written out so that a server's state is its latest
 * {@link ServerSnapshot} with the change records after it replayed in order (docs/storage.md,
 * "Change record"; docs/rekey-engine.md, "Durable state"). A record holds the leavers, the joiners
 * with their client keys and leaves, every new node key with its generation, the TEK, the group
 * authentication key and an RSA root key pair; replay is decode + {@link GroupKeyServer}'s apply
 * step: deterministic, no randomness, and the replayed server has the original's
 * {@link GroupKeyServer#fingerprint()} and sequence.
 *
 * <p><b>The bytes hold secrets in the clear.</b> Write them only through
 * {@link org.gkm.rekey.store.SealedGroupStore} (which encrypts them under a key rooted in its master
 * key); zero them when done. {@link #write} therefore needs the greppable
 * {@link InsecureSecretAccess} token.
 */
public final class ServerChange {
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = ChangeCodec.VERSION;

    private ServerChange() {
    }

    /**
     * The change record of {@code rekey}, which must be {@code server}'s latest operation (nothing
     * else changed the server since).
     *
     * @throws IllegalArgumentException if {@code rekey} is not the server's latest operation
     */
    public static byte[] write(GroupKeyServer server, Rekey rekey, InsecureSecretAccess access) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rekey, "rekey");
        Objects.requireNonNull(access, "access");
        GroupChange c = GroupChange.of(server, rekey);
        try {
            return ChangeCodec.encode(c);
        } finally {
            c.destroy();
        }
    }

    /**
     * Replays a change record onto {@code server}: the server's state becomes the state the
     * recorded rekey left. The input is only read.
     *
     * @throws MalformedChangeException if the bytes are malformed, or the change does not fit the
     *     server (another epoch, not the next sequence, a leaver who is not a member, a joiner the
     *     tree places elsewhere, a generation that does not follow, another tree mode). A change that
     *     fails on the tree's structure may have been partly applied: the server must be discarded
     *     (a store load does; nothing is half-loaded)
     */
    public static void replay(GroupKeyServer server, byte[] record) throws MalformedChangeException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(record, "record");
        GroupChange c = ChangeCodec.decode(record);
        try {
            server.apply(c);
        } finally {
            c.destroy();
        }
    }
}
