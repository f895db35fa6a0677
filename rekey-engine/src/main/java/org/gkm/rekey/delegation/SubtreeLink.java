package org.gkm.rekey.delegation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.InvalidInputException;
import org.gkm.crypto.KeyWrapAlgorithm;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.message.GroupId;
import org.gkm.wire.WireWriter;

/**
 * The pairwise key between a parent key server and one delegated subtree's key server, agreed when
 * the subtree is delegated (as a client key is at registration) and held by those two only: no
 * member of any subtree holds it, so a member that leaves a subtree learns nothing from a report.
 *
 * <p>A report's wrapping key is bound to everything the report says: HKDF-Expand(link key,
 * "gkm delegation report v1" || parent group || subtree || sequence || root generation, 32), and
 * the new parent leaf keys are AES-KW wrapped under it. Changing any header field gives another
 * key, so the unwrap's integrity check fails (RFC 3394 sec. 2.2.3): the header is authenticated
 * with the key, and AES-KW being deterministic needs no nonce (a report is a function of the
 * subtree's committed state, so every replica of the subtree's server sends the same bytes).
 * Link keys are HKDF keys only, used for nothing else. {@link #destroy()} zeroes the key.
 *
 * <p>The parent's answer to an authentic report is a {@link SubtreeReceipt} tagged under the same
 * link key with another label ({@link #receiptTag}), so only the parent can tell the subtree that
 * a report was taken: a receipt forged on the way would otherwise stop the subtree resending a
 * report the parent never saw.
 */
public final class SubtreeLink {
    private static final byte[] LABEL = "gkm delegation report v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECEIPT_LABEL = "gkm delegation receipt v1".getBytes(StandardCharsets.US_ASCII);
    /** Length of a receipt tag. */
    public static final int TAG_BYTES = 32;
    /** Length of a link key. */
    public static final int KEY_BYTES = 32;

    private final GroupId parentGroup;
    private final int subtree;
    private final byte[] key;
    private volatile boolean destroyed;

    /**
     * @param parentGroup the parent's group id (bound into every report)
     * @param subtree the subtree's id at the parent, {@code >= 0}
     * @param key the 32-byte link key (copied)
     */
    public SubtreeLink(GroupId parentGroup, int subtree, SecretBytes key) {
        this.parentGroup = Objects.requireNonNull(parentGroup, "parentGroup");
        if (subtree < 0) {
            throw new IllegalArgumentException("subtree id must be >= 0");
        }
        if (key.length() != KEY_BYTES) {
            throw new IllegalArgumentException("link key must be " + KEY_BYTES + " bytes");
        }
        this.subtree = subtree;
        this.key = key.toByteArray(InsecureSecretAccess.get());
    }

    public GroupId parentGroup() {
        return parentGroup;
    }

    public int subtree() {
        return subtree;
    }

    /** Wraps {@code keyData} (the parent leaf keys) for a report of {@code sequence} and {@code rootGeneration}. */
    byte[] wrap(CryptoProvider p, long sequence, int rootGeneration, byte[] keyData) {
        SecretBytes kek = kek(p, sequence, rootGeneration);
        try {
            return p.keyWrap().wrap(KeyWrapAlgorithm.AES_KW, kek, keyData);
        } catch (CryptoException e) {
            throw new IllegalStateException("AES-KW of the parent leaf keys failed", e);
        } finally {
            kek.destroy();
        }
    }

    /** Unwraps a report's keys; a report not made with this link key for this header fails. */
    byte[] unwrap(CryptoProvider p, long sequence, int rootGeneration, byte[] wrapped) throws CryptoException {
        SecretBytes kek = kek(p, sequence, rootGeneration);
        try {
            return p.keyWrap().unwrap(KeyWrapAlgorithm.AES_KW, kek, wrapped);
        } finally {
            kek.destroy();
        }
    }

    /**
     * Opens a report made with this link: its subtree must be this link's, its wrapped keys of the
     * parent tree's mode ({@code hybrid}: a leaf private key too), and they must unwrap under the
     * key bound to its header. The caller destroys the keys.
     *
     * @throws RejectedReportException for another subtree, another tree mode, or keys that do not
     *     authenticate under this link
     */
    public ClientKeys open(CryptoProvider p, SubtreeReport r, boolean hybrid) throws RejectedReportException {
        if (r.subtree() != subtree) {
            throw new RejectedReportException("report of subtree " + r.subtree() + " on the link of " + subtree);
        }
        byte[] wrapped = r.wrapped();
        if (wrapped.length != (hybrid ? 72 : 40)) {
            throw new RejectedReportException("report of subtree " + r.subtree() + " carries keys of another tree mode");
        }
        byte[] data;
        try {
            data = unwrap(p, r.sequence(), r.rootGeneration(), wrapped);
        } catch (CryptoException e) {
            throw new RejectedReportException("report of subtree " + r.subtree() + " does not authenticate under its link key", e);
        }
        try {
            return new ClientKeys(SecretBytes.copyOf(data, 0, 32), hybrid ? SecretBytes.copyOf(data, 32, 32) : null);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * The tag of a receipt's fields: HKDF-Expand(link key, "gkm delegation receipt v1" || parent
     * group || the receipt's fields, 32), a PRF output only the link's two holders can compute.
     */
    public byte[] receiptTag(CryptoProvider p, SubtreeReceipt.Fields f) {
        requireLive();
        byte[] group = parentGroup.value();
        byte[] info = WireWriter.growable().raw(RECEIPT_LABEL).u16(group.length).raw(group).u32(subtree)
                .raw(f.encode()).toByteArray();
        try {
            return p.kdf().expand(key, info, TAG_BYTES);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF rejected a 32-byte link key", e);
        }
    }

    private SecretBytes kek(CryptoProvider p, long sequence, int rootGeneration) {
        requireLive();
        byte[] group = parentGroup.value();
        byte[] info = WireWriter.growable().raw(LABEL).u16(group.length).raw(group).u32(subtree).i64(sequence)
                .u32(rootGeneration).toByteArray();
        byte[] k;
        try {
            k = p.kdf().expand(key, info, KEY_BYTES);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("HKDF rejected a 32-byte link key", e);
        }
        try {
            return SecretBytes.copyOf(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Zeroes the link key; idempotent. Later use throws {@link IllegalStateException}. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    private void requireLive() {
        if (destroyed) {
            throw new IllegalStateException("link key destroyed");
        }
    }

    @Override
    public String toString() {
        return "SubtreeLink[" + parentGroup + ", subtree=" + subtree + "]";
    }
}
