package org.gkm.gcks.server.admin;

import java.util.List;

/**
 * The JSON bodies of the admin endpoint ({@link AdminEndpoint}), shared by the server and
 * {@code gkm admin}. Unknown fields in requests are refused.
 */
public final class AdminApi {
    private AdminApi() {
    }

    /**
     * Create a group. Null fields take the defaults (degree 4, symmetric tree, Ed25519, 1,000
     * members, 1,000 retained messages). {@code batchWindowMillis} and {@code tekLifetimeSeconds} give
     * the group its own batch window and TEK lifetime (null: the server's, {@code batchWindowMillis}
     * and {@code tekLifetimeSeconds} of the serve configuration); a durable group keeps them.
     */
    public record CreateGroup(Long id, Integer degree, String tree, String signatureAlgorithm, Integer maxMembers,
            Integer retainedMessages, Long batchWindowMillis, Long tekLifetimeSeconds) {
    }

    /**
     * Issue a credential for {@code member} (a GKMP entity id) whose permission certificate also
     * names {@code rights} (member rights such as {@code remove-member}; null or empty: none).
     */
    public record Issue(String member, java.util.List<String> rights) {
        /** A credential with the group's member permissions only. */
        public Issue(String member) {
            this(member, null);
        }

        /** The rights asked for, never null. */
        public java.util.List<String> rightsOrNone() {
            return rights == null ? java.util.List.of() : rights;
        }
    }

    /** A hosted group in the group list. */
    public record Group(long id, int degree, String tree, String signatureAlgorithm, int treeMembers, int registered,
            long sequence, long epoch) {
    }

    /** One registered member in a status. */
    public record Member(String entity, int memberId, long senderId, boolean connected, boolean outOfSync, int unackedRekeys) {
    }

    /**
     * A group's status.
     *
     * @param rekeys rekeys committed since the group was created (its sequence starts at 0)
     * @param behind registered members with pushed rekeys not acknowledged yet
     * @param fingerprint the key server state's fingerprint, hex (equal across a restart; reveals no key)
     * @param tekFingerprint the current TEK's fingerprint, hex (members' agents show the same once converged)
     * @param batchWindowMillis the group's batch window in effect
     * @param tekLifetimeSeconds the group's TEK lifetime in effect (0: no scheduled TEK change)
     * @param subtrees a delegating parent's delegated subtrees (claim 18); empty otherwise
     * @param parent a delegated subtree's reporting to its parent; null otherwise
     */
    public record Status(long group, int degree, String tree, String signatureAlgorithm, int treeMembers, int registered,
            long connected, long sequence, long epoch, long rekeys, long behind, long outOfSync, String fingerprint,
            String tekFingerprint, List<Member> members, long batchWindowMillis, long tekLifetimeSeconds, String role,
            List<Subtree> subtrees, Parent parent) {
    }

    /** A delegated subtree as its parent sees it: its leaf's member id, the newest report sequence taken, whether retired. */
    public record Subtree(int subtree, int memberId, long lastReport, boolean retired) {
    }

    /** The answer to a subtree's retirement: the departure rekey's sequence. */
    public record Retired(long group, int subtree, long sequence) {
    }

    /**
     * A delegated subtree's reporting: the parent group, this subtree's id there, the newest report the
     * parent confirmed, the parent's sequence in that receipt, the subtree's member id at the parent, and
     * the parent messages relayed to members (-1: none yet, for each).
     */
    public record Parent(long group, int subtree, long confirmedReport, long parentSequence, int parentMember, long relayedThrough) {
    }

    /** The answer to a removal: the leave rekey's sequence. */
    public record Removed(long group, String member, long sequence) {
    }

    /** An error answer. */
    public record Error(int status, String error) {
    }
}
