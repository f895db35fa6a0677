package org.gkm.rekey;

/**
 * An operation a group member may be allowed to request (claim 15). The group owner holds every
 * privilege implicitly; a member holds those its {@link GroupPolicy} grants every member plus those
 * its request carries (certified outside the engine, e.g. by a GKMP permission certificate).
 */
public enum Privilege {
    /** Add a new member to the group (member-initiated join). */
    ADD_MEMBER,
    /** Remove another member from the group (member-initiated leave of someone else). */
    REMOVE_MEMBER,
    /** Change the TEK outside a membership change. */
    CHANGE_TEK
}
