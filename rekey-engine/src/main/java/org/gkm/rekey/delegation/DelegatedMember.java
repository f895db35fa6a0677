package org.gkm.rekey.delegation;

import java.util.Map;
import java.util.Objects;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.PublicKey;
import org.gkm.crypto.SecretBytes;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EntryIndex;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.KeyUnavailableException;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.OutOfSyncException;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.KeyEntry;
import org.gkm.rekey.message.KeyRef;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.TekId;

/**
 * A member of a delegated subtree: it follows two streams, each with an ordinary
 * {@link MemberKeyState}. The subtree's rekeys (its leaf up to the subtree root, signed by the
 * subtree's key server) and the parent's rekeys (the subtree's parent leaf up to the group root and
 * the TEK, signed by the parent), the parent state held at the subtree's parent member id with the
 * parent leaf keys derived from the subtree root key.
 *
 * <p>When a subtree rekey changes the subtree root, the member derives the new parent leaf keys and
 * keeps them pending; the parent's rekey that replaces the leaf (it wraps the new parent-of-leaf key
 * under a newer generation of this leaf) rebuilds the parent state from that message with the
 * pending keys (its MAC under the held group authentication key and the parent's signature
 * checked, and its sequence the next one). Every other parent rekey is applied as usual. A failure
 * leaves both states as they were. Not thread-safe.
 */
public final class DelegatedMember {
    private final CryptoProvider provider;
    private final GroupPolicy parentPolicy;
    private final GroupId parentGroup;
    private final long parentEpoch;
    private final int parentMember;
    private final PublicKey parentKey;
    private final RekeyMessageOpener opener;
    private MemberKeyState subtree;
    private MemberKeyState parent;
    private ClientKeys pending;
    private int subtreeRootGeneration;

