package org.gkm.rekey;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who initiates a request and which privileges it presents (claim 15). The owner holds every
 * privilege; a member's presented grants are assumed already verified by the registration layer
 * (GKMP permission certificates), the engine checks them against the operation.
 *
 * @param memberId the initiating member, or {@link #OWNER_ID} for the group owner
 * @param grants privileges the member presents in addition to the policy's member privileges
 */
public record Requester(int memberId, Set<Privilege> grants) {
    /** Member id used for the group owner (GCKS). */
    public static final int OWNER_ID = -1;

    public Requester {
        Objects.requireNonNull(grants, "grants");
        if (memberId < OWNER_ID) {
            throw new IllegalArgumentException("member id must be >= 0 (or OWNER_ID): " + memberId);
        }
        grants = grants.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grants));
    }

    /** The group owner. */
    public static Requester owner() {
        return new Requester(OWNER_ID, Set.of());
    }

    /** Member {@code id} presenting {@code grants}. */
    public static Requester member(int id, Privilege... grants) {
        Set<Privilege> s = EnumSet.noneOf(Privilege.class);
        s.addAll(java.util.Arrays.asList(grants));
        return new Requester(id, s);
    }

    public boolean isOwner() {
        return memberId == OWNER_ID;
    }

    /** Whether this requester may perform {@code p} under {@code policy}. */
    public boolean holds(Privilege p, GroupPolicy policy) {
        return isOwner() || grants.contains(p) || policy.memberPrivileges().contains(p);
    }
}
