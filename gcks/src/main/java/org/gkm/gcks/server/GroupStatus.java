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
 */
public record GroupStatus(long group, GroupPolicy policy, int treeMembers, long sequence, long epoch, String fingerprint,
        String tekFingerprint, List<Member> members, java.time.Duration batchWindow, java.time.Duration tekLifetime) {
    /**
     * One registered member.
     *
     * @param unacked pushed rekeys it has not acknowledged yet (it is behind while this is above 0)
     * @param outOfSync it left more than the server's limit of rekeys unacknowledged in a row
     */
    public record Member(String entity, int memberId, long senderId, boolean connected, boolean outOfSync, int unacked) {
    }

    public GroupStatus {
        members = List.copyOf(members);
    }

    static GroupStatus of(HostedGroup h) {
        List<Member> ms = h.members().stream()
                .map(m -> new Member(m.entity.value(), m.memberId, m.senderId, m.session.isOpen(), m.outOfSync(), m.unackedCount()))
                .sorted(Comparator.comparingInt(Member::memberId)).toList();
        return new GroupStatus(h.id.value(), h.backend.policy(), h.treeMembers(), h.backend.sequence(), h.backend.epoch(),
                java.util.HexFormat.of().formatHex(h.backend.fingerprint()), h.backend.tekFingerprint(), ms, h.batchWindow(),
                h.tekLifetime());
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
