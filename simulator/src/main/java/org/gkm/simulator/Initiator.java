package org.gkm.simulator;

/** Who initiates the simulated joins and leaves. */
public enum Initiator {
    /** The group owner (GCKS): symmetric wraps only. */
    OWNER,
    /**
     * A random privileged member: HPKE to copath public keys where it lacks the key (hybrid tree).
     * Batches (B > 1) are requested by a privileged member and computed by the GCKS.
     */
    MEMBER,
    /**
     * Each event's initiator drawn at random between the two. With B > 1 the owner's events are
     * batched and the member-initiated ones run singly between the batches.
     */
    MIXED
}
