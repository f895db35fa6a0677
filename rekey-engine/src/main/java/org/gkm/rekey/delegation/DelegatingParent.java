package org.gkm.rekey.delegation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.PlannedRekey;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.RekeyPlan;
import org.gkm.rekey.RejectedReportException;
import org.gkm.rekey.Requester;
import org.gkm.rekey.UnknownMemberException;

/**
 * The parent side of subtree delegation: a {@link GroupKeyServer} holding the upper levels of the
 * group's tree (root portion and upper KEK portion), whose members are the delegated subtrees, one
 * leaf each, plus the link and the last accepted report sequence of every subtree.
 *
 * <p>A subtree's report ({@link SubtreeReport}) is checked before anything changes: it decodes,
 * names a delegated subtree, is newer than the last report accepted from it (a replay or an
 * out-of-order report is refused), and unwraps under the subtree's link key with its header bound
 * in. Only then does the parent replace the subtree leaf's keys by a batch of one leaver (the
 * subtree's member) and one joiner (the new leaf keys): the joiner takes the leaver's member id and
 * leaf back (checked before the plan is applied), and every node above the leaf gets a fresh key, as
 * in any departure, with a fresh TEK and group authentication key. So a leave inside a subtree
 * costs the parent one unwrap and about {@code d * log_d(S)} wraps for S subtrees. Any refusal is a
 * {@link RejectedReportException} and changes no state ({@link #fingerprint()} unchanged).
 *
 * <p>A subtree whose server stops reporting changes nothing here: its leaf keeps its last keys and
 * the other subtrees' reports are handled as before. Not thread-safe.
 */
public final class DelegatingParent {
    private final GroupKeyServer server;
    private final SortedMap<Integer, Delegation> subtrees = new TreeMap<>();

    /** One delegated subtree: its link, its member id at the parent and its last accepted report sequence. */
    private static final class Delegation {
        final SubtreeLink link;
        final int member;
        long lastSequence;

        Delegation(SubtreeLink link, int member, long lastSequence) {
            this.link = link;
            this.member = member;
            this.lastSequence = lastSequence;
        }
    }

    /** @param server the parent's key server; its members are managed here from now on */
    public DelegatingParent(GroupKeyServer server) {
        this.server = Objects.requireNonNull(server, "server");
        if (server.tree().memberCount() != 0) {
            throw new IllegalArgumentException("the parent's members are its delegated subtrees: start empty");
        }
    }

    public GroupKeyServer server() {
        return server;
    }

    /**
     * Delegates a subtree: checks its first report (made by {@link DelegatedSubtree#report()}) under
     * {@code link} and joins its leaf keys to the parent's tree (a join rekey: the multicast and a key
     * download for the new leaf, which the subtree's members rebuild their parent state from).
     *
     * @throws RejectedReportException if the report does not decode, names another subtree, or does
     *     not unwrap under the link (nothing changed)
     * @throws IllegalArgumentException if the subtree is delegated already
     */
    public Rekey delegate(SubtreeLink link, byte[] report) throws RekeyEngineException {
        Objects.requireNonNull(link, "link");
        if (!link.parentGroup().equals(server.group())) {
            throw new IllegalArgumentException("link of another parent group");
        }
        if (subtrees.containsKey(link.subtree())) {
            throw new IllegalArgumentException("subtree " + link.subtree() + " is delegated already");
        }
        SubtreeReport r = SubtreeReport.decode(report);
        if (r.subtree() != link.subtree()) {
            throw new RejectedReportException("report of subtree " + r.subtree() + " on the link of " + link.subtree());
        }
        ClientKeys leaf = open(link, r);
        try {
            Rekey rekey = server.join(Requester.owner(), leaf);
            subtrees.put(link.subtree(), new Delegation(link, rekey.plan().joiners()[0], r.sequence()));
            return rekey;
        } finally {
            leaf.destroy();
        }
    }

    /**
     * Accepts a subtree's report of its new root key: after the checks above, the subtree leaf's keys
     * are replaced and the path above it rekeyed. Returns the parent's rekey (to seal and multicast).
     *
     * @throws RejectedReportException if the report is malformed, of an unknown subtree, replayed,
     *     out of order or unauthenticated (nothing changed)
     */
    public Rekey accept(byte[] report) throws RekeyEngineException {
        SubtreeReport r = SubtreeReport.decode(report);
        Delegation d = subtrees.get(r.subtree());
        if (d == null) {
            throw new RejectedReportException("report of subtree " + r.subtree() + ", which is not delegated here");
        }
        if (r.sequence() <= d.lastSequence) {
            throw new RejectedReportException("report of subtree " + r.subtree() + " at sequence " + r.sequence()
                    + " is not newer than the last accepted (" + d.lastSequence + "): replayed or out of order");
        }
        ClientKeys leaf = open(d.link, r);
        PlannedRekey planned;
        try {
            planned = server.planBatch(Requester.owner(), List.of(leaf), new int[] {d.member});
        } finally {
            leaf.destroy();
        }
        RekeyPlan plan = planned.rekey().plan();
        int leafNode = server.leafOf(d.member);
        if (plan.joiners().length != 1 || plan.joiners()[0] != d.member || plan.joinerLeaves()[0] != leafNode
                || plan.splits().length != 0) {
            planned.destroy();
            throw new IllegalStateException("the replacement of subtree " + r.subtree() + " would move its leaf");
        }
        Rekey rekey = server.apply(planned);
        d.lastSequence = r.sequence();
        return rekey;
    }

    /** Ends a subtree's delegation: its leaf leaves the parent's tree (a departure rekey); its link is destroyed. */
    public Rekey retire(int subtree) throws RekeyEngineException {
        Delegation d = subtrees.get(subtree);
        if (d == null) {
            throw new UnknownMemberException("subtree " + subtree + " is not delegated here");
        }
        Rekey rekey = server.leave(Requester.owner(), d.member);
        subtrees.remove(subtree);
        d.link.destroy();
        return rekey;
    }

    /** The parent member id of a delegated subtree (its leaf's member). */
    public int memberOf(int subtree) throws UnknownMemberException {
        Delegation d = subtrees.get(subtree);
        if (d == null) {
            throw new UnknownMemberException("subtree " + subtree + " is not delegated here");
        }
        return d.member;
    }

    /** The sequence number of the last report accepted from {@code subtree} (its delegation's, before any). */
    public long lastSequence(int subtree) throws UnknownMemberException {
        Delegation d = subtrees.get(subtree);
        if (d == null) {
            throw new UnknownMemberException("subtree " + subtree + " is not delegated here");
        }
        return d.lastSequence;
    }

    /** The delegated subtrees' ids, ascending. */
    public int[] subtrees() {
        return subtrees.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * SHA-256 over the parent server's {@link GroupKeyServer#fingerprint()} and, per subtree in id
     * order, its id, member id and last accepted sequence: a comparison value for "nothing changed".
     * Link keys are not part of it (they never change).
     */
    public byte[] fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(server.fingerprint());
            for (var e : subtrees.entrySet()) {
                md.update(java.nio.ByteBuffer.allocate(16).putInt(e.getKey()).putInt(e.getValue().member)
                        .putLong(e.getValue().lastSequence).array());
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** Unwraps a report's keys under {@code link}; any failure is a refusal. */
    private ClientKeys open(SubtreeLink link, SubtreeReport r) throws RejectedReportException {
        return link.open(server.provider(), r, server.policy().hybrid());
    }

    @Override
    public String toString() {
        return "DelegatingParent[" + server + ", subtrees=" + subtrees.size() + "]";
    }
}
