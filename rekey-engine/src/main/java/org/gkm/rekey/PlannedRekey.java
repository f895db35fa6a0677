package org.gkm.rekey;

import java.util.Objects;
import org.gkm.crypto.InsecureSecretAccess;

/**
 * A rekey planned by a {@link GroupKeyServer} but not yet made its state: the rekey (plan,
 * multicast message, downloads, the key to seal them under) and the change that
 * {@link GroupKeyServer#apply(PlannedRekey)} will install. Planning reads the tree only, so a plan
 * that is never applied leaves the server as it was (its fingerprint unchanged). This is the
 * seam of the commit rule (docs/storage.md): plan, write {@link #changeRecord} with the sealed
 * message in one store transaction, then apply.
 *
 * <p>A plan fits the server state it was made from: applied after any other change of that
 * server it is refused, unchanged. It is applied at most once. It holds the new keys until applied
 * or {@link #destroy()}ed (both zero them); the rekey's {@link Rekey#authKey()} is the caller's to
 * destroy. Not thread-safe.
 */
public final class PlannedRekey {
    private final GroupKeyServer origin;
    private final Rekey rekey;
    private GroupChange change;

    PlannedRekey(GroupKeyServer origin, Rekey rekey, GroupChange change) {
        this.origin = origin;
        this.rekey = rekey;
        this.change = change;
    }

    /** The planned rekey: what the members receive once it is applied. */
    public Rekey rekey() {
        return rekey;
    }

    /** The sequence number the rekey will take. */
    public long sequence() {
        return rekey.message().sequence();
    }

    /**
     * The change record of this plan ({@link ServerChange}'s format): the same bytes
     * {@link ServerChange#write} gives after the plan is applied. The bytes hold secrets in the
     * clear (hence the token): seal them before they leave memory, zero them when done.
     *
     * @throws IllegalStateException if the plan was applied or destroyed
     */
    public byte[] changeRecord(InsecureSecretAccess access) {
        Objects.requireNonNull(access, "access");
        return ChangeCodec.encode(live());
    }

    /** Whether the plan can still be applied (neither applied nor destroyed). */
    public boolean pending() {
        return change != null;
    }

    /** Zeroes the plan's new keys; it can no longer be applied. Idempotent. */
    public void destroy() {
        if (change != null) {
            change.destroy();
            change = null;
        }
    }

    /** The change, handed to {@code server}'s apply step once. */
    GroupChange take(GroupKeyServer server) {
        if (server != origin) {
            throw new IllegalArgumentException("a plan applies only to the server that made it");
        }
        GroupChange c = live();
        change = null;
        return c;
    }

    private GroupChange live() {
        if (change == null) {
            throw new IllegalStateException("plan of sequence " + sequence() + " was applied or destroyed");
        }
        return change;
    }

    @Override
    public String toString() {
        return "PlannedRekey[" + rekey.plan() + (change == null ? ", done" : ", pending") + "]";
    }
}
