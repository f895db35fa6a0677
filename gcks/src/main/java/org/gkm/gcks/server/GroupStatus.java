package org.gkm.gcks.server;

import java.util.Comparator;
import java.util.List;
import org.gkm.rekey.GroupPolicy;

/**
 * A hosted group as the owner sees it ({@code gkm admin status}): its policy, its key server's
 * sequence and epoch, and each registered member's connection and acknowledgement state. The
 * sequence starts at 0 and every committed rekey adds one, so it is also the number of rekeys since
 * the group was created.
 *
 * @param treeMembers members in the key tree (registered or not)
 * @param fingerprint the key server state's fingerprint, hex (a comparison value, e.g. across a
 *     restart; it reveals no key)
 * @param tekFingerprint the current TEK's fingerprint, hex (what a converged member's agent shows; reveals no key)
 * @param members the registered members, by tree member id
 * @param batchWindow the batch window in effect (the group's own or the server's)
 * @param tekLifetime the TEK lifetime in effect (zero: no scheduled TEK change)
 * @param role {@link #SINGLE} (not replicated), {@link #LEADER} (this replica leads and hosts the group), or
 *     {@code follower; } and the leader's frame address ({@code leader host:port}) or {@code no leader}
 * @param subtrees a delegating parent's view of its delegated subtrees (claim 18), by subtree id;
 *     empty otherwise (and on a follower)
 * @param parent a delegated subtree's reporting to its parent, or null if the group is not one
 */
public record GroupStatus(long group, GroupPolicy policy, int treeMembers, long sequence, long epoch, String fingerprint,
        String tekFingerprint, List<Member> members, java.time.Duration batchWindow, java.time.Duration tekLifetime, String role,
        List<Subtree> subtrees, Parent parent) {
    /** The role of a group that is not replicated. */
    public static final String SINGLE = "single";
    /** The role of a replicated group whose replica here leads it. */
    public static final String LEADER = "leader";

    /**
     * One registered member.
     *
     * @param unacked pushed rekeys it has not acknowledged yet (it is behind while this is above 0)
     * @param outOfSync it left more than the server's limit of rekeys unacknowledged in a row
     */
    public record Member(String entity, int memberId, long senderId, boolean connected, boolean outOfSync, int unacked) {
    }

    /**
     * A delegated subtree as its parent sees it.
     *
     * @param memberId its leaf's member id in the parent's tree
     * @param lastReport the sequence (in the subtree's group) of the newest report taken from it
     * @param retired the owner retired it (its leaf left the tree; its reports are refused)
     */
    public record Subtree(int subtree, int memberId, long lastReport, boolean retired) {
    }

    /**
     * A delegated subtree's reporting, as the subtree's GCKS sees it.
     *
     * @param confirmedReport the subtree sequence of the newest report the parent's receipt confirmed (-1: none yet)
     * @param parentSequence the parent's sequence in that receipt (-1: none yet)
     * @param parentMember the subtree's member id at the parent (-1: none yet)
     * @param relayedThrough the parent's messages through this sequence were relayed to members (-1: none yet)
     */
    public record Parent(long group, int subtree, long confirmedReport, long parentSequence, int parentMember, long relayedThrough) {
        static Parent of(SubtreeReporter r) {
            SubtreeReporter.Confirmed c = r.confirmed();
            return c == null ? new Parent(r.parent().group(), r.parent().subtree(), -1, -1, -1, r.relayed())
                    : new Parent(r.parent().group(), r.parent().subtree(), c.reportSequence(), c.receipt().parentSequence(),
                            c.receipt().parentMember(), r.relayed());
        }
    }

    public GroupStatus {
        members = List.copyOf(members);
        subtrees = List.copyOf(subtrees);
    }

    static GroupStatus of(HostedGroup h, String role, Parent parent) {
        List<Member> ms = h.members().stream()
                .map(m -> new Member(m.entity.value(), m.memberId, m.senderId, m.session.isOpen(), m.outOfSync(), m.unackedCount()))
                .sorted(Comparator.comparingInt(Member::memberId)).toList();
        return new GroupStatus(h.id.value(), h.backend.policy(), h.treeMembers(), h.backend.sequence(), h.backend.epoch(),
                java.util.HexFormat.of().formatHex(h.backend.fingerprint()), h.backend.tekFingerprint(), ms, h.batchWindow(),
                h.tekLifetime(), role, h.subtrees().entrySet().stream()
                        .map(e -> new Subtree(e.getKey(), e.getValue().memberId(), e.getValue().lastReport(),
                                e.getValue().retired())).toList(), parent);
    }

    /** A replicated group on a replica that does not lead it: its committed state; members connect to the leader. */
    static GroupStatus ofFollower(org.gkm.gkmp.GkmpGroupId g, GroupBackend b, java.time.Duration batchWindow,
            java.time.Duration tekLifetime, String leader, Parent parent) {
        return new GroupStatus(g.value(), b.policy(), b.memberIds().length, b.sequence(), b.epoch(),
                java.util.HexFormat.of().formatHex(b.fingerprint()), b.tekFingerprint(), List.of(), batchWindow, tekLifetime,
                "follower; " + leader, List.of(), parent);
    }

    /** Registered members whose connection is open. */
    public long connected() {
        return members.stream().filter(Member::connected).count();
    }

    /** Registered members with pushed rekeys not yet acknowledged. */
    public long behind() {
        return members.stream().filter(m -> m.unacked() > 0).count();
    }

    /** Registered members marked out of sync. */
    public long outOfSync() {
        return members.stream().filter(Member::outOfSync).count();
    }
}
