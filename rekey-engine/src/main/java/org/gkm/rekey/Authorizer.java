package org.gkm.rekey;

import java.util.Arrays;

/**
 * Authorisation of requests to one group (claim 15, {@link Privilege}): the owner may do anything;
 * a member needs to be in the group and hold the privilege the policy grants for the operation
 * (a member may always request its own departure). Also the membership checks of a request's
 * arguments. Every check throws before anything changes. Reads the tree, never writes it.
 */
final class Authorizer {
    private final KeyTree tree;
    private final GroupPolicy policy;

    Authorizer(KeyTree tree, GroupPolicy policy) {
        this.tree = tree;
        this.policy = policy;
    }

    void requireMember(int m) throws UnknownMemberException {
        if (!tree.contains(m)) {
            throw new UnknownMemberException("member " + m + " is not in the group");
        }
    }

    /** A join/leave/batch: privileges of {@code r}, then each leaver a member and listed once. */
    void batch(Requester r, int joins, int[] leavers) throws RekeyEngineException {
        if (!r.isOwner()) {
            if (!tree.contains(r.memberId())) {
                throw new AuthorizationException("initiator " + r.memberId() + " is not a member");
            }
            if (joins > 0 && !r.holds(Privilege.ADD_MEMBER, policy)) {
                throw new AuthorizationException("member " + r.memberId() + " may not add members");
            }
            for (int m : leavers) {
                if (m != r.memberId() && !r.holds(Privilege.REMOVE_MEMBER, policy)) {
                    throw new AuthorizationException("member " + r.memberId() + " may not remove other members");
                }
            }
        }
        int[] sorted = leavers.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            requireMember(sorted[i]);
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new UnknownMemberException("member " + sorted[i] + " listed twice");
            }
        }
    }

    /** A TEK change: the owner, or a member holding {@link Privilege#CHANGE_TEK}. */
    void tekChange(Requester r) throws RekeyEngineException {
        if (!r.isOwner()) {
            requireMember(r.memberId());
            if (!r.holds(Privilege.CHANGE_TEK, policy)) {
                throw new AuthorizationException("member " + r.memberId() + " may not change the TEK");
            }
        }
    }

    /**
     * A member-initiated operation (claims 13-15): a member (not the owner) holding {@code p}, in a
     * hybrid tree with an X25519 root.
     */
    void memberInitiated(Requester r, Privilege p) throws RekeyEngineException {
        if (r.isOwner()) {
            throw new AuthorizationException("the owner rekeys through join/leave/batch, not as a member");
        }
        if (!tree.contains(r.memberId())) {
            throw new AuthorizationException("initiator " + r.memberId() + " is not a member");
        }
        if (!r.holds(p, policy)) {
            throw new AuthorizationException("member " + r.memberId() + " lacks " + p);
        }
        if (!policy.hybrid() || policy.rootKeyType() != org.gkm.crypto.KeyType.X25519) {
            throw new KeyUnavailableException("member-initiated operations need a hybrid tree with an X25519 root");
        }
    }
}