    /**
     * @param subtree the member's state in its subtree
     * @param parent the subtree's state in the parent (built from the parent's download or path view
     *     with {@link MemberKeyState#delegatedLeafKeys} of {@code subtree}), at member {@code parentMember}
     * @param parentKey the parent key server's signing key
     */
    public DelegatedMember(CryptoProvider provider, GroupPolicy parentPolicy, GroupId parentGroup, long parentEpoch,
            PublicKey parentKey, MemberKeyState subtree, MemberKeyState parent) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.parentPolicy = Objects.requireNonNull(parentPolicy, "parentPolicy");
        this.parentGroup = Objects.requireNonNull(parentGroup, "parentGroup");
        this.parentEpoch = parentEpoch;
        this.parentKey = Objects.requireNonNull(parentKey, "parentKey");
        this.subtree = Objects.requireNonNull(subtree, "subtree");
        this.parent = Objects.requireNonNull(parent, "parent");
        this.parentMember = parent.memberId();
        this.opener = new RekeyMessageOpener(provider);
        this.subtreeRootGeneration = rootGeneration(subtree);
    }

    /** Applies a sealed rekey of the subtree's key server; a new subtree root makes new parent leaf keys pending. */
    public MemberKeyState.Outcome processSubtree(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        MemberKeyState.Outcome o = subtree.process(sealed);
        subtreeChanged();
        return o;
    }

    /**
     * Notes a change the subtree state went through outside {@link #processSubtree} (a resync of it
     * in place): a new subtree root makes new parent leaf keys pending, as a processed message does.
     */
    public void subtreeChanged() {
        int g = rootGeneration(subtree);
        if (g != subtreeRootGeneration) {
            ClientKeys next = subtree.delegatedLeafKeys(parentPolicy.hybrid());
            if (pending != null) {
                pending.destroy();
            }
            pending = next;
            subtreeRootGeneration = g;
        }
    }

    /**
     * Follows {@code next}, a state of the same member in the same subtree that replaces the one held
     * (the member registered again and rebuilt it); the old one is left to its owner. A root of
     * another generation than the one the parent state was built for makes its leaf keys pending.
     *
     * @throws IllegalArgumentException {@code next} is of another member
     */
    public void rebaseSubtree(MemberKeyState next) {
        Objects.requireNonNull(next, "next");
        if (next.memberId() != subtree.memberId()) {
            throw new IllegalArgumentException("subtree state of member " + next.memberId() + ", not " + subtree.memberId());
        }
        subtree = next;
        subtreeChanged();
    }

    /**
     * Installs a parent state rebuilt elsewhere (from the parent's path view of this subtree's leaf,
     * under the leaf keys the current subtree root derives): the held one is zeroed, and nothing is
     * pending any more.
     *
     * @throws IllegalArgumentException {@code next} is held at another parent member id
     */
    public void replaceParent(MemberKeyState next) {
        Objects.requireNonNull(next, "next");
        if (next.memberId() != parentMember) {
            throw new IllegalArgumentException("parent state of member " + next.memberId() + ", not " + parentMember);
        }
        if (next != parent) {
            parent.destroy();
            parent = next;
        }
        if (pending != null) {
            pending.destroy();
            pending = null;
        }
        subtreeRootGeneration = rootGeneration(subtree);
    }

    /** Applies a sealed rekey of the parent: the replacement of this subtree's leaf, or any other. */
    public MemberKeyState.Outcome processParent(byte[] sealed) throws RekeyMessageException, RekeyEngineException {
        if (pending == null) {
            return parent.process(sealed);
        }
        KeyRef leaf = parent.path()[0];
        OpenedRekeyMessage o;
        GroupAuthKey held = parent.authKey();
        try {
            o = opener.open(sealed, held, Map.of(GroupKeyServer.GCKS_SENDER, parentKey));
        } catch (RekeyMessageException e) {
            held.destroy();
            return parent.process(sealed); // its own rules: a duplicate, a stale or a missed-rotation message
        }
        try {
            if (!replaces(o, leaf)) {
                return parent.accept(EntryIndex.of(o));
            }
            if (o.message().sequence() != parent.sequence() + 1) {
                throw new OutOfSyncException(parent.sequence() + 1, o.message().sequence() - 1);
            }
            MemberKeyState next = MemberKeyState.fromVerifiedDownload(provider, parentPolicy, parentGroup, parentEpoch,
                    parentMember, pending, held, parentKey, o);
            if (next.leaf() != leaf.nodeId()) {
                next.destroy();
                throw new KeyUnavailableException("the parent moved this subtree's leaf");
            }
            parent.destroy();
            parent = next;
            pending.destroy();
            pending = null;
            return MemberKeyState.Outcome.APPLIED;
        } finally {
            held.destroy();
        }
    }

    /** Whether {@code o} wraps a key under a newer generation of this subtree's parent leaf. */
    private static boolean replaces(OpenedRekeyMessage o, KeyRef leaf) {
        for (KeyEntry e : o.message().entries()) {
            KeyRef k = e.encryptingKey();
            if (k.nodeId() == leaf.nodeId() && k.generation() > leaf.generation()) {
                return true;
            }
        }
        return false;
    }

    private static int rootGeneration(MemberKeyState s) {
        KeyRef[] path = s.path();
        return path[path.length - 1].generation();
    }

    /** The group's TEK (a copy), from the parent stream. */
    public SecretBytes tek() {
        return parent.tek();
    }

    public TekId tekId() {
        return parent.tekId();
    }

    /** The member's state in its subtree. */
    public MemberKeyState subtreeState() {
        return subtree;
    }

    /** The subtree's state in the parent. */
    public MemberKeyState parentState() {
        return parent;
    }

    /** Whether new parent leaf keys wait for the parent's replacement of the leaf. */
    public boolean replacementPending() {
        return pending != null;
    }

    /** Zeroes both states and any pending keys. */
    public void destroy() {
        subtree.destroy();
        parent.destroy();
        if (pending != null) {
            pending.destroy();
            pending = null;
        }
    }

    @Override
    public String toString() {
        return "DelegatedMember[subtree member " + subtree.memberId() + ", parent member " + parentMember + "]";
    }
}
