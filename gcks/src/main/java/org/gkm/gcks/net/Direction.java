package org.gkm.gcks.net;

/** Who may send a frame type: the member, the GCKS, or either. */
public enum Direction {
    /** Member to GCKS only. */
    TO_GCKS,
    /** GCKS to member only. */
    TO_MEMBER,
    /** Either side. */
    BOTH;

    /** Whether a GCKS may receive this type from a member. */
    boolean gcksMayReceive() {
        return this != TO_MEMBER;
    }

    /** Whether a member may receive this type from the GCKS. */
    boolean memberMayReceive() {
        return this != TO_GCKS;
    }
}
